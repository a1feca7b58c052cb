"""Type sizes for print, per script: large enough for readers with limited literacy and for older
readers, and as large to the eye in every script as 12 pt Latin.

Sources: plain-language print asks for body text of at least 12 pt (CMS, *Toolkit for Making
Written Material Clear and Effective*, part 5); large print means 18 pt or more, with nothing
smaller than 14 pt (American Printing House for the Blind, large-print guidelines). Nothing a
reader sees in a booklet, bilingual booklet or flyer is set under 9 pt.

What makes one script's text look as large as another's is the height of its letters' main
body, not the nominal point size. Each pinned font's main body was measured with fontTools
(glyph bounds of typical letters, in em; `BODY_HEIGHTS`, checked against the font files by
tests/test_readable_print.py):

- Latin and Cyrillic (Source Sans 3): the x-height (OS/2 sxHeight; x v w z), 0.486 em: the reference.
- Arabic (Tajawal): the height above the baseline of ه م س ص و ع, 0.44 em.
- Persian and Pashto forms of the Arabic script (Kurinto Sans): the same letters, 0.39 em.
- Devanagari (Kurinto Sans): headline to baseline of क न म ग त व स प, 0.645 em.
- Ethiopic (Kurinto Sans): ሀ ለ ሰ ረ በ ተ ነ, 0.63 em (median).
- Myanmar (Noto Sans Myanmar): the round letters က င စ ဒ န ပ မ, 0.556 em.
- Chinese (Kurinto Sans SC), Korean (Kurinto Sans KR): an ideograph or syllable fills the em,
  0.90 and 0.87 em, compared with Latin's capital height (0.66 em), the height of a Latin letter
  drawn as one full-height shape.

A script's body size is 12 pt × (Latin's height / the script's), rounded up to half a point and
never under 12 pt: Arabic 13.5 pt, Persian and Pashto 15 pt, every other script 12 pt (their
letters are as tall as Latin's or taller at the same size). Scripts that stack marks (Myanmar,
Devanagari, Arabic, Chinese) get more line spacing in common.css instead of a larger size.

Headings, titles and the draft notes are set tighter than the body (1.2 to 1.3). Where a script's
marks reach far above and below its letters, as tight lets the ink of one line touch the next's:
Myanmar's stacked consonants and vowel signs, and the Arabic script's dots in Kurinto Sans at the
sizes Pashto and Dari are set at (measured from the PDFs' glyph boxes: 2.6 pt of overlap in a
Burmese draft note at 9 pt, 1.9 pt in a Pashto heading; tests/test_readable_print.py measures every
printed file). Those scripts get `TIGHT_LEADING` instead, and the page's foot grows to hold the
draft notes at that spacing (`PrintSizes.foot`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..core.language import Language
from ..fonts.faces import language_fonts

BODY_PT = 12.0  # plain-language print: body text of at least 12 pt
MINIMUM_PT = 9.0  # nothing a reader sees under this, in booklets and flyers
LARGE_BODY_PT = 18.0  # large print (APH): body of at least 18 pt
LARGE_MINIMUM_PT = 14.0  # large print (APH): nothing under 14 pt

LATIN_X_HEIGHT = 0.486  # em, Source Sans 3's OS/2 sxHeight
LATIN_CAP_HEIGHT = 0.66  # em, Source Sans 3's OS/2 sCapHeight
# (script, the first family of its faces) -> (typical letters measured, their main body's height in em,
# the Latin height they compare with)
BODY_HEIGHTS: dict[tuple[str, str], tuple[str, float, float]] = {
    ("Latn", "Source Sans 3"): ("xvwz", 0.486, LATIN_X_HEIGHT),
    ("Cyrl", "Source Sans 3"): ("xvwz", 0.486, LATIN_X_HEIGHT),
    ("Arab", "Tajawal"): ("\u0647\u0645\u0633\u0635\u0648\u0639", 0.44, LATIN_X_HEIGHT),
    ("Arab", "Kurinto Sans"): ("\u0647\u0645\u0633\u0635\u0648\u0639", 0.39, LATIN_X_HEIGHT),
    ("Deva", "Kurinto Sans"): ("कनमगतवसप", 0.645, LATIN_X_HEIGHT),
    ("Ethi", "Kurinto Sans"): ("ሀለሰረበተነ", 0.63, LATIN_X_HEIGHT),
    ("Mymr", "Noto Sans Myanmar"): ("ကငစဒနပမ", 0.556, LATIN_X_HEIGHT),
    ("Hans", "Kurinto Sans SC"): ("的是在和有信息国", 0.90, LATIN_CAP_HEIGHT),
    ("Kore", "Kurinto Sans KR"): ("한국어정보는을", 0.87, LATIN_CAP_HEIGHT),
}


# (script, the first family of its faces) -> line height (times the font size) of text otherwise set
# tight: headings, titles, the draft notes; enough that consecutive lines' ink does not touch.
TIGHT_LEADING: dict[tuple[str, str], float] = {
    ("Mymr", "Noto Sans Myanmar"): 1.55,
    ("Arab", "Kurinto Sans"): 1.45,
}
NOTE_LEADING = 1.2  # the draft notes' line height elsewhere (common.css)
NOTE_LINES = 4  # the foot holds up to four lines of draft notes (two notes, each up to two lines)
NOTE_GAP_IN = 0.08  # between the page's text and the notes (booklet.css: the margin box's padding)
TRIM_SAFETY_IN = 0.125  # text stays this far inside the trim edge (the layout check holds it: render.layout)
BOOKLET_FOOT_IN = 1.05  # the booklet's bottom page margin, where the notes fit it
LARGE_PRINT_FOOT_IN = 1.35  # the large-print edition's


@dataclass(frozen=True)
class PrintSizes:
    """The type sizes (pt) of one printed edition of one language, and what follows from them."""

    body: float  # answers, contents entries, the back cover's notice
    small: float  # the least anything is set at: running head, page numbers, draft notes, note numbers
    english: float  # the English of the bilingual booklet (Source Sans 3)
    minimum: float  # what the layout check holds every glyph to
    tight_leading: float | None = None  # line height of headings, titles and draft notes; None: the CSS's
    foot: float = BOOKLET_FOOT_IN  # in: the bottom page margin, which holds the draft notes


def script_body(language: Language, base: float = BODY_PT) -> float:
    """The body size (pt) at which `language`'s script looks as large as `base` pt Latin: `base` ×
    Latin's height / the script's, rounded up to 0.5 pt, never under `base`. A script not
    measured gets `base`."""
    family = language_fonts(language)[0].family
    measured = BODY_HEIGHTS.get((language.script, family))
    if measured is None:
        return base
    _letters, height, latin = measured
    return max(base, math.ceil(2 * base * latin / height - 1e-9) / 2)


def tight_leading(language: Language) -> float | None:
    """The line height for `language`'s headings, titles and draft notes where the CSS's tight
    spacing would let lines' ink touch (`TIGHT_LEADING`); None where it does not."""
    return TIGHT_LEADING.get((language.script, language_fonts(language)[0].family))


def foot(small: float, leading: float | None, least: float) -> float:
    """The bottom page margin (in) that holds `NOTE_LINES` lines of draft notes at `small` pt and
    `leading`, below the gap and above the trim's safety margin, and never less than `least` in."""
    notes = NOTE_LINES * small * (leading or NOTE_LEADING) / 72
    return max(least, math.ceil((NOTE_GAP_IN + notes + TRIM_SAFETY_IN + 0.05) * 100) / 100)


def booklet_sizes(language: Language) -> PrintSizes:
    """The booklet's and bilingual booklet's sizes: body at least 12 pt, nothing under 9 pt."""
    body = script_body(language)
    small, leading = max(MINIMUM_PT, round(0.75 * body * 2) / 2), tight_leading(language)
    return PrintSizes(body=body, small=small, english=11.0, minimum=MINIMUM_PT, tight_leading=leading,
                      foot=foot(small, leading, BOOKLET_FOOT_IN))


def large_print_sizes(language: Language) -> PrintSizes:
    """The large-print edition's sizes: body at least 18 pt, nothing under 14 pt (APH)."""
    body = script_body(language, LARGE_BODY_PT)
    leading = tight_leading(language)
    return PrintSizes(body=body, small=LARGE_MINIMUM_PT, english=LARGE_BODY_PT, minimum=LARGE_MINIMUM_PT,
                      tight_leading=leading, foot=foot(LARGE_MINIMUM_PT, leading, LARGE_PRINT_FOOT_IN))
