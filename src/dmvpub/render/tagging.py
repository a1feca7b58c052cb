"""PDF/UA-1 points WeasyPrint 70's structure tree misses, put right while it is built: languages,
margins and leaders, headings, links and the reading order of the notices.

Written against WeasyPrint 70.0; render.patches.install() applies it after refusing any other
major version. `weasyprint.pdf.tags._build_box_tree` (which builds the elements of one box and,
through the module's name, of the boxes inside it) and `weasyprint.pdf.add_tags` are wrapped:

- **Languages** (issue #23). WeasyPrint writes the document's /Lang but no element's own, although
  the HTML marks passages in another language (`lang="en"`: the bilingual booklet's English,
  English standing in for a missing translation). Each element built for a box whose `lang`
  differs from the language around it gets /Lang (PDF/UA-1 7.2; PDF 1.7 14.9.2: inherited).
- **Margins and leaders** (issue #30). The text of page-margin boxes and leaders is drawn as
  artifacts (render.artifacts), so no element is built for it, except the one margin box drawn
  as content (the draft notice's first page), whose elements join the tree, which WeasyPrint's
  own do not (WeasyPrint #1836).
- **One element per element**: where WeasyPrint makes an anonymous box inside an element's box
  (a heading beside an absolutely placed number) it builds a second element of the same type
  inside the first ("H2 > H2", the outer holding only the number); the inner one's kids go to the
  outer one.
- **One /Link per link**, holding its text in reading order and every annotation of it (an OBJR per
  box WeasyPrint annotates: each line the link spans and each box inside it). WeasyPrint built a
  /Link per line and nested a /Link or /Span with its own annotation in it for every box inside
  (read "3, 1, ¿Qué información…?", a contents entry's page number first). PDF/UA-1 7.18.5.
- **Read first**: an element marked `data-read="first"` (the draft notice, the "not legal advice"
  notice) moves in the reading order to just after the first /H1 (the title), or to the start,
  so a screen reader hears it once and early, wherever it is printed (PDF 1.7 14.8.2.3: the
  structure tree's order is the reading order).

Figures' /Alt WeasyPrint already takes from an SVG's <title> (the templates give the QR code one).
"""

from __future__ import annotations

import inspect
from functools import wraps

import pydyf
from weasyprint import pdf as weasy_pdf
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as pdf_tags

from .artifacts import READ_FIRST

__all__ = ["install"]

_PATCHED = "_dmvpub_tags"
_PARAMETERS = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]
_ADD_TAGS_PARAMETERS = ["pdf", "document", "pdf_version", "page_streams"]


def _object(pdf, reference):
    """The pydyf object a reference (b"12 0 R") names, or None for anything else (an MCID)."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return None


def _state(pdf) -> dict:
    """What the wrapper keeps while one PDF's tree is built."""
    return pdf.__dict__.setdefault("_dmvpub_tags", {"languages": [], "elements": [], "titles": [], "first": []})


def _wrap(build_box_tree):
    @wraps(build_box_tree)
    def build_box_tree_fixed(box, parent, pdf, page_number, nums, annotations, tags):
        inner = box._box if isinstance(box, AbsolutePlaceholder) else box
        if isinstance(inner, boxes.MarginBox):
            if getattr(inner, "_dmvpub_tagged", False):  # drawn as content: render.artifacts
                for child in inner.children:
                    yield from pdf_tags._build_box_tree(child, parent, pdf, page_number, nums, annotations, tags)
            return
        if getattr(inner, "is_leader", False):  # drawn as an artifact: render.artifacts
            _keep_annotation(inner, parent, pdf, page_number, annotations)
            return
        state = _state(pdf)
        # the languages and HTML elements of the boxes being built, outermost first
        languages, elements = state["languages"], state["elements"]
        around = languages[-1] if languages else getattr(pdf.catalog.get("Lang"), "string", None)
        language = inner.style["lang"] or around  # WeasyPrint's `lang` is inherited: the box's own
        enclosing = elements[-1] if elements else None
        languages.append(language)
        elements.append(inner.element)
        try:
            built = list(build_box_tree(box, parent, pdf, page_number, nums, annotations, tags))
        finally:
            languages.pop()
            elements.pop()
        for element in built:
            # the element of this box; elements of boxes it passes through (html, body) are done
            if element.__dict__.get("_dmvpub_done") or element.get("P") != parent.reference:
                element.__dict__["_dmvpub_done"] = True
                yield element
                continue
            element.__dict__["_dmvpub_done"] = True
            element.__dict__["_dmvpub_html"] = inner.element
            if language != around and "Lang" not in element:
                element["Lang"] = pydyf.String(language)
            if element["S"] == "/Link":
                _flatten_link(pdf, element, nums, annotations)
                if _merged_into_previous(pdf, element, parent, nums, annotations):
                    continue
            if inner.element is not None and inner.element is enclosing and element["S"] == parent["S"] \
                    and "Lang" not in element and _all_elements(pdf, element):
                yield from _kids_moved_to(pdf, element, parent)
                continue
            if element["S"] == "/H1":
                state["titles"].append(element)
            if inner.element is not None and inner.element.get(READ_FIRST) == "first":
                state["first"].append(element)
            yield element

    setattr(build_box_tree_fixed, _PATCHED, True)
    return build_box_tree_fixed


def _keep_annotation(box, parent, pdf, page_number, annotations) -> None:
    """The link annotation of a box whose content is an artifact (a leader inside a link) stays in
    `parent`, as WeasyPrint would have put it in the box's own element (PDF/UA-1 7.18.1: every
    annotation is in the structure tree)."""
    if box.link_annotation:
        reference = pydyf.Dictionary({"Type": "/OBJR", "Obj": box.link_annotation.reference,
                                      "Pg": pdf.page_references[page_number]})
        pdf.add_object(reference)
        parent["K"].append(reference.reference)
        annotations.append((parent.reference, box.link_annotation))


def _all_elements(pdf, element) -> bool:
    kids = [_object(pdf, kid) for kid in element["K"]]
    return all(isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/StructElem" for kid in kids)


def _kids_moved_to(pdf, element, parent):
    """The kids of `element`, a duplicate of `parent`, now `parent`'s; `element` is freed."""
    for reference in element["K"]:
        kid = _object(pdf, reference)
        kid["P"] = parent.reference
        yield kid
    element["K"] = pydyf.Array()
    element.free = "f"


def _flatten_link(pdf, link, nums, annotations) -> None:
    """`link`'s kids made its marked content (MCIDs) and annotations (OBJRs), in order; a kid in
    another language (/Lang) stays an element, its annotations taken out of it."""
    def flattened(element, into):
        kids = []
        for kid in element["K"]:
            item = _object(pdf, kid)
            if item is None:  # an MCID
                nums[kid] = into.reference
                kids.append(kid)
            elif item.get("Type") != "/StructElem":  # an OBJR, an MCR
                kids.append(kid)
            elif "Lang" in item:
                item["K"] = pydyf.Array(flattened(item, item))
                kids.extend(objr for objr in item["K"] if _is_objr(pdf, objr))
                item["K"] = pydyf.Array([mcid for mcid in item["K"] if not _is_objr(pdf, mcid)])
                item["P"] = into.reference
                _repoint(annotations, kid, into.reference)
                kids.append(kid)
            else:
                kids.extend(flattened(item, into))
                _repoint(annotations, kid, into.reference)
                item.free = "f"
        return kids
    link["K"] = pydyf.Array(flattened(link, link))


def _is_objr(pdf, reference) -> bool:
    item = _object(pdf, reference)
    return item is not None and item.get("Type") == "/OBJR"


def _repoint(annotations, old, new) -> None:
    """Annotations the structure element `old` held now belong to `new` (their /StructParent)."""
    for index, (reference, annotation) in enumerate(annotations):
        if reference == old:
            annotations[index] = (new, annotation)


def _merged_into_previous(pdf, link, parent, nums, annotations) -> bool:
    """Whether `link`, the next line of a link whose /Link is `parent`'s last kid, was merged into it."""
    previous = _object(pdf, parent["K"][-1]) if len(parent["K"]) else None
    if previous is None or previous.get("S") != "/Link" or link.__dict__["_dmvpub_html"] is None \
            or previous.__dict__.get("_dmvpub_html") is not link.__dict__["_dmvpub_html"]:
        return False
    for kid in link["K"]:
        item = _object(pdf, kid)
        if item is None:
            nums[kid] = previous.reference
        elif item.get("Type") == "/StructElem":
            item["P"] = previous.reference
        previous["K"].append(kid)
    _repoint(annotations, link.reference, previous.reference)
    link.free = "f"
    return True


def _read_first(pdf) -> None:
    """Move the elements marked read-first to just after the first /H1, or to the document's start."""
    state = pdf.__dict__.pop("_dmvpub_tags", None)
    if not state or not state["first"]:
        return
    if state["titles"]:
        title = state["titles"][0]
        target = _object(pdf, title["P"])
        position = list(target["K"]).index(title.reference) + 1
    else:
        root = _object(pdf, pdf.catalog["StructTreeRoot"])
        target, position = _object(pdf, root["K"][0]), 0
    for element in state["first"]:
        old = _object(pdf, element["P"])
        index = list(old["K"]).index(element.reference)
        del old["K"][index]
        if old is target and index < position:
            position -= 1
        target["K"].insert(position, element.reference)
        element["P"] = target.reference
        position += 1


def _wrap_add_tags(add_tags):
    @wraps(add_tags)
    def add_tags_reading_first(pdf, document, pdf_version, page_streams):
        pdf.__dict__.pop("_dmvpub_tags", None)
        result = add_tags(pdf, document, pdf_version, page_streams)
        _read_first(pdf)
        return result

    setattr(add_tags_reading_first, _PATCHED, True)
    return add_tags_reading_first


def _check(function, expected, name) -> None:
    parameters = list(inspect.signature(function).parameters) if callable(function) else None
    if parameters != expected:
        raise RuntimeError(f"weasyprint's {name} has changed (parameters {parameters}, "
                           f"expected {expected}): update dmvpub/render/tagging.py")


def install() -> None:
    """Patch WeasyPrint (once per process) before writing PDFs; called by render.patches.install(),
    which checks WeasyPrint's version first. RuntimeError if its tagging code is not as expected
    (WeasyPrint 70)."""
    original = getattr(pdf_tags, "_build_box_tree", None)
    if not getattr(original, _PATCHED, False):
        _check(original, _PARAMETERS, "pdf.tags._build_box_tree")
        pdf_tags._build_box_tree = _wrap(original)
    original = getattr(weasy_pdf, "add_tags", None)
    if not getattr(original, _PATCHED, False):
        _check(original, _ADD_TAGS_PARAMETERS, "pdf.add_tags")
        weasy_pdf.add_tags = _wrap_add_tags(original)
