"""The print-shop booklet: PDF/X-4 with a CMYK output intent, bleed, and crop marks outside the bleed."""

from __future__ import annotations

import pypdf
import pypdfium2
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.pipeline.localized import localized_document
from dmvpub.pipeline.tasks import renderer_for
from dmvpub.core.errors import DmvpubError
from dmvpub.render import printshop

from helpers.pdf import artifact_pdf
from test_build import LOCALES

BLEED = 9  # pt: 0.125 in


@pytest.mark.parametrize("code", LOCALES)
def test_print_shop_booklet_is_pdf_x4_with_a_cmyk_output_intent(built, code):
    shop = artifact_pdf(built, code, "booklet-print")
    root = shop.trailer["/Root"]
    [intent] = root["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data()[16:20] == b"CMYK", "an ICC profile of a CMYK press"
    xmp = root["/Metadata"].get_object().get_data()
    assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert shop.pdf_header == "%PDF-1.6" and shop.metadata["/Trapped"] == "/False"
    assert shop.metadata["/CreationDate"] == shop.metadata["/ModDate"] == "D:20261124000000Z", \
        "the source's current_as_of, not the time of the build"
    # no device RGB without a profile: the templates' RGB colours are sRGB by DefaultRGB
    assert all(page["/Resources"]["/ColorSpace"]["/DefaultRGB"][0] == "/ICCBased" for page in shop.pages)


@pytest.mark.parametrize("code", LOCALES)
def test_every_print_shop_page_has_its_trim_inside_its_bleed_inside_its_media(built, code):
    reading, shop = artifact_pdf(built, code, "booklet"), artifact_pdf(built, code, "booklet-print")
    assert len(shop.pages) == len(reading.pages)
    for page in shop.pages:
        assert "/TrimBox" in page and "/BleedBox" in page and "/ArtBox" not in page
        trim, bleed, media = (box_of(page, name) for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
        assert [round(b - t) for b, t in zip(bleed, trim)] == [-BLEED, -BLEED, BLEED, BLEED]
        assert media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3], \
            "room for the crop marks outside the bleed"
        assert round(trim[2] - trim[0]) == 396 and round(trim[3] - trim[1]) == 612
    assert shop.pages[2].extract_text().split() == reading.pages[2].extract_text().split()


def box_of(page, name) -> list[float]:
    return [float(value) for value in page[name]]


def test_crop_marks_are_drawn_outside_the_bleed_on_the_trim_lines(built):
    path = built.dist / artifact_name(built, "es", "booklet-print")
    document = pypdfium2.PdfDocument(path)
    try:
        scale = 2  # px per pt
        image = document[3].render(scale=scale, grayscale=True).to_pil()  # a text page: white to the trim
    finally:
        document.close()
    margin = -box_of(pypdf.PdfReader(path).pages[3], "/MediaBox")[0] * scale  # px of media past the trim
    width, height = image.size
    pixels = image.load()
    dark = [(x, y) for x in range(width) for y in range(height)
            if (min(x, y, width - x, height - y) < margin) and pixels[x, y] < 128]
    assert dark, "crop marks"
    for x, y in dark:
        past_trim = max(margin - x, x - (width - margin), margin - y, y - (height - margin))
        assert past_trim > BLEED * scale, ("a crop mark inside the bleed", x, y)
        on_trim_line = min(abs(x - margin), abs(x - (width - margin))) <= 2 \
            or min(abs(y - margin), abs(y - (height - margin))) <= 2
        assert on_trim_line, ("a mark off the trim lines", x, y)


def test_the_print_shop_booklet_is_the_same_bytes_each_time(project, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795478400")
    doc = localized_document(project, dmvpub.load_document(project), "en")
    renderer = renderer_for(project)
    first, second = renderer.booklet_pdfs(doc)[1], renderer.booklet_pdfs(doc)[1]
    assert first == second, "no time stamp nor random document id"


def test_a_missing_press_profile_is_a_clear_error(project, monkeypatch, tmp_path):
    monkeypatch.setattr(printshop, "PRESS_PROFILE", tmp_path / "missing.icc")
    printshop._press_profile.cache_clear()
    printshop._press_profile_compressed.cache_clear()
    doc = localized_document(project, dmvpub.load_document(project), "en")
    try:
        with pytest.raises(DmvpubError, match="scribus-data"):
            renderer_for(project).booklet_pdfs(doc)
    finally:
        printshop._press_profile.cache_clear()
        printshop._press_profile_compressed.cache_clear()
