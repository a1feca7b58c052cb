"""Properties, by hypothesis: the parser never crashes, and update never loses a translation."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polib
from hypothesis import HealthCheck, given, settings, strategies as st

from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path, locale_codes, template_path
from dmvpub.core.errors import DmvpubError
from dmvpub.source.parse import parse_document

from conftest import ROOT
from helpers.project import copy_project

SOURCE = (ROOT / "source" / "questions.md").read_text(encoding="utf-8")
PIECES = st.sampled_from(["---\n", "title: T\n", "## Q {#q}\n", "## Q {#}\n", "{#a-b}", "\n\n", "1. item\n",
                          "- bullet\n", "current_as_of: 2026-13-40\n", "review:\n  status: draft\n", ": :\n",
                          "# heading\n", "```\n", "<b>", "{{ x }}", "\ufeff", "\t", "\r\n", "\x00",
                          "[^1]", "[^1]: a note\n", "*", "**", "_", "[a](https://e.org)", "[a](javascript:b)",
                          "`c`", "![i](p.png)", "| a |\n|---|\n", "~~s~~", "<https://e.org>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), PIECES), max_size=30))
def test_parsing_arbitrary_text_succeeds_or_names_the_problem(parts):
    text = "".join(parts)
    try:
        parse_document(text, "source/questions.md")
    except DmvpubError as error:
        assert error.message and (error.line is None or error.line >= 1)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=len(SOURCE)), st.text(max_size=20))
def test_damaging_the_real_source_anywhere_succeeds_or_names_the_problem(position, insert):
    try:
        parse_document(SOURCE[:position] + insert + SOURCE[position:], "source/questions.md", 20)
    except DmvpubError as error:
        assert error.message


TEXTS = sorted({line for line in SOURCE.splitlines() if len(line) > 60 and not line.startswith(("#", "title", "sub",
                                                                                              "notice"))})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=st.dictionaries(st.sampled_from(TEXTS), st.sampled_from(["Also, ", "Note: ", "Today, "]), max_size=6),
       swap=st.tuples(st.integers(0, 19), st.integers(0, 19)))
def test_random_edits_to_the_english_never_lose_a_translation_whose_text_still_exists(edits, swap):
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project(Path(scratch) / "project")
        before = {code: {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(catalog_path(project, code)))
                         if e.translated()} for code in locale_codes(project)}

        text = SOURCE
        for line, prefix in edits.items():  # some paragraphs change
            text = text.replace(line, prefix + line)
        sections = text.split("\n## ")  # two questions trade places; their ids go with them
        head, questions = sections[0], sections[1:]
        first, second = swap
        questions[first], questions[second] = questions[second], questions[first]
        text = "\n## ".join([head, *[q if q.endswith("\n") else q + "\n" for q in questions]])
        project.source.write_text(text, encoding="utf-8")

        dmvpub.extract(project)
        assert not dmvpub.update(project).failed
        still = {(e.msgctxt, e.msgid) for e in polib.pofile(str(template_path(project)))}
        for code, translations in before.items():
            now = {(e.msgctxt, e.msgid): e for e in polib.pofile(str(catalog_path(project, code)))
                   if not e.obsolete}
            for key, msgstr in translations.items():
                if key in still:
                    assert now[key].msgstr == msgstr and not now[key].fuzzy, (code, key)
