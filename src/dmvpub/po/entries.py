"""What a catalog's entries say: whether a translation is printed, and the review headers' names."""

from __future__ import annotations

import polib

from ..text.visible import is_blank

REVIEW_HEADERS = ("X-Review-Status", "X-Reviewed-By", "X-Reviewed-On")  # a summary `dmvpub review` writes


def is_translated(entry: polib.POEntry) -> bool:
    """Whether an entry's translation is printed: the one place this is decided, for `status`,
    `check`, releases and print alike. Not when it is empty, fuzzy or obsolete, nor when it shows
    nothing a reader could read (only spaces, punctuation and invisible characters, such as
    U+2060 and a full stop, or a Hangul filler U+3164: issue #21)."""
    return entry.translated() and not blank_translation(entry)


def blank_translation(entry: polib.POEntry) -> bool:
    """Whether an entry holds a translation (or a plural form) that prints as nothing."""
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return any(text and is_blank(text, entry.msgid) for text in texts)
