"""The layout check: once WeasyPrint has laid a document out, is every text on its page?

Looked for on every page: text outside the trim area less a 0.125 in safety margin, text that
runs past the side of the box it is set in (a word too long to wrap), text drawn over other
text (a contents entry over its page number, a running head over the body), and a heading
left alone at the foot of a page (a block with `break-after: avoid` whose break was taken all
the same: WeasyPrint was seen to give it up once, where orphans and widows also apply).

Between the lines of each paragraph (issue #20): render.breaks. The build stops the artifact on any
finding, as for a check error, and keeps the last good file.

Readability (issue #30), margin boxes included: text under the artifact's minimum size (9 pt; 14 pt
in large print: render.typesize, after CMS's plain-language toolkit and APH's large-print guidelines)
and a line ending in a hyphen hyphenation added (no soft hyphen typed there): split words make
reading much harder for readers with limited literacy (Copian; CMS).
"""

from __future__ import annotations

from collections.abc import Iterator

from weasyprint.formatting_structure import boxes

from .breaks import BROKEN, EARLY, HYPHENATED, LayoutProblem, _descendants, line_break_problems, paragraphs
from .typesize import MINIMUM_PT, TRIM_SAFETY_IN

__all__ = ["BROKEN", "EARLY", "HYPHENATED", "SMALL", "LayoutProblem", "layout_problems", "line_break_problems",
           "paragraphs"]

SAFETY = TRIM_SAFETY_IN * 96  # CSS px: 0.125 in inside the trim edge
TOLERANCE = 0.5  # CSS px of rounding
SIDE_TOLERANCE = 2  # CSS px (0.5 pt): right-to-left lines may end a pixel past their box, unseen in print
SMALL = "type under the minimum size"
PT_PER_PX, SIZE_TOLERANCE = 0.75, 0.01  # CSS: 1px = 0.75pt; pt of rounding


def layout_problems(document, minimum: float = MINIMUM_PT) -> list[LayoutProblem]:
    """Every problem of a laid-out weasyprint.Document, page by page, each text once; `minimum` is
    the least type size (pt) any visible text may have."""
    problems: dict[tuple[int, str], LayoutProblem] = {}
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        width, height = page_box.margin_width(), page_box.margin_height()
        texts = []
        for box, block, line, clip in _text_boxes(page_box, boxes):
            # a line's own height, not its glyphs': tall scripts (Myanmar) reach into the next line by design
            left, top = box.position_x, line.position_y if line is not None else box.position_y
            right, bottom = left + box.width, top + (line.height if line is not None else box.height)
            if clip is not None:  # what a box with overflow: hidden shows of it (a running head's ellipsis)
                left, right = max(left, clip[0]), min(right, clip[1])
                if right <= left:
                    continue
            texts.append((top, bottom, left, right, box.text))
            size = box.style["font_size"] * PT_PER_PX
            if size < minimum - SIZE_TOLERANCE:
                problems.setdefault((number, box.text), LayoutProblem(
                    number, f"{SMALL}: {size:.1f} pt, under {minimum:g} pt", box.text))
            if left < SAFETY - TOLERANCE or top < SAFETY - TOLERANCE or right > width - SAFETY + TOLERANCE \
                    or bottom > height - SAFETY + TOLERANCE:
                problems.setdefault((number, box.text), LayoutProblem(
                    number, "text outside the trim area's 0.125 in safety margin", box.text))
            elif block is not None and (right > block.content_box_x() + block.width + _slack(box)
                                        or left < block.content_box_x() - _slack(box)):
                problems.setdefault((number, box.text), LayoutProblem(
                    number, "text runs past the side of its box (a word too long to wrap?)", box.text))
        for text, other in _overlaps(texts):
            problems.setdefault((number, text), LayoutProblem(number, f"text drawn over {other.strip()[:30]!r}",
                                                              text))
        if number < len(document.pages) and (heading := _stranded_heading(page_box, document.pages[number], boxes)):
            problems.setdefault((number, heading), LayoutProblem(
                number, "heading alone at the foot of the page, what it heads on the next", heading))
    for problem in line_break_problems(document):
        problems.setdefault((problem.page, problem.what), problem)
    return list(problems.values())


def _stranded_heading(page_box, next_page, boxes) -> str | None:
    """The text of a block that ends the page though it is to stay with what follows it
    (`break-after: avoid`) while what it belongs to goes on on the next page. A notes page's
    heading ends its section; a block that itself goes on on the next page was not broken after."""
    flowed = [chain for chain in _flow_blocks(page_box, boxes)
              if any(True for _ in _text_boxes(chain[-1], boxes))]
    if not flowed:
        return None
    chain = flowed[-1]  # the page's last block of text and, before it, the boxes it is in
    following = {id(box.element) for box in _descendants(next_page._page_box) if box.element is not None}
    for parent, box in zip(chain[-2::-1], chain[::-1]):
        if box.style["break_after"] == "avoid" and id(box.element) not in following \
                and id(parent.element) in following:
            return " ".join(_flow_text(line, boxes).strip() for chain in _flow_blocks(box, boxes)
                            for line in chain[-1].children if isinstance(line, boxes.LineBox))
    return None


def _flow_blocks(box, boxes, chain=()):
    """For every block of the page's flow that holds lines, in order, the boxes from the page's
    down to it: no margin boxes (running heads, page numbers) nor positioned boxes."""
    if isinstance(box, boxes.MarginBox) or box.style["position"] in ("absolute", "fixed"):
        return
    chain = (*chain, box)
    if isinstance(box, boxes.BlockContainerBox) and any(isinstance(child, boxes.LineBox) for child in box.children):
        yield chain
        return
    for child in getattr(box, "children", ()):
        yield from _flow_blocks(child, boxes, chain)


def _flow_text(box, boxes) -> str:
    """The text of a box as it reads, spaces included, without what is positioned (a hanging number)."""
    if isinstance(box, boxes.TextBox):
        return box.text
    if box.style["position"] in ("absolute", "fixed"):
        return ""
    return "".join(_flow_text(child, boxes) for child in getattr(box, "children", ()))


def _slack(box) -> float:
    """How far a text may reach past its box unseen: rounding, and a space at the line's end, which
    hangs past the edge by design (at the left in right-to-left lines)."""
    if box.text != box.text.strip():
        return SIDE_TOLERANCE + 0.4 * box.style["font_size"]
    return SIDE_TOLERANCE


def _text_boxes(box, boxes, block=None, line=None, positioned=False, clip=None):
    """(text box, the block it is set in, its line, clip) for every visible text; the block is None
    for absolutely positioned text and list markers, which sit outside their block on purpose; clip
    is the left and right (CSS px) of what boxes with overflow: hidden around it show (the running
    head, cut short with an ellipsis), or None."""
    if isinstance(box, boxes.TextBox):
        if box.text.strip() and box.style["visibility"] == "visible":
            yield box, None if positioned else block, line, clip
        return
    if box.is_outside_marker or box.style["position"] in ("absolute", "fixed"):
        positioned = True
    if isinstance(box, boxes.BlockContainerBox):
        block = box
    if isinstance(box, boxes.LineBox):
        line = box
    if box.style["overflow"] != "visible" and hasattr(box, "padding_box_x"):
        left, right = box.padding_box_x(), box.padding_box_x() + box.padding_width()
        clip = (left, right) if clip is None else (max(left, clip[0]), min(right, clip[1]))
    for child in getattr(box, "children", ()):
        yield from _text_boxes(child, boxes, block, line, positioned, clip)


def _overlaps(texts: list[tuple[float, float, float, float, str]]) -> Iterator[tuple[str, str]]:
    """Pairs of texts whose boxes cross by more than rounding, found by a sweep down the page."""
    texts.sort()
    for index, (top, bottom, left, right, text) in enumerate(texts):
        for other_top, other_bottom, other_left, other_right, other in texts[index + 1:]:
            if other_top >= bottom - 1:
                break
            vertical = min(bottom, other_bottom) - max(top, other_top)
            horizontal = min(right, other_right) - max(left, other_left)
            if vertical > 0.4 * min(bottom - top, other_bottom - other_top) and horizontal > 1:
                yield text, other
