"""Reads the English source: Markdown with YAML front matter, one `## Question {#id}` per question.

Markdown is parsed by markdown-it-py. A question's section holds paragraphs, numbered and
bulleted lists and footnote definitions; its text may use emphasis, links and footnote
references (see `richtext`). Anything else is refused with its line, never printed as typed.
Text is kept as written, inline Markdown included, so what an editor types is exactly what
translators see.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from ..core.errors import DmvpubError
from ..text.visible import BIDI_CONTROLS, DEFAULT_IGNORABLE, FILLERS, describe_char
from ..core.model import MAX_FIELD_CHARS, MAX_SOURCE_MESSAGE_CHARS, Document, Field, Footnote, ItemList, ListItem, Paragraph, Question, Review
from ..text.richtext import (REFUSED, SCHEMES, constructs, deceptive_link_lines, markdown_parser, scheme_allowed,
                       stray_delimiters)

# Bidi controls, fillers and the invisible characters English has no use for (ZWJ, ZWNJ and soft hyphens may
# stand in an example word of another script or a hyphenation hint; the no-break and word joiners are
# how an editor keeps words together).
_HIDDEN = re.compile("[" + "".join(f"\\U{code:08x}" for code in sorted(
    (DEFAULT_IGNORABLE | FILLERS | BIDI_CONTROLS) - {0x00AD, 0x200C, 0x200D, 0x2060, 0xFEFF})) + "]")
_HEADING = re.compile(r"^(?P<text>.*?)\s*\{#(?P<id>[^}]*)\}$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = ("title", "subtitle", "notice")
_REVIEW_STATES = ("draft", "reviewed")
_NOT_YAML = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# About five times the Q&A (0.02 MiB); a catalog made from a source this size, translated twice
# as long in a script of three bytes a character, stays under the catalogs' limit (catalog.py).
MAX_SOURCE_BYTES = 128 * 2**10
MAX_FRONT_MATTER_CHARS = 64 * 1024
_MARKDOWN: MarkdownIt = markdown_parser().use(front_matter_plugin)


def read_document(path: Path, shown_as: str, expected_questions: int | None = None) -> Document:
    """Parse the source file at `path`; `shown_as` is the path written into catalogs."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise DmvpubError(f"source is {size / 2**10:,.0f} KiB; dmvpub reads sources up to "
                              f"{MAX_SOURCE_BYTES // 2**10} KiB (the Q&A is about 24 KiB)", path)
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DmvpubError("source file not found", path) from None
    except UnicodeDecodeError as error:
        raise DmvpubError(f"source is not UTF-8 text ({error.reason} at byte {error.start})", path) from None
    return parse_document(text, shown_as, expected_questions, error_path=path)


def parse_document(text: str, path: str, expected_questions: int | None = None,
                   error_path: Path | str | None = None) -> Document:
    """Turn source text into a Document, or raise DmvpubError naming the line at fault."""
    where = error_path if error_path is not None else path

    def fail(message: str, line: int | None = None) -> DmvpubError:
        return DmvpubError(message, where, line)

    text = text.removeprefix("\ufeff")  # a byte-order mark, as some Windows editors save UTF-8 (issue 24)
    if not text.strip():
        raise fail("the source is empty", 1)
    hidden = _HIDDEN.search(text)
    if hidden:  # issue #21: what the English shows must be what it holds (Trojan Source, CVE-2021-42574)
        raise fail(f"holds {describe_char(hidden.group(0))}, which readers do not see"
                   + (" and which reorders the text around it" if ord(hidden.group(0)) in BIDI_CONTROLS else "")
                   + "; delete it", text.count("\n", 0, hidden.start()) + 1)
    env: dict = {}
    tokens = _MARKDOWN.parse(text, env)
    if not tokens or tokens[0].type != "front_matter":
        raise fail("the source must start with front matter: a line '---', the document's fields, "
                   "and a closing line '---'", 1)
    front = tokens[0]
    fields, as_of, review = _front_matter(front, fail)
    for label, reference in sorted(env.get("references", {}).items(), key=lambda item: item[1]["map"][0]):
        # a message is read alone, without the document's definitions: `[text][ref]` would print as typed
        raise fail(f"reference-style links ([text][{label.lower()}] with '[{label.lower()}]: …') are not supported; "
                   "write each link where it is used, as [text](https://…)", reference["map"][0] + 1)
    questions = _questions(tokens[1:], fail)
    if not questions:
        raise fail("the source has no questions; each starts with a line '## Question text {#id}'",
                   front.map[1] + 1)
    if expected_questions is not None and len(questions) != expected_questions:
        raise fail(f"the source has {len(questions)} questions, but the settings expect {expected_questions}",
                   questions[-1].line)
    return Document(path=path, title=fields["title"], subtitle=fields["subtitle"], notice=fields["notice"],
                    current_as_of=as_of, review=review, questions=tuple(questions))


def _front_matter(token: Token, fail) -> tuple[dict[str, Field], date, Review]:
    first = token.map[0] + 2  # the line after the opening '---', counted from 1
    if len(token.content) > MAX_FRONT_MATTER_CHARS:
        raise fail(f"front matter is longer than {MAX_FRONT_MATTER_CHARS:,} characters; it holds a few "
                   "short fields", first)
    try:
        _refuse_aliases(token.content, first, fail)
        node = yaml.compose(token.content, Loader=yaml.SafeLoader)
        data = yaml.safe_load(token.content)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first + mark.line if mark else token.map[0] + 1
        raise fail(f"front matter is not valid YAML: {error.problem or error}", line) from None
    except yaml.reader.ReaderError as error:  # a control character YAML refuses
        bad = _NOT_YAML.search(token.content)
        line = first + token.content[:bad.start()].count("\n") if bad else first
        raise fail(f"front matter holds a character YAML does not allow: U+{error.character:04X}", line) from None
    except yaml.YAMLError as error:
        raise fail(f"front matter is not valid YAML: {error}", first) from None
    except (ValueError, OverflowError) as error:  # YAML reads 2026-13-40 as a date and finds none
        raise fail(f"front matter holds a value that cannot be read ({error}); "
                   "write dates as YYYY-MM-DD", _line_of_bad_value(node, first)) from None
    if not isinstance(data, dict):
        raise fail("front matter must be a list of 'name: value' lines", first)
    lines = {key.value: first + value.start_mark.line for key, value in node.value}
    for key, value in data.items():
        if _has_surrogate(value):  # "\uD800" in YAML: half of a UTF-16 pair, no character; no catalog can hold it
            typed = _SURROGATE.search(token.content)
            line = first + token.content[:typed.start()].count("\n") if typed else lines.get(key, first)
            shown = f" ({typed.group()})" if typed else ""
            raise fail(f"front matter '{key}' holds half of a UTF-16 surrogate pair{shown}, which is no "
                       "character; write the character itself", line)
    known = {*_FIELDS, "current_as_of", "review"}
    for key in data:
        if key not in known:
            raise fail(f"unknown front matter field '{key}'; expected: {', '.join(sorted(known))}",
                       lines.get(key, first))
    fields = {}
    for key in _FIELDS:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"front matter needs a '{key}' with text", lines.get(key, first))
        fields[key] = Field(_checked_length(" ".join(value.split()), lines[key], fail, f"the {key} is",
                                            MAX_FIELD_CHARS), lines[key])
    as_of = _date(data.get("current_as_of"), "current_as_of", lines.get("current_as_of", first), fail)
    if as_of is None:
        raise fail("front matter needs 'current_as_of', the date the content is current as of (YYYY-MM-DD)",
                   first)
    return fields, as_of, _review(data.get("review"), lines.get("review", first), fail)


_SURROGATE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F][0-9a-fA-F]{2}")


def _has_surrogate(value) -> bool:
    if isinstance(value, str):
        return any("\ud800" <= char <= "\udfff" for char in value)
    if isinstance(value, dict):
        return any(_has_surrogate(key) or _has_surrogate(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_surrogate(item) for item in value)
    return False


def _refuse_aliases(text: str, first: int, fail) -> None:
    """YAML anchors and aliases can expand a few lines into gigabytes ("billion laughs"); the
    front matter never needs them, so they are refused before anything is built from the YAML."""
    for token in yaml.scan(text, Loader=yaml.SafeLoader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise fail("front matter uses a YAML anchor or alias (& or *); write each value out instead",
                       first + token.start_mark.line)


def _line_of_bad_value(node, first: int) -> int:
    """The line of the first front matter value YAML cannot construct, else the first line."""
    for _key, value in getattr(node, "value", []):
        try:
            yaml.SafeLoader("").construct_object(value, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            return first + value.start_mark.line
    return first


def _review(value, line: int, fail) -> Review:
    if not isinstance(value, dict) or value.get("status") not in _REVIEW_STATES:
        raise fail("front matter needs 'review' with 'status: draft' or 'status: reviewed'", line)
    unknown = set(value) - {"status", "by", "date"}
    if unknown:
        raise fail(f"unknown review field(s): {', '.join(sorted(map(str, unknown)))}; expected status, by, date",
                   line)
    by = str(value.get("by") or "").strip()
    on = _date(value.get("date"), "review: date", line, fail)
    if value["status"] == "reviewed" and not (by and on):
        raise fail("a reviewed text needs 'by' (who checked it) and 'date' (when, YYYY-MM-DD)", line)
    return Review(value["status"], by, on)


def _date(value, name: str, line: int, fail) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise fail(f"'{name}' must be a date written YYYY-MM-DD, not {value!r}", line) from None


def _questions(tokens: list[Token], fail) -> list[Question]:
    questions: list[Question] = []
    seen: dict[str, int] = {}
    section: _Section | None = None

    def close() -> None:
        if section is not None:
            questions.append(section.question(fail))

    index = 0
    while index < len(tokens):
        token = tokens[index]
        line = token.map[0] + 1 if token.map else None
        if token.type == "heading_open":
            if token.tag != "h2":
                raise fail("only '## ' headings are allowed: each one starts a question", line)
            close()
            section = _Section(*_heading(tokens[index + 1], line, seen, fail))
            index += 3
            continue
        if section is None and token.type in _BLOCKS:
            raise fail(f"{_BLOCKS[token.type]} before the first question; start a question with "
                       "'## Question text {#id}'", line)
        if token.type == "paragraph_open":
            section.answer.append(Paragraph(_text(tokens[index + 1], line, fail), line))
            index += 3
        elif token.type in ("ordered_list_open", "bullet_list_open"):
            items, index = _item_list(tokens, index, fail)
            section.answer.append(items)
        elif token.type == "footnote_reference_open":
            note, index = _footnote(tokens, index, section, fail)
            section.notes.append(note)
        else:
            raise fail(f"unsupported Markdown ({_describe(token)}); a question's section holds paragraphs, "
                       "numbered or bulleted lists and footnotes", line)
    close()
    return questions


_BLOCKS = {"paragraph_open": "text", "ordered_list_open": "a list", "bullet_list_open": "a list",
           "footnote_reference_open": "a footnote"}


class _Section:
    """What has been read of one question's section so far."""

    def __init__(self, qid: str, text: str, line: int):
        self.id, self.text, self.line = qid, text, line
        self.answer: list = []
        self.notes: list[Footnote] = []

    def question(self, fail) -> Question:
        if not self.answer:
            raise fail(f"question '{self.id}' has no answer", self.line)
        defined = {note.label: note for note in self.notes}
        referred = set()
        for block in self.answer:
            for text, line in ([(block.text, block.line)] if isinstance(block, Paragraph)
                               else [(item.text, item.line) for item in block.items]):
                for construct in constructs(text):
                    if construct.kind == "footnote":
                        if construct.value not in defined:
                            raise fail(f"footnote [^{construct.value}] is not defined in question '{self.id}'; "
                                       f"add a line '[^{construct.value}]: …' to its section",
                                       line + construct.line_offset)
                        referred.add(construct.value)
        for note in self.notes:
            if note.label not in referred:
                raise fail(f"footnote [^{note.label}] is never referred to in question '{self.id}'", note.line)
        return Question(self.id, self.text, self.line, tuple(self.answer), tuple(self.notes))


def _heading(inline: Token, line: int, seen: dict[str, int], fail) -> tuple[str, str, int]:
    match = _HEADING.match(inline.content.strip())
    if not match:
        raise fail("a question heading must end with its id, like '## What is shared? {#what-is-shared}'", line)
    qid, text = match["id"], _plain(match["text"])
    if not _ID.match(qid):
        raise fail(f"question id '{qid}' must be lowercase letters, digits and single hyphens", line)
    if not text:
        raise fail(f"question '{qid}' has no question text", line)
    if qid in seen:
        raise fail(f"question id '{qid}' is used twice (first on line {seen[qid]})", line)
    _check_inline(text, line, fail, where="a question heading", refused=("link", "footnote"))
    seen[qid] = line
    return qid, text, line


def _item_list(tokens: list[Token], index: int, fail) -> tuple[ItemList, int]:
    ordered = tokens[index].type == "ordered_list_open"
    start = int(tokens[index].attrs.get("start", 1)) if ordered else 1
    closing = "ordered_list_close" if ordered else "bullet_list_close"
    items = []
    index += 1
    while tokens[index].type != closing:
        line = tokens[index].map[0] + 1
        body, index = _until_closed(tokens, index, "list_item_open", "list_item_close")
        if [t.type for t in body] != ["paragraph_open", "inline", "paragraph_close"]:
            raise fail("a list item must be one paragraph of text (no nested lists or blank lines inside)", line)
        items.append(ListItem(_text(body[1], line, fail), line))
    return ItemList(ordered, start, tuple(items)), index + 1


def _footnote(tokens: list[Token], index: int, section: _Section, fail) -> tuple[Footnote, int]:
    label = tokens[index].meta["label"]
    line = tokens[index].map[0] + 1
    body, index = _until_closed(tokens, index, "footnote_reference_open", "footnote_reference_close")
    if [t.type for t in body] != ["paragraph_open", "inline", "paragraph_close"]:
        raise fail(f"footnote [^{label}] must be one paragraph of text", line)
    if any(note.label == label for note in section.notes):
        raise fail(f"footnote [^{label}] is defined twice in question '{section.id}'", line)
    return Footnote(label, _text(body[1], line, fail, where="a footnote", refused=("footnote",)), line), index


def _until_closed(tokens: list[Token], index: int, opening: str, closing: str) -> tuple[list[Token], int]:
    """The tokens inside the element opened at `index`, and the index after it."""
    end, depth = index + 1, 1
    while depth:
        depth += {opening: 1, closing: -1}.get(tokens[end].type, 0)
        end += 1
    return tokens[index + 1:end - 1], end


def _text(inline: Token, line: int, fail, where: str = "", refused: tuple[str, ...] = ()) -> str:
    text = _checked_length(_plain(inline.content), line, fail)
    _check_inline(inline.children, line, fail, where, refused)  # as parsed from the lines typed
    return text


def _check_inline(text: str | list[Token], line: int, fail, where: str = "", refused: tuple[str, ...] = ()) -> None:
    """Refuse inline Markdown that would not print as meant, naming its line; `where` names a place
    that may not hold the `refused` kinds of construct."""
    for construct in constructs(text):
        at = line + construct.line_offset
        if construct.kind in REFUSED:
            raise fail(f"unsupported Markdown ({REFUSED[construct.kind]}); text may use *emphasis*, "
                       "**strong emphasis**, [links](https://…) and footnotes [^1]", at)
        if construct.kind in refused:
            raise fail(f"{where} may not hold {'links' if construct.kind == 'link' else 'footnote references'}; "
                       "put them in the answer", at)
        if construct.kind == "link" and not scheme_allowed(construct.value):
            raise fail(f"link to {construct.value[:60]!r}: only {', '.join(SCHEMES)} links are allowed", at)
    for message, offset in deceptive_link_lines(text):
        raise fail(message, line + offset)
    stray = stray_delimiters(text)
    if stray:
        raise fail(f"the emphasis mark {stray[0]!r} opens or closes nothing; close it, or write \\{stray[0][0]} "
                   "to print it as it is", line)


def _plain(text: str) -> str:
    """Text as written, with the line breaks of a wrapped paragraph folded into spaces."""
    return " ".join(text.split())


def _checked_length(text: str, line: int | None, fail, what: str = "a paragraph",
                    limit: int = MAX_SOURCE_MESSAGE_CHARS) -> str:
    """`text`, or an error when it is longer than a source text may be (its translation may be twice as long)."""
    if len(text) > limit:
        raise fail(f"{what} longer than {limit:,} characters; "
                   f"{'split' if what == 'a paragraph' else 'shorten'} it", line)
    return text


def _describe(token: Token) -> str:
    names = {"code_block": "an indented code block", "fence": "a code block", "blockquote_open": "a quotation",
             "hr": "a horizontal rule", "html_block": "HTML", "table_open": "a table"}
    return names.get(token.type, token.type.removesuffix("_open").replace("_", " "))
