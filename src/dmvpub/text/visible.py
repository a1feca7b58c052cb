"""What a reader sees of a text: the characters that print, in the order they print.

Checks compare a translation with the English on this, not on the characters typed: a bidi
override (U+202E) prints "18" as "81", a word joiner (U+2060) hides a web address from a
pattern that looks for one, and a message of Hangul fillers (U+3164) prints as nothing.
Unicode's own data decides, through ICU (the pinned pyicu-wheels): Default_Ignorable_Code_Point
(UAX #44) and the Unicode Bidirectional Algorithm (UAX #9). Issue #21; CVE-2021-42574.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Default-ignorable code points (Default_Ignorable_Code_Point in DerivedCoreProperties.txt, as
# ICU has it: a test compares the two, so that ICU need not be loaded to read a catalog): soft
# hyphen, joiners, marks of direction, word joiners, variation selectors, tags... A renderer
# draws none of them.
_IGNORABLE_RANGES = ((0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
                     (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
                     (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
                     (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF))
DEFAULT_IGNORABLE = frozenset(code for start, end in _IGNORABLE_RANGES for code in range(start, end + 1))
# Characters that print as nothing (or, in a font without them, as a missing-glyph box) and that
# shaping does NOT hide: the Hangul fillers (HarfBuzz gives them a glyph of their own, as
# Uniscribe does), the shorthand format controls, and the blank Braille pattern.
FILLERS = frozenset([0x115F, 0x1160, 0x3164, 0xFFA0, 0x2800, *range(0x1BCA0, 0x1BCA4)])
# What shaping removes from the line: default-ignorables other than the fillers.
HIDDEN = DEFAULT_IGNORABLE - FILLERS
# Embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI): they reorder what
# follows them. The marks LRM, RLM and ALM only lean a neutral character one way, and are allowed.
BIDI_OPENERS = frozenset([0x202A, 0x202B, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068])
BIDI_CLOSERS = {0x202C: frozenset([0x202A, 0x202B, 0x202D, 0x202E]), 0x2069: frozenset([0x2066, 0x2067, 0x2068])}
BIDI_CONTROLS = BIDI_OPENERS | frozenset(BIDI_CLOSERS)
BIDI_MARKS = frozenset([0x200E, 0x200F, 0x061C])


def _character_class(codes: frozenset[int]) -> re.Pattern:
    ranges, ordered = [], sorted(codes)
    for code in ordered:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{start:08x}-\\U{end:08x}" for start, end in ranges) + "]")


INVISIBLE = _character_class(DEFAULT_IGNORABLE | FILLERS)


def invisible(char: str) -> bool:
    """Whether `char` prints as nothing: a default-ignorable code point or a filler."""
    return ord(char) in DEFAULT_IGNORABLE or ord(char) in FILLERS


def without_invisible(text: str) -> tuple[str, list[int] | range]:
    """`text` without its invisible characters, and for each character kept its index in `text`
    (so that what is found in the one can be pointed at in the other)."""
    if not INVISIBLE.search(text):
        return text, range(len(text))
    kept = [(index, char) for index, char in enumerate(text) if not invisible(char)]
    return "".join(char for _, char in kept), [index for index, _ in kept]


def visible_text(text: str) -> str:
    return INVISIBLE.sub("", text)


def displayed(text: str, direction: str = "ltr") -> str:
    """The text as it is laid out: each paragraph in visual order (left to right, after the bidi
    algorithm with the page's base direction, "ltr" or "rtl"), invisible characters removed.

    An RTL paragraph's visual string runs left to right, so its words read backwards while a
    number in it reads as printed: `displayed("\u202e18\u202c")` is "81"."""
    if not text or (text.isascii() and "\n" not in text and direction == "ltr"):
        return visible_text(text)  # nothing to reorder: left-to-right characters only
    return "\n".join(visible_text(_visual(paragraph, 1 if direction == "rtl" else 0))
                     for paragraph in text.split("\n"))


def _visual(paragraph: str, level: int) -> str:
    import icu  # the Unicode Bidirectional Algorithm, as ICU implements it

    if not paragraph:
        return ""
    string = icu.UnicodeString(paragraph)  # ICU keeps a pointer to it: it must outlive the Bidi
    bidi = icu.Bidi()
    bidi.setPara(string, level)
    return str(bidi.writeReordered(icu.Bidi.REMOVE_BIDI_CONTROLS))


def has_content(text: str) -> bool:
    """Whether anything of `text` prints as more than white space and punctuation: a letter, a
    digit or a symbol that is not invisible (a filler or a default-ignorable)."""
    return any(unicodedata.category(char)[0] in "LNS" and not invisible(char) for char in text)


def is_blank(translation: str, source: str) -> bool:
    """Whether a non-empty translation prints as nothing worth reading: no letter, digit or
    symbol where its English has one (`U+2060 .`, `U+3164`), or nothing at all but spaces and
    invisible characters where the English is punctuation only."""
    if has_content(source):
        return not has_content(translation)
    return not visible_text(translation).strip()


def describe_char(char: str) -> str:
    """A character as a reader can look it up: U+202E RIGHT-TO-LEFT OVERRIDE."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@functools.cache
def script_of(char: str) -> str:
    """The ISO 15924 code of a character's script (Zyyy for common, Zinh for inherited)."""
    import icu

    return icu.Script.getScript(ord(char)).getShortName()


# Scripts whose words may legitimately hold joiners (ZWJ, ZWNJ) and zero-width spaces:
# everything but those written with spaces and no joining.
_PLAIN_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Zyyy", "Zinh", "Zzzz"})
_IN_WORD_ALLOWED = frozenset([0x200B, 0x200C, 0x200D])
_VARIATION = re.compile(r"[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def stray_in_word(text: str) -> list[tuple[int, str]]:
    """Invisible characters of `text` inside a word or number, as (index, character): between two
    letters or digits, with the exceptions that scripts need (a soft hyphen; a joiner or
    zero-width space between letters of a script such as Arabic, Devanagari or Burmese; a
    variation selector after a character that is not ASCII)."""
    found = []
    for match in INVISIBLE.finditer(text):
        index, char = match.start(), match.group(0)
        before = next((c for c in reversed(text[:index]) if not invisible(c)), "")
        after = next((c for c in text[index + 1:] if not invisible(c)), "")
        if not (_wordlike(before) and _wordlike(after)):
            continue
        code = ord(char)
        if code == 0x00AD and before.isalpha() and after.isalpha():
            continue
        if code in _IN_WORD_ALLOWED and not (before.isdigit() or after.isdigit()) \
                and {script_of(before), script_of(after)} - _PLAIN_SCRIPTS:
            continue
        if _VARIATION.match(char) and not before.isascii():
            continue
        found.append((index, char))
    return found


def _wordlike(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "LNM"
