"""Every change dmvpub makes to WeasyPrint and the libraries it writes PDFs with, applied by one call.

WeasyPrint 70 is patched in six places; `install()` applies them all, once per process, and is
called by whoever renders (`Renderer()`, and so the build before it forks its workers), never
as a side effect of an import:

- zlib level (here, `_PydyfZlib`): pydyf compresses every PDF stream at level ZLIB_LEVEL, not 9;
- variable fonts (render.varfonts): Noto Sans Myanmar made static by HarfBuzz, not by fontTools
  at every write;
- artifacts (render.artifacts): page-margin boxes and leaders drawn as artifacts, but for the
  draft notice's first page (PDF/UA-1 7.1);
- tagging (render.tagging): /Lang on passages in another language (PDF/UA-1 7.2), the margin
  content kept, one element per heading, one /Link per link, the notices read first;
- text layer (render.textlayer): Devanagari, Myanmar ... lines carry /ActualText, so they read
  back as typed;
- line breaking (here, `JoinedPyphen`): no hyphen next to a word joiner, so proper names made
  unbreakable by text.linebreak.unbreakable stay whole.

Each patch was written against WeasyPrint 70.0 and reaches into its internals, so `install()`
refuses any other major version before changing anything (RuntimeError); the tagging and text
layer, artifact and tagging patches also refuse a function whose parameters have changed.
"""

from __future__ import annotations

import zlib
from types import SimpleNamespace

import pydyf
import pyphen
import weasyprint
from weasyprint.text import line_break

from ..text.linebreak import WORD_JOINER
from . import artifacts, tagging, textlayer, varfonts

SUPPORTED_MAJOR = "70"  # the WeasyPrint major version every patch was written against
# For every stream of every PDF WeasyPrint writes (see _PydyfZlib), and for the colour profiles
# render.printshop embeds (the press profile in 0.09 s, not 0.43 s).
ZLIB_LEVEL = 6


def install() -> None:
    """Apply every patch (see the module's docstring). Idempotent: each patch is applied once
    per process, whatever calls it how often.

    Raises RuntimeError, having changed nothing, when WeasyPrint is not 70.x; and when the tagging
    or text layer patch finds WeasyPrint's function not as it expects."""
    version = weasyprint.__version__
    if version.split(".")[0] != SUPPORTED_MAJOR:
        raise RuntimeError(
            f"dmvpub's patches were written for WeasyPrint {SUPPORTED_MAJOR}.x, not {version}: check each one "
            "against it (pydyf's zlib, Font.clean, tags._build_box_tree, add_tags, draw_stacking_context, "
            "draw_inline_level, Stream.marked, generate_pdf, draw_first_line, line_break.pyphen; "
            "see dmvpub/render/patches.py) and update or remove it")
    if not isinstance(pydyf.zlib, _PydyfZlib):
        pydyf.zlib = _PydyfZlib()
    varfonts.install()
    artifacts.install()
    tagging.install()
    textlayer.install()
    if getattr(line_break.pyphen, "Pyphen", None) is not JoinedPyphen:
        # only the `pyphen` WeasyPrint's line breaking looks up is replaced, not the module itself
        line_break.pyphen = SimpleNamespace(Pyphen=JoinedPyphen, language_fallback=pyphen.language_fallback,
                                            LANGUAGES=pyphen.LANGUAGES)


class _PydyfZlib:
    """zlib as pydyf (WeasyPrint's PDF writer) sees it, with `compressobj` at ZLIB_LEVEL.

    pydyf (0.13) compresses each PDF stream with `zlib.compressobj(level=9)`, no option to change
    it; level 6 compresses the same streams in about a third of the time for 2.5 % more bytes
    (issue #25: es, ar, zh_Hans booklets, 0.20 s -> 0.06 s of CPU, 410 -> 420 kB of streams).
    Everything else is zlib's own; tests/test_shortcuts.py checks the streams' zlib headers."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=ZLIB_LEVEL, *args, **kwargs):
        return zlib.compressobj(ZLIB_LEVEL, *args, **kwargs)


class JoinedPyphen(pyphen.Pyphen):
    """Pyphen that never hyphenates next to a WORD JOINER (UAX #14 class WJ: no break before or
    after it). Pyphen's patterns do not know the character: a one-letter pattern (Spanish, Czech,
    Ukrainian ...) still hyphenates "M\u2060i\u2060s\u2060-s\u2060o...", which WeasyPrint prints.

    WeasyPrint's line breaking uses it once `install()` has run; the layout check
    (render.layout) uses it to know where a line could have been hyphenated."""

    def positions(self, word):
        return [position for position in super().positions(word)
                if WORD_JOINER not in word[max(position - 1, 0):position + 1]]
