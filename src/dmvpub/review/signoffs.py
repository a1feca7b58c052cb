"""Review sign-offs: a reviewer signs exactly the text they read, message by message (issue #22).

A sign-off records who, on which day, and the sha256 of what was reviewed: the message's msgctxt,
its English msgid and its translation (`message_digest`). It is kept with the text it covers:

- in a translation's catalog, as a translator comment on the entry, which GNU msgmerge and msgcat,
  polib, translate-toolkit, Babel, Poedit, Weblate and Lokalize keep::

      # reviewed: Ana Pérez 2026-12-01 sha256:5f1c…  (64 hex digits)

  (Babel's writer wraps long comments at spaces; a sign-off split over lines still reads.)
- for the English, in `reviews.yaml` beside the source (source/reviews.yaml), one item per message.

Any edit voids it: a changed translation, English message or context no longer matches the digest,
and a sign-off on a fuzzy entry is void too. Such a message is "changed since review" in `status`,
`check`, the download page and the printed draft line, and keeps its locale out of a release.

The X-Review-* headers and the front matter's `review:` are a summary that `dmvpub review` writes,
never the source of truth. A sign-off binds a review to a text; it is not proof of who wrote it
(anyone who can edit the file can write one): version control says who did.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import polib
import yaml

from ..po import REVIEW_HEADERS, TemplateMessage, catalog_path, read_catalog
from ..core.errors import DmvpubError
from ..core.files import write_atomically
from ..core.model import Document, Review, SignOff, SourceSignOff, document_messages
from ..core.settings import Settings

REVIEWED, CHANGED, UNREVIEWED = "reviewed", "changed since review", "not reviewed"
# The comment's text; `by` is anything on one line (names have spaces), the date and digest are exact.
SIGNOFF = re.compile(r"reviewed: (?P<by>\S.*?) (?P<on>\d{4}-\d{2}-\d{2}) sha256:(?P<digest>[0-9a-f]{64})")
REVIEWS_FILE = "reviews.yaml"
MAX_NAME_CHARS = 100
MAX_REVIEWS_BYTES = 2 * 2**20
_DIGEST_VERSION = "dmvpub-review-1"
_REVIEWS_HEADER = """\
# Sign-offs of the English text, written by `dmvpub review en --by NAME [--question ID]`.
# Each item covers one message of the source exactly as it was reviewed: `reviewed` holds who,
# when, and the sha256 of the message's context and text. Editing the message voids its sign-off
# (it is then "changed since review"); `dmvpub review en` signs it again. `text` is only a reminder.
"""


# --- digests and the comment format -------------------------------------------------------------------

def message_digest(context: str | None, msgid: str, translation: str | None) -> str:
    """sha256 (hex) of what a reviewer read: context, English and translation (None for the English).

    The three are encoded together as JSON, so no choice of text can make two messages collide."""
    data = json.dumps([_DIGEST_VERSION, context, msgid, translation], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def entry_digest(entry: polib.POEntry) -> str:
    """The digest of a catalog entry's msgctxt, msgid and msgstr (plural forms joined, in order)."""
    msgid, translation = entry.msgid, entry.msgstr
    if entry.msgid_plural:
        msgid = f"{entry.msgid}\0{entry.msgid_plural}"
        translation = "\0".join(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return message_digest(entry.msgctxt, msgid, translation)


def format_signoff(signoff: SignOff) -> str:
    """The text of a sign-off comment: `reviewed: NAME YYYY-MM-DD sha256:HEX`."""
    return f"reviewed: {signoff.by} {signoff.on.isoformat()} sha256:{signoff.digest}"


def parse_signoff(text: str) -> SignOff | None:
    match = SIGNOFF.fullmatch(text.strip())
    if not match:
        return None
    try:
        on = date.fromisoformat(match["on"])
    except ValueError:
        return None
    return SignOff(match["by"].strip(), on, match["digest"])


def comment_signoffs(lines: list[str]) -> tuple[list[tuple[int, int, SignOff]], list[int]]:
    """The sign-offs in translator comment lines (text after `# `): (first, last index, sign-off),
    and the indexes of lines that start like a sign-off but cannot be read.

    A sign-off may be wrapped over up to four lines (Babel's writer wraps comments at spaces)."""
    found, malformed = [], []
    index = 0
    while index < len(lines):
        if lines[index].strip().startswith("reviewed:"):
            text = ""
            for last in range(index, min(index + 4, len(lines))):
                text = f"{text} {lines[last].strip()}".strip()
                signoff = parse_signoff(text)
                if signoff:
                    found.append((index, last, signoff))
                    index = last
                    break
            else:
                malformed.append(index)
        index += 1
    return found, malformed


def entry_signoffs(entry: polib.POEntry) -> list[SignOff]:
    return [signoff for _, _, signoff in comment_signoffs(entry.tcomment.split("\n") if entry.tcomment else [])[0]]


def entry_state(entry: polib.POEntry) -> tuple[str, SignOff | None]:
    """REVIEWED with the sign-off that matches, CHANGED with the last one that no longer does
    (or that sits on a fuzzy entry), or UNREVIEWED."""
    signoffs = entry_signoffs(entry)
    if not signoffs:
        return UNREVIEWED, None
    digest = entry_digest(entry)
    valid = [signoff for signoff in signoffs if signoff.digest == digest]
    if valid and entry.translated():
        return REVIEWED, valid[-1]
    return CHANGED, signoffs[-1]


# --- review state of a locale ----------------------------------------------------------------------------

@dataclass(frozen=True)
class MessageReview:
    """One message of a locale and whether its current text carries a valid sign-off."""

    context: str | None
    msgid: str
    state: str  # REVIEWED, CHANGED or UNREVIEWED
    where: str  # file:line of the text (the msgstr line for a catalog)
    signoff: SignOff | None = None  # the valid one, or for CHANGED the one that no longer matches


@dataclass(frozen=True)
class ReviewState:
    """Every message a locale prints, in order, with its review state."""

    messages: tuple[MessageReview, ...]
    question_ids: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return bool(self.messages) and all(message.state == REVIEWED for message in self.messages)

    @property
    def changed(self) -> list[MessageReview]:
        return [message for message in self.messages if message.state == CHANGED]

    @property
    def unreviewed(self) -> list[MessageReview]:
        return [message for message in self.messages if message.state == UNREVIEWED]

    @property
    def any_signed(self) -> bool:
        return any(message.state != UNREVIEWED for message in self.messages)

    def reviewed_questions(self) -> list[str]:
        """The ids of the questions every one of whose messages carries a valid sign-off."""
        done = {question: True for question in self.question_ids}
        for message in self.messages:
            if message.context in done and message.state != REVIEWED:
                done[message.context] = False
        return [question for question, ok in done.items() if ok]

    def summary(self) -> Review:
        """`reviewed` by everyone who signed, on the latest day, when every message is signed; else draft."""
        if not self.complete:
            return Review("draft")
        names = list(dict.fromkeys(message.signoff.by for message in self.messages))
        return Review("reviewed", ", ".join(names), max(message.signoff.on for message in self.messages))


@dataclass(frozen=True)
class _English:
    context: str | None
    msgid: str
    slot: str  # its place, independent of question numbers: "Document title", "answer, paragraph 2"
    where: str


def _english_messages(document: Document, templates: list[TemplateMessage]) -> list[_English]:
    """Every English message a locale prints, each (context, msgid) once, in reading order."""
    found: dict[tuple[str | None, str], _English] = {}
    for message in document_messages(document):
        slot = re.sub(r"^Question \d+, ", "", message.comment)
        found.setdefault((message.context, message.msgid),
                         _English(message.context, message.msgid, slot, f"{message.path}:{message.line}"))
    for message in templates:
        found.setdefault((None, message.msgid),
                         _English(None, message.msgid, f"template {message.path}", f"{message.path}:{message.line}"))
    return list(found.values())


def source_review_state(document: Document, templates: list[TemplateMessage]) -> ReviewState:
    """The English: a message is reviewed when a sign-off in reviews.yaml matches its digest, and
    changed since review when a sign-off written for its place matches no current message."""
    english = _english_messages(document, templates)
    by_digest = {item.signoff.digest: item.signoff for item in document.source_signoffs}
    current = {message_digest(message.context, message.msgid, None) for message in english}
    stale = {(item.context, item.message): item.signoff for item in document.source_signoffs
             if item.signoff.digest not in current}
    messages = []
    for message in english:
        signoff = by_digest.get(message_digest(message.context, message.msgid, None))
        if signoff:
            messages.append(MessageReview(message.context, message.msgid, REVIEWED, message.where, signoff))
        elif (message.context, message.slot) in stale:
            messages.append(MessageReview(message.context, message.msgid, CHANGED, message.where,
                                          stale[message.context, message.slot]))
        else:
            messages.append(MessageReview(message.context, message.msgid, UNREVIEWED, message.where))
    return ReviewState(tuple(messages), tuple(question.id for question in document.questions))


def translation_review_state(document: Document, templates: list[TemplateMessage], catalog: polib.POFile,
                             shown_path: str) -> ReviewState:
    """A translation, against the current English: a message missing from the catalog (not yet
    merged with `dmvpub update`) or untranslated is not reviewed."""
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    lines = msgstr_lines(catalog)
    messages = []
    for message in _english_messages(document, templates):
        entry = entries.get((message.context, message.msgid))
        if entry is None:
            messages.append(MessageReview(message.context, message.msgid, UNREVIEWED, shown_path))
            continue
        state, signoff = entry_state(entry)
        messages.append(MessageReview(message.context, message.msgid, state,
                                      f"{shown_path}:{lines(entry)}", signoff))
    return ReviewState(tuple(messages), tuple(question.id for question in document.questions))


def msgstr_lines(catalog: polib.POFile):
    """A function giving an entry's msgstr line (where `check` points), or its first line."""
    numbers = []
    if catalog.fpath and os.path.isfile(catalog.fpath):
        with open(catalog.fpath, encoding="utf-8", errors="replace") as file:
            numbers = [number for number, line in enumerate(file, start=1) if line.startswith("msgstr")]

    def line(entry: polib.POEntry) -> int:
        return _first_at_or_after(numbers, entry.linenum)
    return line


def _first_at_or_after(numbers: list[int], start: int) -> int:
    """The first of the sorted `numbers` at or after `start` (else `start`), by bisection: catalogs
    may hold tens of thousands of entries."""
    index = bisect.bisect_left(numbers, start)
    return numbers[index] if index < len(numbers) else start


def questions_in(state: ReviewState, numbers: dict[str, int]) -> list[int]:
    return [numbers[question] for question in state.reviewed_questions() if question in numbers]


# --- what `check` says ------------------------------------------------------------------------------------

def catalog_review_problems(catalog: polib.POFile, text: list[str], code: str = "LOCALE"
                            ) -> list[tuple[int | None, str]]:
    """(line, message) for `dmvpub check`'s review warnings on one catalog: sign-offs void since the
    text changed, comments that look like sign-offs but cannot be read, and a header that says
    reviewed where messages carry no valid sign-off."""
    problems = []
    numbers = [number for number, line in enumerate(text, start=1) if line.startswith("msgstr")]
    unsigned = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        line = _first_at_or_after(numbers, entry.linenum)
        _, malformed = comment_signoffs(entry.tcomment.split("\n") if entry.tcomment else [])
        if malformed:
            problems.append((entry.linenum, "a '# reviewed:' comment that is not a sign-off dmvpub can read "
                                            "(reviewed: NAME YYYY-MM-DD sha256:…); it counts for nothing"))
        state, signoff = entry_state(entry)
        if state == CHANGED:
            why = "marked fuzzy" if entry.fuzzy and signoff.digest == entry_digest(entry) else \
                  "changed since review"
            where = f" --question {entry.msgctxt}" if entry.msgctxt else ""
            problems.append((line, f"{why} (signed off by {signoff.by} on {signoff.on.isoformat()}); "
                                   f"not reviewed until signed again (dmvpub review {code} --by NAME{where})"))
        if state != REVIEWED:
            unsigned += 1
    status = catalog.metadata.get(REVIEW_HEADERS[0], "").strip()
    if status == "reviewed" and unsigned:
        line = next((number for number, row in enumerate(text, start=1)
                     if row.startswith(f'"{REVIEW_HEADERS[0]}:')), None)
        problems.append((line, f"{REVIEW_HEADERS[0]} says reviewed, but {unsigned} message(s) carry no valid "
                               "sign-off; the header is only a summary: the catalog prints as a draft until "
                               "`dmvpub review` signs every message"))
    return problems


def source_review_findings(settings: Settings, document: Document, templates: list[TemplateMessage]
                           ) -> list[tuple[str, int | None, str]]:
    """(path, line, message) for `dmvpub check` on the English: messages changed since review, and a
    front matter that says reviewed where messages carry no valid sign-off."""
    state = source_review_state(document, templates)
    found = []
    for message in state.changed:
        path, _, line = message.where.rpartition(":")
        found.append((path, int(line), f"changed since review (signed off by {message.signoff.by} on "
                                       f"{message.signoff.on.isoformat()}); not reviewed until signed again "
                                       f"(dmvpub review en --by NAME"
                                       f"{f' --question {message.context}' if message.context else ''})"))
    if not document.review.is_draft and not state.complete:
        missing = len(state.messages) - sum(message.state == REVIEWED for message in state.messages)
        found.append((document.path, _front_matter_line(settings), f"the front matter says reviewed, but {missing} "
                      f"English message(s) carry no valid sign-off in {reviews_shown(settings)}; it is only a "
                      "summary: the English prints as a draft until `dmvpub review en` signs every message"))
    return found


def _front_matter_line(settings: Settings) -> int | None:
    try:
        lines = settings.source.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, start=1) if line.startswith("review:")), None)


# --- the English sign-offs file ---------------------------------------------------------------------------

def reviews_path(settings: Settings) -> Path:
    """source/reviews.yaml: beside the source, where editors find it."""
    return settings.inside(settings.source.parent / REVIEWS_FILE, "the English sign-offs file")


def reviews_shown(settings: Settings) -> str:
    return settings.relative(settings.source.parent / REVIEWS_FILE)


def read_source_signoffs(settings: Settings) -> tuple[SourceSignOff, ...]:
    """The English sign-offs, or none when there is no file; a damaged file is an error at its line."""
    path = reviews_path(settings)
    if not path.is_file():
        return ()
    if path.stat().st_size > MAX_REVIEWS_BYTES:
        raise DmvpubError(f"larger than {MAX_REVIEWS_BYTES // 2**20} MiB; a real one is a few KiB", path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise DmvpubError("not UTF-8 text; save it as UTF-8", path) from None
    return parse_source_signoffs(text, path)


def parse_source_signoffs(text: str, path: Path) -> tuple[SourceSignOff, ...]:
    """The items of a reviews.yaml text; errors name `path` and the item's line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DmvpubError(f"not readable YAML ({getattr(error, 'problem', None) or 'syntax error'}); fix it, or "
                          "delete the file (the English then counts as not reviewed)", path,
                          mark.line + 1 if mark else None) from None
    if root is None:
        return ()
    if not isinstance(data, list):
        raise DmvpubError("expected a list of sign-offs (items starting with '- ')", path, root.start_mark.line + 1)
    found = []
    for node, item in zip(root.value, data):
        line = node.start_mark.line + 1

        def fail(message: str) -> DmvpubError:
            return DmvpubError(f"{message}; fix it, or delete the item (that message then counts as not "
                               "reviewed)", path, line)
        if not isinstance(item, dict):
            raise fail("each sign-off is a mapping with context, message and reviewed")
        unknown = {str(key) for key in item} - {"context", "message", "text", "reviewed"}
        if unknown:
            raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; expected context, message, text, reviewed")
        if "reviewed" not in item:
            raise fail("'reviewed' is missing")
        signoff = parse_signoff(f"reviewed: {item['reviewed']}") if isinstance(item["reviewed"], str) else None
        if signoff is None:
            raise fail("'reviewed' must read 'NAME YYYY-MM-DD sha256:<64 hex digits>'")
        if not isinstance(item.get("message"), str):
            raise fail("'message' (which message this is, such as 'answer, paragraph 2') is missing")
        if item.get("context") is not None and not isinstance(item["context"], str):
            raise fail("'context' must be a question id, or null")
        found.append(SourceSignOff(item.get("context"), item["message"], signoff, line))
    return tuple(found)


def _reviews_yaml(items: list[tuple[str | None, str, str, SignOff]]) -> str:
    """The file, one item per sign-off: (context, message, text, sign-off). Strings are written as
    JSON strings, which YAML reads as double-quoted scalars, so no text can break the file."""
    out = [_REVIEWS_HEADER]
    for context, message, text, signoff in items:
        out.append(f"- context: {json.dumps(context, ensure_ascii=False)}\n"
                   f"  message: {json.dumps(message, ensure_ascii=False)}\n"
                   f"  text: {json.dumps(_excerpt(text), ensure_ascii=False)}\n"
                   f"  reviewed: {json.dumps(format_signoff(signoff).removeprefix('reviewed: '), ensure_ascii=False)}\n")
    return "".join(out)


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


# --- signing ----------------------------------------------------------------------------------------------

@dataclass
class SignResult:
    """What `dmvpub review` did: each message signed, each refused with why, and the locale's state after."""

    locale: str
    path: str  # the file written (relative to the project)
    signed: list[MessageReview] = field(default_factory=list)
    refused: list[tuple[MessageReview, str]] = field(default_factory=list)
    questions_reviewed: int = 0
    questions_total: int = 0
    messages_reviewed: int = 0
    messages_total: int = 0
    changed: bool = False  # whether the file was written


def validate_reviewer(name: str) -> str:
    """A reviewer's name as written into files: one line, spaces collapsed, printable, no bidi or other
    control characters (ZWNJ and ZWJ allowed), at most 100 characters; else a DmvpubError."""
    name = " ".join(name.split())
    if not name:
        raise DmvpubError("--by needs the reviewer's name")
    if len(name) > MAX_NAME_CHARS:
        raise DmvpubError(f"--by: a name of at most {MAX_NAME_CHARS} characters")
    # ZWNJ and ZWJ spell Persian and Indic names; other format characters (bidi controls) could make
    # the comment display otherwise than it reads (CVE-2021-42574).
    bad = [char for char in name if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
           and char not in "\u200c\u200d"]
    if bad:
        raise DmvpubError(f"--by: the name holds an invisible or control character (U+{ord(bad[0]):04X})")
    if "sha256:" in name:
        raise DmvpubError("--by: the name must not hold a sha256: digest")
    return name


def sign(settings: Settings, document: Document, templates: list[TemplateMessage], code: str, by: str,
         on: date | None = None, questions: list[str] | None = None) -> SignResult:
    """Sign off, as `by` on `on` (today by default), every message of `code` (or of the questions
    `questions`) exactly as it now reads: in the catalog, or for the source locale in reviews.yaml.

    Only translated, non-fuzzy messages that `dmvpub check` finds nothing wrong with are signed; the
    others are refused with the reason. The X-Review-* headers (or the front matter's `review:`) are
    rewritten as a summary. Nothing is written when nothing changes.

    Errors (DmvpubError): an unknown question id, a date in the future, a name that cannot be written,
    a catalog that cannot be read."""
    by = validate_reviewer(by)
    on = on or date.today()
    if on > date.today():
        raise DmvpubError(f"--date {on.isoformat()} is in the future")
    known = [question.id for question in document.questions]
    unknown = [question for question in questions or [] if question not in known]
    if unknown:
        raise DmvpubError(f"no question with the id {unknown[0]!r} in {document.path}; ids: {', '.join(known)}")
    wanted = set(questions) if questions else None
    if code == settings.source_locale:
        return _sign_source(settings, document, templates, by, on, wanted)
    return _sign_catalog(settings, document, templates, code, by, on, wanted)


def _sign_catalog(settings, document, templates, code, by, on, wanted) -> SignResult:
    from ..checks import check_catalog  # translate-toolkit loads only for the commands that check
    path = catalog_path(settings, code)
    shown = settings.relative(path)
    catalog = read_catalog(path)
    state = translation_review_state(document, templates, catalog, shown)
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    try:
        findings = [finding for finding in check_catalog(catalog, code, shown)
                    if finding.check not in ("review", "untranslated", "fuzzy")]
        blocked = None
    except DmvpubError as error:
        findings, blocked = [], f"`dmvpub check` cannot check this locale: {error.message}"
    starts = sorted(entry.linenum for entry in catalog)
    by_entry: dict[int, list] = {}
    for finding in findings:
        if finding.line:
            index = bisect.bisect_right(starts, finding.line)
            start = starts[index - 1] if index else None
            by_entry.setdefault(start, []).append(finding)
    result = SignResult(code, shown)
    to_sign: dict[int, SignOff] = {}  # entry's first line -> its new sign-off
    for message in state.messages:
        if wanted is not None and message.context not in wanted:
            continue
        entry = entries.get((message.context, message.msgid))
        problems = by_entry.get(entry.linenum, []) if entry is not None else []
        if entry is None:
            why = "not in the catalog yet (the English changed): run `dmvpub update`, translate it, then review it"
        elif entry.fuzzy:
            why = "marked fuzzy: check the translation against the current English and clear the flag first"
        elif not entry.translated():
            why = "not translated"
        elif blocked:
            why = blocked
        elif problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            why = (f"`dmvpub check` finds {first.check}: {first.message}{more}; fix it, or flag a deliberate "
                   f"difference `#, ignore-{first.check}`")
        else:
            why = None
        if why:
            result.refused.append((message, why))
            continue
        signoff = SignOff(by, on, entry_digest(entry))
        to_sign[entry.linenum] = signoff
        result.signed.append(replace(message, state=REVIEWED, signoff=signoff))
    data = path.read_bytes()
    text = data.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    lines = _sign_entries(lines, to_sign)
    signed_text = newline.join(lines)
    after = _parse_po(signed_text)
    after_state = translation_review_state(document, templates, after, shown)
    signed_text = _with_headers(signed_text, newline, _header_summary(after_state))
    result.changed = signed_text != text
    if result.changed:
        readback = {(message.context, message.msgid): message.state for message in
                    translation_review_state(document, templates, _parse_po(signed_text), shown).messages}
        if any(readback.get((message.context, message.msgid)) != REVIEWED for message in result.signed):
            raise DmvpubError("internal error: a sign-off did not read back; nothing was written", path)
        write_atomically(path, signed_text.encode("utf-8"))
        after_state = translation_review_state(document, templates, read_catalog(path), shown)
    _count(result, after_state)
    return result


def _sign_source(settings, document, templates, by, on, wanted) -> SignResult:
    path = reviews_path(settings)
    result = SignResult(settings.source_locale, reviews_shown(settings))
    english = _english_messages(document, templates)
    signing = {}
    for message in english:
        if wanted is not None and message.context not in wanted:
            continue
        signoff = SignOff(by, on, message_digest(message.context, message.msgid, None))
        signing[message.context, message.msgid] = signoff
        result.signed.append(MessageReview(message.context, message.msgid, REVIEWED, message.where, signoff))
    digests = {message_digest(message.context, message.msgid, None): message for message in english}
    items = []
    for message in english:  # in document order: a new sign-off, else the kept ones (valid, or void and reported)
        key = (message.context, message.slot)
        if (message.context, message.msgid) in signing:
            items.append((message.context, message.slot, message.msgid, signing[message.context, message.msgid]))
            continue
        for old in document.source_signoffs:
            covers = digests.get(old.signoff.digest)
            if covers is not None and (covers.context, covers.msgid) == (message.context, message.msgid):
                items.append((message.context, message.slot, message.msgid, old.signoff))
            elif covers is None and (old.context, old.message) == key:
                items.append((old.context, old.message, message.msgid, old.signoff))
    text = _reviews_yaml(list(dict.fromkeys(items)))
    old_text = path.read_text(encoding="utf-8") if path.is_file() else None
    new_document = replace(document, source_signoffs=parse_source_signoffs(text, path))
    after = source_review_state(new_document, templates)
    result.changed = text != old_text
    if result.changed:
        write_atomically(path, text.encode("utf-8"))
    summary = after.summary()
    _write_front_matter_summary(settings, summary)
    _count(result, after)
    return result


def _count(result: SignResult, state: ReviewState) -> None:
    result.questions_reviewed = len(state.reviewed_questions())
    result.questions_total = len(state.question_ids)
    result.messages_reviewed = sum(message.state == REVIEWED for message in state.messages)
    result.messages_total = len(state.messages)


def _sign_entries(lines: list[str], signoffs: dict[int, SignOff]) -> list[str]:
    """The file's lines with each entry's sign-off comments replaced by its new sign-off, in one pass.

    `signoffs` maps an entry's first line (polib's linenum, 1-based: its first comment, or its
    msgctxt/msgid) to the sign-off; other comments and everything else stay as they are."""
    insert: dict[int, str] = {}
    drop: set[int] = set()
    for linenum, signoff in signoffs.items():
        start = linenum - 1
        while start > 0 and lines[start - 1].startswith("#") and not lines[start - 1].startswith("#~"):
            start -= 1
        end = start
        while end < len(lines) and lines[end].startswith("#") and not lines[end].startswith("#~"):
            end += 1
        translator = [index for index in range(start, end) if re.match(r"#(\s|$)", lines[index])]
        found, _ = comment_signoffs([lines[index][1:].strip() for index in translator])
        drop.update(translator[i] for first, last, _ in found for i in range(first, last + 1))
        insert[start] = f"# {format_signoff(signoff)}"
    out = []
    for index, line in enumerate(lines):
        if index in insert:
            out.append(insert[index])
        if index not in drop:
            out.append(line)
    return out


def _header_summary(state: ReviewState) -> dict[str, str]:
    """X-Review-Status, X-Reviewed-By, X-Reviewed-On as `review` writes them: reviewed only when every
    message is signed; By and On name who signed what there is and the latest day."""
    valid = [message.signoff for message in state.messages if message.state == REVIEWED]
    names = list(dict.fromkeys(signoff.by for signoff in valid))
    latest = max((signoff.on for signoff in valid), default=None)
    status, by_header, on_header = REVIEW_HEADERS
    return {status: "reviewed" if state.complete else "draft", by_header: ", ".join(names),
            on_header: latest.isoformat() if latest else ""}


def _with_headers(text: str, newline: str, values: dict[str, str]) -> str:
    """The catalog's text with the header fields `values` set (replaced in place, else added at the end)."""
    lines = text.split(newline)
    header_end = next((index for index, line in enumerate(lines) if not line.strip()), len(lines))
    for key, value in values.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        new = f'"{key}: {escaped}\\n"'
        index = next((i for i in range(header_end) if lines[i].startswith(f'"{key}:')), None)
        if index is None:
            lines.insert(header_end, new)
            header_end += 1
            continue
        last = index
        while last < header_end and not lines[last].endswith('\\n"'):
            last += 1
        lines[index:last + 1] = [new]
        header_end -= last - index
    return newline.join(lines)


def _write_front_matter_summary(settings: Settings, summary: Review) -> None:
    """Set the front matter's `review:` to the summary (status, and for reviewed, by and date),
    changing nothing else in the source."""
    source = settings.source
    raw = source.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)
    if not lines or lines[0].strip() != "---":
        return
    end = next((index for index in range(1, len(lines)) if lines[index].strip() == "---"), None)
    if end is None:
        return
    block = ["review:", f"  status: {summary.status}"]
    if not summary.is_draft:
        block += [f"  by: {json.dumps(summary.by, ensure_ascii=False)}", f"  date: {summary.on.isoformat()}"]
    start = next((index for index in range(1, end) if re.match(r"review\s*:", lines[index])), None)
    if start is None:
        new = [*lines[:end], *block, *lines[end:]]
    else:
        stop = start + 1
        while stop < end and (lines[stop].startswith((" ", "\t")) or not lines[stop].strip()):
            stop += 1
        while stop > start + 1 and not lines[stop - 1].strip():
            stop -= 1
        if lines[start:stop] == block:
            return
        new = [*lines[:start], *block, *lines[stop:]]
    data = (b"\xef\xbb\xbf" if bom else b"") + newline.join(new).encode("utf-8")
    if data != raw:
        write_atomically(source, data)


def _parse_po(text: str) -> polib.POFile:
    return polib.pofile(text, wrapwidth=79)
