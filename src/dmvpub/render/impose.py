"""Saddle-stitch imposition with pikepdf: reading-order pages two-up on a sheet twice their width.

Each booklet page becomes a form XObject placed by its /Matrix, so the sheet draws the page
exactly as it was laid out. Done with pikepdf (qpdf) rather than pdfimpose: pdfimpose pulls in
PyMuPDF, whose import loads onnxruntime, which looks up a telemetry host; dmvpub makes no
network request. The booklet is parsed once, by qpdf: about 0.03 s a booklet where pypdf took
0.2 s, pixel-identical sheets, 5 % smaller files (issue #25).
"""

from __future__ import annotations

import hashlib
import io

import pikepdf


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
    """Sheets to print duplex (flip on the short edge), fold once as a stack, and staple: half as
    many sheet sides as `pdf` has pages, each twice a page's width.

    A right-to-left booklet is bound on the right: it is a left-bound booklet read from the
    back, so its pages are imposed in reverse order.
    """
    booklet = pikepdf.open(io.BytesIO(pdf))
    pages = list(booklet.pages)
    if right_to_left:
        pages.reverse()
    left_edge, bottom_edge, right_edge, top_edge = (float(value) for value in pages[0].mediabox)
    width, height = right_edge - left_edge, top_edge - bottom_edge
    imposed = pikepdf.new()
    # each page as a form XObject with its resources, copied once (resources the pages share stay shared)
    forms = [imposed.copy_foreign(page.as_form_xobject()) for page in pages]
    for left, right in saddle_order(len(pages)):
        names = pikepdf.Dictionary()
        drawing = []
        for slot, index in enumerate((left, right)):
            form = forms[index]  # each page is placed once, so its form carries its place
            form.Matrix = pikepdf.Array([1, 0, 0, 1, slot * width - left_edge, -bottom_edge])
            names[f"/Page{slot}"] = form
            drawing.append(f"q /Page{slot} Do Q")
        imposed.pages.append(pikepdf.Page(pikepdf.Dictionary(
            Type=pikepdf.Name.Page, MediaBox=pikepdf.Array([0, 0, 2 * width, height]),
            Resources=pikepdf.Dictionary(XObject=names),
            Contents=imposed.make_stream("\n".join(drawing).encode("ascii")))))
    identifier = pikepdf.String(hashlib.sha256(pdf).digest()[:16])  # from the input, not random: reproducible
    imposed.trailer.ID = pikepdf.Array([identifier, identifier])
    output = io.BytesIO()
    imposed.save(output, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()
