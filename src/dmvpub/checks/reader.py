"""What the reader sees: the numbers, addresses and links a translation shows, and the characters
that would change or hide them (issue #21).

Numbers, web and e-mail addresses and domain names are compared as they print (text/shown.py:
invisible characters taken out, numbers in display order after the bidi algorithm, in native
digits and CLDR's separators); a link whose text shows an address must show its target
(text/richtext.py). Bidi controls reorder what prints (CVE-2021-42574, "Trojan Source").
"""

from __future__ import annotations

import polib

from ..text.richtext import deceptive_links
from ..text.shown import shown_differences
from ..text.visible import BIDI_CLOSERS, BIDI_CONTROLS, BIDI_OPENERS, describe_char
from .finding import ERROR
from .registry import MESSAGE, Check, Hit, Message, Registry, Step

FAMILY = "reader"
CHECKS = (
    Check("numbers", ERROR, "the numbers a reader sees differ from the English's (translate-toolkit's name, "
                            "judged as printed: native digits, CLDR's separators, display order)", FAMILY),
    Check("links", ERROR, "link targets differ from the English's, or a link's text shows another address "
                          "than its target", FAMILY),
    Check("invisible", ERROR, "an invisible character inside a word, number or address", FAMILY),
    Check("bidi", ERROR, "a bidi control (U+202A-U+202E, U+2066-U+2069) reorders what prints; "
                         "ignore-bidi needs a translator comment saying why, and each must still be closed",
          FAMILY),
)


def register(registry: Registry) -> None:
    """Declares the reader's checks; adds the bidi step and, after it, the step comparing what
    the reader is shown (whose `urls` and `emails` the toolkit family then yields to)."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 400, bidi))
    registry.add_step(Step(FAMILY, MESSAGE, 500, shown))


def shown(message: Message) -> list[Hit]:
    """`numbers`, `urls`, `emails` and `invisible` as the reader sees them, then deceptive links."""
    entry, catalog = message.entry, message.catalog
    return [*(Hit(check, says) for check, says in
              shown_differences(entry.msgid, entry.msgstr, catalog.code, catalog.direction)),
            *(Hit("links", problem) for problem in deceptive_links(entry.msgstr))]


def bidi(message: Message) -> list[Hit]:
    return [Hit("bidi", says, ignorable=ignorable) for _, says, ignorable in bidi_findings(message.entry)]


def bidi_findings(entry: polib.POEntry) -> list[tuple[str, str, bool]]:
    """Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what is printed
    (CVE-2021-42574, "Trojan Source"). In a translation they are an error (`bidi`) unless the entry is
    flagged `ignore-bidi` and a translator comment says why; even then each must be closed.
    LRM, RLM and ALM only lean a neutral character and stay allowed. (check, message, ignorable)."""
    controls = [char for char in entry.msgstr if ord(char) in BIDI_CONTROLS]
    if not controls:
        return []
    found = []
    names = ", ".join(dict.fromkeys(describe_char(char) for char in controls))
    if "ignore-bidi" not in entry.flags:
        found.append(("bidi", f"holds {names}, which reorder(s) what is printed; delete them (a translation "
                              "reads in the language's direction without them), or flag the entry ignore-bidi "
                              "and say why in a translator comment (# ...)", True))
    elif not entry.tcomment.strip():
        found.append(("bidi", "is flagged ignore-bidi, but no translator comment (# ...) says why it needs "
                              f"{names}", False))
    stack: list[int] = []
    for char in entry.msgstr:
        code = ord(char)
        if code in BIDI_OPENERS:
            stack.append(code)
        elif code in BIDI_CLOSERS:
            if stack and stack[-1] in BIDI_CLOSERS[code]:
                stack.pop()
            else:
                found.append(("bidi", f"{describe_char(char)} closes nothing that was opened", False))
                break
    if stack:
        found.append(("bidi", f"{describe_char(chr(stack[-1]))} is never closed (with U+202C or U+2069)", False))
    return found
