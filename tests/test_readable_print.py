"""Print its readers can read (issue #30): type sizes per script, nothing too small, no automatic
hyphens, addresses broken only after a "/", and the large-print edition.

Sizes are read from the glyphs of the PDFs the build makes (PDFium's size of each character), line
ends from poppler's pdftotext; the per-script sizes are measured again from the pinned font files.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter

import pypdf
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
import weasyprint
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from dmvpub import commands as dmvpub
from dmvpub.core.language import Language, describe
from dmvpub.fonts.faces import LATIN, SCRIPT_FONTS, font_face_css
from dmvpub.pipeline.distfiles import artifact_name, locale_kinds
from dmvpub.po import locale_codes
from dmvpub.render.layout import HYPHENATED, SMALL, layout_problems
from dmvpub.render.patches import install
from dmvpub.render.typesize import (BODY_HEIGHTS, BOOKLET_FOOT_IN, LARGE_BODY_PT, LARGE_PRINT_FOOT_IN, LATIN_CAP_HEIGHT,
                                    LATIN_X_HEIGHT, booklet_sizes, large_print_sizes, script_body)
from dmvpub.text.linebreak import address_breaks

from helpers.pdf import pdftotext_pages, structure, touching_lines

KINDS_MINIMUM = {"booklet": 9.0, "booklet-bilingual": 9.0, "flyer": 9.0, "booklet-large-print": 14.0}
ADDRESS = re.compile(r"(?:https?://|mailto:)[^\s)\]>]+")


def glyph_sizes(path) -> list[tuple[int, str, float]]:
    """(page, character, size in pt) of every visible character of a PDF, as PDFium reads it."""
    found = []
    document = pypdfium2.PdfDocument(path)
    try:
        for number, page in enumerate(document, start=1):
            text = page.get_textpage()
            for index in range(text.count_chars()):
                character = chr(pdfium_c.FPDFText_GetUnicode(text, index))
                if character.isspace() or not character.isprintable() or pdfium_c.FPDFText_IsGenerated(text, index):
                    continue
                found.append((number, character, round(pdfium_c.FPDFText_GetFontSize(text, index), 2)))
    finally:
        document.close()
    return found


def _letter_height(face, letters: str, top_only: bool) -> float:
    font = TTFont(face.path, lazy=True)
    glyphs, cmap, em = font.getGlyphSet(), font.getBestCmap(), font["head"].unitsPerEm
    heights = []
    for letter in letters:
        pen = BoundsPen(glyphs)
        glyphs[cmap[ord(letter)]].draw(pen)
        low, high = pen.bounds[1], pen.bounds[3]
        heights.append((high if top_only else high - low) / em)
    return statistics.median(heights)


def test_each_scripts_body_height_is_measured_from_its_pinned_font():
    """typesize's table holds what the font files say (median of the typical letters' glyph heights;
    above the baseline for Arabic, whose letters reach below it)."""
    faces = {}  # family -> its regular face, the first one declared
    for face in (face for faces in SCRIPT_FONTS.values() for face in faces):
        faces.setdefault(face.family, face)
    for (script, family), (letters, height, latin) in BODY_HEIGHTS.items():
        measured = _letter_height(faces[family], letters, top_only=script == "Arab")
        assert measured == pytest.approx(height, abs=0.012), (script, family, measured)
        assert latin in (LATIN_X_HEIGHT, LATIN_CAP_HEIGHT)
    latin = TTFont(LATIN[0].path, lazy=True)
    em = latin["head"].unitsPerEm
    assert latin["OS/2"].sxHeight / em == pytest.approx(LATIN_X_HEIGHT, abs=0.001)
    assert latin["OS/2"].sCapHeight / em == pytest.approx(LATIN_CAP_HEIGHT, abs=0.001)


def test_a_script_with_smaller_letters_is_set_larger_and_none_under_12_pt():
    def size(code, script, direction="ltr", base=12.0):
        return script_body(Language(code, code, script, direction), base)
    assert size("es", "Latn") == 12.0 and size("uk", "Cyrl") == 12.0
    # Tajawal's letters are 0.44 em tall against Latin's 0.486: 12 x 0.486 / 0.44 = 13.25, up to 13.5
    assert size("ar", "Arab", "rtl") == 13.5
    assert size("ps", "Arab", "rtl") > size("ar", "Arab", "rtl")  # Kurinto Sans's Arabic is smaller still
    for code, script in (("ne", "Deva"), ("ti", "Ethi"), ("my", "Mymr"), ("zh_Hans", "Hans"), ("ko", "Kore")):
        assert size(code, script) == 12.0  # their letters are as tall as Latin's, or taller
    assert size("ar", "Arab", "rtl", LARGE_BODY_PT) >= 18 * 0.486 / 0.44


def _page(body: str, css: str = "") -> weasyprint.Document:
    install()
    return weasyprint.HTML(string=f"""<html lang="es"><style>{font_face_css(LATIN)}
        @page {{ size: 5.5in 8.5in; margin: 0.5in }} html {{ font: 12pt "Source Sans 3" }} {css}</style>
        <body><div style="width: 2.2in">{body}</div></body></html>""").render()


def test_the_layout_check_finds_small_type_and_automatic_hyphens_and_not_typed_ones():
    small = _page("<p>Texto normal y <span style='font-size: 8pt'>letra chica</span>.</p>")
    assert [p.what for p in layout_problems(small)] == [f"{SMALL}: 8.0 pt, under 9 pt"]
    assert [p.what for p in layout_problems(_page("<p>Texto de doce puntos.</p>"), 14.0)] == \
        [f"{SMALL}: 12.0 pt, under 14 pt"]
    text = "<p>La información compartida administrativamente por las autoridades gubernamentales.</p>"
    hyphenated = [p.what for p in layout_problems(_page(text, "p { hyphens: auto }"))]
    assert any(what.startswith(HYPHENATED) for what in hyphenated), hyphenated
    assert layout_problems(_page(text, "p { hyphens: manual }")) == []
    typed = "<p>La información compartida administra\u00adtivamente por las autoridades guberna\u00admentales.</p>"
    assert not any(p.what.startswith(HYPHENATED) for p in layout_problems(_page(typed, "p { hyphens: manual }")))


def test_an_address_breaks_only_after_a_slash():
    address = "https://dor.mo.gov/faq/driver-license/proof-of-lawful-presence-documents-required.html"
    joined = address_breaks(address)
    assert joined.replace("\u2060", "") == address
    assert "-\u2060" in joined and "/\u2060" not in joined


LONG_ADDRESS = "https://dor.mo.gov/motor-vehicle/driver-license/faq/proof-of-lawful-presence-documents-required.html"


def test_a_printed_address_goes_whole_onto_a_line_and_breaks_only_after_a_slash():
    """A link's address as a note after an answer, and inside a footnote, in a narrow column set
    with the booklet's own styles: never broken at one of its hyphens, no hyphen added."""
    from conftest import ROOT
    from dmvpub.text.richtext import address_link
    css = (ROOT / "templates" / "common.css").read_text(encoding="utf-8")
    link = address_link(LONG_ADDRESS)
    body = (f'<ol class="answer-notes"><li class="address"><span class="note-number">1</span> '
            f'<bdi dir="ltr">{link}</bdi></li>'
            f'<li><span class="note-number">2</span> Departamento de Ingresos de Missouri, declaración '
            f'<span class="address">({link})</span>.</li></ol>')
    for width in ("3.6in", "4in", "4.5in"):  # the booklet's column: 4.5 in
        document = _page(body.replace("<ol", f'<ol style="width: {width}"', 1), css)
        assert layout_problems(document) == []
        text = pdftotext_pages(document.write_pdf(), "-raw")[0]
        pieces = _lines_split_inside(text, LONG_ADDRESS)
        assert pieces, "the address is longer than the column: it breaks"
        assert all(piece.endswith("/") for piece in pieces), pieces
        lines = text.splitlines()
        for line, after in zip(lines, lines[1:]):
            if after.startswith(("https://", "(https://")):
                assert "https://" not in line, (line, after)
            assert not re.search(r"[-\u2010]$", line) or "https" not in line + after, (line, after)


def _lines_split_inside(text: str, address: str) -> list[str]:
    """Where the printed `text` breaks a line inside `address`: the piece before each break."""
    pattern = r"\s*".join(map(re.escape, address))
    return [piece for match in re.finditer(pattern, text) for piece in re.split(r"\n", match.group())[:-1]]


@pytest.fixture(scope="module")
def spanish(tmp_path_factory):
    from conftest import copy_project
    settings = copy_project(tmp_path_factory.mktemp("readable") / "project")
    result = dmvpub.build(settings, ["es"], ["booklet", "booklet-bilingual", "booklet-large-print", "flyer"],
                          jobs=1)
    assert not result.failed, [str(error) for error in result.failed]
    return settings


@pytest.mark.parametrize("kind", list(KINDS_MINIMUM))
def test_spanish_print_has_nothing_under_its_minimum_and_a_body_at_least_12_or_18_pt(spanish, kind):
    sizes = glyph_sizes(spanish.dist / artifact_name(spanish, "es", kind))
    minimum = KINDS_MINIMUM[kind]
    small = [(page, character, size) for page, character, size in sizes if size < minimum - 0.05]
    assert small == [], small[:10]
    body = Counter(size for _page, _character, size in sizes).most_common(1)[0][0]
    if kind != "flyer":  # the flyer's size is fitted to one page, 9 pt at the least
        assert body >= (18.0 if kind == "booklet-large-print" else 12.0)


def test_spanish_print_has_no_automatic_hyphen_and_addresses_break_only_after_a_slash(spanish):
    source = (spanish.root / "locales/es/LC_MESSAGES/messages.po").read_text(encoding="utf-8")
    words = set(re.findall(r"\w+", source))
    addresses = set(ADDRESS.findall(source)) | {spanish.url}
    for kind in ("booklet", "booklet-bilingual", "booklet-large-print", "flyer"):
        pages = pdftotext_pages(spanish.dist / artifact_name(spanish, "es", kind), "-raw")
        text = "\n".join(pages)
        lines = [line.rstrip() for line in text.splitlines()]
        split = [(line, after) for line, after in zip(lines, lines[1:])
                 if re.search(r"\w[-\u2010]$", line) and re.match(r"\w+", after.lstrip())
                 and re.search(r"(\w+)[-\u2010]$", line).group(1) + re.match(r"\w+", after.lstrip()).group()
                 in words]
        assert split == [], (kind, split[:5])
        for address in addresses:
            for piece in _lines_split_inside(text, address.removeprefix("mailto:")):
                assert piece.endswith("/"), (kind, address, piece)


def test_the_large_print_edition_is_on_letter_pages_listed_and_its_booklets_take_whole_sheets(spanish):
    reader = pypdf.PdfReader(spanish.dist / artifact_name(spanish, "es", "booklet-large-print"))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    roles = Counter(str(element["/S"]) for element, language in structure(reader) if language == "es")
    for role in ("/H1", "/P", "/L", "/Link"):  # tagged like the booklet, in Spanish
        assert roles[role] > 0, role
    assert roles["/H2"] >= 21, "the contents' heading and one per question"
    assert "booklet-large-print" in locale_kinds(spanish, "es")
    booklet = pypdf.PdfReader(spanish.dist / artifact_name(spanish, "es", "booklet"))
    assert len(booklet.pages) % 4 == 0
    page = (spanish.dist / "index.html").read_text(encoding="utf-8")
    large = artifact_name(spanish, "es", "booklet-large-print")
    assert f'href="{large}"' in page and "Large-print edition" in page
    assert f"{len(booklet.pages) // 4} sheets folded" in page


def test_every_locale_and_kind_meets_the_minimums(built):
    """Every locale's booklet, bilingual booklet, large-print edition and flyer: nothing under its
    minimum, the body at least 12 pt (18 pt in large print), booklets a multiple of four pages.
    (Automatic hyphens are the build's own layout check's to refuse: `built` built them all.)"""
    for code in locale_codes(built):
        for kind in locale_kinds(built, code, tuple(KINDS_MINIMUM)):
            path = built.dist / artifact_name(built, code, kind)
            if not path.exists():
                continue  # a pseudo-locale or a language not printed
            sizes = glyph_sizes(path)
            small = [entry for entry in sizes if entry[2] < KINDS_MINIMUM[kind] - 0.05]
            assert small == [], (code, kind, small[:5])
            if kind in ("booklet", "booklet-bilingual"):
                assert len(pypdf.PdfReader(path).pages) % 4 == 0, (code, kind)
                body = Counter(size for _page, _c, size in sizes).most_common(1)[0][0]
                assert body >= 12.0, (code, kind, body)
            if kind == "booklet-large-print":
                body = Counter(size for _page, _c, size in sizes).most_common(1)[0][0]
                assert body >= 18.0, (code, body)


def test_no_line_of_any_printed_file_touches_the_next(built):
    """Every locale's booklet, bilingual booklet, large-print edition and flyer: the ink of one line
    (its stacked marks, its dots) stays clear of the next line's. Headings and draft notes are set
    tight; in Burmese and in Pashto and Dari they touched (typesize.TIGHT_LEADING)."""
    touching = {}
    for code in locale_codes(built):
        for kind in locale_kinds(built, code, tuple(KINDS_MINIMUM)):
            path = built.dist / artifact_name(built, code, kind)
            if path.exists() and (found := touching_lines(path)):
                touching[code, kind] = found[:3]
    assert touching == {}


def test_the_foot_grows_to_hold_draft_notes_set_with_more_line_spacing():
    burmese, pashto, spanish = (describe(code) for code in ("my", "ps", "es"))
    assert booklet_sizes(spanish).foot == BOOKLET_FOOT_IN and booklet_sizes(spanish).tight_leading is None
    assert booklet_sizes(burmese).tight_leading == 1.55 and booklet_sizes(pashto).tight_leading == 1.45
    for sizes, least in ((booklet_sizes(pashto), BOOKLET_FOOT_IN), (large_print_sizes(burmese), LARGE_PRINT_FOOT_IN)):
        notes = 4 * sizes.small * sizes.tight_leading / 72
        assert sizes.foot > least and sizes.foot >= 0.08 + notes + 0.125, sizes
