"""The message template (locales/messages.pot): the source's and the templates' strings, in reading order.

Babel does the extracting (its Jinja2 extractor for the templates) and the writing; the file is
written through the PO store (store.write_catalog), and left untouched when only its creation date
or Babel's version would change.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from ..core.dates import invented_time
from ..core.errors import DmvpubError
from ..core.model import Document, document_messages
from .store import WIDTH, write_catalog

TEMPLATE_METHODS = [("**.html", "jinja2.ext:babel_extract")]
TEMPLATE_OPTIONS = {"**.html": {"trimmed": "true"}}
COMMENT_TAGS = ("Translators:",)


@dataclass(frozen=True)
class TemplateMessage:
    """A string of the page templates: its English, where it is (`path` as shown, templates/…; `line`
    from 1) and the `Translators:` comments above it."""

    msgid: str
    path: str
    line: int
    comments: tuple[str, ...]


def template_messages(templates: Path, shown_as: str) -> list[TemplateMessage]:
    """The templates' own strings, found by Babel's Jinja2 extractor.

    Extracting takes a tenth of a second and every localized document needs it (a cold build
    localizes some sixty times), so the result is kept per process for the templates' exact bytes.
    """
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(templates).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return list(_template_messages(templates, shown_as, digest.hexdigest()))


@functools.lru_cache(maxsize=4)
def _template_messages(templates: Path, shown_as: str, _contents: str) -> tuple[TemplateMessage, ...]:
    found = []
    for filename, line, message, comments, _context in extract_from_dir(
            templates, method_map=TEMPLATE_METHODS, options_map=TEMPLATE_OPTIONS,
            comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        if not isinstance(message, str):
            raise DmvpubError("plural strings are not supported in templates", templates / filename, line)
        found.append(TemplateMessage(message, f"{shown_as}/{Path(filename).as_posix()}", line, tuple(comments)))
    return tuple(found)


def extract_catalog(document: Document, templates: list[TemplateMessage]) -> Catalog:
    """The message template: the document's text in reading order, then the templates' strings."""
    catalog = Catalog(project="Missouri DMV and ICE booklet", version=document.current_as_of.isoformat(),
                      header_comment=_TEMPLATE_HEADER, fuzzy=False)
    for message in document_messages(document):
        added = catalog.add(message.msgid, locations=[(message.path, message.line)],
                            auto_comments=message.comments, context=message.context)
        added.flags.discard("python-format")  # prose, not a format string, whatever '%' it holds
    for message in templates:
        catalog.add(message.msgid, locations=[(message.path, message.line)], auto_comments=message.comments)
    return catalog


def write_template(catalog: Catalog, path: Path) -> bool:
    """Write the .pot; keep the file untouched when only its creation date or Babel's version would change."""
    if path.exists():
        with path.open("rb") as old:
            catalog.creation_date = read_po(old).creation_date
        if _without_generator(_render_po(catalog)) == _without_generator(path.read_bytes()):
            return False
    catalog.creation_date = timestamp()
    write_catalog(path, _render_po(catalog))
    return True


def _without_generator(po: bytes) -> bytes:
    """A template's bytes minus the Generated-By header, so upgrading Babel alone churns no file."""
    return re.sub(rb'^"Generated-By: [^"]*"\n', b"", po, flags=re.M)


def _render_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=False)
    return buffer.getvalue()


def timestamp() -> datetime:
    """The time to stamp a changed template (or a new catalog) with, in UTC: a time stamp no input
    states (core.dates.invented_time: SOURCE_DATE_EPOCH when set, else now to the minute)."""
    return invented_time()


_TEMPLATE_HEADER = """\
# Message template for the Missouri DMV and ICE booklet.
# Made by 'dmvpub extract' from source/ and templates/; do not edit by hand.
#"""
