"""Files as real tools and translators write them (issue 24, "Translators' files"): each case here
was reproduced with a small catalog or source, and nothing a translator typed is ever lost."""

from __future__ import annotations

import subprocess

import polib
import pytest

from dmvpub import project as dmvpub
from dmvpub.catalog import catalog_path, locale_codes
from dmvpub.errors import DmvpubError
from dmvpub.qa import ERROR, WARNING

from conftest import edit


def edit_english(settings, old: str, new: str) -> None:
    source = settings.source.read_text(encoding="utf-8")
    assert source.count(old) == 1
    settings.source.write_text(source.replace(old, new), encoding="utf-8")


def msgfmt_check(path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- 1. the translation typed over the msgid line ---------------------------------------------------------

def type_over_msgid(settings, code="es", msgctxt="purpose", start="What is"):
    """What a translator does in a text editor: the translation over the English, msgstr left empty."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgctxt == msgctxt and e.msgid.startswith(start))
    english, typed = entry.msgid, entry.msgstr
    entry.msgid, entry.msgstr = typed, ""
    catalog.save()
    return english, typed


def test_a_msgid_typed_over_is_reported_where_it_was_typed(project):
    english, typed = type_over_msgid(project)
    report = dmvpub.check(project, ["es"])
    assert [(f.check, f.severity) for f in report.findings] == [("msgid", WARNING)]
    finding = report.findings[0]
    lines = catalog_path(project, "es").read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].startswith("msgid") and typed[:20] in "".join(lines[finding.line - 1:][:2])
    assert "not in the English; was the English line edited?" in finding.message
    assert str(finding).startswith(f"locales/es/LC_MESSAGES/messages.po:{finding.line}: msgid: ")


def test_untranslated_says_what_is_printed(project):
    edit(project, "vi", None, "Notes", lambda s: "")
    [finding] = dmvpub.check(project, ["vi"]).findings
    assert finding.check == "untranslated"
    assert "not printed until" not in finding.message and "in English" in finding.message


def test_update_keeps_a_msgid_typed_over_as_obsolete_and_loses_nothing(project):
    english, typed = type_over_msgid(project)
    path = catalog_path(project, "es")
    for _ in range(2):  # and again: msgmerge would drop the kept entry at every update
        result = dmvpub.update(project)
        assert not result.failed, [str(e) for e in result.failed]
        catalog = polib.pofile(str(path))
        assert [e.msgid for e in catalog.obsolete_entries()] == [typed]
        assert catalog.find(english, msgctxt="purpose").msgstr == ""
        msgfmt_check(path)
    assert dmvpub.update(project).changed == []


def test_update_never_drops_an_entry_even_after_the_english_changed(project):
    english, typed = type_over_msgid(project, "vi")
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    assert dmvpub.extract(project)
    result = dmvpub.update(project)
    assert not result.failed and "vi" in result.changed
    assert typed in [e.msgid for e in polib.pofile(str(catalog_path(project, "vi"))).obsolete_entries()]


# --- 2. line and paragraph separators pasted into a msgstr ------------------------------------------------

@pytest.mark.parametrize("char", ["\u2028", "\u0085", "\v"], ids=["U+2028", "U+0085", "VT"])
def test_update_merges_a_catalog_with_pasted_separators_and_every_other_catalog(project, char):
    path = catalog_path(project, "es")  # pasted in a text editor: inside the quoted line
    text = path.read_text(encoding="utf-8")
    assert text.count('msgstr "Contenido"') == 1
    path.write_text(text.replace('msgstr "Contenido"', f'msgstr "Conte{char}nido"'), encoding="utf-8", newline="")
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    assert dmvpub.extract(project)
    result = dmvpub.update(project)  # no traceback
    assert not result.failed, [str(e) for e in result.failed]
    assert sorted(result.changed) == locale_codes(project)
    catalog = polib.pofile(str(catalog_path(project, "es")))
    assert catalog.find("Contents").msgstr == f"Conte{char}nido", "the translator's text is kept as typed"
    report = dmvpub.check(project, ["es"])
    assert report.errors(), "check still reports the character"


def test_a_catalog_that_cannot_be_merged_fails_alone_with_its_file(project, monkeypatch):
    from dmvpub import catalog as catalog_module

    def broken(old, merged):
        if b"Language: es" in old:
            raise OSError("Syntax error in po file (line 12)")
        return merged
    monkeypatch.setattr(catalog_module, "keep_dropped", broken)
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    dmvpub.extract(project)
    before = catalog_path(project, "es").read_bytes()
    result = dmvpub.update(project)
    assert [(e.path, e.message.split(":")[0]) for e in result.failed] == [(catalog_path(project, "es"),
                                                                           "cannot merge this catalog")]
    assert sorted(result.changed) == [code for code in locale_codes(project) if code != "es"]
    assert catalog_path(project, "es").read_bytes() == before


# --- 8. locales/en and locales/root ----------------------------------------------------------------------

def add_catalog(settings, folder, language):
    target = settings.locales / folder / "LC_MESSAGES" / "messages.po"
    target.parent.mkdir(parents=True)
    target.write_text(catalog_path(settings, "es").read_text(encoding="utf-8")
                      .replace('"Language: es\\n"', f'"Language: {language}\\n"'), encoding="utf-8")
    return target


def test_an_english_catalog_is_one_line_and_english_is_listed_once(project):
    add_catalog(project, "en", "en")
    assert "en" not in locale_codes(project)
    report = dmvpub.status(project)
    assert [row.locale for row in report.rows].count("en") == 1
    assert [(error.path, error.message) for error in report.failed] == [(
        project.locales / "en", "'en' is the source language: its text is source/questions.md, not a catalog; "
                                "this catalog is not used (delete the folder)")]
    findings = dmvpub.check(project).findings
    assert [(f.locale, f.path, f.severity) for f in findings] == [("en", "locales/en", ERROR)]
    assert [str(e) for e in dmvpub.update(project).failed] == [str(report.failed[0])]


def test_a_root_folder_is_one_line_for_status_check_and_init(project, capsys, monkeypatch):
    from dmvpub.cli import main
    add_catalog(project, "root", "root")
    report = dmvpub.status(project)
    assert [error.message.split(";")[0] for error in report.failed] == ["'root' is not a locale code"]
    assert [(f.locale, f.path) for f in dmvpub.check(project).findings] == [("root", "locales/root")]
    with pytest.raises(DmvpubError, match="'root' is not a locale code"):
        dmvpub.init(project, "root")
    monkeypatch.chdir(project.root)
    for argv in (["status"], ["check"], ["init", "root"]):
        assert main(argv) == 1
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert len([line for line in (out + err).splitlines() if "not a locale code" in line]) == 1, out + err


# --- 9. CRLF catalogs -----------------------------------------------------------------------------------

def test_update_keeps_a_crlf_catalog_crlf(project):
    path = catalog_path(project, "es")
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert dmvpub.update(project).changed == [], "a CRLF catalog in step is left alone"
    edit_english(project, "a period of 18 months", "a period of eighteen months")
    dmvpub.extract(project)
    assert "es" in dmvpub.update(project).changed
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 1000
    assert b"#| msgid" in data
    msgfmt_check(path)
    lf = catalog_path(project, "vi").read_bytes()
    assert b"\r" not in lf, "an LF catalog stays LF"
