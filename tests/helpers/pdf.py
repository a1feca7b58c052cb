"""A PDF's text, page by page, as each of three readers gets it, and its structure tree.

The readers: PDFium (pypdfium2; Chrome's viewer), poppler (`pdftotext`; evince, okular and most
Linux viewers) and pypdf. PDFium and poppler honour /ActualText (dmvpub.render.textlayer); pypdf
does not. A PDF is given as a path or as its bytes.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

import pypdf
import pypdfium2
import pytest

from dmvpub.pipeline.build import artifact_name

from .text import flat

PDF = Path | bytes


def pdfium_pages(pdf: PDF) -> list[str]:
    """Each page's text as PDFium reads it (lines end in "\\r\\n"; U+FFFE for a hyphen it removed
    at a line's end)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdftotext(pdf: PDF, *options: str) -> subprocess.CompletedProcess:
    """poppler's `pdftotext -enc UTF-8 [options] <pdf> -`, finished (stdout and stderr as text);
    `-raw` keeps the lines as laid out, each hyphen at a line's end included.

    Fails the test, with what to install, where pdftotext is missing: `make test` installs
    poppler-utils, so a machine without it is set up wrong, and skipping would hide that a third
    of the reading tests did not run. Raises CalledProcessError where pdftotext cannot read the PDF.
    """
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (Debian's poppler-utils) is not installed; `make test` installs it")
    with tempfile.TemporaryDirectory() as folder:
        if isinstance(pdf, bytes):
            path = Path(folder) / "read.pdf"
            path.write_bytes(pdf)
        else:
            path = pdf
        return subprocess.run(["pdftotext", "-enc", "UTF-8", *options, str(path), "-"], capture_output=True, text=True,
                              check=True)


def pdftotext_pages(pdf: PDF, *options: str) -> list[str]:
    """Each page's text as poppler reads it (pdftotext ends every page with a form feed)."""
    return pdftotext(pdf, *options).stdout.split("\f")[:-1]


def pypdf_pages(pdf: PDF) -> list[str]:
    """Each page's text as pypdf extracts it (no /ActualText; a right-to-left line's runs from left
    to right)."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf).pages]


READERS = {"pypdfium2": pdfium_pages, "pdftotext": pdftotext_pages, "pypdf": pypdf_pages}


def artifact_pdf(settings, code: str, kind: str) -> pypdf.PdfReader:
    """The built PDF of a locale and kind ("booklet", "flyer", …) in settings.dist, opened with pypdf."""
    return pypdf.PdfReader(settings.dist / artifact_name(settings, code, kind))


def booklet_text(settings, code: str) -> str:
    """The whole text of a locale's built booklet as pypdf reads it, flat (helpers.text.flat)."""
    return flat("".join(pypdf_pages(settings.dist / artifact_name(settings, code, "booklet"))))


def structure(reader: pypdf.PdfReader) -> list[tuple[pypdf.generic.DictionaryObject, str]]:
    """Every structure element (/StructElem) of the tagged PDF, in document order, with the language in
    effect on it: its own /Lang, else its parent's, else the document's (/Root /Lang)."""
    root = reader.trailer["/Root"]
    found = []

    def walk(node, language):
        node = node.get_object()
        language = str(node.get("/Lang", language))
        if node.get("/Type") == "/StructElem":
            found.append((node, language))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            if isinstance(kid, pypdf.generic.IndirectObject) and isinstance(kid.get_object(), dict) \
                    and kid.get_object().get("/Type", "/StructElem") == "/StructElem":
                walk(kid, language)
    walk(root["/StructTreeRoot"], str(root["/Lang"]))
    return found


def _pdfium_string(function, *arguments) -> str:
    """A string a PDFium getter writes as UTF-16LE into a buffer (asked for its size first)."""
    import ctypes
    size = function(*arguments, None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    function(*arguments, ctypes.cast(buffer, function.argtypes[len(arguments)]), size)
    return buffer.raw[:size].decode("utf-16-le").rstrip("\0")


def pdfium_marked_text(pdf: PDF) -> list[list[tuple[list[str], int, str]]]:
    """Each page's text objects as PDFium (Chrome) parses them, in drawing order: (the names of the
    marked-content sequences around it, outermost first, such as ["Artifact"] or ["Span"]; its
    MCID, -1 for none; its text by the font's glyph map)."""
    import pypdfium2.raw as raw
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            textpage = page.get_textpage()
            found = []
            for item in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
                marks = [_pdfium_name(raw.FPDFPageObj_GetMark(item.raw, index))
                         for index in range(raw.FPDFPageObj_CountMarks(item.raw))]
                text = _pdfium_string(raw.FPDFTextObj_GetText, item.raw, textpage.raw)
                found.append((marks, raw.FPDFPageObj_GetMarkedContentID(item.raw), text))
            pages.append(found)
    finally:
        document.close()
    return pages


def _pdfium_name(mark) -> str:
    import ctypes

    import pypdfium2.raw as raw
    length = ctypes.c_ulong()
    raw.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(length))
    buffer = (ctypes.c_ushort * (length.value // 2 + 1))()
    raw.FPDFPageObjMark_GetName(mark, buffer, length.value, ctypes.byref(length))
    return bytes(buffer)[:length.value].decode("utf-16-le").rstrip("\0")


def pdfium_structure(pdf: PDF) -> list[list[tuple[int, str, str, list[int]]]]:
    """Each page's structure tree as PDFium (Chrome's accessibility tree) loads it, in order:
    (depth, type such as "H2", /Lang as PDFium reads it or "", the MCIDs it holds)."""
    import pypdfium2.raw as raw
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    try:
        for page in document:
            tree = raw.FPDF_StructTree_GetForPage(page.raw)
            found = []

            def walk(element, depth):
                mcids = [raw.FPDF_StructElement_GetMarkedContentIdAtIndex(element, index)
                         for index in range(raw.FPDF_StructElement_GetMarkedContentIdCount(element))]
                found.append((depth, _pdfium_string(raw.FPDF_StructElement_GetType, element),
                              _pdfium_string(raw.FPDF_StructElement_GetLang, element), mcids))
                for index in range(raw.FPDF_StructElement_CountChildren(element)):
                    child = raw.FPDF_StructElement_GetChildAtIndex(element, index)
                    if child:
                        walk(child, depth + 1)
            try:
                for index in range(raw.FPDF_StructTree_CountChildren(tree)):
                    walk(raw.FPDF_StructTree_GetChildAtIndex(tree, index), 0)
            finally:
                raw.FPDF_StructTree_Close(tree)
            pages.append(found)
    finally:
        document.close()
    return pages


def structure_nodes(pdf: PDF) -> list[dict]:
    """Every structure element reached from /StructTreeRoot, read with pikepdf, in document
    (reading) order: {"type": "H2", "lang": the language in effect (its /Lang, else its parent's, else
    the document's), "page": its /Pg's index from 0 (inherited; None for none), "mcids": [(page index,
    MCID)] of its own marked content, "objrs": the object ids of the annotations it holds,
    "ancestors": the types of the elements around it, outermost first}."""
    import pikepdf
    document = pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)
    pages = {page.obj.objgen: index for index, page in enumerate(document.pages)}
    nodes: list[dict] = []

    def walk(node, language, page, ancestors):
        language = str(node.get("/Lang", language))
        page = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
        entry = {"type": str(node.get("/S", ""))[1:], "lang": language, "page": page, "mcids": [], "objrs": [],
                 "ancestors": ancestors}
        nodes.append(entry)
        kids = node.get("/K")
        for kid in (kids if isinstance(kids, pikepdf.Array) else [] if kids is None else [kids]):
            if isinstance(kid, int):
                entry["mcids"].append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                entry["objrs"].append(kid.Obj.objgen)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                entry["mcids"].append((pages.get(kid.Pg.objgen, page) if "/Pg" in kid else page, int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary):
                walk(kid, language, page, (*ancestors, entry["type"]))
    try:
        root = document.Root.StructTreeRoot
        kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
        for kid in kids:
            walk(kid, str(document.Root.get("/Lang", "")), None, ())
    finally:
        document.close()
    return nodes


def touching_lines(pdf: PDF, tolerance: float = 0.05) -> list[tuple[int, str, str, float]]:
    """Where the ink of one line of text reaches into the next line's: (page, the upper line's text,
    the lower line's text, how far in pt). Glyph boxes are PDFium's (FPDFText_GetCharBox: the glyph's
    outline, not the font's ascent and descent); a line is the characters on one baseline, and only
    glyphs that stand over each other count. Baselines under 3 pt apart (a superscript) are one line."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    found = []
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            text = page.get_textpage()
            lines: dict[float, list[tuple[float, float, float, float, str]]] = {}
            for index in range(text.count_chars()):
                character = chr(pdfium_c.FPDFText_GetUnicode(text, index))
                if character.isspace() or pdfium_c.FPDFText_IsGenerated(text, index):
                    continue
                left, right, bottom, top = (ctypes.c_double() for _ in range(4))
                x, y = ctypes.c_double(), ctypes.c_double()
                if not pdfium_c.FPDFText_GetCharBox(text, index, left, right, bottom, top) \
                        or top.value <= bottom.value or not pdfium_c.FPDFText_GetCharOrigin(text, index, x, y):
                    continue
                lines.setdefault(round(y.value, 1), []).append(
                    (left.value, right.value, bottom.value, top.value, character))
            baselines = sorted(lines, reverse=True)
            for upper, lower in zip(baselines, baselines[1:]):
                if upper - lower < 3:
                    continue
                reach = max((top - bottom for (l1, r1, bottom, _t, _c) in lines[upper]
                             for (l2, r2, _b, top, _d) in lines[lower] if l1 < r2 and l2 < r1), default=0.0)
                if reach > tolerance:
                    found.append((number, "".join(c[4] for c in lines[upper]), "".join(c[4] for c in lines[lower]),
                                  round(reach, 2)))
    finally:
        document.close()
    return found
