"""Catalogs: the template holds every text in order, update merges like GNU msgmerge, and
nothing a translator wrote is ever lost."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path, locale_codes, template_path
from dmvpub.core.errors import DmvpubError
from dmvpub.core.model import document_messages
from dmvpub.core.settings import load_settings

from conftest import ROOT
from helpers.catalog import edit_english

SETTINGS = load_settings(ROOT)
CATALOGS = sorted(SETTINGS.locales.glob("*/LC_MESSAGES/messages.po"))


def snapshot(settings) -> dict[Path, bytes]:
    files = [template_path(settings), *(catalog_path(settings, code) for code in locale_codes(settings))]
    return {path: path.read_bytes() for path in files}


def translations(path: Path) -> dict[tuple, polib.POEntry]:
    return {(e.msgctxt, e.msgid): e for e in polib.pofile(str(path)) if not e.obsolete}


def test_the_six_languages_of_the_mission_have_catalogs():
    assert {"es", "vi", "ar", "zh_Hans", "bs", "so"} <= set(locale_codes(SETTINGS))


@pytest.mark.parametrize("path", [template_path(SETTINGS), *CATALOGS], ids=lambda p: p.parent.parent.name)
def test_gnu_msgfmt_accepts(path):
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_template_holds_the_document_in_reading_order_then_template_strings():
    document = dmvpub.load_document(SETTINGS)
    pot = polib.pofile(str(template_path(SETTINGS)))
    expected = [(m.context, m.msgid, m.comment, f"{m.path}:{m.line}") for m in document_messages(document)]
    found = [(e.msgctxt, e.msgid, e.comment, f"{e.occurrences[0][0]}:{e.occurrences[0][1]}") for e in pot]
    assert found[:len(expected)] == expected
    rest = pot[len(expected):]
    assert rest, "the templates' own strings are extracted too"
    assert all(e.msgctxt is None and e.occurrences[0][0].startswith("templates/") for e in rest)
    assert "Draft translation, not yet reviewed by a native speaker" in {e.msgid for e in rest}
    assert all("python-format" not in e.flags for e in pot[:len(expected)])


def test_committed_catalogs_are_in_step_and_a_rerun_changes_no_byte(project):
    before = snapshot(project)
    assert dmvpub.extract(project) is False
    result = dmvpub.update(project)
    assert result.changed == [] and result.failed == []
    assert snapshot(project) == before


def test_an_edited_sentence_turns_fuzzy_everywhere_and_loses_nothing(project):
    document = dmvpub.load_document(project)
    old = next(q for q in document.questions if q.id == "retention").answer[0].text
    new = old.replace("a period of 18 months", "a period of eighteen months")
    before = {code: translations(catalog_path(project, code)) for code in locale_codes(project)}

    edit_english(project, "a period of 18 months", "a period of eighteen months")
    assert dmvpub.extract(project) is True
    assert sorted(dmvpub.update(project).changed) == sorted(before)

    for code, old_entries in before.items():
        now = translations(catalog_path(project, code))
        edited = now[("retention", new)]
        assert edited.fuzzy, code
        assert edited.previous_msgid == old
        assert edited.msgstr == old_entries[("retention", old)].msgstr != ""
        assert ("retention", old) not in now
        for key, entry in old_entries.items():
            if key != ("retention", old):
                assert now[key].msgstr == entry.msgstr and now[key].fuzzy == entry.fuzzy, (code, key)
        assert len(now) == len(old_entries)

    after = snapshot(project)
    assert dmvpub.extract(project) is False
    assert dmvpub.update(project).changed == []
    assert snapshot(project) == after


def test_merged_catalogs_pass_msgfmt_with_previous_msgids(project):
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    dmvpub.extract(project)
    dmvpub.update(project)
    for code in locale_codes(project):
        path = catalog_path(project, code)
        assert "#| msgid" in path.read_text(encoding="utf-8")
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_removed_text_goes_obsolete_and_new_text_arrives_untranslated(project):
    document = dmvpub.load_document(project)
    privacy = next(q for q in document.questions if q.id == "privacy-concerns")
    removed = privacy.answer[-1].text
    old = translations(catalog_path(project, "es"))[("privacy-concerns", removed)].msgstr
    edit_english(project, removed, "Keep this booklet with your papers.")
    dmvpub.extract(project)
    dmvpub.update(project)
    catalog = polib.pofile(str(catalog_path(project, "es")))
    obsolete = {e.msgid: e.msgstr for e in catalog.obsolete_entries()}
    assert obsolete[removed] == old
    new = catalog.find("Keep this booklet with your papers.", msgctxt="privacy-concerns")
    assert new.msgstr == "" and not new.fuzzy


def test_translator_comments_and_custom_headers_survive_update(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    catalog.metadata["X-Reviewed-By"] = "Lan Nguyen"
    catalog.metadata["X-Team-Note"] = "kept by the team"
    catalog[0].tcomment = "Checked against the printed flyer"
    catalog.save()
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    dmvpub.extract(project)
    dmvpub.update(project)
    merged = polib.pofile(str(path))
    assert merged.metadata["X-Reviewed-By"] == "Lan Nguyen"
    assert merged.metadata["X-Team-Note"] == "kept by the team"
    assert merged.metadata["X-Review-Status"] == "draft"
    assert merged[0].tcomment == "Checked against the printed flyer"


def test_a_broken_catalog_fails_alone_with_file_and_line(project):
    broken = catalog_path(project, "es")
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("msgstr") and i > 20)
    lines[number] = 'msgstr_typo ""\n'
    broken.write_text("".join(lines), encoding="utf-8")
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    dmvpub.extract(project)
    result = dmvpub.update(project)
    assert [error.path for error in result.failed] == [broken]
    assert result.failed[0].line == number + 1
    assert result.failed[0].message == 'keyword "msgstr_typo" unknown'
    assert "es" not in result.changed and len(result.changed) == len(locale_codes(project)) - 1


def test_init_starts_a_language_from_babel_locale_data(project):
    created = dmvpub.init(project, "fr-CA")
    path = created.path
    assert created.warnings == []  # Source Sans 3 draws French
    assert path == "locales/fr_CA/LC_MESSAGES/messages.po"
    catalog = polib.pofile(str(project.root / path))
    assert catalog.metadata["Language"] == "fr_CA"
    # CLDR's rule, whatever Babel release carries it (French gained a third form for 10^6 in 2.19).
    assert catalog.metadata["Plural-Forms"] == get_plural("fr_CA").plural_forms
    assert catalog.metadata["Language-Team"] == "French (Canada)"
    assert catalog.metadata["X-Review-Status"] == "draft"
    assert len(catalog) == len(polib.pofile(str(template_path(project))))
    assert catalog.percent_translated() == 0
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(project.root / path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert dmvpub.update(project).changed == []


@pytest.mark.parametrize("code, words", [
    ("xx", "Babel has no data for 'xx'"), ("en", "source language"), ("es", "exists already")])
def test_init_refuses_what_it_cannot_start(project, code, words):
    with pytest.raises(DmvpubError, match=words):
        dmvpub.init(project, code)


def test_update_needs_a_template(project):
    template_path(project).unlink()
    result = dmvpub.update(project)
    assert result.failed and all("dmvpub extract" in error.message for error in result.failed)
    shutil.rmtree(project.locales / "es")
    with pytest.raises(DmvpubError, match="run 'dmvpub extract' first"):
        dmvpub.init(project, "es")
