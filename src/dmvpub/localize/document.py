"""A document in one language: every text looked up in that locale's catalog, nothing left in English.

Each text remembers where it came from (the `.po` entry, or the source line for English),
so problems found later — a character no font can draw — can name the file and line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date

import polib
from babel import Locale
from babel.dates import format_date

from ..po import TemplateMessage, is_translated
from ..core.errors import DmvpubError, Location
from ..core.language import Language, describe
from ..core.model import Document, Paragraph, Review, document_messages
from ..review import source_review_state, translation_review_state


class IncompleteTranslation(DmvpubError):
    """A locale that translates too few messages to print: skipped by a build, with the reason."""


@dataclass(frozen=True)
class Text:
    """One printed text and where it comes from: its catalog entry's first line, or its source line."""

    text: str
    where: Location
    fallback: bool = False  # not translated (or fuzzy): printed in English, and marked as such


@dataclass(frozen=True)
class LocalizedParagraph:
    text: Text


@dataclass(frozen=True)
class LocalizedList:
    ordered: bool
    start: int
    items: tuple[Text, ...]


@dataclass(frozen=True)
class LocalizedQuestion:
    number: int
    id: str
    text: Text
    answer: tuple[LocalizedParagraph | LocalizedList, ...]
    notes: dict[str, Text] = field(default_factory=dict)  # footnote label -> its text

    def texts(self) -> list[Text]:
        texts = [self.text]
        for block in self.answer:
            texts.extend(block.items if isinstance(block, LocalizedList) else [block.text])
        return [*texts, *self.notes.values()]


@dataclass(frozen=True)
class Edition:
    """Which language a document is in and how far its text can be trusted."""

    language: Language
    as_of: str  # the "current as of" date, written the locale's way
    dated: date  # the same date as the source states it (core.dates: the print-shop PDF's dates)
    source_review: Review
    translation_review: Review | None  # None for the source language itself
    preview: bool = False  # a translator's preview of unfinished work, never published
    # Numbers of the questions whose English and translation all carry valid sign-offs (issue #22).
    reviewed_questions: tuple[int, ...] = ()

    @property
    def locale(self) -> str:
        return self.language.code

    @property
    def lang(self) -> str:
        """BCP 47 tag, for <html lang> and the PDF's /Lang."""
        return self.language.tag

    @property
    def direction(self) -> str:
        return self.language.direction

    @property
    def language_name(self) -> str:
        """In its own script: "Español", "العربية", "دری"."""
        return self.language.name

    @property
    def counter_style(self) -> str:
        """The CSS counter style that writes page and list numbers in the language's own digits."""
        return self.language.counter_style

    def number(self, value: int) -> str:
        return self.language.digits(str(value))

    @property
    def translation_is_draft(self) -> bool:
        return self.translation_review is not None and self.translation_review.is_draft

    @property
    def is_draft(self) -> bool:
        """Whether some printed text is not signed off: the translation's or the English's."""
        return self.translation_is_draft or self.source_review.is_draft

    @property
    def reviewed_list(self) -> str:
        """The reviewed questions' numbers as the language lists them, runs of three or more as
        ranges: "1–5, 7 y 9", in the language's own digits."""
        parts, numbers = [], list(self.reviewed_questions)
        while numbers:
            run = 1
            while run < len(numbers) and numbers[run] == numbers[0] + run:
                run += 1
            first, last = self.number(numbers[0]), self.number(numbers[run - 1])
            parts.extend([f"{first}–{last}"] if run >= 3 else [self.number(n) for n in numbers[:run]])
            numbers = numbers[run:]
        if self.language.cldr and parts:
            from babel.lists import format_list
            return format_list(parts, locale=Locale.parse(self.locale))
        return ", ".join(parts)


@dataclass(frozen=True)
class LocalizedDocument:
    edition: Edition
    title: Text
    subtitle: Text
    notice: Text
    questions: tuple[LocalizedQuestion, ...]
    template_strings: dict[str, Text]  # the templates' msgid -> its translation

    def texts(self) -> list[Text]:
        """Every text that will be printed, for checks such as glyph coverage: the language's name,
        the date and its digits too, so nothing falls back to a font of the machine's."""
        where = self.title.where
        texts = [self.title, self.subtitle, self.notice, *self.template_strings.values(),
                 Text(self.edition.language_name, where), Text(self.edition.as_of, where),
                 Text(self.edition.language.digits("0123456789."), where)]
        for question in self.questions:
            texts.extend(question.texts())
        return texts

    def gettext(self, msgid: str) -> str:
        return self.template_strings[msgid].text

    @property
    def partial(self) -> bool:
        """Whether some messages print in English because they are not translated (or fuzzy)."""
        return any(text.fallback for text in self.texts())

    @property
    def questions_translated(self) -> int:
        """Questions whose heading, paragraphs and list items are all translated."""
        return sum(not any(text.fallback for text in question.texts()) for question in self.questions)


def edition(code: str, document: Document, translation_review: Review | None,
            declared: Mapping[str, str] | None = None, source_review: Review | None = None) -> Edition:
    """The edition of `code`; `declared` is its catalog's header, which may describe the language.
    `source_review` is the English's state from its sign-offs (a draft when not given)."""
    language = describe(code, declared)
    if language.cldr:
        as_of = format_date(document.current_as_of, "long", locale=Locale.parse(code))
    else:
        as_of = document.current_as_of.isoformat()
    return Edition(language=language, as_of=language.digits(as_of), dated=document.current_as_of,
                   source_review=source_review or Review("draft"),
                   translation_review=translation_review)


def localize(document: Document, templates: list[TemplateMessage], code: str, catalog: polib.POFile | None,
             catalog_shown_as: str = "", *, min_translated: float | None = 100,
             preview: bool = False) -> LocalizedDocument:
    """The document in `code`: from its catalog, or as written when `catalog` is None (English).

    Whether it is a draft comes from the sign-offs (dmvpub.review): the English's in
    `document.source_signoffs`, the translation's in its catalog; the headers are not asked.

    An untranslated or fuzzy message prints in English, marked (never a stale translation as if
    current), when at least `min_translated` percent of the messages are translated; below that
    the locale is refused, naming its first missing message. `None` prints whatever there is
    (a translator's preview).
    """
    missing: list[tuple[str, Location]] = []  # (msgid, where its entry is)
    looked_up = 0
    if catalog is None:
        def look_up(context: str | None, msgid: str, where: Location) -> Text:
            return Text(msgid, where)
    else:
        entries = {(e.msgctxt, e.msgid): e for e in catalog if not e.obsolete}

        def look_up(context: str | None, msgid: str, where: Location) -> Text:
            nonlocal looked_up
            looked_up += 1
            entry = entries.get((context, msgid))
            if entry is None or not is_translated(entry):
                missing.append((msgid, Location(catalog_shown_as, entry.linenum if entry else None)))
                return Text(msgid, where, fallback=True)
            return Text(entry.msgstr, Location(catalog_shown_as, entry.linenum))

    messages = iter(document_messages(document))

    def next_text() -> Text:
        message = next(messages)
        return look_up(message.context, message.msgid, Location(message.path, message.line))

    title, subtitle, notice = next_text(), next_text(), next_text()
    questions = []
    for number, question in enumerate(document.questions, start=1):
        heading = next_text()
        answer = [LocalizedParagraph(next_text()) if isinstance(block, Paragraph)
                  else LocalizedList(block.ordered, block.start, tuple(next_text() for _ in block.items))
                  for block in question.answer]
        notes = {note.label: next_text() for note in question.notes}
        questions.append(LocalizedQuestion(number, question.id, heading, tuple(answer), notes))
    strings = {m.msgid: look_up(None, m.msgid, Location(m.path, m.line)) for m in templates}

    if missing and min_translated is not None:
        share = 100 * (looked_up - len(missing)) / looked_up
        if share < min_translated:
            msgid, where = missing[0]
            raise IncompleteTranslation(
                f"{share:.0f}% of messages translated, below min-translated ({min_translated:g}%), so this "
                f"locale is not printed (see `dmvpub status`); first missing: {excerpt(msgid)!r}",
                where.path, where.line)
    declared = catalog.metadata if catalog is not None else None
    english = source_review_state(document, templates)
    reviewed = set(english.reviewed_questions())
    translation_review = None
    if catalog is not None:
        translation = translation_review_state(document, templates, catalog, catalog_shown_as, code)
        reviewed &= set(translation.reviewed_questions())
        translation_review = translation.summary()
    numbers = tuple(number for number, question in enumerate(document.questions, start=1) if question.id in reviewed)
    current = edition(code, document, translation_review, declared, english.summary())
    return LocalizedDocument(replace(current, preview=preview, reviewed_questions=numbers), title, subtitle,
                             notice, tuple(questions), strings)


def excerpt(text: str, limit: int = 60) -> str:
    """The start of a message, cut at a word boundary rather than mid-word."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:") + "…"
