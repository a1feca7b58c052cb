"""A locale's document as print will set it, once it has passed the gates a build sets.

The gates: the catalog passes `dmvpub check` without an error, enough of it is translated
(settings.min_translated; any share for a preview), every character printed is in the locale's
pinned fonts, and no word is longer than print's line breaking takes (model.MAX_WORD_CHARS). A
locale that fails one fails here, with one `file:line: message`, before anything is laid out.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..core.errors import DmvpubError
from ..core.model import Document, long_word_problem
from ..core.settings import Settings
from ..fonts.faces import code_points, language_fonts, undrawable
from ..localize.document import LocalizedDocument, localize
from ..po import catalog_path, read_catalog, template_messages

_LOCALIZED: dict[tuple[str, bool], tuple[tuple, LocalizedDocument]] = {}  # (code, preview) -> (inputs, doc)


def localized_document(settings: Settings, document: Document, code: str, preview: bool = False
                       ) -> LocalizedDocument:
    """The locale's document as it will be printed: its catalog passes `dmvpub check` without an
    error, enough of it is translated (for a preview, any share), and every glyph is in its fonts.
    Raises DmvpubError (localize.document.IncompleteTranslation when too little is translated).

    Made once per process for the same inputs (settings, document, templates' strings, catalog's
    bytes): a locale's booklet, bilingual booklet and flyer are tasks of their own, a worker often
    gets two of one locale, and every bilingual booklet needs English (issue #25)."""
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    inputs = (settings, document, tuple(templates), _catalog_digest(settings, code))
    known = _LOCALIZED.get((code, preview))
    if known is not None and known[0] == inputs:
        return known[1]
    doc = _localized(settings, document, code, preview, templates)
    _LOCALIZED[code, preview] = (inputs, doc)
    return doc


def _catalog_digest(settings: Settings, code: str) -> str | None:
    if code == settings.source_locale:
        return None
    try:
        return hashlib.sha256(catalog_path(settings, code).read_bytes()).hexdigest()
    except OSError:
        return None  # reading it again says what is wrong


def _localized(settings: Settings, document: Document, code: str, preview: bool, templates) -> LocalizedDocument:
    if code == settings.source_locale:
        doc = localize(document, templates, code, None, preview=preview)
    else:
        # translate-toolkit's checks (some 0.1 s to import) load only when a catalog is localized,
        # not for the commands (status, a build with nothing to do) that never do
        from ..checks import catalog_errors
        path = catalog_path(settings, code)
        catalog = read_catalog(path)
        error = catalog_errors(catalog, code, path, settings.relative(path))
        if error is not None and not preview:  # a preview shows unfinished work, errors and all
            raise error
        doc = localize(document, templates, code, catalog, settings.relative(path),
                       min_translated=None if preview else settings.min_translated, preview=preview)
    check_glyphs(doc)
    check_words(doc)
    return doc


def check_glyphs(doc: LocalizedDocument) -> None:
    """Every character printed must be in the locale's pinned fonts, or the locale fails here."""
    faces = language_fonts(doc.edition.language)
    for text in doc.texts():
        missing = undrawable(text.text, faces)
        if missing:
            raise DmvpubError(f"no font for {doc.edition.locale} can draw {code_points(missing)} "
                              f"in {text.text[:50]!r}", Path(text.where.path), text.where.line)


def check_words(doc: LocalizedDocument) -> None:
    """Every word printed fits the limit of print's line breaking (core.model.long_word_problem, the
    same wording `check` gives as `long-word`), or the locale fails here."""
    for text in doc.texts():
        problem = long_word_problem(text.text, doc.edition.language.code)
        if problem:
            raise DmvpubError(problem, Path(text.where.path), text.where.line)
