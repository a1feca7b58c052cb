"""Files as real tools and translators write them (issue 24, "Translators' files"): each case here
was reproduced with a small catalog or source, and nothing a translator typed is ever lost."""

from __future__ import annotations

import subprocess

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path, locale_codes
from dmvpub.core.errors import DmvpubError
from dmvpub.checks import ERROR, WARNING

from conftest import edit
from helpers.catalog import edit_english, type_over_msgid


def msgfmt_check(path) -> None:
    result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# --- 1. the translation typed over the msgid line ---------------------------------------------------------


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
    from dmvpub.po import merge

    def broken(old, merged):
        if b"Language: es" in old:
            raise OSError("Syntax error in po file (line 12)")
        return merged
    monkeypatch.setattr(merge, "keep_dropped", broken)
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


# --- 3. emphasis as Chinese and Korean write it ----------------------------------------------------------

def test_cjk_emphasis_is_accepted_in_the_source(tmp_path):
    from conftest import FRONT, write_project
    body = ("\n## 是吗？ {#one}\n\n**是的。**在密苏里州，这是合法的。\n\n"
            "## 법? {#two}\n\n**REAL ID Act(리얼 아이디법)**에 따라 공유됩니다.\n")
    settings = write_project(tmp_path / "p", FRONT + body)
    document = dmvpub.load_document(settings)
    from dmvpub.text.richtext import constructs
    assert [[c.kind for c in constructs(q.answer[0].text)] for q in document.questions] == [["strong"], ["strong"]]


def test_cjk_emphasis_is_accepted_in_translations_and_printed_bold(project):
    from dmvpub.text.richtext import to_html
    from markupsafe import escape
    yes = "Yes, the sharing of DMV data with ICE in Missouri is legal."
    edit_english(project, yes + " In many", f"**{yes}** In many")
    edit_english(project, "federal REAL ID Act of 2005", "federal **REAL ID Act** of 2005")
    dmvpub.extract(project)
    assert not dmvpub.update(project).failed

    def bold(code, change):
        path = catalog_path(project, code)
        catalog = polib.pofile(str(path))
        entry = next(e for e in catalog if e.msgctxt == "is-it-legal" and e.msgid.startswith("**Yes"))
        entry.msgstr = change(entry.msgstr)
        entry.flags.remove("fuzzy")
        catalog.save()
        return entry.msgstr
    zh = bold("zh_Hans", lambda s: "**" + s.replace("。", "。**", 1).replace("《REAL ID 法案》", "**《REAL ID 法案》**", 1))
    ko = bold("ko", lambda s: "**" + s.replace(".", ".**", 1).replace("REAL ID Act", "**REAL ID Act(리얼 아이디법)**", 1))
    assert zh.startswith("**是的，") and "。**在" in zh and "联邦**《REAL ID 法案》**授权" in zh
    assert "**REAL ID Act(리얼 아이디법)**" in ko
    for code in ("zh_Hans", "ko"):
        assert dmvpub.check(project, [code]).findings == [], code
    assert to_html(zh, escape).count("<strong>") == 2 and "**" not in to_html(zh, escape)
    assert to_html(ko, escape).count("<strong>") == 2 and "**" not in to_html(ko, escape)


def test_text_without_cjk_is_parsed_exactly_as_commonmark():
    """The CJK-friendly rule changes nothing for text without CJK characters (hypothesis)."""
    from hypothesis import given, settings as hsettings, strategies as st
    from markdown_it import MarkdownIt
    from dmvpub.text.richtext import PARSER
    stock = MarkdownIt("commonmark")

    def kinds(parser, text):
        tokens = parser.parseInline(text, {})
        return [(t.type, t.content) for t in (tokens[0].children or [])] if tokens else []

    @hsettings(max_examples=300, deadline=None)
    @given(st.text(alphabet="*_ a1.,!()\"'-é\u00a0", max_size=24))
    def same(text):
        assert kinds(PARSER, text) == kinds(stock, text)
    same()


# --- 4. native decimal and group separators --------------------------------------------------------------

@pytest.mark.parametrize("code, written", [
    ("fa_AF", "۳۰۲٫۱۸۱"), ("ps", "۳۰۲٫۱۸۱"), ("fa_AF", "302٫181")])
def test_native_separators_are_the_same_number(project, code, written):
    edit(project, code, "confidentiality-safeguards", "Legal Framework", lambda s: s.replace("302.181", written))
    assert dmvpub.check(project, [code]).findings == []


def test_a_different_number_with_native_separators_is_still_an_error(project):
    edit(project, "fa_AF", "confidentiality-safeguards", "Legal Framework", lambda s: s.replace("302.181", "۳۰۲٫۱۸"))
    assert [(f.check, f.severity) for f in dmvpub.check(project, ["fa_AF"]).findings] == [("numbers", ERROR)]
    edit(project, "es", "confidentiality-safeguards", "Legal Framework", lambda s: s.replace("302.181", "302,181"))
    assert [(f.check, f.severity) for f in dmvpub.check(project, ["es"]).findings] == [("numbers", ERROR)], \
        "an ASCII comma is not taken for the English's point"


# --- 5. the Language header in another form --------------------------------------------------------------

def set_language(settings, code, value):
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    catalog.metadata["Language"] = value
    catalog.save()


@pytest.mark.parametrize("code, value", [("zh_Hans", "zh_CN"), ("es", "es-ES"), ("es", "es_419"), ("es", "es_ES")])
def test_a_regional_or_other_form_of_the_folder_s_language_is_a_warning_and_builds(project, code, value):
    set_language(project, code, value)
    report = dmvpub.check(project, [code])
    assert [(f.check, f.severity) for f in report.findings] == [("header", WARNING)]
    assert f"Language: {value}" in report.findings[0].message
    assert not dmvpub.status(project).failed


def test_a_catalog_whose_header_says_es_ES_is_built(project):
    set_language(project, "es", "es-ES")
    result = dmvpub.build(project, ["es"], ["flyer"])
    assert not result.failed and [o.artifact.locale for o in result.outcomes] == ["es"]


@pytest.mark.parametrize("code, value", [("zh_Hans", "zh_TW"), ("bs", "hr"), ("es", "Spanish")])
def test_another_language_is_an_error_and_status_says_so_as_build_does(project, code, value):
    set_language(project, code, value)
    report = dmvpub.check(project, [code])
    assert [(f.check, f.severity) for f in report.findings] == [("header", ERROR)]
    failed = dmvpub.status(project).failed
    assert [(e.path, e.line) for e in failed] == [(catalog_path(project, code), report.findings[0].line)]
    assert f"Language: {value}" in failed[0].message and "not built" in failed[0].message


# --- 6. national quotation marks -------------------------------------------------------------------------

@pytest.mark.parametrize("code, quoted", [
    ("uk", "«Закон „REAL ID“ діє»"), ("bs", "„REAL ID“"), ("bs", "„REAL ID”"), ("fr", "« REAL ID »"),
    ("fa_AF", "«REAL ID»"), ("ar", "«REAL ID»")])
def test_national_quotation_marks_raise_no_warning(project, code, quoted):
    edit_english(project, "federal REAL ID Act of 2005", "federal “REAL ID” Act of 2005")
    dmvpub.extract(project)
    assert not dmvpub.update(project).failed
    path = catalog_path(project, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgctxt == "is-it-legal" and "“REAL ID”" in e.msgid)
    assert "REAL ID" in entry.msgstr
    entry.msgstr = entry.msgstr.replace("REAL ID", quoted, 1)
    entry.flags.remove("fuzzy")
    catalog.save()
    assert dmvpub.check(project, [code]).findings == []


@pytest.mark.parametrize("code, text, problem", [
    ("uk", "«Закон „REAL ID діє»", "'„' is opened and never closed"),
    ("bs", "„REAL ID", "'„' is opened and never closed"),
    ("fr", "REAL ID »", "'»' closes nothing that was opened")])
def test_unclosed_national_quotation_marks_are_still_found(code, text, problem):
    from dmvpub.checks.brackets import _unbalanced
    assert problem in _unbalanced(text, "the “REAL ID” Act", code)


# --- 10. sources as editors save them ---------------------------------------------------------------------

def test_a_source_saved_with_a_byte_order_mark_is_read(tmp_path):
    from conftest import FRONT, write_project
    settings = write_project(tmp_path / "p", "\ufeff" + FRONT + "\n## One? {#one}\n\nA.\n")
    document = dmvpub.load_document(settings)
    assert document.title.text == "A title" and document.questions[0].line == 10
    assert dmvpub.extract(settings)


@pytest.mark.parametrize("front, line", [
    ('title: "A \\uD800 title"', 2), ('title: A title\nsubtitle: "\\udc00"', 3)])
def test_a_surrogate_escape_in_the_front_matter_is_refused_at_its_line(tmp_path, front, line):
    from conftest import FRONT, write_project
    text = FRONT.replace("subtitle: A subtitle\n", "").replace("title: A title", front)
    if "subtitle" not in front:
        text = text.replace("notice:", "subtitle: A subtitle\nnotice:")
    settings = write_project(tmp_path / "p", text + "\n## One? {#one}\n\nA.\n")
    with pytest.raises(DmvpubError) as caught:
        dmvpub.extract(settings)
    assert caught.value.line == line and "surrogate" in caught.value.message
    assert not (settings.locales / "messages.pot").exists()


def test_reference_style_links_are_refused_with_file_and_line(tmp_path):
    from conftest import FRONT, write_project
    settings = write_project(tmp_path / "p", FRONT + "\n## One? {#one}\n\nSee [the law][rsmo].\n\n"
                                                     "[rsmo]: https://revisor.mo.gov/\n")
    with pytest.raises(DmvpubError) as caught:
        dmvpub.load_document(settings)
    assert (caught.value.path, caught.value.line) == (settings.source, 14)
    assert "reference-style links" in caught.value.message and "[text](https://…)" in caught.value.message
