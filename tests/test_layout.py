"""The layout check and the pseudo-locales that stress it: any text stays on the page."""

from __future__ import annotations

import json

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import MANIFEST, artifact_name
from dmvpub.pipeline.localized import localized_document
from dmvpub.pipeline.tasks import renderer_for
from dmvpub.po import catalog_path
from dmvpub.render.layout import layout_problems
from dmvpub.po.pseudo import pseudo_text

from helpers.text import flat
from test_build import LOCALES, SETTINGS

LONG_WORD = "Überwachungsdatenübermittlungsvereinbarungsgesetzgebungsverfahrensbeschleunigungsverordnung"


def test_pseudo_text_keeps_what_checks_compare():
    text = "Current as of %(date)s: see https://example.org/a, Section 302.181 RSMo, 18 months at the DMV."
    pseudo = pseudo_text(text, "en_XA")
    assert pseudo.startswith("[") and pseudo.endswith("]") and len(pseudo) > 1.3 * len(text)
    for kept in ("%(date)s", "https://example.org/a,", "302.181", "18", "DMV"):
        assert kept in pseudo
    assert "Çûrréñţ" in pseudo
    mirrored = pseudo_text("Is it legal?", "ar_XB")
    assert mirrored == "\u202eIs\u202c \u202eit\u202c \u202elegal?\u202c"


def test_pseudo_locales_pass_check_and_the_layout_check_and_stay_unpublished(project):
    assert dmvpub.pseudo(project) == ["locales/en_XA/LC_MESSAGES/messages.po",
                                      "locales/ar_XB/LC_MESSAGES/messages.po"]
    assert dmvpub.check(project, ["en_XA", "ar_XB"]).errors() == []
    result = dmvpub.build(project, ["en", "en_XA", "ar_XB"])
    assert not result.failed and not result.skipped, [str(e) for e in result.failed + result.skipped]
    assert {o.artifact.locale for o in result.outcomes} == {"en", "en_XA", "ar_XB"}
    page = (project.dist / "index.html").read_text(encoding="utf-8")
    assert "en_XA/" not in page and "ar_XB/" not in page and "pseudo" not in page
    release = dmvpub.release(project, codes=["en_XA"])
    assert "a pseudo-locale, for layout tests only" in release.refused["en_XA"]
    manifest = json.loads((project.dist / MANIFEST).read_text(encoding="utf-8"))
    assert {entry["locale"] for entry in manifest["artifacts"]} >= {"en_XA", "ar_XB"}, "dist/ is the working build"


@pytest.mark.parametrize("code", ["en", "es", "ar", "my"])
def test_a_normal_locale_has_no_layout_problem(project, code):
    doc = localized_document(project, dmvpub.load_document(project), code)
    renderer = renderer_for(project)
    assert layout_problems(renderer.booklet(doc).document) == []
    assert layout_problems(renderer.flyer(doc).document) == []


def test_a_long_word_wraps_instead_of_leaving_the_page(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    catalog[0].msgstr = f"Datos del DMV de Missouri e ICE: {LONG_WORD}"
    catalog.save()
    result = dmvpub.build(project, ["es"], ["booklet", "flyer"])
    assert not result.failed, [str(e) for e in result.failed]


def test_text_that_leaves_the_page_is_reported_with_its_message_and_the_last_good_file_stays(project):
    assert not dmvpub.build(project, ["es"], ["booklet"]).failed
    booklet = project.dist / artifact_name(project, "es", "booklet")
    before = booklet.read_bytes()
    css = project.templates / "common.css"  # as if a template lost its wrapping rules
    css.write_text(css.read_text(encoding="utf-8") + "\n* { overflow-wrap: normal !important; "
                   "hyphens: manual !important; }\n", encoding="utf-8")
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    catalog[0].msgstr = f"Datos del DMV de Missouri e ICE: {LONG_WORD}"
    catalog.save()
    line = polib.pofile(str(path))[0].linenum
    result = dmvpub.build(project, ["es"], ["booklet"])
    assert len(result.failed) == 1
    message = str(result.failed[0])
    assert message.startswith(f"locales/es/LC_MESSAGES/messages.po:{line}: layout check: es booklet, page 1: ")
    assert LONG_WORD[:20] in message
    assert booklet.read_bytes() == before


STRANDED = "heading alone at the foot of the page"


@pytest.mark.parametrize("code", LOCALES)
def test_no_booklet_page_ends_with_a_question_heading(code):
    document = dmvpub.load_document(SETTINGS)
    doc, english = (localized_document(SETTINGS, document, c) for c in (code, "en"))
    renderer = renderer_for(SETTINGS)
    bilingual = [renderer.booklet(doc, english)] if code != "en" else []
    for booklet in (renderer.booklet(doc), *bilingual):
        assert [problem for problem in layout_problems(booklet.document) if problem.what.startswith(STRANDED)] == []


def test_a_heading_left_at_the_foot_of_a_page_is_reported_with_its_message(project):
    css = project.templates / "booklet.css"  # as if WeasyPrint gave up `break-after: avoid`
    css.write_text(css.read_text(encoding="utf-8") + "\n.question h2 + *, .original h3 + * "
                   "{ break-before: page !important; }\n", encoding="utf-8")
    document = dmvpub.load_document(project)
    doc, english = (localized_document(project, document, c) for c in ("es", "en"))
    problems = [p for p in layout_problems(renderer_for(project).booklet(doc, english).document) if p.what.startswith(STRANDED)]
    headings = [question.text.text for question in (*doc.questions, *english.questions)]
    assert {flat(p.text) for p in problems} == set(map(flat, headings)), "every question and its English"
    [failed] = dmvpub.build(project, ["es"], ["booklet"]).failed
    assert str(failed).startswith("locales/es/LC_MESSAGES/messages.po:") and f": {STRANDED}, " in str(failed)
