"""What a reviewer is shown, question by question, and the short code that names it (issue #29).

A review unit is one question of a locale (its heading, answer paragraphs, list items and notes),
or, as the last unit, the messages outside every question (the title, subtitle, notice and the
templates' strings; id None). Its **code** is a prefix of the sha256 of the locale and the unit's
exact text, message by message: context, English, translation and whether it is fuzzy. The code is
printed on the review sheet and by `dmvpub review LOCALE --list`; signing takes the codes the
reviewer read (`dmvpub review LOCALE --by NAME --code CODE...`), so a text edited after the sheet
was made no longer has the code that was read, and signs nothing.

Shapes: `review_units` gives a list of `ReviewUnit`, in reading order; `CODE_CHARS` hex digits a
code (40 bits: a chance edit lands on the same code about once in 10^12).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import polib

from ..core.model import Document, SignOff
from ..po import TemplateMessage, entry_lines
from .signoff import UNREVIEWED, entry_state
from .state import english_messages, source_review_state

CODE_CHARS = 10
_CODE_VERSION = "dmvpub-review-code-1"
OTHER = "other texts"  # how the unit of messages outside the questions is named


@dataclass(frozen=True)
class UnitMessage:
    """One message as the reviewer is shown it."""

    context: str | None
    msgid: str  # the English
    translation: str | None  # None: the English itself is reviewed, or no entry in the catalog yet
    slot: str  # its place: "heading", "answer, paragraph 2", "template base.html"
    state: str  # REVIEWED, CHANGED or UNREVIEWED (signoff.py)
    line: int | None  # of its msgstr in the catalog (of its text in the source for the English)
    fuzzy: bool = False
    previous: str | None = None  # the English it was translated from, where it changed (`#| msgid`)
    signoff: SignOff | None = None


@dataclass(frozen=True)
class ReviewUnit:
    """One question of a locale (or the texts outside questions, id None) and its code."""

    id: str | None
    number: int | None  # the question's number, from 1
    messages: tuple[UnitMessage, ...]
    code: str

    @property
    def name(self) -> str:
        return f"question {self.number} ({self.id})" if self.id else OTHER

    @property
    def state(self) -> str:
        """`reviewed` when every message is, `changed since review` when one is, else `not reviewed`
        (or `partly reviewed`)."""
        states = {message.state for message in self.messages}
        if states == {"reviewed"}:
            return "reviewed"
        if "changed since review" in states:
            return "changed since review"
        return "partly reviewed" if "reviewed" in states else "not reviewed"


def unit_code(locale: str, messages: list[tuple[str | None, str, str | None, bool]]) -> str:
    """The code of a unit: the first CODE_CHARS hex digits of the sha256 of the locale and each
    message's (context, English, translation, fuzzy), encoded together as JSON."""
    data = json.dumps([_CODE_VERSION, locale, messages], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:CODE_CHARS]


def review_units(document: Document, templates: list[TemplateMessage], locale: str,
                 catalog: polib.POFile | None) -> list[ReviewUnit]:
    """The units of `locale`, in reading order: for a translation (`catalog`), each message with its
    translation as the file now holds it; for the English (`catalog` None), the English alone."""
    english = english_messages(document, templates)
    groups: dict[str | None, list[UnitMessage]] = {question.id: [] for question in document.questions}
    groups[None] = []
    if catalog is None:
        states = {(m.context, m.msgid): m for m in source_review_state(document, templates, locale).messages}
        for message in english:
            review = states[message.context, message.msgid]
            groups.setdefault(message.context, []).append(UnitMessage(
                message.context, message.msgid, None, message.slot, review.state, message.where.line,
                signoff=review.signoff))
    else:
        entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
        lines = entry_lines(catalog)
        for message in english:
            entry = entries.get((message.context, message.msgid))
            if entry is None:
                item = UnitMessage(message.context, message.msgid, None, message.slot, UNREVIEWED, None)
            else:
                state, signoff = entry_state(entry, locale)
                item = UnitMessage(message.context, message.msgid, entry.msgstr, message.slot, state,
                                   lines.entry(entry).msgstr, entry.fuzzy, entry.previous_msgid or None, signoff)
            groups.setdefault(message.context, []).append(item)
    numbers = {question.id: number for number, question in enumerate(document.questions, start=1)}
    units = []
    for key, messages in groups.items():
        if not messages:
            continue
        code = unit_code(locale, [[m.context, m.msgid, m.translation, m.fuzzy] for m in messages])
        units.append(ReviewUnit(key, numbers.get(key), tuple(messages), code))
    return units
