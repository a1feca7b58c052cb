"""A translator's preview: one locale's booklet, flyer and web edition, whatever its state.

Missing and fuzzy messages print in English, marked; every page says "Preview". Previews go to
`preview/<locale>/` in the project folder, beside `dist/` and never inside it: `dist/` is published
as it is, and a preview is never handed out. They are not in the manifest, the cache or the
download page.

Order (issue #25, the translator's loop): the web edition first (milliseconds of work, and what a
translator reads first), then the booklet in this process while the flyer lays out in a forked
child on the other core. Each file is reported as soon as it is written.

Watching (issue #24, item 17): `Watcher` takes its baseline of every watched file *before* the
first render, and compares file contents (a SHA-256 of the bytes), so a save made while a preview
renders, or just as watching starts, or one that keeps the size and the modification time, is
never missed.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import DmvpubError, unexpected
from ..core.model import Document
from ..core.settings import Settings
from ..po import catalog_path
from ..render.renderer import pdf_bytes
from .distfiles import artifact_name, temporary_folder, write_atomically
from .localized import localized_document
from .tasks import renderer_for

PREVIEW_KINDS = ("web", "booklet", "flyer")
PREVIEW_FOLDER = "preview"


@dataclass
class PreviewResult:
    written: list[Path] = field(default_factory=list)
    failed: list[DmvpubError] = field(default_factory=list)
    partial: bool = False
    seconds: float = 0.0


def preview_folder(settings: Settings, code: str) -> Path:
    """`<project>/preview/<locale>/`: outside `dist/`, so publishing `dist/` never publishes a preview."""
    return settings.root / PREVIEW_FOLDER / code


def _flyer_in_child(connection, flyer_pdf: Callable[[], bytes], path: Path) -> None:
    """Runs in a forked process: lay the flyer out (`flyer_pdf()`), write it, send back None or the
    error's text."""
    try:
        write_atomically(path, flyer_pdf())
        connection.send(None)
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent as one line
        found = unexpected(error) if isinstance(error, Exception) else DmvpubError("interrupted")
        connection.send((found.message, str(found.path) if found.path else None, found.line))
    finally:
        connection.close()


def build_preview(settings: Settings, document: Document, code: str,
                  report: Callable[[Path], None] | None = None) -> PreviewResult:
    """Render the preview into `preview_folder`; `report(path)` is called as each file is written.

    An artifact that fails (a flyer that cannot fit) does not stop the others; its error is in
    `failed`. The flyer is laid out in a forked process beside the booklet where `fork` exists."""
    started = time.perf_counter()
    result = PreviewResult()

    def written(path: Path) -> None:
        result.written.append(path)
        if report:
            report(path)

    doc = localized_document(settings, document, code, preview=True)
    result.partial = doc.partial
    renderer = renderer_for(settings)
    folder = preview_folder(settings, code)
    if not folder.resolve().is_relative_to(settings.root.resolve()):
        raise DmvpubError("the preview folder is a link to a place outside the project; remove it",
                          settings.root / PREVIEW_FOLDER)
    legacy = settings.dist / "preview"  # where dmvpub 0.1 wrote previews: inside what is published
    if legacy.is_dir() and not legacy.is_symlink():
        shutil.rmtree(legacy, ignore_errors=True)
    names = {kind: artifact_name(settings, code, kind).rsplit("/", 1)[1] for kind in PREVIEW_KINDS}
    settings.refuse_links_outside(settings.dist, f"{settings.relative(settings.dist)}/")
    with temporary_folder(settings.dist):  # WeasyPrint's font copies, removed at the end
        try:
            write_atomically(folder / names["web"],
                             renderer.web(doc, {kind: names[kind] for kind in ("booklet", "flyer")}))
            written(folder / names["web"])
        except Exception as error:
            result.failed.append(unexpected(error))

        flyer = folder / names["flyer"]

        def flyer_pdf() -> bytes:
            return pdf_bytes(renderer.flyer(doc).document)

        child = receiver = None
        if "fork" in multiprocessing.get_all_start_methods():
            receiver, sender = multiprocessing.get_context("fork").Pipe(duplex=False)
            child = multiprocessing.get_context("fork").Process(
                target=_flyer_in_child, args=(sender, flyer_pdf, flyer), daemon=True)
            child.start()
            sender.close()
        try:
            try:
                write_atomically(folder / names["booklet"], pdf_bytes(renderer.booklet(doc).document))
                written(folder / names["booklet"])
            except Exception as error:
                result.failed.append(unexpected(error))
            if child is None:
                try:
                    write_atomically(flyer, flyer_pdf())
                    written(flyer)
                except Exception as error:
                    result.failed.append(unexpected(error))
            else:
                try:
                    answer = receiver.recv()
                except EOFError:
                    answer = ("the flyer's process ended without a word", None, None)
                child.join()
                if answer is None:
                    written(flyer)
                else:
                    message, path, line = answer
                    result.failed.append(DmvpubError(message, Path(path) if path else None, line))
        finally:
            if child is not None and child.is_alive():
                child.terminate()
                child.join()
    result.seconds = time.perf_counter() - started
    return result


def watched_files(settings: Settings, code: str) -> list[Path]:
    """What a preview is made from and a translator or editor saves: the catalog, the source, the templates."""
    files = [settings.source, *sorted(path for path in settings.templates.rglob("*") if path.is_file())]
    if code != settings.source_locale:
        files.insert(0, catalog_path(settings, code))
    return files


def fingerprint(path: Path) -> str | None:
    """What a file holds now (SHA-256 of its bytes), or None where it cannot be read (being replaced)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class Watcher:
    """The watched files as they are when it is made; `saved()` names those changed since.

    Make it before the first render: a save during that render is then seen at the first look."""

    def __init__(self, files: list[Path]):
        self.files = list(files)
        self.seen = {path: fingerprint(path) for path in self.files}

    def saved(self) -> list[Path]:
        """The files whose contents differ from the last look, in watch order; each is reported once."""
        found = []
        for path in self.files:
            now = fingerprint(path)
            if now != self.seen[path]:
                self.seen[path] = now
                found.append(path)
        return found

    def changes(self, interval: float = 0.2) -> Iterator[Path]:
        """Yields a file each time one is saved, looking every `interval` seconds."""
        while True:
            for path in self.saved():
                yield path
            time.sleep(interval)


def changes(files: list[Path], interval: float = 0.2) -> Iterator[Path]:
    """Yields a file each time one of `files` is saved (its contents change).

    The baseline is taken now, at the call, not at the first `next()`."""
    return Watcher(files).changes(interval)
