"""The tagging check: is every piece of text in a written PDF either tagged content or an artifact?

PDF/UA-1 (ISO 14289-1) 7.1: "Content shall be marked as Artifact or tagged as real content." A
screen reader reads a tagged PDF by its structure tree, so text that no structure element reaches
is never heard, and text that is neither is read, or not, as each reader guesses (WeasyPrint 70
left the running head, the page numbers and the draft notice so: issue #30, WeasyPrint #1836).

Read from the PDF's bytes with pikepdf, after WeasyPrint has written them: each page's content
stream (and the form XObjects it draws) is walked operator by operator, keeping the stack of
marked-content sequences (BDC/BMC ... EMC, PDF 1.7 14.6). A text-showing operator (Tj, TJ, ', ")
is fine inside an `/Artifact` sequence, or inside a sequence whose MCID (the innermost one) a
structure element reachable from /StructTreeRoot refers to on that page (an integer kid or an
/MCR, PDF 1.7 14.7.4); anything else is a finding. An MCID that only the /ParentTree maps, to an
element no /K of the tree leads to (WeasyPrint's margin boxes), is not reached. What it says is
decoded with the font's /ToUnicode, for the message.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pikepdf

from .layout import LayoutProblem

__all__ = ["UNTAGGED", "untagged_text"]

UNTAGGED = "text neither tagged nor an artifact"
_SHOWS = {"Tj", "TJ", "'", '"'}
_OPERATORS = "BDC BMC EMC Tf Do " + " ".join(_SHOWS)  # the only ones parsed into Python objects


def untagged_text(pdf: bytes) -> list[LayoutProblem]:
    """One finding per page of `pdf` (the file's bytes) holding text that is neither reached from
    the structure tree nor an artifact: LayoutProblem(page (1-based), UNTAGGED, what it says, up
    to a line's worth). A PDF without a structure tree is all untagged. Raises pikepdf.PdfError
    for bytes that are no PDF."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        reached = _reached(document)
        problems = []
        for number, page in enumerate(document.pages, start=1):
            shown = "".join(_untagged(page.obj, reached.get(page.obj.objgen, set()), _Fonts()))
            if shown:
                problems.append(LayoutProblem(number, UNTAGGED, " ".join(shown.split())[:80]))
        return problems


def _reached(document: pikepdf.Pdf) -> dict[tuple[int, int], set[int]]:
    """The MCIDs the structure tree's elements refer to, by their page's object id."""
    reached: dict[tuple[int, int], set[int]] = {}
    root = document.Root.get("/StructTreeRoot")
    if root is None:
        return reached
    seen: set[tuple[int, int]] = set()

    def walk(node, page) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid, page)
            return
        if isinstance(node, int):  # an MCID on the enclosing element's page
            if page is not None:
                reached.setdefault(page.objgen, set()).add(int(node))
            return
        if not isinstance(node, pikepdf.Dictionary):
            return
        if node.is_indirect:
            if node.objgen in seen:
                return
            seen.add(node.objgen)
        page = node.get("/Pg", page)
        kind = node.get("/Type")
        if kind == "/MCR":
            if page is not None and "/MCID" in node and "/Stm" not in node:
                reached.setdefault(page.objgen, set()).add(int(node.MCID))
        elif kind == "/OBJR":
            return
        elif "/K" in node:
            walk(node.K, page)

    walk(root.get("/K"), None)
    return reached


def _untagged(owner, mcids: set[int], fonts: _Fonts, stack: tuple = ()) -> Iterator[str]:
    """The text `owner` (a page or a form XObject) shows outside artifacts and reached content;
    `stack` is the marked content around it: (tag, MCID or None) from the outside in."""
    stack = list(stack)
    resources = owner.get("/Resources", pikepdf.Dictionary())
    font = None
    for operands, operator in pikepdf.parse_content_stream(owner, _OPERATORS):
        name = str(operator)
        if name in ("BDC", "BMC"):
            properties = operands[1] if name == "BDC" else None
            if isinstance(properties, pikepdf.Name):  # a named property list in /Properties
                properties = resources.get("/Properties", {}).get(str(properties))
            mcid = properties.get("/MCID") if isinstance(properties, pikepdf.Dictionary) else None
            stack.append((str(operands[0]), None if mcid is None else int(mcid)))
        elif name == "EMC":
            if stack:
                stack.pop()
        elif name == "Tf":
            font = resources.get("/Font", {}).get(str(operands[0]))
        elif name in _SHOWS and not _covered(stack, mcids):
            yield fonts.decode(font, operands[-1])
        elif name == "Do":
            xobject = resources.get("/XObject", {}).get(str(operands[0]))
            if xobject is not None and xobject.get("/Subtype") == "/Form":
                yield from _untagged(xobject, mcids, fonts, tuple(stack))


def _covered(stack: list[tuple[str, int | None]], mcids: set[int]) -> bool:
    if any(tag == "/Artifact" for tag, _ in stack):
        return True
    innermost = next((mcid for _, mcid in reversed(stack) if mcid is not None), None)
    return innermost is not None and innermost in mcids


_CMAP_CHARS = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_CMAP_RANGES = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")


class _Fonts:
    """Glyph codes to text through each font's /ToUnicode (bfchar and bfrange), for messages only."""

    def __init__(self):
        self._maps: dict[tuple[int, int], tuple[dict[bytes, str], int]] = {}

    def decode(self, font, operand) -> str:
        strings = [item for item in operand if isinstance(item, pikepdf.String)] \
            if isinstance(operand, pikepdf.Array) else [operand]
        if font is None or "/ToUnicode" not in font:
            return " ".join(bytes(string).decode("latin-1") for string in strings)
        mapping, width = self._map(font)
        text = []
        for string in strings:
            data = bytes(string)
            text.extend(mapping.get(data[i:i + width], "\ufffd") for i in range(0, len(data), width))
        return "".join(text)

    def _map(self, font):
        key = font.objgen
        if key not in self._maps:
            data = font.ToUnicode.read_bytes()
            mapping: dict[bytes, str] = {}
            width = 2 if font.get("/Subtype") == "/Type0" else 1
            for block in _CMAP_CHARS.findall(data):
                codes = _HEX.findall(block)
                for code, text in zip(codes[::2], codes[1::2]):
                    mapping[bytes.fromhex(code.decode())] = _utf16(text)
            for block in _CMAP_RANGES.findall(data):
                codes = _HEX.findall(block)
                for low, high, text in zip(codes[::3], codes[1::3], codes[2::3]):
                    first, last, start = int(low, 16), int(high, 16), _utf16(text)
                    for offset in range(min(last - first, 0xFFFF) + 1):
                        mapping[(first + offset).to_bytes(width, "big")] = \
                            start[:-1] + chr(ord(start[-1]) + offset) if start else ""
            self._maps[key] = (mapping, width)
        return self._maps[key]


def _utf16(hexadecimal: bytes) -> str:
    return bytes.fromhex(hexadecimal.decode()).decode("utf-16-be", errors="replace")
