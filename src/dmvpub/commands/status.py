"""`dmvpub status`: how far each translation has come."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import DmvpubError
from ..core.settings import Settings
from ..localize.status import LocaleStatus, locale_status, source_status
from ..po import catalog_path, header_line, language_header, locale_codes, locale_directory_errors, read_catalog
from ..po import template_messages
from .project import load_document


@dataclass(frozen=True)
class StatusReport:
    rows: list[LocaleStatus]  # the source first, then each readable catalog in the order of its code
    failed: list[DmvpubError]  # catalogs that cannot be read, misnamed folders, a Language header naming another


def status(settings: Settings) -> StatusReport:
    """The source edition first, then every locale on disk."""
    document = load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    rows = [source_status(settings.source_locale, document, templates)]
    failed = locale_directory_errors(settings)
    for code in locale_codes(settings):
        try:
            path = catalog_path(settings, code)
            catalog = read_catalog(path)
            rows.append(locale_status(code, document, templates, catalog, settings.relative(path)))
        except DmvpubError as error:
            failed.append(error)
            continue
        problem = language_header(catalog, code)
        if problem and problem[0] == "error":  # as the build says: it stops the locale
            failed.append(DmvpubError(f"{problem[1]}; it is not built until it names {code}", path,
                                      header_line(path, "Language")))
    return StatusReport(rows, failed)
