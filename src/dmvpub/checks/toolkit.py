"""The checks Poedit, Weblate and pofilter users know: translate-toolkit's own checkers compare
each translation with its English (translate/filters/checks.py), told what they cannot know.

Native digits and CLDR's separators are the same numbers; a language's own quotation marks (CLDR,
through ICU) are quotes; the sentence marks of other scripts (। ။ ። ፧ ؟) end sentences too, and so
does "۔" in the languages whose full stop it is (Urdu, Pashto, Sindhi: CLDR). Web and
e-mail addresses are judged on what the reader sees (visible.visible_text): a word joiner inside
an address does not make it another one. Where the reader family (reader.py) already said
`urls` or `emails` about a message, the twin here is not said again; `numbers` is always the
reader family's (shown.py: native digits, CLDR's separators, display order).
"""

from __future__ import annotations

import functools
import re
import unicodedata

import icu
from babel import Locale, UnknownLocaleError
from translate.filters import checks
from translate.lang import vi as toolkit_vi

from ..text.richtext import without_link_targets
from ..text.visible import visible_text
from .finding import ERROR, WARNING
from .registry import MESSAGE, Check, Hit, Message, Registry, Step

FAMILY = "toolkit"
CHECKS = (
    Check("urls", ERROR, "a web address or domain name differs from the English", FAMILY),
    Check("emails", ERROR, "an e-mail address differs from the English", FAMILY),
    Check("printf", ERROR, "placeholders such as %(date)s differ from the English", FAMILY),
    Check("startwhitespace", WARNING, "starts with other white space than the English", FAMILY),
    Check("endwhitespace", WARNING, "ends with other white space than the English", FAMILY),
    Check("doublespacing", WARNING, "has a double space the English does not have", FAMILY),
    Check("doublequoting", WARNING, "has another number of double quotes than the English", FAMILY),
    Check("endpunc", WARNING, "ends with other punctuation than the English, in the language's style", FAMILY),
    Check("unchanged", WARNING, "is identical to the English", FAMILY),
)
# what each says, for a translator, when translate-toolkit's checker fails the message
SAYS = {
    "urls": "a web address differs from the English",
    "emails": "an e-mail address differs from the English",
    "printf": "placeholders such as %(date)s must appear exactly as in the English",
    "startwhitespace": "starts with different white space than the English",
    "endwhitespace": "ends with different white space than the English",
    "doublespacing": "has a double space the English does not have",
    "doublequoting": "has a different number of double quotes than the English",
    "endpunc": "ends with {target!r} where the English ends with {source!r}",
    "unchanged": "is identical to the English; translate it, or flag it ignore-unchanged",
}
SHOWN = ("urls", "emails")  # judged on the visible text, not the characters typed
# Quotation marks every language may use besides its own (CLDR's): English “…”, guillemets, and the
# low opening mark closed either way („…“ German, Croatian, Bosnian in print; „…” Polish, CLDR's bs).
COMMON_QUOTES = (("“", "”"), ("«", "»"), ("„", "“"), ("„", "”"))
APOSTROPHES = "'’"  # a closing single quote is also an apostrophe, so single quotes are not paired
# Sentence marks of other scripts and the ASCII marks they stand for at the end of a message.
END_MARKS = {"।": ".", "॥": ".", "။": ".", "።": ".", "፧": "?", "؟": "?", "؛": ";", "،": ",", "፣": ",",
             "፤": ";", "፥": ":", "፦": ":"}
# Full stops only some languages of a script end sentences with: accepted as "." for a language
# whose CLDR punctuation exemplars (ICU 77's CLDR, read through PyICU) hold the mark. U+06D4 ARABIC
# FULL STOP "۔" (Sentence_Terminal in Unicode's PropList.txt) is the full stop of Urdu, of Pashto as
# printed in Pakistan and of Sindhi: CLDR lists it for ur, ps and sd, not for ar or fa, in whose
# text it is no full stop (and translate-toolkit's Urdu rules already ask "۔" for ".").
LANGUAGE_FULL_STOPS = ("\u06d4",)


def register(registry: Registry) -> None:
    """Declares translate-toolkit's checks and adds the step that runs them on every message,
    after the reader family's (whose `urls` and `emails` they yield to)."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 600, compare, yields_to="reader"))


def compare(message: Message) -> list[Hit]:
    """translate-toolkit's verdict on one message, check by check in the order declared."""
    entry, code = message.entry, message.catalog.code
    checker = _checker(code)
    hits = []
    for name, says in SAYS.items():
        shown = visible_text(entry.msgstr) if name in SHOWN else entry.msgstr
        if not _passes(checker, name, entry.msgid, shown, code):
            hits.append(Hit(name, says.format(**_details(name, entry.msgid, entry.msgstr))))
    return hits


def _passes(checker, name: str, source: str, target: str, code: str) -> bool:
    """translate-toolkit's check `name` (its method of that name on `checker`), knowing what it
    does not: native digits and separators are the same numbers, a language's own quotation marks
    (CLDR) are quotes, and the sentence marks of other scripts (। ။ ። ፧ ؟, and "۔" where CLDR has it
    as the language's full stop) end sentences too."""
    if name == "numbers":
        target = ascii_numbers(target, code)
    if name == "doublequoting":
        # quotation marks as the language writes them (CLDR), each counted as a '"'; a nested
        # quotation may use the language's second-level marks where the English has none
        checker, source = _checker(""), _quotes_as_ascii(source, "")
        judges = [(checker, _quotes_as_ascii(target, code)),
                  (checker, _quotes_as_ascii(target, code, inner=False))]
        return any(_judged(judge, name, source, candidate) for judge, candidate in judges)
    if name in ("urls", "emails"):  # Markdown links' targets are the `links` check's
        source, target = without_link_targets(source), without_link_targets(target)
    judges = [(checker, target)]
    if name == "endpunc":
        stripped = target.rstrip()
        mark = stripped[-1:]
        normalized = [stripped[:-1] + END_MARKS[mark]] if mark in END_MARKS else []
        if mark in full_stops(code):
            normalized.append(stripped[:-1] + ".")
        if mark == "။" and source.rstrip().endswith("?"):  # Burmese asks with a particle, then ။
            normalized.append(stripped[:-1] + "?")
        if "\u202f" in stripped[-3:]:  # French print puts a narrow no-break space before ? ! : ;
            judges.append((checker, stripped.replace("\u202f", "\u00a0")))
        # translate-toolkit's rules for some languages want an ASCII space before the mark (Nepali
        # " ।", " ?"), which their print does not have; such a language is also judged neutrally.
        spaced = any(value.startswith(" ") for value in _checker(code).config.lang.puncdict.values())
        judges += [(_checker(""), candidate) for candidate in normalized + ([target] if spaced else [])]
    return any(_judged(judge, name, source, candidate) for judge, candidate in judges)


@functools.cache
def full_stops(code: str) -> frozenset[str]:
    """Of LANGUAGE_FULL_STOPS, those the language's CLDR punctuation exemplars hold (ICU's
    `LocaleData.getExemplarSet`, set type 3: punctuation): {"۔"} for ur, ps and sd; none for a
    language ICU does not know."""
    if not code or icu.Locale(code).getLanguage() not in icu.Locale.getISOLanguages():
        return frozenset()
    punctuation = icu.LocaleData(code).getExemplarSet(0, _PUNCTUATION)
    return frozenset(mark for mark in LANGUAGE_FULL_STOPS if punctuation.contains(mark))


_PUNCTUATION = 3  # ULocaleDataExemplarSetType's ULOCDATA_ES_PUNCTUATION, which PyICU does not name


def _judged(judge, name: str, source: str, target: str) -> bool:
    try:
        getattr(judge, name)(source, target)
        return True
    except checks.FilterFailure:
        return False


def _details(name: str, source: str, target: str) -> dict[str, str]:
    """What `SAYS[name]` is formatted with: endpunc's last marks."""
    if name == "endpunc":
        return {"source": source.rstrip()[-1:], "target": target.rstrip()[-1:]}
    return {}


def ascii_numbers(text: str, code: str) -> str:
    """Numbers as the English writes them: any script's digits as ASCII, and the language's own
    decimal and group separators (CLDR, through Babel) between digits as '.' and ',': Dari ۳۰۲٫۱۸۱
    is 302.181 (issue 24). Separators that are ASCII already are left alone: 302.181 is a statute's
    number in Spanish too, not three hundred thousand."""
    text = ascii_digits(text)
    for native, ascii in _native_separators(code).items():
        text = re.sub(rf"(?<=\d){re.escape(native)}(?=\d)", ascii, text)
    return text


@functools.cache
def _native_separators(code: str) -> dict[str, str]:
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return {}
    systems = {"latn", locale.default_numbering_system, *dict(locale.other_numbering_systems).values()}
    found = {}
    for system in sorted(systems):
        symbols = locale.number_symbols.get(system) or {}
        for key, ascii in (("decimal", "."), ("group", ",")):
            native = symbols.get(key)
            if native and native not in ".,":
                found.setdefault(native, ascii)
    return found


def ascii_digits(text: str) -> str:
    """Digits of any script as ASCII digits: ۲۰۰۵ and २००५ are the number 2005."""
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() and not char.isascii() else char
                   for char in text)


@functools.cache
def cldr_quotes(code: str) -> tuple[tuple[str, str], ...]:
    """CLDR's quotation marks for a language, through ICU: (start, end) and the alternate (nested)
    pair, such as « » and „ “ for Ukrainian; none for a language ICU does not know."""
    if not code:
        return ()
    kinds = icu.ULocaleDataDelimiterType
    data = icu.LocaleData(code)
    if icu.Locale(code).getLanguage() not in icu.Locale.getISOLanguages():
        return ()
    return ((data.getDelimiter(kinds.QUOTATION_START), data.getDelimiter(kinds.QUOTATION_END)),
            (data.getDelimiter(kinds.ALT_QUOTATION_START), data.getDelimiter(kinds.ALT_QUOTATION_END)))


def _quotes_as_ascii(text: str, code: str, inner: bool = True) -> str:
    """`text` with every double quotation mark of the language (and the common ones) written '"';
    with `inner=False`, the language's own nested marks (its alternate pair) are left out."""
    primary, *alternate = cldr_quotes(code) or ((),)
    marks = {'"', *(mark for pair in COMMON_QUOTES for mark in pair), *primary}
    nested = {mark for pair in alternate for mark in pair} - set(primary) - set(APOSTROPHES)
    out = []
    for char in text:
        if char in nested:
            out.append('"' if inner else "")
        else:
            out.append('"' if char in marks else char)
    return "".join(out)


class _PrintVietnamese(toolkit_vi.vi):
    """translate-toolkit spaces Vietnamese colons the French way (' :'); Vietnamese print does not."""

    puncdict: dict = {}


@functools.cache
def _checker(code: str) -> checks.StandardChecker:
    """translate-toolkit's checker for the language; "" for no language's own rules."""
    config = checks.CheckerConfig(targetlanguage=code.split("_")[0]) if code else checks.CheckerConfig()
    checker = checks.StandardChecker(checkerconfig=config)
    if code.split("_")[0] == "vi":
        checker.config.lang = _PrintVietnamese
    return checker
