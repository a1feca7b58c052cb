"""Issue #22: a review signs the text it covers, message by message; any later edit voids it.

Each step of a coordinator's day is here: sign a question, sign a locale, see what is refused and
why, edit either side and watch the sign-off go void in status, check, the booklet and release; and
the sign-offs' round trips through the tools translators use.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from datetime import date, timedelta

import polib
import pypdf
import pytest

from helpers.review import sign
from dmvpub import commands as dmvpub
from dmvpub.pipeline.localized import localized_document
from dmvpub.po import catalog_path, template_messages
from dmvpub.core.errors import DmvpubError
from dmvpub.review import (CHANGED, REVIEWED, UNREVIEWED, message_digest, reviews_path, source_review_state,
                           translation_review_state)

from conftest import FRONT, write_project

DAY = date(2026, 11, 28)
SOURCE = FRONT + """
## First question? {#first}

First answer, with 18 months in it.

## Second question? {#second}

Second answer.

1. A listed item.
2. Another listed item.
"""


def small(tmp_path, translate=True):
    settings = write_project(tmp_path / "small", SOURCE, questions=2)
    dmvpub.extract(settings)
    dmvpub.init(settings, "es")
    if translate:
        fill(settings, "es", spanish)
    return settings


def spanish(entry):
    """A stand-in translation; "Not" made "No", so that the negation signal finds as many as the English."""
    return f"ES {entry.msgid}".replace("Not ", "No ")


def fill(settings, code, translation, only=None):
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        if only is None or only(entry):
            entry.msgstr = translation(entry)
            if entry.msgstr == entry.msgid:
                entry.flags.append("ignore-unchanged")
    catalog.save()


def states(settings, code="es"):
    document = dmvpub.load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    if code == "en":
        state = source_review_state(document, templates)
    else:
        path = catalog_path(settings, code)
        state = translation_review_state(document, templates, polib.pofile(str(path)), settings.relative(path), code)
    return state, {(m.context, m.msgid): m.state for m in state.messages}


def row(settings, code):
    return next(r for r in dmvpub.status(settings).rows if r.locale == code)


def entry_of(settings, code, msgid):
    return next(e for e in polib.pofile(str(catalog_path(settings, code))) if e.msgid == msgid)


def edit_po(settings, code, old, new):
    path = catalog_path(settings, code)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- signing ----------------------------------------------------------------------------------------------

def test_a_question_is_signed_with_who_when_and_the_digest_of_what_was_read(tmp_path):
    settings = small(tmp_path)
    result = sign(settings, "es", "Ana Pérez", ["second"], DAY)
    assert [m.msgid for m in result.signed] == ["Second question?", "Second answer.", "A listed item.",
                                                "Another listed item."]
    assert not result.refused and result.changed
    assert (result.questions_reviewed, result.questions_total) == (1, 2)
    entry = entry_of(settings, "es", "Second answer.")
    expected = message_digest("second", "Second answer.", "ES Second answer.", "es")
    assert entry.tcomment == f"reviewed: Ana Pérez 2026-11-28 sha256:{expected}"
    assert len(expected) == 64
    state, by_key = states(settings)
    assert state.reviewed_questions() == ["second"]
    assert by_key["first", "First question?"] == UNREVIEWED
    assert row(settings, "es").reviewed == "1/2"
    catalog = polib.pofile(str(catalog_path(settings, "es")))
    assert (catalog.metadata["X-Review-Status"], catalog.metadata["X-Reviewed-By"],
            catalog.metadata["X-Reviewed-On"]) == ("draft", "Ana Pérez", "2026-11-28"), "a summary, not the truth"
    assert subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(catalog_path(settings, "es"))]).returncode == 0


def test_only_translated_non_fuzzy_check_clean_messages_are_signed_each_refusal_says_why(tmp_path):
    settings = small(tmp_path, translate=False)
    fill(settings, "es", spanish, only=lambda e: e.msgid != "A listed item.")
    edit_po(settings, "es", 'msgstr "ES First answer, with 18 months in it."',
            'msgstr "ES First answer, with 81 months in it."')
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid == "Another listed item.").flags.append("fuzzy")
    catalog.save()
    result = sign(settings, "es", "Ana", on=DAY)
    why = {m.msgid: reason for m, reason in result.refused}
    assert why["A listed item."] == "not translated"
    assert why["Another listed item."].startswith("marked fuzzy")
    assert why["First answer, with 18 months in it."].startswith("`dmvpub check` finds numbers: numbers differ")
    assert set(why) == {"A listed item.", "Another listed item.", "First answer, with 18 months in it."}
    assert all(re.fullmatch(r"locales/es/LC_MESSAGES/messages\.po:\d+", str(m.where)) for m, _ in result.refused)
    assert {m.msgid for m in result.signed} >= {"First question?", "Second answer.", "A title"}
    assert result.questions_reviewed == 0
    _, by_key = states(settings)
    assert by_key["second", "Second answer."] == REVIEWED and by_key["second", "A listed item."] == UNREVIEWED


def test_the_cli_says_what_it_signed_and_refused_and_exits_non_zero_on_a_refusal(tmp_path):
    settings = small(tmp_path)
    edit_po(settings, "es", 'msgstr "ES Second answer."', 'msgstr ""')
    listed = subprocess.run([sys.executable, "-m", "dmvpub.cli", "review", "es", "--list"], cwd=settings.root,
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    codes = [line.split("\t")[1] for line in listed.stdout.splitlines() if "\t" in line]
    assert len(codes) == 3 and all(re.fullmatch(r"[0-9a-f]{10}", code) for code in codes)
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "review", "es", "--by", "Ana", "--date", "2026-11-28",
                          "--code", *codes], cwd=settings.root, capture_output=True, text=True)
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert "signed:  question first (2 message(s))" in lines
    assert any(re.fullmatch(r"refused: locales/es/LC_MESSAGES/messages\.po:\d+ \(second\): not translated", line)
               for line in lines)
    assert lines[-1].startswith("es: signed 8, refused 1 message(s); now 1/2 questions")
    for bad, message in ((["--by", "Bo"], "give the code of each question you read"),
                         (["--date", "2026-13-01"], "is not a date written YYYY-MM-DD"),
                         (["--date", (date.today() + timedelta(days=2)).isoformat()], "is in the future"),
                         (["--by", "Ana\u202e"], "invisible or control character (U+202E)")):
        args = ["review", "es", "--by", "Ana", *bad] if bad[0] != "--by" or bad[1] != "Bo" else ["review", "es", *bad]
        args += ["--code", codes[0]] if args[-1] != "Bo" else []
        run = subprocess.run([sys.executable, "-m", "dmvpub.cli", *args], cwd=settings.root, capture_output=True,
                             text=True)
        assert run.returncode == 1 and message in run.stderr and "Traceback" not in run.stderr, run.stderr
        assert len(run.stderr.strip().splitlines()) == 1


# --- any change voids it ----------------------------------------------------------------------------------

def test_a_changed_translation_is_changed_since_review_in_status_and_check(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Ana", on=DAY)
    assert row(settings, "es").review_note == "reviewed by Ana on 2026-11-28"
    edit_po(settings, "es", 'msgstr "ES Second answer."', 'msgstr "ES Second answer. The data are then sold."')
    _, by_key = states(settings)
    assert by_key["second", "Second answer."] == CHANGED
    es = row(settings, "es")
    assert es.reviewed == "1/2" and es.review.is_draft
    assert es.review_note.endswith("1 message(s) changed since review")
    findings = [f for f in dmvpub.check(settings, ["es"]).findings if f.check == "review"]
    changed = [f for f in findings if "changed since review" in f.message]
    assert len(changed) == 1 and changed[0].severity == "warning"
    lines = catalog_path(settings, "es").read_text(encoding="utf-8").splitlines()
    assert lines[changed[0].line - 1] == 'msgstr "ES Second answer. The data are then sold."'
    assert "dmvpub review es)" in changed[0].message and "signed off by" not in changed[0].message
    assert any("X-Review-Status says reviewed, but 1 message(s) carry no valid sign-off" in f.message
               for f in findings), "the summary left over from the review is reported"


def test_an_english_edit_voids_the_english_and_after_update_the_translation(tmp_path):
    settings = small(tmp_path)
    sign(settings, "en", "A. Checker", on=DAY)
    sign(settings, "es", "Ana", on=DAY)
    assert not row(settings, "en").review.is_draft and not row(settings, "es").review.is_draft
    source = settings.source.read_text(encoding="utf-8")
    settings.source.write_text(source.replace("Second answer.", "Second answer, edited."), encoding="utf-8")
    state, by_key = states(settings, "en")
    assert by_key["second", "Second answer, edited."] == CHANGED
    changed = state.changed[0]
    line = settings.source.read_text(encoding="utf-8").splitlines()[changed.where.line - 1]
    assert changed.where.path == "source/questions.md" and line == "Second answer, edited."
    findings = [f for f in dmvpub.check(settings).findings if f.locale == "en"]
    assert [(f.path, f.check, f.severity) for f in findings] == [("source/questions.md", "review", "warning")] * 2
    assert findings[0].line == changed.where.line and "changed since review" in findings[0].message
    assert "the front matter says reviewed, but 1 English message(s)" in findings[1].message, "a stale summary"
    assert row(settings, "es").reviewed == "1/2", "the new English is not in the catalog yet"
    dmvpub.extract(settings)
    dmvpub.update(settings)
    entry = entry_of(settings, "es", "Second answer, edited.")
    assert entry.fuzzy and entry.tcomment.startswith("reviewed: Ana 2026-11-28 sha256:"), "msgmerge keeps it"
    _, by_key = states(settings)
    assert by_key["second", "Second answer, edited."] == CHANGED
    entry_path = catalog_path(settings, "es")
    catalog = polib.pofile(str(entry_path))
    edited = next(e for e in catalog if e.msgid == "Second answer, edited.")
    edited.flags.remove("fuzzy")  # a translator clears the flag without touching the text: still void
    catalog.save()
    _, by_key = states(settings)
    assert by_key["second", "Second answer, edited."] == CHANGED


def test_a_changed_context_voids_the_sign_off(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Ana", on=DAY)
    assert message_digest("first", "First question?", "x", "es") != message_digest("second", "First question?", "x", "es")
    edit_po(settings, "es", 'msgctxt "first"\nmsgid "First question?"', 'msgctxt "firsts"\nmsgid "First question?"')
    findings = [f for f in dmvpub.check(settings, ["es"]).findings if "changed since review" in f.message]
    assert len(findings) == 1
    assert row(settings, "es").reviewed == "1/2"


def test_a_fuzzy_flag_voids_the_sign_off_until_signed_again(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Ana", on=DAY)
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid == "First question?").flags.append("fuzzy")
    catalog.save()
    _, by_key = states(settings)
    assert by_key["first", "First question?"] == CHANGED
    assert any("marked fuzzy (a sign-off Ana" in f.message for f in dmvpub.check(settings, ["es"]).findings)


def test_signing_again_replaces_the_void_sign_off_and_keeps_the_translators_comments(tmp_path):
    settings = small(tmp_path)
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    next(e for e in catalog if e.msgid == "Second answer.").tcomment = "Keep it short."
    catalog.save()
    sign(settings, "es", "Ana", on=DAY)
    edit_po(settings, "es", 'msgstr "ES Second answer."', 'msgstr "ES Second, shorter answer."')
    result = sign(settings, "es", "Bo", ["second"], DAY + timedelta(days=1))
    assert len(result.signed) == 4 and result.questions_reviewed == 2
    entry = entry_of(settings, "es", "Second answer.")
    assert entry.tcomment.splitlines() == [
        f"reviewed: Bo 2026-11-29 sha256:{message_digest('second', 'Second answer.', 'ES Second, shorter answer.', 'es')}",
        "Keep it short."]
    catalog = polib.pofile(str(path))
    assert catalog.metadata["X-Review-Status"] == "reviewed"
    assert catalog.metadata["X-Reviewed-By"] == "Ana; Bo" and catalog.metadata["X-Reviewed-On"] == "2026-11-29"
    assert sign(settings, "es", "Bo", ["second"], DAY + timedelta(days=1)).changed is False
    edit_po(settings, "es", 'msgstr "ES Second question?"', 'msgstr "ES Second question!"')
    refused = sign(settings, "es", "Bo", ["second"], DAY + timedelta(days=1)).refused
    assert [m.msgid for m, _ in refused] == ["Second question?"] and "endpunc" in refused[0][1]


# --- the English's sign-offs, beside the source -----------------------------------------------------------

def test_english_sign_offs_live_in_a_plain_file_and_the_front_matter_gets_a_summary(tmp_path):
    settings = small(tmp_path)
    result = sign(settings, "en", "A. Checker", ["first"], DAY)
    assert result.path == "source/reviews.yaml" and len(result.signed) == 2
    text = reviews_path(settings).read_text(encoding="utf-8")
    assert 'context: "first"' in text and 'message: "answer, paragraph 1"' in text
    assert "status: draft" in settings.source.read_text(encoding="utf-8"), "one question of two: still a draft"
    assert row(settings, "en").reviewed == "1/2"
    sign(settings, "en", "A. Checker", on=DAY)
    front = settings.source.read_text(encoding="utf-8").split("---")[1]
    assert 'review:\n  status: reviewed\n  by: "A. Checker"\n  date: 2026-11-28\n' in front
    assert not dmvpub.load_document(settings).review.is_draft
    assert row(settings, "en").review_note == "reviewed by A. Checker on 2026-11-28"


def test_a_summary_saying_reviewed_without_sign_offs_prints_as_a_draft_and_check_says_so(tmp_path):
    settings = small(tmp_path)
    source = settings.source.read_text(encoding="utf-8")
    settings.source.write_text(source.replace("  status: draft", "  status: reviewed\n  by: Someone\n"
                                              "  date: 2026-11-01"), encoding="utf-8")
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    catalog.metadata.update({"X-Review-Status": "reviewed", "X-Reviewed-By": "Ana", "X-Reviewed-On": "2026-11-01"})
    catalog.save()
    assert row(settings, "en").review.is_draft and row(settings, "es").review.is_draft
    findings = dmvpub.check(settings).findings
    english = [f for f in findings if f.locale == "en"]
    assert len(english) == 1 and "the front matter says reviewed, but 9 English message(s)" in english[0].message
    assert settings.source.read_text(encoding="utf-8").splitlines()[english[0].line - 1] == "review:"
    spanish = [f for f in findings if f.locale == "es" and f.check == "review"]
    assert len(spanish) == 1 and "X-Review-Status says reviewed, but 9 message(s)" in spanish[0].message
    doc = localized_document(settings, dmvpub.load_document(settings), "es")
    assert doc.edition.translation_is_draft and doc.edition.source_review.is_draft


def test_a_damaged_reviews_file_is_one_line_with_its_line(tmp_path):
    settings = small(tmp_path)
    sign(settings, "en", "A. Checker", on=DAY)
    path = reviews_path(settings)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(" sha256:", " sha257:", 1), encoding="utf-8")
    with pytest.raises(DmvpubError) as error:
        dmvpub.load_document(settings)
    assert error.value.path == path and "must read 'NAME YYYY-MM-DD sha256:" in error.value.message
    assert text.splitlines()[error.value.line - 1].startswith("- context:")


# --- round trips through the tools translators use --------------------------------------------------------

def signed_small(tmp_path):
    settings = small(tmp_path)
    sign(settings, "es", "Ana María de la Cruz Pérez-Gómez", on=DAY)  # a long name, wrapped by Babel
    return settings, catalog_path(settings, "es")


def assert_all_reviewed(settings):
    state, _ = states(settings)
    assert state.complete, [(m.msgid, m.state) for m in state.messages if m.state != REVIEWED]


def test_sign_offs_survive_dmvpub_update_and_gnu_msgmerge(tmp_path):
    settings, path = signed_small(tmp_path)
    assert dmvpub.update(settings).failed == []
    assert_all_reviewed(settings)
    out = tmp_path / "merged.po"
    subprocess.run(["msgmerge", "--quiet", "-o", str(out), str(path), str(settings.locales / "messages.pot")],
                   check=True)
    shutil.copy(out, path)
    assert_all_reviewed(settings)


def test_sign_offs_survive_msgcat(tmp_path):
    settings, path = signed_small(tmp_path)
    out = tmp_path / "cat.po"
    subprocess.run(["msgcat", "--width=40", "-o", str(out), str(path)], check=True)
    shutil.copy(out, path)
    assert_all_reviewed(settings)


def test_sign_offs_survive_polib(tmp_path):
    settings, path = signed_small(tmp_path)
    catalog = polib.pofile(str(path))
    catalog.save(str(path))
    assert_all_reviewed(settings)


def test_sign_offs_survive_translate_toolkits_po_store(tmp_path):
    from translate.storage import po
    settings, path = signed_small(tmp_path)
    store = po.pofile.parsefile(str(path))
    unit = next(unit for unit in store.units if unit.source == "Second answer.")
    assert "reviewed: Ana María" in unit.getnotes("translator")
    path.write_bytes(bytes(store))
    assert_all_reviewed(settings)


def test_sign_offs_survive_babel_read_po_and_write_po(tmp_path):
    from babel.messages.pofile import read_po, write_po
    settings, path = signed_small(tmp_path)
    with path.open("rb") as file:
        catalog = read_po(file)
    buffer = io.BytesIO()
    write_po(buffer, catalog)  # wraps comments at 76 columns: the sign-off spreads over two lines
    path.write_bytes(buffer.getvalue())
    assert "#  reviewed:" not in path.read_text(encoding="utf-8")
    assert re.search(r"^# sha256:[0-9a-f]{64}$", path.read_text(encoding="utf-8"), re.M), "Babel wrapped it"
    assert_all_reviewed(settings)


def test_a_poedit_style_save_with_crlf_keeps_them_and_review_keeps_crlf(tmp_path):
    settings, path = signed_small(tmp_path)
    data = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(data)
    assert_all_reviewed(settings)
    edit = path.read_bytes().replace(b'msgstr "ES Second answer."', b'msgstr "ES Second, shorter answer."')
    path.write_bytes(edit)
    assert not sign(settings, "es", "Bo", ["second"], DAY).refused
    assert b"\n" not in path.read_bytes().replace(b"\r\n", b"")
    assert_all_reviewed(settings)


# --- printed, on the download page, and released ----------------------------------------------------------

def test_the_booklet_says_which_questions_are_reviewed_and_stays_a_draft(project):
    sign(project, "en", "A. Checker", on=DAY)
    sign(project, "es", "Ana", ["what-is-shared", "how-ice-gets-data", "is-it-legal", "dmv-role"], DAY)
    result = dmvpub.build(project, ["es"], ["booklet"])
    assert not result.failed, [str(e) for e in result.failed]
    reader = pypdf.PdfReader(project.dist / "es" / "missouri-dmv-ice-es-booklet.pdf")
    contents = re.sub(r"\s+", " ", reader.pages[1].extract_text())
    number = next(n for n, q in enumerate(dmvpub.load_document(project).questions, start=1) if q.id == "dmv-role")
    assert f"Preguntas revisadas hasta ahora: 1–3 y {number}." in contents
    assert all("Traducción en borrador" in page.extract_text() for page in reader.pages[1:])
    page = (project.dist / "index.html").read_text(encoding="utf-8")
    assert "4 of 20 reviewed" in page
    doc = localized_document(project, dmvpub.load_document(project), "es")
    assert doc.edition.reviewed_questions == (1, 2, 3, number) and doc.edition.is_draft
    sign(project, "es", "Ana", on=DAY)
    doc = localized_document(project, dmvpub.load_document(project), "es")
    assert not doc.edition.is_draft, "every message signed, and the English: no draft line"


def test_release_publishes_only_signed_text_and_names_each_changed_message(project):
    sign(project, "en", "A. Checker", on=DAY)
    sign(project, "es", "Ana", on=DAY)
    sign(project, "vi", "Binh", ["purpose"], DAY)
    result = dmvpub.release(project, codes=["en", "es", "vi"], jobs=1)
    assert result.released == ["en", "es"]
    assert len(result.refused["vi"]) == 1
    assert result.refused["vi"][0].startswith("the translation is not fully reviewed: 1 of 20 questions")
    # an invented sentence nobody reviewed, as in the issue
    edit = catalog_path(project, "es")
    lines = edit.read_text(encoding="utf-8").split("\n")
    entry = next(e for e in polib.pofile(str(edit)) if e.msgctxt == "purpose" and e.msgid.startswith("In Missouri"))
    at = next(number for number in range(entry.linenum, len(lines)) if lines[number].startswith("msgstr"))
    lines[at + 1] = '"Los datos se venden luego a empresas privadas. ' + lines[at + 1][1:]
    edit.write_text("\n".join(lines), encoding="utf-8")
    source = project.source.read_text(encoding="utf-8")
    project.source.write_text(source.replace("Yes, the sharing of DMV data", "Yes, the sharing of all DMV data"),
                              encoding="utf-8")
    result = dmvpub.release(project, codes=["en", "es"], jobs=1)
    assert result.released == []
    english_line = next(number for number, line in enumerate(project.source.read_text().splitlines(), start=1)
                        if line.startswith("Yes, the sharing of all DMV data"))
    assert result.refused["en"] == [f"the English changed since review: source/questions.md:{english_line} "
                                    "(is-it-legal)"]
    changed = [reason for reason in result.refused["es"] if reason.startswith("the translation changed")]
    assert len(changed) == 1
    where = changed[0].split(": ", 1)[1].split(" ")[0]
    line = int(where.rsplit(":", 1)[1])
    assert edit.read_text(encoding="utf-8").splitlines()[line - 1] == 'msgstr ""'
    assert edit.read_text(encoding="utf-8").splitlines()[line].startswith('"Los datos se venden luego')
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "release", "--locale", "es"], cwd=project.root,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert f"out: es: the translation changed since review: {where} (purpose)" in run.stdout.splitlines()
    assert f"out: es: the English changed since review: source/questions.md:{english_line} (is-it-legal)" \
        in run.stdout.splitlines()


# --- a release folder never replaces anything of the project ----------------------------------------------

@pytest.mark.parametrize("out, message", [
    ("locales", "must not be, hold or lie inside locales/"),
    ("locales/es", "must not be, hold or lie inside locales/"),
    ("source", "must not be, hold or lie inside source/"),
    ("source/new", "must not be, hold or lie inside source/"),
    ("templates", "must not be, hold or lie inside templates/"),
    ("dist", "must not be, hold or lie inside dist/: dist/ is the working build"),
    ("dist/release", "must not be, hold or lie inside dist/"),
    (".", "must not be the project folder or hold it"),
    ("..", "leads outside the project folder"),
    ("src", "this folder exists and is not an earlier release"),
    ("pyproject.toml", "is a file, not a folder"),
])
def test_release_refuses_a_folder_whose_swap_would_remove_project_files(project, out, message):
    (project.root / "src").mkdir()
    (project.root / "src" / "code.py").write_text("print()\n")
    before = sorted(p.relative_to(project.root).as_posix() for p in project.root.rglob("*"))
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "release", "--out", out], cwd=project.root,
                         capture_output=True, text=True)
    assert run.returncode == 1 and message in run.stderr, run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr
    assert sorted(p.relative_to(project.root).as_posix() for p in project.root.rglob("*")) == before


def test_release_refuses_a_link_and_a_folder_with_holdings_of_its_own(project):
    (project.root / "link").symlink_to(project.locales)
    with pytest.raises(DmvpubError, match="must not be, hold or lie inside locales/"):
        dmvpub.release(project, project.root / "link")
    (project.root / "site").mkdir()
    (project.root / "site" / "notes.txt").write_text("mine")
    with pytest.raises(DmvpubError, match="this folder exists and is not an earlier release"):
        dmvpub.release(project, project.root / "site")
    assert (project.root / "site" / "notes.txt").read_text() == "mine"


def test_an_earlier_release_is_replaced_but_not_one_someone_added_files_to(project):
    sign(project, "en", "A. Checker", on=DAY)
    out = project.root / "out"
    first = dmvpub.release(project, out, ["en"], jobs=1)
    assert first.released == ["en"] and (out / "SHA256SUMS").is_file()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {entry["locale"] for entry in manifest["artifacts"]} == {"en"}
    again = dmvpub.release(project, out, ["en"], jobs=1)
    assert again.released == ["en"] and sorted(again.files) == sorted(first.files)
    assert not [p for p in project.root.iterdir() if p.name.startswith(".out.")], "no staging left behind"
    (out / "en" / "extra.txt").write_text("mine")
    with pytest.raises(DmvpubError, match=r"not an earlier release \(en/extra.txt is not part of it\)"):
        dmvpub.release(project, out, ["en"], jobs=1)
    assert (out / "en" / "extra.txt").read_text() == "mine"


# --- issue #24, item 7: a catalog without review headers prints, as a draft ------------------------------

def test_a_catalog_without_review_headers_prints_as_a_draft_with_a_warning(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    for key in ("X-Review-Status", "X-Reviewed-By", "X-Reviewed-On"):
        del catalog.metadata[key]
    catalog.save()
    findings = dmvpub.check(project, ["es"]).findings
    assert [(f.check, f.severity) for f in findings] == [("review", "warning")]
    assert "no X-Review-Status header" in findings[0].message and "printed as a draft" in findings[0].message
    result = dmvpub.build(project, ["es"], ["flyer"])
    assert not result.failed, [str(e) for e in result.failed]
    text = pypdf.PdfReader(project.dist / "es" / "missouri-dmv-ice-es-flyer.pdf").pages[0].extract_text()
    assert "Traducción en borrador" in re.sub(r"\s+", " ", text)


def test_an_english_sign_off_rebuilds_every_locale_and_names_may_hold_zwnj(tmp_path):
    from dmvpub.pipeline.plan import inputs_key
    from dmvpub.commands.review import validate_reviewer
    settings = small(tmp_path)
    before = {code: inputs_key(settings, code) for code in ("en", "es")}
    sign(settings, "en", "A. Checker", ["first"], DAY)
    assert "status: draft" in settings.source.read_text(encoding="utf-8"), "the source itself is unchanged"
    assert all(inputs_key(settings, code) != key for code, key in before.items()), "the draft line changes"
    assert validate_reviewer(" علی\u200cرضا  احمدی ") == "علی\u200cرضا احمدی"
