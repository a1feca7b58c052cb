"""Shortcuts taken for speed (issue #25) do what they say, and the output stays what it was."""

from __future__ import annotations

import io

import pikepdf
import weasyprint

from dmvpub.render import ZLIB_LEVEL, pdf_bytes

# The second byte of a zlib stream's header says the level it was made at (RFC 1950, FLEVEL).
ZLIB_HEADERS = {1: b"\x78\x01", 6: b"\x78\x9c", 9: b"\x78\xda"}


def test_every_pdf_stream_is_compressed_at_the_chosen_zlib_level():
    document = weasyprint.HTML(string="<p>Hello <b>world</b></p>").render()
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(document)))
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/FlateDecode"]
    assert len(streams) >= 3, "page content, font and its cmap at least"
    assert {bytes(stream.read_raw_bytes()[:2]) for stream in streams} == {ZLIB_HEADERS[ZLIB_LEVEL]}
