"""Alignment signals (issue #29): hints that a translation may not say what its English says, for the
reviewer to look at. Each is a warning at the `msgstr` line, shown by `check` and on the review sheet,
silenced on a message by its `ignore-<name>` flag. None proves anything, and none can see a
translation that says something else in as many sentences, words and negations: only a person
reading both can.

- `pasted`: the translation is identical to another message's whose English differs (an answer
  pasted into the wrong question).
- `sentences`: another number of sentences than the English (a sentence dropped or added), or of
  Markdown list items inside the message.
- `length`: the translation's length against its English is far from the locale's own median
  ratio (a truncated or padded answer): below half, or above twice the median, for English of at
  least `MIN_LENGTH` characters.
- `negation`: another number of negation markers than the English, for the languages in
  NEGATION_MARKERS only. Sources: the Universal Dependencies guidelines (feature `Polarity=Neg`,
  https://universaldependencies.org/u/feat/Polarity.html, and `PronType=Neg`,
  https://universaldependencies.org/u/feat/PronType.html) as annotated in UD English-EWT (not,
  n't, no, never), UD Spanish-AnCora (no, nunca, jamás, tampoco) and UD French-GSD (pas, jamais,
  non, and the negative determiners and pronouns aucun, aucune, rien, which carry the negation
  with "ne"; "ne" itself is left out, so that "ne … pas" counts once and "ne … que", "only", not at
  all). Spanish negative pronouns (nada, nadie, ninguno) are left out: Spanish doubles them with
  "no" ("no … nada") where English has one negation.
  Languages not listed are not checked: no list this project could verify (README).

Sentences are counted as runs of a full stop, question or exclamation mark followed by a space
and a word that does not start in lower case,
and each CJK (。？！), Devanagari (। ॥), Myanmar (။), Ethiopic (። ፧) or Arabic (؟ ۔) terminator,
not at the message's end.
"""

from __future__ import annotations

import re
import statistics

from ..po import blank_translation
from ..text.shown import as_read
from ..text.visible import without_invisible
from .finding import WARNING
from .registry import CATALOG, MESSAGE, Catalog, Check, Hit, Message, Registry, Step

FAMILY = "align"
CHECKS = (
    Check("pasted", WARNING, "the translation is identical to another message's whose English differs", FAMILY),
    Check("sentences", WARNING, "another number of sentences or list items than the English", FAMILY),
    Check("length", WARNING, "far longer or shorter against its English than the locale's other messages", FAMILY),
    Check("negation", WARNING, "another number of negations than the English (languages with a cited list)",
          FAMILY),
)
MIN_LENGTH = 60  # characters of English below which the length ratio says nothing
LOW, HIGH = 0.5, 2.0  # times the locale's median ratio
MIN_PASTED = 20  # characters: shorter identical translations ("Yes.") are not a signal

# Whole words, case-insensitive; each match is one negation.
NEGATION_MARKERS: dict[str, re.Pattern] = {
    "en": re.compile(r"\b(?:not|never|no|cannot)\b|n't\b", re.I),
    "es": re.compile(r"\b(?:no|nunca|jamás|tampoco)\b", re.I),
    # "ne" is left out: "ne … que" is "only", and an expletive "ne" negates nothing ("avant qu'il ne parte")
    "fr": re.compile(r"\b(?:pas|jamais|non|aucune?|rien)\b", re.I),
}
# A full stop before a lower-case word ends no sentence: "2005. godine" (Bosnian ordinals), "e.g. the".
_STOPS = re.compile(r"[.!?]+\s+(?P<next>\S)|[。？！।॥။।።፧؟۔]+(?=\s*\S)")
_ITEM = re.compile(r"(?m)^\s*(?:[-*+]|\d+[.)])\s")
_MARKUP = re.compile(r"\]\([^)]*\)|\[\^[^\]]*\]|[*_`]")


def register(registry: Registry) -> None:
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 900, per_message))
    registry.add_step(Step(FAMILY, CATALOG, 900, across_messages))


def _plain(text: str) -> str:
    return without_invisible(_MARKUP.sub(" ", text))[0].strip()


def _checked(message: Message) -> bool:
    entry = message.entry
    return bool(entry.msgstr) and not entry.fuzzy and not blank_translation(entry) and message.known


def sentence_count(text: str) -> int:
    """Sentences in `text`: the terminators not at its end, plus one."""
    plain = as_read(_plain(text))  # a CJK full stop inside an address (ice-help。org) ends no sentence
    return 1 + sum(1 for match in _STOPS.finditer(plain) if not (match["next"] or "").islower())


def per_message(message: Message) -> list[Hit]:
    """`sentences` and `negation` of one translated, non-fuzzy message."""
    if not _checked(message):
        return []
    entry, hits = message.entry, []
    english, translation = sentence_count(entry.msgid), sentence_count(entry.msgstr)
    if english != translation:
        hits.append(Hit("sentences", f"{translation} sentence(s) where the English has {english}: is one "
                                     "missing, or added?"))
    items = (len(_ITEM.findall(entry.msgid)), len(_ITEM.findall(entry.msgstr)))
    if items[0] != items[1]:
        hits.append(Hit("sentences", f"{items[1]} list item(s) where the English has {items[0]}"))
    markers = NEGATION_MARKERS.get(message.catalog.code.split("_")[0])
    if markers is not None:
        english = len(NEGATION_MARKERS["en"].findall(_plain(entry.msgid)))
        translated = len(markers.findall(_plain(entry.msgstr)))
        if english != translated:
            hits.append(Hit("negation", f"{translated} negation(s) where the English has {english}: does it "
                                        "say the opposite somewhere?"))
    return hits


def across_messages(catalog: Catalog) -> list[Hit]:
    """`pasted` and `length`, which compare a message with the locale's others."""
    messages = [message for entry in catalog.catalog if not entry.obsolete and entry.msgid
                for message in [Message(entry, catalog)] if _checked(message)]
    hits = []
    by_text: dict[str, list[Message]] = {}
    for message in messages:
        text = " ".join(_plain(message.entry.msgstr).split()).casefold()
        if len(text) >= MIN_PASTED:
            by_text.setdefault(text, []).append(message)
    for group in by_text.values():
        if len({message.entry.msgid for message in group}) < 2:
            continue
        for message in group:
            if "ignore-pasted" in message.entry.flags:
                continue
            other = next(m for m in group if m.entry.msgid != message.entry.msgid)
            where = f"question {other.entry.msgctxt}" if other.entry.msgctxt else "another message"
            hits.append(Hit("pasted", f"the same translation as {where} (line {other.msgstr_line}), whose English "
                                      "differs: was an answer pasted into the wrong place?", line=message.msgstr_line))
    ratios = {id(message): len(_plain(message.entry.msgstr)) / len(_plain(message.entry.msgid))
              for message in messages if len(_plain(message.entry.msgid)) >= MIN_LENGTH}
    if len(ratios) >= 5:
        median = statistics.median(ratios.values())
        for message in messages:
            ratio = ratios.get(id(message))
            if ratio is None or LOW * median <= ratio <= HIGH * median or "ignore-length" in message.entry.flags:
                continue
            hits.append(Hit("length", f"{ratio / median:.1f} times as long against its English as this "
                                      f"language's messages are (median {median:.2f}): is something cut off, "
                                      "or added?", line=message.msgstr_line))
    return hits
