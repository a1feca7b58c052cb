"""`dmvpub preview`: one locale's booklet, flyer and web edition for its translator, however far it is."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ..core.settings import Settings
from ..pipeline.preview import PreviewResult, build_preview, changes, watched_files
from .project import load_document, requested_locales


def preview(settings: Settings, code: str, report: Callable[[Path], None] | None = None) -> PreviewResult:
    """One locale's web edition, booklet and flyer under preview/<locale>/, however far its translation
    is; `report(path)` hears of each file as it is written."""
    return build_preview(settings, load_document(settings), requested_locales(settings, [code])[0], report)


def preview_changes(settings: Settings, code: str) -> Iterator[Path]:
    """Each saved file a preview of `code` is made from, as it is saved (for `preview --watch`).

    The files are fingerprinted at this call: call it before the first preview, so that a save made
    while that preview renders is yielded at once afterwards."""
    return changes(watched_files(settings, requested_locales(settings, [code])[0]))
