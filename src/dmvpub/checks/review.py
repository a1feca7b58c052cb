"""What `dmvpub check` says about reviews (issue #22), the `review` family of checks: the catalog's
review headers (a summary `dmvpub review` writes: a missing or malformed one is a warning, and the
catalog prints as a draft until its messages are signed; issue #24), sign-offs the text outgrew,
comments that look like sign-offs but cannot be read, and a summary (X-Review-* headers, the front
matter's `review:`) that says reviewed where messages carry no valid sign-off. The sign-offs
themselves: dmvpub.review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import polib

from ..core.model import Document
from ..core.settings import Settings
from ..po import REVIEW_HEADERS, TemplateMessage, entry_lines
from ..review import (CHANGED, REVIEWED, comment_signoffs, entry_digest, entry_state, old_format, reviews_shown,
                      source_review_state)
from .finding import WARNING
from .registry import CATALOG, HEADER, Catalog, Check, Hit, Registry, Step

FAMILY = "review"
CHECKS = (Check("review", WARNING, "the review headers are missing or malformed, or a sign-off is void since "
                                   "the text changed or cannot be read", FAMILY, ignorable=False),)


def register(registry: Registry) -> None:
    """Declares `review`; adds the review headers' step (between the header's Language and
    X-Language-* steps) and the sign-offs' step, once every message is checked."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, HEADER, 200, review_headers))
    registry.add_step(Step(FAMILY, CATALOG, 100, signoffs))


def review_headers(catalog: Catalog) -> list[Hit]:
    """A missing review header (tools drop headers they do not know; msginit writes none) or a
    malformed one, at its line (else the status header's, else Language's)."""
    status_header, by_header, on_header = REVIEW_HEADERS
    status = catalog.metadata.get(status_header)
    lines = catalog.header_lines
    line = lines.get(status_header) or lines.get("Language")

    def hit(message: str, key: str = status_header) -> Hit:
        return Hit("review", message, line=lines.get(key) or line)
    if status is None:
        return [hit(f"no {status_header} header (some tools drop headers they do not know): printed as a "
                    f"draft; `dmvpub review {catalog.code} --by NAME` signs the messages and writes it again")]
    if status.strip() not in ("draft", "reviewed"):
        return [hit(f"{status_header} is {status.strip()!r}; it must be draft or reviewed (a summary "
                    f"`dmvpub review` writes)")]
    found = []
    if status.strip() == "reviewed":
        if not catalog.metadata.get(by_header, "").strip():
            found.append(hit(f"reviewed, but {by_header} does not say by whom", by_header))
        try:
            date.fromisoformat(catalog.metadata.get(on_header, "").strip())
        except ValueError:
            found.append(hit(f"reviewed, but {on_header} is not a date written YYYY-MM-DD", on_header))
    return found


def signoffs(catalog: Catalog) -> list[Hit]:
    """Sign-offs the text outgrew, unreadable ones, and a header that says reviewed too soon."""
    return [Hit("review", says, line=line)
            for line, says in catalog_review_problems(catalog.catalog, catalog.text, catalog.code)]


def catalog_review_problems(catalog: polib.POFile, text: Sequence[str], code: str = "LOCALE"
                            ) -> list[tuple[int | None, str]]:
    """(line, message) for `dmvpub check`'s review warnings on one catalog: sign-offs void since the
    text changed (at the msgstr line), comments that look like sign-offs but cannot be read (at the
    entry's first line), and a header that says reviewed where messages carry no valid sign-off.

    `text` is the catalog's lines, where the catalog was not read through the PO store (whose
    CatalogFile knows its own lines)."""
    problems = []
    lines = entry_lines(catalog, text)
    unsigned = 0
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        _, malformed = comment_signoffs(entry.tcomment.split("\n") if entry.tcomment else [])
        if malformed:
            problems.append((entry.linenum, "a '# reviewed:' comment that is not a sign-off dmvpub can read "
                                            "(reviewed: NAME YYYY-MM-DD sha256:…); it counts for nothing"))
        state, signoff = entry_state(entry, code)
        if state == CHANGED:
            problems.append((lines.entry(entry).msgstr, f"{void_reason(entry, signoff, code)}; not reviewed "
                                                        f"until signed again (dmvpub review {code})"))
        if state != REVIEWED:
            unsigned += 1
    status = catalog.metadata.get(REVIEW_HEADERS[0], "").strip()
    if status == "reviewed" and unsigned:
        problems.append((lines.header_line(REVIEW_HEADERS[0]),
                         f"{REVIEW_HEADERS[0]} says reviewed, but {unsigned} message(s) carry no valid "
                         "sign-off; the header is only a summary: the catalog prints as a draft until "
                         "`dmvpub review` signs every message"))
    return problems


def void_reason(entry: polib.POEntry, signoff, code: str) -> str:
    """Why a sign-off on `entry` (of locale `code`) is void, naming no one as its signer: a sign-off
    that matches no text here may have been copied from another message or language, or altered."""
    named = f"{signoff.by} {signoff.on.isoformat()}"
    if entry.fuzzy and signoff.digest == entry_digest(entry, code):
        return f"marked fuzzy (a sign-off {named} covers this text)"
    if old_format(entry, signoff):
        return (f"changed since review: the sign-off naming {named} is of the old kind that did not cover "
                "the language; it needs signing again")
    return (f"changed since review: a sign-off naming {named} matches no {code} text here (the text was "
            "edited since, or the sign-off copied or altered)")


def source_review_findings(settings: Settings, document: Document, templates: list[TemplateMessage]
                           ) -> list[tuple[str, int | None, str]]:
    """(path, line, message) for `dmvpub check` on the English: messages changed since review, and a
    front matter that says reviewed where messages carry no valid sign-off."""
    state = source_review_state(document, templates)
    found = []
    for message in state.changed:
        found.append((message.where.path, message.where.line,
                      f"changed since review: a sign-off naming {message.signoff.by} "
                      f"{message.signoff.on.isoformat()} matches no English text here (edited since, or "
                      "the sign-off copied or altered); not reviewed until signed again (dmvpub review en)"))
    if not document.review.is_draft and not state.complete:
        missing = len(state.messages) - sum(message.state == REVIEWED for message in state.messages)
        found.append((document.path, _front_matter_line(settings), f"the front matter says reviewed, but {missing} "
                      f"English message(s) carry no valid sign-off in {reviews_shown(settings)}; it is only a "
                      "summary: the English prints as a draft until `dmvpub review en` signs every message"))
    return found


def _front_matter_line(settings: Settings) -> int | None:
    """The line of `review:` in the source's front matter, or None."""
    try:
        lines = settings.source.read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, start=1) if line.startswith("review:")), None)
