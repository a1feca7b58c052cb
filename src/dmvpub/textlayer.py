"""Give Indic and Myanmar text a correct PDF text layer: /ActualText around each drawn line.

Targets WeasyPrint 70.x (written against 70.0); `install()` refuses any other major version.

Why: WeasyPrint 70 writes one ToUnicode entry per glyph, from `draw_first_line` in
`weasyprint/draw/text.py`. For a HarfBuzz cluster of several glyphs it gives the whole cluster's
text to the last glyph and an empty string to the others, and the first cluster a glyph is drawn
in decides its mapping for the whole document (WeasyPrint issue #2841, still open). In scripts
whose shaping reorders or merges glyphs (Devanagari "कि" is drawn ि then क; Myanmar "မော်" draws
ေ first) copy, search and screen readers then get other words: after "कि", every plain "क"
reads back as "कि"; after "မော်", every "မ" reads "မေ"; PDFium also reads the empty entries as
stray CJK characters.

Fix: every line that `draw_first_line` draws (HTML and SVG text alike) and that contains a
character of such a script is wrapped, inside its BT/ET text object and inside WeasyPrint's own
`/Span <</MCID n>> BDC` tagging, in `/Span <</ActualText <FEFF…>>> BDC … EMC` carrying the
line's logical text (UTF-16BE with BOM). Readers that honour /ActualText then extract the text
as typed: PDFium (pypdfium2, Chrome), poppler (pdftotext, Evince), Acrobat. pypdf ignores
/ActualText and still reads the glyph map. Lines without such characters go to the untouched
original, so Latin, Cyrillic, Arabic, Thai and Chinese output stays byte-identical.
"""

from __future__ import annotations

import inspect
import re
from codecs import BOM_UTF16_BE
from functools import wraps

__all__ = ["install", "reorders"]

SUPPORTED_MAJOR = "70"

# Scripts whose shaping reorders, splits or merges glyphs inside a cluster: the Brahmic scripts
# and their Southeast Asian relatives. Thai, Lao and Tai Viet are stored in visual order and
# read back correctly already, so they are left alone.
_REORDERING = re.compile(
    "["
    "\u0900-\u0DFF"  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada,
                     # Malayalam, Sinhala
    "\u0F00-\u0FFF"  # Tibetan
    "\u1000-\u109F"  # Myanmar
    "\u1700-\u171F"  # Tagalog
    "\u1780-\u17FF"  # Khmer
    "\u1900-\u194F"  # Limbu
    "\u19E0-\u19FF"  # Khmer symbols
    "\u1A00-\u1AAF"  # Buginese, Tai Tham
    "\u1B00-\u1C4F"  # Balinese, Sundanese, Batak, Lepcha
    "\u1CD0-\u1CFF"  # Vedic extensions
    "\uA800-\uA82F"  # Syloti Nagri
    "\uA880-\uA8FF"  # Saurashtra, Devanagari extended
    "\uA980-\uAA7F"  # Javanese, Myanmar extended-B, Cham, Myanmar extended-A
    "\uAAE0-\uAAFF"  # Meetei Mayek extensions
    "\uABC0-\uABFF"  # Meetei Mayek
    "\U00011000-\U00011FFF"  # Brahmi, Kaithi, Chakma, Sharada, Grantha, Newa, Tirhuta, …
    "]"
)

_PATCHED = "_dmvpub_actual_text"
_PARAMETERS = ["stream", "textbox", "text_overflow", "block_ellipsis", "matrix"]


def reorders(text: str) -> bool:
    """Whether `text` holds a character whose line gets /ActualText."""
    return _REORDERING.search(text) is not None


def _begin_actual_text(text: str) -> bytes:
    """The marked-content operator; the break marks dmvpub.linebreak inserted are not the text."""
    text = text.replace("\u200b", "").replace("\u2060", "")
    encoded = (BOM_UTF16_BE + text.encode("utf-16-be")).hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC".encode()


def _wrap(draw_first_line):
    @wraps(draw_first_line)
    def draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
        if not reorders(textbox.pango_layout.text):
            return draw_first_line(stream, textbox, *args, **kwargs)
        start = len(stream.stream)
        emojis = draw_first_line(stream, textbox, *args, **kwargs)
        if len(stream.stream) == start:  # a blank line: nothing drawn
            return emojis
        # Read the line back from Pango: drawing may have changed the text (ellipsis).
        line, _ = textbox.pango_layout.get_first_line()
        utf8 = textbox.pango_layout.text.encode()
        text = utf8[line.start_index:line.start_index + line.length].decode()
        if reorders(text):
            stream.stream.insert(start, _begin_actual_text(text))
            stream.stream.append(b"EMC")
        return emojis

    setattr(draw_first_line_with_actual_text, _PATCHED, True)
    return draw_first_line_with_actual_text


def install() -> None:
    """Patch WeasyPrint (once per process; calling again does nothing) before writing PDFs.

    Raises RuntimeError if WeasyPrint is not 70.x or `draw_first_line` is not as expected.
    """
    import weasyprint
    from weasyprint.draw import text as draw_text

    version = weasyprint.__version__
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise RuntimeError(
            f"dmvpub.textlayer was written for WeasyPrint {SUPPORTED_MAJOR}.x, not {version}: "
            "check weasyprint/draw/text.py (draw_first_line, its ToUnicode mapping) and "
            "update dmvpub/textlayer.py")
    original = getattr(draw_text, "draw_first_line", None)
    if getattr(original, _PATCHED, False):
        return
    parameters = list(inspect.signature(original).parameters) if callable(original) else None
    if parameters != _PARAMETERS:
        raise RuntimeError(
            f"weasyprint.draw.text.draw_first_line has changed (parameters {parameters}, "
            f"expected {_PARAMETERS}): update dmvpub/textlayer.py")
    draw_text.draw_first_line = _wrap(original)
