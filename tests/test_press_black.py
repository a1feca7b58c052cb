"""The print-shop booklet's black is black ink only, and its preflight summary says what a shop checks.

Issue #31: the print-shop PDF drew its text as sRGB #111111, which the press's profile makes
C76 M67 Y63 K95 (300 % ink): four plates for every letter. Read two ways: the content streams
(every colour in force where text, rules and the QR code are drawn) and Ghostscript's separations
(`tiffsep`: one plate per ink, what a RIP would expose).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from PIL import Image, ImageChops, ImageFilter, ImageMath

from dmvpub.pipeline.distfiles import MANIFEST, artifact_name

from test_build import LOCALES

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh"}
STROKING = {"S", "s", "B", "B*", "b", "b*"}
FILLING = PAINTING - {"S", "s"}
SEPARATION_LOCALES = ["en", "ar", "zh_Hans", "my"]  # Latin, Arabic, CJK and Burmese text on the plates


def painted_colours(pdf: pikepdf.Pdf) -> list[tuple[str, tuple[float, ...], str, int]]:
    """(operator that set it, its operands, what was painted, subpaths of the path painted) for
    every fill or stroke colour in force where the pages, and the forms they draw, paint text or
    a path."""
    found = []

    def walk(stream, resources, colour) -> None:
        saved, subpaths = [], 0
        for instruction in pikepdf.parse_content_stream(stream):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            operator, operands = str(instruction.operator), list(instruction.operands)
            if operator == "q":
                saved.append(dict(colour))
            elif operator == "Q":
                colour = saved.pop()
            elif operator in ("rg", "g", "k", "sc", "scn", "cs"):
                colour["fill"] = (operator, tuple(_number(value) for value in operands))
            elif operator in ("RG", "G", "K", "SC", "SCN", "CS"):
                colour["stroke"] = (operator, tuple(_number(value) for value in operands))
            elif operator == "Do":
                item = resources.XObject[operands[0]]
                if item.get("/Subtype") == "/Form":
                    walk(item, item.get("/Resources", resources), dict(colour))
            elif operator in ("m", "re"):
                subpaths += 1
            if operator in FILLING:
                found.append((*colour["fill"], operator, subpaths))
            if operator in STROKING:
                found.append((*colour["stroke"], operator, subpaths))
            if operator in PAINTING or operator == "n":
                subpaths = 0

    for page in pdf.pages:
        walk(page, page.obj.Resources, {"fill": ("g", (0.0,)), "stroke": ("g", (0.0,))})
    return found


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def is_grey_rgb(operator: str, values: tuple) -> bool:
    return operator in ("rg", "RG") and max(values) - min(values) < 1 / 255


@pytest.mark.parametrize("code", LOCALES)
def test_text_rules_and_qr_code_are_painted_in_black_ink_only(built, code):
    with pikepdf.open(built.dist / artifact_name(built, code, "booklet-print")) as pdf:
        painted = painted_colours(pdf)
    text = [(operator, values) for operator, values, painting, _ in painted if painting in ("Tj", "TJ", "'", '"')]
    assert text, "text is painted"
    greys = {(operator, values) for operator, values, _, _ in painted if is_grey_rgb(operator, values)}
    assert not greys, f"black or grey painted in RGB, four inks at press: {sorted(greys)}"
    k_only = [(operator, values) for operator, values in text
              if operator == "k" and values[:3] == (0, 0, 0) and values[3] > 0.9]
    assert len(k_only) > len(text) / 2, "the body text is black ink alone, nearly solid"
    four_inks = {(operator, values) for operator, values, _, _ in painted
                 if operator in ("k", "K") and any(values[:3]) and max(values[:3]) - min(values[:3]) < 0.1}
    assert not four_inks, f"a CMYK black or grey with C, M or Y: {sorted(four_inks)}"
    # the QR code: the back cover's path of many modules (more than 50 subpaths), stroked or filled
    qr = [(operator, values) for operator, values, painting, subpaths in painted if subpaths > 50]
    assert qr and all(operator in ("k", "K") and values == (0, 0, 0, 1) for operator, values in qr), \
        f"the QR code in solid K: {qr}"


def separations(pdf: Path, folder: Path) -> list[dict[str, Image.Image]]:
    """Each page's trim area as Ghostscript's `tiffsep` separates it at 72 dpi for the PDF's
    output intent: {"Cyan": plate, "Magenta": …, "Yellow": …, "Black": …, "CMYK": composite};
    a plate is 8-bit, 255 where that ink is absent, 0 where it is solid."""
    gs = shutil.which("gs")
    if gs is None:
        pytest.fail("Ghostscript (gs) is missing: `make test` installs it (Debian package ghostscript)")
    subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", "-r72", "-dUseTrimBox",
                    "-dUsePDFX3Profile", "-o", str(folder / "page-%03d.tif"), str(pdf)], check=True,
                   capture_output=True)
    pages = []
    for composite in sorted(folder.glob("page-[0-9][0-9][0-9].tif")):
        plates = {ink: Image.open(folder / f"{composite.stem}({ink}).tif").convert("L")
                  for ink in ("Cyan", "Magenta", "Yellow", "Black")}
        pages.append({**plates, "CMYK": Image.open(composite)})
    return pages


def black_and_white_text(page: Image.Image) -> Image.Image:
    """A mask (255) of the dark neutral pixels of an RGB page render, 3 px or more from any colour:
    where the page is black and white."""
    red, green, blue = page.convert("RGB").split()
    darkest = ImageChops.darker(ImageChops.darker(red, green), blue)
    lightest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    colourful = ImageChops.difference(lightest, darkest).point(lambda v: 255 if v > 24 else 0)
    near_colour = colourful.filter(ImageFilter.MaxFilter(7))
    dark = darkest.point(lambda v: 255 if v < 128 else 0)
    return ImageChops.multiply(dark, ImageChops.invert(near_colour))


def count(mask: Image.Image) -> int:
    return mask.histogram()[255]


@pytest.mark.parametrize("code", [code for code in SEPARATION_LOCALES if code in LOCALES])
def test_ghostscript_separations_put_the_text_on_the_black_plate_alone(built, code, tmp_path):
    shop = built.dist / artifact_name(built, code, "booklet-print")
    plates = separations(shop, tmp_path)
    reading = pypdfium2.PdfDocument(built.dist / artifact_name(built, code, "booklet"))
    try:
        renders = [page.render(scale=1).to_pil() for page in reading]
    finally:
        reading.close()
    assert len(plates) == len(renders)
    text_pixels = 0
    for number, (page, render) in enumerate(zip(plates, renders), 1):
        assert page["Black"].size == render.size, "the trim area, as the reading page"
        mask = black_and_white_text(render)
        text_pixels += count(mask)
        for ink in ("Cyan", "Magenta", "Yellow"):
            inked = page[ink].point(lambda v: 255 if v < 255 else 0)
            leak = count(ImageChops.multiply(mask, inked))
            assert leak == 0, f"page {number}: {leak} pixels of black-and-white text on the {ink} plate"
        on_black = count(ImageChops.multiply(mask, page["Black"].point(lambda v: 255 if v < 255 else 0)))
        assert on_black >= 0.5 * count(mask), f"page {number}: the text is on the black plate"
        cyan, magenta, yellow, black = page["CMYK"].split()
        total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                      c=cyan, m=magenta, y=yellow, k=black)
        assert total.getextrema()[1] <= 3 * 255, f"page {number}: total ink over 300 %"
    assert text_pixels > 10_000, "the pages have black-and-white text to separate"


@pytest.mark.parametrize("code", ["en", "ar"])
def test_the_preflight_summary_describes_the_print_shop_file_beside_it(built, code):
    shop = built.dist / artifact_name(built, code, "booklet-print")
    summary = built.dist / artifact_name(built, code, "booklet-preflight")
    assert summary.parent == shop.parent and summary.name == shop.name.removesuffix(".pdf") + ".txt"
    lines = dict(line.split(": ", 1) for line in summary.read_text(encoding="utf-8").splitlines())
    with pikepdf.open(shop) as pdf:  # still a sound PDF/X-4 after its colours were rewritten
        pages = len(pdf.pages)
        assert pdf.check_pdf_syntax() == [], "qpdf finds no damage"
        assert pdf.Root.OutputIntents[0].S == "/GTS_PDFX" and "/DefaultRGB" in pdf.pages[0].Resources.ColorSpace
    assert lines["SHA-256"] == hashlib.sha256(shop.read_bytes()).hexdigest(), "it describes this very file"
    assert lines["Print-shop summary"] == "PDF/X-4, PDF 1.6"
    assert lines["Pages"] == str(pages)
    assert lines["Trim"] == "5.5 x 8.5 in (396 x 612 pt)"
    assert lines["Bleed"] == "0.125 in (9 pt) on every side; crop marks outside the bleed"
    assert lines["Output intent"].startswith("FOGRA39 (ISO Coated v2 300%")
    assert lines["Fonts"].split(", ", 1)[1].startswith("all embedded: ")
    assert lines["Black"].startswith("K only")
    highest = float(lines["Maximum total ink"].split(" %")[0])
    assert 100 <= highest < 300, "solid K text, and colours within the press's limit"
    entries = {entry["path"]: entry for entry in json.loads((built.dist / MANIFEST).read_text())["artifacts"]}
    entry = entries[artifact_name(built, code, "booklet-preflight")]
    assert entry["kind"] == "booklet-preflight" and entry["bytes"] == summary.stat().st_size


def test_a_grey_the_templates_did_not_write_is_made_k_only_too():
    """Forms, patterns and Lab greys: what WeasyPrint could write for another template."""
    from dmvpub.render.inks import black_to_k, colours
    from dmvpub.render.printshop import PRESS_PROFILE
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(100, 100))
    form = pdf.make_stream(b"0.2 0.2 0.2 RG 0 0 m 10 10 l S /L cs 50 0 0 scn 0 0 5 5 re f 50 40 10 scn 1 1 2 2 re f",
                           Type=pikepdf.Name.XObject, Subtype=pikepdf.Name.Form, BBox=[0, 0, 100, 100])
    lab = pikepdf.Array([pikepdf.Name.Lab, pikepdf.Dictionary(WhitePoint=[0.9642, 1, 0.8249])])
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form),
                                            ColorSpace=pikepdf.Dictionary(L=lab))
    page.obj.Contents = pdf.make_stream(b"q 0.5 0.5 0.5 rg 0 0 1 1 re f 1 0 0 rg 2 2 1 1 re f Q /Fm Do")
    black_to_k(pdf, PRESS_PROFILE)
    found = colours(pdf)
    assert not [c for c in found if c[0] == "rgb" and len(set(c[1])) == 1], found
    assert ("rgb", (1.0, 0.0, 0.0)) in found and ("lab", (50.0, 40.0, 10.0)) in found, "colours stay colours"
    k = [values for family, values in found if family == "cmyk"]
    # the two RGB greys, the Lab grey, and the black `/L cs` sets before its first scn
    assert all(values[:3] == (0, 0, 0) for values in k) and len(k) == 4, found
    # the Lab colour after a grey became K is set in Lab again
    assert b"/L cs" in pdf.pages[0].obj.Resources.XObject.Fm.read_bytes().split(b"50 40 10 scn")[0]
