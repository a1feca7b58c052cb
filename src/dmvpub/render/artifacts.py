"""What WeasyPrint 70 draws for the eye alone, marked as artifacts: page-margin boxes and leaders.

Written against WeasyPrint 70.0; render.patches.install() applies it after refusing any other
major version. render.tagging keeps these boxes out of the structure tree to match.

Why (issue #30): WeasyPrint draws the text of page-margin boxes (the running head, the page
numbers, the draft notice repeated at every page's foot) as marked content with an MCID that no
structure element reachable from the tree refers to (it builds their elements and drops them:
WeasyPrint issue #1836, open), so it is neither real content nor an artifact (PDF/UA-1 7.1). A
leader (`leader(". ")`, the contents' dots) is drawn as one tagged span per dot: 920 of them read
out in a booklet.

Fix, while drawing (`draw_stacking_context`, `draw_inline_level`, `Stream.marked` wrapped):

- a margin box is an artifact, `/Artifact <</Type /Pagination /Subtype /Header>>` (top boxes) or
  `/Footer` (bottom boxes), PDF 1.7 14.8.2.2, except the first margin box of a document that
  holds an element marked `data-read="first"` (the draft notice): that one is drawn as
  WeasyPrint draws any content, tagged, so a screen reader hears the notice once (render.tagging
  puts it near the start of the reading order). Its copies on the other pages are artifacts.
- a leader box is `/Artifact <</Type /Layout>>`.

What is drawn inside an artifact gets no MCID, so WeasyPrint's tagging never looks for it.
"""

from __future__ import annotations

import contextvars
import inspect
from contextlib import contextmanager
from functools import wraps

import pydyf
from weasyprint import document as weasy_document
from weasyprint import draw
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import stream as pdf_stream

__all__ = ["READ_FIRST", "install", "read_first"]

READ_FIRST = "data-read"  # the attribute; its value "first": heard once, near the start (render.tagging)
_PATCHED = "_dmvpub_artifacts"
# the property list of the artifact being drawn, None outside one
_ARTIFACT: contextvars.ContextVar[pydyf.Dictionary | None] = contextvars.ContextVar("dmvpub_artifact", default=None)
# the HTML elements marked read-first already drawn as content in the PDF being written
_READ: contextvars.ContextVar[set | None] = contextvars.ContextVar("dmvpub_read", default=None)
_SIGNATURES = {
    "draw_stacking_context": ["stream", "stacking_context"],
    "draw_inline_level": ["stream", "page", "box", "offset_x", "text_overflow", "block_ellipsis"],
    "marked": ["self", "box", "tag"],
    "generate_pdf": ["document", "target", "zoom", "options"],
}


def read_first(box) -> object | None:
    """The HTML element marked `data-read="first"` that `box` or a box inside it was made for."""
    pending = [box]
    while pending:
        box = pending.pop()
        element = getattr(box, "element", None)
        if element is not None and element.get(READ_FIRST) == "first":
            return element
        pending.extend(reversed(getattr(box, "children", ())))
    return None


def _pagination(margin_box) -> pydyf.Dictionary:
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    side = margin_box.at_keyword.split("-")[0]
    if side in ("@top", "@bottom"):
        properties["Subtype"] = "/Header" if side == "@top" else "/Footer"
    return properties


@contextmanager
def _as_artifact(properties):
    token = _ARTIFACT.set(properties)
    try:
        yield
    finally:
        _ARTIFACT.reset(token)


def _wrap_stacking_context(draw_stacking_context):
    @wraps(draw_stacking_context)
    def draw_stacking_context_marking_margins(stream, stacking_context):
        box = stacking_context.box
        if isinstance(box, boxes.MarginBox) and _ARTIFACT.get() is None:
            # the stacking context holds a copy of the box without its children: the page has it whole
            box = next((child for child in stacking_context.page.children if isinstance(child, boxes.MarginBox)
                        and child.at_keyword == box.at_keyword), box)
            element, read = read_first(box), _READ.get()
            if element is not None and read is not None and element not in read:
                read.add(element)
                box._dmvpub_tagged = True  # render.tagging links its elements into the tree
                return draw_stacking_context(stream, stacking_context)
            with _as_artifact(_pagination(box)):
                return draw_stacking_context(stream, stacking_context)
        return draw_stacking_context(stream, stacking_context)
    return draw_stacking_context_marking_margins


def _wrap_inline_level(draw_inline_level):
    @wraps(draw_inline_level)
    def draw_inline_level_marking_leaders(stream, page, box, *args, **kwargs):
        if getattr(box, "is_leader", False) and _ARTIFACT.get() is None:
            with _as_artifact(pydyf.Dictionary({"Type": "/Layout"})):
                return draw_inline_level(stream, page, box, *args, **kwargs)
        return draw_inline_level(stream, page, box, *args, **kwargs)
    return draw_inline_level_marking_leaders


def _wrap_marked(marked):
    @contextmanager
    @wraps(marked)
    def marked_or_artifact(self, box, tag):
        properties = _ARTIFACT.get()
        if properties is None or self._tags is None:
            with marked(self, box, tag):
                yield
            return
        pydyf.Stream.begin_marked_content(self, "Artifact", properties)
        try:
            yield
        finally:
            pydyf.Stream.end_marked_content(self)
    return marked_or_artifact


def _wrap_generate_pdf(generate_pdf):
    @wraps(generate_pdf)
    def generate_pdf_reading_once(document, target, zoom, **options):
        token = _READ.set(set())
        try:
            return generate_pdf(document, target, zoom, **options)
        finally:
            _READ.reset(token)
    return generate_pdf_reading_once


def install() -> None:
    """Patch WeasyPrint (once per process; calling again does nothing); called by
    render.patches.install(), which checks WeasyPrint's version first. RuntimeError if a function
    it wraps is not as expected."""
    targets = {"draw_stacking_context": (draw, _wrap_stacking_context),
               "draw_inline_level": (draw, _wrap_inline_level),
               "marked": (pdf_stream.Stream, _wrap_marked),
               "generate_pdf": (weasy_document, _wrap_generate_pdf)}
    for name, (owner, wrap) in targets.items():
        original = getattr(owner, name, None)
        if getattr(original, _PATCHED, False):
            continue
        unwrapped = inspect.unwrap(original) if callable(original) else None
        parameters = list(inspect.signature(unwrapped).parameters) if unwrapped else None
        if parameters != _SIGNATURES[name]:
            raise RuntimeError(f"weasyprint's {name} has changed (parameters {parameters}, expected "
                               f"{_SIGNATURES[name]}): update dmvpub/render/artifacts.py")
        wrapped = wrap(original)
        setattr(wrapped, _PATCHED, True)
        setattr(owner, name, wrapped)
