"""Saddle-stitch imposition with pypdf: reading-order pages two-up on a sheet twice their width.

Each booklet page becomes a form XObject placed by its /Matrix, so the sheet draws the page
exactly as it was laid out. Done with pypdf rather than pdfimpose: pdfimpose pulls in PyMuPDF,
whose import loads onnxruntime, which looks up a telemetry host; dmvpub makes no network request.
"""

from __future__ import annotations

import hashlib
import io

import pypdf
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject, FloatObject,
                           NameObject, NumberObject)


def saddle_order(pages: int) -> list[tuple[int, int]]:
    """Page pairs (left, right), 0-based, side by side: sheet 1 front, sheet 1 back, sheet 2 front, ...

    Printed duplex (flip on the short edge) and folded once as a stack, they read in order.
    """
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of four pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        front, back = 2 * sheet, 2 * sheet + 1
        sides.append((pages - 1 - front, front))
        sides.append((back, pages - 1 - back))
    return sides


def impose_booklet(pdf: bytes, right_to_left: bool = False) -> bytes:
    """Sheets to print duplex (flip on the short edge), fold once as a stack, and staple.

    A right-to-left booklet is bound on the right: it is a left-bound booklet read from the
    back, so its pages are imposed in reverse order.
    """
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = list(reader.pages)
    if right_to_left:
        pages.reverse()
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    writer = pypdf.PdfWriter()
    for left, right in saddle_order(len(pages)):
        side = writer.add_blank_page(2 * width, height)
        names = DictionaryObject()
        drawing = []
        for slot, index in enumerate((left, right)):
            name = NameObject(f"/Page{slot}")
            names[name] = writer._add_object(_as_form(pages[index], writer, offset=slot * width))
            drawing.append(f"q {name} Do Q")
        side[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): names})
        content = DecodedStreamObject()
        content.set_data("\n".join(drawing).encode("ascii"))
        side[NameObject("/Contents")] = writer._add_object(content)
    identifier = ByteStringObject(hashlib.sha256(pdf).digest()[:16])  # from the input, not random: reproducible
    writer._ID = ArrayObject((identifier, identifier))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _as_form(page: pypdf.PageObject, writer: pypdf.PdfWriter, offset: float):
    """The page as a form XObject shifted `offset` points to the right, its resources copied into `writer`."""
    box = page.mediabox
    form = DecodedStreamObject()
    form.set_data(page.get_contents().get_data() if page.get_contents() is not None else b"")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): ArrayObject(FloatObject(value) for value in (box.left, box.bottom, box.right, box.top)),
        NameObject("/Matrix"): ArrayObject([NumberObject(1), NumberObject(0), NumberObject(0), NumberObject(1),
                                            FloatObject(offset - float(box.left)), FloatObject(-float(box.bottom))]),
        NameObject("/Resources"): page["/Resources"].clone(writer) if "/Resources" in page else DictionaryObject(),
    })
    return form.flate_encode()
