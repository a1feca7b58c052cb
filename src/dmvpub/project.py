"""The commands, as library functions: each reads the project, does one thing, returns a result."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .build import BuildResult, build_locales, localized_document
from .catalog import (catalog_path, extract_catalog, init_locale, locale_code, locale_codes, locale_directory_errors,
                      read_catalog, template_messages, template_path, update_locale, write_template)
from .errors import DmvpubError
from .language import DIRECTION_HEADER, NAME_HEADER, SCRIPT_HEADER
from .localize import LocalizedDocument
from .model import Document
from .settings import Settings
from .source import read_document
from .status import LocaleStatus, locale_status, source_status

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .preview import PreviewResult
    from .qa import CheckReport
    from .release import ReleaseResult


def load_document(settings: Settings) -> Document:
    return read_document(settings.source, settings.relative(settings.source), settings.questions)


def extract(settings: Settings) -> bool:
    """Write locales/messages.pot from the source and templates; True when it changed."""
    document = load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    return write_template(extract_catalog(document, templates), template_path(settings))


@dataclass(frozen=True)
class UpdateResult:
    changed: list[str]
    unchanged: list[str]
    failed: list[DmvpubError]


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


def init(settings: Settings, code: str, name: str | None = None, script: str | None = None,
         direction: str | None = None) -> str:
    """Start a new language; returns the catalog's path relative to the project.

    `name`, `script` and `direction` describe a language Babel has no data for, or rename one."""
    declared = {NAME_HEADER: name, SCRIPT_HEADER: script, DIRECTION_HEADER: direction}
    return settings.relative(init_locale(settings, code, {key: value for key, value in declared.items() if value}))


@dataclass(frozen=True)
class StatusReport:
    rows: list[LocaleStatus]
    failed: list[DmvpubError]


def status(settings: Settings) -> StatusReport:
    """The source edition first, then every locale on disk."""
    document = load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    rows = [source_status(settings.source_locale, document, templates)]
    failed = locale_directory_errors(settings)
    for code in locale_codes(settings):
        try:
            rows.append(locale_status(code, document, templates, read_catalog(catalog_path(settings, code))))
        except DmvpubError as error:
            failed.append(error)
    return StatusReport(rows, failed)


def build(settings: Settings, codes: list[str] | None = None, kinds: list[str] | None = None,
          jobs: int | None = None, force: bool = False, progress=None, keep_html: bool = False) -> BuildResult:
    """Every out-of-date artifact of every printable locale (or of `codes`) into dist/, with its manifest;
    `keep_html` rebuilds and leaves each PDF's HTML in dist/.html/ for printing with another engine."""
    return build_locales(settings, load_document(settings), requested_locales(settings, codes) if codes else None,
                         kinds, jobs, force, progress, keep_html)


def release(settings: Settings, out: Path | None = None, codes: list[str] | None = None,
            jobs: int | None = None) -> ReleaseResult:
    """Only the locales ready to hand out (English reviewed; translation complete, reviewed, check-clean)
    into a release folder (release/ by default) with its manifest, download page and SHA256SUMS."""
    from .release import make_release
    return make_release(settings, load_document(settings), out or settings.root / "release",
                        requested_locales(settings, codes) if codes else None, jobs)


def preview(settings: Settings, code: str) -> PreviewResult:
    """One locale's booklet, flyer and web edition under dist/preview/, however far its translation is."""
    from .preview import build_preview
    return build_preview(settings, load_document(settings), requested_locales(settings, [code])[0])


def preview_changes(settings: Settings, code: str) -> Iterator[Path]:
    """Each saved file a preview of `code` is made from, as it is saved (for `preview --watch`)."""
    from .preview import changes, watched_files
    return changes(watched_files(settings, requested_locales(settings, [code])[0]))


def pseudo(settings: Settings) -> list[str]:
    """Write the pseudo-locales (en_XA long and accented, ar_XB right to left) from the template."""
    from .pseudo import write_pseudo
    return [settings.relative(path) for path in write_pseudo(settings)]


def check(settings: Settings, codes: list[str] | None = None) -> CheckReport:
    """Translator QA on every catalog (or on `codes`): one finding per problem, errors and warnings."""
    from .qa import check_project  # translate-toolkit loads only for the commands that check
    return check_project(settings, requested_locales(settings, codes) if codes else None)


def requested_locales(settings: Settings, codes: list[str]) -> list[str]:
    """Locale codes as typed on the command line, made canonical, each one the source or a catalog on disk."""
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
