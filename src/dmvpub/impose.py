"""Saddle-stitch imposition: reading-order pages two-up on landscape US Letter, by pdfimpose."""

from __future__ import annotations

import hashlib
import io

import pypdf
from pypdf.generic import ArrayObject, ByteStringObject
from pdfimpose.schema import saddle


def impose_booklet(pdf: bytes, right_to_left: bool = False) -> bytes:
    """Sheets to print duplex (flip on the short edge), fold once as a stack, and staple.

    A right-to-left booklet is bound on the right: it is a left-bound booklet read from the
    back, so its pages go to pdfimpose in reverse order.
    """
    if right_to_left:
        pdf = _reversed(pdf)
    output = io.BytesIO()
    saddle.impose([io.BytesIO(pdf)], output, signature=(2, 1))
    return _with_identifier(output.getvalue(), hashlib.sha256(pdf).digest()[:16])


def _with_identifier(pdf: bytes, identifier: bytes) -> bytes:
    """The PDF with a file identifier derived from its input, not random, so builds are reproducible."""
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf)))
    writer._ID = ArrayObject((ByteStringObject(identifier), ByteStringObject(identifier)))
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _reversed(pdf: bytes) -> bytes:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    writer = pypdf.PdfWriter()
    for page in reversed(reader.pages):
        writer.add_page(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
