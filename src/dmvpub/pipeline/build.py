"""Every locale's artifacts into dist/: incremental, parallel, atomic.

Each artifact remembers a hash of everything it was made from (source, its locale's catalog,
templates, fonts, settings, dmvpub's own code) in dist/.cache/; an artifact whose inputs
have not changed is not rebuilt. Locales render in a process pool, a locale's booklets in one
task (one layout serves the booklet and its imposed and print-shop variants) and its flyer in
another. Files are written beside their target and renamed into place: a locale that fails (a
broken or incomplete catalog, a character no font can draw) fails alone, a flyer that will not
fit fails alone, and the last good PDFs stay.
"""

from __future__ import annotations

import calendar
import functools
import hashlib
import json
import os
import signal
import sys
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..po import catalog_path, declared_language, locale_codes, locale_directory_errors, read_catalog, template_messages
from .distfiles import (  # noqa: F401 (LOCK and MANIFEST stay importable from here)
    HTML, INDEX, KINDS, LOCK, MANIFEST, PDF_KINDS, STATE, Artifact, Interrupted, artifact_name, artifact_of,
    code_digest, files_under, interruptible, locale_and_kind, locale_kinds, locked, read_json,
    remove_partial_files, temporary_folder, verified_state, write_atomically, write_json,
    write_manifest)
from ..core.errors import DmvpubError, unexpected
from ..fonts.faces import code_points, language_fonts, script_fonts, undrawable
from ..core.language import locale_script
from ..localize.document import IncompleteTranslation, LocalizedDocument, localize
from ..core.model import MAX_WORD_CHARS, Document
from ..text.richtext import plain_text
from ..core.settings import Settings

# Artifacts made together in one task: the booklet's layout serves its imposed and print-shop
# variants and its cover thumbnail; the bilingual booklet (a layout of its own) and the flyer are
# tasks of their own, so one edited locale keeps two cores busy too.
TASK_GROUPS = (("booklet", "booklet-imposed", "booklet-print", "booklet-thumbnail"), ("booklet-bilingual",),
               ("flyer", "flyer-thumbnail", "web"))
FLYER_SIZES = ".cache/flyer-size"  # <locale>.json: the type size its flyer fitted at, where the next fitting starts


@dataclass(frozen=True)
class Outcome:
    """One artifact of this build: made now (with the seconds it took) or already up to date."""

    artifact: Artifact
    built: bool
    seconds: float = 0.0


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    failed: list[DmvpubError] = field(default_factory=list)
    skipped: list[DmvpubError] = field(default_factory=list)  # too little translated to print
    partial: list[tuple[str, str]] = field(default_factory=list)  # (locale, why) printed partly in English
    not_built: list[tuple[str, str]] = field(default_factory=list)  # (locale, kind) out of date and not rebuilt
    interrupted: int | None = None  # the signal (SIGTERM, SIGINT) that stopped the build

    @property
    def artifacts(self) -> list[Artifact]:
        return [outcome.artifact for outcome in self.outcomes]

    def not_built_summary(self) -> str:
        """The artifacts not rebuilt, by locale: "es: flyer, flyer-thumbnail; vi: booklet-bilingual"."""
        by_locale: dict[str, list[str]] = {}
        for code, kind in self.not_built:
            by_locale.setdefault(code, []).append(kind)
        return "; ".join(f"{code}: {', '.join(kinds)}" for code, kinds in by_locale.items())


def build_locales(settings: Settings, document: Document, codes: list[str] | None = None,
                  kinds: list[str] | None = None, jobs: int | None = None, force: bool = False,
                  progress=None, keep_html: bool = False) -> BuildResult:
    """Build what is out of date; `progress(outcome)` is called as each artifact finishes.

    Each artifact succeeds or fails on its own (a flyer that cannot fit does not stop the web
    edition); `not_built` names every out-of-date artifact that was not rebuilt. Whatever goes
    wrong (a broken catalog, a full disk, a bug, SIGTERM or Ctrl-C), the build ends with the
    cache and manifest describing exactly the files in dist/, and each problem is one line in
    `failed`; after SIGTERM or SIGINT, it then raises `Interrupted` holding the result. Raises DmvpubError when the build cannot start: `jobs` below 1, a link in dist/
    leading outside the project, dist/ not writable, another build holding the lock.
    """
    check_jobs(jobs)
    result = BuildResult()
    if not codes:
        codes = [settings.source_locale, *locale_codes(settings)]
        result.failed.extend(locale_directory_errors(settings))
    kinds = [kind for kind in KINDS if kind in (kinds or KINDS)]
    # fontTools stamps the fonts it instantiates from variable fonts (Noto Sans Myanmar) with the
    # time of the build unless this is set: the document's own date keeps builds reproducible.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(document.current_as_of.timetuple())))
    settings.refuse_links_outside(settings.dist, f"{settings.relative(settings.dist)}/")
    with interruptible() as signals:
        try:
            with locked(settings.dist) as lock, temporary_folder(settings.dist):
                _build(settings, document, codes, kinds, jobs, force or keep_html, progress, keep_html, lock.fileno(),
                       signals, result)
        except Interrupted:
            pass  # before the build began: nothing was written
        except OSError as error:  # dist/ read-only or full before anything began
            raise unexpected(error) from None
    if signals.signum is not None:
        result.interrupted = signals.signum
        result.failed.append(DmvpubError(
            f"stopped by {signal.Signals(signals.signum).name}; dist/ keeps the files finished before it and its "
            "manifest lists exactly them", settings.dist))
    result.outcomes.sort(key=lambda o: (codes.index(o.artifact.locale) if o.artifact.locale in codes else len(codes),
                                        KINDS.index(o.artifact.kind)))
    built = {(o.artifact.locale, o.artifact.kind) for o in result.outcomes if o.built}
    result.not_built = sorted({pair for pair in result.not_built if pair not in built},
                              key=lambda pair: (codes.index(pair[0]) if pair[0] in codes else len(codes),
                                                KINDS.index(pair[1])))
    problems = {code for code, _kind in result.not_built}
    if result.interrupted:  # dist/ is consistent again: now the process may stop, as it was asked to
        raise Interrupted(result.interrupted, result)
    result.partial = partly_printed(settings, document, sorted({o.artifact.locale for o in result.outcomes
                                                                if o.built and o.artifact.locale not in problems}))
    return result


def check_jobs(jobs: int | None) -> None:
    """`--jobs`: None (one worker per core) or a whole number of 1 or more, else DmvpubError."""
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise DmvpubError(f"--jobs must be a whole number of worker processes, 1 or more, not {jobs}")


def _build(settings: Settings, document: Document, codes: list[str], kinds: list[str], jobs: int | None,
           force: bool, progress, keep_html: bool, lock_fd: int, signals, result: BuildResult) -> None:
    """The build, under the lock: plan, run the tasks, and in any case leave dist/ consistent."""
    state = verified_state(settings, read_json(settings.dist / STATE), codes)
    unfinished: set[str] = set()  # artifacts a task was making when it failed: checked again at the end
    problems: dict[str, str] = {}  # locale -> why (part of) it was not built, for the download page
    seen: set[tuple[str, str]] = set()
    try:
        tasks = _plan(settings, codes, kinds, state, force, result, progress)
        unfinished = {artifact_name(settings, code, kind) for (code, _group), (_key, stale) in tasks.items()
                      for kind in stale}
        with closing(_run(settings, document, tasks, jobs, lock_fd, keep_html)) as runs:
            for (code, group), outcomes, errors in runs:
                for error in errors:
                    # a locale's error comes back from each of its tasks, a full disk from each file
                    if (code, error.message) not in seen:
                        seen.add((code, error.message))
                        problems.setdefault(code, error.message)
                        (result.skipped if isinstance(error, IncompleteTranslation) else result.failed).append(error)
                for outcome in outcomes:
                    if isinstance(outcome, Imposition):
                        try:
                            outcome = impose_artifact(settings, outcome)
                        except Exception as error:
                            result.failed.append(unexpected(error))
                            continue
                    state[outcome.artifact.path] = {"inputs": tasks[code, group][0],
                                                    "artifact": asdict(outcome.artifact)}
                    unfinished.discard(outcome.artifact.path)
                    result.outcomes.append(outcome)
                    if progress:
                        progress(outcome)
    except Interrupted:
        pass  # reported by build_locales, once dist/ is consistent again
    except DmvpubError as error:
        result.failed.append(error)
    except Exception as error:  # a full disk, a read-only folder, a bug: one line, and dist/ stays consistent
        result.failed.append(unexpected(error))
    finally:
        signals.hold()  # a signal now waits: the cache and manifest are written whole
        result.not_built.extend(found for found in (locale_and_kind(settings, name, codes) for name in unfinished)
                                if found)
        remove_partial_files(settings.dist)
        # what a failed task was making is recorded again as the disk has it (or dropped if gone)
        state.update(verified_state(settings, {name: state.pop(name) for name in unfinished if name in state},
                                    codes, only=unfinished))
        try:
            write_json(settings.dist / STATE, state)
            write_manifest(settings.dist, [entry["artifact"] for entry in state.values()])
            if problems or any(o.built for o in result.outcomes) or not (settings.dist / INDEX).exists():
                from .site import write_download_page
                write_download_page(settings, document, problems)
        except Exception as error:
            result.failed.append(unexpected(error))


def partly_printed(settings: Settings, document: Document, codes: list[str]) -> list[tuple[str, str]]:
    """(locale, why) for each of `codes` printed with some messages in English."""
    if not codes:  # a no-op build: no need to extract the templates' strings
        return []
    from ..localize.status import locale_status
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    found = []
    for code in codes:
        if code == settings.source_locale:
            continue
        try:
            row = locale_status(code, document, templates, read_catalog(catalog_path(settings, code)))
        except DmvpubError:
            continue
        if row.fuzzy or row.untranslated:
            found.append((code, f"{row.questions_covered} of {row.questions_total} questions translated; "
                                f"{row.untranslated} untranslated and {row.fuzzy} fuzzy message(s) printed in "
                                "English, marked"))
    return found


def _plan(settings: Settings, codes: list[str], kinds: list[str], state: dict, force: bool, result: BuildResult,
          progress) -> dict:
    """(code, group) -> (inputs key, stale kinds) for every task to run; up-to-date artifacts go to `result`."""
    tasks = {}
    for code in codes:
        try:
            key = inputs_key(settings, code)
        except DmvpubError as error:
            result.failed.append(error)
            result.not_built.extend((code, kind) for kind in locale_kinds(settings, code, kinds))
            continue
        stale = []
        for kind in locale_kinds(settings, code, kinds):
            known = state.get(artifact_name(settings, code, kind))
            if not force and known and known["inputs"] == key:
                outcome = Outcome(Artifact(**known["artifact"]), built=False)
                result.outcomes.append(outcome)
                if progress:
                    progress(outcome)
            else:
                stale.append(kind)
        for group in TASK_GROUPS:
            if [kind for kind in stale if kind in group]:
                tasks[code, group] = (key, [kind for kind in stale if kind in group])
    return tasks


def _run(settings: Settings, document: Document, tasks: dict, jobs: int | None, lock_fd: int, keep_html: bool):
    """((code, group), outcomes, errors) per task, from a process pool when there is more than one task."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) <= 1:
        for task, (_key, kinds) in tasks.items():
            yield task, *build_locale_task(settings, document, task[0], kinds, keep_html)
        return
    # WeasyPrint and pikepdf load once, here, before the workers fork: they start with both loaded,
    # and the main process imposes without loading anything while they work; likewise the
    # templates' strings, which every task's localizing needs.
    renderer_for(settings)
    template_messages(settings.templates, settings.relative(settings.templates))
    from ..render.impose import impose_booklet  # noqa: F401
    from concurrent.futures import ProcessPoolExecutor, as_completed  # not loaded by a build with nothing to do
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_worker_started,
                               initargs=(os.getpid(), lock_fd))
    try:
        # Booklet tasks first: the longest jobs start early and the short flyers fill the gaps.
        ordered = sorted(tasks.items(), key=lambda item: TASK_GROUPS.index(item[0][1]))
        futures = {pool.submit(build_locale_task, settings, document, task[0], kinds, keep_html): task
                   for task, (_key, kinds) in ordered}
        for future in as_completed(futures):
            try:
                outcomes, errors = future.result()
            except Exception as error:  # a worker that died (killed, out of memory)
                outcomes, errors = [], [unexpected(error)]
            yield futures[future], outcomes, errors
    except BaseException:  # SIGTERM, Ctrl-C, or the build closing this early: the workers stop at once
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # nothing goes on writing once the build has ended


def _worker_started(parent: int, lock_fd: int) -> None:
    """A worker dies with the build that started it and does not hold its lock.

    Without this, `kill -9` of the build left workers running, blocked, and holding the lock
    (they inherit its file descriptor), so every later build refused to start.
    """
    os.close(lock_fd)  # the lock stays with the parent's descriptor
    # Ctrl-C reaches every process of the terminal: the build alone handles it, and stops its
    # workers with SIGTERM, which ends them at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def build_locale_task(settings: Settings, document: Document, code: str, kinds: list[str], keep_html: bool = False
                      ) -> tuple[list[Outcome | Imposition], list[DmvpubError]]:
    """Some of one locale's artifacts in one worker: localize, check, render, write.

    Errors come back as values, whatever their kind; one artifact's error does not stop the others."""
    try:
        doc = localized_document(settings, document, code)
        english = localized_document(settings, document, settings.source_locale) \
            if "booklet-bilingual" in kinds else None
        outcomes, errors = render_locale(settings, renderer_for(settings), doc, kinds, english, keep_html)
    except Exception as error:
        outcomes, errors = [], [unexpected(error)]
    return outcomes, [_whose(settings, code, error) for error in errors]


def _whose(settings: Settings, code: str, error: DmvpubError) -> DmvpubError:
    """An error that names no file names the locale's catalog: say whose problem it is."""
    if error.path is None and code != settings.source_locale:
        return DmvpubError(error.message, catalog_path(settings, code))
    return error


_RENDERERS: dict = {}


def renderer_for(settings: Settings):
    """One Renderer per worker process, so Jinja templates are loaded once, not once per artifact."""
    from ..render.renderer import Renderer
    key = (settings.templates, settings.url, settings.page_size, settings.proper_names)
    if key not in _RENDERERS:
        _RENDERERS[key] = Renderer(*key)
    return _RENDERERS[key]


_LOCALIZED: dict[tuple[str, bool], tuple[tuple, LocalizedDocument]] = {}  # (code, preview) -> (inputs, doc)


def localized_document(settings: Settings, document: Document, code: str, preview: bool = False
                       ) -> LocalizedDocument:
    """The locale's document as it will be printed: its catalog passes `dmvpub check` without an
    error, enough of it is translated (for a preview, any share), and every glyph is in its fonts.

    Made once per process for the same inputs (settings, document, templates' strings, catalog's
    bytes): a locale's booklet, bilingual booklet and flyer are tasks of their own, a worker often
    gets two of one locale, and every bilingual booklet needs English (issue #25)."""
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    inputs = (settings, document, tuple(templates), _catalog_digest(settings, code))
    known = _LOCALIZED.get((code, preview))
    if known is not None and known[0] == inputs:
        return known[1]
    doc = _localized(settings, document, code, preview, templates)
    _LOCALIZED[code, preview] = (inputs, doc)
    return doc


def _catalog_digest(settings: Settings, code: str) -> str | None:
    if code == settings.source_locale:
        return None
    try:
        return hashlib.sha256(catalog_path(settings, code).read_bytes()).hexdigest()
    except OSError:
        return None  # reading it again says what is wrong


def _localized(settings: Settings, document: Document, code: str, preview: bool, templates) -> LocalizedDocument:
    if code == settings.source_locale:
        doc = localize(document, templates, code, None, preview=preview)
    else:
        from ..checks import catalog_errors
        path = catalog_path(settings, code)
        catalog = read_catalog(path)
        error = catalog_errors(catalog, code, path, settings.relative(path))
        if error is not None and not preview:  # a preview shows unfinished work, errors and all
            raise error
        doc = localize(document, templates, code, catalog, settings.relative(path),
                       min_translated=None if preview else settings.min_translated, preview=preview)
    check_glyphs(doc)
    check_words(doc)
    return doc


def check_glyphs(doc: LocalizedDocument) -> None:
    """Every character printed must be in the locale's pinned fonts, or the locale fails here."""
    faces = language_fonts(doc.edition.language)
    for text in doc.texts():
        missing = undrawable(text.text, faces)
        if missing:
            path, _, line = text.where.rpartition(":")
            raise DmvpubError(f"no font for {doc.edition.locale} can draw {code_points(missing)} "
                              f"in {text.text[:50]!r}",
                              Path(path), int(line) if line.isdigit() else None)


def check_words(doc: LocalizedDocument) -> None:
    """Every word printed fits the limit of print's line breaking, or the locale fails here.

    A word wider than a line makes WeasyPrint lay out the whole rest of its paragraph again for
    each line: time that grows with the square of its length (issue 24, item 13)."""
    from ..text.linebreak import longest_word
    for text in doc.texts():
        if len(text.text) <= MAX_WORD_CHARS:
            continue
        word = longest_word(plain_text(text.text), doc.edition.language.code)
        if len(word) > MAX_WORD_CHARS:
            path, _, line = text.where.rpartition(":")
            raise DmvpubError(f"a word of {len(word):,} characters with nowhere to break a line "
                              f"({word[:20]!r}...); print takes words of up to {MAX_WORD_CHARS} characters: "
                              "add spaces or shorten it", Path(path), int(line) if line.isdigit() else None)


def render_locale(settings: Settings, renderer, doc: LocalizedDocument, kinds: list[str],
                  english: LocalizedDocument | None = None, keep_html: bool = False
                  ) -> tuple[list[Outcome | Imposition], list[DmvpubError]]:
    """The chosen artifacts of one locale, and the errors of those that could not be made.

    Each artifact succeeds or fails on its own (issue 24, item 11): a flyer that cannot fit
    does not stop the web edition; artifacts made from one layout (the booklet, its print-shop
    variant, its thumbnail and imposed booklet) fail with it. A layout's files are rendered
    before any is written, so none is half-made; the imposed booklet comes back as an
    `Imposition` for the main process. With `keep_html`, the HTML each PDF was laid out from is
    left in dist/.html/<locale>/<kind>.html."""
    from ..render.renderer import check_layout, pdf_bytes, standalone_html, thumbnail_png
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
        return (files.reading, files.pages), (files.print_shop, files.pages)

    def laid_out(kind: str, layout):
        def function():
            laid = layout()
            document = check_layout(laid.document, doc, kind)
            html[kind] = laid.html
            return [(pdf_bytes(document), len(document.pages))]
        return function

    def fitted_flyer():
        flyer = renderer.flyer(doc, start=_flyer_size(settings, code))
        _flyer_size(settings, code, flyer.type_size)
        return flyer

    if wanted & {"booklet", "booklet-imposed", "booklet-print", "booklet-thumbnail"}:
        make(("booklet", "booklet-print"), booklets)
    if "booklet-thumbnail" in wanted and "booklet" in made:
        make(("booklet-thumbnail",), lambda: [(thumbnail_png(made["booklet"][0]), None)])
    if "booklet-bilingual" in wanted:
        make(("booklet-bilingual",), laid_out("booklet-bilingual", lambda: renderer.booklet(doc, english)))
    if wanted & {"flyer", "flyer-thumbnail"}:
        make(("flyer",), laid_out("flyer", fitted_flyer))
    if "flyer-thumbnail" in wanted and "flyer" in made:
        make(("flyer-thumbnail",), lambda: [(thumbnail_png(made["flyer"][0]), None)])
    if "web" in wanted:
        files = {kind: artifact_name(settings, code, kind).rsplit("/", 1)[1]
                 for kind in locale_kinds(settings, code, PDF_KINDS)}
        make(("web",), lambda: [(renderer.web(doc, files), None)])

    outcomes: list[Outcome | Imposition] = []
    for kind in kinds:
        if kind in made:
            try:
                outcomes.append(write_artifact(settings, code, kind, *made[kind]))
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


def _flyer_size(settings: Settings, code: str, fitted: float | None = None) -> float | None:
    """The type size (pt) the locale's flyer fitted at in the last build, kept in dist/.cache so the
    next fitting starts there (two layouts instead of three or more; the result is the same from
    any start); with `fitted`, records it. A missing or damaged record is no record."""
    path = settings.dist / FLYER_SIZES / f"{code}.json"
    if fitted is None:
        record = read_json(path)
        size = record.get("type_size") if isinstance(record, dict) else None
        return size if isinstance(size, float) else None
    write_json(path, {"type_size": fitted})
    return fitted


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


def impose_artifact(settings: Settings, job: Imposition) -> Outcome:
    from ..render.impose import impose_booklet
    started = time.perf_counter()
    data = impose_booklet(job.booklet, job.right_to_left)
    return write_artifact(settings, job.locale, "booklet-imposed", data, job.pages // 2, time.perf_counter() - started)


def write_artifact(settings: Settings, code: str, kind: str, data: bytes, pages: int | None,
                   seconds: float) -> Outcome:
    """Writes one artifact into place; a PDF's `pages` is counted from the file when the layout did not tell."""
    write_atomically(settings.dist / artifact_name(settings, code, kind), data)
    return Outcome(artifact_of(settings, code, kind, data, pages), built=True, seconds=seconds)


def inputs_key(settings: Settings, code: str) -> str:
    """A hash of everything a locale's artifacts are made from; any change means a rebuild."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("settings", json.dumps([__version__, settings.url, settings.page_size, settings.name,
                                settings.questions, settings.source_locale, code, settings.min_translated,
                                settings.proper_names]).encode())
    add("source", settings.source.read_bytes())
    reviews = settings.source.parent / "reviews.yaml"  # the English sign-offs (dmvpub.review): the draft line
    add("source-reviews", reviews.read_bytes() if reviews.is_file() else b"")
    catalog = b""
    if code != settings.source_locale:
        path = catalog_path(settings, code)
        catalog = path.read_bytes() if path.is_file() else b""
        add("catalog", catalog)
    for path in files_under(settings.templates):
        add(f"template:{path.relative_to(settings.templates).as_posix()}", path.read_bytes())
    add("code", code_digest().encode())
    try:
        faces = script_fonts(code, locale_script(code, declared_language(catalog)))
    except DmvpubError:
        faces = ()
    for face in faces:  # pinned packages: name, version and size identify the file without reading 10 MB
        add("font", f"{face.package}:{_version(face.package)}:{face.file}:{_size(face.path)}".encode())
    return digest.hexdigest()


@functools.cache
def _version(package: str) -> str:
    try:
        return metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return "?"


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else -1
