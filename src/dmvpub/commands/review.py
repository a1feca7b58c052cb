"""`dmvpub review`: show a locale to its reviewer, and sign off, as a named reviewer, exactly what
was shown (issues #22, #29).

`review_sheet` shows: each question's English and translation side by side, what changed since the
last sign-off, every check warning, and the question's code (review.codes); it writes the review
sheet (render.review_sheet). `review` signs the questions whose codes the reviewer gives: a code
whose text changed since it was shown signs nothing, and says which question changed. Within a
question, a translation is signed in its catalog, message by message, each only when it is
translated, not fuzzy and `dmvpub check` finds nothing wrong with it (the others are refused, with
why); the English is signed in source/reviews.yaml. The summary (the catalog's X-Review-* headers, the
source's front matter `review:`) is written again to match. Sign-offs and their format:
dmvpub.review; the catalog is read and written through the PO store (dmvpub.po).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from ..checks import check_catalog
from ..core.errors import DmvpubError
from ..core.files import write_atomically
from ..core.model import Document, Review, SignOff
from ..core.settings import Settings
from ..po import (CatalogFile, TemplateMessage, catalog_path, parse_catalog, read_catalog, template_messages,
                 write_catalog)
from ..render.review_sheet import ReviewSheet, remember_signed, shown_before, write_review_sheet
from ..review import (REVIEWED, MessageReview, ReviewState, english_messages, entry_digest, message_digest,
                      parse_source_signoffs, reviews_path, reviews_shown, reviews_yaml, source_review_state,
                      translation_review_state, with_signoffs, with_summary)
from ..review.codes import CODE_CHARS, ReviewUnit, review_units
from .project import load_document, requested_locales

MAX_NAME_CHARS = 100


@dataclass
class SignResult:
    """What `dmvpub review` did: each message signed, each refused with why, and the locale's state after."""

    locale: str
    path: str  # the file written (relative to the project)
    signed: list[MessageReview] = field(default_factory=list)
    refused: list[tuple[MessageReview, str]] = field(default_factory=list)
    codes_refused: list[str] = field(default_factory=list)  # one line per code that signed nothing, saying why
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
    if ";" in name:  # the summary joins names with "; " (review.state.NAMES_SEPARATOR)
        raise DmvpubError("--by: the name must not hold a semicolon")
    if "sha256:" in name:
        raise DmvpubError("--by: the name must not hold a sha256: digest")
    return name


def sign(settings: Settings, document: Document, templates: list[TemplateMessage], code: str, by: str,
         codes: list[str], on: date | None = None) -> SignResult:
    """Sign off, as `by` on `on` (today by default), the questions of `code` whose review codes are
    `codes` (review.codes: shown on the sheet and by `--list`), exactly as they now read: in the
    catalog, or for the source locale in reviews.yaml.

    A code that is no current question's signs nothing: `codes_refused` says which question changed
    since it was shown (from what the sheet recorded), or that no question has it. Only translated,
    non-fuzzy messages that `dmvpub check` finds nothing wrong with are signed; the others are
    refused with the reason. The X-Review-* headers (or the front matter's `review:`) are rewritten
    as a summary. Nothing is written when nothing changes.

    Errors (DmvpubError): no code, a date in the future, a name that cannot be written, a catalog
    that cannot be read."""
    by = validate_reviewer(by)
    on = on or date.today()
    if on > date.today():
        raise DmvpubError(f"--date {on.isoformat()} is in the future")
    if not codes:
        raise DmvpubError(f"--code: give the code of each question you read, as `dmvpub review {code}` shows it "
                          "(nothing is signed that was not shown)")
    if code == settings.source_locale:
        return _sign_source(settings, document, templates, by, on, codes)
    return _sign_catalog(settings, document, templates, code, by, on, codes)


def _chosen(settings: Settings, code: str, units: list[ReviewUnit], codes: list[str], result: SignResult
            ) -> set[str | None]:
    """The ids of the units whose codes were given; each other code's reason into `result`."""
    current = {unit.code: unit for unit in units}
    seen = shown_before(settings, code)
    wanted: set[str | None] = set()
    for given in codes:
        key = given.strip().lower()
        unit = current.get(key)
        if unit is not None:
            wanted.add(unit.id)
        elif key in seen:
            result.codes_refused.append(
                f"{given}: {seen[key]} changed since it was shown (its code is now "
                f"{next((u.code for u in units if u.name == seen[key]), 'gone')}); nothing of it was signed: "
                f"run `dmvpub review {code}` and read it again")
        else:
            result.codes_refused.append(f"{given}: no question of {code} has this code (codes are {CODE_CHARS} "
                                        f"hex digits); run `dmvpub review {code} --list`")
    return wanted


def _sign_catalog(settings: Settings, document: Document, templates: list[TemplateMessage], code: str, by: str,
                  on: date, codes: list[str]) -> SignResult:
    path = catalog_path(settings, code)
    shown = settings.relative(path)
    catalog = read_catalog(path)
    result = SignResult(code, shown)
    wanted = _chosen(settings, code, review_units(document, templates, code, catalog), codes, result)
    state = translation_review_state(document, templates, catalog, shown, code)
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    try:
        findings = [finding for finding in check_catalog(catalog, code, shown)
                    if finding.check not in ("review", "untranslated", "fuzzy")]
        blocked = None
    except DmvpubError as error:
        findings, blocked = [], f"`dmvpub check` cannot check this locale: {error.message}"
    by_entry: dict[int | None, list] = {}  # an entry's first line -> the findings in its lines
    for finding in findings:
        if finding.line:
            entry = catalog.entry_at(finding.line)
            by_entry.setdefault(entry.linenum if entry is not None else None, []).append(finding)
    to_sign: dict[int, SignOff] = {}  # entry's first line -> its new sign-off
    for message in state.messages:
        if message.context not in wanted:
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
        signoff = SignOff(by, on, entry_digest(entry, code))
        to_sign[entry.linenum] = signoff
        result.signed.append(replace(message, state=REVIEWED, signoff=signoff))
    signed = _read_back(with_signoffs(catalog, to_sign), path)
    data = with_summary(signed, translation_review_state(document, templates, signed, shown, code))
    after = _read_back(data, path)
    after_state = translation_review_state(document, templates, after, shown, code)
    result.changed = data != "".join(catalog.lines).encode("utf-8")
    if result.changed:
        now = {(message.context, message.msgid): message.state for message in after_state.messages}
        if any(now.get((message.context, message.msgid)) != REVIEWED for message in result.signed):
            raise DmvpubError("internal error: a sign-off did not read back; nothing was written", path)
        write_catalog(path, data)
        remember_signed(settings, code, [(m.context, m.msgid, entries[m.context, m.msgid].msgstr, m.signoff.digest)
                                         for m in result.signed])
    _count(result, after_state)
    return result


def _read_back(data: bytes, path: Path) -> CatalogFile:
    """The catalog `review` is about to write, read as `check` will read it; nothing is written when it
    cannot be (a bug, said as such)."""
    try:
        return parse_catalog(data, path)
    except DmvpubError as error:
        raise DmvpubError(f"internal error: the signed catalog would not read back ({error.message}); "
                          "nothing was written", path, error.line) from None


def _sign_source(settings: Settings, document: Document, templates: list[TemplateMessage], by: str, on: date,
                 codes: list[str]) -> SignResult:
    path = reviews_path(settings)
    locale = settings.source_locale
    result = SignResult(locale, reviews_shown(settings))
    wanted = _chosen(settings, locale, review_units(document, templates, locale, None), codes, result)
    english = english_messages(document, templates)
    signing = {}
    for message in english:
        if message.context not in wanted:
            continue
        signoff = SignOff(by, on, message_digest(message.context, message.msgid, None, locale))
        signing[message.context, message.msgid] = signoff
        result.signed.append(MessageReview(message.context, message.msgid, REVIEWED, message.where, signoff))
    digests = {message_digest(message.context, message.msgid, None, locale): message for message in english}
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
    text = reviews_yaml(list(dict.fromkeys(items)))
    old_text = path.read_text(encoding="utf-8") if path.is_file() else None
    new_document = replace(document, source_signoffs=parse_source_signoffs(text, path))
    after = source_review_state(new_document, templates, locale)
    result.changed = text != old_text
    if result.changed:
        write_atomically(path, text.encode("utf-8"))
        remember_signed(settings, locale, [(m.context, m.msgid, None, m.signoff.digest) for m in result.signed])
    summary = after.summary()
    _write_front_matter_summary(settings, summary)
    _count(result, after)
    return result


def _count(result: SignResult, state: ReviewState) -> None:
    result.questions_reviewed = len(state.reviewed_questions())
    result.questions_total = len(state.question_ids)
    result.messages_reviewed = sum(message.state == REVIEWED for message in state.messages)
    result.messages_total = len(state.messages)


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


def review(settings: Settings, code: str, by: str, codes: list[str], on: date | None = None) -> SignResult:
    """Sign off, as `by` on `on` (today by default), the questions of `code` whose review codes are
    `codes`, as they were shown (`review_sheet`): each translated, non-fuzzy, check-clean message
    (for the source locale, each English message). Sign-offs go into the catalog
    (source/reviews.yaml for the English); see dmvpub.review."""
    canonical = requested_locales(settings, [code])[0]
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    return sign(settings, load_document(settings), templates, canonical, by, codes, on)


def review_sheet(settings: Settings, code: str, write: bool = True) -> ReviewSheet:
    """What a reviewer of `code` is shown, question by question (render.review_sheet.ReviewSheet), and
    with `write` the review sheet written (review/<locale>/sheet.html and sheet.pdf) and its codes
    recorded as shown, so a code whose text changes later says which question changed."""
    canonical = requested_locales(settings, [code])[0]
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    return write_review_sheet(settings, load_document(settings), templates, canonical, write)
