"""Text as a PDF's text layer gives it back, made comparable with the text that was typed."""

from __future__ import annotations

import re

# What a reader of a PDF's text layer adds or drops without the words changing:
# white space (a reader puts a space or a line break where a line was broken, or none);
# the hyphen WeasyPrint adds where it hyphenates a word (U+2010, CSS hyphenate-character), the soft
# hyphen (U+00AD) and U+FFFE (what PDFium puts for a hyphen it removed at a line's end);
# zero-width marks: the break opportunities dmvpub.text.linebreak adds (U+200B ZERO WIDTH SPACE,
# U+2060 WORD JOINER) and ZWNJ/ZWJ (U+200C, U+200D), which a text layer may not have.
_NOT_COMPARED = r"\s\u00ad\u2010\ufffe\u200b-\u200d\u2060"


def flat(text: str, *, hyphen_minus: bool = False) -> str:
    """`text` without white space, line-end hyphens and zero-width marks, to compare typed text
    with a PDF's text layer across its line breaks: `flat(typed) in flat(read)`.

    Not normalised (no NFC, no case folding): the text layer maps each glyph back to the characters
    typed, so any other difference is a real one.

    hyphen_minus: also drop every "-". Where the font draws "-" and U+2010 with one glyph, the hyphen
    added at a line's end reads back as "-" (dmvpub.render.textlayer maps the glyph so; WeasyPrint
    #2841), and no reader can tell it from a "-" typed at a line's end. Only for comparisons across
    locales and fonts whose hyphenation is not known in advance (the bilingual booklets); a typed
    "-" is then not compared.
    """
    return re.sub(f"[{_NOT_COMPARED}{'-' if hyphen_minus else ''}]+", "", text)
