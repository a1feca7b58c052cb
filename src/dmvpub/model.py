"""The plain data model of the Q&A document; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# No real sentence or paragraph comes near this; far longer text only makes parsers and writers
# slow (Babel's writer takes minutes on a word of megabytes), so it is refused early.
MAX_MESSAGE_CHARS = 50_000


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class ListItem:
    text: str
    line: int


@dataclass(frozen=True)
class NumberedList:
    start: int
    items: tuple[ListItem, ...]


Block = Paragraph | NumberedList


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    line: int
    answer: tuple[Block, ...]


@dataclass(frozen=True)
class Field:
    """A piece of document-level text (title, notice, ...) and the line it is on."""

    text: str
    line: int


@dataclass(frozen=True)
class Review:
    """Whether a text has been checked: by a fact-checker for English, a native speaker for a translation."""

    status: str
    by: str = ""
    on: date | None = None

    @property
    def is_draft(self) -> bool:
        return self.status != "reviewed"

    def describe(self) -> str:
        if self.is_draft:
            return "draft"
        parts = ["reviewed"]
        if self.by:
            parts.append(f"by {self.by}")
        if self.on:
            parts.append(f"on {self.on.isoformat()}")
        return " ".join(parts)


@dataclass(frozen=True)
class Document:
    path: str
    title: Field
    subtitle: Field
    notice: Field
    current_as_of: date
    review: Review
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Message:
    """One translatable unit, as gettext sees it."""

    msgid: str
    context: str | None
    comment: str
    path: str
    line: int


def document_messages(document: Document) -> list[Message]:
    """Every translatable text of the document, in reading order.

    Content carries its question's id as context, so that the same sentence in two
    questions can be translated differently and a question's messages can be counted.
    """
    path = document.path
    messages = [
        Message(document.title.text, None, "Document title", path, document.title.line),
        Message(document.subtitle.text, None, "Document subtitle", path, document.subtitle.line),
        Message(document.notice.text, None, "Notice: general information, not legal advice", path,
                document.notice.line),
    ]
    for number, question in enumerate(document.questions, start=1):
        where = f"Question {number}"
        messages.append(Message(question.text, question.id, f"{where}, question", path, question.line))
        paragraph = 0
        for block in question.answer:
            if isinstance(block, Paragraph):
                paragraph += 1
                messages.append(Message(block.text, question.id, f"{where}, answer, paragraph {paragraph}",
                                        path, block.line))
            else:
                for item_number, item in enumerate(block.items, start=block.start):
                    messages.append(Message(item.text, question.id, f"{where}, answer, list item {item_number}",
                                            path, item.line))
    return messages
