"""The print-shop file's preflight summary: what a shop checks before it prints, read from the file.

A plain-text file beside the print-shop PDF (`...-booklet-print.txt`), one `Name: value` per line,
so a person at the counter reads it and a script can too. Every value is read back from the
PDF's bytes as written (pikepdf), not taken from what was meant to be written:

    Print-shop summary: PDF/X-4, PDF 1.6
    SHA-256: 3f…            (of the PDF it describes)
    Pages: 16
    Trim: 5.5 x 8.5 in (396 x 612 pt)
    Bleed: 0.125 in (9 pt) on every side; crop marks outside the bleed
    Output intent: FOGRA39 (ISO Coated v2 300% (basICColor))
    Fonts: 3, all embedded: SourceSans3-Bold, …
    Black: K only (C = M = Y = 0 in all text, rules and the QR code)
    Colours: sRGB #1D4F91 (184 % ink)
    Maximum total ink: 184 % (limit 300 %)

The ink of a colour is what the output intent's profile makes of it (render.inks.total_ink):
FOGRA39's profile itself never exceeds 300 %, which is also the usual limit for coated paper.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pikepdf

from .inks import colours, total_ink

INK_LIMIT = 300.0  # %: total area coverage for sheet-fed offset on coated paper (FOGRA39, ISO 12647-2)
POINTS_PER_INCH = 72


def preflight_summary(data: bytes, profile: Path) -> bytes:
    """The summary (UTF-8 text, lines as in the module's docstring) of the print-shop PDF `data`,
    its inks computed with the press `profile` (the output intent's ICC profile)."""
    pdf = pikepdf.open(io.BytesIO(data))
    lines = [f"Print-shop summary: {_standard(pdf)}, PDF {pdf.pdf_version}",
             f"SHA-256: {hashlib.sha256(data).hexdigest()}",
             f"Pages: {len(pdf.pages)}",
             f"Trim: {_trim(pdf)}",
             f"Bleed: {_bleed(pdf)}",
             f"Output intent: {_intent(pdf)}",
             f"Fonts: {_fonts(pdf)}"]
    used = colours(pdf)
    greys = [values for family, values in used if family == "rgb" and max(values) - min(values) <= 0.5 / 255
             or family == "lab" and abs(values[1]) <= 0.5 and abs(values[2]) <= 0.5]
    four_colour_blacks = [values for family, values in used if family == "cmyk" and any(values[:3])
                          and values[3] > 0 and max(values[:3]) - min(values[:3]) <= 0.1]
    lines.append("Black: K only (C = M = Y = 0 in all text, rules and the QR code)" if not greys else
                 f"Black: NOT K only: {len(greys)} grey(s) left in RGB or Lab, printed in four inks")
    others = [(family, values) for family, values in used if family in ("rgb", "lab", "other")
              and list(values) not in [list(grey) for grey in greys]]
    others += [("cmyk", values) for values in four_colour_blacks]
    if others:
        lines.append("Colours: " + ", ".join(f"{_name(family, values)} ({_percent(total_ink(family, values, profile))})"
                                              for family, values in others))
    inks = [total_ink(family, values, profile) for family, values in used]
    known = [ink for ink in inks if ink == ink]  # NaN: a space whose ink is not known here
    highest = max(known, default=0.0)
    verdict = f"limit {INK_LIMIT:g} %" if highest <= INK_LIMIT else f"OVER the limit of {INK_LIMIT:g} %"
    lines.append(f"Maximum total ink: {highest:g} % ({verdict})"
                 + ("" if len(known) == len(inks) else "; some colours in spaces not measured here"))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _standard(pdf: pikepdf.Pdf) -> str:
    metadata = pdf.Root.get("/Metadata")
    xmp = metadata.read_bytes() if isinstance(metadata, pikepdf.Stream) else b""
    start = xmp.find(b"<pdfxid:GTS_PDFXVersion>")
    if start < 0:
        return "not PDF/X"
    end = xmp.find(b"<", start + 24)
    return xmp[start + 24:end].decode("utf-8", "replace")


def _size(width: float, height: float) -> str:
    return f"{width / POINTS_PER_INCH:g} x {height / POINTS_PER_INCH:g} in ({width:g} x {height:g} pt)"


def _box(page, name: str) -> list[float] | None:
    box = page.obj.get(name)
    return [float(value) for value in box] if box is not None else None


def _trim(pdf: pikepdf.Pdf) -> str:
    sizes = []
    for page in pdf.pages:
        trim = _box(page, "/TrimBox")
        if trim is None:
            return "MISSING on some pages (no TrimBox)"
        size = (round(trim[2] - trim[0], 2), round(trim[3] - trim[1], 2))
        if size not in sizes:
            sizes.append(size)
    return "; ".join(_size(*size) for size in sizes)


def _bleed(pdf: pikepdf.Pdf) -> str:
    bleeds = set()
    for page in pdf.pages:
        trim, bleed, media = (_box(page, name) for name in ("/TrimBox", "/BleedBox", "/MediaBox"))
        if trim is None or bleed is None:
            return "MISSING on some pages (no BleedBox)"
        bleeds.add(round(min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]), 2))
        inside = media[0] < bleed[0] and media[1] < bleed[1] and media[2] > bleed[2] and media[3] > bleed[3]
        if not inside:
            return f"{min(bleeds):g} pt; no room for crop marks outside it"
    least = min(bleeds)
    return f"{least / POINTS_PER_INCH:g} in ({least:g} pt) on every side; crop marks outside the bleed"


def _intent(pdf: pikepdf.Pdf) -> str:
    for intent in pdf.Root.get("/OutputIntents", []):
        if intent.get("/S") == "/GTS_PDFX":
            info = f" ({intent.Info})" if "/Info" in intent else ""
            embedded = "" if isinstance(intent.get("/DestOutputProfile"), pikepdf.Stream) else ", profile NOT embedded"
            return f"{intent.get('/OutputConditionIdentifier', '?')}{info}{embedded}"
    return "MISSING (no GTS_PDFX output intent)"


def _fonts(pdf: pikepdf.Pdf) -> str:
    """How many fonts the pages and their forms use, whether each is embedded, and their names."""
    fonts, seen = {}, set()

    def visit(resources) -> None:
        for font in resources.get("/Font", pikepdf.Dictionary()).values():
            fonts[font.objgen if font.is_indirect else id(font)] = font
        for item in resources.get("/XObject", pikepdf.Dictionary()).values():
            if isinstance(item, pikepdf.Stream) and item.get("/Subtype") == "/Form" and item.objgen not in seen:
                seen.add(item.objgen)
                visit(item.get("/Resources", pikepdf.Dictionary()))

    for page in pdf.pages:
        visit(page.obj.get("/Resources", pikepdf.Dictionary()))
    names, missing = set(), []
    for font in fonts.values():
        name = str(font.get("/BaseFont", "/Type3"))[1:].split("+")[-1].strip(",")
        names.add(name)
        if not _embedded(font):
            missing.append(name)
    listed = ", ".join(sorted(names))
    if missing:
        return f"{len(fonts)}, NOT embedded: {', '.join(sorted(set(missing)))}; all: {listed}"
    return f"{len(fonts)}, all embedded: {listed}"


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # drawn by its own glyph procedures
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    descriptor = font.get("/FontDescriptor", pikepdf.Dictionary())
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


def _name(family: str, values) -> str:
    if family == "rgb":
        return "sRGB #" + "".join(f"{round(value * 255):02X}" for value in values)
    if family == "cmyk":
        return "CMYK " + " ".join(f"{letter}{round(value * 100)}" for letter, value in zip("CMYK", values))
    if family == "lab":
        return "Lab " + " ".join(f"{value:g}" for value in values)
    return "a colour in another space"


def _percent(ink: float) -> str:
    return "unknown ink" if ink != ink else f"{ink:g} % ink"
