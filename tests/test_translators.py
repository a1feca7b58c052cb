"""What translators and coordinators do all day: previews, partly translated printing, review, release."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from datetime import date

import polib
import pypdf
import pytest

from helpers.review import sign
from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import MANIFEST, artifact_name
from dmvpub.po import catalog_path
from dmvpub.pipeline.preview import Watcher, changes, preview_folder
from dmvpub.checks.toolkit import _checker, _passes
from dmvpub.core.settings import load_settings
from dmvpub.cli import format_table

from helpers.pdf import artifact_pdf, booklet_text, pypdf_pages
from helpers.text import flat

CATALOG = "locales/es/LC_MESSAGES/messages.po"


def text_of(path) -> str:
    return re.sub(r"\s+", " ", " ".join(pypdf_pages(path)))


def unfinish(settings, code, contexts=("retention",), fuzzy=("purpose",)):
    """Empty the messages of some questions and mark others fuzzy, as an English edit would."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if entry.msgctxt in contexts:
            entry.msgstr = ""
        elif entry.msgctxt in fuzzy:
            entry.flags.append("fuzzy")
    catalog.save()
    return catalog


def english(settings, context):
    document = dmvpub.load_document(settings)
    question = next(q for q in document.questions if q.id == context)
    return question


# --- partly translated locales are printed, marked -------------------------------------------------------

def test_a_partly_translated_locale_prints_the_rest_in_english_marked(project):
    unfinish(project, "es")
    result = dmvpub.build(project, ["es"], ["booklet", "web"])
    assert not result.failed and not result.skipped, [str(e) for e in result.failed + result.skipped]
    assert [code for code, _ in result.partial] == ["es"]
    assert "18 of 20 questions translated" in result.partial[0][1]
    text = booklet_text(project, "es")
    retention, purpose = english(project, "retention"), english(project, "purpose")
    assert flat("EN" + retention.text) in text, "the missing question, in English, after its marker"
    assert flat("EN" + purpose.answer[0].text[:80]) in text, "a fuzzy answer prints the current English"
    stale = polib.pofile(str(catalog_path(project, "es"))).find(purpose.answer[0].text, msgctxt="purpose").msgstr
    assert flat(stale[:60]) not in text, "never the stale translation as if it were current"
    cover = artifact_pdf(project, "es", "booklet").pages[0].extract_text()
    assert "18 de 20 preguntas traducidas" in cover
    page = (project.dist / "es" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="untranslated"') >= 3
    assert "18 of 20 questions translated" in (project.dist / "index.html").read_text(encoding="utf-8")


def test_an_english_edit_with_a_new_link_and_number_keeps_every_locale_printed(project):
    """msgmerge marks the edited answer fuzzy; its old translation lacks the new link and number, but
    it is not printed (the English is, marked), so it is no check error until the flag is cleared."""
    source = project.source.read_text(encoding="utf-8")
    old = "In Missouri, the primary purpose of ICE accessing DMV data"
    project.source.write_text(source.replace(old, "In 2026, per the [INA](https://uscode.house.gov/), "
                                                  "the primary purpose of ICE accessing DMV data", 1), encoding="utf-8")
    dmvpub.extract(project)
    dmvpub.update(project)
    report = dmvpub.check(project, ["es"])
    assert not report.errors(), [str(finding) for finding in report.errors()]
    assert [f.check for f in report.warnings()] == ["fuzzy"]
    result = dmvpub.build(project, ["es"], ["booklet"])
    assert not result.failed and not result.skipped, [str(e) for e in result.failed + result.skipped]
    assert "https://uscode.house.gov/" in text_of(project.dist / artifact_name(project, "es", "booklet"))

    catalog = polib.pofile(str(catalog_path(project, "es")))
    next(e for e in catalog if e.fuzzy and e.msgctxt == "purpose").flags.remove("fuzzy")  # cleared unchecked
    catalog.save()
    assert {f.check for f in dmvpub.check(project, ["es"]).errors()} >= {"links", "numbers"}


def test_below_the_threshold_a_locale_is_skipped_naming_its_first_missing_message(project):
    pyproject = project.root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8") + "min-translated = 99\n", encoding="utf-8")
    settings = load_settings(project.root)
    unfinish(settings, "es", contexts=("retention", "effect-on-undocumented"), fuzzy=())
    catalog = polib.pofile(str(catalog_path(settings, "es")))
    result = dmvpub.build(settings, ["es"], ["flyer"])
    assert not result.outcomes and not result.failed
    first = next(e for e in catalog if e.msgctxt == "effect-on-undocumented" and not e.msgstr)
    reason = str(result.skipped[0])
    assert reason.startswith(f"{CATALOG}:{first.linenum}: "), reason
    assert "below min-translated (99%)" in reason
    quoted = re.search(r"first missing: '(.*)'$", reason).group(1)
    assert quoted.endswith("…") and first.msgid.startswith(quoted[:-1]) and first.msgid[len(quoted) - 1] == " ", \
        "cut at a word boundary"


# --- preview -------------------------------------------------------------------------------------------

def test_a_preview_prints_unfinished_work_marked_and_stays_out_of_the_published_set(project):
    dmvpub.init(project, "de")
    catalog = polib.pofile(str(catalog_path(project, "de")))
    document = dmvpub.load_document(project)
    catalog.find(document.title.text).msgstr = "Missouri-DMV-Daten und ICE"
    catalog.save()
    assert not dmvpub.build(project, ["en"], ["flyer"]).failed
    result = dmvpub.preview(project, "de")
    assert not result.failed and result.partial
    folder = preview_folder(project, "de")
    assert sorted(path.name for path in folder.iterdir()) == [
        "index.html", "missouri-dmv-ice-de-booklet.pdf", "missouri-dmv-ice-de-flyer.pdf"]
    booklet = pypdf.PdfReader(folder / "missouri-dmv-ice-de-booklet.pdf")
    assert all("Preview: not for handing out" in page.extract_text() for page in booklet.pages)
    assert "Missouri-DMV-Daten und ICE" in booklet.pages[0].extract_text()
    manifest = json.loads((project.dist / MANIFEST).read_text(encoding="utf-8"))
    assert not [entry for entry in manifest["artifacts"] if "preview" in entry["path"] or entry["locale"] == "de"]
    assert "preview/" not in (project.dist / "index.html").read_text(encoding="utf-8")
    assert not folder.resolve().is_relative_to(project.dist.resolve()), "dist/ is published as it is"


def test_watching_yields_each_saved_file(tmp_path):
    watched = tmp_path / "messages.po"
    watched.write_text("one", encoding="utf-8")
    seen = changes([watched], interval=0.05)

    def save():
        time.sleep(0.2)
        watched.write_text("two, longer", encoding="utf-8")
    threading.Thread(target=save).start()
    assert next(seen) == watched


def test_a_save_between_the_baseline_and_the_first_look_is_seen(tmp_path):
    """The baseline is the files as they were when watching was asked for, before the first render."""
    watched = tmp_path / "messages.po"
    watched.write_text("one", encoding="utf-8")
    seen = changes([watched], interval=0.01)
    watched.write_text("two", encoding="utf-8")  # the translator saves while the first preview renders
    assert next(seen) == watched


def test_a_save_that_keeps_size_and_modification_time_is_seen(tmp_path):
    watched = tmp_path / "messages.po"
    watched.write_text("one", encoding="utf-8")
    before = watched.stat()
    watcher = Watcher([watched])
    watched.write_text("two", encoding="utf-8")
    os.utime(watched, ns=(before.st_atime_ns, before.st_mtime_ns))  # a coarse clock, or a tool that keeps it
    assert watched.stat().st_size == before.st_size and watched.stat().st_mtime_ns == before.st_mtime_ns
    assert watcher.saved() == [watched]
    assert watcher.saved() == [], "each save is reported once"


def test_a_file_replaced_by_rename_is_seen_once_it_is_back(tmp_path):
    watched = tmp_path / "messages.po"
    watched.write_text("one", encoding="utf-8")
    watcher = Watcher([watched])
    watched.unlink()
    assert watcher.saved() == [watched]  # gone for a moment, as an editor's save-by-rename leaves it
    (tmp_path / "new").write_text("two", encoding="utf-8")
    (tmp_path / "new").replace(watched)
    assert watcher.saved() == [watched]


def test_preview_watch_rebuilds_for_saves_during_and_after_a_render(project):
    """A save while the first preview renders is built next; a save after "watching" is built too."""
    process = subprocess.Popen([sys.executable, "-m", "dmvpub.cli", "preview", "es", "--watch"], cwd=project.root,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    timer = threading.Timer(300, process.kill)  # a watcher that never answers fails the test, not the run
    timer.daemon = True
    timer.start()
    path = catalog_path(project, "es")

    def save(old, new):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    def read_until(prefix):
        for line in process.stdout:
            lines.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"the watcher ended before {prefix!r}: {lines}")

    try:
        lines: list[str] = []
        read_until("preview: ")  # the first render has started writing
        save('msgstr "Contenido"', 'msgstr "Contenido general"')
        read_until("previewed")
        read_until("watching")
        assert read_until("saved ") == f"saved {CATALOG}\n", lines
        read_until("previewed")
        booklet = preview_folder(project, "es") / "missouri-dmv-ice-es-booklet.pdf"
        assert "Contenido general" in pypdf.PdfReader(booklet).pages[1].extract_text()
        save('msgstr "Contenido general"', 'msgstr "Índice"')
        assert read_until("saved ") == f"saved {CATALOG}\n", lines
        read_until("previewed")
        assert "Índice" in pypdf.PdfReader(booklet).pages[1].extract_text()
        written = [line for line in lines if line.startswith("preview: ")]
        assert written[:3] == [f"preview: preview/es/{name}\n" for name in (
            "index.html", "missouri-dmv-ice-es-booklet.pdf", "missouri-dmv-ice-es-flyer.pdf")], \
            "the web edition first, then the booklet, the flyer beside it"
    finally:
        timer.cancel()
        process.kill()
        process.wait()


# --- review state ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("headers, message", [
    ({"X-Review-Status": "Reviewed"}, "X-Review-Status is 'Reviewed'; it must be draft or reviewed"),
    ({"X-Review-Status": "reveiwed"}, "X-Review-Status is 'reveiwed'"),
    ({"X-Review-Status": "reviewed", "X-Reviewed-By": "", "X-Reviewed-On": "2026-12-01"},
     "reviewed, but X-Reviewed-By does not say by whom"),
    ({"X-Review-Status": "reviewed", "X-Reviewed-By": "Ana", "X-Reviewed-On": "1 Dec 2026"},
     "reviewed, but X-Reviewed-On is not a date written YYYY-MM-DD"),
    ({"X-Review-Status": None}, "no X-Review-Status header"),
])
def test_review_headers_are_validated_at_their_line(project, headers, message):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    for key, value in headers.items():
        if value is None:
            del catalog.metadata[key]
        else:
            catalog.metadata[key] = value
    catalog.save()
    findings = [f for f in dmvpub.check(project, ["es"]).findings if f.check == "review" and message in f.message]
    assert len(findings) == 1 and findings[0].severity == "warning", "a summary: a typo never stops printing"
    line = path.read_text(encoding="utf-8").splitlines()[findings[0].line - 1]
    assert line.startswith('"X-Review') or line.startswith('"Language:')


# --- release ----------------------------------------------------------------------------------------------

def reviewed(settings, code):
    """Sign off every message of a locale, as a reviewer would with `dmvpub review`."""
    result = sign(settings, code, "A. Reviewer", on=date(2026, 11, 28))
    assert not result.refused, result.refused


def test_a_release_holds_only_what_passes_the_gate(project):
    reviewed(project, "en")
    reviewed(project, "es")
    reviewed(project, "vi")
    unfinish(project, "vi", contexts=(), fuzzy=("purpose",))
    result = dmvpub.release(project, codes=["en", "es", "vi", "ar"])
    assert result.released == ["en", "es"]
    assert result.refused["ar"] == ["draft translation, needs review by a native speaker"]
    assert result.refused["vi"][0] == "2 fuzzy message(s) to check"
    assert [re.sub(r":\d+ ", ":N ", reason) for reason in result.refused["vi"][1:]] == [
        "the translation changed since review: locales/vi/LC_MESSAGES/messages.po:N (purpose)"] * 2, \
        "a fuzzy flag voids the sign-off"
    out = project.root / "release"
    files = sorted(path.relative_to(out).as_posix() for path in out.rglob("*") if path.is_file())
    assert {file.split("/")[0] for file in files if "/" in file} == {"en", "es"}
    assert {"index.html", "manifest.json", "SHA256SUMS"} <= set(files)
    sums = dict(reversed(line.split("  ")) for line in (out / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == set(files) - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["locale"] for entry in manifest["artifacts"]} == {"en", "es"}
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Working build" not in page and 'href="vi/' not in page and 'href="es/' in page
    assert "Working build" in (project.dist / "index.html").read_text(encoding="utf-8")


def test_release_exit_status_and_lines(project):
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "release", "--locale", "es"], cwd=project.root,
                         capture_output=True, text=True)
    assert run.returncode == 1, "nothing passes while the English is a draft"
    assert run.stdout.splitlines() == [
        "out: es: the English source is a draft, not yet checked for accuracy",
        "out: es: draft translation, needs review by a native speaker"]
    assert "nothing is ready to release" in run.stderr


# --- one locale never breaks another; messages a translator understands --------------------------------

def test_a_locale_without_fonts_breaks_nothing_else(project):
    dmvpub.init(project, "ka")  # Georgian: no pinned fonts for its script
    catalog = polib.pofile(str(catalog_path(project, "ka")))
    for entry in catalog:
        entry.msgstr = entry.msgid
        entry.flags.append("ignore-unchanged")
    catalog.save()
    report = dmvpub.check(project)
    assert [f.check for f in report.findings if f.locale == "ka"] == ["locale"]
    assert "no pinned font draws the Georgian script (Geor) of ka" in next(f.message for f in report.findings
                                                                          if f.locale == "ka")
    assert report.counts()["es"] == {"errors": 0, "warnings": 0}
    result = dmvpub.build(project, ["en", "es", "ka"], ["flyer"])
    assert [str(e.path.relative_to(project.root)) for e in result.failed] == ["locales/ka/LC_MESSAGES/messages.po"]
    assert {o.artifact.locale for o in result.outcomes} == {"en", "es"}
    page = (project.dist / "index.html").read_text(encoding="utf-8")
    assert "Not built in the latest build: no pinned font draws the Georgian script" in page


def test_an_unescaped_quote_says_so(project):
    path = catalog_path(project, "es")
    text = path.read_text(encoding="utf-8").replace('msgstr "Contenido"', 'msgstr "El "Contenido""')
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if 'El "Contenido"' in row)
    finding = dmvpub.check(project, ["es"]).findings[0]
    assert (finding.line, finding.message) == (line, 'a " inside the text ends the string early: write it as \\" '
                                                     "(or use “ ” or « »)")


def test_french_spacing_and_guillemets_raise_no_warning(project):
    path = catalog_path(project, "fr")
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgid.endswith("?") and e.msgctxt)
    entry.msgstr = entry.msgstr.rstrip(" ?\u00a0\u202f") + "\u202f?"
    colon = next(e for e in catalog if e.msgid.endswith(":") and e.msgctxt)
    colon.msgstr = colon.msgstr.rstrip(" :\u00a0\u202f") + "\u00a0:"
    catalog.save()
    assert [f for f in dmvpub.check(project, ["fr"]).findings] == []
    checker = _checker("fr")
    assert _passes(checker, "doublequoting", 'He said "no".', "Il a dit « non ».", "fr")
    assert _passes(checker, "doublequoting", "He said “no”.", "Il a dit « non ».", "fr")


def test_init_leaves_no_placeholder_and_check_flags_leftover_ones(project):
    dmvpub.init(project, "de")
    metadata = polib.pofile(str(catalog_path(project, "de"))).metadata
    assert re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d\+0000$", metadata["PO-Revision-Date"])
    assert not any(p in metadata[key] for key in ("Last-Translator", "PO-Revision-Date", "Language-Team")
                   for p in ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO"))
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    catalog.metadata["Last-Translator"] = "FULL NAME <EMAIL@ADDRESS>"
    catalog.save()
    assert [f.message.split(" still")[0] for f in dmvpub.check(project, ["es"]).findings] == ["Last-Translator"]


def test_status_columns_stay_aligned_with_wide_and_combining_characters(project):
    lines = format_table(dmvpub.status(project).rows).splitlines()
    import unicodedata
    columns = {sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
                   2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line[:line.index("/")])
               for line in lines[1:]}
    assert len(columns) == 1, lines
