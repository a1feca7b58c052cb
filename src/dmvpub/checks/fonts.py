"""Whether the pinned fonts print a translation: every character drawn (`glyphs`), every cluster
shaped with HarfBuzz without a dotted circle or a missing-glyph box (`shaping`), and Burmese in
Unicode, not in the Zawgyi encoding that prints garbled in a Unicode font (`zawgyi`).

With `glyphs=False` (the build's gate) the renderer's own glyph check names a missing character,
with its place in the page; the message is still shaped.
"""

from __future__ import annotations

import functools
import warnings

import icu
from myanmartools import ZawgyiDetector

from ..core.language import Language
from ..fonts.faces import code_points, shaping_problems, undrawable
from .finding import ERROR
from .registry import MESSAGE, Check, Hit, Message, Registry, Step

FAMILY = "fonts"
CHECKS = (
    Check("glyphs", ERROR, "a character no pinned font for the language can draw", FAMILY),
    Check("shaping", ERROR, "shaped in the pinned font, it prints a dotted circle or a missing-glyph box", FAMILY),
    Check("zawgyi", ERROR, "Burmese typed in the Zawgyi encoding, which prints garbled in a Unicode font", FAMILY),
)


def register(registry: Registry) -> None:
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 1000, printable))


def printable(message: Message) -> list[Hit]:
    """`glyphs` where a pinned font cannot draw a character (only when the catalog is held to its
    faces), else, once every character is drawable, `zawgyi` and `shaping`."""
    faces, shaping = message.catalog.faces, message.catalog.shaping
    text = message.entry.msgstr
    missing = undrawable(text, faces or shaping) if faces or shaping else []
    if missing and faces:
        return [Hit("glyphs", f"no pinned font for this language can draw {code_points(missing)}")]
    if shaping and not missing:
        return [Hit(check, says) for check, says in shaping_findings(text, shaping, message.catalog.language)]
    return []


def shaping_findings(text: str, faces, language: Language) -> list[tuple[str, str]]:
    """Shaping with HarfBuzz in the pinned font: a dotted circle or a missing-glyph box is an error
    (`shaping`); Burmese that looks typed in the Zawgyi encoding says so (`zawgyi`), with how to
    convert it, since Zawgyi prints garbled in a Unicode font such as Noto Sans Myanmar."""
    found = []
    if language.script == "Mymr":
        zawgyi = zawgyi_probability(text)
        if zawgyi is not None:
            found.append(("zawgyi", f"looks typed in the Zawgyi encoding (myanmartools: {zawgyi:.1%} likely), "
                                    "which prints garbled in a Unicode font; convert it to Unicode (Rabbit, or "
                                    "ICU's Zawgyi-my transform: uconv -x Zawgyi-my), then check it"))
    problems = shaping_problems(text, faces, language.code.split("_")[0])
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        hint = "; a vowel sign or mark is typed before its consonant, or in the wrong order" \
            if problems[0].kind == "dotted circle" else ""
        found.append(("shaping", f"prints {problems[0].describe()}{more}{hint}"))
    return found


def zawgyi_probability(text: str) -> float | None:
    """How likely Google's myanmartools finds `text` to be Zawgyi, when it is likely (0.999 and
    up) and ICU's Zawgyi-to-Unicode transform would change it; else None. Short texts that read
    the same in both encodings are not Zawgyi in any way that matters."""
    probability = _zawgyi_detector().get_zawgyi_probability(text)
    if probability < 0.999:
        return None
    return probability if _zawgyi_to_unicode(text) != text else None


@functools.cache
def _zawgyi_detector() -> ZawgyiDetector:
    with warnings.catch_warnings():  # it opens its model with importlib.resources' legacy call
        warnings.simplefilter("ignore", DeprecationWarning)
        return ZawgyiDetector()


def _zawgyi_to_unicode(text: str) -> str:
    return icu.Transliterator.createInstance("Zawgyi-my").transliterate(text)
