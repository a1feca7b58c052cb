"""The commands, as library functions: each reads the project, does one thing, returns a result."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..pipeline.build import BuildResult, build_locales
from ..pipeline.localized import localized_document
from ..po import (catalog_path, extract_catalog, header_line, init_locale, language_header, locale_code, locale_codes,
                      locale_directory_errors, read_catalog, template_messages, template_path, update_locale,
                      write_template)
from ..core.errors import DmvpubError
from ..core.language import DIRECTION_HEADER, NAME_HEADER, SCRIPT_HEADER
from ..localize.document import LocalizedDocument
from ..core.model import Document
from ..core.settings import Settings
from ..source.parse import read_document
from ..localize.status import LocaleStatus, locale_status, source_status

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from ..pipeline.preview import PreviewResult
    from ..checks import CheckReport
    from ..pipeline.release import ReleaseResult
    from ..review import SignResult


def load_document(settings: Settings) -> Document:
    """The English source, with its sign-offs from source/reviews.yaml (dmvpub.review)."""
    from ..review import read_source_signoffs
    document = read_document(settings.source, settings.relative(settings.source), settings.questions)
    return replace(document, source_signoffs=read_source_signoffs(settings))


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
    from ..pipeline.release import make_release
    return make_release(settings, load_document(settings), out or settings.root / "release",
                        requested_locales(settings, codes) if codes else None, jobs)


def review(settings: Settings, code: str, by: str, questions: list[str] | None = None,
           on: date | None = None) -> SignResult:
    """Sign off, as `by` on `on` (today by default), what `code` now says, whole or `questions` only:
    each translated, non-fuzzy, check-clean message (for the source locale, each English message).
    Sign-offs go into the catalog (source/reviews.yaml for the English); see dmvpub.review."""
    from ..review import sign
    canonical = requested_locales(settings, [code])[0]
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    return sign(settings, load_document(settings), templates, canonical, by, on, questions)


def preview(settings: Settings, code: str, report: Callable[[Path], None] | None = None) -> PreviewResult:
    """One locale's web edition, booklet and flyer under preview/<locale>/, however far its translation
    is; `report(path)` hears of each file as it is written."""
    from ..pipeline.preview import build_preview
    return build_preview(settings, load_document(settings), requested_locales(settings, [code])[0], report)


def preview_changes(settings: Settings, code: str) -> Iterator[Path]:
    """Each saved file a preview of `code` is made from, as it is saved (for `preview --watch`).

    The files are fingerprinted at this call: call it before the first preview, so that a save made
    while that preview renders is yielded at once afterwards."""
    from ..pipeline.preview import changes, watched_files
    return changes(watched_files(settings, requested_locales(settings, [code])[0]))


def pseudo(settings: Settings) -> list[str]:
    """Write the pseudo-locales (en_XA long and accented, ar_XB right to left) from the template."""
    from ..po import write_pseudo
    return [settings.relative(path) for path in write_pseudo(settings)]


def check(settings: Settings, codes: list[str] | None = None) -> CheckReport:
    """Translator QA on every catalog (or on `codes`): one finding per problem, errors and warnings."""
    from ..checks import WARNING, CheckReport, Finding, check_project  # translate-toolkit loads only to check
    from ..review import source_review_findings
    requested = requested_locales(settings, codes) if codes else None
    report = check_project(settings, requested)
    if requested is not None and settings.source_locale not in requested:
        return report
    document = load_document(settings)  # the English's sign-offs: changed since review, a summary without any
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    english = [Finding(settings.source_locale, path, line, "review", WARNING, message)
               for path, line, message in source_review_findings(settings, document, templates)]
    if not english:
        return report
    return CheckReport([*english, *report.findings], [settings.source_locale, *report.locales])


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
