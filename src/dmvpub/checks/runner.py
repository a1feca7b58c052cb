"""Translator QA: the checks Poedit, Weblate and pofilter users know, and dmvpub's own, on every catalog.

translate-toolkit's own checkers do the comparing with the English (numbers, URLs, end
punctuation and the rest); dmvpub adds what they cannot know: that brackets and quotes
close, that the pinned fonts can draw every character, and that the header names the
locale its folder says. Numbers, addresses and hidden characters are judged on what the
reader will see (shown.py, visible.py: issue #21), and every message is shaped with
HarfBuzz. A translator who keeps a difference on purpose marks the entry with the flag
`ignore-<check>` (as Weblate does), e.g. `#, ignore-endpunc`.

Every check is declared once, in the REGISTRY `setup()` fills by calling each family's
`register` (registry.py says how the steps are ordered and when a message goes no further);
`check_catalog` is one loop over the registered steps.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

import polib

from ..core.errors import DmvpubError
from ..core.language import Language, describe
from ..core.settings import Settings
from ..fonts.faces import locale_fonts
from ..po import catalog_path, locale_codes, locale_directory_errors, read_catalog, template_path
from . import align, brackets, fonts, header, markup, messages, reader, review, toolkit
from .finding import ERROR, CheckReport, Finding
from .registry import CATALOG, HEADER, IGNORE, MESSAGE, Catalog, Check, Message, Registry, Step

FAMILY = "runner"
CHECKS = (
    Check("syntax", ERROR, "the catalog cannot be read: a syntax error, a duplicate message, another "
                           "encoding than UTF-8", FAMILY, ignorable=False),
    Check("locale", ERROR, "a locale folder that names no locale, or a language no pinned font prints",
          FAMILY, ignorable=False),
)


def setup() -> Registry:
    """The registry of every check, filled by each family in turn (the order steps of equal
    priority run in); the project's own checks (`syntax`, `locale`) are said by `check_project`."""
    registry = Registry()
    registry.declare(*CHECKS)
    for family in (header, review, messages, markup, reader, toolkit, brackets, fonts, align):
        family.register(registry)
    return registry


REGISTRY = setup()


def check_project(settings: Settings, codes: list[str] | None = None) -> CheckReport:
    """Every locale's catalog (or those of `codes`), and the locale folders themselves."""
    findings = [_finding_from_error(settings, error, "locale")
                for error in locale_directory_errors(settings)] if codes is None else []
    codes = [code for code in codes or locale_codes(settings) if code != settings.source_locale]
    english = _template_keys(template_path(settings))
    for code in codes:
        try:
            path = catalog_path(settings, code)
            catalog = read_catalog(path)
        except DmvpubError as error:
            findings.append(_finding_from_error(settings, error, "syntax", code))
            continue
        try:
            findings.extend(check_catalog(catalog, code, settings.relative(path), english=english))
        except DmvpubError as error:  # such as a script with no fonts: this locale's finding, not the end
            findings.append(_finding_from_error(settings, DmvpubError(error.message, error.path or path,
                                                                      error.line), "locale", code))
    return CheckReport(findings, sorted({*codes, *(finding.locale for finding in findings)}))


def check_catalog(catalog: polib.POFile, code: str, shown_path: str, glyphs: bool = True,
                  english: set[tuple[str | None, str]] | None = None,
                  registry: Registry = REGISTRY) -> list[Finding]:
    """The findings for one catalog already read (polib's, with its `fpath` for line numbers), in
    the order found: the header's, each message's in file order, then the catalog's as a whole.

    `shown_path` is the path findings print; `glyphs=False` leaves the font check to the renderer.
    `english` is the template's (msgctxt, msgid) keys: an entry whose msgid is not among them is
    reported at its msgid line (a translation typed over the English, or a catalog not yet updated).
    Raises DmvpubError where the language has no pinned fonts (check_project: a `locale` finding)."""
    context = Catalog(catalog, code, _file_lines(catalog.fpath), registry, english)
    findings = _run(registry, registry.in_scope(HEADER), context, shown_path)
    faces = locale_fonts(code, catalog.metadata) if glyphs else ()
    language = _language(code, catalog.metadata)
    shaping = (faces or locale_fonts(code, catalog.metadata)) if language is not None else ()
    context = replace(context, language=language, faces=faces, shaping=shaping)
    steps = registry.in_scope(MESSAGE)
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        message = Message(entry, context)
        findings.extend(_run(registry, steps, message, shown_path, entry.flags, message.msgstr_line))
    findings.extend(_run(registry, registry.in_scope(CATALOG), context, shown_path))
    return findings


def _run(registry: Registry, steps: list[Step], subject: Catalog | Message, shown_path: str,
         flags: Iterable[str] = (), line: int | None = None) -> list[Finding]:
    """The findings of `steps` on one subject, in step order: a hit a flag `ignore-<check>`
    silences is left out (where the check, or that hit, may be silenced); a step's hits of a check
    the family it yields to found are dropped; a step whose `stops` holds ends the run. `line` is
    where a hit without its own line points."""
    code = (subject if isinstance(subject, Catalog) else subject.catalog).code
    flags = set(flags)
    findings = []
    found_by: dict[str, set[str]] = defaultdict(set)  # family -> the checks its steps found here
    for step in steps:
        hits = list(step.run(subject))
        if step.yields_to:
            hits = [hit for hit in hits if hit.check not in found_by[step.yields_to]]
        found_by[step.family].update(hit.check for hit in hits)
        for hit in hits:
            check = registry[hit.check]  # a KeyError here is a check no family declared
            ignorable = check.ignorable if hit.ignorable is None else hit.ignorable
            if not (ignorable and f"{IGNORE}{check.name}" in flags):
                findings.append(Finding(code, shown_path, hit.line or line, check.name,
                                        hit.severity or check.severity, hit.message))
        if step.stops is not None and step.stops(subject):
            break
    return findings


def catalog_errors(catalog: polib.POFile, code: str, path: Path, shown_path: str) -> DmvpubError | None:
    """The build's gate: the first error `dmvpub check` would report for this catalog, if any."""
    errors = [finding for finding in check_catalog(catalog, code, shown_path, glyphs=False)
              if finding.severity == ERROR]
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more; run 'dmvpub check')" if len(errors) > 1 else ""
    return DmvpubError(f"{first.check}: {first.message}{more}", path, first.line)


def _language(code: str, declared) -> Language | None:
    """The language as printed (None where the header does not say enough: the header check says why)."""
    try:
        return describe(code, declared)
    except DmvpubError:
        return None


def _template_keys(path: Path) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of every message of the template, or None while there is none to read."""
    try:
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}
    except (OSError, ValueError):
        return None


def _file_lines(path: str | None) -> list[str]:
    if not path:
        return []
    with open(path, encoding="utf-8", errors="replace") as file:
        return file.readlines()


def _finding_from_error(settings: Settings, error: DmvpubError, check: str, code: str | None = None) -> Finding:
    path = settings.relative(error.path) if error.path else ""
    locale = code or (error.path.name if error.path else "")
    return Finding(locale, path, error.line, REGISTRY[check].name, ERROR, error.message)
