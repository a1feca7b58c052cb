"""`dmvpub check`: translator QA on every catalog, and the English's sign-offs."""

from __future__ import annotations

from ..checks import WARNING, CheckReport, Finding, check_project
from ..core.settings import Settings
from ..po import template_messages
from ..checks.review import source_review_findings
from .project import load_document, requested_locales


def check(settings: Settings, codes: list[str] | None = None) -> CheckReport:
    """Translator QA on every catalog (or on `codes`): one finding per problem, errors and warnings."""
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
