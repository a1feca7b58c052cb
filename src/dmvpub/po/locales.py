"""Locales on disk: their codes, their folders under locales/, where each catalog is, and what its
header says about its language.

A locale's catalog is locales/<code>/LC_MESSAGES/messages.po, its code canonical as Babel writes it
(zh_Hans, not zh-Hans); the template is locales/messages.pot.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from ..core.errors import DmvpubError
from ..core.language import header_language, is_locale_code
from ..core.settings import Settings


def locale_code(code: str) -> str:
    """The canonical form of a locale code (zh-Hans -> zh_Hans), or a clear error.

    A well-formed code Babel has no data for (S'gaw Karen, ksw) is kept as it is: its catalog
    describes the language in its header instead. CLDR's `root` (the data every locale inherits)
    names no language, so it is no locale code here.
    """
    try:
        if isinstance(code, str) and code.lower() == "root":
            raise ValueError(code)
        return str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        if isinstance(code, str) and is_locale_code(code.replace("-", "_")):
            return code.replace("-", "_")
        raise DmvpubError(f"'{code}' is not a locale code (examples: es, vi, ar, zh_Hans, bs, so, ksw)") from None


def catalog_path(settings: Settings, code: str) -> Path:
    """Where a locale's catalog lives; an error if a link there leads out of the project."""
    return settings.inside(settings.locales / code / "LC_MESSAGES" / "messages.po", f"the catalog of {code}")


def template_path(settings: Settings) -> Path:
    """locales/messages.pot; an error if a link there leads out of the project (issue 24, item 12)."""
    return settings.inside(settings.locales / "messages.pot", "the message template")


def locale_codes(settings: Settings) -> list[str]:
    """Locales that have a catalog on disk under a valid locale folder, sorted.

    A folder whose name is not a locale code is left out here and reported by
    `locale_directory_errors`, so one misnamed folder never stops the other languages.
    """
    return sorted(path.parent.parent.name for path in settings.locales.glob("*/LC_MESSAGES/messages.po")
                  if _valid_folder(path.parent.parent.name) and path.resolve().is_relative_to(settings.root)
                  and path.parent.parent.name != settings.source_locale)


def locale_directory_errors(settings: Settings) -> list[DmvpubError]:
    """Folders under locales/ that hold a catalog but are not named by a canonical locale code."""
    errors = []
    for path in sorted(settings.locales.glob("*/LC_MESSAGES/messages.po")):
        folder = path.parent.parent
        if not path.resolve().is_relative_to(settings.root):
            errors.append(DmvpubError("this catalog is a link to a file outside the project folder; dmvpub "
                                      "reads only files inside it: copy the file here instead", path))
            continue
        if folder.name == settings.source_locale:
            errors.append(DmvpubError(f"'{folder.name}' is the source language: its text is {settings.relative(settings.source)}, "
                                      "not a catalog; this catalog is not used (delete the folder)", folder))
            continue
        if _valid_folder(folder.name):
            continue
        try:
            hint = f"rename the folder to {locale_code(folder.name)}"
        except DmvpubError:
            hint = "rename the folder to a locale code Babel knows (examples: es, vi, ar, zh_Hans, bs, so)"
        errors.append(DmvpubError(f"'{folder.name}' is not a locale code; {hint}", folder))
    return errors


def _valid_folder(name: str) -> bool:
    try:
        return locale_code(name) == name
    except DmvpubError:
        return False



def plural_forms(code: str) -> str:
    """CLDR's plural rule for the locale, through Babel; gettext's default where Babel has no data."""
    try:
        return get_plural(code).plural_forms
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"



def language_header(catalog: polib.POFile, code: str) -> tuple[str, str] | None:
    """("error" or "warning", why) when a catalog's Language header does not name its folder's
    locale `code`: another form or region of the same language is a warning (the folder decides),
    another language or none an error, which stops the locale in `check`, `build` and `status` alike."""
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        return "error", f"the Language header is missing; it should say {code}"
    relation = header_language(language, code)
    if relation == "variant":
        return "warning", (f"the header says Language: {language}, another form of this folder's {code}; "
                           f"it is printed as {code} (write Language: {code} to say so)")
    if relation == "other":
        return "error", f"the header says Language: {language}, but this is the {code} folder"
    return None



def declared_language(data: bytes) -> dict[str, str]:
    """The X-Language-* fields of a catalog's header, read from its bytes without parsing the file."""
    return {match[1].decode(): match[2].decode("utf-8", "replace") for match in
            re.finditer(rb'^"(X-Language-[A-Za-z]+): *([^"\\]*)\\n"$', data[:8192], re.M)}



def require_template(settings: Settings) -> Path:
    """The template's path, or a DmvpubError when there is none yet (`dmvpub extract` writes it)."""
    pot = template_path(settings)
    if not pot.exists():
        raise DmvpubError("no message template yet; run 'dmvpub extract' first", pot)
    return pot

