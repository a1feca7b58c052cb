"""The print-shop booklet: the reading booklet's PDF made PDF/X-4 for a press, without laying it out again.

What a print shop needs differs from the reading PDF only in how the laid-out pages are framed,
never in what is drawn on them, so the reading PDF's bytes are taken as they are (with pikepdf,
qpdf's bindings: every page's drawing, fonts, tags, structure tree, links and text layer stay
byte for byte, but for the colour operators of black and grey) and only the frame is added:

- each page's canvas (MediaBox) grows by BLEED + MARKS on every side; the TrimBox is the page
  as laid out and the BleedBox 0.125 in outside it;
- black and grey in black ink only (render.inks): every neutral RGB colour of the pages, their
  forms, patterns and annotation appearances becomes DeviceCMYK with C = M = Y = 0, so text, rules
  and the QR code print on the K plate alone (issue #31); colours (the headings' blue) stay sRGB;
- crop marks on the trim lines, in the outer half of the paper past the bleed, in black ink only,
  marked as artifacts (screen readers skip them);
- the press's CMYK profile (FOGRA39) as the PDF/X output intent, and a DefaultRGB colour
  space (sRGB) in every resource dictionary: PDF/X-4 allows no device RGB with a CMYK intent,
  and the templates' colours are RGB, so they become sRGB for the RIP to convert;
- PDF 1.6, PDF/X-4 XMP metadata as WeasyPrint writes it, /Trapped, and dates and ids that are
  the same in every build of the same pages: the document's own date (the source's
  `current_as_of`, core.dates; never the environment's SOURCE_DATE_EPOCH) and a hash of the
  reading PDF.

It replaced a second full WeasyPrint write of the same layout (issue #25): 9 % of a build's
time, two thirds of it drawing every line again. The pages were pixel-identical to that write
(poppler at 100 dpi; see benchmarks/RESULTS.md) until black became K only (render.inks); the
preflight summary beside the file is render.preflight's.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import io
import time
import uuid
import zlib
from datetime import date
from pathlib import Path

import pikepdf
from PIL import ImageCms
from weasyprint.pdf.metadata import DocumentMetadata

from ..core.dates import day_epoch
from ..core.errors import DmvpubError
from .inks import black_to_k
from .patches import ZLIB_LEVEL

BLEED = 9.0  # pt: 0.125 in of bleed past the trim
MARKS = 18.0  # pt: 0.25 in of paper past the bleed; the crop marks are drawn in its outer half
MARK_WIDTH = 0.75  # pt: the crop marks' line width (1 CSS px, as WeasyPrint draws them)
VERSION = "1.6"  # PDF/X-4 is based on PDF 1.6
CONFORMANCE = "PDF/X-4"
# ISO Coated v2 300% (basICColor), the FOGRA39 characterization, zlib licence: Debian's scribus-data
# (Makefile). No freely licensed GRACoL or SWOP profile is packaged; a US shop converts from FOGRA39.
PRESS_PROFILE = Path("/usr/share/scribus/profiles/ISOcoated_v2_300_bas.icc")
PRESS_CONDITION = "FOGRA39"  # the output condition PRESS_PROFILE characterizes, in the ICC registry


def print_shop_pdf(reading: bytes, dated: date) -> bytes:
    """The reading booklet's PDF (`reading`, as WeasyPrint wrote it) as PDF/X-4 for a print shop:
    bleed and crop marks on a larger canvas, the press's output intent, still tagged; created and
    modified (document information and XMP) at 00:00 UTC of `dated`, the source's `current_as_of`.
    Same bytes for the same input, whatever the environment.

    Raises DmvpubError if the press profile is not installed. The pages' own drawing is not
    extended into the bleed: the templates print nothing to the page's edge (no page background).
    """
    document_id = hashlib.sha256(reading).digest()[:16]
    pdf = pikepdf.open(io.BytesIO(reading))
    srgb = pdf.make_stream(_srgb_profile_compressed(), Filter=pikepdf.Name.FlateDecode, N=3)
    default_rgb = pikepdf.Array([pikepdf.Name.ICCBased, srgb])
    _press_profile()  # a missing profile is an error before any work
    black_to_k(pdf, PRESS_PROFILE)
    marks = {}  # page size -> the crop marks' content stream, shared by the pages of that size
    grown = BLEED + MARKS
    for page in pdf.pages:
        left, bottom, right, top = (float(value) for value in page.obj.MediaBox)
        if (left, bottom) != (0, 0):
            raise DmvpubError("the print-shop booklet is made from a reading PDF whose pages start at 0, 0")
        page.obj.TrimBox = pikepdf.Array([0, 0, right, top])
        page.obj.BleedBox = pikepdf.Array([-BLEED, -BLEED, right + BLEED, top + BLEED])
        page.obj.MediaBox = pikepdf.Array([-grown, -grown, right + grown, top + grown])
        if "/ArtBox" in page.obj:  # PDF/X wants a TrimBox or an ArtBox, not both
            del page.obj.ArtBox
        if (right, top) not in marks:
            marks[right, top] = pdf.make_stream(_marks_content(right, top))
        contents = page.obj.get("/Contents", pikepdf.Array())
        page.obj.Contents = pikepdf.Array([marks[right, top],
                                           *(contents if isinstance(contents, pikepdf.Array) else [contents])])
    for resources in _resource_dictionaries(pdf):
        if "/ColorSpace" not in resources:
            resources.ColorSpace = pikepdf.Dictionary()
        resources.ColorSpace.DefaultRGB = default_rgb

    profile = pdf.make_stream(_press_profile_compressed(), Filter=pikepdf.Name.FlateDecode, N=4)
    pdf.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(PRESS_CONDITION), Info=pikepdf.String(_press_profile_name()),
        RegistryName=pikepdf.String("http://www.color.org"), DestOutputProfile=profile)])

    date = time.gmtime(day_epoch(dated))
    info = pdf.docinfo
    info.Trapped = pikepdf.Name("/False")
    info.CreationDate = info.ModDate = pikepdf.String(_pdf_date(date))
    pdf.Root.Metadata = pdf.make_stream(_xmp(info, date, uuid.UUID(bytes=document_id, version=4)),
                                        Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(document_id), pikepdf.String(document_id)])
    output = io.BytesIO()
    # streams are copied as they are (no decompressing, no recompressing)
    pdf.save(output, force_version=VERSION, fix_metadata_version=False, deterministic_id=True,
             stream_decode_level=pikepdf.StreamDecodeLevel.none, recompress_flate=False,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return output.getvalue()


def _marks_content(width: float, height: float) -> bytes:
    """Crop marks on the trim lines of a `width` x `height` pt page, from the canvas's edge to half
    way to the bleed, in black ink only, as an artifact, in the page's own (unflipped) coordinates."""
    outer = -(BLEED + MARKS)
    inner = outer / 2  # WeasyPrint's crop marks: the outer half of its CSS bleed, which includes the marks' room
    lines = []
    for x in (0, width):  # vertical marks, below and above the page
        lines += [(x, outer, x, inner), (x, height - outer, x, height - inner)]
    for y in (0, height):  # horizontal marks, left and right of the page
        lines += [(outer, y, inner, y), (width - outer, y, width - inner, y)]
    path = "\n".join(f"{x1:g} {y1:g} m {x2:g} {y2:g} l" for x1, y1, x2, y2 in lines)
    return f"q\n/Artifact BMC\n0 0 0 1 K {MARK_WIDTH:g} w [] 0 d 0 J 0 j\n{path}\nS\nEMC\nQ\n".encode("ascii")


def _resource_dictionaries(pdf):
    """Every resource dictionary of the file: the pages', and those of forms, patterns and fonts
    drawn in them (a colour space's default is looked up in the resources in force)."""
    seen, found = set(), []
    for obj in pdf.objects:
        if isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)) and "/Resources" in obj:
            resources = obj.Resources
            key = resources.objgen if resources.is_indirect else id(resources)
            if isinstance(resources, pikepdf.Dictionary) and key not in seen:
                seen.add(key)
                found.append(resources)
    return found


def _pdf_date(date: time.struct_time) -> str:
    return time.strftime("D:%Y%m%d%H%M%SZ", date)


def _xmp(info, date: time.struct_time, document_id: uuid.UUID) -> bytes:
    """PDF/X-4 XMP metadata, as WeasyPrint writes it for the same document information."""

    def text(key: str) -> str | None:
        return str(info[key]) if key in info else None
    iso = time.strftime("%Y-%m-%dT%H:%M:%SZ", date)
    metadata = DocumentMetadata(title=text("/Title"), description=text("/Subject"), generator=text("/Creator"),
                                authors=[text("/Author")] if "/Author" in info else [],
                                keywords=[text("/Keywords")] if "/Keywords" in info else [],
                                created=iso, modified=iso)
    rdf = metadata.generate_rdf_metadata("x", 4, CONFORMANCE)
    # WeasyPrint puts a random document id here; the hash of the pages keeps builds reproducible
    start = rdf.index(b"xmp.did:") + len(b"xmp.did:")
    rdf = rdf[:start] + str(document_id).encode() + rdf[start + 36:]
    return b"\n".join((b'<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>\n<x:xmpmeta xmlns:x="adobe:ns:meta/">',
                       rdf, b'</x:xmpmeta>\n<?xpacket end="r"?>'))


@functools.cache
def _press_profile() -> bytes:
    try:
        return PRESS_PROFILE.read_bytes()
    except OSError as error:
        raise DmvpubError(f"the print-shop booklet needs the CMYK profile {PRESS_PROFILE} ({error.strerror}); "
                          "`make system` installs it (Debian package scribus-data)") from None


@functools.cache
def _press_profile_compressed() -> bytes:
    """The press profile is a megabyte: compressed once per process, not once per booklet."""
    return zlib.compress(_press_profile(), ZLIB_LEVEL)


@functools.cache
def _press_profile_name() -> str:
    """The profile's own name (its description tag), as WeasyPrint names an output intent."""
    profile = ImageCms.ImageCmsProfile(io.BytesIO(_press_profile())).profile
    return profile.model or profile.profile_description


@functools.cache
def _srgb_profile_compressed() -> bytes:
    return zlib.compress((importlib.resources.files("weasyprint.pdf") / "sRGB2014.icc").read_bytes(), ZLIB_LEVEL)
