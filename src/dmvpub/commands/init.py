"""`dmvpub init`: a new language's catalog."""

from __future__ import annotations

from ..core.language import DIRECTION_HEADER, NAME_HEADER, SCRIPT_HEADER
from ..core.settings import Settings
from ..po import init_locale


def init(settings: Settings, code: str, name: str | None = None, script: str | None = None,
         direction: str | None = None) -> str:
    """Start a new language; returns the catalog's path relative to the project.

    `name`, `script` and `direction` describe a language Babel has no data for, or rename one."""
    declared = {NAME_HEADER: name, SCRIPT_HEADER: script, DIRECTION_HEADER: direction}
    return settings.relative(init_locale(settings, code, {key: value for key, value in declared.items() if value}))
