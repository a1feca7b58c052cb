"""The PDFs themselves, opened with pypdf: page counts, imposition, text, language, fonts, tags."""

from __future__ import annotations

import hashlib
import io
import json
import re

import polib
import pypdf
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import KINDS, artifact_name, locale_kinds
from dmvpub.po import catalog_path, locale_codes
from dmvpub.core.errors import DmvpubError
from dmvpub.fonts.faces import locale_fonts
from dmvpub.core.language import describe
from dmvpub.render.textlayer import reorders
from dmvpub.render.renderer import ProjectFetcher, Renderer, balanced_split, first_fitting
from dmvpub.core.settings import load_settings

from conftest import ROOT
from helpers.catalog import rewrite
from helpers.pdf import artifact_pdf, pdfium_pages, pypdf_pages
from helpers.text import flat

SETTINGS = load_settings(ROOT)
LOCALES = [SETTINGS.source_locale, *locale_codes(SETTINGS)]
LETTER_LANDSCAPE = (792, 612)


def language_direction(code) -> str:
    return describe(code).direction


def page_texts(settings, code, kind) -> list[str]:
    """Each page's text layer as a reader gets it. Scripts whose lines carry /ActualText
    (Devanagari, Myanmar: dmvpub.textlayer) are read with PDFium, which honours it as Acrobat,
    poppler and Chrome do; pypdf does not, and reads the rest (its right-to-left runs are known)."""
    path = settings.dist / artifact_name(settings, code, kind)
    if not any(reorders(question) for question in translated_questions(code)):
        return pypdf_pages(path)
    return pdfium_pages(path)


_ARABIC = "\u0600-\u06ff\u0750-\u077f"


def reading_words(text: str, rtl: bool) -> list[str]:
    """The words of a PDF's text layer in reading order, one script run at a time.

    pypdf gives each line's runs from left to right, an Arabic run in logical order inside. In a
    right-to-left line the runs are therefore read from the last to the first; a Latin word inside
    Arabic ("DMV", "ICE") is its own run. Brackets, Latin punctuation and bare numbers are left out:
    where bidi puts a bracket, or a heading's number drawn as a box of its own, is layout, not text.
    """
    words = []
    for line in flat_lines(text):
        runs: list[list[str]] = []
        for word in re.findall(rf"[{_ARABIC}]+|[^\W{_ARABIC}]+", line):
            if word.isdigit():
                continue
            arabic = bool(re.match(f"[{_ARABIC}]", word))
            if runs and arabic == runs[-1][0]:
                runs[-1][1].append(word)
            else:
                runs.append([arabic, [word]])
        for _, run in reversed(runs) if rtl else runs:
            words.extend(run)
    return words


def flat_lines(text: str) -> list[str]:
    """Lines without hyphenation and default-ignorable marks: the text layer has no ZWNJ (U+200C)."""
    return re.sub(r"\u2010(?=\s)|\u00ad|[\u200b-\u200d\u2060]", "", text).splitlines()


def found_in_text(question: str, text: str, code: str) -> bool:
    """Whether the question can be read, word for word and in order, in the PDF's text layer."""
    if language_direction(code) == "ltr":
        return flat(question, hyphen_minus=True) in flat(text, hyphen_minus=True)
    words, wanted = reading_words(text, rtl=True), reading_words(re.sub("[\u200b-\u200d]", "", question), rtl=False)
    return any(words[i:i + len(wanted)] == wanted for i in range(len(words)))


def translated_questions(code) -> list[str]:
    document = dmvpub.load_document(SETTINGS)
    if code == SETTINGS.source_locale:
        return [question.text for question in document.questions]
    catalog = polib.pofile(str(catalog_path(SETTINGS, code)))
    return [catalog.find(question.text, msgctxt=question.id).msgstr for question in document.questions]


def language_tag(code: str) -> str:
    return describe(code).tag


@pytest.mark.parametrize("code", LOCALES)
def test_flyer_is_one_letter_page(built, code):
    flyer = artifact_pdf(built, code, "flyer")
    assert len(flyer.pages) == 1
    box = flyer.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    text = page_texts(built, code, "flyer")[0]
    missing = [q for q in translated_questions(code) if not found_in_text(q, text, code)]
    assert not missing


@pytest.mark.parametrize("code", LOCALES)
def test_booklet_pages_fold_into_sheets(built, code):
    booklet = artifact_pdf(built, code, "booklet")
    pages = len(booklet.pages)
    assert pages % 4 == 0 and pages >= 8
    box = booklet.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (396, 612), "half-letter, 5.5 x 8.5 in"

    imposed = artifact_pdf(built, code, "booklet-imposed")
    assert len(imposed.pages) == pages // 2
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == LETTER_LANDSCAPE for p in imposed.pages)
    # Left to right, the first sheet's front holds the back cover then the cover, its back pages 2 and
    # n-1; a right-to-left booklet is bound on the other edge, so each pair is mirrored.
    expected = [[pages, 1], [2, pages - 1]]
    if language_direction(code) == "rtl":
        expected = [pair[::-1] for pair in expected]
    assert [placed_pages(side, booklet) for side in imposed.pages[:2]] == expected


def placed_pages(side, booklet) -> list[int]:
    """Which booklet pages were placed on one side of a sheet, from left to right.

    Each placed page is a form XObject whose /Matrix shifts it into place and whose content
    is the original page's content stream, which identifies it.
    """
    numbers = {page.get_contents().get_data(): number for number, page in enumerate(booklet.pages, start=1)}
    placed = []
    for form in side["/Resources"]["/XObject"].values():
        form = form.get_object()
        placed.append((float(form["/Matrix"][4]), numbers[form.get_data()]))
    return [number for _, number in sorted(placed)]


@pytest.mark.parametrize("code", LOCALES)
def test_booklet_holds_every_translated_question(built, code):
    text = "\n".join(page_texts(built, code, "booklet"))
    missing = [q for q in translated_questions(code) if not found_in_text(q, text, code)]
    assert not missing


def outline_pages(reader: pypdf.PdfReader) -> dict[str, int]:
    """Where each heading really is, from the PDF's outline (bookmarks): title -> page number."""
    pages = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages[item.title] = reader.get_destination_page_number(item) + 1
    walk(reader.outline)
    return pages


# How far below an entry's first line its page number may stand (pt): an entry of four lines of
# 12 pt type (issue #30) at the most, short of the page's folio below the contents.
LAST_ENTRY_DEPTH = 75


def printed_contents(pages, rtl: bool) -> list[int]:
    """The page numbers the contents pages print, entry by entry, from the numbers drawn on them.

    Question numbers stand at the start side of the lines, page numbers at the end side; an entry's
    page number sits on its last line, before the next entry's first line. Numbers in
    Arabic-script digits (۱۰) read in logical order (pypdf gave them reversed while the page number
    was a box of its own after the leader; since issue #20 it is kept with the leader's text).
    """
    found, down = [], None
    for page in pages:
        digits = []

        def number(text: str) -> int:
            return int(text)
        page.extract_text(visitor_text=lambda text, cm, tm, *_: text.strip().isdigit()
                          and digits.append((tm[4] + cm[4], tm[5] + cm[5], number(text.strip()))))
        xs = [x for x, _, _ in digits]
        start_x, end_x = (max(xs), min(xs)) if rtl else (min(xs), max(xs))
        starts = sorted((y, n) for x, y, n in digits if abs(x - start_x) < 20)
        if down is None:
            down = 1 if [n for _, n in starts[:2]] == [1, 2] else -1  # which way y grows down the page
        entry_ys = sorted(down * y for y, n in starts if 1 <= n <= 20)[:20]
        found += [n for y, n in sorted((down * y, n) for x, y, n in digits if abs(x - end_x) < 20)
                  if entry_ys[0] <= y <= entry_ys[-1] + LAST_ENTRY_DEPTH]
    return found


@pytest.mark.parametrize("code", LOCALES)
def test_contents_point_at_the_pages_the_questions_are_on(built, code):
    booklet = artifact_pdf(built, code, "booklet")
    heading_pages = [page for title, page in outline_pages(booklet).items() if re.match(r"\d+ ", title)]
    assert len(heading_pages) == 20
    contents = booklet.pages[1:min(heading_pages) - 1]  # from after the cover to before the first question
    assert printed_contents(contents, rtl=language_direction(code) == "rtl") == heading_pages


@pytest.mark.parametrize("code, kind", [(code, kind) for code in LOCALES for kind in locale_kinds(
    SETTINGS, code, ("booklet", "booklet-print", "booklet-bilingual", "flyer"))])
def test_pdf_is_tagged_with_language_title_and_embedded_fonts(built, code, kind):
    reader = artifact_pdf(built, code, kind)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == language_tag(code)
    assert root["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == translated_title(code)
    assert reader.metadata.subject
    fonts = embedded_fonts(reader)
    assert fonts and all(embedded for embedded in fonts.values()), fonts
    assert all(re.match(r"[A-Z]{6}\+", name) for name in fonts), "subset fonts carry a tag"
    pinned = {re.sub(r"\W", "", face.family) for face in locale_fonts(code)}
    assert all(re.sub(r"\W", "", name[7:]).startswith(tuple(pinned)) for name in fonts), (fonts, pinned)


def translated_title(code) -> str:
    document = dmvpub.load_document(SETTINGS)
    if code == SETTINGS.source_locale:
        return document.title.text
    return polib.pofile(str(catalog_path(SETTINGS, code))).find(document.title.text).msgstr


def embedded_fonts(reader) -> dict[str, bool]:
    found = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"] \
                if "/DescendantFonts" in font else font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            found[str(font["/BaseFont"])[1:]] = any(key in descriptor for key in
                                                    ("/FontFile", "/FontFile2", "/FontFile3"))
    return found


def test_manifest_lists_every_artifact_with_its_hash(built):
    manifest = json.loads((built.dist / "manifest.json").read_text(encoding="utf-8"))["artifacts"]
    assert {(entry["locale"], entry["kind"]) for entry in manifest} == {
        (code, kind) for code in LOCALES for kind in KINDS if not (code == "en" and kind == "booklet-bilingual")}
    for entry in manifest:
        data = (built.dist / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["path"].startswith(f"{entry['locale']}/")
        if entry["path"].endswith(".pdf"):
            assert entry["pages"] == len(pypdf.PdfReader(io.BytesIO(data)).pages) and entry["kind"] in entry["path"]
        elif entry["path"].endswith(".png"):
            assert data.startswith(b"\x89PNG") and entry["pages"] is None
        elif entry["path"].endswith(".txt"):  # the print-shop file's preflight summary, beside it
            assert entry["kind"] == "booklet-preflight" and entry["pages"] is None
            assert data.startswith(b"Print-shop summary: PDF/X-4")
        else:
            assert entry["kind"] == "web" and entry["path"].endswith("/index.html")
            assert f'<html lang="{language_tag(entry["locale"])}"' in data.decode("utf-8")


@pytest.mark.parametrize("code", LOCALES)
def test_pages_declare_language_and_direction(code):
    doc = dmvpub.localized(SETTINGS, code)
    html = Renderer(SETTINGS.templates, SETTINGS.url).html("booklet.html", doc, notes_pages=0)
    assert f'<html lang="{language_tag(code)}" dir="{language_direction(code)}">' in html
    if code == "ar":
        assert language_direction(code) == "rtl"


def test_longer_text_still_gets_a_one_page_flyer(project):
    # 40% longer, with no second copy of a number or placeholder for `dmvpub check` to refuse
    rewrite(project, "es", lambda e: setattr(e, "msgstr", e.msgstr + " " + re.sub(
        r"[\d%()]", "", e.msgstr[: len(e.msgstr) * 2 // 5]).strip()))
    result = dmvpub.build(project, ["es"])
    assert not result.failed, [str(error) for error in result.failed]
    flyer = artifact_pdf(project, "es", "flyer")
    assert len(flyer.pages) == 1


def test_a_flyer_that_cannot_fit_fails_alone(project):
    rewrite(project, "es", lambda e: setattr(e, "msgstr", " ".join([e.msgstr] * 4)
                                            if e.msgctxt and e.msgid.endswith("?") else e.msgstr))
    result = dmvpub.build(project, ["es", "en"])
    assert [error.message.split(";")[0] for error in result.failed] == [
        "the flyer does not fit on one page even at 9.0 pt"]  # nothing on it under 9 pt (issue #30)
    assert {(a.locale, a.kind) for a in result.artifacts} == \
        {("en", kind) for kind in locale_kinds(project, "en")} | \
        {("es", kind) for kind in KINDS if kind not in ("flyer", "flyer-thumbnail")}
    assert not (project.dist / artifact_name(project, "es", "flyer")).exists()
    assert not list(project.dist.rglob("*.part")), "nothing half-made is left behind"


def test_glyph_check_names_message_file_line_and_code_point(project):
    path = catalog_path(project, "es")
    catalog = polib.pofile(str(path))
    entry = catalog.find("Contents")
    entry.msgstr = "Contenido \u0BA4"  # a Tamil letter: none of the Latin fonts has it
    catalog.save()
    lines = path.read_text(encoding="utf-8").splitlines()
    line = lines.index('msgid "Contents"') + 1
    while lines[line - 2].startswith("#"):  # the entry starts at its first comment line
        line -= 1
    with pytest.raises(DmvpubError) as raised:
        dmvpub.localized(project, "es")
    assert str(raised.value).startswith(f"locales/es/LC_MESSAGES/messages.po:{line}: ")
    assert "U+0BA4" in str(raised.value) and "Contenido" in str(raised.value)


def test_a_translation_is_printed_as_text_never_markup(project):
    hostile = '<b>bold</b> <img src="file:///etc/passwd"> {{ 7 * 7 }} &amp;'
    def change(entry):
        if entry.msgctxt == "purpose" and entry.comment.endswith("answer, paragraph 1"):
            entry.msgstr = hostile
            entry.flags.extend(["ignore-markup", "ignore-numbers"])  # `dmvpub check` flags it; printed anyway
    rewrite(project, "es", change)
    doc = dmvpub.localized(project, "es")
    html = Renderer(project.templates, project.url).html("booklet.html", doc, notes_pages=0)
    assert "&lt;b&gt;bold&lt;/b&gt; &lt;img src=&#34;file:///etc/passwd&#34;&gt; {{ 7 * 7 }} &amp;amp;" in html
    result = dmvpub.build(project, ["es"])
    assert not result.failed
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(
        project.dist / artifact_name(project, "es", "booklet")).pages)
    assert '<b>bold</b> <img src="file:///etc/passwd"> {{ 7 * 7 }} &amp;' in text.replace("\n", " ")


def test_the_fetcher_opens_only_templates_and_pinned_fonts(tmp_path):
    from dmvpub.fonts.faces import LATIN
    fetcher = ProjectFetcher((SETTINGS.templates,), (LATIN[0].path,))
    assert fetcher.fetch((SETTINGS.templates / "common.css").as_uri()).status in (None, 200)
    assert fetcher.fetch(LATIN[0].path.as_uri())
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in (outside.as_uri(), "https://example.org/x.css", "http://127.0.0.1/", "data:text/css,p{}",
                (SETTINGS.templates / ".." / "pyproject.toml").as_uri()):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.refused) == 5


def test_flyer_columns_split_where_their_lengths_balance():
    assert balanced_split(["x" * 50] * 20) == 10
    assert balanced_split(["x" * 500] + ["x" * 50] * 19) < 10, "a long first question leaves fewer beside it"
    assert balanced_split(["x" * 50] * 19 + ["x" * 500]) > 10


@pytest.mark.parametrize("answer", [None, *range(10)])
@pytest.mark.parametrize("start", range(10))
def test_flyer_size_search_finds_the_largest_size_that_fits(answer, start):
    tried = []

    def fits(index):
        tried.append(index)
        return answer is not None and index >= answer
    assert first_fitting(10, fits, start) == answer
    assert len(set(tried)) <= 6


@pytest.mark.parametrize("code", [code for code in LOCALES if code != SETTINGS.source_locale])
def test_bilingual_booklet_follows_each_answer_with_the_english(built, code):
    booklet = artifact_pdf(built, code, "booklet-bilingual")
    assert len(booklet.pages) % 4 == 0
    assert booklet.trailer["/Root"]["/Lang"] == language_tag(code)
    pages = page_texts(built, code, "booklet-bilingual")
    english = translated_questions(SETTINGS.source_locale)
    first = min(page for title, page in outline_pages(booklet).items() if re.match(r"\d+ ", title)) - 1
    translated = translated_questions(code)
    headings = [min(i for i, text in enumerate(pages) if i >= first and found_in_text(question, text, code))
                for question in translated]
    assert headings == sorted(headings)
    for number, original in enumerate(english):
        there = [i for i, text in enumerate(pages)
                 if flat(original, hyphen_minus=True) in flat(text, hyphen_minus=True)]
        end = headings[number + 1] if number + 1 < len(headings) else len(pages)
        assert there and headings[number] <= min(there) <= end, (original, "English after its translation")
    # both reading directions on one page: a question in the translation's own and one in English,
    # left to right (at 12 pt and up, issue #30, a long answer can push its English onto the next
    # page, which then holds the next question in translation: Pashto and Dari, at 15 pt)
    assert any(found_in_text(original, text, "en")
               and any(found_in_text(question, text, code) for question in translated)
               for text in pages for original in english)
    assert pages[-1].count(built.url) == 1, "the back cover, as in the booklet"
