"""`dmvpub check`, and what broken or hostile catalogs and sources do to a build."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.core.errors import DmvpubError
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.po import catalog_path, locale_codes
from dmvpub.checks import ERROR, WARNING
from dmvpub.core.settings import load_settings

from conftest import ROOT, edit
from helpers.pdf import artifact_pdf, booklet_text
from helpers.text import flat

LINE = re.compile(r"^locales/(?P<locale>[^/]+)/LC_MESSAGES/messages\.po:(?P<line>\d+): (?P<check>[a-z-]+): .+$")


def msgstr_line(settings, code, msgstr_start) -> int:
    lines = catalog_path(settings, code).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, start=1)
                if line.startswith("msgstr") and msgstr_start in "".join(lines[n - 1:n + 2]).replace('"\n"', ""))


def findings(settings, code):
    return [(f.check, f.severity) for f in dmvpub.check(settings, [code]).findings]


def test_the_committed_catalogs_are_clean():
    report = dmvpub.check(load_settings(ROOT))
    assert report.findings == []
    assert set(report.counts()) == set(locale_codes(load_settings(ROOT)))


@pytest.mark.parametrize("code, msgctxt, msgid_start, change, expected", [
    ("es", "retention", "In Missouri, DMV data", lambda s: s.replace("18 meses", "81 meses", 1), ("numbers", ERROR)),
    ("es", "is-it-legal", "Yes,", lambda s: s.replace("2005", "2015"), ("numbers", ERROR)),
    ("bs", "confidentiality-safeguards", "Legal Framework", lambda s: s.replace("302.181", "302.18"),
     ("numbers", ERROR)),
    ("es", "purpose", "In Missouri", lambda s: s.replace(". ", " https://example.com/. ", 1), ("urls", ERROR)),
    ("vi", "purpose", "In Missouri", lambda s: s.replace(". ", " ai@example.org. ", 1), ("emails", ERROR)),
    ("es", "purpose", "What is", lambda s: s.rstrip("?"), ("endpunc", WARNING)),
    ("es", "purpose", "In Missouri", lambda s: " " + s, ("startwhitespace", WARNING)),
    ("es", "purpose", "In Missouri", lambda s: s + " ", ("endwhitespace", WARNING)),
    ("es", "purpose", "In Missouri", lambda s: s.replace(" ", "  ", 1), ("doublespacing", WARNING)),
    ("es", "purpose", "In Missouri", lambda s: s.replace(".", " (ICE.", 1), ("brackets", WARNING)),
    ("zh_Hans", "purpose", "In Missouri", lambda s: s.replace("。", "）。", 1), ("brackets", WARNING)),
    ("zh_Hans", "purpose", "In Missouri", lambda s: s.replace("。", "「ICE。", 1), ("brackets", WARNING)),
    ("es", "purpose", "What is", lambda s: "What is the purpose of ICE accessing DMV data in Missouri?",
     ("unchanged", WARNING)),
    ("ar", "purpose", "In Missouri", lambda s: s.replace(" ", " \U0001F600 ", 1), ("glyphs", ERROR)),
    # issue #29: digits and dots a reader reads as such, though not ASCII (NFKC; CJK full stops)
    ("es", "purpose", "In Missouri", lambda s: s.replace(". ", " (llame al ³¹⁴-⁵⁵⁵-⁰¹⁹⁹). ", 1), ("numbers", ERROR)),
    ("zh_Hans", "purpose", "In Missouri", lambda s: s.replace("。", "，见 ice-help。org。", 1), ("urls", ERROR)),
    ("zh_Hans", "purpose", "In Missouri", lambda s: s.replace("。", "，写信给 help＠ice-help．org。", 1),
     ("emails", ERROR)),
    ("zh_Hans", "purpose", "In Missouri", lambda s: s.replace("。", "，见 www｡ice-help｡org。", 1), ("urls", ERROR)),
])
def test_each_check_names_file_line_and_what_is_wrong(project, code, msgctxt, msgid_start, change, expected):
    entry = edit(project, code, msgctxt, msgid_start, change)
    report = dmvpub.check(project, [code])
    assert [(f.check, f.severity) for f in report.findings] == [expected]
    finding = report.findings[0]
    assert finding.path == f"locales/{code}/LC_MESSAGES/messages.po"
    assert finding.line == msgstr_line(project, code, entry.msgstr[:30])
    assert LINE.match(str(finding)), str(finding)


def test_the_language_s_own_punctuation_is_right_not_an_error(project):
    # Arabic ends questions with ؟ and Chinese with ？: the committed catalogs pass; ASCII would not.
    assert findings(project, "ar") == [] and findings(project, "zh_Hans") == []
    edit(project, "zh_Hans", "purpose", "What is", lambda s: s.replace("？", "！"))
    assert findings(project, "zh_Hans") == [("endpunc", WARNING)]


def test_placeholders_must_survive(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    catalog.find("Current as of %(date)s").msgstr = "Vigente al %(fecha)s"
    catalog.save()
    assert findings(project, "es") == [("printf", ERROR)]


def test_fuzzy_and_untranslated_entries_are_reported(project):
    path = catalog_path(project, "vi")
    catalog = polib.pofile(str(path))
    catalog.find("Contents").flags.append("fuzzy")
    catalog.find("Notes").msgstr = ""
    catalog.save()
    assert sorted(findings(project, "vi")) == [("fuzzy", WARNING), ("untranslated", WARNING)]


def test_a_translator_can_keep_a_difference_on_purpose(project):
    edit(project, "es", "purpose", "What is", lambda s: s.rstrip("?"), flags=["ignore-endpunc"])
    assert findings(project, "es") == []


def test_headers_must_name_the_folder_s_language_and_a_plural_rule(project):
    path = catalog_path(project, "bs")
    catalog = polib.pofile(str(path))
    catalog.metadata["Language"] = "hr"
    del catalog.metadata["Plural-Forms"]
    catalog.save()
    report = dmvpub.check(project, ["bs"])
    assert [(f.check, f.severity) for f in report.findings] == [("header", ERROR), ("header", ERROR)]
    assert "Language: hr, but this is the bs folder" in report.findings[0].message
    assert "Plural-Forms is missing" in report.findings[1].message
    assert report.findings[0].line == next(n for n, line in enumerate(path.read_text().splitlines(), 1)
                                           if line.startswith('"Language:'))


def test_misnamed_folders_empty_and_wrong_language_catalogs_are_reported_and_the_rest_builds(project):
    es = catalog_path(project, "es").read_bytes()
    for folder, data in (("xx_bad", es), ("zh-Hant", es), ("it", b""), ("de", es)):
        target = project.locales / folder / "LC_MESSAGES" / "messages.po"
        target.parent.mkdir(parents=True)
        target.write_bytes(data)
    messages = [str(f) for f in dmvpub.check(project).errors()]
    assert "locales/xx_bad: locale: 'xx_bad' is not a locale code; rename the folder to a locale code " \
           "Babel knows (examples: es, vi, ar, zh_Hans, bs, so)" in messages
    assert "locales/zh-Hant: locale: 'zh-Hant' is not a locale code; rename the folder to zh_Hant" in messages
    assert "locales/it/LC_MESSAGES/messages.po:1: header: no header: the catalog is empty or was not " \
           "started with 'dmvpub init it'" in messages
    assert any(m.startswith("locales/de/LC_MESSAGES/messages.po:") and "Language: es, but this is the de folder"
               in m for m in messages)

    result = dmvpub.build(project, kinds=["flyer"])
    failed = sorted(str(error.path.relative_to(project.root)) for error in result.failed)
    assert failed == ["locales/de/LC_MESSAGES/messages.po", "locales/it/LC_MESSAGES/messages.po",
                      "locales/xx_bad", "locales/zh-Hant"]
    assert {a.locale for a in result.artifacts} == {"en", *(set(locale_codes(project)) - {"de", "it"})}
    update = dmvpub.update(project)
    assert sorted(str(e.path.relative_to(project.root)) for e in update.failed) == [
        "locales/it/LC_MESSAGES/messages.po", "locales/xx_bad", "locales/zh-Hant"]


def test_a_check_error_stops_only_its_locale_and_keeps_its_last_good_pdfs(project):
    assert not dmvpub.build(project, ["es", "vi"], ["flyer"]).failed
    flyer = project.dist / artifact_name(project, "es", "flyer")
    good = flyer.read_bytes()
    edit(project, "es", "retention", "In Missouri, DMV data", lambda s: s.replace("18 meses", "8 meses", 1))
    edit(project, "vi", "purpose", "In Missouri", lambda s: s + " (sửa)")
    result = dmvpub.build(project, ["es", "vi"], ["flyer"], force=True)
    assert [f"{e.path.relative_to(project.root)}:{e.line}" for e in result.failed] == [
        f"locales/es/LC_MESSAGES/messages.po:{msgstr_line(project, 'es', 'En Missouri, los datos del DMV')}"]
    assert result.failed[0].message.startswith("numbers: numbers differ from the English")
    assert [a.locale for a in result.artifacts] == ["vi"]
    assert flyer.read_bytes() == good


def test_the_command_prints_errors_and_warnings_apart_and_exits_non_zero(project):
    edit(project, "es", "retention", "In Missouri, DMV data", lambda s: s.replace("18 meses", "81 meses", 1))
    edit(project, "es", "purpose", "What is", lambda s: s.rstrip("?"))
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "check"], cwd=project.root,
                         capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "errors:" and LINE.match(lines[1].strip()) and ": numbers: " in lines[1]
    assert lines[2] == "warnings:" and LINE.match(lines[3].strip()) and ": endpunc: " in lines[3]
    assert "es            1        1" in run.stdout

    as_json = json.loads(subprocess.run([sys.executable, "-m", "dmvpub.cli", "check", "--json"],
                                        cwd=project.root, capture_output=True, text=True).stdout)
    assert as_json["locales"]["es"] == {"errors": 1, "warnings": 1}
    assert {f["check"] for f in as_json["findings"]} == {"numbers", "endpunc"}

    clean = subprocess.run([sys.executable, "-m", "dmvpub.cli", "check", "--locale", "vi"], cwd=project.root,
                           capture_output=True, text=True)
    assert clean.returncode == 0 and clean.stdout.startswith("no problems found")


@pytest.mark.parametrize("damage, reason", [
    (lambda text: text.replace('msgstr "Contenido"', 'msgstr "Contenido'), "end-of-line within string"),
    (lambda text: text.replace('msgstr "Contenido"', 'msgstr "Contenido"\nmsgstr "Otra vez"'), "syntax error"),
    (lambda text: text + '\nmsgid "Contents"\nmsgstr "Índice"\n', "duplicate entry (first at line"),
])
def test_a_broken_catalog_names_file_and_line(project, damage, reason):
    path = catalog_path(project, "es")
    path.write_text(damage(path.read_text(encoding="utf-8")), encoding="utf-8")
    report = dmvpub.check(project, ["es"])
    assert [f.check for f in report.findings] == ["syntax"]
    assert report.findings[0].line and reason in report.findings[0].message


def test_a_catalog_in_another_encoding_is_named(project):
    path = catalog_path(project, "es")
    path.write_bytes(path.read_bytes().replace("Índice".encode(), "Índice".encode("latin-1"))
                     .replace("Contenido".encode(), "Índice".encode("latin-1")))
    report = dmvpub.check(project, ["es"])
    assert [f.check for f in report.findings] == ["syntax"]
    assert report.findings[0].path == "locales/es/LC_MESSAGES/messages.po"


HOSTILE = ('<a rel="attachment" href="file:///etc/passwd">x</a> <link rel="attachment" href="/etc/hosts"> '
           '<img src="http://127.0.0.1/pixel.png"> <script>alert(1)</script> '
           '<style>@import url(http://127.0.0.1/x.css); body{display:none}</style> &lt;b&gt; &#169; '
           '{{ 7 * 7 }} {% for x in range(3) %}loop{% endfor %}')


def assert_nothing_embedded(settings, code):
    for kind in ("booklet", "booklet-print", "flyer"):
        reader = artifact_pdf(settings, code, kind)
        assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {}), kind
        for page in reader.pages:
            for annotation in page.get("/Annots", []) or []:
                assert annotation.get_object().get("/Subtype") != "/FileAttachment", kind


def test_markup_css_entities_and_jinja_in_a_translation_are_printed_as_text(project):
    edit(project, "es", "purpose", "In Missouri", lambda s: HOSTILE)
    assert {f.check for f in dmvpub.check(project, ["es"]).errors()} == {"urls", "markup", "numbers"}, \
        "check sees the addresses, the markup and the numbers the English does not have (7, 3, 169)"
    edit(project, "es", "purpose", "In Missouri", lambda s: s,
         flags=["ignore-urls", "ignore-markup", "ignore-numbers"])  # print anyway
    result = dmvpub.build(project, ["es"])
    assert not result.failed, [str(e) for e in result.failed]
    text = booklet_text(project, "es")
    assert flat(HOSTILE) in text, "every character printed as written, nothing run or fetched"
    assert "looploop" not in text
    assert_nothing_embedded(project, "es")


def test_html_in_the_english_source_is_refused_and_jinja_printed_as_text(project):
    source = project.source.read_text(encoding="utf-8")
    old = "By having access to the state’s DMV records,"
    project.source.write_text(source.replace(old, HOSTILE + " " + old), encoding="utf-8")
    line = source[:source.index(old)].count("\n") + 1
    with pytest.raises(DmvpubError) as refused:
        dmvpub.build(project, ["en"])
    assert (refused.value.path, refused.value.line) == (project.source, line)
    assert refused.value.message.startswith("unsupported Markdown (HTML); text may use *emphasis*")
    assert not (project.dist / "en").exists()

    template_syntax = HOSTILE[HOSTILE.index("&lt;b&gt;"):]
    project.source.write_text(source.replace(old, template_syntax + " " + old), encoding="utf-8")
    result = dmvpub.build(project, ["en"])
    assert not result.failed, [str(e) for e in result.failed]
    assert flat(template_syntax) in booklet_text(project, "en")
    assert_nothing_embedded(project, "en")


def test_the_templates_own_css_cannot_fetch_from_outside_and_the_refusal_is_reported(project, tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not for print")
    css = project.templates / "common.css"
    css.write_text('@import url("https://example.org/evil.css");\n' + css.read_text(encoding="utf-8")
                   + f'\nbody {{ background: url("{secret.as_uri()}"); }}\n', encoding="utf-8")
    result = dmvpub.build(project, ["en", "es"], ["flyer"])
    assert [a.locale for a in result.artifacts] == []
    assert {e.message for e in result.failed} == {
        f"refused to fetch https://example.org/evil.css, {secret.as_uri()}"}
    assert not (project.dist / "en").exists()
