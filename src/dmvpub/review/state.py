"""The review state of a locale: each message it prints, and whether its current text carries a
valid sign-off (signoff.py) — for a translation from its catalog, for the English from reviews.yaml."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polib

from ..core.errors import Location
from ..core.model import Document, Review, SignOff, document_messages
from ..po import TemplateMessage, entry_lines
from .signoff import CHANGED, REVIEWED, UNREVIEWED, entry_state, message_digest

# Reviewers' names in a summary (X-Reviewed-By, the front matter's review.by): a name may hold a
# comma ("Pérez, Ana"), never a semicolon (commands.review refuses one), so names stay whole.
NAMES_SEPARATOR = "; "


@dataclass(frozen=True)
class MessageReview:
    """One message of a locale and whether its current text carries a valid sign-off."""

    context: str | None
    msgid: str
    state: str  # REVIEWED, CHANGED or UNREVIEWED
    where: Location  # of the text: its source line, or its msgstr line (the file alone when it has no entry)
    signoff: SignOff | None = None  # the valid one, or for CHANGED the one that no longer matches


@dataclass(frozen=True)
class ReviewState:
    """Every message a locale prints, in order, with its review state."""

    messages: tuple[MessageReview, ...]
    question_ids: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return bool(self.messages) and all(message.state == REVIEWED for message in self.messages)

    @property
    def changed(self) -> list[MessageReview]:
        return [message for message in self.messages if message.state == CHANGED]

    @property
    def unreviewed(self) -> list[MessageReview]:
        return [message for message in self.messages if message.state == UNREVIEWED]

    @property
    def any_signed(self) -> bool:
        return any(message.state != UNREVIEWED for message in self.messages)

    def reviewed_questions(self) -> list[str]:
        """The ids of the questions every one of whose messages carries a valid sign-off."""
        done = {question: True for question in self.question_ids}
        for message in self.messages:
            if message.context in done and message.state != REVIEWED:
                done[message.context] = False
        return [question for question, ok in done.items() if ok]

    def summary(self) -> Review:
        """`reviewed` by everyone who signed, on the latest day, when every message is signed; else draft."""
        if not self.complete:
            return Review("draft")
        names = list(dict.fromkeys(message.signoff.by for message in self.messages))
        return Review("reviewed", NAMES_SEPARATOR.join(names), max(message.signoff.on for message in self.messages))


@dataclass(frozen=True)
class EnglishMessage:
    """A message every locale prints, as the English says it, and where."""

    context: str | None
    msgid: str
    slot: str  # its place, independent of question numbers: "Document title", "answer, paragraph 2"
    where: Location


def english_messages(document: Document, templates: list[TemplateMessage]) -> list[EnglishMessage]:
    """Every English message a locale prints, each (context, msgid) once, in reading order."""
    found: dict[tuple[str | None, str], EnglishMessage] = {}
    for message in document_messages(document):
        slot = re.sub(r"^Question \d+, ", "", message.comment)
        found.setdefault((message.context, message.msgid),
                         EnglishMessage(message.context, message.msgid, slot, Location(message.path, message.line)))
    for message in templates:
        found.setdefault((None, message.msgid), EnglishMessage(None, message.msgid, f"template {message.path}",
                                                               Location(message.path, message.line)))
    return list(found.values())


def source_review_state(document: Document, templates: list[TemplateMessage], locale: str = "en") -> ReviewState:
    """The English: a message is reviewed when a sign-off in reviews.yaml matches its digest, and
    changed since review when a sign-off written for its place matches no current message."""
    english = english_messages(document, templates)
    by_digest = {item.signoff.digest: item.signoff for item in document.source_signoffs}
    current = {message_digest(message.context, message.msgid, None, locale) for message in english}
    stale = {(item.context, item.message): item.signoff for item in document.source_signoffs
             if item.signoff.digest not in current}
    messages = []
    for message in english:
        signoff = by_digest.get(message_digest(message.context, message.msgid, None, locale))
        if signoff:
            messages.append(MessageReview(message.context, message.msgid, REVIEWED, message.where, signoff))
        elif (message.context, message.slot) in stale:
            messages.append(MessageReview(message.context, message.msgid, CHANGED, message.where,
                                          stale[message.context, message.slot]))
        else:
            messages.append(MessageReview(message.context, message.msgid, UNREVIEWED, message.where))
    return ReviewState(tuple(messages), tuple(question.id for question in document.questions))


def translation_review_state(document: Document, templates: list[TemplateMessage], catalog: polib.POFile,
                             shown_path: str, locale: str) -> ReviewState:
    """A translation into `locale` (its folder's code), against the current English: a message
    missing from the catalog (not yet merged with `dmvpub update`) or untranslated is not reviewed. `shown_path` names the catalog in
    each message's `where` (at its msgstr line, from the PO store's index)."""
    entries = {(entry.msgctxt, entry.msgid): entry for entry in catalog if not entry.obsolete}
    lines = entry_lines(catalog)
    messages = []
    for message in english_messages(document, templates):
        entry = entries.get((message.context, message.msgid))
        if entry is None:
            messages.append(MessageReview(message.context, message.msgid, UNREVIEWED, Location(shown_path)))
            continue
        state, signoff = entry_state(entry, locale)
        messages.append(MessageReview(message.context, message.msgid, state,
                                      Location(shown_path, lines.entry(entry).msgstr), signoff))
    return ReviewState(tuple(messages), tuple(question.id for question in document.questions))

