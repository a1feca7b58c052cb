"""Pseudo-locales, as Android and Chrome use them: catalogs that stress the layout, made from the template.

`en_XA` is English accented, about 40% longer, with long words and brackets that show where
text was cut; `ar_XB` is English mirrored right to left (each word in a right-to-left override). Both keep placeholders, numbers, web
addresses and acronyms as they are, so `dmvpub check` passes them. They are for testing:
never on the download page and never in a release.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib

from ..core.language import DIRECTION_HEADER, NAME_HEADER, SCRIPT_HEADER
from ..core.settings import Settings
from .locales import catalog_path, require_template
from .store import WIDTH, write_catalog

PSEUDO_LOCALES = {
    "en_XA": {NAME_HEADER: "Ëñĝļîšĥ [pseudo]", SCRIPT_HEADER: "Latn", DIRECTION_HEADER: "ltr"},
    "ar_XB": {NAME_HEADER: "English [pseudo right-to-left]", SCRIPT_HEADER: "Arab", DIRECTION_HEADER: "rtl"},
}
_ACCENTS = str.maketrans("aceinosuyACEINOSUYgtzGTZ", "åçéîñöšûýÅÇÉÎÑÖŠÛÝĝţžĜŢŽ")
# Pieces that must stay as they are: placeholders, Markdown's link targets, footnote references and
# emphasis marks, web and mail addresses, numbers, acronyms.
_KEEP = re.compile(r"%\(\w+\)s|\]\([^)\s]*\)|\[\^[^\]\s]+\]|\*+|https?://\S+|\S+@\S+|\d[\d.,]*|\b[A-Z]{2,}\b")
_PADDING = "one two three four five six seven eight nine ten".split()
RTL_OVERRIDE, POP = "\u202e", "\u202c"


def is_pseudo(code: str) -> bool:
    return code in PSEUDO_LOCALES


def pseudo_text(text: str, code: str) -> str:
    """The pseudo-translation of one message."""
    if code == "ar_XB":  # word by word: WeasyPrint drops an override that spans a line break
        # numbers and placeholders stay as they are: overridden, "18" would print as 81
        return re.sub(r"\S+", lambda word: word.group() if re.search(r"\d|%\(", word.group())
                      else RTL_OVERRIDE + word.group() + POP, text)
    pieces = _KEEP.split(text)
    kept = _KEEP.findall(text)
    out = []
    for index, piece in enumerate(pieces):
        words = piece.split(" ")
        # every fifth word doubled into one long word, for lines that must wrap or hyphenate
        out.append(" ".join(word + word.lower() if n % 5 == 4 and len(word) > 3 and word.isalpha() else word
                            for n, word in enumerate(words)).translate(_ACCENTS))
        if index < len(kept):
            out.append(kept[index])
    body = "".join(out)
    extra = max(1, round(len(text) * 0.4 / 6))
    padding = " ".join(_PADDING[n % len(_PADDING)] for n in range(extra))
    return f"[{body} {padding}]" if text.strip() else text


def write_pseudo(settings: Settings) -> list[Path]:
    """Write every pseudo-locale's catalog from the template (replacing what was there)."""
    pot = require_template(settings)
    template = polib.pofile(str(pot), wrapwidth=WIDTH)
    written = []
    for code, declared in PSEUDO_LOCALES.items():
        catalog = polib.POFile(wrapwidth=WIDTH)
        catalog.header = f"Pseudo-locale {code}, made by 'dmvpub pseudo' for layout tests; do not translate."
        catalog.metadata = {"Project-Id-Version": template.metadata.get("Project-Id-Version", ""),
                            "Language": code, "MIME-Version": "1.0",
                            "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit",
                            "Plural-Forms": "nplurals=2; plural=(n != 1);", "X-Review-Status": "draft",
                            **declared}
        mirrored = code == "ar_XB"  # its overrides are the point: flagged, with the reason `check` asks for
        for entry in template:
            catalog.append(polib.POEntry(msgctxt=entry.msgctxt, msgid=entry.msgid,
                                         msgstr=pseudo_text(entry.msgid, code), comment=entry.comment,
                                         tcomment="pseudo-locale: each word is mirrored with a right-to-left "
                                                  "override" if mirrored else "",
                                         occurrences=entry.occurrences,
                                         flags=[*entry.flags, "ignore-endpunc", "ignore-unchanged",
                                                *(["ignore-bidi"] if mirrored else [])]))
        path = catalog_path(settings, code)
        write_catalog(path, catalog.__unicode__().encode("utf-8"))
        written.append(path)
    return written
