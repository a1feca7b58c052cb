"""Issue #29: reviewed means a person read this translation, in this language, against the English.

A sign-off covers the locale and exactly the text shown (codes); a copied sign-off names no one;
names with commas stay whole; a fuzzy guess never crosses questions with its flags and comments.
"""

from __future__ import annotations

import shutil
from datetime import date

import polib
import pytest

from helpers.review import codes, sign
from dmvpub import commands as dmvpub
from dmvpub.core.errors import DmvpubError
from dmvpub.po import catalog_path
from dmvpub.review import CHANGED, REVIEWED, UNREVIEWED

from conftest import FRONT, write_project

DAY = date(2026, 11, 28)
SOURCE = FRONT + """
## First question? {#first}

First answer, with 18 months in it.

## Second question? {#second}

Second answer.
"""


def small(tmp_path, code="es"):
    settings = write_project(tmp_path / "small", SOURCE, questions=2)
    dmvpub.extract(settings)
    dmvpub.init(settings, code)
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"{code.upper()} {entry.msgid}".replace("Not ", "No ")  # as many negations
    catalog.save()
    return settings


def states(settings, code):
    from dmvpub.po import template_messages
    from dmvpub.review import translation_review_state
    document = dmvpub.load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    path = catalog_path(settings, code)
    return {m.msgid: m.state for m in translation_review_state(document, templates, polib.pofile(str(path)),
                                                                 settings.relative(path), code).messages}


def test_a_catalog_copied_to_another_language_starts_unreviewed(tmp_path):
    settings = small(tmp_path, "bs")
    sign(settings, "bs", "Ana", on=DAY)
    assert set(states(settings, "bs").values()) == {REVIEWED}
    target = catalog_path(settings, "hr")
    target.parent.mkdir(parents=True)
    shutil.copy(catalog_path(settings, "bs"), target)
    text = target.read_text(encoding="utf-8").replace('"Language: bs\\n"', '"Language: hr\\n"')
    target.write_text(text, encoding="utf-8")
    assert REVIEWED not in set(states(settings, "hr").values())
    row = next(r for r in dmvpub.status(settings).rows if r.locale == "hr")
    assert row.reviewed == "0/2" and row.review.is_draft
    findings = [f for f in dmvpub.check(settings, ["hr"]).findings if f.check == "review" and f.line]
    assert findings and all("signed off by" not in f.message for f in findings)
    assert any("copied or altered" in f.message for f in findings)


def test_signing_needs_the_codes_shown_and_a_code_whose_text_changed_signs_nothing(tmp_path):
    settings = small(tmp_path)
    with pytest.raises(DmvpubError, match="--code"):
        dmvpub.review(settings, "es", "Ana", [], DAY)
    sheet = dmvpub.review_sheet(settings, "es")  # what the reviewer reads, and the codes recorded as shown
    first, second = (item.unit.code for item in sheet.units[:2])
    path = catalog_path(settings, "es")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "ES Second answer."',
                                                             'msgstr "ES The second answer is no."'), encoding="utf-8")
    result = dmvpub.review(settings, "es", "Ana", [first, second], DAY)
    assert {m.context for m in result.signed} == {"first"}
    assert len(result.codes_refused) == 1
    assert result.codes_refused[0].startswith(f"{second}: question 2 (second) changed since it was shown")
    now = states(settings, "es")
    assert now["Second answer."] == UNREVIEWED and now["First answer, with 18 months in it."] == REVIEWED
    assert "no question of es has this code" in dmvpub.review(settings, "es", "Ana", ["0123456789"], DAY).codes_refused[0]


def test_the_sheet_shows_both_sides_the_code_and_what_changed_since_the_sign_off(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Ana", on=DAY)
    path = catalog_path(settings, "es")
    path.write_text(path.read_text(encoding="utf-8").replace('msgstr "ES Second answer."',
                                                             'msgstr "ES Second answer, not."'), encoding="utf-8")
    sheet = dmvpub.review_sheet(settings, "es", write=False)
    unit = next(item for item in sheet.units if item.unit.id == "second")
    assert unit.unit.state == "changed since review"
    message = next(m for m in unit.messages if m.message.msgid == "Second answer.")
    assert message.message.translation == "ES Second answer, not."
    assert ("added", ", not") in message.translation_diff
    assert any("review:" in finding for finding in message.findings)


def test_a_copied_sign_off_names_no_reviewer_and_comma_names_stay_whole(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Pérez, Ana", ["first"], DAY)
    sign(settings, "es", "Bo", ["second"], DAY)
    catalog = polib.pofile(str(catalog_path(settings, "es")))
    assert catalog.metadata["X-Reviewed-By"] == "Pérez, Ana; Bo"
    with pytest.raises(DmvpubError, match="semicolon"):
        sign(settings, "es", "Ana; Bo", ["first"], DAY)
    first = next(e for e in catalog if e.msgid == "First answer, with 18 months in it.")
    second = next(e for e in catalog if e.msgid == "Second answer.")
    second.tcomment = first.tcomment  # the sign-off of another message pasted here
    catalog.save()
    assert states(settings, "es")["Second answer."] == CHANGED
    message = next(f.message for f in dmvpub.check(settings, ["es"]).findings
                   if f.check == "review" and "matches no es text" in f.message)
    assert "copied or altered" in message and "signed off by" not in message


def test_an_old_sign_off_without_the_locale_must_be_signed_again(tmp_path):
    import hashlib
    import json
    settings = small(tmp_path)
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid == "Second answer.")
    old = hashlib.sha256(json.dumps(["dmvpub-review-1", "second", entry.msgid, entry.msgstr],
                                    ensure_ascii=False).encode("utf-8")).hexdigest()
    entry.tcomment = f"reviewed: Ana 2026-11-01 sha256:{old}"
    catalog.save()
    assert states(settings, "es")["Second answer."] == CHANGED
    assert any("old kind that did not cover the language" in f.message
               for f in dmvpub.check(settings, ["es"]).findings)


GUESS = FRONT + """
## Is it legal? {#is-it-legal}

Yes, it is legal under the 2005 act for the DMV to share these records with ICE.

## Is it required? {#is-it-required}

Nobody knows yet.
"""


def test_a_fuzzy_guess_from_another_question_is_only_a_suggestion_without_its_flags_or_comments(tmp_path):
    settings = write_project(tmp_path / "guess", GUESS, questions=2)
    dmvpub.extract(settings)
    dmvpub.init(settings, "es")
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}".replace("Not ", "No ")
        if entry.msgid.startswith("Yes"):
            entry.msgstr = "Sí, es legal según la ley de 2005 compartir estos registros con ICE."
            entry.tcomment = "the statute's own name"
            entry.flags.append("ignore-numbers")
    catalog.save()
    source = settings.source.read_text(encoding="utf-8")
    settings.source.write_text(source.replace("Nobody knows yet.", "No, it is not legal under the 2008 act for "
                                              "the DMV to share these records with ICE."), encoding="utf-8")
    dmvpub.extract(settings)
    dmvpub.update(settings)
    catalog = polib.pofile(str(path))
    new = next(e for e in catalog if e.msgid.startswith("No, it is not legal"))
    assert new.msgstr == "" and not new.fuzzy and new.previous_msgid is None
    assert "ignore-numbers" not in new.flags and "the statute's own name" not in (new.tcomment or "")
    assert new.tcomment.startswith("suggestion from question is-it-legal") and "2005" in new.tcomment
    old = next(e for e in catalog if e.msgid.startswith("Yes"))
    assert "ignore-numbers" in old.flags and old.tcomment == "the statute's own name"
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if text.startswith("msgstr") and n > new.linenum)
    said = [f for f in dmvpub.check(settings, ["es"]).findings if f.line == line]
    assert [f.check for f in said] == ["untranslated"] and said[0].message.startswith("new message")
    dmvpub.update(settings)
    assert polib.pofile(str(path)).__unicode__() == catalog.__unicode__(), "a second update changes nothing"


# --- alignment signals, on the shipped Spanish ---------------------------------------------------------

def _signals(settings, code="es"):
    return [(f.check, f.line) for f in dmvpub.check(settings, [code]).findings
            if f.check in ("pasted", "sentences", "length", "negation")]


@pytest.mark.parametrize("msgctxt, start, change, signal", [
    ("what-is-shared", "The Missouri Department", lambda s: s.replace("no tiene un acuerdo", "tiene un acuerdo"),
     "negation"),
    ("how-ice-gets-data", "In Missouri", lambda s: s.replace("ICE puede acceder", "ICE no puede acceder"),
     "negation"),
    ("how-ice-gets-data", "In Missouri", lambda s: s.split(". ")[0] + ".", "sentences"),
    ("how-ice-gets-data", "In Missouri", lambda s: s.split(". ")[0] + ".", "length"),
    ("purpose", "In Missouri", lambda s: s + " " + s, "length"),
])
def test_a_translation_that_says_less_or_the_opposite_raises_a_signal(project, msgctxt, start, change, signal):
    from helpers.catalog import edit
    entry = edit(project, "es", msgctxt, start, change)
    found = _signals(project)
    assert signal in [check for check, _ in found]
    lines = catalog_path(project, "es").read_text(encoding="utf-8").splitlines()
    line = next(line for check, line in found if check == signal)
    assert lines[line - 1].startswith("msgstr") and entry.msgstr[:20] in "".join(lines[line - 1:line + 2]).replace('"', "")


def test_an_answer_pasted_from_another_question_raises_pasted(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    first = next(e for e in catalog if e.msgctxt == "what-is-shared" and e.msgid.startswith("The Missouri Department"))
    fourth = next(e for e in catalog if e.msgctxt == "purpose" and e.msgid.startswith("In Missouri"))
    fourth.msgstr = first.msgstr
    catalog.save()
    assert [check for check, _ in _signals(project)].count("pasted") == 2


def test_the_shipped_catalogs_raise_at_most_one_signal_per_locale_on_average():
    from dmvpub.core.settings import load_settings
    from conftest import ROOT
    settings = load_settings(ROOT)
    report = dmvpub.check(settings)
    signals = [f for f in report.findings if f.check in ("pasted", "sentences", "length", "negation")]
    assert len(signals) <= len(report.counts())


def test_the_review_sheet_is_a_pdf_and_a_page_with_each_code_and_both_texts_right_to_left(project):
    from helpers.pdf import pdftotext_pages
    from helpers.text import flat
    sheet = dmvpub.review_sheet(project, "fa_AF")
    assert sheet.files == ["review/fa_AF/sheet.html", "review/fa_AF/sheet.pdf"]
    html = (project.root / sheet.files[0]).read_text(encoding="utf-8")
    assert html.count('dir="rtl"') >= 20 and 'lang="fa-AF"' in html
    text = flat("".join(pdftotext_pages(project.root / sheet.files[1])))
    first = sheet.units[0]
    assert all(item.unit.code in text for item in sheet.units)
    heading = first.messages[0].message  # poppler reads the two columns line by line across both: word by word
    assert all(flat(word) in text for word in heading.msgid.split() + heading.translation.split())
    assert heading.msgid in html and heading.translation in html
