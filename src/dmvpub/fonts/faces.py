"""The fonts each script is printed with: pinned Python packages, declared here and nowhere else.

The build never asks the machine for fonts, so a PDF looks the same wherever it is made.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from collections.abc import Mapping

from ..core.errors import DmvpubError
from ..core.language import Language, describe
from ..text.visible import FILLERS, HIDDEN, script_of


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
# Languages whose letters their script's default faces lack: Tajawal has none of the ی ک گ چ of
# Persian, Pashto, Urdu and Sindhi, nor Urdu's ٹ ڈ ڑ ں ہ ے or Sindhi's ٻ ڀ ٽ ڃ ڄ ڪ (CLDR's exemplar
# letters; `font_gap` finds them). Urdu is printed mostly in Nastaliq, but no Nastaliq font is
# packaged on PyPI (Noto Nastaliq Urdu is not); Kurinto Sans draws it in Naskh, as Urdu is set on
# screens and in many forms.
LANGUAGE_FONTS: dict[str, tuple[FontFace, ...]] = {
    "fa": KURINTO + LATIN,
    "ps": KURINTO + LATIN,
    "ur": KURINTO + LATIN,
    "sd": KURINTO + LATIN,
}
# Default-ignorable code points that shaping hides (joiners, marks of direction, word joiners and
# the like): no font needs a glyph for them. The Hangul fillers (U+115F U+1160 U+3164 U+FFA0) and
# U+1BCA0-U+1BCA3 are default-ignorable too, but HarfBuzz draws them, as a blank or a missing-glyph
# box: they are never drawable (issue #21).
IGNORABLE = HIDDEN


def language_fonts(language: Language) -> tuple[FontFace, ...]:
    """The pinned faces a language is printed in: its own, else its script's."""
    return script_fonts(language.code, language.script)


def script_fonts(code: str, script: str) -> tuple[FontFace, ...]:
    """The pinned faces of locale `code` written in `script`: its language's own, else its script's."""
    base = code.split("_")[0]
    if base in LANGUAGE_FONTS:
        return LANGUAGE_FONTS[base]
    if script not in SCRIPT_FONTS:
        raise DmvpubError(_no_font(code, script))
    return SCRIPT_FONTS[script]


# --- whether the pinned fonts draw a language (`init` asks; README, "Adding a language") -------------------

FACES_FILE = "src/dmvpub/fonts/faces.py"
HOW_TO_ADD = "README: Adding a language"
_REGIONAL_FORMS = {"Hans", "Hant", "Hani", "Jpan", "Kore", "Hira", "Kana"}


def font_gap(language: Language) -> str | None:
    """What stops the pinned fonts from printing `language`, with how to mend it, or None when
    they draw it: no faces for its script, or faces lacking some of its letters (CLDR's exemplar
    characters through ICU, the standard set: the letters a language's text needs). A language
    ICU does not know (ksw) is judged on its script alone."""
    try:
        faces = language_fonts(language)
    except DmvpubError as error:
        return error.message
    missing = undrawable(exemplar_letters(language.code), faces)
    if not missing:
        return None
    families = ", ".join(font_families(faces))
    return (f"the pinned fonts for the {script_name(language.script)} script ({families}) lack "
            f"{len(missing)} letter{'s' if len(missing) > 1 else ''} of {language.code} ({language.name}): "
            f"{' '.join(missing[:20])}{' …' if len(missing) > 20 else ''}; "
            + _remedy(language.script, missing, f"declare it for {language.code.split('_')[0]!r} in LANGUAGE_FONTS"))


def _no_font(code: str, script: str) -> str:
    missing = exemplar_letters(code)
    return (f"no pinned font draws the {script_name(script)} script ({script}) of {code}: it cannot be printed "
            "until one is declared; " + _remedy(script, list(missing), f"declare it for {script!r} in SCRIPT_FONTS"))


def _remedy(script: str, missing: list[str], declare: str) -> str:
    """How to add a font: one already pinned that draws every missing letter, else a new package.
    Not for Han and kana, whose letters' forms differ by region (Kurinto Sans SC has every letter of
    Traditional Chinese, in their Simplified forms)."""
    pinned = [faces for faces in dict.fromkeys((*SCRIPT_FONTS.values(), *LANGUAGE_FONTS.values()))]
    having = next((faces for faces in pinned if missing and script not in _REGIONAL_FORMS
                   and not undrawable("".join(missing), faces)), None)
    if having is not None:
        return (f"{having[0].family}, already pinned, draws all its letters: {declare} in {FACES_FILE}, then "
                f"build and look at the booklet ({HOW_TO_ADD})")
    return (f"pin a font package that draws its letters in pyproject.toml, {declare} in {FACES_FILE}, then build "
            f"and look at the booklet ({HOW_TO_ADD})")


@functools.cache
def exemplar_letters(code: str) -> str:
    """The letters CLDR says a language's text needs (ICU's standard exemplar set), as one string;
    "" for a language ICU does not know."""
    import icu

    language = code.split("_")[0]
    if language not in icu.Locale.getISOLanguages():
        return ""
    exemplars = icu.LocaleData(code.replace("-", "_")).getExemplarSet(0, icu.ULocaleDataExemplarSetType.ES_STANDARD)
    return "".join(dict.fromkeys("".join(exemplars)))


def script_name(script: str) -> str:
    """An ISO 15924 script code's English name, from CLDR through ICU: "Hebr" -> "Hebrew", "Hant" ->
    "Traditional Han"; the code itself where ICU has no name for it."""
    import icu

    name = icu.Locale(f"und_{script}").getDisplayScript(icu.Locale("en"))
    return name if name and name != script else script


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
    """Characters of `text` no face can draw visibly (line breaks and ordinary spaces aside), each
    once: those no face has, the fillers (U+3164...) whatever a font maps them to, and letters,
    digits and symbols that the first face having them draws as an empty glyph."""
    have = drawable(faces)
    bad = {char for char in set(text)
           if char not in "\n\t" and ord(char) not in IGNORABLE
           and (ord(char) not in have or ord(char) in FILLERS or _drawn_empty(char, faces))}
    return list(dict.fromkeys(char for char in text if char in bad)) if bad else []


def _drawn_empty(char: str, faces: tuple[FontFace, ...]) -> bool:
    """Whether a character meant to be seen (a letter, digit, symbol or punctuation mark) is drawn
    with a glyph that has no ink in the first of `faces` that maps it."""
    if unicodedata.category(char)[0] not in "LNSP":
        return False
    face = next((face for face in faces if ord(char) in _face_characters(face)), None)
    return face is not None and _empty_glyph(face, ord(char))


@functools.cache
def _face_characters(face: FontFace) -> frozenset[int]:
    return _characters(face.path)


@functools.cache
def _face_font(face: FontFace):
    return hb_font(face.path)


@functools.cache
def _empty_glyph(face: FontFace, code: int) -> bool:
    font = _face_font(face)
    glyph = font.get_nominal_glyph(code)
    if glyph is None:
        return False
    extents = font.get_glyph_extents(glyph)
    return extents is None or (extents.width == 0 and extents.height == 0)


@functools.cache
def hb_font(path: Path):
    """A HarfBuzz font for a font file, made once per process."""
    import uharfbuzz

    return uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(path))))


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


@dataclass(frozen=True)
class ShapingProblem:
    """A place where HarfBuzz, shaping a text in its pinned font, gave a dotted circle (a mark
    with nothing to attach to: a vowel sign typed before its consonant, Zawgyi Burmese) or
    `.notdef` (a missing-glyph box)."""

    kind: str  # "dotted circle" or ".notdef"
    cluster: str  # the characters of the cluster at fault
    context: str  # the visible text around it

    def describe(self) -> str:
        codes = " ".join(f"U+{ord(char):04X}" for char in self.cluster if not char.isspace())
        what = ("a dotted circle (◌): a mark with nothing to attach to" if self.kind == "dotted circle"
                else "a missing-glyph box (.notdef)")
        return f"{what}, at {codes} in {self.context!r}"


def shaping_problems(text: str, faces: tuple[FontFace, ...], language: str = "") -> list[ShapingProblem]:
    """Shape `text` with HarfBuzz as a browser would print it: each run of one script in the first
    of `faces` (regular faces, in `font-family` order) that has its characters. Every dotted circle
    that shaping inserted and every `.notdef` is a problem (issue #21)."""
    import uharfbuzz

    if not needs_shaping_check(text):
        return []
    regular = [face for face in faces if face.style == "normal" and face.weight in ("normal", "400", "100 900")]
    regular = list({face.family: face for face in reversed(regular)}.values())[::-1] or list(faces[:1])
    problems = []
    for start, run, face in _runs(text, regular):
        font = _face_font(face)
        buffer = uharfbuzz.Buffer()
        buffer.add_str(run)
        buffer.guess_segment_properties()
        if language:
            buffer.language = language.replace("_", "-")
        uharfbuzz.shape(font, buffer, {})
        circle = font.get_nominal_glyph(0x25CC)
        infos = buffer.glyph_infos
        if all(info.codepoint not in (0, circle) for info in infos):
            continue  # the usual case, decided without looking at clusters
        clusters = sorted({info.cluster for info in infos}) + [len(run)]
        ends = {cluster: clusters[number + 1] for number, cluster in enumerate(clusters[:-1])}
        for info in infos:
            cluster = run[info.cluster:ends[info.cluster]]
            if info.codepoint == 0 and not all(ord(char) in HIDDEN or char in " \n\t" for char in cluster):
                kind = ".notdef"
            elif circle is not None and info.codepoint == circle and "\u25cc" not in cluster:
                kind = "dotted circle"
            else:
                continue
            where = start + info.cluster
            context = text[max(0, where - 8):where + len(cluster) + 8].strip()
            problem = ShapingProblem(kind, cluster, context)
            if problem not in problems:
                problems.append(problem)
    return problems


def _runs(text: str, faces: list[FontFace]):
    """(offset, text, face): `text` cut where the script or the face that draws it changes.
    Common and inherited characters (spaces, punctuation, marks) stay in the run they are in
    when its face has them."""

    maps = [_face_characters(face) for face in faces]
    kinds = {}  # character -> (index of the first face having it, its script or None, faces having it)
    for char in set(text):
        code, script = ord(char), script_of(char)
        having = frozenset(number for number, have in enumerate(maps) if code in have or code in HIDDEN)
        neutral = script in ("Zyyy", "Zinh", "Zzzz") or code in HIDDEN
        kinds[char] = (min(having, default=0), None if neutral else script, having)
    runs: list[list] = []
    for index, char in enumerate(text):
        face, script, having = kinds[char]
        if runs:
            last = runs[-1]
            if (script is None and last[2] in having) or (face == last[2] and last[3] in (script, None)):
                last[1].append(char)
                last[3] = last[3] or script
                continue
        runs.append([index, [char], face, script])
    return [(start, "".join(chars), faces[face]) for start, chars, face, _ in runs]


_SIMPLE_SCRIPTS = frozenset({"Latn", "Cyrl", "Grek", "Zyyy", "Zinh", "Zzzz", "Hani", "Hang", "Hira", "Kana"})


def needs_shaping_check(text: str) -> bool:
    """Whether shaping `text` could go wrong in a way its characters alone do not show: only
    scripts whose shapers reorder and combine (Devanagari, Burmese, Arabic...) or a combining mark."""
    return not text.isascii() and any(script_of(char) not in _SIMPLE_SCRIPTS or unicodedata.category(char) in
                                      ("Mn", "Mc", "Me") for char in set(text))
