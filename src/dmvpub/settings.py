"""Where the project is and what `[tool.dmvpub]` in its pyproject.toml says."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .errors import DmvpubError

PROJECT_FILE = "pyproject.toml"


@dataclass(frozen=True)
class Settings:
    root: Path
    source: Path
    locales: Path
    templates: Path
    dist: Path
    questions: int | None
    source_locale: str = "en"
    url: str = "https://example.org/missouri-dmv-ice/"
    page_size: str = "half-letter"
    name: str = "missouri-dmv-ice"

    def relative(self, path: Path) -> str:
        """A project path as written into catalogs: relative to the root, with forward slashes."""
        return path.resolve().relative_to(self.root).as_posix()


def find_project(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` whose pyproject.toml has a [tool.dmvpub] table."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / PROJECT_FILE
        if candidate.is_file() and "dmvpub" in _read_toml(candidate).get("tool", {}):
            return folder
    raise DmvpubError(f"no {PROJECT_FILE} with a [tool.dmvpub] table in {here} or any folder above it")


def load_settings(start: Path | None = None) -> Settings:
    root = find_project(start)
    path = root / PROJECT_FILE
    table = dict(_read_toml(path)["tool"]["dmvpub"])
    known = {"source", "locales", "templates", "dist", "questions", "source-locale", "url", "page-size", "name"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise DmvpubError(f"[tool.dmvpub] has unknown setting(s): {', '.join(unknown)}", path)
    questions = table.get("questions")
    if questions is not None and (not isinstance(questions, int) or questions < 1):
        raise DmvpubError("[tool.dmvpub] questions must be a positive whole number", path)
    return Settings(
        root=root,
        source=root / table.get("source", "source/questions.md"),
        locales=root / table.get("locales", "locales"),
        templates=root / table.get("templates", "templates"),
        dist=root / table.get("dist", "dist"),
        questions=questions,
        source_locale=table.get("source-locale", "en"),
        url=table.get("url", Settings.url),
        page_size=table.get("page-size", Settings.page_size),
        name=table.get("name", Settings.name),
    )


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        raise DmvpubError(f"not valid TOML: {error}", path, int(line.group(1)) if line else None) from None
