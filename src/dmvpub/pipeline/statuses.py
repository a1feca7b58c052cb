"""Each locale's status (coverage, review) and language, read and counted once per command.

A build shows each locale's status on the download page and warns of the locales it printed
partly in English; a release gates locales on it and lists them on its own page. All of them read
one `LocaleStatuses`, which reads a locale's catalog and counts it (localize.status) at the first
question and keeps the answer for the rest of the command: one count per locale, not one per use.
"""

from __future__ import annotations

from dataclasses import dataclass

import polib

from ..core.errors import DmvpubError
from ..core.language import Language, describe
from ..core.model import Document
from ..core.settings import Settings
from ..localize.status import LocaleStatus, locale_status, source_status
from ..po import TemplateMessage, catalog_path, read_catalog, template_messages


@dataclass(frozen=True)
class Standing:
    """A locale's catalog, status and language, or why they cannot be known.

    `catalog` is None when it cannot be read (and for the source locale); `status` is None when
    it cannot be read or counted; `language` is None when either, or the language its header
    declares, cannot be known; `error` says why (the first that failed).
    """

    catalog: polib.POFile | None
    status: LocaleStatus | None
    language: Language | None
    error: DmvpubError | None = None


class LocaleStatuses:
    """`statuses[code]`: the Standing of the source locale or of a catalog on disk, computed at the
    first ask and kept (the catalog is read once, its messages counted once).

    The source's status comes from the document and its sign-offs; a translation's from its
    catalog, counted against the current English (localize.status.locale_status). Errors other
    than DmvpubError (a bug, a disk that fails) propagate and are not kept."""

    def __init__(self, settings: Settings, document: Document):
        self.settings = settings
        self.document = document
        self._known: dict[str, Standing] = {}
        self._templates: list[TemplateMessage] | None = None

    def __getitem__(self, code: str) -> Standing:
        if code not in self._known:
            self._known[code] = self._standing(code)
        return self._known[code]

    def templates(self) -> list[TemplateMessage]:
        """The templates' own strings, which every status counts."""
        if self._templates is None:
            settings = self.settings
            self._templates = template_messages(settings.templates, settings.relative(settings.templates))
        return self._templates

    def _standing(self, code: str) -> Standing:
        settings, document = self.settings, self.document
        if code == settings.source_locale:
            return Standing(None, source_status(code, document, self.templates()), describe(code))
        try:
            path = catalog_path(settings, code)
            catalog = read_catalog(path)
        except DmvpubError as error:
            return Standing(None, None, None, error)
        try:
            status = locale_status(code, document, self.templates(), catalog, settings.relative(path))
        except DmvpubError as error:
            return Standing(catalog, None, None, error)
        try:
            return Standing(catalog, status, describe(code, catalog.metadata))
        except DmvpubError as error:
            return Standing(catalog, status, None, error)


def printed_partly(statuses: LocaleStatuses, codes: list[str]) -> list[tuple[str, str]]:
    """(locale, why) for each of `codes` that prints some messages in English (untranslated or
    fuzzy), in the order of `codes`; the source locale and unreadable catalogs are not among them."""
    found = []
    for code in codes:
        if code == statuses.settings.source_locale:
            continue
        row = statuses[code].status
        if row is not None and (row.fuzzy or row.untranslated):
            found.append((code, f"{row.questions_covered} of {row.questions_total} questions translated; "
                                f"{row.untranslated} untranslated and {row.fuzzy} fuzzy message(s) printed in "
                                "English, marked"))
    return found
