"""`dmvpub build`: every out-of-date artifact into dist/."""

from __future__ import annotations

from ..core.settings import Settings
from ..pipeline.build import BuildResult, build_locales
from .project import load_document, requested_locales


def build(settings: Settings, codes: list[str] | None = None, kinds: list[str] | None = None,
          jobs: int | None = None, force: bool = False, progress=None, keep_html: bool = False) -> BuildResult:
    """Every out-of-date artifact of every printable locale (or of `codes`) into dist/, with its manifest;
    `keep_html` rebuilds and leaves each PDF's HTML in dist/.html/ for printing with another engine.
    `progress(outcome)` hears of each artifact as it is built or found up to date."""
    return build_locales(settings, load_document(settings), requested_locales(settings, codes) if codes else None,
                         kinds, jobs, force, progress, keep_html)
