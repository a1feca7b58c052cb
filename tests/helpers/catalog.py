"""Edits to a project's English source and to its catalogs, as a writer or a translator makes them."""

from __future__ import annotations

from typing import Callable, Iterable

import polib

from dmvpub.po import catalog_path


def edit(settings, code: str, msgctxt: str | None, msgid_start: str, change: Callable[[str], str],
         flags: Iterable[str] = ()) -> polib.POEntry:
    """Change one entry of a locale's catalog, found by its context and the start of its English:
    its msgstr becomes change(msgstr), `flags` are added. Raises StopIteration where none matches."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgctxt == msgctxt and e.msgid.startswith(msgid_start))
    entry.msgstr = change(entry.msgstr)
    entry.flags.extend(flags)
    catalog.save()
    return entry


def rewrite(settings, code: str, change: Callable[[polib.POEntry], None]) -> None:
    """Apply `change(entry)` to every translated entry of a locale's catalog, and save it."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    for entry in catalog.translated_entries():
        change(entry)
    catalog.save()


def edit_english(settings, old: str, new: str) -> None:
    """Replace `old`, which must stand exactly once in the English source, with `new`."""
    source = settings.source.read_text(encoding="utf-8")
    assert source.count(old) == 1
    settings.source.write_text(source.replace(old, new), encoding="utf-8")


def type_over_msgid(settings, code="es", msgctxt="purpose", start="What is"):
    """What a translator does in a text editor: the translation over the English, msgstr left empty."""
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = next(e for e in catalog if e.msgctxt == msgctxt and e.msgid.startswith(start))
    english, typed = entry.msgid, entry.msgstr
    entry.msgid, entry.msgstr = typed, ""
    catalog.save()
    return english, typed
