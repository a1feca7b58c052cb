"""`dmvpub update`: the template merged into every locale's catalog."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.errors import DmvpubError
from ..core.settings import Settings
from ..po import (TypedOver, catalog_bytes, catalog_path, locale_codes, locale_directory_errors, template_path,
                  english_in, typed_over, update_locale)


@dataclass(frozen=True)
class UpdateResult:
    changed: list[str]  # locale codes whose catalog was rewritten
    unchanged: list[str]
    failed: list[DmvpubError]  # one per catalog that could not be merged, and per misnamed locale folder
    typed_over: list[TypedOver] = field(default_factory=list)  # translations typed over the English, kept as #~


def update(settings: Settings) -> UpdateResult:
    """Merge the template into every locale's catalog; a broken catalog fails alone. A translation
    typed over an English msgid, which the merge keeps as an obsolete entry, is named at its new
    line (po.typedover)."""
    template_path(settings)  # a template linked out of the project stops every locale: said once
    result = UpdateResult([], [], locale_directory_errors(settings))
    before = {}
    for code in locale_codes(settings):
        try:
            before[code] = catalog_bytes(catalog_path(settings, code))
        except DmvpubError:
            pass  # said by update_locale, below
    for code in locale_codes(settings):
        path = catalog_path(settings, code)
        try:
            if update_locale(settings, code):
                result.changed.append(code)
                if code in before:
                    others = english_in([data for other, data in before.items() if other != code])
                    result.typed_over.extend(typed_over(before[code], catalog_bytes(path), settings.relative(path),
                                                        others))
            else:
                result.unchanged.append(code)
        except DmvpubError as error:
            result.failed.append(error)
    return result
