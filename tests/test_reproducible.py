"""Same bytes on another machine and next year: dist/ depends on the inputs and the locked library
versions only, never on the environment, and an upgraded library rebuilds what it made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime, timezone

import polib
import pypdf
import pytest

from dmvpub import commands as dmvpub
from dmvpub.core.errors import DmvpubError
from dmvpub.pipeline import libraries
from dmvpub.pipeline.plan import inputs_key
from dmvpub.po import catalog_path

from helpers.pdf import artifact_pdf
from helpers.project import copy_project

AS_OF = "D:20261124000000Z"  # the source's current_as_of, 2026-11-24, at 00:00 UTC
NOVEMBER_2023 = "1700000000"  # 2023-11-14 22:13:20 UTC


def every_file(settings) -> dict[str, bytes]:
    return {path.relative_to(settings.dist).as_posix(): path.read_bytes()
            for path in sorted(settings.dist.rglob("*")) if path.is_file() and ".cache" not in path.parts}


def build_in_a_process(settings, codes: list[str], environment: dict[str, str], umask: int) -> None:
    """`dmvpub build` of `codes` in a process of its own, with `environment` over this one's and `umask`."""
    env = {**os.environ, **environment}
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "build", "--jobs", "1",
                          *(arg for code in codes for arg in ("--locale", code))],
                         cwd=settings.root, env=env, capture_output=True, text=True,
                         preexec_fn=lambda: os.umask(umask))
    assert run.returncode == 0, run.stderr


def test_two_clean_builds_in_other_environments_give_identical_bytes(tmp_path):
    """Two fresh copies in other folders, built under another time zone, language, umask and
    SOURCE_DATE_EPOCH (nix-shell sets it to 1980): every file of dist/ the same, byte for byte.
    Burmese: its variable font is instanced, and a font's own time stamp must not leak in."""
    codes = ["en", "my"]
    first = copy_project(tmp_path / "one")
    second = copy_project(tmp_path / "somewhere" / "else")
    build_in_a_process(first, codes, {"TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
                                      "SOURCE_DATE_EPOCH": NOVEMBER_2023}, 0o022)
    build_in_a_process(second, codes, {"TZ": "Pacific/Kiritimati", "LANG": "C", "LC_ALL": "POSIX",
                                       "SOURCE_DATE_EPOCH": "315532800"}, 0o077)
    one, other = every_file(first), every_file(second)
    assert {"index.html", "manifest.json", "my/missouri-dmv-ice-my-booklet-print.pdf",
            "en/missouri-dmv-ice-en-booklet-print.pdf", "my/index.html"} <= set(one)
    assert sorted(one) == sorted(other)
    assert [name for name in one if one[name] != other[name]] == []


def test_source_date_epoch_changes_no_date_the_document_states(project, monkeypatch):
    """The print-shop PDF is dated by the source's current_as_of, in its document information and
    its XMP; SOURCE_DATE_EPOCH (2023-11-14 here) is for time stamps nothing states."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER_2023)
    assert not dmvpub.build(project, ["en"], ["booklet-print"], jobs=1).failed
    shop = artifact_pdf(project, "en", "booklet-print")
    assert shop.metadata["/CreationDate"] == shop.metadata["/ModDate"] == AS_OF
    xmp = shop.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"2026-11-24T00:00:00Z" in xmp and b"2023-11-14" not in xmp
    assert os.environ["SOURCE_DATE_EPOCH"] == NOVEMBER_2023, "the caller's environment is given back"


def test_source_date_epoch_stamps_what_dmvpub_invents(project, monkeypatch):
    """A new catalog's PO-Revision-Date is invented: SOURCE_DATE_EPOCH when set (the
    reproducible-builds specification), and a value that is no whole number is one clear error."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", NOVEMBER_2023)
    dmvpub.init(project, "de")
    header = polib.pofile(str(catalog_path(project, "de"))).metadata
    assert header["PO-Revision-Date"] == datetime.fromtimestamp(1700000000, timezone.utc).strftime("%Y-%m-%d %H:%M%z")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2023-11-14")
    with pytest.raises(DmvpubError, match="SOURCE_DATE_EPOCH must be a whole number of seconds"):
        dmvpub.init(project, "it")
    assert not catalog_path(project, "it").exists()


def fake_distribution(folder, name: str, version: str) -> None:
    """An installed distribution's record, as pip leaves it in site-packages."""
    record = folder / f"{name}-{version}.dist-info"
    record.mkdir(parents=True)
    (record / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8")


def test_an_upgraded_library_rebuilds_what_it_made(project, monkeypatch, tmp_path):
    """After Babel (which writes the printed date) is upgraded, `build` is no longer "up to date"."""
    assert not dmvpub.build(project, ["en"], ["web"], jobs=1).failed
    again = dmvpub.build(project, ["en"], ["web"], jobs=1)
    assert [outcome.built for outcome in again.outcomes] == [False]
    fake_distribution(tmp_path / "site", "babel", "2.99.0")
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    libraries.library_versions.cache_clear()
    try:
        upgraded = dmvpub.build(project, ["en"], ["web"], jobs=1)
    finally:
        libraries.library_versions.cache_clear()
    assert [outcome.built for outcome in upgraded.outcomes] == [True]


@pytest.mark.parametrize("library", ["libpango-1.0.so.0", "libharfbuzz.so.0"])
def test_another_system_pango_or_harfbuzz_changes_the_inputs_key(project, monkeypatch, tmp_path, library):
    """The shared library the loader would open (here a copy first on LD_LIBRARY_PATH, as after a
    Debian upgrade) is part of every locale's inputs."""
    before = inputs_key(project, "es")
    original = libraries._shared_library(library)
    assert original is not None, f"{library} is installed (Makefile)"
    (tmp_path / "lib").mkdir()
    shutil.copy(original.resolve(), tmp_path / "lib" / library)
    with open(tmp_path / "lib" / library, "ab") as upgraded:
        upgraded.write(b"\0")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path / "lib"))
    libraries.library_versions.cache_clear()
    try:
        assert inputs_key(project, "es") != before
    finally:
        libraries.library_versions.cache_clear()
