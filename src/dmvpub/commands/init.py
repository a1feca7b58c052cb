"""`dmvpub init`: a new language's catalog, and whether the pinned fonts can print it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.language import DIRECTION_HEADER, NAME_HEADER, SCRIPT_HEADER, describe
from ..core.settings import Settings
from ..fonts.faces import font_gap
from ..po import init_locale, locale_code


@dataclass(frozen=True)
class Initialized:
    path: str  # the catalog made, relative to the project
    warnings: list[str] = field(default_factory=list)  # what stops it from printing: no pinned font draws it


def init(settings: Settings, code: str, name: str | None = None, script: str | None = None,
         direction: str | None = None) -> Initialized:
    """Start a new language: its catalog, and a warning where no pinned font draws its script or
    some of its letters (fonts.faces.font_gap), saying how to add one. The catalog is made all the
    same: translating can start while a font is added.

    `name`, `script` and `direction` describe a language Babel has no data for, or rename one."""
    declared = {key: value for key, value in
                {NAME_HEADER: name, SCRIPT_HEADER: script, DIRECTION_HEADER: direction}.items() if value}
    path = settings.relative(init_locale(settings, code, declared))
    gap = font_gap(describe(locale_code(code), declared))
    return Initialized(path, [gap] if gap else [])
