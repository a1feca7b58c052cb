"""PDF/UA-1 points WeasyPrint 70 leaves out of the structure tree: /Lang on every structure element
whose language differs from the one it sits in (issue #23).

WeasyPrint writes the document's language (the catalog's /Lang) but no element's own, although
the HTML marks passages in another language (`lang="en"`: the bilingual booklet's English, English
standing in for a missing translation, a language's name in its own script). A screen reader then
reads them with the document's voice. PDF/UA-1 (ISO 14289-1) 7.2 asks for the natural language of
every passage to be declared; PDF 1.7 (ISO 32000-1) 14.9.2 lets a structure element carry /Lang,
which its descendants inherit.

Fix: `weasyprint.pdf.tags._build_box_tree` is wrapped; each element built for a box whose `lang`
differs from the language in effect around it (its parent element's, else the document's) gets
/Lang. Figures' /Alt WeasyPrint already takes from an SVG's <title> (the templates give the QR
code one).
"""

from __future__ import annotations

import inspect
from functools import wraps

import pydyf
from weasyprint.pdf import tags as pdf_tags

__all__ = ["install"]

_PATCHED = "_dmvpub_lang"
_PARAMETERS = ["box", "parent", "pdf", "page_number", "nums", "annotations", "tags"]


def _wrap(build_box_tree):
    @wraps(build_box_tree)
    def build_box_tree_with_lang(box, parent, pdf, page_number, nums, annotations, tags):
        # the languages of the boxes being built, outermost first, for this PDF alone
        stack = pdf.__dict__.setdefault("_dmvpub_languages", [])
        around = stack[-1] if stack else getattr(pdf.catalog.get("Lang"), "string", None)
        language = box.style["lang"] or around  # WeasyPrint's `lang` is inherited: the box's own
        stack.append(language)
        try:
            elements = list(build_box_tree(box, parent, pdf, page_number, nums, annotations, tags))
        finally:
            stack.pop()
        for element in elements:
            # the element of this box; elements of boxes it passes through (html, body) are done
            if language != around and "Lang" not in element and element.get("P") == parent.reference \
                    and not element.__dict__.get("_dmvpub_done"):
                element["Lang"] = pydyf.String(language)
            element.__dict__["_dmvpub_done"] = True
            yield element

    setattr(build_box_tree_with_lang, _PATCHED, True)
    return build_box_tree_with_lang


def install() -> None:
    """Patch WeasyPrint (once per process) before writing PDFs; called by render.patches.install(),
    which checks WeasyPrint's version first. RuntimeError if its tagging code is not as expected
    (WeasyPrint 70)."""
    original = getattr(pdf_tags, "_build_box_tree", None)
    if getattr(original, _PATCHED, False):
        return
    parameters = list(inspect.signature(original).parameters) if callable(original) else None
    if parameters != _PARAMETERS:
        raise RuntimeError(f"weasyprint.pdf.tags._build_box_tree has changed (parameters {parameters}, "
                           f"expected {_PARAMETERS}): update dmvpub/render/tagging.py")
    pdf_tags._build_box_tree = _wrap(original)
