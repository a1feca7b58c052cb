"""The fonts each script is printed with: pinned Python packages, declared here and nowhere else.

The build never asks the machine for fonts, so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
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


@functools.cache
def drawable(faces: tuple[FontFace, ...]) -> frozenset[int]:
    """Every code point at least one of the faces has a glyph for.

    Made once per set of faces and process: the glyph check asks for every text of a locale, and
    making the union of the maps (tens of thousands of code points) again each time was nearly all
    of its time (issue #25: all 16 locales' checks, warm, 5.1 s -> 0.24 s)."""
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

    HarfBuzz's subsetter (uharfbuzz, with its own HarfBuzz; WeasyPrint subsets the PDFs' fonts with
    the system's) takes milliseconds where fontTools took seconds reading all of Kurinto Sans's
    positioning tables: 18% of a build.
    """
    import uharfbuzz

    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path)))
    request = uharfbuzz.SubsetInput()
    request.unicode_set.update(sorted({ord(char) for char in text}))
    features = request.sets(uharfbuzz.SubsetInputSets.LAYOUT_FEATURE_TAG)
    features.clear()
    features.invert()  # the empty set inverted: every feature
    request.flags = uharfbuzz.SubsetFlags.NO_HINTING
    subset = uharfbuzz.subset(face, request)
    if subset is None:
        raise DmvpubError("HarfBuzz could not subset this font", path)
    return subset.blob.data
