"""A translation says nothing the English does not: the numbers, web and e-mail addresses and
domain names a reader is shown, compared with the English's (issue #21).

What is compared is what prints (`visible.displayed`): invisible characters removed, and numbers
read in display order after the bidi algorithm, so `U+202E 18 U+202C` is the number 81. Numbers
may be written in the language's own digits (२००५, ۲۰۰۵) and with its own CLDR separators
(۳۰۲٫۱۸۱ is 302.181 in Dari; 1,5 is 1.5 in Spanish), through Babel. Whatever the English does not
have is an error: an added hotline number, web address, e-mail address or domain is the worst
thing this booklet could print. An invisible character inside a number, address or word is an
error of its own: it hides the text from these very checks.

Both sides are compared as read (`as_read`, issue #29): each character after NFKC (Unicode's
compatibility normalization, UAX #15), so superscript, subscript, circled and fullwidth digits
(³¹⁴, ３１４: category No or fullwidth Nd) are the digits a reader sees, fullwidth letters are letters
and ＠ and ﹫ are @; spaces are left as typed (a no-break space may join a number's groups). The
full stops a CJK keyboard types in an address (ideographic 。 U+3002, halfwidth ｡ U+FF61, fullwidth
． U+FF0E) are read as "." between the letters or digits of a name (`ice-help。org`), as browsers'
URL parsers do (WHATWG URL, "domain to ASCII": UTS #46 maps them to "."), never at the end of a
Chinese sentence.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from .visible import INVISIBLE, describe_char, displayed, invisible, stray_in_word, without_invisible

# Web addresses as a reader recognises them: with a scheme, or starting www.
URL = re.compile(r"(?:(?:https?|ftp)://|www\.)[^\s<>\"'«»“”‘’()\[\]{}]+", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A domain name: labels of letters, digits and hyphens joined by dots, ending in a top-level
# domain of letters (or an IDN's xn--). "e.g." and "U.S." are not (one-letter labels last).
DOMAIN = re.compile(r"(?<![\w.@-])(?:[^\W_][\w-]*\.)+(?P<tld>[^\W\d_]{2,63}|xn--[a-z0-9-]+)(?![\w@-]|\.\w)")
# Top-level domains that are not two letters (every two-letter one is a country's), so that a file
# name (booklet.html, x.css) is not taken for a domain. A top-level domain not in plain ASCII
# (рф, or a look-alike gоv) counts as one too.
GENERIC_TLDS = frozenset("""com org net gov edu mil int info biz name pro mobi app dev page site online tech store
shop blog web xyz club top live news help support law legal email link click ngo ong church health care
community foundation charity gratis free today world life media digital network services solutions center
agency group global zone one lat bot ai io example test invalid localhost local onion arpa zip mov""".split())
_MAYBE_DOMAIN = re.compile(r"[^\W_]\.[^\W\d_]")
_TRAILING = ".,;:!?。、，；：！？।॥။።،؛"
# Separators between the digits of one number, in any locale: CLDR's decimal and group marks.
_SEPARATORS = ".,\u066b\u066c'\u2019\u00a0\u202f\u2009"
NUMBER = re.compile(rf"\d+(?:[{_SEPARATORS}]\d+)*")
# A run that reads as one telephone number: digits with spaces, dots, hyphens, slashes, brackets.
PHONE = re.compile(r"\+?\(?\d[\d\s().\-‐‑–/]*\d")
_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
_LINK_TARGET = re.compile(r"\]\(\s*<?[^)\s>]*>?(?:\s+\"[^\"]*\")?\s*\)")


_CJK_STOP = re.compile(r"(?<=[A-Za-z0-9-])[\u3002\uff61\uff0e](?=[A-Za-z0-9])")


def as_read(text: str) -> str:
    """`text` as the numbers, addresses and e-mail checks read it: each non-space character after
    NFKC, and the CJK full stops inside a name read as ".". Lengths may change (² -> 2 is one to one,
    ﬁ -> fi is not): compare what this gives, do not index the original with it."""
    normal = "".join(char if char.isspace() else unicodedata.normalize("NFKC", char) for char in text)
    return _CJK_STOP.sub(".", normal)


def shown_differences(source: str, target: str, code: str, direction: str) -> list[tuple[str, str]]:
    """How what a reader is shown of `target` (a translation into locale `code`, printed in
    `direction`) differs from `source` (the English), as (check, message): `numbers`, `urls`,
    `emails`, and `invisible` for a hidden character inside a word, number or address."""
    found: list[tuple[str, str]] = []
    source_text, target_text = as_read(_prose(source)), as_read(_prose(target))
    source_plain, _ = without_invisible(source_text)
    plain, index = without_invisible(target_text)

    theirs, ours = _addresses(source_plain), _addresses(plain)
    for check, kind in (("urls", "web address"), ("emails", "e-mail address"), ("urls", "domain name")):
        allowed = {_key(value) for value in theirs[kind]} | (_hosts(theirs) if kind == "domain name" else set())
        added = [value for value in ours[kind] if _key(value) not in allowed]
        if added:
            article = "an" if kind[0] == "e" else "a"
            found.append((check, f"shows {article} {kind} the English does not have: {_short(added[0])!r}"
                                 + (f" (and {len(added) - 1} more)" if len(added) > 1 else "")))

    # invisible characters inside an address, a number or a word
    spans = [(index[start], index[end - 1] + 1) for start, end in
             [*ours["spans"], *((m.start(), m.end()) for m in NUMBER.finditer(plain))]]
    hidden = [(match.start(), match.group(0)) for match in INVISIBLE.finditer(target_text)
              if any(start < match.start() < end for start, end in spans)]
    hidden += [item for item in stray_in_word(target_text) if item not in hidden]
    if hidden:
        position, char = min(hidden)
        around = visible_around(target_text, position)
        found.append(("invisible", f"holds an invisible character, {describe_char(char)}, inside {around!r}; "
                                   "delete it (it hides text from the checks, or changes what prints)"))

    # numbers, as displayed, addresses left out (they are compared above)
    theirs_numbers = _numbers(_masked(source_text), "ltr")
    ours_numbers = _numbers(_masked(target_text), direction)
    added, missing = _compare_numbers(theirs_numbers, ours_numbers, code)
    if added or missing:
        shown = displayed(_masked(target_text), direction)
        if missing:
            found.append(("numbers", f"numbers differ from the English as printed (the English has "
                                     f"{', '.join(theirs_numbers) or 'none'}; a reader sees "
                                     f"{', '.join(ours_numbers) or 'none'})"))
        else:
            runs = _phone_runs(shown, added)
            found.append(("numbers", f"shows numbers the English does not have: {', '.join(runs)}"))
    return found


def visible_around(text: str, position: int, width: int = 12) -> str:
    """The visible characters around `position` of `text`, to name where a hidden one is."""
    before = "".join(c for c in text[:position] if not invisible(c))[-width:]
    after = "".join(c for c in text[position + 1:] if not invisible(c))[:width]
    return (before.split()[-1] if before.split() and not before.endswith(" ") else "") + "…" + \
        (after.split()[0] if after.split() and not after.startswith(" ") else "")


def _prose(text: str) -> str:
    """A message without its Markdown link targets and footnote references: the `links` and
    `footnotes` checks compare those; what is left is read as printed."""
    return _FOOTNOTE.sub(" ", _LINK_TARGET.sub("]", text))


def addresses(text: str) -> list[tuple[str, str]]:
    """The (kind, address) of every web address, e-mail address and domain name a reader sees in
    `text`, invisible characters removed: kind is "web address", "e-mail address" or "domain name"."""
    found = _addresses(without_invisible(as_read(text))[0])
    return [(kind, value) for kind in ("web address", "e-mail address", "domain name") for value in found[kind]]


def same_address(shown: str, kind: str, href: str) -> bool:
    """Whether a link's target `href` is the address `shown` (of `kind`) its text shows: the same
    e-mail address after mailto:, the same web address (a domain or www. address with any scheme)."""
    if kind == "e-mail address":
        return href.lower().removeprefix("mailto:") == shown.lower()
    if "://" in shown:
        return _key(href) == _key(shown)
    target = re.sub(r"^https?://", "", href, flags=re.I)
    return _key(target) == _key(shown)


def _addresses(text: str) -> dict:
    """The web addresses, e-mail addresses and domain names of `text` (already without invisible
    characters), and their spans."""
    found: dict = {"web address": [], "e-mail address": [], "domain name": [], "spans": []}
    taken = [False] * len(text)
    for kind, pattern, hint in (("e-mail address", EMAIL, "@" in text),
                                ("web address", URL, "://" in text or "www." in text.lower()),
                                ("domain name", DOMAIN, bool(_MAYBE_DOMAIN.search(text)))):
        for match in pattern.finditer(text) if hint else ():
            start, end = match.span()
            while end > start and text[end - 1] in _TRAILING:
                end -= 1
            if any(taken[start:end]) or (kind == "domain name" and not _top_level(match.group("tld"))):
                continue
            taken[start:end] = [True] * (end - start)
            found[kind].append(text[start:end])
            found["spans"].append((start, end))
    return {key: value if key == "spans" else list(dict.fromkeys(value)) for key, value in found.items()}


def _top_level(tld: str) -> bool:
    return not tld.isascii() or len(tld) == 2 or tld.lower() in GENERIC_TLDS or tld.lower().startswith("xn--")


def _hosts(addresses: dict) -> set[str]:
    """The host names of the English's web and e-mail addresses: a translation may name them."""
    hosts = {_host(url) for url in addresses["web address"]}
    hosts |= {email.rpartition("@")[2] for email in addresses["e-mail address"]}
    return hosts | {host.removeprefix("www.") for host in hosts}


def _host(url: str) -> str:
    try:
        return urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    except ValueError:  # such as an unclosed [ of an IPv6 address
        return ""


def _key(address: str) -> str:
    """An address as compared: case does not matter in a scheme or host, a final slash neither."""
    return address.rstrip("/").lower() if address.isascii() else address.rstrip("/")


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _masked(text: str) -> str:
    """`text` with each web address, e-mail address and domain name replaced by letters (strong
    left-to-right, as an address is), so that the digits in them are not read as numbers."""
    plain, index = without_invisible(text)
    spans = _addresses(plain)["spans"]
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(text[last:index[start]])
        out.append("x" * (end - start))
        last = index[end - 1] + 1
    out.append(text[last:])
    return "".join(out)


def _numbers(text: str, direction: str) -> list[str]:
    return NUMBER.findall(displayed(text, direction))


def _compare_numbers(source: list[str], target: list[str], code: str) -> tuple[list[str], list[str]]:
    """Numbers of `target` no number of `source` matches, and numbers of `source` left unmatched."""
    wanted = Counter(_normal(number, {}) for number in source)
    added = []
    for number in target:
        # The locale's own marks count only in a number written with some non-ASCII character
        # (۳۰۲٫۱۸۱, 1 000 with a no-break space): "302,181" for the English 302.181 is a statute
        # number changed, whatever Spanish writes for decimals (keep numbers as the English has them).
        forms = [_normal(number, {})] if number.isascii() else [_normal(number, {}),
                                                                _normal(number, _locale_separators(code))]
        match = next((form for form in forms if wanted[form] > 0), None)
        if match is None:
            added.append(number)
        else:
            wanted[match] -= 1
    return added, list((+wanted).elements())


def _normal(number: str, separators: dict[str, str]) -> str:
    """A number's digits in ASCII and its separators as English writes them: the locale's
    (`separators`, CLDR's decimal -> '.', group -> ',') first, then the unambiguous marks."""
    out = []
    for char in number:
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        elif char in separators:
            out.append(separators[char])
        else:
            out.append({"\u066b": ".", "\u066c": ",", "'": ",", "\u2019": ",", "\u00a0": ",", "\u202f": ",",
                        "\u2009": ","}.get(char, char))
    return "".join(out)


@functools.cache
def _locale_separators(code: str) -> dict[str, str]:
    """CLDR's decimal and group symbols of the locale (its default numbering system and Latin
    digits), as the English ones."""
    try:
        locale = Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return {}
    symbols: dict[str, str] = {}
    for system in dict.fromkeys([locale.default_numbering_system or "latn", "latn"]):
        try:
            symbols.setdefault(get_decimal_symbol(locale, numbering_system=system), ".")
            symbols.setdefault(get_group_symbol(locale, numbering_system=system), ",")
        except Exception:  # a numbering system Babel has no symbols for
            continue
    return {char: value for char, value in symbols.items() if len(char) == 1}


def _phone_runs(shown: str, numbers: list[str]) -> list[str]:
    """The added numbers as a reader sees them together: a telephone number whole, not in pieces."""
    spans, used = [], set()
    for number in numbers:
        match = next((m for m in NUMBER.finditer(shown) if m.group(0) == number and m.start() not in used), None)
        if match is not None:
            used.add(match.start())
            spans.append(match.span())
    runs = []
    for start, end in spans:
        run = next((m.group(0).strip() for m in PHONE.finditer(shown) if m.start() <= start and end <= m.end()),
                   shown[start:end])
        if run not in runs:
            runs.append(run)
    return runs
