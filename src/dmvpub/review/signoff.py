"""Review sign-offs: a reviewer signs exactly the text they read, message by message (issue #22).

A sign-off records who, on which day, and the sha256 of what was reviewed: the locale, the
message's msgctxt, its English msgid and its translation (`message_digest`; issue #29: the locale is
covered, so a catalog copied to another language's folder starts unreviewed). It is kept with the text it covers:

- in a translation's catalog, as a translator comment on the entry, which GNU msgmerge and msgcat,
  polib, translate-toolkit, Babel, Poedit, Weblate and Lokalize keep::

      # reviewed: Ana Pérez 2026-12-01 sha256:5f1c…  (64 hex digits)

  (Babel's writer wraps long comments at spaces; a sign-off split over lines still reads.)
- for the English, in `reviews.yaml` beside the source (source/reviews.yaml, english.py), one item
  per message.

Any edit voids it: a changed translation, English message or context no longer matches the digest,
and a sign-off on a fuzzy entry is void too. Such a message is "changed since review" in `status`,
`check`, the download page and the printed draft line, and keeps its locale out of a release.

The X-Review-* headers and the front matter's `review:` are a summary that `dmvpub review` writes,
never the source of truth. A sign-off binds a review to a text; it is not proof of who wrote it
(anyone who can edit the file can write one): version control says who did.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date

import polib

from ..core.model import SignOff

REVIEWED, CHANGED, UNREVIEWED = "reviewed", "changed since review", "not reviewed"
# The comment's text; `by` is anything on one line (names have spaces), the date and digest are exact.
SIGNOFF = re.compile(r"reviewed: (?P<by>\S.*?) (?P<on>\d{4}-\d{2}-\d{2}) sha256:(?P<digest>[0-9a-f]{64})")
_DIGEST_VERSION = "dmvpub-review-2"
# Sign-offs written before the digest covered the locale (issue #22's format). Such a sign-off is
# never valid again: nothing in it says which language was read, and a copied catalog carries it.
_OLD_DIGEST_VERSION = "dmvpub-review-1"


def message_digest(context: str | None, msgid: str, translation: str | None, locale: str) -> str:
    """sha256 (hex) of what a reviewer read: the locale (its folder's code, `en` for the English),
    context, English and translation (None for the English).

    The four are encoded together as JSON, so no choice of text can make two messages collide."""
    data = json.dumps([_DIGEST_VERSION, locale, context, msgid, translation], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def old_message_digest(context: str | None, msgid: str, translation: str | None) -> str:
    """The digest as issue #22 wrote it (no locale): only to say that such a sign-off is of the old kind."""
    data = json.dumps([_OLD_DIGEST_VERSION, context, msgid, translation], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _entry_text(entry: polib.POEntry) -> tuple[str, str]:
    msgid, translation = entry.msgid, entry.msgstr
    if entry.msgid_plural:
        msgid = f"{entry.msgid}\0{entry.msgid_plural}"
        translation = "\0".join(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
    return msgid, translation


def entry_digest(entry: polib.POEntry, locale: str) -> str:
    """The digest of a catalog entry of locale `locale`: msgctxt, msgid and msgstr (plural forms
    joined, in order)."""
    msgid, translation = _entry_text(entry)
    return message_digest(entry.msgctxt, msgid, translation, locale)


def old_format(entry: polib.POEntry, signoff: SignOff) -> bool:
    """Whether `signoff` is an issue #22 sign-off (no locale in its digest) of this entry's exact text."""
    msgid, translation = _entry_text(entry)
    return signoff.digest == old_message_digest(entry.msgctxt, msgid, translation)


def format_signoff(signoff: SignOff) -> str:
    """The text of a sign-off comment: `reviewed: NAME YYYY-MM-DD sha256:HEX`."""
    return f"reviewed: {signoff.by} {signoff.on.isoformat()} sha256:{signoff.digest}"


def parse_signoff(text: str) -> SignOff | None:
    """The sign-off a comment's text holds (`reviewed: NAME YYYY-MM-DD sha256:HEX`), else None."""
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
    """The sign-offs readable in an entry's translator comments, in order."""
    return [signoff for _, _, signoff in comment_signoffs(entry.tcomment.split("\n") if entry.tcomment else [])[0]]


def entry_state(entry: polib.POEntry, locale: str) -> tuple[str, SignOff | None]:
    """REVIEWED with the sign-off that matches (in locale `locale`), CHANGED with the last one that
    no longer does (the text changed, or the sign-off was copied from another entry or language, or
    altered, or sits on a fuzzy entry), or UNREVIEWED."""
    signoffs = entry_signoffs(entry)
    if not signoffs:
        return UNREVIEWED, None
    digest = entry_digest(entry, locale)
    valid = [signoff for signoff in signoffs if signoff.digest == digest]
    if valid and entry.translated():
        return REVIEWED, valid[-1]
    return CHANGED, signoffs[-1]
