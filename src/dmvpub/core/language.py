"""What dmvpub needs to know about a language: its own name, script, direction and digits.

CLDR (through Babel) knows most languages. A catalog may declare what Babel does not know in
its header (S'gaw Karen, `ksw`), and a few names are set here where CLDR's is not the name
readers call their language by.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global

from .errors import DmvpubError

# Header fields a catalog may use to describe a language Babel has no data for (or to rename one).
NAME_HEADER, SCRIPT_HEADER, DIRECTION_HEADER = "X-Language-Name", "X-Language-Script", "X-Language-Direction"
# CLDR names fa_AF "فارسی (افغانستان)"; its readers call their language Dari, دری.
OWN_NAMES = {"fa_AF": "دری"}
# CLDR numbering systems -> the zero of their decimal digits, and the CSS counter style that writes them.
ZEROS = {"latn": "0", "arab": "\u0660", "arabext": "\u06f0", "deva": "\u0966", "beng": "\u09e6",
         "mymr": "\u1040", "khmr": "\u17e0", "thai": "\u0e50", "laoo": "\u0ed0", "tibt": "\u0f20",
         "guru": "\u0a66", "gujr": "\u0ae6", "orya": "\u0b66", "taml": "\u0be6", "telu": "\u0c66",
         "knda": "\u0ce6", "mlym": "\u0d66"}
COUNTER_STYLES = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "deva": "devanagari",
                  "beng": "bengali", "mymr": "myanmar", "khmr": "khmer", "thai": "thai", "laoo": "lao",
                  "tibt": "tibetan", "guru": "gurmukhi", "gujr": "gujarati", "orya": "oriya", "taml": "tamil",
                  "telu": "telugu", "knda": "kannada", "mlym": "malayalam"}
_CODE = re.compile(r"^[a-z]{2,3}(?:_[A-Z][a-z]{3})?(?:_(?:[A-Z]{2}|\d{3}))?$")
_SCRIPT = re.compile(r"^[A-Z][a-z]{3}$")


@dataclass(frozen=True)
class Language:
    code: str  # as the locale folder is named: es, zh_Hans, fa_AF, ksw
    name: str  # in its own script: "Español", "دری"
    script: str  # ISO 15924: Latn, Arab, Mymr ...
    direction: str  # "ltr" or "rtl"
    numbering: str = "latn"  # CLDR's default numbering system
    cldr: bool = True  # whether Babel has data for it (dates, plural rules, names)

    @property
    def tag(self) -> str:
        """BCP 47, for <html lang> and the PDF's /Lang."""
        return self.code.replace("_", "-")

    @property
    def counter_style(self) -> str:
        return COUNTER_STYLES.get(self.numbering, "decimal")

    def digits(self, text: str) -> str:
        """`text` with its ASCII digits written in the language's own digits."""
        zero = ord(ZEROS.get(self.numbering, "0"))
        return text.translate({ord("0") + i: zero + i for i in range(10)}) if zero != ord("0") else text


def is_locale_code(code: str) -> bool:
    """Whether `code` has the form of a locale code (language, optional Script, optional REGION)."""
    return bool(_CODE.match(code))


def describe(code: str, declared: Mapping[str, str] | None = None) -> Language:
    """The language of locale `code`, from CLDR, with what the catalog header `declared` adds.

    For a language CLDR knows, a header that contradicts it is not honoured (see
    `header_conflicts`): a Spanish catalog cannot print a right-to-left booklet titled "English"."""
    declared = {key: value.strip() for key, value in (declared or {}).items() if value and value.strip()}
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is not None and any(key in declared for key in (NAME_HEADER, SCRIPT_HEADER, DIRECTION_HEADER)):
        refused = {conflict.header for conflict in header_conflicts(code, declared) if not conflict.honoured}
        declared = {key: value for key, value in declared.items() if key not in refused}
    if locale is None:
        missing = [key for key in (NAME_HEADER, SCRIPT_HEADER, DIRECTION_HEADER) if key not in declared]
        if missing:
            raise DmvpubError(f"Babel has no data for {code!r}: declare the language in the catalog's header "
                              f"with {', '.join(missing)} (e.g. \"X-Language-Name: ကညီကျိာ်\\n\", "
                              "\"X-Language-Script: Mymr\\n\", \"X-Language-Direction: ltr\\n\")")
    script = _checked_script(declared.get(SCRIPT_HEADER) or _script(locale))
    direction = declared.get(DIRECTION_HEADER) or locale.text_direction
    if direction not in ("ltr", "rtl"):
        raise DmvpubError(f"{DIRECTION_HEADER} must be ltr or rtl, not {direction!r}")
    name = declared.get(NAME_HEADER) or OWN_NAMES.get(code) or (locale.display_name if locale else code)
    numbering = (getattr(locale, "default_numbering_system", "latn") if locale else "latn") or "latn"
    return Language(code, name[:1].upper() + name[1:], script, direction, numbering, locale is not None)


def header_language(declared: str, code: str) -> str:
    """How a catalog's `Language` header relates to the locale `code` of its folder (issue 24):

    "same"    -- that locale, however written (zh-Hans, zh_Hans);
    "variant" -- the same language and script in another form or region: zh_CN in zh_Hans/ (as
                 Crowdin writes it), es-ES or es_419 in es/; the folder decides, the text is right;
    "other"   -- another language or script: hr in bs/, zh_TW (Traditional) in zh_Hans/, or no code.
    Scripts are compared as CLDR's likely subtags fill them in (zh_CN is zh_Hans_CN)."""
    written = declared.strip().replace("-", "_")
    theirs, ours = _parsed(written), _parsed(code)
    if theirs is not None and ours is not None:
        if str(theirs) == str(ours):
            return "same"
        same_script = _likely_script(theirs) == _likely_script(ours)
        return "variant" if theirs.language == ours.language and same_script else "other"
    if written.lower() == code.lower():  # a language Babel has no data for (ksw): compare as written
        return "same"
    if is_locale_code(written) and written.split("_")[0] == code.split("_")[0]:
        return "variant"
    return "other"


def _parsed(code: str) -> Locale | None:
    try:
        return Locale.parse(code) if code and code.lower() != "root" else None
    except (UnknownLocaleError, ValueError, TypeError):
        return None


def _likely_script(locale: Locale) -> str:
    """A locale's script, with its region taken into account (sr_ME is Latn, zh_TW Hant)."""
    if locale.script:
        return locale.script
    if locale.territory:
        likely = get_global("likely_subtags").get(f"{locale.language}_{locale.territory}", "").split("_")
        if len(likely) > 2:
            return likely[1]
    return _script(locale)


def locale_script(code: str, declared: Mapping[str, str] | None = None) -> str:
    """The script of locale `code` alone, as `describe` finds it, without loading CLDR's data for
    the locale (its direction and name): all a cache key needs to pick the locale's fonts."""
    script = (declared or {}).get(SCRIPT_HEADER, "").strip()
    if not script:
        try:
            script = _script(Locale.parse(code))
        except (UnknownLocaleError, ValueError):
            raise DmvpubError(f"Babel has no data for {code!r}: declare the language in the catalog's header "
                              f"with {SCRIPT_HEADER}") from None
    return _checked_script(script)


def _checked_script(script: str) -> str:
    if not _SCRIPT.match(script):
        raise DmvpubError(f"{SCRIPT_HEADER} must be an ISO 15924 script code such as Latn, Arab or Mymr, "
                          f"not {script!r}")
    return script


def _script(locale: Locale) -> str:
    """A locale's script: its own script subtag, else CLDR's likely one."""
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


@dataclass(frozen=True)
class HeaderConflict:
    """A catalog header that describes the language otherwise than CLDR does (issue #21)."""

    header: str  # X-Language-Name, -Script or -Direction
    severity: str  # "error" or "warning"
    message: str
    honoured: bool  # whether `describe` uses the header all the same


# Scripts of a script code's letters where they differ from it (ISO 15924 compounds).
_SCRIPT_LETTERS = {"Hans": {"Hani"}, "Hant": {"Hani"}, "Kore": {"Hang", "Hani"}, "Jpan": {"Hira", "Kana", "Hani"}}


def header_conflicts(code: str, declared: Mapping[str, str] | None) -> list[HeaderConflict]:
    """Where a catalog's X-Language-* headers contradict what CLDR (through Babel) says of `code`.

    For a code Babel knows, a direction or script other than CLDR's is an error and is not
    honoured; so is a name in another script, or one that names another language. A different
    name in the language's own script (a spelling its readers prefer) is a warning, and honoured.
    For a code Babel does not know, the headers describe the language, but not as another one:
    a name that is another language's is an error."""
    declared = {key: value.strip() for key, value in (declared or {}).items() if value and value.strip()}
    name, script, direction = (declared.get(key) for key in (NAME_HEADER, SCRIPT_HEADER, DIRECTION_HEADER))
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is None:
        other = _other_language(name, code) if name else None
        return [HeaderConflict(NAME_HEADER, "error", f"{NAME_HEADER}: {name} is the name of another language "
                                                     f"({other}); name the language of {code}", True)] if other else []
    conflicts = []
    english = Locale("en").languages.get(locale.language, code)
    if direction and direction != locale.text_direction:
        conflicts.append(HeaderConflict(DIRECTION_HEADER, "error",
                                        f"{DIRECTION_HEADER}: {direction} contradicts CLDR, where {english} ({code}) "
                                        f"is written {locale.text_direction}; delete this header", False))
    own_script = _script(locale)
    if script and script != own_script:
        conflicts.append(HeaderConflict(SCRIPT_HEADER, "error",
                                        f"{SCRIPT_HEADER}: {script} contradicts CLDR, where {english} ({code}) is "
                                        f"written in {own_script}; delete this header (or name the script in "
                                        f"the locale code, such as {locale.language}_{script})", False))
    cldr_name = OWN_NAMES.get(code) or locale.display_name or code
    if name and name.casefold() != cldr_name.casefold():
        other = _other_language(name, locale.language)
        scripts = {_char_script(char) for char in name} - {"Zyyy", "Zinh", "Zzzz"}
        if other:
            conflicts.append(HeaderConflict(NAME_HEADER, "error", f"{NAME_HEADER}: {name} is the name of another "
                                                                  f"language ({other}), not of {english} ({code}); "
                                                                  "delete this header", False))
        elif not scripts or not scripts <= _SCRIPT_LETTERS.get(own_script, {own_script}):
            conflicts.append(HeaderConflict(NAME_HEADER, "error", f"{NAME_HEADER}: {name} is not written in "
                                                                  f"{english}'s own script ({own_script}); CLDR "
                                                                  f"names it {cldr_name}; delete this header", False))
        else:
            conflicts.append(HeaderConflict(NAME_HEADER, "warning", f"{NAME_HEADER} renames {english} ({code}) "
                                                                    f"{name!r}, where CLDR names it {cldr_name!r}",
                                            True))
    return conflicts


def _char_script(char: str) -> str:
    import icu  # ICU (pyicu-wheels) knows each character's script

    return icu.Script.getScript(ord(char)).getShortName()


def _other_language(name: str, language: str) -> str | None:
    """The code of a language other than `language` that `name` is a name of (in English, in
    `language` itself, or in its own language, as CLDR writes them through ICU), if any."""
    key = _name_key(name)
    return next((code for code in _language_names(language).get(key, ()) if code != language), None)


def _name_key(name: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", name).strip().casefold()


@functools.cache
def _language_names(language: str) -> dict[str, tuple[str, ...]]:
    """Names of languages -> the codes they name: English names, names in `language`, and each
    language's own name (its autonym)."""
    import icu

    names: dict[str, list[str]] = {}
    english, own = icu.Locale("en"), icu.Locale(language)
    available = (str(locale.getLanguage()) for locale in icu.Locale.getAvailableLocales().values())
    for code in {*icu.Locale.getISOLanguages(), *available}:
        subject = icu.Locale(code)
        for reader in (english, own, subject):
            shown = str(subject.getDisplayLanguage(reader))
            if shown and shown != code:
                names.setdefault(_name_key(shown), []).append(code)
    return {key: tuple(dict.fromkeys(codes)) for key, codes in names.items()}
