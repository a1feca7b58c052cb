"""Variable fonts in PDFs: made static by HarfBuzz in milliseconds, not by fontTools at every write.

Written against WeasyPrint 70.0; render.patches.install() applies it after refusing any other
major version.

Why: a PDF embeds static fonts, so WeasyPrint 70's `Font.clean` (weasyprint/pdf/fonts.py)
subsets each variable face it drew with HarfBuzz and then instances the subset at the drawn
weight with fontTools' `instantiateVariableFont`, in Python, glyph by glyph. For Noto Sans
Myanmar (the one variable font dmvpub prints with, three weights) that was about 40 % of writing
a Burmese booklet, at every write (issue #25).

Fix: for a face with an `fvar` table, the subset and the instance are made in one call of
HarfBuzz's subsetter (uharfbuzz, already the web editions' subsetter) with the same glyphs and
flags WeasyPrint uses and every axis pinned where fontTools pinned it (the weight drawn, the
other axes at their defaults, as `static=True` does). HarfBuzz's instancer is written to
give fontTools' outlines: the Burmese booklets' pages are pixel-identical (poppler, 100 dpi);
the font programs' bytes differ. Static faces, and anything HarfBuzz cannot do, go to the
untouched original.
"""

from __future__ import annotations

from functools import wraps

import uharfbuzz
from weasyprint.pdf import fonts

__all__ = ["install"]

_PATCHED = "_dmvpub_harfbuzz_instance"
# What WeasyPrint 70's _harfbuzz_subset drops.
_DROPPED_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def install() -> None:
    """Makes WeasyPrint instance variable fonts with HarfBuzz. Idempotent. Called by
    render.patches.install(), which checks WeasyPrint's version first."""
    original = fonts.Font.clean
    if getattr(original, _PATCHED, False):
        return

    @wraps(original)
    def clean(self, to_unicode, hinting):
        if "fvar" in self.tables and to_unicode and not (self.png or self.svg or self.colr):
            static = static_subset(self.file_content, self.index, sorted(to_unicode), self._dmvpub_axes(),
                                   hinting, bool(self.missing))
            if static is not None:
                self.file_content = static
                return
        original(self, to_unicode, hinting)

    setattr(clean, _PATCHED, True)
    fonts.Font.clean = clean
    fonts.Font._dmvpub_axes = _axes


def _axes(font) -> dict[str, float]:
    """Where WeasyPrint 70's Font.clean pins the axes it knows (the rest go to their defaults)."""
    variations = dict(font.variations)
    variations.setdefault("wght", font.weight)
    variations.setdefault("opsz", font.font_size)
    variations.setdefault("ital", int(font.style == 2))
    return variations


def static_subset(data: bytes, index: int, glyphs: list[int], axes: dict[str, float], hinting: bool,
                  notdef_outline: bool) -> bytes | None:
    """The font program `data` (face `index`) cut down to `glyphs` (their ids kept) and made static
    at `axes` (tag -> value; axes the face lacks are ignored, its other axes pinned to their
    defaults); None if HarfBuzz cannot, or for a face with a slant axis (WeasyPrint pins that
    one by rules of its own)."""
    face = uharfbuzz.Face(uharfbuzz.Blob(data), index)
    tags = {axis.tag for axis in face.axis_infos}
    if "slnt" in tags:
        return None
    request = uharfbuzz.SubsetInput()
    request.glyph_set.update(glyphs)
    flags = (uharfbuzz.SubsetFlags.RETAIN_GIDS | uharfbuzz.SubsetFlags.PASSTHROUGH_UNRECOGNIZED
             | uharfbuzz.SubsetFlags.DESUBROUTINIZE)
    if not hinting:
        flags |= uharfbuzz.SubsetFlags.NO_HINTING
    if notdef_outline:
        flags |= uharfbuzz.SubsetFlags.NOTDEF_OUTLINE
    request.flags = flags
    request.drop_table_tag_set.update(int.from_bytes(tag.encode("ascii"), "big") for tag in _DROPPED_TABLES)
    request.pin_all_axes_to_default(face)
    for tag, value in axes.items():
        if tag in tags and not request.pin_axis_location(face, tag, value):
            return None
    static = uharfbuzz.subset(face, request)
    return static.blob.data if static is not None else None
