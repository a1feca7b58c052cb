"""The plain data model of the Q&A document; no I/O here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..text.linebreak import longest_word
from ..text.richtext import link_targets, plain_text

# Limits that agree with each other and keep a locale's build well under 30 s (issue 24, items
# 13 and 18; `benchmarks/bench_limits.py` shows the times at the limits). The longest English
# paragraph is 926 characters and no translation is more than twice as long as its English.
# Any message of a catalog, English or translation:
MAX_MESSAGE_CHARS = 10_000
# Any text of the source (title, question, paragraph, list item): half that, so that a
# translation twice as long is still accepted.
MAX_SOURCE_MESSAGE_CHARS = MAX_MESSAGE_CHARS // 2
# The title, subtitle and notice (25, 119 and 230 characters today): they are set large, on every
# cover and flyer, and the title in the PDF's metadata.
MAX_FIELD_CHARS = 500
# A word (a run of text with nowhere to break a line): WeasyPrint lays out the whole rest of a
# paragraph for each line of a word wider than the line, so a 49,999-character title took more
# than 10 minutes to build. Long addresses break at their slashes.
MAX_WORD_CHARS = 100


def long_word_problem(text: str, language: str) -> str | None:
    """Why print cannot set `text` (a message in locale `language`, Markdown as typed), or None:
    its longest run without a line-break opportunity (text.linebreak.longest_word, on the text as
    printed) is longer than MAX_WORD_CHARS, which WeasyPrint would lay out again for each
    line it spans, in time that grows with the square of its length (issue #24 item 13). The one
    wording of this problem for `check` (`long-word`, at the msgstr line) and the build's gate."""
    if len(text) <= MAX_WORD_CHARS:
        return None
    word = longest_word(plain_text(text), language)
    if len(word) <= MAX_WORD_CHARS:
        return None
    return (f"a word of {len(word):,} characters with nowhere to break a line ({word[:20]!r}...); print "
            f"takes words of up to {MAX_WORD_CHARS} characters: add spaces or shorten it")


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class ListItem:
    text: str
    line: int


@dataclass(frozen=True)
class ItemList:
    """A numbered list (`ordered`, counting from `start`) or a bulleted one."""

    ordered: bool
    start: int
    items: tuple[ListItem, ...]


Block = Paragraph | ItemList


@dataclass(frozen=True)
class Footnote:
    """A footnote of one question: referred to as `[^label]` in its text, printed after its answer."""

    label: str
    text: str
    line: int


@dataclass(frozen=True)
class Question:
    """A question and its answer; texts hold inline Markdown (emphasis, links, `[^label]`) as typed."""

    id: str
    text: str
    line: int
    answer: tuple[Block, ...]
    notes: tuple[Footnote, ...] = ()


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
class SignOff:
    """One reviewer's sign-off of one message exactly as it was: who, on which day, and the sha256
    of what was read (its msgctxt, English msgid and translation; see dmvpub.review, issue #22)."""

    by: str
    on: date
    digest: str  # 64 lowercase hex digits


@dataclass(frozen=True)
class SourceSignOff:
    """A sign-off of one English message, as kept in source/reviews.yaml.

    `context` and `message` (its place, such as "answer, paragraph 2") say which message it was
    written for, so that an edited message is reported as changed since review."""

    context: str | None
    message: str
    signoff: SignOff
    line: int  # in the reviews file


@dataclass(frozen=True)
class Document:
    path: str
    title: Field
    subtitle: Field
    notice: Field
    current_as_of: date
    review: Review  # the front matter's summary, written by `dmvpub review en`; never the source of truth
    questions: tuple[Question, ...]
    source_signoffs: tuple[SourceSignOff, ...] = ()  # the English sign-offs, from beside the source


@dataclass(frozen=True)
class Message:
    """One translatable unit, as gettext sees it."""

    msgid: str
    context: str | None
    comment: str
    path: str
    line: int

    @property
    def comments(self) -> list[str]:
        """The translator comments: what the message is, and the targets of its links, which a
        translation must keep (a link's text is translated, its address is not)."""
        targets = link_targets(self.msgid)
        return [self.comment, *([f"Links (keep as they are): {' '.join(targets)}"] if targets else [])]


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
                    kind = f"list item {item_number}" if block.ordered else f"bullet point {item_number - block.start + 1}"
                    messages.append(Message(item.text, question.id, f"{where}, answer, {kind}", path, item.line))
        for note in question.notes:
            messages.append(Message(note.text, question.id,
                                    f"{where}, footnote [^{note.label}]: printed as a numbered note after the "
                                    f"answer, where the text has [^{note.label}] (keep that reference as it is)",
                                    path, note.line))
    return messages
