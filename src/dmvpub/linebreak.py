"""Line-break opportunities that Pango cannot find by itself, written into the text.

Debian's Pango is built without ICU, so WeasyPrint has no dictionary for the scripts written
without spaces between words (Myanmar, Khmer, Thai, Lao, ...): a Khmer or S'gaw Karen paragraph
never breaks and runs off the page. It also ignores `word-break: keep-all`, so Korean breaks
inside words. ICU (PyPI `pyicu-wheels`, module `icu`) finds the opportunities; Pango honours
U+200B ZERO WIDTH SPACE (break here) and U+2060 WORD JOINER (never break here).
"""

from __future__ import annotations

import re
from collections.abc import Callable

ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"

# The blocks of every character whose Line_Break is SA (complex context: breaks need a dictionary):
# Thai, Lao, Myanmar, Khmer, Tai Le, New Tai Lue, Tai Tham, Myanmar Extended-A/B, Tai Viet, Ahom.
# Tibetan is not among them: Pango already breaks after its tsheg.
_NO_SPACES = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u19df\u1a20-\u1aaf"
                        "\ua9e0-\ua9ff\uaa60-\uaadf\U00011700-\U0001174f]")


def with_break_opportunities(text: str, language: str) -> str:
    """`text` (plain text, not markup) with the line-break opportunities of `language` made explicit.

    Runs of a script written without spaces get U+200B at each of ICU's break opportunities
    inside them; Korean gets U+2060 at each opportunity inside a space-separated word, so that
    lines break only at spaces (`word-break: keep-all`). Other text comes back unchanged.
    """
    if re.split(r"[-_@]", language, maxsplit=1)[0].lower() == "ko":
        return _insert(text, language, WORD_JOINER, _inside_word)
    if _NO_SPACES.search(text):
        return _insert(text, language, ZERO_WIDTH_SPACE, _inside_run)
    return text


def _inside_word(before: str, after: str) -> bool:
    """Not after a space or a U+200B: those are the breaks between Korean words."""
    return not (before.isspace() or before == ZERO_WIDTH_SPACE)


def _inside_run(before: str, after: str) -> bool:
    """Both sides in a script without spaces: Pango finds every other opportunity by itself."""
    return bool(_NO_SPACES.match(before) and _NO_SPACES.match(after))


def _insert(text: str, language: str, mark: str, wanted: Callable[[str, str], bool]) -> str:
    """`mark` at each of ICU's line-break opportunities for `language` where `wanted(before, after)`.

    ICU is imported here, not at the top, so that only text that needs it pays for loading it;
    an unknown language gets ICU's root rules, whose dictionaries are chosen by script anyway.
    ICU counts in UTF-16 code units, hence the UTF-16 bytes (its breaks never split a pair).
    """
    import icu

    breaks = icu.BreakIterator.createLineInstance(icu.Locale(language))
    breaks.setText(text)
    units = text.encode("utf-16-le")
    offsets = [0, *breaks]
    pieces = [units[2 * start:2 * end].decode("utf-16-le") for start, end in zip(offsets, offsets[1:])]
    out = pieces[:1]
    for piece in pieces[1:]:
        if wanted(out[-1][-1], piece[0]):
            out.append(mark)
        out.append(piece)
    return "".join(out)


def longest_word(text: str, language: str) -> str:
    """The longest run of `text` that print cannot break across lines: between two of ICU's
    line-break opportunities, or, in Korean (set `keep-all`), between two spaces.

    Linear in the text; `build` refuses a run longer than model.MAX_WORD_CHARS (issue 24, item 13).
    """
    if re.split(r"[-_@]", language, maxsplit=1)[0].lower() == "ko":
        return max(text.split() or [""], key=len)
    import icu

    breaks = icu.BreakIterator.createLineInstance(icu.Locale(language))
    breaks.setText(text)
    units = text.encode("utf-16-le")
    offsets = [0, *breaks]
    start, end = max(zip(offsets, offsets[1:]), key=lambda pair: pair[1] - pair[0], default=(0, 0))
    return units[2 * start:2 * end].decode("utf-16-le").strip()
