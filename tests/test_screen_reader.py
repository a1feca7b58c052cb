"""What a screen reader hears from each tagged PDF kind is what a sighted reader sees (issue #30).

Read from built PDFs of a Latin, a right-to-left, a CJK and a Burmese locale: the structure tree with
pikepdf (structure_nodes) and with PDFium (Chrome's accessibility tree, pdfium_structure), and each
text object's marked content and text with PDFium (pdfium_marked_text, which honours /ActualText).
"What is heard" is the text of the marked content the structure tree reaches, in the tree's order.

PDF/UA-1 (ISO 14289-1) 7.1: every piece of content is real content or an artifact; the running head
and page numbers are artifacts (Pagination), the draft notices are heard once, near the start, in
the document's language; one heading per question; a contents entry is one /Link, title then page
number, its leader dots artifacts.
"""

from __future__ import annotations

import collections
import io
import re
import unicodedata

import pikepdf
import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.pipeline.localized import localized_document
from dmvpub.po import catalog_path
from dmvpub.render import renderer
from dmvpub.render.untagged import UNTAGGED, untagged_text
from dmvpub.text.richtext import plain_text

from conftest import copy_project
from helpers.pdf import pdfium_marked_text, pdfium_structure, structure_nodes

LOCALES = ["es", "ar", "zh_Hans", "my"]  # Latin, right-to-left (Arabic), CJK, Burmese
KINDS = ["booklet", "booklet-print", "booklet-bilingual", "booklet-large-print", "flyer"]
CASES = [pytest.param(code, kind, id=f"{code}-{kind}") for code in LOCALES for kind in KINDS]
DRAFT_NOTES = ["Draft translation, not yet reviewed by a native speaker",
               "Draft: the English text has not yet been checked for accuracy"]
HEADINGS = {"H1", "H2", "H3", "H4", "H5", "H6"}


@pytest.fixture(scope="module")
def tagged(tmp_path_factory):
    settings = copy_project(tmp_path_factory.mktemp("tagged") / "project")
    result = dmvpub.build(settings, LOCALES, KINDS)
    assert not result.failed, [str(error) for error in result.failed]
    document = dmvpub.load_document(settings)
    return settings, {code: localized_document(settings, document, code) for code in LOCALES}


def _pdf(settings, code, kind) -> bytes:
    return (settings.dist / artifact_name(settings, code, kind)).read_bytes()


def _heard(pdf: bytes) -> tuple[list[dict], dict]:
    """The structure elements in reading order, each with "text": what PDFium gives for its own
    marked content; and PDFium's text objects by (page, MCID)."""
    texts: dict[tuple[int, int], str] = collections.defaultdict(str)
    for page, objects in enumerate(pdfium_marked_text(pdf)):
        for _, mcid, text in objects:
            if mcid >= 0:
                texts[page, mcid] += text
    nodes = structure_nodes(pdf)
    for node in nodes:
        node["text"] = "".join(texts.get(key, "") for key in node["mcids"])
    return nodes, texts


def _translation(settings, code: str, msgid: str) -> str:
    entry = polib.pofile(str(catalog_path(settings, code))).find(msgid)
    assert entry is not None and entry.msgstr, msgid
    return entry.msgstr


@pytest.mark.parametrize(("code", "kind"), CASES)
def test_every_text_is_tagged_content_or_an_artifact(tagged, code, kind):
    settings, _ = tagged
    pdf = _pdf(settings, code, kind)
    reached = {key for node in structure_nodes(pdf) for key in node["mcids"]}
    for page, objects in enumerate(pdfium_marked_text(pdf)):
        for marks, mcid, text in objects:
            assert "Artifact" in marks or (page, mcid) in reached, (page + 1, marks, mcid, text)
    assert untagged_text(pdf) == []


def _letters(text: str) -> collections.Counter:
    """The letters, marks and digits of `text`, whatever their order: right-to-left text comes from
    PDFium's text objects in drawing order, in pieces (so equal, not found in order)."""
    return collections.Counter(character for character in text if unicodedata.category(character)[0] in "LMN")


def _says(text: str, expected: str) -> bool:
    """Whether `text` has the letters of `expected`, and no other, each at least as often: PDFium
    gives a right-to-left word with a mark twice in a text object (the /ActualText for poppler and
    the one for PDFium itself, render.textlayer)."""
    got, wanted = _letters(text), _letters(expected)
    return set(got) == set(wanted) and not wanted - got


def _within(nodes: list[dict], node: dict) -> str:
    """The text of `node` and of the elements inside it, in reading order."""
    index = next(position for position, other in enumerate(nodes) if other is node)
    inside = [node]
    for other in nodes[index + 1:]:
        if len(other["ancestors"]) <= len(node["ancestors"]):
            break
        inside.append(other)
    return "".join(item["text"] for item in inside)


def _paragraphs(nodes: list[dict], text: str) -> list[int]:
    """The indexes of the /P elements that say `text`."""
    return [index for index, node in enumerate(nodes) if node["type"] == "P" and _says(_within(nodes, node), text)]


@pytest.mark.parametrize(("code", "kind"), CASES)
def test_the_notices_are_heard_once_near_the_start_in_the_documents_language(tagged, code, kind):
    settings, docs = tagged
    doc = docs[code]
    pdf = _pdf(settings, code, kind)
    nodes, _ = _heard(pdf)
    language = nodes[0]["lang"]
    title = next(index for index, node in enumerate(nodes) if node["type"] == "H1")
    assert _says(_within(nodes, nodes[title]), plain_text(doc.title.text))
    # near the start: before the contents (booklets) or the questions (the flyer)
    start = next(index for index, node in enumerate(nodes) if node["type"] in ("L", "H2"))
    notices = [_translation(settings, code, note) for note in DRAFT_NOTES] + [plain_text(doc.notice.text)]
    for notice in notices:
        found = _paragraphs(nodes, notice)
        assert len(found) == 1, (notice, found)  # heard once, though printed at the foot of every page
        assert title < found[0] < start, (notice, title, found, start)
        assert nodes[found[0]]["lang"] == language
        assert all(node["lang"] == language for node in nodes[found[0]:found[0] + 3])
    # the title, printed at the head of every page, is heard once
    assert [index for index, node in enumerate(nodes) if node["type"] in ("P", "H1") and
            _says(_within(nodes, node), plain_text(doc.title.text))] == [title]


@pytest.mark.parametrize(("code", "kind"), [case for case in CASES if case.values[1] != "flyer"])
def test_running_heads_and_page_numbers_are_pagination_artifacts(tagged, code, kind):
    settings, docs = tagged
    pdf = _pdf(settings, code, kind)
    marked = pdfium_marked_text(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for index, page in enumerate(document.pages):
            artifacts = {(str(operands[1].get("/Type")), str(operands[1].get("/Subtype")))
                         for operands, operator in pikepdf.parse_content_stream(page, "BDC")
                         if operands[0] == "/Artifact" and isinstance(operands[1], pikepdf.Dictionary)}
            if 0 < index < len(document.pages) - 1:  # not a cover: a running head and a page number
                assert ("/Pagination", "/Header") in artifacts and ("/Pagination", "/Footer") in artifacts, index
                shown = _letters("".join(text for marks, _, text in marked[index] if "Artifact" in marks))
                assert not _letters(docs[code].edition.number(index + 1)) - shown
                assert not _letters(plain_text(docs[code].title.text)) - shown


@pytest.mark.parametrize(("code", "kind"), [case for case in CASES if case.values[1] != "flyer"])
def test_one_heading_per_question_and_no_heading_inside_another(tagged, code, kind):
    settings, docs = tagged
    pdf = _pdf(settings, code, kind)
    nodes, _ = _heard(pdf)
    assert not [node for node in nodes if node["type"] in HEADINGS and HEADINGS & set(node["ancestors"])]
    for page in pdfium_structure(pdf):  # as PDFium (Chrome) loads each page's tree
        assert not _nested(page, HEADINGS)
    for question in docs[code].questions:
        wanted = docs[code].edition.number(question.number) + plain_text(question.text.text)
        headings = [node for node in nodes if node["type"] == "H2" and _says(_within(nodes, node), wanted)]
        assert len(headings) == 1, question.id


def _nested(page: list[tuple[int, str, str, list[int]]], types: set[str]) -> list[str]:
    """The elements of one of `types` inside another of them, in PDFium's (depth, type, …) list."""
    found, open_depth = [], None
    for depth, kind, _, _ in page:
        if open_depth is not None and depth <= open_depth:
            open_depth = None
        if kind in types:
            if open_depth is not None:
                found.append(kind)
            else:
                open_depth = depth
    return found


@pytest.mark.parametrize(("code", "kind"), [case for case in CASES if case.values[1] != "flyer"])
def test_a_contents_entry_is_one_link_title_then_page_number_and_its_leader_an_artifact(tagged, code, kind):
    settings, docs = tagged
    doc = docs[code]
    pdf = _pdf(settings, code, kind)
    nodes, texts = _heard(pdf)
    language = nodes[0]["lang"]
    links = [node for node in nodes if node["type"] == "Link"]
    assert len(links) == len(doc.questions)
    # nothing inside a /Link but a passage in another language (English standing in)
    assert all(node["lang"] != language for node in nodes if "Link" in node["ancestors"])
    for question, link in zip(doc.questions, links):
        wanted = doc.edition.number(question.number) + plain_text(question.text.text)
        page = next(node["page"] for node in nodes if node["type"] == "H2" and _says(_within(nodes, node), wanted))
        number = doc.edition.number(page + 1)
        assert _says(_within(nodes, link), wanted + number)
        said = [texts[key] for key in link["mcids"] if texts[key].strip()]
        assert said[0].strip() == doc.edition.number(question.number) and said[-1].strip() == number  # title, then page
        assert link["objrs"], "the link's annotations are in it"
    # every link annotation of the contents belongs to one of these /Links (its /StructParent)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        parent_tree = document.Root.StructTreeRoot.ParentTree
        held = {objr for link in links for objr in link["objrs"]}
        for page in document.pages:
            for annotation in page.get("/Annots", []):
                if annotation.get("/Subtype") == "/Link" and "/Dest" in annotation:
                    assert annotation.objgen in held
                    assert _number_tree(parent_tree, int(annotation.StructParent)).S == "/Link"
    leaders = [text for marks, _, text in pdfium_marked_text(pdf)[1] if "Artifact" in marks and "." in text]
    assert len(leaders) > 20
    assert not [node["text"] for node in nodes if ". . ." in node["text"] or re.fullmatch(r"[.\s]+", node["text"])]
    for page in pdfium_structure(pdf)[1:3]:  # PDFium's tree of the contents pages: no link inside a link
        assert not _nested(page, {"Link"})


def _number_tree(tree, key):
    """The value of `key` in a PDF number tree (/Nums, /Kids)."""
    if "/Nums" in tree:
        numbers = tree.Nums
        for index in range(0, len(numbers), 2):
            if int(numbers[index]) == key:
                return numbers[index + 1]
    for kid in tree.get("/Kids", []):
        found = _number_tree(kid, key)
        if found is not None:
            return found
    return None


def _strip_artifacts(pdf: bytes, mcid: bool = False) -> bytes:
    """`pdf` with every artifact's marked content made plain /Span (with an MCID nothing refers to)."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            instructions = []
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) in ("BDC", "BMC") and operands[0] == "/Artifact":
                    if mcid:
                        operands, operator = [pikepdf.Name.Span, pikepdf.Dictionary(MCID=9999)], pikepdf.Operator("BDC")
                    else:
                        operands, operator = [pikepdf.Name.Span], pikepdf.Operator("BMC")
                instructions.append((operands, operator))
            page.Contents = document.make_stream(pikepdf.unparse_content_stream(instructions))
        output = io.BytesIO()
        document.save(output)
        return output.getvalue()


@pytest.mark.parametrize("mcid", [False, True], ids=["unmarked", "mcid-nothing-refers-to"])
def test_the_check_finds_text_neither_tagged_nor_an_artifact_with_its_page(tagged, mcid):
    settings, docs = tagged
    broken = untagged_text(_strip_artifacts(_pdf(settings, "es", "booklet"), mcid))
    assert [problem.page for problem in broken][:3] == [2, 3, 4]
    assert all(problem.what == UNTAGGED for problem in broken)
    # the running head, among what a page after the cover shows
    title = _letters(plain_text(docs["es"].title.text))
    assert any(not title - _letters(problem.text) for problem in broken[1:])


def test_a_build_that_writes_untagged_text_fails_that_artifact_and_keeps_the_last_good_file(project, monkeypatch):
    assert not dmvpub.build(project, ["es"], ["booklet"], jobs=1).failed
    booklet = project.dist / artifact_name(project, "es", "booklet")
    before = booklet.read_bytes()
    written = renderer.pdf_bytes  # as if WeasyPrint wrote the margins as it does unpatched (#1836)
    monkeypatch.setattr(renderer, "pdf_bytes", lambda document: _strip_artifacts(written(document), mcid=True))
    result = dmvpub.build(project, ["es"], ["booklet"], jobs=1, force=True)
    assert len(result.failed) == 1
    assert re.search(r": tagging check: es booklet, page 2: text neither tagged nor an artifact: ", str(result.failed[0]))
    assert booklet.read_bytes() == before
