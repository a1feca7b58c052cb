"""The review sheet: what a reviewer reads before signing, away from the terminal (issue #29).

For one locale, question by question: the question's code (review.codes), its state, and each
message's English beside its translation (set in the locale's direction, language and pinned fonts,
with the line-break opportunities print gets), a word diff of what changed since the last sign-off,
and every `dmvpub check` finding on it (alignment signals among them). Written to
review/<locale>/sheet.html and sheet.pdf (generated, not kept in git), from templates/review-sheet.html.

What was shown is recorded beside it: shown.json ({code: question name}) lets a stale code say which
question changed; signed.json ({digest: [context, English, translation]}) keeps the text each
sign-off covered, so the next sheet shows a diff against it. Both are this machine's memory only:
the sign-off itself is the comment in the catalog.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
import polib
from markupsafe import Markup, escape

from ..checks import check_catalog
from ..core.errors import DmvpubError
from ..core.files import read_json, write_atomically
from ..core.language import Language, describe
from ..core.model import Document
from ..core.settings import Settings
from ..fonts.faces import font_face_css, font_families, language_fonts
from ..po import TemplateMessage, catalog_path, read_catalog
from ..review.codes import ReviewUnit, UnitMessage, review_units
from ..text.linebreak import with_break_opportunities

SHEETS = "review"  # the folder, at the project's top, of review/<locale>/
TEMPLATE = "review-sheet.html"
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]|\w+|\s+|[^\w\s]")


@dataclass(frozen=True)
class SheetMessage:
    """One message on the sheet: as review.codes shows it, the diffs since its last sign-off (a list
    of (op, text), op one of "same", "removed", "added"; empty when nothing is known), its findings."""

    message: UnitMessage
    english_diff: tuple[tuple[str, str], ...] = ()
    translation_diff: tuple[tuple[str, str], ...] = ()
    findings: tuple[str, ...] = ()  # "check: message" (severity first)


@dataclass(frozen=True)
class SheetUnit:
    unit: ReviewUnit
    messages: tuple[SheetMessage, ...]


@dataclass
class ReviewSheet:
    """A locale's review sheet: its units in reading order and the files written (project-relative)."""

    locale: str
    language: Language
    units: list[SheetUnit]
    files: list[str] = field(default_factory=list)


def sheet_folder(settings: Settings, code: str) -> Path:
    return settings.inside(settings.root / SHEETS / code, "the review sheet's folder")


def word_diff(old: str, new: str) -> tuple[tuple[str, str], ...]:
    """The word diff of `old` -> `new`: (op, text) runs, op "same", "removed" or "added"."""
    before, after = _TOKEN.findall(old), _TOKEN.findall(new)
    runs: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(before[a1:a2])))
            continue
        if a2 > a1:
            runs.append(("removed", "".join(before[a1:a2])))
        if b2 > b1:
            runs.append(("added", "".join(after[b1:b2])))
    return tuple(runs)


def diff_text(runs: tuple[tuple[str, str], ...]) -> str:
    """A diff for a terminal: removed text in [-…-], added text in {+…+} (as `git diff --word-diff`)."""
    return "".join(text if op == "same" else f"[-{text}-]" if op == "removed" else f"{{+{text}+}}"
                   for op, text in runs)


def shown_before(settings: Settings, code: str) -> dict[str, str]:
    """{code: question name} of every code a sheet of `code` has shown on this machine."""
    data = read_json(sheet_folder(settings, code) / "shown.json")
    return {str(key): str(value) for key, value in data.items()}


def remember_signed(settings: Settings, code: str, items: list[tuple[str | None, str, str | None, str]]) -> None:
    """Record (context, English, translation, digest) of each message just signed, for later diffs."""
    path = sheet_folder(settings, code) / "signed.json"
    data = read_json(path)
    data.update({digest: [context, msgid, translation] for context, msgid, translation, digest in items})
    write_atomically(path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))


def sheet_units(settings: Settings, document: Document, templates: list[TemplateMessage], code: str
                ) -> tuple[Language, list[SheetUnit]]:
    """The locale's language and its units, each message with its diffs and findings."""
    signed = read_json(sheet_folder(settings, code) / "signed.json")
    if code == settings.source_locale:
        catalog, findings, language = None, {}, describe(code)
    else:
        path = catalog_path(settings, code)
        catalog = read_catalog(path)
        language = describe(code, catalog.metadata)
        findings = _findings(catalog, code, settings.relative(path))
    units = []
    for unit in review_units(document, templates, code, catalog):
        messages = []
        for message in unit.messages:
            english_diff = translation_diff = ()
            old = signed.get(message.signoff.digest) if message.signoff and message.state != "reviewed" else None
            if isinstance(old, list) and len(old) == 3:
                english_diff = word_diff(old[1], message.msgid) if old[1] != message.msgid else ()
                if message.translation is not None and isinstance(old[2], str) and old[2] != message.translation:
                    translation_diff = word_diff(old[2], message.translation)
            elif message.previous and message.previous != message.msgid:
                english_diff = word_diff(message.previous, message.msgid)
            messages.append(SheetMessage(message, english_diff, translation_diff,
                                         tuple(findings.get((message.context, message.msgid), ()))))
        units.append(SheetUnit(unit, tuple(messages)))
    return language, units


def _findings(catalog: polib.POFile, code: str, shown: str) -> dict[tuple[str | None, str], list[str]]:
    try:
        found = check_catalog(catalog, code, shown)
    except DmvpubError as error:
        return {(None, ""): [f"error: locale: {error.message}"]}
    out: dict[tuple[str | None, str], list[str]] = {}
    for finding in found:
        entry = catalog.entry_at(finding.line) if finding.line else None
        key = (entry.msgctxt, entry.msgid) if entry is not None else (None, "")
        out.setdefault(key, []).append(f"{finding.severity}: {finding.check}: {finding.message}")
    return out


def write_review_sheet(settings: Settings, document: Document, templates: list[TemplateMessage], code: str,
                       write: bool = True) -> ReviewSheet:
    """The sheet of `code`; with `write`, the codes recorded as shown (shown.json) and, where the
    project has templates/review-sheet.html, review/<code>/sheet.html and sheet.pdf written."""
    language, units = sheet_units(settings, document, templates, code)
    sheet = ReviewSheet(code, language, units)
    if not write:
        return sheet
    folder = sheet_folder(settings, code)
    shown = shown_before(settings, code)
    shown.update({unit.unit.code: unit.unit.name for unit in units})
    if (settings.templates / TEMPLATE).is_file():  # a project of its own may have no such template
        html = sheet_html(settings, sheet, for_print=False)
        write_atomically(folder / "sheet.html", html.encode("utf-8"))
        write_atomically(folder / "sheet.pdf", sheet_pdf(settings, sheet))
        sheet.files = [settings.relative(folder / "sheet.html"), settings.relative(folder / "sheet.pdf")]
    write_atomically(folder / "shown.json", json.dumps(shown, ensure_ascii=False, indent=1).encode("utf-8"))
    return sheet


def _faces(sheet: ReviewSheet) -> tuple:
    english = language_fonts(describe("en"))
    return tuple(dict.fromkeys(english + language_fonts(sheet.language)))


def sheet_html(settings: Settings, sheet: ReviewSheet, for_print: bool) -> str:
    """The sheet as HTML from templates/review-sheet.html: self-contained for the browser (fonts by
    file URL, as the preview), with print's line breaks for the PDF."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(settings.templates), autoescape=True,
                                     undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    language = sheet.language

    def shown(text: str | None, translated: bool = True) -> Markup:
        if text is None:
            return Markup("")
        if for_print and translated:
            text = with_break_opportunities(text, language.code)
        return escape(text)

    def diff(runs) -> Markup:
        tags = {"removed": "del", "added": "ins"}
        return Markup("").join(escape(text) if op == "same" else Markup(f"<{tags[op]}>") + escape(text)
                               + Markup(f"</{tags[op]}>") for op, text in runs)
    english_faces = language_fonts(describe("en"))
    return environment.get_template(TEMPLATE).render(
        sheet=sheet, language=language, shown=shown, diff=diff, source=sheet.locale == settings.source_locale,
        font_faces=Markup(font_face_css(_faces(sheet))),
        font_stack=Markup(", ".join(f'"{family}"' for family in font_families(language_fonts(language)))),
        english_stack=Markup(", ".join(f'"{family}"' for family in font_families(english_faces))))


def sheet_pdf(settings: Settings, sheet: ReviewSheet) -> bytes:
    """The sheet as a PDF, laid out by WeasyPrint with the pinned fonts only (render.renderer's fetcher)."""
    import weasyprint  # not loaded by `review --list`

    from . import patches
    from .renderer import ProjectFetcher
    patches.install()
    fetcher = ProjectFetcher((settings.templates,), tuple(face.path for face in _faces(sheet)))
    page = weasyprint.HTML(string=sheet_html(settings, sheet, for_print=True),
                           base_url=settings.templates.as_uri() + "/", url_fetcher=fetcher)
    data = page.write_pdf()
    if fetcher.refused:
        raise DmvpubError(f"refused to fetch {', '.join(fetcher.refused)}", settings.templates)
    return data
