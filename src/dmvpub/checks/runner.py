"""Translator QA: the checks Poedit, Weblate and pofilter users know, on every catalog.

translate-toolkit's own checkers do the comparing with the English (numbers, URLs, end
punctuation and the rest); dmvpub adds what they cannot know: that brackets and quotes
close, that the pinned fonts can draw every character, and that the header names the
locale its folder says. Numbers, addresses and hidden characters are judged on what the
reader will see (shown.py, visible.py: issue #21), and every message is shaped with
HarfBuzz. A translator who keeps a difference on purpose marks the entry with the flag
`ignore-<check>` (as Weblate does), e.g. `#, ignore-endpunc`.
"""

from __future__ import annotations

import functools
import gettext
import re
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from translate.filters import checks
from translate.lang import vi as toolkit_vi

from ..po import (REVIEW_HEADERS, blank_translation, catalog_path, language_header, locale_codes,
                      locale_directory_errors, plural_forms, read_catalog, template_path)
from ..core.errors import DmvpubError
from ..fonts.faces import code_points, locale_fonts, shaping_problems, undrawable
from ..core.language import Language, describe, header_conflicts
from ..core.model import MAX_WORD_CHARS
from .review import catalog_review_problems
from ..text.richtext import deceptive_links, differences, without_link_targets
from ..core.settings import Settings
from ..text.shown import shown_differences
from ..text.visible import BIDI_CLOSERS, BIDI_CONTROLS, BIDI_OPENERS, describe_char, visible_text

ERROR, WARNING = "error", "warning"

# translate-toolkit check -> (severity, what it means for a translator)
TOOLKIT_CHECKS = {
    "numbers": (ERROR, "numbers differ from the English (the English has {source}; this has {target})"),
    "urls": (ERROR, "a web address differs from the English"),
    "emails": (ERROR, "an e-mail address differs from the English"),
    "printf": (ERROR, "placeholders such as %(date)s must appear exactly as in the English"),
    "startwhitespace": (WARNING, "starts with different white space than the English"),
    "endwhitespace": (WARNING, "ends with different white space than the English"),
    "doublespacing": (WARNING, "has a double space the English does not have"),
    "doublequoting": (WARNING, "has a different number of double quotes than the English"),
    "endpunc": (WARNING, "ends with {target!r} where the English ends with {source!r}"),
    "unchanged": (WARNING, "is identical to the English; translate it, or flag it ignore-unchanged"),
}
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "“": "”", "«": "»", "「": "」", "『": "』"}
# Quotation marks every language may use besides its own (CLDR's): English “…”, guillemets, and the
# low opening mark closed either way („…“ German, Croatian, Bosnian in print; „…” Polish, CLDR's bs).
COMMON_QUOTES = (("“", "”"), ("«", "»"), ("„", "“"), ("„", "”"))
APOSTROPHES = "'’"  # a closing single quote is also an apostrophe, so single quotes are not paired
TRANSLATOR_HEADERS = ("Last-Translator", "PO-Revision-Date", "Language-Team")
TEMPLATE_PLACEHOLDERS = ("FULL NAME", "EMAIL@ADDRESS", "YEAR-MO-DA", "LANGUAGE <LL@li.org>", "PACKAGE VERSION")
TOOL_DEFAULT_PLURALS = ("nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);")
# Sentence marks of other scripts and the ASCII marks they stand for at the end of a message.
END_MARKS = {"।": ".", "॥": ".", "။": ".", "።": ".", "፧": "?", "؟": "?", "؛": ";", "،": ",", "፣": ",",
             "፤": ";", "፥": ":", "፦": ":"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# HTML tags and comments, character references, template syntax: never meaningful in a translation.
MARKUP = re.compile(r"<[A-Za-z/!?][^<>]*>|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);|\{[{%#]|[}%#]\}")


@dataclass(frozen=True)
class Finding:
    """One problem in one catalog, printed the way compilers and msgfmt print them."""

    locale: str
    path: str
    line: int | None
    check: str
    severity: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.check}: {self.message}"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    findings: list[Finding]
    locales: list[str]

    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == ERROR]

    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == WARNING]

    def counts(self) -> dict[str, dict[str, int]]:
        counted = Counter((finding.locale, finding.severity) for finding in self.findings)
        return {code: {"errors": counted[code, ERROR], "warnings": counted[code, WARNING]}
                for code in self.locales}


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
                  english: set[tuple[str | None, str]] | None = None) -> list[Finding]:
    """The findings for one catalog already read; `glyphs=False` leaves the font check to the renderer.

    `english` is the template's (msgctxt, msgid) keys: an entry whose msgid is not among them is
    reported at its msgid line (a translation typed over the English, or a catalog not yet updated)."""
    text = _file_lines(catalog.fpath)
    findings = _header_findings(catalog, code, shown_path, text)
    checker = _checker(code)
    faces = locale_fonts(code, catalog.metadata) if glyphs else ()
    language = _language(code, catalog.metadata)
    shaping = (faces or locale_fonts(code, catalog.metadata)) if language is not None else ()
    direction = language.direction if language is not None else "ltr"
    # the msgstr keywords' lines, so a finding points where the translator types
    msgstr_lines = [number for number, line in enumerate(text, start=1) if line.startswith("msgstr")]

    def found(entry, check, severity, message, ignorable=True):
        if not ignorable or f"ignore-{check}" not in entry.flags:
            line = next((number for number in msgstr_lines if number >= entry.linenum), entry.linenum)
            findings.append(Finding(code, shown_path, line, check, severity, message))

    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        if english is not None and (entry.msgctxt, entry.msgid) not in english:
            if "ignore-msgid" not in entry.flags:
                line = next((number for number in range(entry.linenum, len(text) + 1)
                             if text[number - 1].startswith("msgid")), entry.linenum)
                findings.append(Finding(code, shown_path, line, "msgid", WARNING,
                                        "this msgid is not in the English; was the English line edited? The msgid "
                                        "must stay the English as 'dmvpub update' wrote it, the translation goes "
                                        "in msgstr (run 'dmvpub update' if the English changed)"))
            if not entry.msgstr:
                continue
        if not entry.msgstr:
            found(entry, "untranslated", WARNING, "not translated yet; printed in English (marked) until it is, "
                                                  "if enough of the rest is translated")
            continue
        if entry.fuzzy:
            # a fuzzy translation is not printed (the current English is, marked) and msgfmt skips it
            # too: it is compared with the English once the translator has checked it and cleared the flag
            found(entry, "fuzzy", WARNING, "marked fuzzy: the English changed; check the translation, "
                                            "then remove the fuzzy flag")
            continue
        if blank_translation(entry):
            found(entry, "blank", ERROR, f"shows nothing a reader can read ({_shown_as(entry.msgstr)}): it counts "
                                         "as not translated, and the English is printed in its place", False)
            continue
        for check, message in differences(entry.msgid, entry.msgstr):
            found(entry, check, ERROR, message)
        for check, message, ignorable in bidi_findings(entry):
            found(entry, check, ERROR, message, ignorable)
        reported = set()
        for check, message in [*shown_differences(entry.msgid, entry.msgstr, code, direction),
                               *(("links", problem) for problem in deceptive_links(entry.msgstr))]:
            reported.add(check)
            found(entry, check, ERROR, message)
        for name, (severity, explanation) in TOOLKIT_CHECKS.items():
            if name in reported or name == "numbers":  # said as the reader sees it (numbers: always, by
                continue  # shown.py, with native digits and CLDR's separators, in display order)
            # what the reader sees: a word joiner inside an address does not make it another one
            shown = visible_text(entry.msgstr) if name in ("numbers", "urls", "emails") else entry.msgstr
            if not _passes(checker, name, entry.msgid, shown, code):
                found(entry, name, severity, explanation.format(**_details(name, entry.msgid, entry.msgstr)))
        word = _unbreakable_word(entry.msgstr, language)
        if word:
            found(entry, "long-word", ERROR, f"a word of {len(word):,} characters with nowhere to break a line "
                                             f"({word[:20]!r}...); print takes words of up to {MAX_WORD_CHARS} "
                                             "characters: add spaces or shorten it", False)
        markup = new_markup(entry.msgid, entry.msgstr)
        if markup:
            found(entry, "markup", ERROR, f"holds markup the English does not have ({', '.join(markup)}); "
                                          "a translation is printed as plain text, so this would show as typed")
        for problem in _unbalanced(entry.msgstr, entry.msgid, code):
            found(entry, "brackets", WARNING, problem)
        # with glyphs=False the build's glyph check names a missing character, with its place in the page
        missing = undrawable(entry.msgstr, faces or shaping) if faces or shaping else []
        if missing and faces:
            found(entry, "glyphs", ERROR, f"no pinned font for this language can draw {code_points(missing)}")
        elif shaping and not missing:
            for check, message in shaping_findings(entry.msgstr, shaping, language):
                found(entry, check, ERROR, message)
    for line, message in catalog_review_problems(catalog, text, code):  # sign-offs the text outgrew (issue #22)
        findings.append(Finding(code, shown_path, line, "review", WARNING, message))
    return findings


def _unbreakable_word(translation: str, language: Language | None) -> str:
    """The longest run of `translation` print cannot break, where it is longer than the build takes
    (model.MAX_WORD_CHARS: WeasyPrint lays a paragraph out again for each line such a word spans,
    issue #24 item 13), else "". `check` says what `build` would refuse, at the msgstr line."""
    if len(translation) <= MAX_WORD_CHARS:
        return ""
    from ..text.linebreak import longest_word
    from ..text.richtext import plain_text
    word = longest_word(plain_text(translation), language.code if language is not None else "en")
    return word if len(word) > MAX_WORD_CHARS else ""


def _language(code: str, declared) -> Language | None:
    """The language as printed (None where the header does not say enough: the header check says why)."""
    try:
        return describe(code, declared)
    except DmvpubError:
        return None


def _shown_as(text: str) -> str:
    """A text no one can read, as code points: 'U+2060 WORD JOINER, "."'."""
    shown = [describe_char(char) if not visible_text(char).strip() else repr(char) for char in text[:6]]
    return ", ".join(shown) + (", …" if len(text) > 6 else "")


def bidi_findings(entry: polib.POEntry) -> list[tuple[str, str, bool]]:
    """Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) reorder what is printed
    (CVE-2021-42574, "Trojan Source"). In a translation they are an error (`bidi`) unless the entry is
    flagged `ignore-bidi` and a translator comment says why; even then each must be closed.
    LRM, RLM and ALM only lean a neutral character and stay allowed. (check, message, ignorable)."""
    controls = [char for char in entry.msgstr if ord(char) in BIDI_CONTROLS]
    if not controls:
        return []
    found = []
    names = ", ".join(dict.fromkeys(describe_char(char) for char in controls))
    if "ignore-bidi" not in entry.flags:
        found.append(("bidi", f"holds {names}, which reorder(s) what is printed; delete them (a translation "
                              "reads in the language's direction without them), or flag the entry ignore-bidi "
                              "and say why in a translator comment (# ...)", True))
    elif not entry.tcomment.strip():
        found.append(("bidi", "is flagged ignore-bidi, but no translator comment (# ...) says why it needs "
                              f"{names}", False))
    stack: list[int] = []
    for char in entry.msgstr:
        code = ord(char)
        if code in BIDI_OPENERS:
            stack.append(code)
        elif code in BIDI_CLOSERS:
            if stack and stack[-1] in BIDI_CLOSERS[code]:
                stack.pop()
            else:
                found.append(("bidi", f"{describe_char(char)} closes nothing that was opened", False))
                break
    if stack:
        found.append(("bidi", f"{describe_char(chr(stack[-1]))} is never closed (with U+202C or U+2069)", False))
    return found


def shaping_findings(text: str, faces, language) -> list[tuple[str, str]]:
    """Shaping with HarfBuzz in the pinned font: a dotted circle or a missing-glyph box is an error
    (`shaping`); Burmese that looks typed in the Zawgyi encoding says so (`zawgyi`), with how to
    convert it, since Zawgyi prints garbled in a Unicode font such as Noto Sans Myanmar."""
    found = []
    if language.script == "Mymr":
        zawgyi = zawgyi_probability(text)
        if zawgyi is not None:
            found.append(("zawgyi", f"looks typed in the Zawgyi encoding (myanmartools: {zawgyi:.1%} likely), "
                                    "which prints garbled in a Unicode font; convert it to Unicode (Rabbit, or "
                                    "ICU's Zawgyi-my transform: uconv -x Zawgyi-my), then check it"))
    problems = shaping_problems(text, faces, language.code.split("_")[0])
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        hint = "; a vowel sign or mark is typed before its consonant, or in the wrong order" \
            if problems[0].kind == "dotted circle" else ""
        found.append(("shaping", f"prints {problems[0].describe()}{more}{hint}"))
    return found


def zawgyi_probability(text: str) -> float | None:
    """How likely Google's myanmartools finds `text` to be Zawgyi, when it is likely (0.999 and
    up) and ICU's Zawgyi-to-Unicode transform would change it; else None. Short texts that read
    the same in both encodings are not Zawgyi in any way that matters."""
    probability = _zawgyi_detector().get_zawgyi_probability(text)
    if probability < 0.999:
        return None
    return probability if _zawgyi_to_unicode(text) != text else None


@functools.cache
def _zawgyi_detector():
    import warnings

    from myanmartools import ZawgyiDetector

    with warnings.catch_warnings():  # it opens its model with importlib.resources' legacy call
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def _zawgyi_to_unicode(text: str) -> str:
    import icu

    return icu.Transliterator.createInstance("Zawgyi-my").transliterate(text)


def catalog_errors(catalog: polib.POFile, code: str, path: Path, shown_path: str) -> DmvpubError | None:
    """The build's gate: the first error `dmvpub check` would report for this catalog, if any."""
    errors = [finding for finding in check_catalog(catalog, code, shown_path, glyphs=False)
              if finding.severity == ERROR]
    if not errors:
        return None
    first = errors[0]
    more = f" (and {len(errors) - 1} more; run 'dmvpub check')" if len(errors) > 1 else ""
    return DmvpubError(f"{first.check}: {first.message}{more}", path, first.line)


def _template_keys(path: Path) -> set[tuple[str | None, str]] | None:
    """The (msgctxt, msgid) of every message of the template, or None while there is none to read."""
    try:
        return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(path)) if not entry.obsolete}
    except (OSError, ValueError):
        return None


def _header_findings(catalog: polib.POFile, code: str, shown_path: str, text: list[str]) -> list[Finding]:
    findings = []
    lines = {key: number for number, key in _header_lines(text)}
    if not catalog.metadata:
        return [Finding(code, shown_path, 1, "header", ERROR,
                        f"no header: the catalog is empty or was not started with 'dmvpub init {code}'")]
    problem = language_header(catalog, code)
    if problem:
        findings.append(Finding(code, shown_path, lines.get("Language"), "header", *problem))
    findings.extend(_review_findings(catalog, code, shown_path, lines))
    findings.extend(_language_header_findings(catalog, code, shown_path, lines))
    for key in TRANSLATOR_HEADERS:  # the template fills the others, such as Report-Msgid-Bugs-To
        value = catalog.metadata.get(key, "")
        if any(placeholder in value for placeholder in TEMPLATE_PLACEHOLDERS):
            findings.append(Finding(code, shown_path, lines.get(key), "header", WARNING,
                                    f"{key} still holds the template's placeholder ({value.strip()!r}); "
                                    "fill it in or leave it empty"))
    expected = plural_forms(code)
    declared = catalog.metadata.get("Plural-Forms", "").strip()
    rule = _plural_rule(declared)
    plurals = any(entry.msgid_plural for entry in catalog if not entry.obsolete)
    if not plurals and (declared in TOOL_DEFAULT_PLURALS or rule == _plural_rule(TOOL_DEFAULT_PLURALS[1])):
        pass  # what GNU gettext and Poedit write by default; it matters only to plural messages
    elif rule is None:
        findings.append(Finding(code, shown_path, lines.get("Plural-Forms"), "header", ERROR,
                                f"Plural-Forms is missing or not a gettext rule; for {code} it is {expected!r}"))
    elif rule != _plural_rule(expected):
        # A different rule only misprints plural messages; where there are none it is a warning.
        findings.append(Finding(code, shown_path, lines.get("Plural-Forms"), "header",
                                ERROR if plurals else WARNING,
                                f"Plural-Forms picks other forms than CLDR's rule for {code} "
                                f"(through Babel): {expected!r}"))
    return findings


def _language_header_findings(catalog: polib.POFile, code: str, shown_path: str,
                              lines: dict[str, int]) -> list[Finding]:
    """X-Language-Name, -Script and -Direction may describe a language Babel does not know, never
    relabel one it does (`header`, at the header's line): see `language.header_conflicts`."""
    return [Finding(code, shown_path, lines.get(conflict.header) or lines.get("Language"), "header",
                    ERROR if conflict.severity == "error" else WARNING, conflict.message)
            for conflict in header_conflicts(code, catalog.metadata)]


def _review_findings(catalog: polib.POFile, code: str, shown_path: str, lines: dict[str, int]) -> list[Finding]:
    """The review headers are a summary `dmvpub review` writes (the sign-offs are the review): a
    missing header (tools drop headers they do not know; msginit writes none) or a malformed one is
    a warning, and the catalog prints as a draft until its messages are signed (issues #22, #24)."""
    status_header, by_header, on_header = REVIEW_HEADERS
    status = catalog.metadata.get(status_header)
    line = lines.get(status_header) or lines.get("Language")

    def finding(message: str, key: str = status_header) -> Finding:
        return Finding(code, shown_path, lines.get(key) or line, "review", WARNING, message)
    if status is None:
        return [finding(f"no {status_header} header (some tools drop headers they do not know): printed as a "
                        f"draft; `dmvpub review {code} --by NAME` signs the messages and writes it again")]
    if status.strip() not in ("draft", "reviewed"):
        return [finding(f"{status_header} is {status.strip()!r}; it must be draft or reviewed (a summary "
                        f"`dmvpub review` writes)")]
    found = []
    if status.strip() == "reviewed":
        if not catalog.metadata.get(by_header, "").strip():
            found.append(finding(f"reviewed, but {by_header} does not say by whom", by_header))
        try:
            date.fromisoformat(catalog.metadata.get(on_header, "").strip())
        except ValueError:
            found.append(finding(f"reviewed, but {on_header} is not a date written YYYY-MM-DD", on_header))
    return found


def _file_lines(path: str | None) -> list[str]:
    if not path:
        return []
    with open(path, encoding="utf-8", errors="replace") as file:
        return file.readlines()


def _header_lines(text: list[str]):
    """(line number, header key) for the header lines of a .po file."""
    for number, line in enumerate(text, start=1):
        match = re.match(r'^"([A-Za-z-]+):', line)
        if match:
            yield number, match.group(1)
        elif line.startswith("#:") or line.startswith("#."):
            return


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


def _passes(checker, name: str, source: str, target: str, code: str) -> bool:
    """translate-toolkit's check `name`, knowing what it does not: native digits and separators are
    the same numbers, a language's own quotation marks (CLDR) are quotes, and the sentence marks of
    other scripts (। ။ ። ፧ ؟) end sentences too."""
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
        if mark == "။" and source.rstrip().endswith("?"):  # Burmese asks with a particle, then ။
            normalized.append(stripped[:-1] + "?")
        if "\u202f" in stripped[-3:]:  # French print puts a narrow no-break space before ? ! : ;
            judges.append((checker, stripped.replace("\u202f", "\u00a0")))
        # translate-toolkit's rules for some languages want an ASCII space before the mark (Nepali
        # " ।", " ?"), which their print does not have; such a language is also judged neutrally.
        spaced = any(value.startswith(" ") for value in _checker(code).config.lang.puncdict.values())
        judges += [(_checker(""), candidate) for candidate in normalized + ([target] if spaced else [])]
    return any(_judged(judge, name, source, candidate) for judge, candidate in judges)


def _judged(judge, name: str, source: str, target: str) -> bool:
    try:
        getattr(judge, name)(source, target)
        return True
    except checks.FilterFailure:
        return False


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


def new_markup(source: str, target: str) -> list[str]:
    """Markup in a translation that its English does not have, each piece once, shortened for a message."""
    known = set(MARKUP.findall(source))
    return list(dict.fromkeys(piece[:40] for piece in MARKUP.findall(target) if piece not in known))


def _details(name: str, source: str, target: str) -> dict[str, str]:
    if name == "numbers":
        return {"source": ", ".join(NUMBER.findall(source)) or "none",
                "target": ", ".join(NUMBER.findall(target)) or "none"}
    if name == "endpunc":
        return {"source": source.rstrip()[-1:], "target": target.rstrip()[-1:]}
    return {}


def _unbalanced(text: str, source: str, code: str = "") -> list[str]:
    """Brackets and quotes opened and not closed, or closed and never opened, in the translation;
    quotes as the language writes them (CLDR's delimiters) or as is common to many (issue 24)."""
    if _stack_problems(source):
        return []  # the English itself is unbalanced: nothing to hold the translation to
    return _stack_problems(text, code)


def _stack_problems(text: str, code: str = "") -> list[str]:
    pairs = _pairs(code)
    closers = {close for closing in pairs.values() for close in closing}
    stack, problems = [], []
    for char in text:
        if stack and char in pairs[stack[-1]]:
            stack.pop()
        elif char in pairs:
            stack.append(char)
        elif char in closers:
            problems.append(f"{char!r} closes nothing that was opened")
    problems.extend(f"{char!r} is opened and never closed" for char in stack)
    return problems


@functools.cache
def _pairs(code: str) -> dict[str, frozenset[str]]:
    """Each opening bracket or quotation mark and the marks that close it, for the language `code`."""
    pairs: dict[str, set[str]] = {}
    for open_, close in [*PAIRS.items(), *COMMON_QUOTES, *cldr_quotes(code)]:
        if not set(open_ + close) & set(APOSTROPHES):
            pairs.setdefault(open_, set()).add(close)
    return {open_: frozenset(closes) for open_, closes in pairs.items()}


@functools.cache
def cldr_quotes(code: str) -> tuple[tuple[str, str], ...]:
    """CLDR's quotation marks for a language, through ICU: (start, end) and the alternate (nested)
    pair, such as « » and „ “ for Ukrainian; none for a language ICU does not know."""
    if not code:
        return ()
    import icu  # loaded only for the commands that check
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


def _finding_from_error(settings: Settings, error: DmvpubError, check: str, code: str | None = None) -> Finding:
    path = settings.relative(error.path) if error.path else ""
    locale = code or (error.path.name if error.path else "")
    return Finding(locale, path, error.line, check, ERROR, error.message)
