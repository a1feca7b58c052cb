"""`dmvpub update`: the template merged into every locale's catalog."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import DmvpubError
from ..core.settings import Settings
from ..po import locale_codes, locale_directory_errors, template_path, update_locale


@dataclass(frozen=True)
class UpdateResult:
    changed: list[str]  # locale codes whose catalog was rewritten
    unchanged: list[str]
    failed: list[DmvpubError]  # one per catalog that could not be merged, and per misnamed locale folder


def update(settings: Settings) -> UpdateResult:
    """Merge the template into every locale's catalog; a broken catalog fails alone."""
    template_path(settings)  # a template linked out of the project stops every locale: said once
    result = UpdateResult([], [], locale_directory_errors(settings))
    for code in locale_codes(settings):
        try:
            (result.changed if update_locale(settings, code) else result.unchanged).append(code)
        except DmvpubError as error:
            result.failed.append(error)
    return result
