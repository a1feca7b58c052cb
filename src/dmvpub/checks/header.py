"""The catalog's header: the language its folder names, the plural rule CLDR gives it, the
X-Language-* headers that may describe a language Babel does not know (never relabel one it
does), and the translator's fields left as the template wrote them. All one check, `header`, at
the header's line; an error where the locale would print wrongly, a warning where it would not.
"""

from __future__ import annotations

import gettext
import re

from ..core.language import header_conflicts
from ..po import language_header, plural_forms
from .finding import ERROR, WARNING
from .registry import HEADER, Catalog, Check, Hit, Registry, Step

FAMILY = "header"
CHECKS = (Check("header", ERROR, "the header: Language names another locale than the folder, Plural-Forms "
                                 "is not CLDR's rule, X-Language-* relabels a language, or a field still holds "
                                 "the template's placeholder (an error or a warning)", FAMILY, ignorable=False),)
TRANSLATOR_HEADERS = ("Last-Translator", "PO-Revision-Date", "Language-Team")
TEMPLATE_PLACEHOLDERS = ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LANGUAGE <LL@li.org>", "PACKAGE VERSION")
TOOL_DEFAULT_PLURALS = ("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")


def register(registry: Registry) -> None:
    """Declares `header`; adds its steps: no header at all (nothing more is asked of it), the
    Language header, then (after the review headers, review.py) the X-Language-* headers, the
    translator's fields and the plural rule."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, HEADER, 100, no_header, stops=lambda catalog: not catalog.metadata))
    registry.add_step(Step(FAMILY, HEADER, 110, language))
    registry.add_step(Step(FAMILY, HEADER, 300, language_names))
    registry.add_step(Step(FAMILY, HEADER, 310, translator_fields))
    registry.add_step(Step(FAMILY, HEADER, 320, plurals))


def no_header(catalog: Catalog) -> list[Hit]:
    if catalog.metadata:
        return []
    return [Hit("header", f"no header: the catalog is empty or was not started with 'dmvpub init {catalog.code}'",
                line=1)]


def language(catalog: Catalog) -> list[Hit]:
    """The Language header names the folder's locale (po.language_header)."""
    problem = language_header(catalog.catalog, catalog.code)
    if not problem:
        return []
    severity, says = problem
    return [Hit("header", says, severity=severity, line=catalog.header_lines.get("Language"))]


def language_names(catalog: Catalog) -> list[Hit]:
    """X-Language-Name, -Script and -Direction may describe a language Babel does not know, never
    relabel one it does (at the header's line, else Language's): see `language.header_conflicts`."""
    lines = catalog.header_lines
    return [Hit("header", conflict.message, severity=ERROR if conflict.severity == "error" else WARNING,
                line=lines.get(conflict.header) or lines.get("Language"))
            for conflict in header_conflicts(catalog.code, catalog.metadata)]


def translator_fields(catalog: Catalog) -> list[Hit]:
    hits = []
    for key in TRANSLATOR_HEADERS:  # the template fills the others, such as Report-Msgid-Bugs-To
        value = catalog.metadata.get(key, "")
        if any(placeholder in value for placeholder in TEMPLATE_PLACEHOLDERS):
            hits.append(Hit("header", f"{key} still holds the template's placeholder ({value.strip()!r}); "
                                      "fill it in or leave it empty", severity=WARNING,
                            line=catalog.header_lines.get(key)))
    return hits


def plurals(catalog: Catalog) -> list[Hit]:
    """Plural-Forms picks the forms CLDR's rule (through Babel) picks. GNU gettext's and Poedit's
    defaults pass where no message has plural forms; another rule is then only a warning."""
    code = catalog.code
    expected = plural_forms(code)
    declared = catalog.metadata.get("Plural-Forms", "").strip()
    rule = _plural_rule(declared)
    plural_messages = any(entry.msgid_plural for entry in catalog.catalog if not entry.obsolete)
    line = catalog.header_lines.get("Plural-Forms")
    if not plural_messages and (declared in TOOL_DEFAULT_PLURALS or rule == _plural_rule(TOOL_DEFAULT_PLURALS[1])):
        return []  # what GNU gettext and Poedit write by default; it matters only to plural messages
    if rule is None:
        return [Hit("header", f"Plural-Forms is missing or not a gettext rule; for {code} it is {expected!r}",
                    line=line)]
    if rule != _plural_rule(expected):
        # A different rule only misprints plural messages; where there are none it is a warning.
        return [Hit("header", f"Plural-Forms picks other forms than CLDR's rule for {code} (through Babel): "
                              f"{expected!r}", severity=ERROR if plural_messages else WARNING, line=line)]
    return []


def _plural_rule(plural_forms: str) -> tuple[int, ...] | None:
    """What a Plural-Forms header does: nplurals and the form it picks for a spread of numbers,
    so that rules written differently but meaning the same compare equal."""
    match = re.fullmatch(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*", plural_forms)
    if not match:
        return None
    try:
        plural = gettext.c2py(match.group(2))
        return (int(match.group(1)), *(plural(n) for n in [*range(1001), 10 ** 6, 2 * 10 ** 6, 10 ** 7]))
    except (ValueError, SyntaxError, RecursionError, ArithmeticError, TypeError):
        return None  # such as plural=n/0, which divides by zero
