"""The fonts each script is printed with: pinned Python packages, declared here and nowhere else.

The build never asks the machine for fonts, so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.core import get_global
from fontTools.ttLib import TTFont

from .errors import DmvpubError


@dataclass(frozen=True)
class FontFace:
    family: str
    package: str
    file: str
    weight: str = "normal"
    style: str = "normal"

    @property
    def path(self) -> Path:
        spec = importlib.util.find_spec(self.package)
        if spec is None or not spec.submodule_search_locations:
            raise DmvpubError(f"font package {self.package!r} is not installed; run `make setup`")
        return Path(next(iter(spec.submodule_search_locations))) / self.file


_SOURCE_SANS = "weblate_fonts"
_SOURCE_SANS_DIR = "static/weblate_fonts/source-sans/ttf/"
LATIN = (
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Regular.ttf"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-It.ttf", style="italic"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Semibold.ttf", weight="600"),
    FontFace("Source Sans 3", _SOURCE_SANS, _SOURCE_SANS_DIR + "SourceSans3-Bold.ttf", weight="bold"),
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

# Script (ISO 15924, as in Babel's likely subtags) -> faces, first family first in `font-family`.
SCRIPT_FONTS: dict[str, tuple[FontFace, ...]] = {
    "Latn": LATIN,
    "Arab": ARABIC + LATIN,
    "Hans": SIMPLIFIED_CHINESE + LATIN,
}


def locale_script(code: str) -> str:
    """The script a locale is written in: its own script subtag, else CLDR's likely one."""
    locale = Locale.parse(code)
    if locale.script:
        return locale.script
    likely = get_global("likely_subtags").get(locale.language, "")
    parts = likely.split("_")
    return parts[1] if len(parts) > 2 else "Latn"


def locale_fonts(code: str) -> tuple[FontFace, ...]:
    script = locale_script(code)
    if script not in SCRIPT_FONTS:
        raise DmvpubError(f"no fonts are declared for the {script} script of locale {code!r} "
                          f"(add them to SCRIPT_FONTS in dmvpub/fonts.py)")
    return SCRIPT_FONTS[script]


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
    return list(dict.fromkeys(char for char in text if char not in "\n\t" and ord(char) not in have))


def code_points(characters: list[str]) -> str:
    """Characters as a reader can look them up: U+4E2D '中', U+0001 '\\x01'."""
    return ", ".join(f"U+{ord(char):04X} {char!r}" for char in characters)


def web_font_faces(code: str, text: str, weights: tuple[str, ...] = ("normal", "bold")) -> tuple[str, list[str]]:
    """@font-face rules for a web page in this locale, and the families they define.

    Latin-script pages use the reader's own fonts. Other scripts carry their pinned fonts,
    regular and bold, cut down to the characters of `text` and inlined as data: URIs, so the
    page asks for nothing and a device without, say, a Chinese font still draws every letter.
    `weights` picks the faces (CSS weights as the faces declare them).
    """
    from fontTools import subset

    faces = [face for face in locale_fonts(code)
             if face not in LATIN and face.style == "normal" and face.weight in weights]
    rules, families = [], []
    characters = "".join(sorted(set(text)))
    for face in faces:
        options = subset.Options()
        options.layout_features = ["*"]  # Arabic joining and ligatures need them all
        options.hinting = False
        font = TTFont(face.path, recalcTimestamp=False)  # no build time inside: the page is reproducible
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        data = io.BytesIO()
        font.save(data)
        uri = "data:font/ttf;base64," + base64.b64encode(data.getvalue()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "{face.family}"; src: url("{uri}"); '
                     f"font-weight: {face.weight}; font-style: normal; }}")
        families.append(face.family)
    return "\n".join(rules), list(dict.fromkeys(families))
