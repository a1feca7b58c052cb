"""The download page, dist/index.html: every language, its state, its files and their covers.

Made in the main process after each build that changed something, from the manifest (what is
in dist/) and the catalogs' status (coverage and review), so it never links a file that is not
there. It is written in English for the coordinators who share the files; each language is
named in its own script.
"""

from __future__ import annotations

import hashlib
import json

import jinja2
from markupsafe import Markup

from .build import INDEX, MANIFEST, code_digest, write_atomically
from .catalog import catalog_path, locale_codes, read_catalog, template_messages
from .errors import DmvpubError
from .fonts import locale_fonts, web_font_faces
from .localize import language_tag
from .model import Document
from .settings import Settings
from .status import locale_status, source_status

NAME_FONTS = ".cache/index-fonts.json"
LABELS = {
    "web": "Read online",
    "booklet": "Booklet",
    "booklet-imposed": "Booklet to print at home (2 pages per sheet)",
    "booklet-print": "Booklet for a print shop (bleed, crop marks)",
    "booklet-bilingual": "Bilingual booklet (with English)",
    "flyer": "One-page flyer",
}


def write_download_page(settings: Settings, document: Document) -> None:
    """(Re)write dist/index.html when its content changes."""
    page = download_page(settings, document)
    path = settings.dist / INDEX
    if not path.exists() or path.read_bytes() != page:
        write_atomically(path, page)


def download_page(settings: Settings, document: Document) -> bytes:
    artifacts: dict[str, dict[str, dict]] = {}
    manifest = json.loads((settings.dist / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["artifacts"]:
        if (settings.dist / entry["path"]).is_file():
            artifacts.setdefault(entry["locale"], {})[entry["kind"]] = entry
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    rows = [source_status(settings.source_locale, document, templates)]
    for code in locale_codes(settings):
        try:
            rows.append(locale_status(code, document, templates, read_catalog(catalog_path(settings, code))))
        except DmvpubError:
            continue  # a broken catalog is reported by the build; its last good files are still listed
    languages = []
    for row in rows:
        files = artifacts.get(row.locale, {})
        languages.append({
            "status": row, "code": row.locale, "lang": language_tag(row.locale),
            "links": [(LABELS[kind], files[kind]) for kind in LABELS if kind in files],
            "covers": [files[kind] for kind in ("booklet-thumbnail", "flyer-thumbnail") if kind in files],
        })
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(settings.templates), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    css, _, _ = environment.loader.get_source(environment, "web.css")
    faces, families = _name_fonts(settings, [(row.locale, row.language) for row in rows])
    for language in languages:  # a name in its own script is set in that script's font first
        language["font"] = "".join(f'"{family}", ' for family in families.get(language["code"], []))
    html = environment.get_template("index.html").render(
        title=document.title.text, subtitle=document.subtitle.text, languages=languages, size=_size,
        web_css=Markup(css), web_font_faces=Markup(faces))
    return html.encode("utf-8")


def _name_fonts(settings: Settings, names: list[tuple[str, str]]) -> tuple[str, dict[str, list[str]]]:
    """Bold font subsets that draw each language's name in its own script.

    Cutting fonts down takes most of a second and the names seldom change, so the result is
    kept in dist/.cache/ with a key of the names, the font files and dmvpub's own code.
    """
    files = sorted({f"{face.file}:{face.path.stat().st_size}" for code, _ in names for face in locale_fonts(code)})
    key = hashlib.sha256(json.dumps([code_digest(), names, files], ensure_ascii=False).encode()).hexdigest()
    cache = settings.dist / NAME_FONTS
    try:
        cached = json.loads(cache.read_text(encoding="utf-8"))
        if cached["key"] == key:
            return cached["css"], cached["families"]
    except (OSError, ValueError, KeyError):
        pass
    rules, families = [], {}
    for code, name in names:
        css, named = web_font_faces(code, name, weights=("bold",))
        rules.append(css)
        if named:
            families[code] = named
    result = {"key": key, "css": "\n".join(rule for rule in rules if rule), "families": families}
    write_atomically(cache, json.dumps(result, ensure_ascii=False).encode("utf-8"))
    return result["css"], result["families"]


def _size(count: int) -> str:
    return f"{count / 1024:.0f} KB" if count < 1024 * 1024 else f"{count / 1024 / 1024:.1f} MB"
