"""Shared fixtures: a throwaway copy of the project, so tests can edit and rebuild freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from dmvpub.po.catalog import catalog_path
from dmvpub.core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_5e4cda7636c585c3.txt"


@pytest.fixture
def project(tmp_path: Path) -> Settings:
    """A copy of this project's source, templates and catalogs, with its settings."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    for folder in ("source", "templates", "locales"):
        shutil.copytree(ROOT / folder, copy / folder)
    return load_settings(copy)


def write_project(root: Path, source: str, questions: int | None = None) -> Settings:
    """A small project of one's own: a source text, no templates, no locales yet."""
    root.mkdir(parents=True, exist_ok=True)
    setting = f"questions = {questions}\n" if questions else ""
    (root / "pyproject.toml").write_text(f"[tool.dmvpub]\nsource = \"source/questions.md\"\n{setting}",
                                         encoding="utf-8")
    (root / "source").mkdir(exist_ok=True)
    (root / "templates").mkdir(exist_ok=True)
    (root / "source" / "questions.md").write_text(source, encoding="utf-8")
    return load_settings(root)


FRONT = """\
---
title: A title
subtitle: A subtitle
notice: Not legal advice.
current_as_of: 2026-11-24
review:
  status: draft
---
"""


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Settings:
    """One build of the whole project in a throwaway copy, shared by the tests that only read it."""
    from dmvpub import commands as dmvpub
    copy = tmp_path_factory.mktemp("built") / "project"
    copy.mkdir()
    shutil.copy(ROOT / "pyproject.toml", copy)
    for folder in ("source", "templates", "locales"):
        shutil.copytree(ROOT / folder, copy / folder)
    settings = load_settings(copy)
    result = dmvpub.build(settings)
    assert not result.failed, [str(error) for error in result.failed]
    return settings


def edit(settings, code, msgctxt, msgid_start, change, flags=()):
    """Change one entry of a catalog (found by context and the start of its English)."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgctxt == msgctxt and e.msgid.startswith(msgid_start))
    entry.msgstr = change(entry.msgstr)
    entry.flags.extend(flags)
    catalog.save()
    return entry
