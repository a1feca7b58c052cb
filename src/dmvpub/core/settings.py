"""Where the project is and what `[tool.dmvpub]` in its pyproject.toml says.

Every path a setting names must stay inside the project folder, and the published URL must be
a web address: settings come from a file anyone can send in a pull request.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..text.visible import BIDI_CONTROLS, BIDI_MARKS, describe_char, invisible
from .errors import DmvpubError

PROJECT_FILE = "pyproject.toml"
PAGE_SIZES = ("half-letter", "a5")
_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?!\.)){0,63}$")


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
    # A locale with at least this percentage of its messages translated is printed, its missing
    # ones in English and marked (as po4a's --keep); below it, it is skipped.
    min_translated: float = 80
    # Proper names in the text, never hyphenated in print.
    proper_names: tuple[str, ...] = ("Missouri", "ICE", "DMV", "DOR", "RSMo", "DPPA", "REAL ID")

    def relative(self, path: Path) -> str:
        """A project path as written into catalogs: relative to the root, with forward slashes.

        A path whose links lead elsewhere is shown as it stands in the project, never as its target."""
        for candidate in (path.resolve(), Path(os.path.abspath(path))):
            if candidate.is_relative_to(self.root):
                return candidate.relative_to(self.root).as_posix()
        return path.as_posix()

    def inside(self, path: Path, what: str) -> Path:
        """`path` itself, or an error if it (or a link on the way) leads out of the project folder.

        The error names the path only: nothing of a foreign file is ever read or echoed.
        """
        if not path.resolve().is_relative_to(self.root):
            raise DmvpubError(f"{what} leads outside the project folder; dmvpub reads and writes only "
                              "files inside it", path.absolute() if path.is_absolute() else self.root / path)
        return path

    def refuse_links_outside(self, folder: Path, what: str) -> None:
        """An error naming the first link below `folder` (links are not followed) that leads out
        of the project.

        A tracked link can point anywhere: dist/es -> /home/someone/ would make a build write
        there, templates/flyer.html -> a private file would be read into every flyer (issue 24,
        item 12). Such a path is refused by name; nothing behind it is read or echoed.
        """
        if folder.is_symlink() or not folder.is_dir():
            self.inside(folder, what)
            return
        for top, folders, files in os.walk(folder):  # links to folders are listed, not followed
            for name in sorted(folders + files):
                path = Path(top) / name
                if path.is_symlink() and not path.resolve().is_relative_to(self.root):
                    raise DmvpubError(f"a link in {what} leads outside the project folder; dmvpub reads and writes "
                                      "only files inside it: replace the link with the file or folder itself", path)


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
    text = path.read_text(encoding="utf-8")
    table = dict(tomllib.loads(text)["tool"]["dmvpub"])

    def fail(key: str, message: str) -> DmvpubError:
        line = re.search(rf"^\s*{re.escape(key)}\s*=", text, re.M)
        return DmvpubError(f"[tool.dmvpub] {key}: {message}", path, text[:line.start()].count("\n") + 1 if line else None)

    known = {"source", "locales", "templates", "dist", "questions", "source-locale", "url", "page-size", "name",
             "min-translated", "proper-names"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise DmvpubError(f"[tool.dmvpub] has unknown setting(s): {', '.join(unknown)}", path)
    for key, value in table.items():
        if key not in ("questions", "min-translated", "proper-names") and not isinstance(value, str):
            raise fail(key, "must be a quoted string")
    questions = table.get("questions")
    if questions is not None and (not isinstance(questions, int) or isinstance(questions, bool) or questions < 1):
        raise fail("questions", "must be a positive whole number")

    def folder(key: str, default: str) -> Path:
        value = table.get(key, default)
        if not value.strip() or Path(value).is_absolute():
            raise fail(key, f"must be a path relative to the project folder, not {value!r}")
        resolved = (root / value).resolve()
        if not resolved.is_relative_to(root) or resolved == root:
            raise fail(key, f"{value!r} leads outside the project folder (or is the folder itself); "
                            "use a path inside it")
        return root / value

    min_translated = table.get("min-translated", Settings.min_translated)
    if isinstance(min_translated, bool) or not isinstance(min_translated, (int, float)) \
            or not 0 <= min_translated <= 100:
        raise fail("min-translated", "must be a percentage from 0 to 100")
    names = table.get("proper-names", list(Settings.proper_names))
    if not isinstance(names, list) or not all(isinstance(name, str) and name.strip() for name in names):
        raise fail("proper-names", "must be a list of names in quotes, such as [\"Missouri\", \"ICE\"]")
    url = table.get("url", Settings.url)
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or re.search(r"[\s\x00-\x1f\x7f<>\"]", url):
        raise fail("url", f"must be an https:// (or http://) web address, not {url!r}")
    problem = url_problem(url)
    if problem:
        raise fail("url", problem)
    name = table.get("name", Settings.name)
    if not _NAME.match(name):
        raise fail("name", f"must be a plain file-name stem (letters, digits, '-', '_', '.'), not {name!r}")
    page_size = table.get("page-size", Settings.page_size)
    if page_size not in PAGE_SIZES:
        raise fail("page-size", f"must be one of {', '.join(PAGE_SIZES)}, not {page_size!r}")
    dist = folder("dist", "dist")
    sources = {key: folder(key, default) for key, default in
               (("source", "source/questions.md"), ("locales", "locales"), ("templates", "templates"))}
    for key, place in sources.items():
        if place.resolve().is_relative_to(dist.resolve()):
            raise fail("dist", f"must not contain the {key} ({table.get(key, place.relative_to(root))})")
    settings = Settings(
        root=root, source=sources["source"], locales=sources["locales"], templates=sources["templates"],
        dist=dist, questions=questions, source_locale=table.get("source-locale", "en"), url=url,
        page_size=page_size, name=name, min_translated=min_translated, proper_names=tuple(names))
    settings.refuse_links_outside(settings.templates, "the templates")  # every command reads them
    return settings


def url_problem(url: str) -> str | None:
    """Why the published address would deceive a reader, if it would (issue #21): it is printed on
    every booklet and encoded in the QR codes, so it must read as what it is. No user name or
    password before the host (`https://dor.mo.gov@evil.example/` leads to evil.example); a host
    in plain ASCII that browsers show as typed, not an internationalized (IDN, `xn--`) one whose
    letters may look like others; and no invisible or bidi control character anywhere."""
    hidden = next((char for char in url if invisible(char) or ord(char) in BIDI_CONTROLS | BIDI_MARKS), None)
    if hidden:
        return f"holds an invisible or bidi control character ({describe_char(hidden)}); type the address again"
    parts = urlsplit(url)
    if "@" in parts.netloc:
        return (f"must not hold a user name before the host ({parts.netloc.rpartition('@')[0]}@): "
                f"{url!r} leads to {parts.hostname!r}")
    host = parts.hostname or ""
    if not host.isascii():
        return (f"the host {host!r} is not plain ASCII: browsers may show it as another address, and letters "
                "of other scripts can look like Latin ones; use the ASCII host name")
    labels = host.split(".")
    if any(label.lower().startswith("xn--") for label in labels):
        shown = ".".join(_from_punycode(label) for label in labels)
        return (f"the host {host!r} is an internationalized name that browsers show as {shown!r}; "
                "use a plain ASCII host name")
    if not re.fullmatch(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.?", host.lower()):
        return f"the host {host!r} is not a host name (letters, digits, hyphens, dots)"
    return None


def _from_punycode(label: str) -> str:
    try:
        return label[4:].encode("ascii").decode("punycode") if label.lower().startswith("xn--") else label
    except (UnicodeError, ValueError):
        return label


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        line = re.search(r"at line (\d+)", str(error))
        raise DmvpubError(f"not valid TOML: {error}", path, int(line.group(1)) if line else None) from None
    except UnicodeDecodeError as error:
        raise DmvpubError(f"not UTF-8 text ({error.reason})", path) from None
