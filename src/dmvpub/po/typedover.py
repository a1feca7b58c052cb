"""What `update` says about a translation typed over the English (issue 32).

A translator in a text editor sometimes types the translation over the `msgid` line and leaves the
`msgstr` empty. GNU msgmerge finds no such English in the template and drops the entry; dmvpub keeps
it as an obsolete entry at the end of the file (merge.keep_dropped), so nothing typed is lost, but
the translator must be told where it went: `typed_over` compares the catalog before and after the
merge and names each such entry, at its line in the merged file, with the line of the empty
message it belongs in.

An untranslated entry whose English was since rewritten is dropped and kept the same way; it is
told apart from a translation typed over it by the other catalogs, which held the same English
(`was_english`: its msgid, translated or not, or as a fuzzy entry's previous msgid); with no other
catalog, as GNU msgmerge tells an English edit from a new text, by their likeness (msgmerge's is
fstrcmp's ratio, at least FUZZY_THRESHOLD = 0.6 in gettext-tools' message.h; here difflib's ratio,
with the same threshold).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

import polib

from ..core.errors import Location
from .store import LineIndex, parse_po, split_lines


@dataclass(frozen=True)
class TypedOver:
    """A translation typed over an English `msgid`, which `update` moved to an obsolete entry."""

    where: Location  # the obsolete entry's first line, in the merged file
    before: int  # the line of its msgid before the update
    english: str  # the English whose msgid it replaced
    msgstr_line: int  # the line of that English's (empty) msgstr, in the merged file
    context: str | None  # the entries' msgctxt

    def __str__(self) -> str:
        english = self.english if len(self.english) <= 50 else self.english[:47] + "…"
        return (f"{self.where}: moved to obsolete: a translation typed over the English {english!r} (at line "
                f"{self.before} before this update) is kept here as an obsolete entry (#~); copy it into the "
                f"msgstr at line {self.msgstr_line}, then delete it")


def typed_over(old: bytes, merged: bytes, shown_as: str,
               was_english: Callable[[str], bool] | None = None) -> list[TypedOver]:
    """The entries of a catalog's bytes `old` that a merge into `merged` moved to obsolete because
    their msgid is not English but a translation: a live entry with an empty msgstr, obsolete after
    the merge, whose comment (`#.`, else its `#:` references) belongs to a message of the merged
    catalog whose English the old file lacked, the one it was typed over, and whose text was no
    English: `was_english(msgid)` says whether it was (see the module), else its likeness to the
    English now at its place. `shown_as` is the path the Locations name (relative to the project)."""
    if _obsolete_count(merged) <= _obsolete_count(old):  # nothing went obsolete: most updates, unparsed
        return []
    before_text, after_text = old.decode("utf-8"), merged.decode("utf-8")
    before, after = parse_po(before_text), parse_po(after_text)
    live_before = {_key(entry) for entry in before if not entry.obsolete}
    live_after = [entry for entry in after if not entry.obsolete and entry.msgid]
    live_keys = {_key(entry) for entry in live_after}
    obsolete_after = {_key(entry): entry for entry in after if entry.obsolete}
    replaced = [entry for entry in live_after if _key(entry) not in live_before]  # English the old file lacked
    lines_before = LineIndex(split_lines(before_text))
    lines_after = LineIndex(split_lines(after_text))
    found = []
    for entry in before:
        if entry.obsolete or not entry.msgid or entry.msgstr or entry.msgid_plural:
            continue
        kept = obsolete_after.get(_key(entry))
        if kept is None or _key(entry) in live_keys:
            continue
        english = next((live for live in replaced if live.msgctxt == entry.msgctxt and _same_place(live, entry)), None)
        if english is None:
            continue
        if (was_english(entry.msgid) if was_english else _likeness(english.msgid, entry.msgid) >= FUZZY_THRESHOLD):
            continue  # an English text since edited, left untranslated
        found.append(TypedOver(Location(shown_as, kept.linenum), lines_before.entry(entry).msgid, english.msgid,
                               lines_after.entry(english).msgstr, entry.msgctxt))
    return found


FUZZY_THRESHOLD = 0.6


def _obsolete_count(data: bytes) -> int:
    """How many obsolete entries a catalog's bytes hold (their `#~ msgid` lines)."""
    return data.count(b"\n#~ msgid ") + data.startswith(b"#~ msgid ")


def _likeness(english: str, typed: str) -> float:
    return difflib.SequenceMatcher(None, english, typed, autojunk=False).ratio()


def english_in(others: list[bytes]) -> Callable[[str], bool] | None:
    """`was_english` for a catalog, from the bytes of the project's other catalogs before the
    update: whether a msgid's start (as a .po file writes it, 40 characters) is in one of them;
    None when there is no other catalog to ask."""
    if not others:
        return None

    def was_english(msgid: str) -> bool:
        needle = polib.escape(msgid)[:40].encode("utf-8")
        return any(needle in data for data in others)

    return was_english


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return entry.msgctxt, entry.msgid


def _same_place(english: polib.POEntry, typed: polib.POEntry) -> bool:
    """Whether two entries say they are the same message: the same extracted comment ("Question 7,
    answer, list item 2"), else the same source references."""
    if english.comment or typed.comment:
        return english.comment == typed.comment
    return bool(english.occurrences) and english.occurrences == typed.occurrences
