"""One task of a build: some of one locale's artifacts, localized, rendered and written, in a worker.

A task localizes its locale (pipeline.localized: the gates), lays out what it was given
(render.renderer) and writes each file into dist/.cache/stage/, from where the build moves a
locale's files into place together once all of them are written. Each artifact
succeeds or fails on its own, and errors come back as values: a worker never raises.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

from ..core.errors import DmvpubError, unexpected
from ..core.model import Document
from ..core.settings import Settings
from ..localize.document import LocalizedDocument
from ..po import catalog_path
from ..render.impose import impose_booklet
from ..render.renderer import Renderer, check_layout, check_tagging, pdf_bytes, standalone_html, thumbnail_png
from .distfiles import (HTML, WriteFailed, artifact_name, artifact_of, pdf_files, read_json, staged_path,
                        write_atomically, write_json)
from ..render.typesize import MINIMUM_PT, large_print_sizes
from .localized import localized_document
from .plan import Outcome

# <locale>.json: the type size (pt) its flyer fitted at, where the next fitting starts
FLYER_SIZE_RECORDS = ".cache/flyer-size"


@dataclass(frozen=True)
class Imposition:
    """A booklet a worker hands back for imposing.

    The main process imposes while the workers lay out the next booklets, so a worker hands its
    booklet back as soon as it is laid out.
    """

    locale: str
    booklet: bytes
    pages: int  # the booklet's; the imposed file has half as many sheet sides
    right_to_left: bool


def build_locale_task(settings: Settings, document: Document, code: str, kinds: list[str], keep_html: bool = False,
                      links: dict[str, str] | None = None) -> tuple[list[Outcome | Imposition], list[DmvpubError]]:
    """Some of one locale's artifacts in one worker: localize, check, render, write; `links` as
    render_locale takes it.

    Errors come back as values, whatever their kind; one artifact's error does not stop the others."""
    try:
        doc = localized_document(settings, document, code)
        english = localized_document(settings, document, settings.source_locale) \
            if "booklet-bilingual" in kinds else None
        outcomes, errors = render_locale(settings, renderer_for(settings), doc, kinds, english, keep_html, links)
    except Exception as error:
        outcomes, errors = [], [unexpected(error)]
    return outcomes, [_whose(settings, code, error) for error in errors]


def _whose(settings: Settings, code: str, error: DmvpubError) -> DmvpubError:
    """An error that names no file names the locale's catalog: say whose problem it is."""
    if error.path is None and code != settings.source_locale:
        return DmvpubError(error.message, catalog_path(settings, code))
    return error


_RENDERERS: dict[tuple, Renderer] = {}


def renderer_for(settings: Settings) -> Renderer:
    """One Renderer per worker process, so Jinja templates are loaded once, not once per artifact."""
    key = (settings.templates, settings.url, settings.page_size, settings.proper_names)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(*key)
    return _RENDERERS[key]


def render_locale(settings: Settings, renderer: Renderer, doc: LocalizedDocument, kinds: list[str],
                  english: LocalizedDocument | None = None, keep_html: bool = False,
                  links: dict[str, str] | None = None) -> tuple[list[Outcome | Imposition], list[DmvpubError]]:
    """The chosen artifacts of one locale, and the errors of those that could not be made.

    Each artifact succeeds or fails on its own (issue 24, item 11): a flyer that cannot fit
    does not stop the web edition; artifacts made from one layout (the booklet, its print-shop
    variant, its thumbnail and imposed booklet) fail with it. A layout's files are rendered
    before any is written, so none is half-made; the imposed booklet comes back as an
    `Imposition` for the main process. With `keep_html`, the HTML each PDF was laid out from is
    left in dist/.html/<locale>/<kind>.html.

    The web edition links `links` (kind -> file name beside it), by default every PDF of the locale;
    its Outcome says which, and the build links only the PDFs on disk once it is over
    (upkeep.fit_web_links)."""
    code = doc.edition.locale
    wanted = set(kinds)
    html: dict[str, str] = {}
    made: dict[str, tuple[bytes, int | None, float]] = {}  # kind -> data, pages (None: count them), seconds
    errors: list[DmvpubError] = []

    def make(names: tuple[str, ...], function) -> None:
        """`function()` gives one (data, pages) per name; if it fails, these artifacts alone fail."""
        started = time.perf_counter()
        try:
            outputs = function()
        except Exception as error:
            errors.append(unexpected(error))
            return
        seconds = (time.perf_counter() - started) / len(names)
        for name, (data, pages) in zip(names, outputs):
            made[name] = (data, pages, seconds)

    def booklets():
        files = renderer.booklet_pdfs(doc)
        html["booklet"] = files.html
        return (files.reading, files.pages), (files.print_shop, files.pages), (files.preflight, None)

    def laid_out(kind: str, layout, minimum: float = MINIMUM_PT):
        def function():
            laid = layout()
            document = check_layout(laid.document, doc, kind, minimum)
            html[kind] = laid.html
            return [(check_tagging(pdf_bytes(document), doc, kind), len(document.pages))]
        return function

    def fitted_flyer():
        flyer = renderer.flyer(doc, start=recorded_flyer_size(settings, code))
        recorded_flyer_size(settings, code, flyer.type_size)
        return flyer

    if wanted & {"booklet", "booklet-imposed", "booklet-print", "booklet-preflight", "booklet-thumbnail"}:
        make(("booklet", "booklet-print", "booklet-preflight"), booklets)
    if "booklet-thumbnail" in wanted and "booklet" in made:
        make(("booklet-thumbnail",), lambda: [(thumbnail_png(made["booklet"][0]), None)])
    if "booklet-bilingual" in wanted:
        make(("booklet-bilingual",), laid_out("booklet-bilingual", lambda: renderer.booklet(doc, english)))
    if "booklet-large-print" in wanted:
        make(("booklet-large-print",), laid_out("booklet-large-print", lambda: renderer.booklet(doc, large_print=True),
                                                large_print_sizes(doc.edition.language).minimum))
    if wanted & {"flyer", "flyer-thumbnail"}:
        make(("flyer",), laid_out("flyer", fitted_flyer))
    if "flyer-thumbnail" in wanted and "flyer" in made:
        make(("flyer-thumbnail",), lambda: [(thumbnail_png(made["flyer"][0]), None)])
    files = pdf_files(settings, code) if links is None else links
    if "web" in wanted:
        make(("web",), lambda: [(renderer.web(doc, files), None)])

    outcomes: list[Outcome | Imposition] = []
    for kind in kinds:
        if kind in made:
            try:
                outcome = write_artifact(settings, code, kind, *made[kind])
                outcomes.append(replace(outcome, links=dict(files)) if kind == "web" else outcome)
            except Exception as error:
                errors.append(unexpected(error))
    if keep_html:
        for kind, page in html.items():
            try:
                write_atomically(settings.dist / HTML / code / f"{kind}.html",
                                 standalone_html(page, settings.templates))
            except Exception as error:
                errors.append(unexpected(error))
    if "booklet-imposed" in wanted and "booklet" in made:
        outcomes.append(Imposition(code, made["booklet"][0], made["booklet"][1], doc.edition.direction == "rtl"))
    return outcomes, errors


def recorded_flyer_size(settings: Settings, code: str, fitted: float | None = None) -> float | None:
    """The type size (pt) the locale's flyer fitted at in the last build, kept in dist/.cache so the
    next fitting starts there (two layouts instead of three or more; the result is the same from
    any start); with `fitted`, records it. A missing or damaged record is no record."""
    path = settings.dist / FLYER_SIZE_RECORDS / f"{code}.json"
    if fitted is None:
        record = read_json(path)
        size = record.get("type_size") if isinstance(record, dict) else None
        return size if isinstance(size, float) else None
    write_json(path, {"type_size": fitted})
    return fitted


def impose_artifact(settings: Settings, job: Imposition) -> Outcome:
    """The imposed booklet of `job`, written into place (in the main process, beside the workers)."""
    started = time.perf_counter()
    data = impose_booklet(job.booklet, job.right_to_left)
    return write_artifact(settings, job.locale, "booklet-imposed", data, job.pages // 2, time.perf_counter() - started)


def write_artifact(settings: Settings, code: str, kind: str, data: bytes, pages: int | None,
                   seconds: float) -> Outcome:
    """Writes one artifact into dist/.cache/stage/ (distfiles.staged_path), where it waits until
    every file of its locale is written (pipeline.build commits them together, so a locale is never
    half new, half old); a PDF's `pages` is counted from the file when the layout did not tell.
    WriteFailed naming the artifact's file in dist/ when it cannot be written."""
    name = artifact_name(settings, code, kind)
    try:
        write_atomically(staged_path(settings, name), data)
    except OSError as error:
        raise WriteFailed(f"cannot write: {error.strerror or error}", settings.dist / name) from None
    return Outcome(artifact_of(settings, code, kind, data, pages), built=True, seconds=seconds)
