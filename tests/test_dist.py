"""What leaves the project is exactly what it makes now (issue #31): dist/ a function of the project,
no link to a missing file, failures remembered, servable releases, the page's words follow the settings."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path

import pytest

from dmvpub import commands as dmvpub
from dmvpub.core.settings import load_settings
from dmvpub.pipeline.distfiles import MANIFEST, artifact_name
from dmvpub.po import catalog_path

from helpers.catalog import rewrite
from helpers.project import copy_project
from helpers.review import sign
from test_faults import lengthen_questions
from test_security import cli, manifest_matches_disk

LOCALES = ("ar", "bs", "fa_AF", "ko", "my", "ne", "ps", "so", "sw", "ti", "uk", "vi", "zh_Hans")  # left out
FLYER_GROUP = ["flyer", "flyer-thumbnail", "web"]


@pytest.fixture
def few(tmp_path) -> object:
    """A copy of the project with English, Spanish and French only: builds stay short."""
    return copy_project(tmp_path / "project", leave_out=LOCALES)


def links(page: Path) -> list[str]:
    """Every href and src of an HTML page that points at a file (not a web address or an anchor)."""
    found = re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8"))
    return [link for link in found if not re.match(r"(https?:|mailto:|#|data:)", link)]


def assert_no_link_to_a_missing_file(settings) -> None:
    """Every page in dist/ (the download page, each web edition) links only files that are there."""
    for page in [settings.dist / "index.html", *settings.dist.glob("*/index.html")]:
        for link in links(page):
            assert (page.parent / link.split("#")[0]).resolve().is_file(), f"{page}: {link}"


def refuse(settings, code: str) -> None:
    """Give a locale's catalog an error `dmvpub check` finds (a number the English does not have):
    the build refuses it, while its status still reads fine."""
    done = []

    def add_a_number(entry):
        if not done and entry.msgctxt:
            entry.msgstr += " 555-0199"
            done.append(entry)
    rewrite(settings, code, add_a_number)


def page(settings) -> str:
    return (settings.dist / "index.html").read_text(encoding="utf-8")


def set_setting(settings, key: str, value: str):
    """pyproject.toml with `key = "value"` in [tool.dmvpub]; the new settings."""
    path = settings.root / "pyproject.toml"
    head, tool = path.read_text(encoding="utf-8").split("[tool.dmvpub]\n")
    tool, count = re.subn(rf'^{key} = "[^"]*"', f'{key} = "{value}"', tool, count=1, flags=re.M)
    assert count == 1
    path.write_text(f"{head}[tool.dmvpub]\n{tool}", encoding="utf-8")
    return load_settings(settings.root)


# --- dist/ is a function of the project --------------------------------------------------------------------

def test_a_withdrawn_translation_leaves_dist_and_the_page_at_the_next_build(few):
    assert not dmvpub.build(few, ["en", "es", "fr"], FLYER_GROUP, jobs=1).failed
    assert "Français" in page(few)
    (few.dist / "fr" / "notes.txt").write_text("a coordinator's own file\n", encoding="utf-8")
    for path in sorted(catalog_path(few, "fr").parents[1].rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    catalog_path(few, "fr").parents[1].rmdir()
    run = cli(few, "build", "--locale", "es", "--kind", "web", "--jobs", "1")
    assert run.returncode == 0, run.stderr
    assert "removed: fr (3 files)" in run.stdout.splitlines()
    assert sorted(p.name for p in (few.dist / "fr").iterdir()) == ["notes.txt"], "a file dmvpub never made stays"
    assert "Français" not in page(few) and 'lang="fr"' not in page(few)
    assert not [e for e in json.loads((few.dist / MANIFEST).read_text())["artifacts"] if e["locale"] == "fr"]
    assert not [p for p in few.dist.rglob("*") if "fr" in p.name and p.suffix in (".pdf", ".png")]


def test_files_under_an_earlier_name_are_removed_and_counted(few):
    assert not dmvpub.build(few, ["en", "es"], FLYER_GROUP, jobs=1).failed
    renamed = set_setting(few, "name", "dmv-ice")
    result = dmvpub.build(renamed, ["es"], ["flyer", "flyer-thumbnail"], jobs=1)
    assert sorted(p.name for p in (few.dist / "es").iterdir()) == [
        "dmv-ice-es-flyer.pdf", "dmv-ice-es-flyer.png", "index.html"]
    assert sorted(p.name for p in (few.dist / "en").iterdir()) == ["index.html"], "English's old files go too"
    assert not result.failed and result.removed.summary() == "4 files under the old name"
    assert "missouri-dmv-ice" not in page(renamed)
    manifest_matches_disk(renamed)
    assert_no_link_to_a_missing_file(renamed)


# --- no link to a missing file -----------------------------------------------------------------------------

def test_a_web_edition_built_alone_links_no_pdf_and_the_page_does_not_call_it_incomplete(few):
    result = dmvpub.build(few, ["es"], ["web"], jobs=1)
    assert not result.failed and [(o.artifact.path, o.built) for o in result.outcomes] == [("es/index.html", True)]
    assert not [link for link in links(few.dist / "es" / "index.html") if link.endswith(".pdf")]
    assert_no_link_to_a_missing_file(few)
    assert "not complete" not in page(few)
    assert page(few).count("No files yet: this language has not been built") == 2  # English and French
    manifest_matches_disk(few)


def test_a_web_edition_links_the_booklet_it_has_and_not_the_flyer_that_did_not_fit(few):
    assert not dmvpub.build(few, ["es"], ["booklet", "booklet-thumbnail"], jobs=1).failed
    lengthen_questions(few, "es")
    result = dmvpub.build(few, ["es"], FLYER_GROUP, jobs=1)
    assert [e.message.split(";")[0] for e in result.failed] == ["the flyer does not fit on one page even at 9.0 pt"]
    web = [link for link in links(few.dist / "es" / "index.html") if link.endswith(".pdf")]
    assert web == ["missouri-dmv-ice-es-booklet.pdf"]
    assert_no_link_to_a_missing_file(few)
    manifest_matches_disk(few)
    assert "Not built in the latest build: the flyer does not fit" in page(few)
    # the booklet is from before the catalog changed: the page says so, with its day
    assert re.search(r"es-booklet\.pdf.*?from an earlier build \(\d{4}-\d\d-\d\d\)", page(few), re.S)


# --- a failure is remembered until the locale builds again -------------------------------------------------

def test_a_failure_stays_on_the_page_whatever_is_built_next_until_the_locale_builds(few):
    assert not dmvpub.build(few, ["en", "es", "fr"], ["web"], jobs=1).failed
    path = catalog_path(few, "fr")
    good = path.read_bytes()
    refuse(few, "fr")
    assert dmvpub.build(few, ["fr"], ["web"], jobs=1).failed
    assert page(few).count('class="problem"') == 1
    assert not dmvpub.build(few, ["es"], ["web"], jobs=1, force=True).failed
    assert page(few).count('class="problem"') == 1, "a build of another locale forgets nothing"
    assert "Not built in the latest build: " in page(few)
    path.write_bytes(good)
    assert not dmvpub.build(few, ["fr"], ["web"], jobs=1).failed
    assert 'class="problem"' not in page(few)


# --- releases are servable ---------------------------------------------------------------------------------

def test_a_release_takes_the_umask_and_keeps_the_page_s_remembered_failures(few):
    sign(few, "en", "A. Checker", on=date(2026, 11, 28))
    refuse(few, "fr")
    assert dmvpub.build(few, ["fr"], ["web"], jobs=1).failed
    before = os.umask(0o022)
    try:
        result = dmvpub.release(few, codes=["en"], jobs=1)
    finally:
        os.umask(before)
    assert result.released == ["en"], result.refused
    release = few.root / "release"
    modes = {p.relative_to(few.root).as_posix(): oct(p.stat().st_mode & 0o777)
             for p in [release, *release.rglob("*")]}
    assert {mode for name, mode in modes.items() if (few.root / name).is_dir()} == {"0o755"}, modes
    assert {mode for name, mode in modes.items() if (few.root / name).is_file()} == {"0o644"}, modes
    assert page(few).count('class="problem"') == 1, "the release built English alone: French's note stays"


# --- the page's words follow the settings ------------------------------------------------------------------

def test_the_download_page_names_the_page_size_the_settings_give(few):
    a5 = set_setting(few, "page-size", "a5")
    assert not dmvpub.build(a5, ["en"], ["web"], jobs=1).failed
    text = re.sub(r"\s+", " ", page(a5))
    assert "Booklets are A5 pages" in text and "on A4 paper" in text and "half-letter" not in text
    letter = set_setting(few, "page-size", "half-letter")
    assert not dmvpub.build(letter, ["en"], ["web"], jobs=1).failed
    assert "Booklets are half-letter pages" in re.sub(r"\s+", " ", page(letter))
