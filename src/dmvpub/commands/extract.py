"""`dmvpub extract`: the message template, locales/messages.pot, from the source and the templates."""

from __future__ import annotations

from ..core.settings import Settings
from ..po import extract_catalog, template_messages, template_path, write_template
from .project import load_document


def extract(settings: Settings) -> bool:
    """Write locales/messages.pot from the source and templates; True when it changed."""
    document = load_document(settings)
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    return write_template(extract_catalog(document, templates), template_path(settings))
