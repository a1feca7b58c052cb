"""Inline Markdown in a message: emphasis, links and footnote references, carried through translation.

The English and every translation are read by the same markdown-it configuration, so what the
checks compare is exactly what prints. Only `*em*`, `**strong**`, `[text](https://…)` and
`[^label]` have a meaning; any other construct (code, images, HTML, strike-through) is refused
in the source and printed as typed from a translation, where `dmvpub check` reports it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline.state_inline import Delimiter, StateInline
from markdown_it.token import Token
from markupsafe import Markup
from mdit_py_plugins.footnote import footnote_plugin

from .linebreak import address_breaks
from .shown import addresses, same_address

SCHEMES = ("https", "http", "mailto")
# Constructs markdown-it recognises that a message may not use, as an editor would name them.
REFUSED = {"code_inline": "inline code (`…`)", "image": "an image (![…](…))", "html_inline": "HTML",
           "s_open": "strike-through (~~…~~)"}


def markdown_parser() -> MarkdownIt:
    """CommonMark with footnotes, and with HTML, tables and strike-through recognised so that they
    can be refused by name rather than printed as typed. Character references (`&amp;`) print as
    typed, like the rest of a translator's text."""
    parser = (MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).disable("entity")
              .use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True))
    # Emphasis as Chinese, Japanese and Korean write it: `**是的。**在`, `**REAL ID Act(리얼 아이디법)**에`.
    parser.inline.ruler.at("emphasis", _cjk_friendly_emphasis)
    # markdown-it drops links it finds unsafe (javascript:, file:, data:) and prints their brackets;
    # every link is kept here so that its scheme is refused by name, not hidden in the text.
    parser.validateLink = lambda url: True
    return parser


def _cjk_friendly_emphasis(state: StateInline, silent: bool) -> bool:
    """markdown-it's emphasis rule with the delimiter runs judged by the CommonMark CJK-friendly
    amendments (https://github.com/tats-u/markdown-cjk-friendly, specification.md; CommonMark issue
    650). CommonMark's flanking rules refuse `**是的。**在` (a closing mark between CJK punctuation and
    a letter) and `**…)**에` (a Korean particle after the mark), so the bold prints as typed
    asterisks. The same rule is used by markdown-it's JavaScript plugin markdown-it-cjk-friendly;
    the Python port on PyPI (mdit-py-cjk-friendly 0.3) requires markdown-it-py below 4 and leaves
    Hangul out, hence this one (issue 24). Text without CJK characters is judged exactly as CommonMark."""
    start = state.pos
    marker = state.src[start]
    if silent or marker not in ("_", "*"):
        return False
    can_open, can_close, length = _scan_delimiters(state.src, start, state.posMax, marker == "*")
    for _ in range(length):
        token = state.push("text", "", 0)
        token.content = marker
        state.delimiters.append(Delimiter(marker=ord(marker), length=length, token=len(state.tokens) - 1,
                                          end=-1, open=can_open, close=can_close))
    state.pos += length
    return True


def _scan_delimiters(src: str, start: int, end: int, can_split_word: bool) -> tuple[bool, bool, int]:
    """(can open, can close, length) of the delimiter run at `start`, by the amended rules 6.2."""
    position = start
    while position < end and src[position] == src[start]:
        position += 1
    before = src[start - 1] if start > 0 else " "  # the ends of the line count as white space
    after = src[position] if position < end else " "
    # a sequence ending in a variation selector is judged by the character it follows
    base = src[start - 2] if start > 1 and "\ufe00" <= before <= "\ufe0e" else before
    ideographic_selector = "\U000e0100" <= before <= "\U000e01ef"
    space_before, space_after = isWhiteSpace(ord(before)), isWhiteSpace(ord(after))
    left = not space_after and (not _non_cjk_punctuation(after) or space_before or _non_cjk_punctuation(base)
                                or is_cjk(base) or ideographic_selector)
    right = not space_before and (not _non_cjk_punctuation(base) or space_after or _non_cjk_punctuation(after)
                                  or is_cjk(after))
    if can_split_word:  # `*`
        return left, right, position - start
    return (left and (not right or _punctuation(base)), right and (not left or _punctuation(after)),
            position - start)


def _punctuation(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _non_cjk_punctuation(char: str) -> bool:
    return _punctuation(char) and not is_cjk(char)


_HANGUL = ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7AF), (0xD7B0, 0xD7FF),
           (0xFFA0, 0xFFDC))


def is_cjk(char: str) -> bool:
    """A CJK character as the amendments define it: East Asian Width W, F or H and not an emoji, or
    Hangul. Python has no emoji property; the wide symbols of the emoji and pictograph blocks stand
    for it (a CJK symbol such as 〄 stays CJK)."""
    point = ord(char)
    if any(low <= point <= high for low, high in _HANGUL):
        return True
    if unicodedata.east_asian_width(char) not in ("W", "F", "H"):
        return False
    return not (unicodedata.category(char) == "So" and (point >= 0x1F000 or 0x2190 <= point <= 0x2BFF))


PARSER = markdown_parser()


def inline_tokens(text: str) -> list[Token]:
    """The inline tokens of one message."""
    tokens = PARSER.parseInline(text, {})
    return tokens[0].children or [] if tokens else []


def scheme_allowed(href: str) -> bool:
    return urlsplit(href).scheme.lower() in SCHEMES


@dataclass(frozen=True)
class Construct:
    """A piece of inline Markdown found in a message, and how many lines into the message it is."""

    kind: str  # "link", "footnote", "em", "strong", or a key of REFUSED
    value: str  # the link's target, the footnote's label, "" for the rest
    line_offset: int


def constructs(text: str | list[Token]) -> list[Construct]:
    """Every construct of a message, in order."""
    found, offset = [], 0
    for token in inline_tokens(text) if isinstance(text, str) else text:
        if token.type in ("softbreak", "hardbreak"):
            offset += 1
        elif token.type == "link_open":
            found.append(Construct("link", token.attrGet("href") or "", offset))
        elif token.type == "footnote_ref":
            found.append(Construct("footnote", token.meta["label"], offset))
        elif token.type in ("em_open", "strong_open"):
            found.append(Construct(token.type.removesuffix("_open"), "", offset))
        elif token.type in REFUSED:
            found.append(Construct(token.type, "", offset))
    return found


def link_targets(text: str) -> list[str]:
    """The targets of a message's links, each once, in order."""
    return list(dict.fromkeys(c.value for c in constructs(text) if c.kind == "link"))


def deceptive_links(text: str | list[Token]) -> list[str]:
    """Links whose text shows an address other than their target: `[https://dor.mo.gov/privacy/]
    (https://evil.example/)` (issue #21). The web edition shows only the text."""
    return [message for message, _ in deceptive_link_lines(text)]


def deceptive_link_lines(text: str | list[Token]) -> list[tuple[str, int]]:
    """As `deceptive_links`, with how many lines into the message each link is."""

    found, offset = [], 0
    links: list[tuple[str, int, list[str]]] = []  # open links: target, line offset, text shown
    for token in inline_tokens(text) if isinstance(text, str) else text:
        if token.type in ("softbreak", "hardbreak"):
            offset += 1
        elif token.type == "link_open":
            links.append((token.attrGet("href") or "", offset, []))
        elif token.type == "text" and links:
            links[-1][2].append(token.content)
        elif token.type == "link_close" and links:
            href, at, shown = links.pop()
            for kind, address in addresses("".join(shown)):
                if not same_address(address, kind, href):
                    found.append((f"a link shows the {kind} {address[:60]!r} but leads to {href[:60]!r}; "
                                  "its text and its target must be the same address", at))
                    break
    return found


def stray_delimiters(text: str | list[Token]) -> list[str]:
    """Emphasis marks that open or close nothing: `*`, `**` or `_` left as text between words."""
    stray = []
    for token in inline_tokens(text) if isinstance(text, str) else text:
        if token.type == "text":
            stray.extend(run for run in _delimiter_runs(token.content))
    return stray


def _delimiter_runs(text: str) -> list[str]:
    runs, index = [], 0
    while index < len(text):
        char = text[index]
        if char in "*_":
            end = index
            while end < len(text) and text[end] == char:
                end += 1
            before, after = text[index - 1:index], text[end:end + 1]
            # a mark touching a word on one side only is one that meant to open or close emphasis
            # (a snake_case word or "2 * 3" are not)
            if bool(before.strip()) != bool(after.strip()) and not (char == "_" and before.isalnum()):
                runs.append(text[index:end])
            index = end
        else:
            index += 1
    return runs


# A link's target: `](url)`, `](<url>)`, `](url "title")`, one level of parentheses inside the URL
# (Wikipedia's). Possessive quantifiers and no `(` outside a pair keep each attempt short, so a
# message of 25,000 `](` is checked in linear time (issue 24, item 13: it took 215 s).
_LINK_DESTINATION = re.compile(r'\]\(\s*+<?(?:[^()\s<>]|\([^()\s]*+\))*+>?(?:\s++"[^"]*+")?+\s*+\)')


def without_link_targets(text: str) -> str:
    """The message with its Markdown links' targets left out (`[text](url)` as `[text]`): for checks
    that look for addresses in prose, which would read a target and the word after it as one."""
    return _LINK_DESTINATION.sub("]", text)


def plain_text(text: str) -> str:
    """A message as it reads in print, markup removed: what a PDF's text layer holds."""
    return "".join(token.content for token in inline_tokens(text) if token.type == "text")


@dataclass
class Notes:
    """The numbered notes after one answer: its footnotes and, in print, the addresses of its links
    (paper cannot be clicked). Numbered in the order the text refers to them, in the reader's digits."""

    anchor: str  # prefix of the notes' ids, unique in the page
    footnotes: dict[str, object]  # label -> the footnote's text (a localize.Text or a str)
    number: Callable[[int], str]
    print_addresses: bool
    entries: list[Note] = field(default_factory=list)

    def refer(self, kind: str, key: str) -> Note | None:
        for note in self.entries:
            if (note.kind, note.key) == (kind, key):
                return note
        if kind == "footnote" and key not in self.footnotes:
            return None
        note = Note(kind, key, f"{self.anchor}-note-{len(self.entries) + 1}", self.number(len(self.entries) + 1),
                    self.footnotes.get(key) if kind == "footnote" else key)
        self.entries.append(note)
        return note


@dataclass(frozen=True)
class Note:
    kind: str  # "footnote" or "address"
    key: str  # the footnote's label, or the address
    id: str
    number: str
    content: object  # the footnote's text, or the address


def to_html(text: str, words: Callable[[str], Markup], links: bool = False, notes: Notes | None = None,
            addresses_inline: bool = False) -> Markup:
    """A message as HTML; `words` turns plain text into HTML (escaping it).

    With `links`, links are links (of the allowed schemes; any other prints as its text); with
    `notes`, footnote references become numbered notes and so, for print, do link addresses;
    `addresses_inline` prints a link's address after its text instead (inside a note). A link whose
    text is its address (`<https://…>`) is not given it twice. Headings, contents and the flyer
    take neither: their links and references print as text.
    """
    out: list[str] = []
    open_links: list[str | None] = []
    link_texts: list[str] = []  # what each open link prints
    for token in inline_tokens(text):
        kind = token.type
        if kind == "text":
            out.append(words(token.content))
            link_texts[-1:] = [text + token.content for text in link_texts[-1:]]
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in ("em_open", "strong_open", "em_close", "strong_close"):
            out.append(f"<{'/' if kind.endswith('close') else ''}{kind.split('_')[0]}>")
        elif kind == "link_open":
            href = token.attrGet("href") or ""
            open_links.append(href if links and scheme_allowed(href) else None)
            link_texts.append("")
            if open_links[-1]:
                out.append(Markup('<a href="{}">').format(href))
        elif kind == "link_close":
            href = open_links.pop() if open_links else None
            shown = link_texts.pop() if link_texts else ""
            if href:
                out.append("</a>")
                if shown.strip() in (href, href.removeprefix("mailto:")):
                    continue
                if addresses_inline:
                    out.append(Markup(' <span class="address">({})</span>').format(address_link(href)))
                elif notes is not None and notes.print_addresses:
                    out.append(_marker(notes.refer("address", href)))
        elif kind == "footnote_ref":
            note = notes.refer("footnote", token.meta["label"]) if notes is not None else None
            out.append(_marker(note) if note else words(f"[^{token.meta['label']}]"))
        elif kind == "code_inline":
            out.append(words(token.markup + token.content + token.markup))
        elif kind == "image":
            out.append(words(f"![{token.content}]({token.attrGet('src') or ''})"))
        else:  # HTML and strike-through marks, as typed
            out.append(words(token.content or token.markup))
    return Markup("".join(out))


def _marker(note: Note) -> Markup:
    return Markup('<sup class="note-ref"><a href="#{}">{}</a></sup>').format(note.id, note.number)


def address_link(href: str) -> Markup:
    """A link's target printed for paper, and linked: a mail address without its scheme, breaking
    only after a "/" (linebreak.address_breaks)."""
    return Markup('<a href="{0}">{1}</a>').format(href, address_breaks(href.removeprefix("mailto:")))


def differences(source: str, target: str) -> list[tuple[str, str]]:
    """How a translation's markup differs from its English's, as (check, message): the same link
    targets (none added), the same footnote references and as many emphasised passages, each
    closed; nothing the English does not use."""
    found = []
    source_tokens, target_tokens = inline_tokens(source), inline_tokens(target)  # each parsed once
    theirs, ours = constructs(source_tokens), constructs(target_tokens)
    their_links = list(dict.fromkeys(c.value for c in theirs if c.kind == "link"))
    our_links = list(dict.fromkeys(c.value for c in ours if c.kind == "link"))
    for target_link in our_links:
        if target_link not in their_links:
            found.append(("links", f"has a link to {target_link[:60]!r}, which the English does not have"))
    for source_link in their_links:
        if source_link not in our_links:
            found.append(("links", f"drops the link to {source_link[:60]!r}; keep it as [translated text]"
                                   f"({source_link[:60]})"))
    labels = sorted(c.value for c in theirs if c.kind == "footnote")
    if labels != sorted(c.value for c in ours if c.kind == "footnote"):
        shown = " ".join(f"[^{label}]" for label in labels) or "none"
        found.append(("footnotes", f"footnote references differ from the English's ({shown}); keep each as it is"))
    for kind, marks in (("em", "*…*"), ("strong", "**…**")):
        want, have = sum(c.kind == kind for c in theirs), sum(c.kind == kind for c in ours)
        if want != have:
            found.append(("emphasis", f"has {have} passage(s) in {marks} where the English has {want}"))
    stray = stray_delimiters(target_tokens)
    if stray and not stray_delimiters(source_tokens):
        found.append(("emphasis", f"the emphasis mark {stray[0]!r} opens or closes nothing"))
    # HTML is the "markup" check's own (checks.markup.new_markup), which names the tag
    refused = {c.kind for c in ours if c.kind in REFUSED} - {c.kind for c in theirs} - {"html_inline"}
    found.extend(("markup", f"holds {REFUSED[kind]}, which is printed as typed") for kind in sorted(refused))
    return found
