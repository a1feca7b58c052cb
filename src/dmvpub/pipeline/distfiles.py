"""dist/'s bookkeeping: file names, the manifest, digests, atomic writes, the lock, temporary files.

Everything that writes into dist/ (the build, the download page, a release, a preview) goes through
here, so dist/ always holds whole files and a manifest that describes exactly them:

- a file is written beside its target and renamed into place (never half a file, never written
  through a link: a rename replaces the link itself);
- dist/manifest.json lists every artifact with its size and SHA-256, and dist/.cache/inputs.json
  remembers, per artifact, a hash of what it was made from;
- one build at a time holds dist/.cache/build.lock;
- temporary files (WeasyPrint's font copies, msgmerge's catalogs) go to dist/.cache/tmp/<pid>-*,
  removed when the command ends, or by the next one if it was killed (issue 24, item 14);
- SIGTERM and SIGINT during a build become `Interrupted`, which the build handles like a failure
  (issue 24, item 15).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import io
import json
import os
import shutil
import signal
import tempfile
import threading
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..core.errors import DmvpubError
from ..core.files import read_json, write_atomically
from ..core.settings import Settings

KINDS = ("booklet", "booklet-imposed", "booklet-print", "booklet-preflight", "booklet-bilingual", "booklet-large-print", "flyer", "web",
         "booklet-thumbnail", "flyer-thumbnail")
PDF_KINDS = ("booklet", "booklet-imposed", "booklet-print", "booklet-bilingual", "booklet-large-print", "flyer")
INDEX = "index.html"
MANIFEST = "manifest.json"
STATE = ".cache/inputs.json"
HTML = ".html"  # `build --keep-html`: the pages as laid out, for printing with another engine
LOCK = ".cache/build.lock"
TEMP = ".cache/tmp"
STAGE = ".cache/stage"  # <locale>/<file name>: a locale's new files until all of them are written


@dataclass(frozen=True)
class Artifact:
    """One entry of manifest.json."""

    locale: str
    kind: str
    path: str  # relative to dist/, with forward slashes
    pages: int | None  # None for the web edition and thumbnails
    bytes: int
    sha256: str


def artifact_name(settings: Settings, code: str, kind: str) -> str:
    """A file name that says what it holds once downloaded: es/missouri-dmv-ice-es-booklet.pdf."""
    if kind == "web":
        return f"{code}/{INDEX}"
    stem = f"{code}/{settings.name}-{code.replace('_', '-').lower()}"
    if kind == "booklet-preflight":  # the print-shop file's summary, named beside it
        return f"{stem}-booklet-print.txt"
    if kind.endswith("-thumbnail"):
        return f"{stem}-{kind.removesuffix('-thumbnail')}.png"
    return f"{stem}-{kind}.pdf"


def locale_kinds(settings: Settings, code: str, kinds: list[str] | tuple[str, ...] = KINDS) -> list[str]:
    """The kinds a locale gets: all of them, but English has no bilingual booklet (it would be English twice)."""
    return [kind for kind in kinds if not (kind == "booklet-bilingual" and code == settings.source_locale)]


def pdf_files(settings: Settings, code: str, present: set[str] | None = None) -> dict[str, str]:
    """kind -> file name (beside the web edition) of each PDF of the locale, or of those whose dist/
    path is in `present`."""
    names = {kind: artifact_name(settings, code, kind) for kind in locale_kinds(settings, code, PDF_KINDS)}
    return {kind: name.rsplit("/", 1)[1] for kind, name in names.items() if present is None or name in present}


def artifact_of(settings: Settings, code: str, kind: str, data: bytes, pages: int | None = None) -> Artifact:
    """The manifest entry of `data` as artifact `kind` of `code`; a PDF's pages are counted when not given."""
    if pages is None and kind in PDF_KINDS:
        pages = page_count(data)
    return Artifact(code, kind, artifact_name(settings, code, kind), pages, len(data), hashlib.sha256(data).hexdigest())


# --- the cache and the manifest --------------------------------------------------------------------

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
        if path.is_symlink() or not path.is_file():  # a link is never read: the rebuild replaces it
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
            locale, kind = locale_and_kind(settings, name, codes)
        pages = page_count(data) if kind in PDF_KINDS else None
        verified[name] = {"inputs": "", "artifact": asdict(Artifact(locale, kind, name, pages, len(data), digest))}
    return verified


def locale_and_kind(settings: Settings, name: str, codes: list[str]) -> tuple[str, str] | None:
    """(locale, kind) of the artifact named `name` in dist/, among `codes`; None for another file."""
    return next(((code, kind) for code in codes for kind in KINDS if artifact_name(settings, code, kind) == name),
                None)


def write_manifest(folder: Path, entries: list[dict]) -> None:
    """`folder`/manifest.json: every artifact there, by locale and then in the order of KINDS."""
    ordered = sorted(entries, key=lambda e: (e["locale"], KINDS.index(e["kind"])))
    write_json(folder / MANIFEST, {"artifacts": ordered})


def read_manifest(folder: Path) -> list[dict]:
    """The entries of `folder`/manifest.json (none when it is missing or unreadable)."""
    return read_json(folder / MANIFEST).get("artifacts", [])


def page_count(data: bytes) -> int | None:
    """Pages of a PDF; None for one too damaged to count (it is rebuilt)."""
    # pypdf (some 0.1 s to import) loads only for a PDF found in dist/ without a matching record
    # (verified_state): every PDF a build makes has its pages counted by its layout
    import pypdf
    try:
        return len(pypdf.PdfReader(io.BytesIO(data)).pages)
    except Exception:
        return None


# --- digests ---------------------------------------------------------------------------------------

@functools.cache
def code_digest() -> str:
    """A hash of dmvpub's own code: anything made by an older dmvpub is made again."""
    digest = hashlib.sha256()
    root = Path(__file__).parents[1]  # the whole package, every stage
    for path in files_under(root):
        digest.update(f"{path.relative_to(root).as_posix()}\0{path.stat().st_size}\0".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def files_under(folder: Path) -> list[Path]:
    """Every file below `folder`, sorted, bytecode caches left out."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def file_sha256(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


# --- writing ---------------------------------------------------------------------------------------

def write_json(path: Path, data: dict) -> None:
    """Writes `data` unless the file already holds exactly it (as after a no-op build); WriteFailed
    naming `path` when it cannot."""
    encoded = (json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode()
    try:
        if path.read_bytes() == encoded:
            return
    except OSError:
        pass
    write_file(path, encoded)


class WriteFailed(DmvpubError):
    """A file of dist/ could not be written (a full disk, a read-only folder): the error names it."""


def write_file(path: Path, data: bytes, shown: Path | None = None) -> None:
    """core.files.write_atomically, with an OSError turned into WriteFailed naming `shown` (the
    file in dist/ the data is for; by default `path`) and the system's reason."""
    try:
        write_atomically(path, data)
    except OSError as error:
        raise WriteFailed(f"cannot write: {error.strerror or error}", shown or path) from None


# --- a locale's new files, staged until all of them are written ------------------------------------

def staged_path(settings: Settings, name: str) -> Path:
    """Where the artifact `name` (es/missouri-dmv-ice-es-flyer.pdf) waits until its locale is committed."""
    return settings.dist / STAGE / name


def commit_staged(settings: Settings, names: list[str]) -> None:
    """Rename the staged files of `names` into place in dist/ (a rename: no space needed, each file
    whole). WriteFailed naming the dist/ file when one cannot be moved."""
    for name in names:
        target = settings.dist / name
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged_path(settings, name), target)
        except OSError as error:
            raise WriteFailed(f"cannot write: {error.strerror or error}", target) from None


def discard_staged(settings: Settings, names: list[str] | None = None) -> None:
    """Remove the staged files of `names` (all of them when None): their locale stays as it was."""
    if names is None:
        shutil.rmtree(settings.dist / STAGE, ignore_errors=True)
        return
    for name in names:
        staged_path(settings, name).unlink(missing_ok=True)


# --- one build at a time ---------------------------------------------------------------------------

@contextmanager
def locked(dist: Path):
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
            if attempt == 1 and holder.isdigit() and not alive(int(holder)):
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


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- temporary files -------------------------------------------------------------------------------

@contextmanager
def temporary_folder(dist: Path):
    """Every temporary file of the command in dist/.cache/tmp/<pid>-*, removed when it ends.

    WeasyPrint copies the fonts of each layout into a `weasyprint-*` folder of the system's
    temporary folder and removes it only when its FontConfiguration is garbage-collected, which
    a worker process never lets happen: a day of builds left 383 folders (2.3 GB) in /tmp. Here
    `tempfile` (and TMPDIR, for programs such as msgmerge) point into dist/.cache/ for the
    command and its forked workers; the folder goes at the end, and folders of processes that
    are gone (a build killed with SIGKILL) go at the start of the next command.
    """
    base = dist / TEMP
    base.mkdir(parents=True, exist_ok=True)
    for old in base.iterdir():
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(dir=base, prefix=f"{os.getpid()}-"))
    before = tempfile.tempdir, os.environ.get("TMPDIR")
    tempfile.tempdir = str(folder)
    os.environ["TMPDIR"] = str(folder)
    try:
        yield folder
    finally:
        tempfile.tempdir = before[0]
        if before[1] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = before[1]
        shutil.rmtree(folder, ignore_errors=True)


def remove_partial_files(dist: Path) -> None:
    """`.*.part` files a killed writer left beside its target (under the lock, nobody is writing)."""
    for path in dist.glob("*/.*.part"):
        path.unlink(missing_ok=True)
    for path in dist.glob(".*.part"):
        path.unlink(missing_ok=True)


# --- signals ---------------------------------------------------------------------------------------

class Interrupted(BaseException):
    """SIGTERM or SIGINT arrived: stop, leave dist/ consistent, report it as one line.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` on the way swallows it.
    """

    def __init__(self, signum: int, result=None):
        super().__init__(signum)
        self.signum = signum
        self.result = result  # what was done before it came (a BuildResult), when known

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name


class interruptible:
    """`with interruptible() as signals:` SIGTERM and SIGINT raise `Interrupted` once, in the main
    thread, inside the block; `signals.signum` is the first that came (None if none did).

    After `signals.hold()`, a signal is recorded, not raised, so the writes that make dist/
    consistent again (the cache, the manifest) are never cut in half. Outside the main thread,
    signals are left alone.
    """

    def __init__(self):
        self.signum: int | None = None
        self.holding = False
        self._previous: dict = {}

    def __enter__(self) -> interruptible:
        if threading.current_thread() is threading.main_thread():
            self._previous = {signum: signal.signal(signum, self._handler) for signum in (signal.SIGTERM, signal.SIGINT)}
        return self

    def __exit__(self, *_exc) -> None:
        for signum, old in self._previous.items():
            signal.signal(signum, old)

    def hold(self) -> None:
        self.holding = True

    def _handler(self, signum, _frame) -> None:
        if self.signum is not None:
            return  # a second Ctrl-C while the first is being handled
        self.signum = signum
        if not self.holding:
            raise Interrupted(signum)
