"""Line-break opportunities that Pango cannot find by itself, written into the text; and the
places where no line may break (proper names), written in the same way.

Debian's Pango is built without ICU, so WeasyPrint has no dictionary for the scripts written
without spaces between words (Myanmar, Khmer, Thai, Lao, ...): a Khmer or S'gaw Karen paragraph
never breaks and runs off the page. It also ignores `word-break: keep-all`, so Korean breaks
inside words. ICU (PyPI `pyicu-wheels`, module `icu`) finds the opportunities; Pango honours
U+200B ZERO WIDTH SPACE (break here) and U+2060 WORD JOINER (never break here).

Proper names are kept whole the same way, in the text rather than in a `<span>`: WeasyPrint 70
breaks lines wrongly around inline boxes (issues #1614, #2025, #2308; PR #2748, not merged). A
text box that ends with a space before a span is measured with that space, seen as too wide for
a line it fits, and broken after its first word ("driver's" alone on a line, "What" alone above a
heading's other words); a span's first word is taken for the start of a line, so overflow-wrap
breaks it anywhere when it does not fit at the end of one ("Misso / uri"). Text with word
joiners has no inline box. render.patches keeps WeasyPrint's hyphenation (Pyphen) out of them.

Where two inline boxes meet, WeasyPrint 70 reads the bidi embeddings and overrides U+202A-U+202E
as ZERO WIDTH SPACES (text/line_break.get_log_attrs: "this should be removed when bidi is
supported"), so a line may break after an override's closer that ends an element's text, before
what is glued to it: a contents entry's leader went to a line of its own. A word joiner after
such a closer keeps what follows with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

ZERO_WIDTH_SPACE = "\u200b"
WORD_JOINER = "\u2060"
NO_BREAK_SPACE = "\u00a0"

# Embeddings and overrides (not isolates), which WeasyPrint 70 breaks after between inline boxes.
_EMBEDDINGS = frozenset("\u202a\u202b\u202c\u202d\u202e")

# The blocks of every character whose Line_Break is SA (complex context: breaks need a dictionary):
# Thai, Lao, Myanmar, Khmer, Tai Le, New Tai Lue, Tai Tham, Myanmar Extended-A/B, Tai Viet, Ahom.
# Tibetan is not among them: Pango already breaks after its tsheg.
_NO_SPACES = re.compile("[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u1950-\u19df\u1a20-\u1aaf"
                        "\ua9e0-\ua9ff\uaa60-\uaadf\U00011700-\U0001174f]")


def with_break_opportunities(text: str, language: str) -> str:
    """`text` (plain text, not markup) with the line-break opportunities of `language` made explicit.

    Runs of a script written without spaces get U+200B at each of ICU's break opportunities
    inside them; Korean gets U+2060 at each opportunity inside a space-separated word, so that
    lines break only at spaces (`word-break: keep-all`). Text that ends with a bidi embedding or
    override (U+202A-U+202E) ends with a U+2060 after it: WeasyPrint would break a line after it,
    before the next inline box, where ICU finds no opportunity. Other text comes back unchanged.
    """
    if text and text[-1] in _EMBEDDINGS:
        return with_break_opportunities(text[:-1], language) + text[-1] + WORD_JOINER
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


def address_breaks(address: str) -> str:
    """A web or mail address as print sets it: it may break only after a "/", never at its own
    hyphens, dots or other places UAX #14 allows (a WORD JOINER at each of those), so a copied
    address is never the wrong one and no line-end hyphen looks like part of it. Without a "/",
    the address cannot break at all; the word joiners are invisible in print and in the text layer."""
    return _insert(address, "en", WORD_JOINER, lambda before, after: before != "/") if address.isascii() else address


def unbreakable(name: str) -> str:
    """`name` as text no line may break or hyphenate: a WORD JOINER between each two of its
    characters (grapheme clusters, so no mark is parted from its letter nor a conjunct split) and
    a no-break space for each space. Both are invisible in print and in the PDF's text layer."""
    clusters = list(name) if name.isascii() else _clusters(name)
    out = []
    for before, after in zip(clusters, clusters[1:] + [""]):
        out.append(NO_BREAK_SPACE if before.isspace() else before)
        if after and not before.isspace() and not after.isspace():
            out.append(WORD_JOINER)
    return "".join(out)


def _clusters(text: str) -> list[str]:
    """The grapheme clusters of `text`, by ICU (in UTF-16 units, as `_insert`)."""
    import icu

    breaks = icu.BreakIterator.createCharacterInstance(icu.Locale.getRoot())
    breaks.setText(text)
    units = text.encode("utf-16-le")
    offsets = [0, *breaks]
    return [units[2 * start:2 * end].decode("utf-16-le") for start, end in zip(offsets, offsets[1:])]


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
