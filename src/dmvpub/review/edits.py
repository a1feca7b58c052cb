"""What `dmvpub review` changes in a catalog's text: each signed entry's sign-off comment, and the
X-Review-* header summary. Made on the lines the PO store read (each keeps its own ending: a file
saved with CR LF, or partly so, keeps its bytes everywhere but where a sign-off goes) and given back
as bytes for the store to read back and write."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..core.model import SignOff
from ..po import REVIEW_HEADERS, CatalogFile, edit_header, insert_line, line_ending
from .signoff import REVIEWED, comment_signoffs, format_signoff
from .state import NAMES_SEPARATOR, ReviewState


def with_signoffs(catalog: CatalogFile, signoffs: Mapping[int, SignOff]) -> bytes:
    """The catalog's bytes with each entry's sign-off comments replaced by its new sign-off.

    `signoffs` maps an entry's first line (polib's linenum, from 1: its first comment, or its
    msgctxt/msgid) to the sign-off, written as the first comment of the entry; its other comments
    and every other line stay as they are."""
    lines = list(catalog.lines)
    insert: dict[int, str] = {}
    drop: set[int] = set()
    for linenum, signoff in signoffs.items():
        start = linenum - 1
        while start > 0 and _comment(lines[start - 1]):
            start -= 1
        end = start
        while end < len(lines) and _comment(lines[end]):
            end += 1
        translator = [index for index in range(start, end) if re.match(r"#(\s|$)", lines[index])]
        found, _ = comment_signoffs([lines[index][1:].strip() for index in translator])
        drop.update(translator[i] for first, last, _ in found for i in range(first, last + 1))
        insert[start] = f"# {format_signoff(signoff)}"
    out: list[str] = []
    for index, line in enumerate(lines):
        if index in insert:
            insert_line(out, len(out), insert[index], line_ending(lines, index, catalog.newline))
        if index not in drop:
            out.append(line)
    return "".join(out).encode("utf-8")


def _comment(line: str) -> bool:
    """A comment line of an entry (not of an obsolete one, `#~`)."""
    return line.startswith("#") and not line.startswith("#~")


def summary_headers(state: ReviewState) -> dict[str, str]:
    """X-Review-Status, X-Reviewed-By, X-Reviewed-On as `review` writes them: reviewed only when every
    message is signed; By and On name who signed what there is (names joined by "; ") and the latest day (YYYY-MM-DD)."""
    valid = [message.signoff for message in state.messages if message.state == REVIEWED]
    names = list(dict.fromkeys(signoff.by for signoff in valid))
    latest = max((signoff.on for signoff in valid), default=None)
    status, by_header, on_header = REVIEW_HEADERS
    return {status: "reviewed" if state.complete else "draft", by_header: NAMES_SEPARATOR.join(names),
            on_header: latest.isoformat() if latest else ""}


def with_summary(catalog: CatalogFile, state: ReviewState) -> bytes:
    """The catalog's bytes with its X-Review-* header fields saying `state` (`summary_headers`)."""
    return "".join(edit_header(catalog, summary_headers(state))).encode("utf-8")
