"""Every locale on disk covers all twenty questions, counted independently of dmvpub's own code."""

from __future__ import annotations

import pytest
from babel.messages.pofile import read_po

from dmvpub.po import catalog_path, locale_codes
from dmvpub.commands import load_document, status
from dmvpub.core.settings import load_settings

from conftest import ROOT

SETTINGS = load_settings(ROOT)
DOCUMENT = load_document(SETTINGS)


@pytest.mark.parametrize("code", locale_codes(SETTINGS))
def test_every_question_is_fully_translated(code):
    """Babel reads the catalog; each question's heading, paragraphs and list items must be there."""
    with catalog_path(SETTINGS, code).open("rb") as handle:
        catalog = read_po(handle)
    missing = {}
    for question in DOCUMENT.questions:
        texts = [question.text] + [block.text for block in question.answer if hasattr(block, "text")] + [
            item.text for block in question.answer for item in getattr(block, "items", ())]
        for text in texts:
            message = catalog.get(text, context=question.id)
            if message is None or not message.string or message.fuzzy:
                missing.setdefault(question.id, []).append(text[:40])
    assert not missing, f"{code}: questions not fully translated: {missing}"


@pytest.mark.parametrize("code", locale_codes(SETTINGS))
def test_translations_are_not_the_english_copied(code):
    with catalog_path(SETTINGS, code).open("rb") as handle:
        catalog = read_po(handle)
    copied = [m.id for m in catalog if m.id and m.string == m.id and len(m.id) > 30]
    assert not copied, f"{code}: left in English: {copied[:3]}"


@pytest.mark.parametrize("code", locale_codes(SETTINGS))
def test_status_agrees_and_shows_the_draft(code):
    row = next(r for r in status(SETTINGS).rows if r.locale == code)
    assert (row.questions_covered, row.questions_total) == (20, 20)
    assert row.complete
    if row.review.is_draft:
        assert row.review_note == "draft translation, needs review by a native speaker"
