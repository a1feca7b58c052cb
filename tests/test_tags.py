"""The structure tree of each kind of PDF against the PDF/UA-1 (ISO 14289-1) points of issue #23:
7.2 natural language (/Lang on every passage in another language), 7.3 figures (/Alt), and the
headings, lists and links that were there before. No full PDF/UA validator is run (README)."""

from __future__ import annotations

import collections

import pytest

from dmvpub.pipeline.distfiles import artifact_name, locale_kinds
from dmvpub.core.language import describe

from conftest import edit
from helpers.pdf import artifact_pdf, structure
from test_reading import LOCALES, SETTINGS

KINDS = ["booklet", "booklet-bilingual", "flyer", "booklet-print"]

CASES = [pytest.param(code, kind, id=f"{code}-{kind}")
         for code in LOCALES for kind in KINDS if kind in locale_kinds(SETTINGS, code)]


@pytest.mark.parametrize(("code", "kind"), CASES)
def test_figures_have_alternative_text_and_the_tree_has_headings_lists_links(built, code, kind):
    reader = artifact_pdf(built, code, kind)
    assert str(reader.trailer["/Root"]["/Lang"]) == describe(code).tag
    elements = structure(reader)
    types = collections.Counter(str(element["/S"]) for element, _ in elements)
    figures = [element for element, _ in elements if element["/S"] == "/Figure"]
    assert figures, "the QR code is a figure"
    for figure in figures:  # 7.3: what the figure is, here where the QR code leads
        assert built.url in str(figure.get("/Alt", "")), figure
    assert types["/H1"] == 1 and types["/L"] >= 1 and types["/LI"] >= 20
    if kind != "flyer":
        assert types["/H2"] >= 20 and types["/Link"] >= 20


@pytest.mark.parametrize("code", [code for code in LOCALES if code != SETTINGS.source_locale])
def test_the_bilingual_booklets_english_is_tagged_english(built, code):
    reader = artifact_pdf(built, code, "booklet-bilingual")
    elements = structure(reader)
    english = [element for element, _ in elements if str(element.get("/Lang")) == "en"]
    # one /Div per question (WeasyPrint makes one more where a page break splits one)
    assert len(english) >= 20 and all(element["/S"] == "/Div" for element in english)
    # the English original's heading and paragraphs sit inside it, so they are read as English
    inside = [language for element, language in elements if element["/S"] == "/H3"]
    assert inside == ["en"] * 20
    # and the name of the language, in the reader's language, is tagged back
    back = [element for element, _ in elements if str(element.get("/Lang")) == describe(code).tag]
    assert len(back) == 20
    # nothing else says it is in another language
    assert all(str(element.get("/Lang", describe(code).tag)) in ("en", describe(code).tag) for element, _ in elements)


def test_an_english_fallback_passage_is_tagged_english(project):
    from dmvpub import commands as dmvpub
    edit(project, "es", "what-is-shared", "What information", lambda msgstr: "")
    result = dmvpub.build(project, ["es"], ["booklet"])
    assert not result.failed, [str(error) for error in result.failed]
    reader = artifact_pdf(project, "es", "booklet")
    english = [element for element, language in structure(reader) if str(element.get("/Lang")) == "en"]
    # the heading in the contents, the heading above the answer, and the marker explained on the contents page
    assert len(english) >= 3, english
    assert all(language in ("en", "es") for _, language in structure(reader))
