"""A translator's preview: one locale's booklet, flyer and web edition, whatever its state.

Missing and fuzzy messages print in English, marked; every page says "Preview". Previews go to
dist/preview/<locale>/ and never into the manifest, the cache or the download page.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .build import localized_document, renderer_for
from .distfiles import artifact_name, temporary_folder, write_atomically
from .catalog import catalog_path
from .errors import DmvpubError, unexpected
from .model import Document
from .settings import Settings

PREVIEW_KINDS = ("booklet", "flyer", "web")


@dataclass
class PreviewResult:
    written: list[Path] = field(default_factory=list)
    failed: list[DmvpubError] = field(default_factory=list)
    partial: bool = False
    seconds: float = 0.0


def preview_folder(settings: Settings, code: str) -> Path:
    return settings.dist / "preview" / code


def build_preview(settings: Settings, document: Document, code: str) -> PreviewResult:
    """Render the preview; an artifact that fails (a flyer that cannot fit) does not stop the others."""
    from .render import pdf_bytes
    started = time.perf_counter()
    result = PreviewResult()
    doc = localized_document(settings, document, code, preview=True)
    result.partial = doc.partial
    renderer = renderer_for(settings)
    folder = preview_folder(settings, code)
    names = {kind: artifact_name(settings, code, kind).rsplit("/", 1)[1] for kind in PREVIEW_KINDS}
    makers: dict[str, Callable[[], bytes]] = {
        "booklet": lambda: pdf_bytes(renderer.booklet(doc)),
        "flyer": lambda: pdf_bytes(renderer.flyer(doc)),
        "web": lambda: renderer.web(doc, {kind: names[kind] for kind in ("booklet", "flyer")}),
    }
    settings.refuse_links_outside(settings.dist, f"{settings.relative(settings.dist)}/")
    with temporary_folder(settings.dist):  # WeasyPrint's font copies, removed at the end
        for kind, make in makers.items():
            try:
                data = make()
                write_atomically(folder / names[kind], data)
                result.written.append(folder / names[kind])
            except Exception as error:
                result.failed.append(unexpected(error))
    result.seconds = time.perf_counter() - started
    return result


def watched_files(settings: Settings, code: str) -> list[Path]:
    """What a preview is made from and a translator or editor saves: the catalog, the source, the templates."""
    files = [settings.source, *sorted(path for path in settings.templates.rglob("*") if path.is_file())]
    if code != settings.source_locale:
        files.insert(0, catalog_path(settings, code))
    return files


def changes(files: list[Path], interval: float = 0.2) -> Iterator[Path]:
    """Yields a file each time one of `files` is saved (its modification time or size changes)."""
    def stamp(path: Path):
        try:
            status = path.stat()
            return status.st_mtime_ns, status.st_size
        except OSError:
            return None
    seen = {path: stamp(path) for path in files}
    while True:
        time.sleep(interval)
        for path in files:
            now = stamp(path)
            if now != seen[path]:
                seen[path] = now
                yield path
