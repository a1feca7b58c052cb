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
import fcntl
import functools
import hashlib
import io
import json
import os
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__
from .catalog import catalog_path, declared_language, locale_codes, locale_directory_errors, read_catalog, template_messages
from .errors import DmvpubError
from .fonts import code_points, language_fonts, script_fonts, undrawable
from .language import locale_script
from .localize import IncompleteTranslation, LocalizedDocument, localize
from .model import Document
from .settings import Settings
from .status import catalog_review

KINDS = ("booklet", "booklet-imposed", "booklet-print", "booklet-bilingual", "flyer", "web",
         "booklet-thumbnail", "flyer-thumbnail")
PDF_KINDS = ("booklet", "booklet-imposed", "booklet-print", "booklet-bilingual", "flyer")
# Artifacts made together in one task: the booklet's layout serves its imposed and print-shop
# variants and its cover thumbnail; the bilingual booklet (a layout of its own) and the flyer are
# tasks of their own, so one edited locale keeps two cores busy too.
TASK_GROUPS = (("booklet", "booklet-imposed", "booklet-print", "booklet-thumbnail"), ("booklet-bilingual",),
               ("flyer", "flyer-thumbnail", "web"))
INDEX = "index.html"
MANIFEST = "manifest.json"
STATE = ".cache/inputs.json"
HTML = ".html"  # `build --keep-html`: the pages as laid out, for printing with another engine
LOCK = ".cache/build.lock"
FLYER_SIZES = ".cache/flyer-size"  # <locale>.json: the type size its flyer fitted at, where the next fitting starts


@dataclass(frozen=True)
class Artifact:
    locale: str
    kind: str
    path: str  # relative to dist/, with forward slashes
    pages: int | None  # None for the web edition and thumbnails
    bytes: int
    sha256: str


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

    @property
    def artifacts(self) -> list[Artifact]:
        return [outcome.artifact for outcome in self.outcomes]


def artifact_name(settings: Settings, code: str, kind: str) -> str:
    """A file name that says what it holds once downloaded: es/missouri-dmv-ice-es-booklet.pdf."""
    if kind == "web":
        return f"{code}/{INDEX}"
    stem = f"{code}/{settings.name}-{code.replace('_', '-').lower()}"
    if kind.endswith("-thumbnail"):
        return f"{stem}-{kind.removesuffix('-thumbnail')}.png"
    return f"{stem}-{kind}.pdf"


def locale_kinds(settings: Settings, code: str, kinds: list[str] | tuple[str, ...] = KINDS) -> list[str]:
    """The kinds a locale gets: all of them, but English has no bilingual booklet (it would be English twice)."""
    return [kind for kind in kinds if not (kind == "booklet-bilingual" and code == settings.source_locale)]


def build_locales(settings: Settings, document: Document, codes: list[str] | None = None,
                  kinds: list[str] | None = None, jobs: int | None = None, force: bool = False,
                  progress=None, keep_html: bool = False) -> BuildResult:
    """Build what is out of date; `progress(outcome)` is called as each artifact finishes.

    Whatever goes wrong (a broken catalog, a full disk, a bug), the build ends with the cache
    and manifest describing exactly the files in dist/, and each problem is one line in `failed`.
    """
    result = BuildResult()
    if not codes:
        codes = [settings.source_locale, *locale_codes(settings)]
        result.failed.extend(locale_directory_errors(settings))
    kinds = [kind for kind in KINDS if kind in (kinds or KINDS)]
    # fontTools stamps the fonts it instantiates from variable fonts (Noto Sans Myanmar) with the
    # time of the build unless this is set: the document's own date keeps builds reproducible.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(document.current_as_of.timetuple())))
    with _locked(settings.dist) as lock:
        state = verified_state(settings, _read_json(settings.dist / STATE), codes)
        unfinished: set[str] = set()  # artifacts a task was making when it failed: checked again at the end
        problems: dict[str, str] = {}  # locale -> why it was not built, for the download page
        try:
            tasks = _plan(settings, codes, kinds, state, force or keep_html, result, progress)
            unfinished = {artifact_name(settings, code, kind) for (code, _group), (_key, stale) in tasks.items()
                          for kind in stale}
            for (code, group), outcomes, error in _run(settings, document, tasks, jobs, lock.fileno(), keep_html):
                if error is not None:
                    if code not in problems:  # a locale's error comes back from each of its tasks
                        problems[code] = error.message
                        (result.skipped if isinstance(error, IncompleteTranslation) else result.failed).append(error)
                    continue
                for outcome in outcomes:
                    if isinstance(outcome, Imposition):
                        outcome = impose_artifact(settings, outcome)
                    state[outcome.artifact.path] = {"inputs": tasks[code, group][0],
                                                    "artifact": asdict(outcome.artifact)}
                    unfinished.discard(outcome.artifact.path)
                    result.outcomes.append(outcome)
                    if progress:
                        progress(outcome)
        except DmvpubError as error:
            result.failed.append(error)
        except Exception as error:  # a full disk, a read-only folder, a bug: one line, and dist/ stays consistent
            result.failed.append(unexpected(error))
        finally:
            # what a failed task was making is recorded again as the disk has it (or dropped if gone)
            state.update(verified_state(settings, {name: state.pop(name) for name in unfinished if name in state},
                                        codes, only=unfinished))
            try:
                _write_json(settings.dist / STATE, state)
                write_manifest(settings, state)
                if problems or any(o.built for o in result.outcomes) or not (settings.dist / INDEX).exists():
                    from .site import write_download_page
                    write_download_page(settings, document, problems)
            except Exception as error:
                result.failed.append(unexpected(error))
    result.outcomes.sort(key=lambda o: (codes.index(o.artifact.locale) if o.artifact.locale in codes else len(codes),
                                        KINDS.index(o.artifact.kind)))
    result.partial = partly_printed(settings, document, sorted({o.artifact.locale for o in result.outcomes
                                                                if o.built and o.artifact.locale not in problems}))
    return result


def partly_printed(settings: Settings, document: Document, codes: list[str]) -> list[tuple[str, str]]:
    """(locale, why) for each of `codes` printed with some messages in English."""
    if not codes:  # a no-op build: no need to extract the templates' strings
        return []
    from .status import locale_status
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


def verified_state(settings: Settings, state: dict, codes: list[str], only: set[str] | None = None) -> dict:
    """The cache as the disk has it: entries whose file is gone are dropped, a file whose bytes
    differ from the record (or that has no record) is recorded as it is and marked for a rebuild.

    Hashing every file costs a few milliseconds at these sizes; comparing sizes alone let a
    flipped byte stay "up to date" under a wrong sha256.
    """
    names = set(only) if only is not None else set(state) | {
        artifact_name(settings, code, kind) for code in codes for kind in locale_kinds(settings, code)}
    verified = {}
    for name in sorted(names):
        path = settings.dist / name
        if not path.is_file():
            continue
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        known = state.get(name)
        if known and known["artifact"]["sha256"] == digest and known["artifact"]["bytes"] == len(data):
            verified[name] = known
            continue
        if known:
            locale, kind = known["artifact"]["locale"], known["artifact"]["kind"]
        else:
            locale, kind = _locale_kind(settings, name, codes)
        pages = _page_count(data) if kind in PDF_KINDS else None
        verified[name] = {"inputs": "", "artifact": asdict(Artifact(locale, kind, name, pages, len(data), digest))}
    return verified


def _locale_kind(settings: Settings, name: str, codes: list[str]) -> tuple[str, str]:
    return next((code, kind) for code in codes for kind in KINDS if artifact_name(settings, code, kind) == name)


def unexpected(error: Exception) -> DmvpubError:
    """An error no check foresaw, as one line: the file and the system's reason for OSErrors."""
    if isinstance(error, DmvpubError):
        return error
    if isinstance(error, OSError):
        return DmvpubError(f"cannot write or read: {error.strerror or error}", error.filename)
    return DmvpubError(f"internal error ({type(error).__name__}: {error}); this is a bug in dmvpub, "
                       "please report it with the command you ran")


def _run(settings: Settings, document: Document, tasks: dict, jobs: int | None, lock_fd: int, keep_html: bool):
    """((code, group), outcomes, error) per task, from a process pool when there is more than one task."""
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
    from .impose import impose_booklet  # noqa: F401
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
                outcomes, error = future.result()
            except Exception as error:  # a worker that died (killed, out of memory)
                outcomes, error = [], unexpected(error)
            yield futures[future], outcomes, error
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # nothing goes on writing once the build has ended


def _worker_started(parent: int, lock_fd: int) -> None:
    """A worker dies with the build that started it and does not hold its lock.

    Without this, `kill -9` of the build left workers running, blocked, and holding the lock
    (they inherit its file descriptor), so every later build refused to start.
    """
    os.close(lock_fd)  # the lock stays with the parent's descriptor
    if sys.platform.startswith("linux"):
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def build_locale_task(settings: Settings, document: Document, code: str, kinds: list[str], keep_html: bool = False
                      ) -> tuple[list[Outcome | Imposition], DmvpubError | None]:
    """Some of one locale's artifacts in one worker: localize, check, render, write.

    Errors come back as values, whatever their kind."""
    try:
        doc = localized_document(settings, document, code)
        english = localized_document(settings, document, settings.source_locale) \
            if "booklet-bilingual" in kinds else None
        return render_locale(settings, renderer_for(settings), doc, kinds, english, keep_html), None
    except Exception as error:
        found = unexpected(error)
        if found.path is None and code != settings.source_locale:  # say whose problem it is
            found = DmvpubError(found.message, catalog_path(settings, code))
        return [], found


_RENDERERS: dict = {}


def renderer_for(settings: Settings):
    """One Renderer per worker process, so Jinja templates are loaded once, not once per artifact."""
    from .render import Renderer
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
        from .qa import catalog_errors
        path = catalog_path(settings, code)
        catalog = read_catalog(path)
        error = catalog_errors(catalog, code, path, settings.relative(path))
        if error is not None and not preview:  # a preview shows unfinished work, errors and all
            raise error
        doc = localize(document, templates, code, catalog, settings.relative(path), catalog_review(catalog),
                       None if preview else settings.min_translated, preview)
    check_glyphs(doc)
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


def render_locale(settings: Settings, renderer, doc: LocalizedDocument, kinds: list[str],
                  english: LocalizedDocument | None = None, keep_html: bool = False) -> list[Outcome | Imposition]:
    """The chosen artifacts of one locale, all rendered before any is written, so none is half-made;
    the imposed booklet comes back as an `Imposition` for the main process. With `keep_html`, the
    HTML each PDF was laid out from is left in dist/.html/<locale>/<kind>.html."""
    from .render import check_layout, pdf_bytes, standalone_html, thumbnail_png
    html: dict[str, str] = {}

    code = doc.edition.locale
    outputs: dict[str, tuple[bytes, int | None, float]] = {}  # data, pages (None: count them), seconds
    if {"booklet", "booklet-imposed", "booklet-print", "booklet-thumbnail"} & set(kinds):
        started = time.perf_counter()
        booklet, print_shop, pages, html["booklet"] = renderer.booklet_pdfs(doc)
        seconds = time.perf_counter() - started
        outputs["booklet"] = (booklet, pages, seconds / 2)
        outputs["booklet-print"] = (print_shop, pages, seconds / 2)
        started = time.perf_counter()
        outputs["booklet-thumbnail"] = (thumbnail_png(booklet), None, time.perf_counter() - started)
    if "booklet-bilingual" in kinds:
        started = time.perf_counter()
        bilingual = check_layout(renderer.booklet(doc, english), doc, "booklet-bilingual")
        html["booklet-bilingual"] = bilingual.dmvpub_html
        outputs["booklet-bilingual"] = (pdf_bytes(bilingual), len(bilingual.pages), time.perf_counter() - started)
    if {"flyer", "flyer-thumbnail"} & set(kinds):
        started = time.perf_counter()
        flyer = check_layout(renderer.flyer(doc, start=_flyer_size(settings, code)), doc, "flyer")
        _flyer_size(settings, code, flyer.dmvpub_type_size)
        html["flyer"] = flyer.dmvpub_html
        outputs["flyer"] = (pdf_bytes(flyer), len(flyer.pages), time.perf_counter() - started)
        started = time.perf_counter()
        outputs["flyer-thumbnail"] = (thumbnail_png(outputs["flyer"][0]), None, time.perf_counter() - started)
    if "web" in kinds:
        started = time.perf_counter()
        files = {kind: artifact_name(settings, code, kind).rsplit("/", 1)[1]
                 for kind in locale_kinds(settings, code, PDF_KINDS)}
        outputs["web"] = (renderer.web(doc, files), None, time.perf_counter() - started)

    outcomes: list[Outcome | Imposition] = [write_artifact(settings, code, kind, *outputs[kind])
                                            for kind in kinds if kind in outputs]
    if keep_html:
        for kind, page in html.items():
            write_atomically(settings.dist / HTML / code / f"{kind}.html", standalone_html(page, settings.templates))
    if "booklet-imposed" in kinds:
        outcomes.append(Imposition(code, outputs["booklet"][0], outputs["booklet"][1], doc.edition.direction == "rtl"))
    return outcomes


def _flyer_size(settings: Settings, code: str, fitted: float | None = None) -> float | None:
    """The type size (pt) the locale's flyer fitted at in the last build, kept in dist/.cache so the
    next fitting starts there (two layouts instead of three or more; the result is the same from
    any start); with `fitted`, records it. A missing or damaged record is no record."""
    path = settings.dist / FLYER_SIZES / f"{code}.json"
    if fitted is None:
        record = _read_json(path)
        size = record.get("type_size") if isinstance(record, dict) else None
        return size if isinstance(size, float) else None
    _write_json(path, {"type_size": fitted})
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
    from .impose import impose_booklet
    started = time.perf_counter()
    data = impose_booklet(job.booklet, job.right_to_left)
    return write_artifact(settings, job.locale, "booklet-imposed", data, job.pages // 2, time.perf_counter() - started)


def write_artifact(settings: Settings, code: str, kind: str, data: bytes, pages: int | None,
                   seconds: float) -> Outcome:
    """Writes one artifact into place; a PDF's `pages` is counted from the file when the layout did not tell."""
    name = artifact_name(settings, code, kind)
    write_atomically(settings.dist / name, data)
    if pages is None and kind in PDF_KINDS:
        pages = _page_count(data)
    artifact = Artifact(code, kind, name, pages, len(data), hashlib.sha256(data).hexdigest())
    return Outcome(artifact, built=True, seconds=seconds)


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
    catalog = b""
    if code != settings.source_locale:
        path = catalog_path(settings, code)
        catalog = path.read_bytes() if path.is_file() else b""
        add("catalog", catalog)
    for path in _files(settings.templates):
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
def code_digest() -> str:
    """A hash of dmvpub's own code: anything made by an older dmvpub is made again."""
    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in _files(root):
        digest.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@functools.cache
def _version(package: str) -> str:
    try:
        return metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return "?"


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else -1


def write_manifest(settings: Settings, state: dict) -> None:
    """Lists every artifact in dist/, as the cache has verified it: what this build made and
    earlier builds' files still on disk."""
    entries = [entry["artifact"] for entry in state.values()]
    ordered = sorted(entries, key=lambda e: (e["locale"], KINDS.index(e["kind"])))
    _write_json(settings.dist / MANIFEST, {"artifacts": ordered})


def write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _locked(dist: Path):
    """One build at a time per dist/: a second one refuses at once rather than interleave files.

    The lock file names its holder; a lock held by a process that is gone (an orphan of a killed
    build from before workers died with their parent) is taken over.
    """
    lock = dist / LOCK
    lock.parent.mkdir(parents=True, exist_ok=True)
    for attempt in (1, 2):
        handle = open(lock, "a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            handle.close()
            if attempt == 1 and holder.isdigit() and not _alive(int(holder)):
                lock.unlink(missing_ok=True)  # the orphan keeps a lock on a file nobody opens again
                continue
            raise DmvpubError(f"another dmvpub build (process {holder or '?'}) is writing to this folder; "
                              "wait for it to finish", dist) from None
    try:
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield handle
    finally:
        handle.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _page_count(data: bytes) -> int | None:
    """Pages of a PDF; None for one too damaged to count (it is rebuilt)."""
    import pypdf
    try:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception:
        return None


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write_json(path: Path, data: dict) -> None:
    """Writes `data` unless the file already holds exactly it (as after a no-op build)."""
    encoded = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    try:
        if path.read_bytes() == encoded:
            return
    except OSError:
        pass
    write_atomically(path, encoded)
