"""Give Indic and Myanmar text a correct PDF text layer: /ActualText around each drawn line.

Written against WeasyPrint 70.0; render.patches.install() applies it after refusing any other
major version.

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

import functools
import inspect
import itertools
import re
import unicodedata
from codecs import BOM_UTF16_BE
from functools import wraps

import pydyf
import uharfbuzz
from weasyprint.draw import text as draw_text
from weasyprint.text.ffi import ffi, harfbuzz, pango

__all__ = ["install", "reorders"]

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


_RIGHT_TO_LEFT = re.compile("[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\U00010800-\U00010FFF\U0001E800-\U0001EFFF]")
_TJ_TOKEN = re.compile(rb"<([0-9a-fA-F]*)>|([-+0-9.eE]+)")
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))


def right_to_left(text: str) -> bool:
    """Whether `text` holds a character of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, …)."""
    return _RIGHT_TO_LEFT.search(text) is not None


def _extends(character: str) -> bool:
    """Whether a character belongs to the one before it: a combining mark, ZWJ."""
    return unicodedata.category(character) in ("Mn", "Me") or character == "\u200d"


def _hb_font(font, pango_font):
    """A uharfbuzz font of the same font file as `pango_font`, cached on WeasyPrint's font."""
    cached = getattr(font, "_dmvpub_hb_font", None)
    if cached is not None:
        return cached
    blob = harfbuzz.hb_face_reference_blob(harfbuzz.hb_font_get_face(pango.pango_font_get_hb_font(pango_font)))
    try:
        length = ffi.new("unsigned int *")
        data = bytes(ffi.buffer(harfbuzz.hb_blob_get_data(blob, length), length[0]))
    finally:
        harfbuzz.hb_blob_destroy(blob)
    font._dmvpub_hb_font = uharfbuzz.Font(uharfbuzz.Face(data))
    return font._dmvpub_hb_font


def _zero_width_glyph(font, pango_font) -> int | None:
    """The font's own glyph for ZWNJ if it has one that draws nothing and takes no room; cached."""
    cached = getattr(font, "_dmvpub_zwnj", False)
    if cached is not False:
        return cached
    hb_font = _hb_font(font, pango_font)
    glyph = hb_font.get_nominal_glyph(0x200C)
    extents = hb_font.get_glyph_extents(glyph) if glyph else None
    usable = glyph and hb_font.get_glyph_h_advance(glyph) == 0 and (extents is None or extents.width == 0)
    font._dmvpub_zwnj = glyph if usable else None
    return font._dmvpub_zwnj


HYPHEN = "\u2010"  # what WeasyPrint draws where it hyphenates a word (CSS hyphenate-character)


def _glyph_items(line):
    """(PangoItem, PangoGlyphString) of each run of a Pango layout line, in drawing order."""
    run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        yield glyph_item.item, glyph_item.glyphs


def _map_hyphen(stream, textbox) -> None:
    """Where the hyphen WeasyPrint adds at a line's end (U+2010) is drawn with the font's glyph for
    "-" (most fonts have one glyph for both), map that glyph to "-": WeasyPrint maps a glyph to the
    first character it draws it for, so after the first hyphenated line every "-" typed in the text
    read back as U+2010 (WeasyPrint #2841). A "-" at a line's end reads as a line-end hyphen."""
    line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    hyphen = HYPHEN.encode()
    for item, glyphs in _glyph_items(line):
        for i in range(glyphs.num_glyphs):
            start = item.offset + glyphs.log_clusters[i]
            if utf8[start:start + len(hyphen)] != hyphen:
                continue
            font, _ = stream.add_font(item.analysis.font)
            glyph = glyphs.glyphs[i].glyph
            if not font.bitmap and font.to_unicode.get(glyph) == HYPHEN \
                    and _hb_font(font, item.analysis.font).get_nominal_glyph(ord("-")) == glyph:
                font.to_unicode[glyph] = "-"


def _draw_zwnj(stream, textbox, line) -> None:
    """Give each ZWNJ of the line, which Pango leaves undrawn (an empty glyph), the font's own
    zero-width glyph for it, so the text layer has the character (WeasyPrint maps the glyph to
    the ZWNJ's cluster, which is the ZWNJ alone). Fonts without such a glyph are left as they are."""
    utf8 = textbox.pango_layout.text.encode()
    zwnj = "\u200c".encode()
    for item, glyphs in _glyph_items(line):
        for i in range(glyphs.num_glyphs):
            start = item.offset + glyphs.log_clusters[i]
            if glyphs.glyphs[i].glyph == pango.PANGO_GLYPH_EMPTY and utf8[start:start + 3] == zwnj \
                    and (i + 1 == glyphs.num_glyphs or glyphs.log_clusters[i + 1] != glyphs.log_clusters[i]):
                font, _ = stream.add_font(item.analysis.font)
                glyph = None if font.bitmap else _zero_width_glyph(font, item.analysis.font)
                if glyph:
                    glyphs.glyphs[i].glyph = glyph


def _units(stream, textbox, line) -> list[tuple[str, bool, int]]:
    """The line's drawn glyphs grouped into units, in drawing order: (logical text, right-to-left,
    number of glyphs). A unit is one of HarfBuzz's clusters (a ligature such as لا is one) with the
    marks, ZWNJ and ZWJ that follow it logically, which Pango keeps as clusters of their own
    (drawn apart, raised, or not at all). None for a bitmap font (one-byte codes)."""
    utf8 = textbox.pango_layout.text.encode()
    units = []
    for item, glyphs in _glyph_items(line):
        font, _ = stream.add_font(item.analysis.font)
        if font.bitmap:
            return None
        rtl = item.analysis.level % 2 == 1
        count = glyphs.num_glyphs
        starts = sorted({glyphs.log_clusters[i] for i in range(count)})
        drawn = {start: 0 for start in starts}
        for i in range(count):
            if glyphs.glyphs[i].glyph != pango.PANGO_GLYPH_EMPTY:
                drawn[glyphs.log_clusters[i]] += 1
                start = glyphs.log_clusters[i]
                character = utf8[item.offset + start:item.offset + start + 4].decode(errors="ignore")[:1]
                if rtl and character in _MIRRORED and font.to_unicode.get(glyphs.glyphs[i].glyph) == character:
                    # HarfBuzz drew the mirrored glyph: its ToUnicode is the character it shows
                    font.to_unicode[glyphs.glyphs[i].glyph] = _MIRRORED[character]
        # logical order: merge a cluster into the one before it if nothing of it is drawn or it
        # begins with a mark
        groups: list[list] = []  # [start, end, glyphs]
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else item.length
            first = utf8[item.offset + start:item.offset + end].decode()[:1]
            if groups and (not drawn[start] or _extends(first)):
                groups[-1][1] = end
                groups[-1][2] += drawn[start]
            else:
                groups.append([start, end, drawn[start]])
        if rtl:
            groups.reverse()
        units.extend((utf8[item.offset + start:item.offset + end].decode(), rtl, number)
                     for start, end, number in groups if number)
    return units


def _needs_actual_text(text: str, rtl: bool) -> bool:
    """Whether readers get a right-to-left unit wrong from the glyph map alone: several characters
    (a ligature, a letter and its marks or ZWNJ) or a mirrored bracket."""
    return rtl and len(text) > 1


def _words(units):
    """Units grouped into words, in drawing order: runs of right-to-left units between spaces;
    every other unit alone."""
    words = []
    for unit in units:
        text, rtl, _ = unit
        joins = rtl and not text.isspace()
        if joins and text != "\u200c" and words and words[-1][-1][1] \
                and words[-1][-1][0] not in ("\u200c",) and not words[-1][-1][0].isspace():
            words[-1].append(unit)
        else:
            words.append([unit])
    return words


def _visual(text: str) -> str:
    """A right-to-left unit as PDFium and poppler expect it: in drawing order, brackets as drawn
    (they read a line's glyphs from left to right and reverse its right-to-left runs)."""
    return "".join(_MIRRORED.get(character, character) for character in reversed(text))


def _strong_right_to_left(character: str) -> bool:
    return unicodedata.bidirectional(character) in ("R", "AL")


def _pdfium_order(text: str) -> str:
    """A right-to-left word as PDFium needs its /ActualText to read it back as `text`.

    PDFium (CPDF_TextPage::CloseTempLine, CFX_BidiChar) cuts the text of one /ActualText into runs
    of strong right-to-left characters and runs of anything else (a combining mark such as shadda
    or tanwin is its own run) and reverses each run in place, keeping the runs' order; poppler
    reverses the whole word. So for "تنظّم" poppler needs "مّظنت" and PDFium "ظنتّم": no one string
    serves both (measured with pypdfium2 and pdftotext, issue #23)."""
    runs = ("".join(run) for _, run in itertools.groupby(text, key=_strong_right_to_left))
    return "".join(_MIRRORED.get(character, character) for run in runs for character in reversed(run))


def _mark_units(items: list, units: list[tuple[str, bool, int]], name=None) -> list | None:
    """The content stream items of one line with each word that needs it wrapped in
    `/Span <</ActualText …>> BDC … EMC`, its TJ arrays split where a word starts or ends.

    Where PDFium needs other text than poppler (a word with a combining mark: `_pdfium_order`),
    a second span inside the first, `/Span /name BDC … EMC`, gives PDFium its text from a named
    property list (`name(text)` returns the resource name): PDFium takes the innermost
    /ActualText; poppler reads /ActualText from inline property lists only and keeps the outer.
    Without `name`, only the outer span is written.
    None if the items hold another number of glyphs than the units (then nothing is changed)."""
    # the glyph index at which each wrapped word starts and ends
    begins, ends, position = {}, {}, 0
    for word in _words(units):
        count = sum(unit[2] for unit in word)
        if any(_needs_actual_text(text, rtl) for text, rtl, _ in word):
            logical = "".join(text for text, _, _ in reversed(word))
            operators = [_begin_actual_text(_visual(logical))]
            if name is not None and _pdfium_order(logical) != _visual(logical):
                operators.append(f"/Span /{name(_pdfium_order(logical))} BDC".encode())
            begins[position] = operators
            ends[position + count - 1] = [b"EMC"] * len(operators)
        position += count
    if not begins:
        return items
    output, pending, glyph = [], [], 0

    def flush():
        if pending:
            output.append(b"[" + b" ".join(pending) + b"] TJ")
            pending.clear()
    for item in items:
        data = item if isinstance(item, bytes) else None
        if data is None or not (data.startswith(b"[") and data.endswith(b"] TJ")):
            flush()
            output.append(item)
            continue
        for token in _TJ_TOKEN.finditer(data[1:-4]):
            codes = token.group(1)
            if codes is None:
                pending.append(token.group(2))
                continue
            for index in range(0, len(codes), 4):
                if glyph in begins:
                    flush()
                    output.extend(begins[glyph])
                pending.append(b"<" + codes[index:index + 4] + b">")
                if glyph in ends:
                    flush()
                    output.extend(ends[glyph])
                glyph += 1
    flush()
    return output if glyph == position else None


def _property_list(stream, actual_text: str) -> str:
    """A new named property list `<</ActualText …>>` in the stream's resources (/Properties,
    PDF 1.7 14.6.2); its name. One per word: PDFium skips a text object whose innermost property
    list is the same object as the previous one's, so two words must not share one."""
    properties = stream._resources.setdefault("Properties", pydyf.Dictionary())
    key = f"dmvpubAT{len(properties)}"
    properties[key] = pydyf.Dictionary({"ActualText": pydyf.String(actual_text)})
    return key


def _wrap(draw_first_line):
    @wraps(draw_first_line)
    def draw_first_line_with_actual_text(stream, textbox, *args, **kwargs):
        emojis = _draw_first_line(stream, textbox, *args, **kwargs)
        if HYPHEN in textbox.pango_layout.text:
            _map_hyphen(stream, textbox)
        return emojis

    def _draw_first_line(stream, textbox, *args, **kwargs):
        if not reorders(textbox.pango_layout.text):
            if right_to_left(textbox.pango_layout.text):
                return _draw_right_to_left(draw_first_line, stream, textbox, *args, **kwargs)
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


def _draw_right_to_left(draw_first_line, stream, textbox, *args, **kwargs):
    if "\u200c" in textbox.pango_layout.text:
        # as draw_first_line does first; set here, the layout is not laid out again there
        pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
        _draw_zwnj(stream, textbox, textbox.pango_layout.get_first_line()[0])
    start = len(stream.stream)
    emojis = draw_first_line(stream, textbox, *args, **kwargs)
    if len(stream.stream) == start:
        return emojis
    line, _ = textbox.pango_layout.get_first_line()
    units = _units(stream, textbox, line)
    if units:
        marked = _mark_units(stream.stream[start:], units, functools.partial(_property_list, stream))
        if marked is not None:
            stream.stream[start:] = marked
    return emojis


def install() -> None:
    """Patch WeasyPrint (once per process; calling again does nothing) before writing PDFs; called
    by render.patches.install(), which checks WeasyPrint's version first.

    Raises RuntimeError if `draw_first_line` is not as expected.
    """
    original = getattr(draw_text, "draw_first_line", None)
    if getattr(original, _PATCHED, False):
        return
    parameters = list(inspect.signature(original).parameters) if callable(original) else None
    if parameters != _PARAMETERS:
        raise RuntimeError(
            f"weasyprint.draw.text.draw_first_line has changed (parameters {parameters}, "
            f"expected {_PARAMETERS}): update dmvpub/render/textlayer.py")
    draw_text.draw_first_line = _wrap(original)
