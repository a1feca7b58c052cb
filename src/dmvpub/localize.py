"""A document in one language: every text looked up in that locale's catalog, nothing left in English.

Each text remembers where it came from (the `.po` entry, or the source line for English),
so problems found later — a character no font can draw — can name the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
import polib
from babel import Locale
from babel.dates import format_date

from .catalog import TemplateMessage
from .errors import DmvpubError
from .model import Document, Paragraph, Review, document_messages


class IncompleteTranslation(DmvpubError):
    """A locale that does not translate every message: skipped by a build, never printed half in English."""


@dataclass(frozen=True)
class Text:
    text: str
    where: str


@dataclass(frozen=True)
class LocalizedParagraph:
    text: Text


@dataclass(frozen=True)
class LocalizedList:
    start: int
    items: tuple[Text, ...]


@dataclass(frozen=True)
class LocalizedQuestion:
    number: int
    id: str
    text: Text
    answer: tuple[LocalizedParagraph | LocalizedList, ...]


@dataclass(frozen=True)
class Edition:
    """Which language a document is in and how far its text can be trusted."""

    locale: str
    lang: str  # BCP 47 tag, for <html lang> and the PDF's /Lang
    direction: str
    language_name: str  # in its own script: "Español", "العربية"
    as_of: str  # the "current as of" date, written the locale's way
    source_review: Review
    translation_review: Review | None  # None for the source language itself

    @property
    def translation_is_draft(self) -> bool:
        return self.translation_review is not None and self.translation_review.is_draft


@dataclass(frozen=True)
class LocalizedDocument:
    edition: Edition
    title: Text
    subtitle: Text
    notice: Text
    questions: tuple[LocalizedQuestion, ...]
    template_strings: dict[str, Text]  # the templates' msgid -> its translation

    def texts(self) -> list[Text]:
        """Every text that will be printed, for checks such as glyph coverage."""
        texts = [self.title, self.subtitle, self.notice, *self.template_strings.values()]
        for question in self.questions:
            texts.append(question.text)
            for block in question.answer:
                texts.extend(block.items if isinstance(block, LocalizedList) else [block.text])
        return texts

    def gettext(self, msgid: str) -> str:
        return self.template_strings[msgid].text


def language_tag(code: str) -> str:
    return str(Locale.parse(code)).replace("_", "-")


def edition(code: str, document: Document, translation_review: Review | None) -> Edition:
    locale = Locale.parse(code)
    name = locale.display_name or code
    return Edition(locale=code, lang=language_tag(code), direction=locale.text_direction,
                   language_name=name[:1].upper() + name[1:], as_of=format_date(document.current_as_of, "long",
                                                                                 locale=locale),
                   source_review=document.review, translation_review=translation_review)


def localize(document: Document, templates: list[TemplateMessage], code: str, catalog: polib.POFile | None,
             catalog_shown_as: str = "", review: Review | None = None) -> LocalizedDocument:
    """The document in `code`: from its catalog, or as written when `catalog` is None (English).

    Fuzzy and untranslated entries do not count: a locale missing any message is refused
    rather than printed half in English.
    """
    if catalog is None:
        def look_up(context: str | None, msgid: str, where: str) -> Text:
            return Text(msgid, where)
    else:
        entries = {(e.msgctxt, e.msgid): e for e in catalog.translated_entries() if not e.obsolete}
        missing = []

        def look_up(context: str | None, msgid: str, where: str) -> Text:
            entry = entries.get((context, msgid))
            if entry is None:
                if msgid not in missing:
                    missing.append(msgid)
                return Text(msgid, where)
            return Text(entry.msgstr, f"{catalog_shown_as}:{entry.linenum}")

    messages = iter(document_messages(document))

    def next_text() -> Text:
        message = next(messages)
        return look_up(message.context, message.msgid, f"{message.path}:{message.line}")

    title, subtitle, notice = next_text(), next_text(), next_text()
    questions = []
    for number, question in enumerate(document.questions, start=1):
        heading = next_text()
        answer = [LocalizedParagraph(next_text()) if isinstance(block, Paragraph)
                  else LocalizedList(block.start, tuple(next_text() for _ in block.items))
                  for block in question.answer]
        questions.append(LocalizedQuestion(number, question.id, heading, tuple(answer)))
    strings = {m.msgid: look_up(None, m.msgid, f"{m.path}:{m.line}") for m in templates}

    if catalog is not None and missing:
        raise IncompleteTranslation(f"{len(missing)} message(s) untranslated or fuzzy, so this locale is not printed "
                          f"(see `dmvpub status`); first: {missing[0][:60]!r}", catalog_shown_as)
    return LocalizedDocument(edition(code, document, review), title, subtitle, notice, tuple(questions), strings)
