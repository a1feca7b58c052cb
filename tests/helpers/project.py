"""Projects to edit and build freely: copies of this one, or small ones of a test's own."""

from __future__ import annotations

import shutil
from pathlib import Path

from dmvpub.core.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]  # this project's checkout
SEED = ROOT.parent / "shared" / "seeds" / "000_5e4cda7636c585c3.txt"
PARTS = ("source", "templates", "locales")  # with pyproject.toml, all a build reads

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


def copy_project(target: Path, leave_out: tuple[str, ...] = ()) -> Settings:
    """Copy this project's pyproject.toml, source, templates and catalogs into `target` (made if
    missing, parents too) and return the copy's settings.

    leave_out: file or folder names not copied, at any depth (locale codes, to copy fewer catalogs).
    Raises FileExistsError where `target` already holds one of the folders.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", target)
    ignore = shutil.ignore_patterns(*leave_out) if leave_out else None
    for folder in PARTS:
        shutil.copytree(ROOT / folder, target / folder, ignore=ignore)
    return load_settings(target)


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


def use_project_templates(settings: Settings) -> None:
    """Replace a project's templates folder with a copy of this project's templates."""
    shutil.rmtree(settings.templates)
    shutil.copytree(ROOT / "templates", settings.templates)
