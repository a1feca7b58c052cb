"""`dmvpub release`: the locales ready to hand out, in a release folder of their own."""

from __future__ import annotations

from pathlib import Path

from ..core.settings import Settings
from ..pipeline.release import ReleaseResult, make_release
from .project import load_document, requested_locales


def release(settings: Settings, out: Path | None = None, codes: list[str] | None = None,
            jobs: int | None = None) -> ReleaseResult:
    """Only the locales ready to hand out (English reviewed; translation complete, reviewed, check-clean)
    into a release folder (release/ by default) with its manifest, download page and SHA256SUMS."""
    return make_release(settings, load_document(settings), out or settings.root / "release",
                        requested_locales(settings, codes) if codes else None, jobs)
