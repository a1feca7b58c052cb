"""Odd files named for what they are (issue 32): what git, msgcat and a text editor leave in a
catalog is said in its own words, at its line, by `check` and `update` alike; `init` says when no
pinned font draws a language; Urdu and Pashto's full stop ۔ ends a sentence; `update` says where it
kept a translation typed over the English."""

from __future__ import annotations

import shutil
import subprocess
import sys

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path

from helpers.catalog import edit, type_over_msgid
from helpers.project import ROOT, copy_project
from helpers.review import sign

KEEP = ("es", "vi")  # two catalogs are enough: one damaged, one that must go on merging


def project_of(folder, codes=KEEP):
    """A copy of the project with only the catalogs of `codes`."""
    others = [path.name for path in (ROOT / "locales").iterdir() if path.is_dir() and path.name not in codes]
    return copy_project(folder, leave_out=tuple(others))


@pytest.fixture
def small(tmp_path):
    return project_of(tmp_path / "project")


def findings(settings, code="es"):
    return [(finding.check, finding.line, finding.message) for finding in dmvpub.check(settings, [code]).findings]


def update_errors(settings):
    result = dmvpub.update(settings)
    assert "vi" in result.changed + result.unchanged  # the other catalog is merged all the same
    return [(error.line, error.message) for error in result.failed]


def git(folder, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=folder,
                   check=True, capture_output=True)


def test_git_merge_conflict_is_named_at_its_first_marker(small, tmp_path):
    path = catalog_path(small, "es")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith('msgstr "¿Qué información'))
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(path, repo / "messages.po")
    git(repo, "init", "-q")
    git(repo, "add", "messages.po")
    git(repo, "commit", "-qm", "base")
    git(repo, "checkout", "-qb", "theirs")
    for branch, text in (("theirs", "¿Qué datos comparte el DMV con ICE?"), ("-", "¿Qué da el DMV a ICE?")):
        if branch == "-":
            git(repo, "checkout", "-q", "-")
        edited = list(lines)
        edited[number] = f'msgstr "{text}"\n'
        (repo / "messages.po").write_text("".join(edited), encoding="utf-8")
        git(repo, "commit", "-qam", branch)
    merge = subprocess.run(["git", "merge", "theirs"], cwd=repo, capture_output=True, text=True)
    assert merge.returncode != 0 and "CONFLICT" in merge.stdout
    shutil.copy(repo / "messages.po", path)
    marker = path.read_text(encoding="utf-8").splitlines().index("<<<<<<< HEAD") + 1

    [(check, line, message)] = findings(small)
    assert (check, line) == ("syntax", marker)
    assert message.startswith("merge conflict: ") and "missing 'msgstr'" not in message
    [(line, message)] = update_errors(small)
    assert line == marker and message.startswith("merge conflict: ")
    [error] = dmvpub.build(small, ["es"], ["flyer"]).failed
    assert error.line == marker and error.message.startswith("merge conflict: ")


def test_a_duplicate_entry_says_where_the_first_copy_is(small):
    path = catalog_path(small, "es")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines, start=1) if line.startswith('msgstr "¿Qué información')) - 1
    copy = "\n".join(lines[first - 4:first + 1])  # its comments, msgctxt, msgid and msgstr
    assert lines[first - 1].startswith("msgid ")
    assert copy.startswith("#.") and 'msgctxt "what-is-shared"' in copy
    path.write_text(text + "\n" + copy + "\n", encoding="utf-8")
    second = len(path.read_text(encoding="utf-8").splitlines()) - 1  # the copy's msgid, before its msgstr

    [(check, line, message)] = findings(small)
    assert (check, line) == ("syntax", second)
    assert message.startswith(f"duplicate entry (first at line {first})")
    [(line, message)] = update_errors(small)
    assert line == second and message.startswith(f"duplicate entry (first at line {first})")


def _msgcat(settings, tmp_path, header_too: bool):
    """es's catalog and a copy with one translation (and, with `header_too`, the revision date)
    changed, merged by GNU msgcat as a translator would merge two versions of a file."""
    path = catalog_path(settings, "es")
    text = path.read_text(encoding="utf-8")
    other = text.replace('msgstr "¿Qué información comparte', 'msgstr "¿Qué datos comparte')
    if header_too:
        other = other.replace("PO-Revision-Date: 2026-11-24", "PO-Revision-Date: 2026-12-01")
    (tmp_path / "mine.po").write_text(text, encoding="utf-8")
    (tmp_path / "theirs.po").write_text(other, encoding="utf-8")
    subprocess.run(["msgcat", "mine.po", "theirs.po", "-o", str(path)], cwd=tmp_path, check=True)
    return path.read_text(encoding="utf-8").splitlines()


def test_msgcat_merged_entries_are_named_not_called_an_english_change(small, tmp_path):
    lines = _msgcat(small, tmp_path, header_too=False)
    marker = next(i for i, line in enumerate(lines, start=1) if line.startswith('"#-#-#-#-#  mine.po'))
    [(check, line, message)] = findings(small)
    assert (check, line) == ("syntax", marker)
    assert message.startswith("msgcat merge markers: ") and "mine.po and theirs.po" in message
    assert "English" not in message
    [(line, message)] = update_errors(small)
    assert line == marker and message.startswith("msgcat merge markers: ")


def test_a_header_doubled_by_msgcat_is_named_at_its_line(small, tmp_path):
    lines = _msgcat(small, tmp_path, header_too=True)
    markers = [i for i, line in enumerate(lines, start=1) if line.startswith('"#-#-#-#-#  ')]
    assert markers[0] < 10  # the header's
    [(check, line, message)] = findings(small)
    assert (check, line) == ("syntax", markers[0])
    assert message.startswith("msgcat merge markers: the header is a doubled header")
    assert f"the first at line {markers[2]}" in message  # and the message merged too


def test_a_header_field_written_twice_is_named(small):
    path = catalog_path(small, "es")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Language: es\\n"\n', '"Language: es\\n"\n"Language: es\\n"\n', 1), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index('"Language: es\\n"') + 1
    [(check, line, message)] = findings(small)
    assert (check, line) == ("syntax", first + 1)
    assert message.startswith(f"doubled header: the field Language is there twice (first at line {first})")


# --- "۔", the full stop of Urdu, Pashto and Sindhi ---------------------------------------------------------

def full_stops_as(settings, code, mark):
    """Every translation of `code` whose English ends with "." ending with `mark` instead; how many."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    changed = 0
    for entry in catalog.translated_entries():
        if entry.msgid.endswith(".") and entry.msgstr.endswith("."):
            entry.msgstr = entry.msgstr[:-1] + mark
            changed += 1
    catalog.save()
    return changed


def test_the_arabic_full_stop_ends_a_pashto_sentence_and_it_can_be_signed_but_not_in_persian(tmp_path):
    settings = project_of(tmp_path / "project", ("ps", "fa_AF"))
    assert full_stops_as(settings, "ps", "\u06d4") > 40
    assert findings(settings, "ps") == []
    signed = sign(settings, "ps", "A Reviewer", questions=["what-is-shared"])
    assert signed.signed and not signed.refused
    # CLDR's Persian has no "۔": there it is still another mark than the English's full stop
    changed = full_stops_as(settings, "fa_AF", "\u06d4")
    assert [check for check, _, _ in findings(settings, "fa_AF")] == ["endpunc"] * changed


# --- init: a language no pinned font draws --------------------------------------------------------------

@pytest.mark.parametrize("code, script", [("th", "Thai"), ("he", "Hebrew"), ("ja", "Japanese")])
def test_init_of_a_script_no_pinned_font_draws_says_so_and_how_to_add_one(small, code, script):
    created = dmvpub.init(small, code)
    assert (small.root / created.path).is_file()  # translating can start while a font is added
    [warning] = created.warnings
    assert warning.startswith(f"no pinned font draws the {script} script")
    assert "src/dmvpub/fonts/faces.py" in warning and "README: Adding a language" in warning
    [finding] = [f for f in dmvpub.check(small, [code]).findings if f.check == "locale"]
    assert finding.message == warning  # check, weeks later, says the same


def test_init_of_a_language_whose_letters_the_script_s_font_lacks_names_them(small):
    [warning] = dmvpub.init(small, "ckb").warnings  # Central Kurdish: Tajawal lacks ڕ ڵ ۆ ێ ە …
    assert warning.startswith("the pinned fonts for the Arabic script (Tajawal, Source Sans 3) lack 10 letters")
    assert "ڵ" in warning and "Kurinto Sans, already pinned, draws all its letters" in warning


def test_init_prints_its_warning_and_succeeds(small):
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "init", "he"], cwd=small.root, capture_output=True,
                         text=True)
    assert run.returncode == 0 and run.stdout.strip() == "created locales/he/LC_MESSAGES/messages.po"
    assert run.stderr.startswith("dmvpub: warning: locales/he/LC_MESSAGES/messages.po: no pinned font draws the "
                                 "Hebrew script (Hebr) of he")


# Draft Urdu (for this test only, not reviewed): the title, two questions and a template string,
# with the letters Tajawal lacks (ٹ ڈ ڑ ں ہ ھ ی ک گ چ ے) and the full stop ۔
URDU = {
    (None, "Missouri DMV Data and ICE"): "مسوری DMV کا ڈیٹا اور ICE",
    ("what-is-shared", "What information"): "مسوری کا DMV، ICE کو کون سی معلومات دیتا ہے؟",
    ("how-ice-gets-data", "How does ICE"):
        "ICE مسوری میں ڈرائیونگ لائسنس اور گاڑی کی رجسٹریشن کے ڈیٹا تک کیسے پہنچتا ہے؟",
    (None, "Marked passages"): "نشان زدہ حصوں کا ابھی ترجمہ نہیں ہوا، اس لیے وہ انگریزی میں چھپے ہیں۔",
}


def test_urdu_starts_clean_and_every_letter_is_drawn(small):
    assert dmvpub.init(small, "ur").warnings == []
    for (msgctxt, start), text in URDU.items():
        edit(small, "ur", msgctxt, start, lambda _, text=text: text)
    found = dmvpub.check(small, ["ur"]).findings
    assert [str(f) for f in found if f.check != "untranslated"] == []
    assert len(found) == len(polib.pofile(str(catalog_path(small, "ur")))) - len(URDU)


# --- update says where it kept a translation typed over the English ------------------------------------------


def test_update_says_where_it_kept_a_translation_typed_over_the_english(small):
    english, typed = type_over_msgid(small, "es", "purpose", "What is")
    result = dmvpub.update(small)
    [moved] = result.typed_over
    lines = catalog_path(small, "es").read_text(encoding="utf-8").splitlines()
    assert moved.where.path == "locales/es/LC_MESSAGES/messages.po"
    kept = polib.pofile(str(catalog_path(small, "es"))).obsolete_entries()[0]
    assert kept.msgid == typed and moved.where.line == kept.linenum
    assert lines[moved.msgstr_line - 1] == 'msgstr ""' and english[:30] in "\n".join(lines[moved.msgstr_line - 4:])
    said = str(moved)
    assert said.startswith(f"locales/es/LC_MESSAGES/messages.po:{kept.linenum}: moved to obsolete: ")
    assert f"msgstr at line {moved.msgstr_line}" in said
    assert dmvpub.update(small).typed_over == []  # said once: it is obsolete now

    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "update"], cwd=small.root, capture_output=True, text=True)
    assert run.returncode == 0 and "moved to obsolete" not in run.stdout


def test_the_cli_prints_what_update_moved(small):
    type_over_msgid(small, "vi", "what-is-shared", "What information")
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "update"], cwd=small.root, capture_output=True, text=True)
    assert run.returncode == 0
    [said] = [line for line in run.stdout.splitlines() if "moved to obsolete" in line]
    assert said.startswith("locales/vi/LC_MESSAGES/messages.po:")


def test_an_untranslated_english_sentence_since_edited_is_not_called_typed_over(small):
    from helpers.catalog import edit_english
    edit(small, "es", "purpose", "What is", lambda _: "")
    edit_english(small, "What is the purpose of ICE accessing", "What is the aim of ICE accessing")
    type_over_msgid(small, "vi", "what-is-shared", "What information")
    assert dmvpub.extract(small)
    moved = dmvpub.update(small).typed_over
    assert [m.where.path for m in moved] == ["locales/vi/LC_MESSAGES/messages.po"]


def test_with_one_catalog_an_edited_english_sentence_is_told_by_its_likeness(tmp_path):
    from helpers.catalog import edit_english
    settings = project_of(tmp_path / "project", ("es",))
    edit(settings, "es", "purpose", "What is", lambda _: "")
    edit_english(settings, "What is the purpose of ICE accessing", "What is the aim of ICE accessing")
    english, typed = type_over_msgid(settings, "es", "what-is-shared", "What information")
    assert dmvpub.extract(settings)
    [moved] = dmvpub.update(settings).typed_over
    assert moved.english == english and moved.context == "what-is-shared"
