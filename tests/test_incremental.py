"""`dmvpub build` rebuilds only what changed, never leaves a half-written file, gives the same bytes
anywhere, and refuses unreviewed locales for a release."""

from __future__ import annotations

import fcntl
import hashlib
import json
import subprocess
import sys

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import LOCK, artifact_name, locale_kinds
from dmvpub.po import catalog_path
from dmvpub.core.errors import DmvpubError

from helpers.project import copy_project


def hashes(settings) -> dict[str, str]:
    return {path.relative_to(settings.dist).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(settings.dist.rglob("*.pdf"))}


def built(result) -> set[tuple[str, str]]:
    return {(o.artifact.locale, o.artifact.kind) for o in result.outcomes if o.built}


def edit_one_translation(settings, code):
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog.translated_entries() if e.msgctxt == "retention")
    entry.msgstr += " (ok)"  # no digit: a number the English does not have is an error (issue #21)
    catalog.save()


def test_unchanged_inputs_rebuild_nothing_and_one_edit_rebuilds_one_locale(project):
    codes = ["en", "es"]
    every = {(code, kind) for code in codes for kind in locale_kinds(project, code)}
    first = dmvpub.build(project, codes, jobs=2)
    assert not first.failed and built(first) == every
    before = hashes(project)

    again = dmvpub.build(project, codes)
    assert not built(again) and len(again.outcomes) == len(every)
    assert hashes(project) == before

    edit_one_translation(project, "es")
    after_edit = dmvpub.build(project, codes)
    assert {code for code, _ in built(after_edit)} == {"es"}

    (project.templates / "common.css").write_text((project.templates / "common.css").read_text() + "\n/* */\n")
    assert {code for code, _ in built(dmvpub.build(project, codes))} == set(codes)


def test_kind_and_force(project):
    result = dmvpub.build(project, ["en"], kinds=["flyer"])
    assert built(result) == {("en", "flyer")}
    assert not (project.dist / artifact_name(project, "en", "booklet")).exists()
    assert built(dmvpub.build(project, ["en"], kinds=["flyer"], force=True)) == {("en", "flyer")}


def test_a_broken_catalog_fails_alone_and_keeps_its_last_good_pdfs(project):
    assert not dmvpub.build(project, ["es", "en"]).failed
    good = hashes(project)
    path = catalog_path(project, "es")
    path.write_text(path.read_text(encoding="utf-8").replace('msgid "Contents"', 'msgid "Contents'),
                    encoding="utf-8")
    (project.source.parent / "questions.md").write_text(project.source.read_text(encoding="utf-8") + "\n",
                                                        encoding="utf-8")

    result = dmvpub.build(project, ["es", "en"])
    assert [error.path.name for error in result.failed] == ["messages.po"]
    assert "locales/es/LC_MESSAGES/messages.po:" in str(result.failed[0])
    assert {code for code, _ in built(result)} == {"en"}
    now = hashes(project)
    assert {k: v for k, v in now.items() if k.startswith("es/")} == \
        {k: v for k, v in good.items() if k.startswith("es/")}
    assert not list(project.dist.rglob("*.part")), "no temporary file is left behind"
    manifest = json.loads((project.dist / "manifest.json").read_text(encoding="utf-8"))
    assert {e["locale"] for e in manifest["artifacts"]} == {"es", "en"}, "the last good PDFs stay listed"


def test_cli_exits_non_zero_and_lists_what_failed(project):
    path = catalog_path(project, "es")
    path.write_text("msgid \"x\"\nmsgstr \"y\"\nmsgid \"x\"\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "build", "--locale", "es", "--locale", "en"],
                         cwd=project.root, capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[0].startswith("dmvpub: locales/es/LC_MESSAGES/messages.po")
    assert "en/missouri-dmv-ice-en-flyer.pdf" in run.stdout


def test_a_second_build_at_the_same_time_refuses(project):
    lock = project.dist / LOCK
    lock.parent.mkdir(parents=True)
    with open(lock, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(DmvpubError, match="another dmvpub build"):
            dmvpub.build(project, ["en"])


def test_builds_in_two_folders_give_identical_bytes(tmp_path, monkeypatch):
    codes = ["en", "es", "zh_Hans"]  # Chinese: its web edition carries font subsets
    first = copy_project(tmp_path / "one")
    second = copy_project(tmp_path / "somewhere" / "else")
    monkeypatch.chdir(first.root)
    assert not dmvpub.build(first, codes).failed
    monkeypatch.chdir(second.root)
    assert not dmvpub.build(second, codes, jobs=1).failed

    def every_file(settings):
        return {path.relative_to(settings.dist).as_posix(): path.read_bytes()
                for path in sorted(settings.dist.rglob("*")) if path.is_file() and ".cache" not in path.parts}
    one, other = every_file(first), every_file(second)
    assert {"index.html", "manifest.json", "zh_Hans/index.html", "es/missouri-dmv-ice-es-booklet.png"} <= set(one)
    assert [name for name in one if one[name] != other.get(name)] == []
    for data in one.values():
        assert str(first.root).encode() not in data


def test_each_locale_status_is_counted_once_per_build_and_release(project, monkeypatch):
    """The download page, the build's note of a locale printed partly in English and a release's gate
    share one count per locale: a catalog is read and counted once per command, not once per use."""
    from collections import Counter

    from dmvpub.pipeline import statuses
    from dmvpub.po import is_pseudo, locale_codes

    counted: Counter[str] = Counter()

    def counting(function):
        def counted_call(code, *args, **kwargs):
            counted[code] += 1
            return function(code, *args, **kwargs)
        return counted_call
    monkeypatch.setattr(statuses, "locale_status", counting(statuses.locale_status))
    monkeypatch.setattr(statuses, "source_status", counting(statuses.source_status))
    catalog = polib.pofile(str(catalog_path(project, "es")))
    next(entry for entry in catalog if entry.msgctxt and entry.msgstr).flags.append("fuzzy")
    catalog.save()

    result = dmvpub.build(project, ["en", "es"], ["web"], jobs=1)
    assert not result.failed and [code for code, _ in result.partial] == ["es"]
    listed = [project.source_locale] + [code for code in locale_codes(project)
                                        if not is_pseudo(code) and code != project.source_locale]
    assert counted == Counter(listed), "each locale of the download page once; es not again for `partial`"

    counted.clear()
    dmvpub.release(project, project.root / "release")
    assert counted and set(counted.values()) == {1}, counted
