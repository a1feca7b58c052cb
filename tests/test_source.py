"""The English source: the committed text is the user's document word for word, and editors'
mistakes end in one line naming the file and line."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dmvpub.core.errors import DmvpubError
from dmvpub.core.model import ItemList, Paragraph, document_messages
from dmvpub.commands import load_document
from dmvpub.core.settings import load_settings
from dmvpub.source.parse import parse_document

from conftest import FRONT, ROOT, SEED, write_project


def as_seed_text(document) -> str:
    """The document written back in the seed's plain layout: numbered questions, then answer lines."""
    lines = []
    for number, question in enumerate(document.questions, start=1):
        lines.append(f"{number}. {question.text}")
        for block in question.answer:
            if isinstance(block, Paragraph):
                lines.append(block.text)
            else:
                lines.extend(f"{block.start + i}. {item.text}" for i, item in enumerate(block.items))
    return "\n".join(lines) + "\n"


def test_committed_source_has_twenty_questions_with_unique_ids():
    document = load_document(load_settings(ROOT))
    ids = [question.id for question in document.questions]
    assert len(ids) == 20
    assert len(set(ids)) == 20
    assert document.review.is_draft, "the English has not been checked against the law"


@pytest.mark.skipif(not SEED.exists(), reason="the user's seed document is not beside this checkout")
def test_committed_source_keeps_the_seed_word_for_word():
    document = load_document(load_settings(ROOT))
    assert as_seed_text(document) == SEED.read_text(encoding="utf-8")


def test_paragraphs_and_numbered_lists_stay_what_they_are():
    document = load_document(load_settings(ROOT))
    privacy = next(q for q in document.questions if q.id == "privacy-concerns")
    kinds = [type(block) for block in privacy.answer]
    assert kinds == [Paragraph, ItemList, Paragraph]
    assert privacy.answer[1].ordered
    assert [item.text.split(":")[0] for item in privacy.answer[1].items] == [
        "Invasion of Privacy", "Data Security", "Lack of Transparency"]


def test_messages_carry_question_id_and_place():
    document = load_document(load_settings(ROOT))
    messages = document_messages(document)
    seventh = [m for m in messages if m.context == document.questions[6].id]
    assert seventh[0].comment == "Question 7, question"
    assert seventh[2].comment == "Question 7, answer, list item 1"
    assert [m.context for m in messages[:3]] == [None, None, None]


def parse(body: str, front: str = FRONT, questions: int | None = None):
    return parse_document(front + body, "source/questions.md", questions)


GOOD = "\n## One? {#one}\n\nAnswer one.\n\n## Two? {#two}\n\n1. First.\n2. Second.\n"


def test_a_small_source_parses():
    document = parse(GOOD, questions=2)
    assert [q.id for q in document.questions] == ["one", "two"]
    assert document.questions[1].answer[0].items[1].text == "Second."
    assert document.questions[1].answer[0].items[1].line == 17


@pytest.mark.parametrize("body, front, line, words", [
    ("\n## One? {#one}\n\nA.\n\n## Two? {#one}\n\nB.\n", FRONT, 14, "used twice"),
    ("\n## One?\n\nA.\n", FRONT, 10, "must end with its id"),
    ("\n## One? {#one}\n\n## Two? {#two}\n\nB.\n", FRONT, 10, "has no answer"),
    ("\n## One? {#One_1}\n\nA.\n", FRONT, 10, "lowercase"),
    ("\nIntro.\n\n## One? {#one}\n\nA.\n", FRONT, 10, "before the first question"),
    ("\n## One? {#one}\n\n> a quotation\n", FRONT, 12, "quotation"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("title: A title", "title: [unclosed"), 3, "not valid YAML"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("title: A title\n", ""), 2, "needs a 'title'"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("2026-11-24", "soon"), 5, "YYYY-MM-DD"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("2026-11-24", "2026-13-40"), 5, "month must be in 1..12"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("title: A title", "title: A\x1f title"), 2, "U+001F"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("status: draft", "status: done"), 7, "status: reviewed"),
    ("\n## One? {#one}\n\nA.\n", FRONT.replace("title:", "titel:"), 2, "unknown front matter field 'titel'"),
    ("## One? {#one}\n\nA.\n", "", 1, "must start with front matter"),
    ("\n", FRONT, 9, "no questions"),
])
def test_editor_mistakes_name_file_and_line(body, front, line, words):
    with pytest.raises(DmvpubError) as caught:
        parse(body, front)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"source/questions.md:{line}: ")


def test_empty_source_is_an_error_on_line_one():
    with pytest.raises(DmvpubError, match="empty") as caught:
        parse_document("  \n", "source/questions.md")
    assert caught.value.line == 1


def test_question_count_must_match_the_settings():
    with pytest.raises(DmvpubError, match="has 2 questions, but the settings expect 20") as caught:
        parse(GOOD, questions=20)
    assert caught.value.line == 14


def test_cli_reports_a_broken_source_in_one_line(tmp_path):
    write_project(tmp_path, FRONT + "\n## One? {#one}\n\n## Two? {#two}\n\nB.\n")
    result = subprocess.run([sys.executable, "-m", "dmvpub.cli", "extract"], cwd=tmp_path / "source",
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == ["dmvpub: questions.md:10: question 'one' has no answer"]
    assert "Traceback" not in result.stderr


def test_reviewed_english_needs_who_and_when():
    front = FRONT.replace("status: draft", "status: reviewed\n  by: A. Lawyer\n  date: 2026-12-01")
    document = parse(GOOD, front)
    assert not document.review.is_draft
    assert document.review.describe() == "reviewed by A. Lawyer on 2026-12-01"
    with pytest.raises(DmvpubError, match="needs 'by'"):
        parse(GOOD, FRONT.replace("status: draft", "status: reviewed"))
