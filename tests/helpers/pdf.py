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
