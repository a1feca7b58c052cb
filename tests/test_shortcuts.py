"""Shortcuts taken for speed (issue #25) do what they say, and the output stays what it was."""

from __future__ import annotations

import io
import json

import pikepdf
import pytest
import weasyprint

from dmvpub.render.patches import ZLIB_LEVEL, install
from dmvpub.render.renderer import pdf_bytes

# The second byte of a zlib stream's header says the level it was made at (RFC 1950, FLEVEL).
ZLIB_HEADERS = {1: b"\x78\x01", 6: b"\x78\x9c", 9: b"\x78\xda"}


@pytest.fixture(autouse=True, scope="module")
def patched():
    """WeasyPrint as dmvpub renders with it, for the documents made here without a Renderer."""
    install()


def test_every_pdf_stream_is_compressed_at_the_chosen_zlib_level():
    document = weasyprint.HTML(string="<p>Hello <b>world</b></p>").render()
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(document)))
    streams = [obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/Filter") == "/FlateDecode"]
    assert len(streams) >= 3, "page content, font and its cmap at least"
    assert {bytes(stream.read_raw_bytes()[:2]) for stream in streams} == {ZLIB_HEADERS[ZLIB_LEVEL]}


def test_a_flyer_is_fitted_again_from_the_size_it_fitted_at_last_time_with_the_same_result(project, monkeypatch):
    from dmvpub import commands as dmvpub
    from dmvpub.render import renderer as render
    from dmvpub.pipeline.distfiles import artifact_name
    from dmvpub.pipeline.tasks import FLYER_SIZE_RECORDS

    starts, layouts = [], []
    first_fitting, layout = render.first_fitting, render.Renderer.layout
    monkeypatch.setattr(render, "first_fitting", lambda count, fits, start: starts.append(render.FLYER_SIZES[start])
                        or first_fitting(count, fits, start))
    monkeypatch.setattr(render.Renderer, "layout", lambda self, html, doc: layouts.append(1) or layout(self, html, doc))
    record = project.dist / FLYER_SIZE_RECORDS / "es.json"
    path = project.dist / artifact_name(project, "es", "flyer")

    def rebuilt() -> bytes:
        starts.clear(), layouts.clear()
        assert not dmvpub.build(project, ["es"], ["flyer"], force=True).failed
        return path.read_bytes()
    first = rebuilt()
    assert starts == [render.FLYER_FIRST_TRY], "no record yet"
    fitted = json.loads(record.read_text())["type_size"]

    assert rebuilt() == first and starts == [fitted]
    assert len(layouts) == (1 if fitted == render.FLYER_SIZES[0] else 2), "that size, and the next larger"

    for stale in (render.FLYER_SIZES[0], render.FLYER_SIZES[-1], "12"):  # too large, too small, damaged
        record.write_text(json.dumps({"type_size": stale}))
        assert rebuilt() == first
        assert starts == [stale if stale in render.FLYER_SIZES else render.FLYER_FIRST_TRY]


def test_the_imposed_booklet_is_recorded_with_the_pages_it_has(project):
    """Its page count comes from the booklet's (half as many sheet sides), not from parsing it again."""
    import pypdf
    from dmvpub import commands as dmvpub
    from dmvpub.pipeline.distfiles import MANIFEST, artifact_name

    assert not dmvpub.build(project, ["ar"], ["booklet", "booklet-imposed"]).failed
    recorded = {entry["kind"]: entry["pages"] for entry in json.loads((project.dist / MANIFEST).read_text())["artifacts"]}
    counted = {kind: len(pypdf.PdfReader(project.dist / artifact_name(project, "ar", kind)).pages)
               for kind in ("booklet", "booklet-imposed")}
    assert recorded == counted and counted["booklet-imposed"] * 2 == counted["booklet"]


def test_a_locale_is_localized_and_checked_once_per_process_for_the_same_inputs(project):
    from dmvpub import commands as dmvpub
    from dmvpub.pipeline.localized import localized_document
    from dmvpub.po import catalog_path
    from dmvpub.core.errors import DmvpubError

    document = dmvpub.load_document(project)
    first = localized_document(project, document, "es")
    assert localized_document(project, dmvpub.load_document(project), "es") is first, "same inputs: kept"

    path = catalog_path(project, "es")
    good = path.read_bytes()
    path.write_bytes(good.replace(first.title.text.encode(), b"Otro t\xc3\xadtulo", 1))
    assert localized_document(project, document, "es").title.text == "Otro título", "a changed catalog is read again"

    path.write_bytes(good + b'\nmsgid "unterminated\n')
    with pytest.raises(DmvpubError):
        localized_document(project, document, "es")
    path.write_bytes(good)
    assert localized_document(project, document, "es") == first


def test_variable_fonts_are_made_static_by_harfbuzz_with_fonttools_outlines(monkeypatch):
    """Noto Sans Myanmar, drawn regular and bold, is embedded static, made without fontTools'
    instancer; the outlines are fontTools' at the default weight and within one unit in bold."""
    from fontTools.ttLib import TTFont
    from fontTools.varLib.instancer import instantiateVariableFont
    from weasyprint.pdf import fonts as weasyprint_fonts

    from dmvpub.fonts.faces import MYANMAR, font_face_css

    def refused(*args, **kwargs):
        raise AssertionError("fontTools' instancer was called")
    monkeypatch.setattr(weasyprint_fonts, "instantiateVariableFont", refused)
    html = (f"<style>{font_face_css(MYANMAR)} body {{ font-family: 'Noto Sans Myanmar'; }}</style>"
            "<html lang='my'><p>မြန်မာ <b>ဘာသာ</b></p></html>")
    pdf = pikepdf.open(io.BytesIO(pdf_bytes(weasyprint.HTML(string=html).render())))
    programs = [TTFont(io.BytesIO(obj.FontFile2.read_bytes())) for obj in pdf.objects
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj]
    assert len(programs) == 2, "regular and bold"
    variable = TTFont(MYANMAR[0].path)
    for program in programs:
        assert "fvar" not in program and "gvar" not in program
        weight = program["OS/2"].usWeightClass
        expected = instantiateVariableFont(TTFont(MYANMAR[0].path), {"wght": weight}, static=True)
        saved = io.BytesIO()
        expected.save(saved)
        expected = TTFont(io.BytesIO(saved.getvalue()))
        names, expected_names = program.getGlyphOrder(), expected.getGlyphOrder()  # glyph ids are kept
        drawn = [gid for gid, name in enumerate(names) if gid and program["glyf"][name].numberOfContours]
        assert drawn
        for gid in drawn:
            ours = program["glyf"][names[gid]].getCoordinates(program["glyf"])[0]
            theirs = expected["glyf"][expected_names[gid]].getCoordinates(expected["glyf"])[0]
            assert len(ours) == len(theirs)
            limit = 0 if weight == variable["fvar"].axes[0].defaultValue else 1
            assert max(max(abs(a - b) for a, b in zip(p, q)) for p, q in zip(ours, theirs)) <= limit, (weight, gid)
