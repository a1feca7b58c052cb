"""The download page, dist/index.html: every language, its state, its files and their covers.

Made in the main process after each build that changed something, from the manifest (what is
in dist/) and each locale's status (coverage and review) as the build counted it
(pipeline.statuses), so it never links a file that is not there. It is written in English for
the coordinators who share the files; each language is named in its own script.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..core.errors import DmvpubError
from ..core.language import Language, describe
from ..core.model import Document
from ..core.settings import Settings
from ..fonts.faces import language_fonts, web_font_faces
from ..localize.status import broken_status
from ..po import is_pseudo, locale_codes
from .distfiles import INDEX, code_digest, read_manifest, write_atomically
from .statuses import LocaleStatuses

NAME_FONTS = ".cache/index-fonts.json"
# the download page's words for the booklet's page size (settings.page_size) and the sheet the
# "at home" file is imposed on (two pages side by side: render.impose)
PAGE_WORDS = {
    "half-letter": ("half-letter pages (5.5 × 8.5 in)", "US Letter"),
    "a5": ("A5 pages (148 × 210 mm)", "A4"),
}
LABELS = {
    "web": "Read online",
    "booklet": "Booklet",
    "booklet-imposed": "Booklet to print at home (2 pages per sheet)",
    "booklet-print": "Booklet for a print shop (PDF/X-4, bleed, crop marks)",
    "booklet-bilingual": "Bilingual booklet (with English)",
    "booklet-large-print": "Large-print edition (18 pt type or larger, full-size pages)",
    "flyer": "One-page flyer",
}


def write_download_page(settings: Settings, document: Document, statuses: LocaleStatuses,
                        problems: dict[str, str] | None = None, folder: Path | None = None,
                        codes: list[str] | None = None, earlier: dict[str, str] | None = None) -> None:
    """(Re)write index.html of `folder` (dist/ by default) when its content changes; `problems` says,
    per locale, why it was not built (since its last failure), `earlier` maps the path of each file
    made from other inputs than the current ones to the day it was made, and `codes` limits the
    page to some locales (a release). Each locale's status and language come from `statuses`: no
    catalog is read or counted here that they have already read. DmvpubError naming the page when
    it cannot be written."""
    folder = folder or settings.dist
    page = download_page(settings, document, statuses, problems or {}, folder, codes, earlier or {})
    path = folder / INDEX
    if not path.exists() or path.read_bytes() != page:
        try:
            write_atomically(path, page)
        except OSError as error:
            raise DmvpubError(f"cannot write: {error.strerror or error}", path) from None


def download_page(settings: Settings, document: Document, statuses: LocaleStatuses, problems: dict[str, str],
                  folder: Path, codes: list[str] | None = None, earlier: dict[str, str] | None = None) -> bytes:
    """The page as UTF-8 HTML: the source first, then every locale on disk but the pseudo-locales
    (only those of `codes`, when given), each with its files listed in `folder`'s manifest (those
    on disk only), a file of `earlier` (path -> day) said to be from an earlier build of that day."""
    earlier = earlier or {}
    artifacts: dict[str, dict[str, dict]] = {}
    for entry in read_manifest(folder):
        if (folder / entry["path"]).is_file():
            artifacts.setdefault(entry["locale"], {})[entry["kind"]] = entry
    # the English first, and once; pseudo-locales are layout tests, never offered to readers
    listed = [settings.source_locale] + [code for code in locale_codes(settings)
                                         if not is_pseudo(code) and code != settings.source_locale]
    rows = []
    for code in listed:
        if codes is not None and code not in codes:
            continue
        standing = statuses[code]
        if standing.status is not None and standing.language is not None:
            rows.append((standing.status, standing.language))
        else:  # a broken catalog still has its place, with the reason
            problems.setdefault(code, standing.error.message)
            rows.append((broken_status(code, document), describe_or_code(code)))
    rows = _distinct_names(rows)
    languages = []
    for row, language in rows:
        files = artifacts.get(row.locale, {})
        languages.append({
            "status": row, "code": row.locale, "lang": language.tag, "problem": problems.get(row.locale),
            "links": [(LABELS[kind], files[kind]) for kind in LABELS if kind in files],
            "covers": [files[kind] for kind in ("booklet-thumbnail", "flyer-thumbnail") if kind in files
                       and _pdf_of(files[kind]["path"]) in {file["path"] for file in files.values()}],
            "earlier": {files[kind]["path"]: earlier[files[kind]["path"]] for kind in files
                        if files[kind]["path"] in earlier},
        })
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(settings.templates), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    css, _, _ = environment.loader.get_source(environment, "web.css")
    faces, families = _name_fonts(settings, [(language, row.language) for row, language in rows])
    for language in languages:  # a name in its own script is set in that script's font first
        language["font"] = "".join(f'"{family}", ' for family in families.get(language["code"], []))
    html = environment.get_template("index.html").render(
        title=document.title.text, subtitle=document.subtitle.text, languages=languages, size=_size,
        web_css=Markup(css), web_font_faces=Markup(faces), release=codes is not None,
        page_words=PAGE_WORDS[settings.page_size], pdf_of=_pdf_of)
    return html.encode("utf-8")


def _pdf_of(thumbnail: str) -> str:
    """The PDF a thumbnail shows (es/…-booklet.png -> es/…-booklet.pdf): its cover links there."""
    return thumbnail.removesuffix(".png") + ".pdf"


def _distinct_names(rows: list) -> list:
    """Rows whose language names are each shown once: a name two locales share (a catalog header
    calling its language "English") is followed by the locale code, so that no language appears
    twice on the page (issue #21). The first row, the source's, keeps its name."""
    seen: set[str] = set()
    distinct = []
    for row, language in rows:
        key = row.language.strip().casefold()
        if key in seen:
            row = replace(row, language=f"{row.language} ({row.locale})")
        seen.add(key)
        distinct.append((row, language))
    return distinct


def _name_fonts(settings: Settings, names: list[tuple[Language, str]]) -> tuple[str, dict[str, list[str]]]:
    """Bold font subsets that draw each language's name in its own script.

    Cutting fonts down takes most of a second and the names seldom change, so the result is
    kept in dist/.cache/ with a key of the names, the font files and dmvpub's own code.
    """
    names = [(language, name) for language, name in names if _has_fonts(language)]
    files = sorted({f"{face.file}:{face.path.stat().st_size}" for language, _ in names
                    for face in language_fonts(language)})
    key = hashlib.sha256(json.dumps([code_digest(), [(language.code, name) for language, name in names], files],
                                    ensure_ascii=False).encode()).hexdigest()
    cache = settings.dist / NAME_FONTS
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return cached["css"], cached["families"]
    except (OSError, ValueError, KeyError):
        pass
    rules, families = [], {}
    for language, name in names:
        css, named = web_font_faces(language, name, weights=("bold",))
        rules.append(css)
        if named:
            families[language.code] = named
    result = {"key": key, "css": "\n".join(rule for rule in rules if rule), "families": families}
    write_atomically(cache, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result["css"], result["families"]


def _has_fonts(language: Language) -> bool:
    """Whether fonts are declared for the language (one without is listed, its name in the reader's fonts)."""
    try:
        return bool(language_fonts(language))
    except DmvpubError:
        return False


def describe_or_code(code: str) -> Language:
    """The language, or, where even that cannot be known (an undeclared code), its code as its name."""
    try:
        return describe(code)
    except DmvpubError:
        return Language(code, code, "Latn", "ltr", cldr=False)


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"
