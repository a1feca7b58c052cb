"""What every command reads of the project: the English source with its sign-offs, and the
locales named on the command line."""

from __future__ import annotations

from dataclasses import replace

from ..core.errors import DmvpubError
from ..core.model import Document
from ..core.settings import Settings
from ..localize.document import LocalizedDocument
from ..pipeline.localized import localized_document
from ..po import catalog_path, locale_code, template_messages
from ..review import read_source_signoffs
from ..source.parse import read_document


def load_document(settings: Settings) -> Document:
    """The English source, with its sign-offs from source/reviews.yaml (dmvpub.review)."""
    document = read_document(settings.source, settings.relative(settings.source), settings.questions)
    return replace(document, source_signoffs=read_source_signoffs(settings))


def requested_locales(settings: Settings, codes: list[str]) -> list[str]:
    """Locale codes as typed on the command line, made canonical, each one the source or a catalog on disk;
    DmvpubError for a code with no catalog."""
    found = []
    for code in codes:
        canonical = locale_code(code)
        if canonical != settings.source_locale and not catalog_path(settings, canonical).is_file():
            raise DmvpubError(f"there is no catalog for {canonical!r} in {settings.relative(settings.locales)}/; "
                              f"start one with 'dmvpub init {canonical}'")
        found.append(canonical)
    return list(dict.fromkeys(found))


def localized(settings: Settings, code: str) -> LocalizedDocument:
    """One locale's document as it would be printed, or the error that stops it."""
    return localized_document(settings, load_document(settings), code)
