"""The layout check's reading of the breaks between the lines of each paragraph (issue #20), after
WeasyPrint has laid a document out; render.layout runs it on every page.

A word broken without a hyphen where no line may break (not a UAX #14 opportunity by ICU, which
also reads the project's marks: U+200B, U+2060), though it would fit on a line by itself, or a
proper name (joined by U+2060) hyphenated; and a line that ends early: not its paragraph's last,
and the next line's first word, or the first piece of it Pyphen would hyphenate, would have fitted
on it (a contents leader alone on its line is one). Each finding is a LayoutProblem.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field

import icu
import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.text.line_break import Layout, line_size

from .patches import JoinedPyphen

FIT_TOLERANCE = 1  # CSS px: a word "would have fitted" only with more room than rounding
BROKEN = "word broken where no line may break"
EARLY = "line ends early"
HYPHENATED = "word hyphenated at a line's end"


@dataclass(frozen=True)
class LayoutProblem:
    """One finding of the layout check: its page, what is wrong, and the text it is about."""

    page: int  # 1-based
    what: str
    text: str


def _descendants(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _descendants(child)


WORD_JOINER = "\u2060"
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass
class _Piece:
    """A text box of a line: where its text is in the paragraph's source text (`start`, `end`)."""

    box: object
    start: int
    end: int


@dataclass
class _Line:
    page: int
    pieces: list[_Piece]
    used: float  # CSS px from its first glyph to its last
    available: float  # CSS px of room the line had
    hyphenated: bool  # ends with the hyphen hyphenation adds
    leader: bool | None  # holds a leader (a contents entry's last line); None: its leader went to the next line
    glued: tuple = ()  # (style, text) of what follows its last word unbreakably: a no-break space, a leader's dots
    forced: bool = False  # ends with a preserved line break (<br>): may end anywhere

    @property
    def start(self) -> int:
        return self.pieces[0].start

    @property
    def end(self) -> int:
        return self.pieces[-1].end


@dataclass
class _Paragraph:
    """A block's text as written (white space collapsed as CSS does) and its lines, page after page."""

    text: str
    language: str
    at: int = 0  # how far the lines have been found in the text
    lines: list[_Line] = field(default_factory=list)
    lost: bool = False  # a line's text not found in the source text: not judged


def line_break_problems(document) -> list[LayoutProblem]:
    """Words broken where no line may break and lines that end early, in every paragraph of a
    laid-out weasyprint.Document: each named by its page, the two pieces around the break
    (`'Misso' | 'uri?'`) and, as its text, the paragraph's (which finds its message)."""
    problems = []
    try:
        for paragraph in paragraphs(document, boxes):
            problems.extend(_paragraph_problems(paragraph))
    finally:
        _LAYOUTS.clear()
        _WIDTHS.clear()
    return problems


def _paragraph_problems(paragraph: _Paragraph) -> list[LayoutProblem]:
    if paragraph.lost or not paragraph.lines:
        return []
    problems = []
    shown = _shown(paragraph.text[paragraph.lines[0].start:paragraph.lines[-1].end])
    for line in paragraph.lines:
        if line.hyphenated and "\u00ad" not in paragraph.text[max(line.end - 1, 0):line.end + 1]:
            word = paragraph.text[line.start:line.end].split()[-1:] or [""]
            problems.append(LayoutProblem(line.page, f"{HYPHENATED}: {_shown(word[0])!r}‐", shown))
        if line.leader is None:
            last = paragraph.text[line.start:line.end].split()[-1:] or [""]
            problems.append(LayoutProblem(line.page, f"{EARLY}: the leader and page number went to a line of "
                                          f"their own after {_shown(last[0])!r}", shown))
    if len(paragraph.lines) > 1:
        breaks = _opportunities(paragraph.text, paragraph.language)
        for before, after in zip(paragraph.lines, paragraph.lines[1:]):
            problem = _judge(paragraph, breaks, before, after)
            if problem:
                problems.append(LayoutProblem(before.page, problem, shown))
    return problems


def _shown(text: str) -> str:
    return " ".join(text.replace(WORD_JOINER, "").replace("\u200b", "").split())


def paragraphs(document, boxes) -> list[_Paragraph]:
    """Every block of the document's pages that holds lines of text, with those lines found in its
    source text, in order; a paragraph split over pages is one. Margin boxes are left out."""
    found: dict[int, _Paragraph] = {}
    for number, page in enumerate(document.pages, start=1):
        floats = []
        for block in list(_line_blocks(page._page_box, boxes, floats)):
            if block.element is None or "::" in (block.element_tag or ""):
                continue
            paragraph = found.get(id(block.element))
            if paragraph is None:
                text = _COLLAPSIBLE.sub(" ", "".join(block.element.itertext()))
                paragraph = found[id(block.element)] = _Paragraph(text, block.style["lang"] or "")
            for line in block.children:
                if isinstance(line, boxes.LineBox) and not paragraph.lost:
                    _add_line(paragraph, number, block, line, floats, boxes)
    return list(found.values())


def _line_blocks(box, boxes, floats):
    """The blocks that hold lines under `box`; the floats met on the way go into `floats`."""
    if isinstance(box, boxes.MarginBox):
        return
    if box.style["float"] != "none":
        floats.append(box)
    if isinstance(box, boxes.BlockContainerBox) and any(isinstance(c, boxes.LineBox) for c in box.children):
        yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.LineBox):
            yield from _line_blocks(child, boxes, floats)
        else:  # an inline block (a note's number) holds lines of its own
            for inner in _descendants(child):
                if inner is not child and isinstance(inner, boxes.BlockContainerBox) and inner.is_in_normal_flow() \
                        and any(isinstance(c, boxes.LineBox) for c in inner.children):
                    yield inner


def _add_line(paragraph: _Paragraph, page: int, block, line, floats, boxes) -> None:
    pieces, left, right, hyphenated, leader, glued = [], None, None, False, False, []
    forced = False  # a preserved line break ends the line where it stands: a <br>, a kept newline
    for leaf in _leaves(line, boxes):
        if leaf.element_tag == "br" or isinstance(leaf, boxes.TextBox) and "\n" in leaf.text \
                and leaf.style["white_space"] in ("pre", "pre-wrap", "pre-line", "break-spaces"):
            forced = True
            if not isinstance(leaf, boxes.TextBox):
                continue
        box_left, box_right = leaf.position_x, leaf.position_x + leaf.margin_width()
        left = box_left if left is None else min(left, box_left)
        right = box_right if right is None else max(right, box_right)
        if isinstance(leaf, boxes.InlineBox) and leaf.is_leader:
            leader = True
            dots = next((box for box in _descendants(leaf) if isinstance(box, boxes.TextBox)), None)
            if dots is not None:
                glued.append((dots.style, dots.text))
            continue
        if not isinstance(leaf, boxes.TextBox) or "::" in (leaf.element_tag or ""):
            if isinstance(leaf, boxes.TextBox) and pieces:  # the no-break space before a leader
                glued.append((leaf.style, leaf.text))
            continue  # generated content (a leader, the "EN" marker) and atomic boxes: not in the source
        source, text, hyphen = paragraph.text, leaf.text, leaf.style["hyphenate_character"]
        if leaf.style["text_transform"] != "none":  # a label in capitals: found regardless of case
            source, text = source.lower(), text.lower()
            if len(source) != len(paragraph.text):
                paragraph.lost = True
                return
        at = source.find(text, paragraph.at)
        hyphenated = False
        if at < 0 and hyphen and text.endswith(hyphen):
            text, hyphenated = text[:-len(hyphen)], True
            at = source.find(text, paragraph.at)
        if at < 0:
            paragraph.lost = True
            return
        pieces.append(_Piece(leaf, at, at + len(text)))
        glued = []
        paragraph.at = at + len(text)
    if not pieces:
        if leader and paragraph.lines:  # a leader alone on its line: the line before ends early
            paragraph.lines[-1].leader = None
        return
    start, end = block.content_box_x(), block.content_box_x() + block.width
    top, bottom = line.position_y, line.position_y + line.height
    for other in floats:
        if other.position_y < bottom and other.position_y + other.margin_height() > top:
            if other.position_x + other.margin_width() <= (start + end) / 2:
                start = max(start, other.position_x + other.margin_width())
            else:
                end = min(end, other.position_x)
    paragraph.lines.append(_Line(page, pieces, (right - left) if left is not None else 0, end - start,
                                 hyphenated, leader, tuple(glued) if leader else (), forced))


def _leaves(box, boxes):
    """The line's boxes that take room, in order: text boxes, atomic inline boxes, leaders; not
    what is positioned or floated, nor a list's outside marker."""
    for child in box.children:
        if not child.is_in_normal_flow() or child.is_outside_marker:
            continue
        if isinstance(child, boxes.TextBox):
            if child.text:
                yield child
        elif isinstance(child, boxes.InlineBox) and (child.is_leader or child.element_tag == "br"):
            yield child
        elif isinstance(child, boxes.InlineBox):
            yield from _leaves(child, boxes)
        else:  # inline-block, image
            yield child


def _judge(paragraph: _Paragraph, breaks: list[int], before: _Line, after: _Line) -> str | None:
    """What is wrong with the break between two lines of a paragraph, if anything."""
    text = paragraph.text
    gap = text[before.end:after.start]
    if gap.strip(" ") or before.forced:
        return None  # something not laid out in the lines between them (a nested list), or a <br>
    at = after.start
    index = bisect.bisect_left(breaks, at)
    word_start = breaks[index - 1] if index else 0
    index = bisect.bisect_right(breaks, at)
    word_end = breaks[index] if index < len(breaks) else len(text)
    while word_end > at and text[word_end - 1].isspace():
        word_end -= 1
    first, second = _shown(text[max(word_start, before.start):before.end]), _shown(text[at:word_end])
    if not gap and not _has(breaks, at):
        joined = WORD_JOINER in text[at - 1:at + 1]  # a proper name, or a Korean word
        if joined or not before.hyphenated:
            whole = word_start >= before.start and word_end <= after.end
            if joined or whole and _width(before, word_start, before.end) + _width(after, at, word_end) \
                    <= after.available + FIT_TOLERANCE:
                return f"{BROKEN}: {first!r} | {second!r}"
    room = before.available - before.used
    if room < FIT_TOLERANCE or word_end > after.end:
        return None
    if before.hyphenated:
        room += _width(before, before.end, before.end, hyphen=True)
    elif gap:
        room -= _text_width(before.pieces[-1].box.style, " ")  # the space the line broke at
    if word_end == after.end:  # the paragraph's last word takes along what is glued to it
        room -= sum(_text_width(style, glued) for style, glued in after.glued)
    if _least_width(after, at, word_end, text) <= room:
        if _width(after, at, word_end) <= room - FIT_TOLERANCE:
            return f"{EARLY}, the next word would have fitted: {first!r} | {second!r}"
        # a hyphenated line's next piece is the rest of its word, which Pyphen splits otherwise
        piece = None if before.hyphenated else _hyphenation_piece(after, text[at:word_end], room)
        if piece:
            return f"{EARLY}, a piece of the next word would have fitted: {first!r} | {piece!r}‐ (of {second!r})"
    return None


def _has(breaks: list[int], at: int) -> bool:
    index = bisect.bisect_left(breaks, at)
    return index < len(breaks) and breaks[index] == at


def _hyphenation_piece(line: _Line, word: str, room: float) -> str | None:
    """The shortest first piece of `word` (the start of `line`) that WeasyPrint's hyphenation
    could have put, with its hyphen, in `room` CSS px; None if none fits or none may be made."""
    box = line.pieces[0].box
    style = box.style
    if style["hyphens"] != "auto" or not style["lang"]:
        return None
    language = pyphen.language_fallback(style["lang"])
    core = re.search(r"\w+", word)
    total, left, right = style["hyphenate_limit_chars"]
    if not language or not core or len(core.group()) < total:
        return None
    pieces = [start for start, _ in _pyphen(language, left, right).iterate(core.group())]
    if not pieces:
        return None
    shortest = word[:core.start()] + pieces[-1]
    width = _width(line, line.start, line.start + len(shortest)) + _text_width(style, style["hyphenate_character"])
    return shortest if width <= room - FIT_TOLERANCE else None


@functools.cache
def _pyphen(language: str, left: int, right: int):
    return JoinedPyphen(lang=language, left=left, right=right)


def _width(line: _Line, start: int, end: int, hyphen: bool = False) -> float:
    """CSS px that the paragraph's text[start:end] takes on `line` (with `hyphen`: the width of the
    hyphen that ends the line). Each text box's part is measured on its own, in its style."""
    if hyphen:
        style = line.pieces[-1].box.style
        return _text_width(style, style["hyphenate_character"])
    total = 0.0
    for piece in line.pieces:
        low, high = max(start, piece.start), min(end, piece.end)
        if low < high:
            total += _text_width(piece.box.style, piece.box.text[low - piece.start:high - piece.start])
    return total


def _least_width(line: _Line, start: int, end: int, text: str) -> float:
    """A cheap lower bound of _width: 0.15 em a visible character (marks and joiners take none)."""
    size = line.pieces[0].box.style["font_size"]
    return 0.15 * size * sum(1 for c in text[start:end] if unicodedata.category(c)[0] not in "MC")


def _text_width(style, text: str) -> float:
    """The width of `text` set alone in `style`, CSS px: one Pango layout per style, reused."""
    width = _WIDTHS.get((id(style), text))
    if width is not None:
        return width
    layout = _LAYOUTS.get(id(style))
    if layout is None or layout[0] is not style:
        layout = _LAYOUTS[id(style)] = (style, Layout(style))
    layout[1].set_text(text)
    first_line, _ = layout[1].get_first_line()
    width = _WIDTHS[id(style), text] = line_size(first_line, style)[0]
    return width


_LAYOUTS: dict[int, tuple] = {}  # id(style) -> (style, its Layout); cleared after each document
_WIDTHS: dict[tuple[int, str], float] = {}  # (id(style), text) -> its width; cleared with _LAYOUTS


def _opportunities(text: str, language: str) -> list[int]:
    """Where in `text` a line may start, by ICU's line breaking for `language` (UAX #14 and its
    dictionaries), as indexes into the str (ICU counts UTF-16 units)."""
    iterator = _line_iterator(language.replace("-", "_"))
    iterator.setText(text)
    if _ASTRAL.search(text):
        units = [index for index, character in enumerate(text) for _ in range(2 if ord(character) > 0xFFFF else 1)]
        units.append(len(text))
        breaks = [units[offset] for offset in iterator if offset < len(units)]
    else:
        breaks = list(iterator)
    if re.split(r"[-_@]", language, maxsplit=1)[0].lower() == "ko":  # keep-all, as dmvpub.linebreak sets Korean
        breaks = [at for at in breaks if at == len(text) or text[at - 1].isspace() or text[at - 1] == "\u200b"]
    return breaks


@functools.cache
def _line_iterator(language: str):
    return icu.BreakIterator.createLineInstance(icu.Locale(language))
