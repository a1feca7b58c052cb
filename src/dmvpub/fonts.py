"""The fonts each script is printed with: pinned Python packages, declared here and nowhere else.

The build never asks the machine for fonts, so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

import base64
import ctypes
import ctypes.util
import functools
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from collections.abc import Mapping


from .errors import DmvpubError
from .language import Language, describe


@dataclass(frozen=True)
class FontFace:
    family: str
    package: str
    file: str
    weight: str = "normal"
    style: str = "normal"

    @property
    def path(self) -> Path:
        return _package_folder(self.package) / self.file


@functools.cache
def _package_folder(package: str) -> Path:
    """Where a font package is installed; looked up once per process (a cache key asks 80 times)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DmvpubError(f"font package {package!r} is not installed; run `make setup`")
    return Path(next(iter(spec.submodule_search_locations)))


_SOURCE_SANS = "weblate_fonts"
_SOURCE_SANS_DIR = "static/weblate_fonts/source-sans/ttf/"
LATIN = (
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Regular.ttf"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-It.ttf", style="italic"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Semibold.ttf", weight="600"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Bold.ttf", weight="bold"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-BoldIt.ttf", weight="bold",
             style="italic"),
)
# Tajawal rather than Noto Sans Arabic: Noto draws dotted letters as a skeleton plus shared dot
# glyphs, and WeasyPrint 70 then writes a wrong text layer (copy, search and screen readers get
# other letters: WeasyPrint issue #2841). Tajawal's text layer reads back exactly.
ARABIC = (
    FontFace("Tajawal", "fontpkg_tajawal", "files/Tajawal-Regular.ttf"),
    FontFace("Tajawal", "fontpkg_tajawal", "files/Tajawal-Medium.ttf", weight="500"),
    FontFace("Tajawal", "fontpkg_tajawal", "files/Tajawal-Bold.ttf", weight="bold"),
)
_KURINTO_DIR = "static/weblate_fonts/kurinto/ttf/"
SIMPLIFIED_CHINESE = (
    FontFace("Kurinto Sans SC", "weblate_fonts", _KURINTO_DIR + "KurintoSansSC-Rg.ttf"),
    FontFace("Kurinto Sans SC", "weblate_fonts", _KURINTO_DIR + "KurintoSansSC-Bd.ttf", weight="bold"),
)
KOREAN = (
    FontFace("Kurinto Sans KR", "weblate_fonts", _KURINTO_DIR + "KurintoSansKR-Rg.ttf"),
    FontFace("Kurinto Sans KR", "weblate_fonts", _KURINTO_DIR + "KurintoSansKR-Bd.ttf", weight="bold"),
)
# Kurinto Sans draws Devanagari, Ethiopic and the Persian and Pashto forms of the Arabic script
# (Tajawal lacks ی ک گ چ and the Persian digits), and its text layer reads back as typed.
KURINTO = (
    FontFace("Kurinto Sans", "weblate_fonts", _KURINTO_DIR + "KurintoSans-Rg.ttf"),
    FontFace("Kurinto Sans", "weblate_fonts", _KURINTO_DIR + "KurintoSans-Bd.ttf", weight="bold"),
)
# Noto Sans Myanmar (OFL), one variable file for every weight; Myanmar shaping needs its mym2 tables.
MYANMAR = (
    FontFace("Noto Sans Myanmar", "justmytype_intl_sea",
             "fonts/ofl/notosansmyanmar/NotoSansMyanmar[wdth,wght].ttf", weight="100 900"),
)

# Script (ISO 15924) -> faces, first family first in `font-family`; Source Sans 3 also covers Cyrillic.
SCRIPT_FONTS: dict[str, tuple[FontFace, ...]] = {
    "Latn": LATIN,
    "Cyrl": LATIN,
    "Arab": ARABIC + LATIN,
    "Hans": SIMPLIFIED_CHINESE + LATIN,
    "Kore": KOREAN + LATIN,
    "Deva": KURINTO + LATIN,
    "Ethi": KURINTO + LATIN,
    "Mymr": MYANMAR + LATIN,
}
# Languages whose letters their script's default faces lack.
LANGUAGE_FONTS: dict[str, tuple[FontFace, ...]] = {
    "fa": KURINTO + LATIN,
    "ps": KURINTO + LATIN,
}
# Default-ignorable code points (Unicode's DerivedCoreProperties): joiners, marks of direction,
# word joiners and the like are not drawn, so no font needs a glyph for them.
IGNORABLE = frozenset([0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFEFF, 0xFFA0,
                       *range(0x180B, 0x1810), *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                       *range(0x2060, 0x2070), *range(0xFE00, 0xFE10), *range(0xFFF0, 0xFFF9),
                       *range(0x1BCA0, 0x1BCA4), *range(0x1D173, 0x1D17B), *range(0xE0000, 0xE1000)])


def language_fonts(language: Language) -> tuple[FontFace, ...]:
    """The pinned faces a language is printed in: its own, else its script's."""
    return script_fonts(language.code, language.script)


def script_fonts(code: str, script: str) -> tuple[FontFace, ...]:
    """The pinned faces of locale `code` written in `script`: its language's own, else its script's."""
    base = code.split("_")[0]
    if base in LANGUAGE_FONTS:
        return LANGUAGE_FONTS[base]
    if script not in SCRIPT_FONTS:
        raise DmvpubError(f"no fonts are declared for the {script} script of locale {code!r} "
                          f"(add them to SCRIPT_FONTS in dmvpub/fonts.py)")
    return SCRIPT_FONTS[script]


def locale_fonts(code: str, declared: Mapping[str, str] | None = None) -> tuple[FontFace, ...]:
    return language_fonts(describe(code, declared))


def font_families(faces: tuple[FontFace, ...]) -> list[str]:
    return list(dict.fromkeys(face.family for face in faces))


def font_face_css(faces: tuple[FontFace, ...]) -> str:
    """@font-face rules loading each face from its installed package."""
    return "\n".join(
        f'@font-face {{ font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
        f"font-weight: {face.weight}; font-style: {face.style}; }}"
        for face in faces)


@functools.cache
def _characters(path: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # not loaded by a build with nothing to do
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def drawable(faces: tuple[FontFace, ...]) -> frozenset[int]:
    """Every code point at least one of the faces has a glyph for."""
    return frozenset().union(*(_characters(face.path) for face in faces))


def undrawable(text: str, faces: tuple[FontFace, ...]) -> list[str]:
    """Characters of `text` no face can draw (line breaks and ordinary spaces aside), each once."""
    have = drawable(faces)
    return list(dict.fromkeys(char for char in text
                              if char not in "\n\t" and ord(char) not in have and ord(char) not in IGNORABLE))


def code_points(characters: list[str]) -> str:
    """Characters as a reader can look them up: U+4E2D '中', U+0001 '\\x01'."""
    return ", ".join(f"U+{ord(char):04X} {char!r}" for char in characters)


def web_font_faces(language: Language, text: str, weights: tuple[str, ...] = ("normal", "bold")) -> tuple[str, list[str]]:
    """@font-face rules for a web page in this locale, and the families they define.

    Latin-script pages use the reader's own fonts. Other scripts carry their pinned fonts,
    regular and bold, cut down to the characters of `text` and inlined as data: URIs, so the
    page asks for nothing and a device without, say, a Chinese font still draws every letter.
    `weights` picks the faces (CSS weights as the faces declare them).
    """
    faces = [face for face in language_fonts(language)  # a variable face ("100 900") serves every weight
             if face not in LATIN and face.style == "normal" and (face.weight in weights or " " in face.weight)]
    rules, families = [], []
    for face in faces:
        uri = "data:font/ttf;base64," + base64.b64encode(font_subset(face.path, text)).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{uri}"); '
                     f"font-weight: {face.weight}; font-style: normal; }}")
        families.append(face.family)
    return "\n".join(rules), list(dict.fromkeys(families))


def font_subset(path: Path, text: str) -> bytes:
    """The font at `path` cut down to the characters of `text`, every layout feature kept (Arabic
    joining and ligatures need them all), hinting dropped.

    HarfBuzz's subsetter (the library WeasyPrint subsets the PDFs' fonts with) takes milliseconds
    where fontTools took seconds reading all of Kurinto Sans's positioning tables: 18% of a build.
    """
    hb, subset = _harfbuzz()
    blob = hb.hb_blob_create_from_file(os.fsencode(path))
    face = hb.hb_face_create(blob, 0)
    request = subset.hb_subset_input_create_or_fail()
    result = None
    try:
        if not request:
            raise DmvpubError("HarfBuzz could not start a font subset (out of memory?)", path)
        unicodes = subset.hb_subset_input_unicode_set(request)
        for code_point in sorted({ord(char) for char in text}):
            hb.hb_set_add(unicodes, code_point)
        features = subset.hb_subset_input_set(request, _HB_SUBSET_SETS_LAYOUT_FEATURE_TAG)
        hb.hb_set_clear(features)
        hb.hb_set_invert(features)  # the empty set inverted: every feature
        subset.hb_subset_input_set_flags(request, _HB_SUBSET_FLAGS_NO_HINTING)
        result = subset.hb_subset_or_fail(face, request)
        if not result:
            raise DmvpubError("HarfBuzz could not subset this font", path)
        data = hb.hb_face_reference_blob(result)
        try:
            length = ctypes.c_uint()
            return ctypes.string_at(hb.hb_blob_get_data(data, ctypes.byref(length)), length.value)
        finally:
            hb.hb_blob_destroy(data)
    finally:
        if result:
            hb.hb_face_destroy(result)
        subset.hb_subset_input_destroy(request)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)


_HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6
_HB_SUBSET_FLAGS_NO_HINTING = 0x1


@functools.cache
def _harfbuzz() -> tuple[ctypes.CDLL, ctypes.CDLL]:
    """HarfBuzz and its subset library (system packages WeasyPrint needs too), their signatures declared."""
    libraries = []
    for name in ("harfbuzz", "harfbuzz-subset"):
        try:
            libraries.append(ctypes.CDLL(f"lib{name}.so.0"))
        except OSError:
            found = ctypes.util.find_library(name)
            if found is None:
                raise DmvpubError(f"the {name} library is not installed; run `make setup`") from None
            libraries.append(ctypes.CDLL(found))
    hb, subset = libraries
    pointer, uint = ctypes.c_void_p, ctypes.c_uint
    for library, name, result, arguments in (
            (hb, "hb_blob_create_from_file", pointer, [ctypes.c_char_p]),
            (hb, "hb_blob_get_data", ctypes.c_void_p, [pointer, ctypes.POINTER(uint)]),
            (hb, "hb_blob_destroy", None, [pointer]),
            (hb, "hb_face_create", pointer, [pointer, uint]),
            (hb, "hb_face_reference_blob", pointer, [pointer]),
            (hb, "hb_face_destroy", None, [pointer]),
            (hb, "hb_set_add", None, [pointer, ctypes.c_uint32]),
            (hb, "hb_set_clear", None, [pointer]),
            (hb, "hb_set_invert", None, [pointer]),
            (subset, "hb_subset_input_create_or_fail", pointer, []),
            (subset, "hb_subset_input_unicode_set", pointer, [pointer]),
            (subset, "hb_subset_input_set", pointer, [pointer, ctypes.c_int]),
            (subset, "hb_subset_input_set_flags", None, [pointer, uint]),
            (subset, "hb_subset_or_fail", pointer, [pointer, pointer]),
            (subset, "hb_subset_input_destroy", None, [pointer])):
        function = getattr(library, name)
        function.restype, function.argtypes = result, arguments
    return hb, subset
