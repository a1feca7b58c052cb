"""Press-ready black: black and grey drawn in black ink only, and the inks a PDF's colours need.

WeasyPrint writes every colour as RGB (`0.066667 0.066667 0.066667 rg` for #111111 text). In the
print-shop PDF those are sRGB (a DefaultRGB colour space), which the press's RIP converts through
the output intent: sRGB #111111 becomes C76 M67 Y63 K95 in FOGRA39, 300 % ink, and every letter is
printed four times, on four plates that never register exactly (issue #31). Prepress practice
(and shops' preflight) wants text, rules and the QR code in black ink alone.

`black_to_k` rewrites a PDF's content streams with pikepdf's content-stream parser: every colour
that is neutral (R = G = B in an RGB space, a* = b* = 0 in Lab), set by rg/RG, cs/CS + sc/scn/SC/SCN
with the colour space in force (q/Q saved and restored), becomes DeviceCMYK `0 0 0 K k` (or `K`):
black ink only, C = M = Y = 0, which PDF/X passes to the press unconverted. It does so in the
pages, the Form XObjects and tiling patterns they draw, and annotations' appearance streams.
Colours that are not neutral (the headings' blue) stay RGB and are converted by the RIP.

K is the tint whose lightness on the press matches the grey's: the grey's CIE L* (sRGB, D50)
against the K-only ramp of the press profile (relative colorimetric), so #555555 prints as dark
as it shows on screen (K 83 %, not the naive 1 - 0.33 = 67 %), and a grey darker than solid K
(#111111, #333333: L* 5 and 21, solid K is L* 17 on coated paper) is solid K, 100 %, never a
screen of dots at the letters' edges.

`colours` reads back every colour a PDF sets, for the preflight summary and the tests.

Not rewritten: shadings (gradients) and images, which the templates do not draw; inline images;
Type 3 glyphs. `colours` reports what they leave in RGB.
"""

from __future__ import annotations

import functools
import zlib
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from PIL import Image, ImageCms

from .patches import ZLIB_LEVEL

FILL_OPS = {"rg": "fill", "RG": "stroke", "g": "fill", "G": "stroke", "k": "fill", "K": "stroke",
            "cs": "fill", "CS": "stroke", "sc": "fill", "SC": "stroke", "scn": "fill", "SCN": "stroke"}
DEVICE_SHORTHANDS = {"rg": "/DeviceRGB", "RG": "/DeviceRGB", "g": "/DeviceGray", "G": "/DeviceGray",
                     "k": "/DeviceCMYK", "K": "/DeviceCMYK"}
NEUTRAL = 0.5 / 255  # channels this close are one grey (WeasyPrint writes 8-bit colours to 6 decimals)
NEUTRAL_LAB = 0.5  # a*, b* this close to 0 are a grey


@dataclass(frozen=True)
class Space:
    """A colour space as far as black matters: its family and how many components it takes."""

    family: str  # "rgb" (DeviceRGB, ICCBased N=3: sRGB here), "lab", "gray", "cmyk" or "other"
    components: int
    operand: object = None  # what `cs` named it with, to set it again

    def lightness(self, values: list[float]) -> float | None:
        """CIE L* (0-100) of `values` in this space if they are a grey that is not already K-only."""
        if self.family == "rgb" and len(values) == 3 and max(values) - min(values) <= NEUTRAL:
            return srgb_lightness(sum(values) / 3)
        if self.family == "lab" and len(values) == 3 and abs(values[1]) <= NEUTRAL_LAB \
                and abs(values[2]) <= NEUTRAL_LAB:
            return max(0.0, min(100.0, values[0]))
        return None


DEVICE_SPACES = {"/DeviceRGB": Space("rgb", 3, pikepdf.Name.DeviceRGB),
                 "/DeviceGray": Space("gray", 1, pikepdf.Name.DeviceGray),
                 "/DeviceCMYK": Space("cmyk", 4, pikepdf.Name.DeviceCMYK)}
UNKNOWN = None  # the colour space a form or pattern inherits from where it is drawn


def srgb_lightness(value: float) -> float:
    """CIE L* of the sRGB grey `value` (0-1): IEC 61966-2-1's transfer curve, then CIE 1976 L*."""
    linear = value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    return 116 * linear ** (1 / 3) - 16 if linear > 216 / 24389 else linear * 24389 / 27


@functools.cache
def _k_ramp(profile: Path) -> tuple[float, ...]:
    """L* (0-100) of K = 0, 1/255, ... 1 alone on the press `profile`, relative colorimetric."""
    press = ImageCms.getOpenProfile(str(profile))
    lab = ImageCms.createProfile("LAB", 5000)
    transform = ImageCms.buildTransform(press, lab, "CMYK", "LAB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    return tuple(lightness * 100 / 255 for lightness, _, _ in ImageCms.applyTransform(ramp, transform).getdata())


def k_for_lightness(lightness: float, profile: Path) -> float:
    """The K tint (0-1, 3 decimals) printing CIE L* `lightness` on the press `profile`; 1 (solid)
    for a grey darker than solid K, 0 for white."""
    ramp = _k_ramp(profile)  # falling from paper white to solid K
    if lightness <= ramp[-1]:
        return 1.0
    if lightness >= ramp[0]:
        return 0.0
    for step in range(1, 256):
        if ramp[step] <= lightness:
            darker, lighter = ramp[step], ramp[step - 1]
            fraction = (lighter - lightness) / (lighter - darker) if lighter > darker else 0.0
            return round((step - 1 + fraction) / 255, 3)
    return 1.0


def black_to_k(pdf: pikepdf.Pdf, profile: Path) -> None:
    """Rewrites, in place, every neutral colour of `pdf`'s pages, forms, tiling patterns and
    annotation appearances as black ink alone (DeviceCMYK, C = M = Y = 0), the tint matched to the
    press `profile` (an ICC CMYK profile: the output intent's)."""
    rewriter = _Rewriter(pdf, profile)
    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        page.obj.Contents = rewriter.stream(page, resources, DEVICE_SPACES["/DeviceGray"])
        rewriter.resources(resources)
        for annotation in page.obj.get("/Annots", []):
            appearances = annotation.get("/AP") if isinstance(annotation, pikepdf.Dictionary) else None
            for state in (appearances.values() if isinstance(appearances, pikepdf.Dictionary) else []):
                streams = state.values() if isinstance(state, pikepdf.Dictionary) and not \
                    isinstance(state, pikepdf.Stream) else [state]
                for stream in streams:
                    if isinstance(stream, pikepdf.Stream):
                        rewriter.form(stream, resources)


class _Rewriter:
    """Rewrites each content stream once (a form drawn on every page is one object)."""

    def __init__(self, pdf: pikepdf.Pdf, profile: Path):
        self.pdf, self.profile, self.done = pdf, profile, set()

    def resources(self, resources) -> None:
        """The forms and tiling patterns named in `resources`, and theirs."""
        for group in ("/XObject", "/Pattern"):
            for item in resources.get(group, pikepdf.Dictionary()).values():
                if isinstance(item, pikepdf.Stream) and (item.get("/Subtype") == "/Form"
                                                         or item.get("/PatternType") == 1):
                    self.form(item, resources)

    def form(self, stream: pikepdf.Stream, inherited) -> None:
        """A form, pattern or appearance stream, rewritten where it is (its own resources, or those
        of where it is drawn); its colour space at the start is inherited, so unknown."""
        if stream.objgen != (0, 0) and stream.objgen in self.done:
            return
        self.done.add(stream.objgen)
        resources = stream.get("/Resources", inherited)
        data = self.content(pikepdf.parse_content_stream(stream), resources, UNKNOWN)
        stream.write(zlib.compress(data, ZLIB_LEVEL), filter=pikepdf.Name.FlateDecode)
        if "/DecodeParms" in stream:
            del stream.DecodeParms
        self.resources(resources)

    def stream(self, page, resources, initial: Space) -> pikepdf.Stream:
        """The page's content (all its streams) rewritten, as one new compressed stream."""
        data = self.content(pikepdf.parse_content_stream(page), resources, initial)
        return self.pdf.make_stream(zlib.compress(data, ZLIB_LEVEL), Filter=pikepdf.Name.FlateDecode)

    def content(self, instructions, resources, initial: Space | None) -> bytes:
        # per side (fill, stroke): the space the original stream has in force, and the one the
        # rewritten stream has (they differ after a grey became K); saved by q, restored by Q
        declared = {"fill": initial, "stroke": initial}
        emitted = dict(declared)
        saved = []
        out = []
        for instruction in instructions:
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                out.append(instruction)
                continue
            operator = str(instruction.operator)
            side = FILL_OPS.get(operator)
            if side is None:
                if operator == "q":
                    saved.append((dict(declared), dict(emitted)))
                elif operator == "Q" and saved:
                    declared, emitted = saved.pop()
                out.append(instruction)
                continue
            operands = list(instruction.operands)
            if operator in DEVICE_SHORTHANDS:
                space, values = DEVICE_SPACES[DEVICE_SHORTHANDS[operator]], operands
            elif operator in ("cs", "CS"):
                space = _space(operands[0], resources) if operands else Space("other", 0)
                values = [0.0] * space.components if space.family in ("rgb", "lab") else None
            else:  # sc, scn, SC, SCN: in the space in force
                space = declared[side]
                if space is UNKNOWN:  # inherited: its kind told by how many components are given
                    space = {1: DEVICE_SPACES["/DeviceGray"], 3: DEVICE_SPACES["/DeviceRGB"],
                             4: DEVICE_SPACES["/DeviceCMYK"]}.get(len(operands), Space("other", 0))
                values = operands
            declared[side] = space
            numbers = _numbers(values)
            lightness = space.lightness(numbers) if numbers is not None else None
            if lightness is not None:
                k = k_for_lightness(lightness, self.profile)
                out.append(pikepdf.ContentStreamInstruction([0, 0, 0, k], pikepdf.Operator(
                    "k" if side == "fill" else "K")))
                emitted[side] = DEVICE_SPACES["/DeviceCMYK"]
                continue
            if operator in ("sc", "scn", "SC", "SCN") and emitted[side] != space and space.operand is not None:
                out.append(pikepdf.ContentStreamInstruction([space.operand], pikepdf.Operator(
                    "cs" if side == "fill" else "CS")))
            out.append(instruction)
            emitted[side] = space
        return pikepdf.unparse_content_stream(out)


def _numbers(values) -> list[float] | None:
    if values is None:
        return None
    try:
        return [float(value) for value in values]
    except (TypeError, ValueError):  # a pattern's name
        return None


def _space(operand, resources) -> Space:
    """The colour space `operand` (of cs/CS) names, looked up in `resources`."""
    name = str(operand)
    if name in DEVICE_SPACES:
        return DEVICE_SPACES[name]
    if name == "/Pattern":
        return Space("other", 0, operand)
    definition = resources.get("/ColorSpace", pikepdf.Dictionary()).get(name)
    family, components = _family(definition)
    return Space(family, components, operand)


def _family(definition) -> tuple[str, int]:
    if isinstance(definition, pikepdf.Name):
        space = DEVICE_SPACES.get(str(definition))
        return (space.family, space.components) if space else ("other", 0)
    if isinstance(definition, pikepdf.Array) and len(definition) >= 2:
        kind = str(definition[0])
        if kind == "/ICCBased" and isinstance(definition[1], pikepdf.Stream):
            components = int(definition[1].get("/N", 0))
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(components, "other"), components
        if kind == "/Lab":
            return "lab", 3
    return "other", 0


def colours(pdf: pikepdf.Pdf) -> list[tuple[str, tuple[float, ...]]]:
    """Every colour `pdf`'s pages and the forms, patterns and appearances they draw set, as
    (family, values) with family "rgb", "lab", "gray", "cmyk" or "other", each once, in order."""
    found: dict = {}
    seen = set()

    def read(stream, resources) -> None:
        space = {"fill": UNKNOWN, "stroke": UNKNOWN}  # q/Q need not be followed: each colour is read once
        for instruction in pikepdf.parse_content_stream(stream, " ".join(FILL_OPS)):
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                continue
            operator, operands = str(instruction.operator), list(instruction.operands)
            side = FILL_OPS.get(operator)
            if side is None:
                continue
            if operator in DEVICE_SHORTHANDS:
                space[side] = DEVICE_SPACES[DEVICE_SHORTHANDS[operator]]
            elif operator in ("cs", "CS"):
                space[side] = _space(operands[0], resources)
                continue
            current = space[side] or {1: DEVICE_SPACES["/DeviceGray"], 3: DEVICE_SPACES["/DeviceRGB"],
                                      4: DEVICE_SPACES["/DeviceCMYK"]}.get(len(operands), Space("other", 0))
            numbers = _numbers(operands)
            found.setdefault((current.family, tuple(numbers) if numbers is not None else ()), None)
        for group in ("/XObject", "/Pattern"):
            for item in resources.get(group, pikepdf.Dictionary()).values():
                if isinstance(item, pikepdf.Stream) and item.objgen not in seen and (
                        item.get("/Subtype") == "/Form" or item.get("/PatternType") == 1):
                    seen.add(item.objgen)
                    read(item, item.get("/Resources", resources))

    for page in pdf.pages:
        resources = page.obj.get("/Resources", pikepdf.Dictionary())
        read(page, resources)
        for annotation in page.obj.get("/Annots", []):
            appearance = annotation.get("/AP", {}).get("/N") if isinstance(annotation, pikepdf.Dictionary) else None
            if isinstance(appearance, pikepdf.Stream):
                read(appearance, appearance.get("/Resources", resources))
    return list(found)


def total_ink(family: str, values: tuple[float, ...], profile: Path) -> float:
    """The ink (0-400 %) colour `values` in `family` prints with on the press `profile`: CMYK as
    given, DeviceGray as K = 1 - gray (PDF 2.0, 10.4.2.3), RGB as sRGB and Lab converted by the
    profile (relative colorimetric, as a RIP does by default). NaN for another space."""
    if family == "cmyk":
        return round(sum(values) * 100, 1)
    if family == "gray":
        return round((1 - values[0]) * 100, 1)
    if family not in ("rgb", "lab"):
        return float("nan")
    if family == "rgb":
        mode, pixel = "RGB", tuple(round(v * 255) for v in values)
    else:
        mode, pixel = "LAB", (round(values[0] * 255 / 100), round(values[1]) + 128, round(values[2]) + 128)
    inks = ImageCms.applyTransform(Image.new(mode, (1, 1), pixel), _to_press(profile, mode)).getpixel((0, 0))
    return round(sum(inks) * 100 / 255, 1)


@functools.cache
def _to_press(profile: Path, mode: str) -> ImageCms.ImageCmsTransform:
    """sRGB ("RGB") or Lab D50 ("LAB") to the press `profile`, relative colorimetric (0.1 s to build)."""
    source = ImageCms.createProfile("sRGB") if mode == "RGB" else ImageCms.createProfile("LAB", 5000)
    return ImageCms.buildTransform(source, ImageCms.getOpenProfile(str(profile)), mode, "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
