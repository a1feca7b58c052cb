"""Rich text through translation: emphasis, links, footnotes and lists, from a source of the tests'
own to the catalog, the checks, the PDFs (read back: link annotations, fonts, note text) and the web."""

from __future__ import annotations

import re

import polib
import pypdf
from markupsafe import Markup
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.po import catalog_path, template_path
from dmvpub.core.errors import DmvpubError
from dmvpub.core.model import ItemList
from dmvpub.checks import check_catalog
from dmvpub.text.richtext import Notes, to_html
from dmvpub.source.parse import parse_document

from conftest import FRONT, ROOT, write_project
from helpers.pdf import artifact_pdf, pdfium_pages, structure
from helpers.project import use_project_templates

STATUTE = "https://revisor.mo.gov/main/OneSection.aspx?section=302.181"
REVISOR = "https://revisor.mo.gov/"
RICH = FRONT + f"""
## What is *really* shared? {{#shared}}

The DMV shares **some** data[^law] with *federal* agencies. Read the [statute]({STATUTE})
or write to [the office](mailto:help@example.org).[^2]

- First bullet with **bold**
- Second bullet

3. Third point
4. Fourth point

[^law]: Section 302.181 RSMo; see [the Revisor]({REVISOR}).
[^2]: A second note.

## Is it *legal*? {{#legal}}

Plain answer.
"""
# A translation of every message of RICH, markup kept as a translator keeps it.
CHINESE = {
    "A title": "标题",
    "A subtitle": "副标题",
    "Not legal advice.": "不是法律建议。",
    "What is *really* shared?": "*真正*共享的是什么？",
    "The DMV shares **some** data[^law] with *federal* agencies. Read the "
    f"[statute]({STATUTE}) or write to [the office](mailto:help@example.org).[^2]":
        f"车管局与*联邦*机构共享**部分**数据[^law]。阅读[法规]({STATUTE})或写信给[办公室](mailto:help@example.org)。[^2]",
    "First bullet with **bold**": "第一点，**粗体**",
    "Second bullet": "第二点",
    "Third point": "第三点",
    "Fourth point": "第四点",
    f"Section 302.181 RSMo; see [the Revisor]({REVISOR}).": f"密苏里州修订法规第302.181条；见[修订机构]({REVISOR})。",
    "A second note.": "第二个注释。",
    "Is it *legal*?": "这*合法*吗？",
    "Plain answer.": "简单的回答。",
}


def rich_project(root):
    settings = write_project(root, RICH, questions=2)
    use_project_templates(settings)
    return settings


def translate(settings, code, translations):
    """Start `code` and fill it: the document from `translations`, the templates' strings from the
    project's own catalog of that language."""
    dmvpub.init(settings, code)
    path = catalog_path(settings, code)
    known = {entry.msgid: entry.msgstr for entry in polib.pofile(str(ROOT / "locales" / code / "LC_MESSAGES" /
                                                                     "messages.po"))}
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgid) or known.get(entry.msgid, "")
    catalog.save()
    return path


@pytest.fixture(scope="module")
def rich(tmp_path_factory):
    settings = rich_project(tmp_path_factory.mktemp("rich") / "project")
    dmvpub.extract(settings)
    translate(settings, "zh_Hans", CHINESE)
    report = dmvpub.check(settings)
    assert not report.errors(), [str(finding) for finding in report.errors()]
    result = dmvpub.build(settings)
    assert not result.failed, [str(error) for error in result.failed]
    return settings


def text_of(settings, code, kind) -> str:
    """The text layer as PDFium reads it (list markers in place), without white space."""
    return "".join("".join(page.split()) for page in pdfium_pages(settings.dist / artifact_name(settings, code, kind)))


def link_targets(pdf: pypdf.PdfReader) -> set[str]:
    return {annotation.get_object()["/A"]["/URI"] for page in pdf.pages for annotation in page.get("/Annots", [])
            if annotation.get_object().get("/A", {}).get("/URI")}


def fonts_of(pdf: pypdf.PdfReader, words: list[str]) -> dict[str, set[str]]:
    """The fonts each word is drawn in (base names without the subset prefix)."""
    runs = []
    for page in pdf.pages:
        page.extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
            (text, font["/BaseFont"].split("+")[-1] if font else "")))
    return {word: {font for text, font in runs if word in text} for word in words}


# Source

def test_the_source_keeps_inline_markdown_lists_and_footnotes():
    document = parse_document(RICH, "source/questions.md", 2)
    shared = document.questions[0]
    assert shared.text == "What is *really* shared?"
    assert "**some** data[^law]" in shared.answer[0].text and f"[statute]({STATUTE})" in shared.answer[0].text
    bullets, numbered = shared.answer[1], shared.answer[2]
    assert isinstance(bullets, ItemList) and not bullets.ordered
    assert numbered.ordered and numbered.start == 3 and [i.text for i in numbered.items] == ["Third point",
                                                                                             "Fourth point"]
    assert [(note.label, note.text, note.line) for note in shared.notes] == [
        ("law", f"Section 302.181 RSMo; see [the Revisor]({REVISOR}).", 21), ("2", "A second note.", 22)]
    assert document.questions[1].notes == ()


Q = "\n## One? {#one}\n\n"


@pytest.mark.parametrize("body, line, words", [
    (Q + "A `code` span.\n", 12, "inline code"),
    (Q + "First line,\nthen an ![image](a.png).\n", 13, "an image"),
    (Q + "Some <b>HTML</b>.\n", 12, "HTML"),
    (Q + "<div>\nA block\n</div>\n", 12, "HTML"),
    (Q + "| a | b |\n|---|---|\n| 1 | 2 |\n", 12, "a table"),
    (Q + "Struck ~~out~~.\n", 12, "strike-through"),
    (Q + "```\ncode\n```\n", 12, "code block"),
    (Q + "### A subheading\n", 12, "only '## ' headings"),
    (Q + "Text.\n\n![alone](a.png)\n", 14, "an image"),
    (Q + "A [link](javascript:alert(1)).\n", 12, "link to 'javascript:alert(1)'"),
    (Q + "Line one\nand a [file](file:///etc/passwd).\n", 13, "only https, http, mailto"),
    (Q + "A [picture](data:text/html,hi).\n", 12, "only https, http, mailto"),
    (Q + "An **unclosed mark.\n", 12, "opens or closes nothing"),
    (Q + "A note[^x].\n", 12, "footnote [^x] is not defined"),
    (Q + "Text.\n\n[^x]: Never used.\n", 14, "never referred to"),
    (Q + "A[^x] and[^x].\n\n[^x]: One.\n[^x]: Two.\n", 15, "defined twice"),
    (Q + "A[^x].\n\n[^x]: Refers[^x] on.\n", 14, "footnote may not hold footnote references"),
    ("\n## See [this](https://e.org)? {#one}\n\nA.\n", 10, "heading may not hold links"),
    ("\n## One[^x]? {#one}\n\nA.\n\n[^x]: N.\n", 10, "heading may not hold footnote references"),
    ("\n[^x]: Early.\n\n## One? {#one}\n\nA.\n", 10, "a footnote before the first question"),
])
def test_unsupported_markdown_is_refused_naming_file_line_and_construct(body, line, words):
    with pytest.raises(DmvpubError) as caught:
        parse_document(FRONT + body, "source/questions.md")
    assert words in caught.value.message
    assert str(caught.value).startswith(f"source/questions.md:{line}: ")


def test_the_cli_refuses_a_javascript_link_in_one_line(tmp_path):
    import subprocess
    import sys
    write_project(tmp_path, FRONT + Q + "Click [here](javascript:steal()).\n")
    result = subprocess.run([sys.executable, "-m", "dmvpub.cli", "extract"], cwd=tmp_path, capture_output=True,
                            text=True)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "dmvpub: source/questions.md:12: link to 'javascript:steal()': only https, http, mailto links are allowed"]


# Catalog

def test_the_catalog_keeps_markdown_and_makes_each_footnote_a_message(tmp_path):
    settings = rich_project(tmp_path / "project")
    dmvpub.extract(settings)
    entries = {entry.msgid: entry for entry in polib.pofile(str(template_path(settings)))}
    paragraph = next(entry for msgid, entry in entries.items() if msgid.startswith("The DMV shares"))
    assert "**some** data[^law] with *federal*" in paragraph.msgid
    assert paragraph.msgctxt == "shared"
    assert f"Links (keep as they are): {STATUTE} mailto:help@example.org" in paragraph.comment.replace("\n", " ")
    note = entries[f"Section 302.181 RSMo; see [the Revisor]({REVISOR})."]
    assert note.msgctxt == "shared" and "footnote [^law]" in note.comment and REVISOR in note.comment
    assert note.occurrences == [("source/questions.md", "21")]
    assert entries["Second bullet"].comment == "Question 1, answer, bullet point 2"
    assert entries["Third point"].comment == "Question 1, answer, list item 3"


# Checks

BROKEN = {  # msgid start -> (translation, the check that must report it)
    "The DMV shares": ("El DMV comparte **algunos datos[^law] con agencias *federales*. Lea la "
                       "[ley](https://evil.example/) o escriba a [la oficina](mailto:help@example.org).[^2]",
                       {"links", "emphasis"}),
    "First bullet": ("Primer punto con negrita", {"emphasis"}),
    "Section 302.181": (f"Sección 302.181 RSMo; vea [el Revisor]({REVISOR}).[^2]", {"footnotes"}),
    "Plain answer": ("Respuesta `simple` con [un enlace](https://e.org).", {"markup", "links"}),
}


def test_a_translation_must_keep_links_footnotes_and_emphasis(tmp_path):
    settings = rich_project(tmp_path / "project")
    dmvpub.extract(settings)
    path = translate(settings, "es", {})
    catalog = polib.pofile(str(path))
    for entry in catalog:
        for start, (translation, _) in BROKEN.items():
            if entry.msgid.startswith(start):
                entry.msgstr = translation
    catalog.save()
    lines = path.read_text(encoding="utf-8").splitlines()

    def errors(start):
        """The error checks reported at the msgstr line of the entry whose English begins so."""
        entry = next(e for e in polib.pofile(str(path)) if e.msgid.startswith(start))
        line = next(n for n in range(entry.linenum, len(lines) + 1) if lines[n - 1].startswith("msgstr"))
        return {f.check for f in check_catalog(polib.pofile(str(path)), "es", "es.po", glyphs=False)
                if f.line == line and f.severity == "error"}

    for start, (_, checks) in BROKEN.items():
        assert checks <= errors(start), start
    messages = [f.message for f in check_catalog(polib.pofile(str(path)), "es", "es.po", glyphs=False)]
    assert "has a link to 'https://evil.example/', which the English does not have" in messages
    assert any(m.startswith("drops the link to 'https://revisor.mo.gov/main/") for m in messages)
    assert "the emphasis mark '**' opens or closes nothing" in messages
    assert "holds inline code (`…`), which is printed as typed" in messages

    catalog = polib.pofile(str(path))
    for entry in catalog:  # a translator who means it says so, as for any check
        if entry.msgid.startswith("First bullet"):
            entry.flags.append("ignore-emphasis")
    catalog.save()
    assert "emphasis" not in errors("First bullet")


def test_a_build_refuses_a_locale_whose_translation_adds_a_link(tmp_path):
    settings = rich_project(tmp_path / "project")
    dmvpub.extract(settings)
    translations = dict(CHINESE)
    translations["Plain answer."] = "简单的回答，[点这里](https://phishing.example/)。"
    translate(settings, "zh_Hans", translations)
    result = dmvpub.build(settings, ["zh_Hans"])
    assert len(result.failed) == 1
    assert "links: has a link to 'https://phishing.example/'" in str(result.failed[0])
    assert re.search(r"locales/zh_Hans/LC_MESSAGES/messages\.po:\d+: links: ", str(result.failed[0]))
    assert not any(settings.dist.glob("zh_Hans/*.pdf"))


# Output

@pytest.mark.parametrize("code", ["en", "zh_Hans"])
def test_links_are_clickable_and_their_addresses_printed(rich, code):
    for kind in ("booklet", "booklet-print"):
        assert {STATUTE, "mailto:help@example.org", REVISOR} <= link_targets(artifact_pdf(rich, code, kind))
    text = text_of(rich, code, "booklet")
    assert STATUTE in text and "help@example.org" in text  # on paper, as notes after the answer
    assert "](" not in text and "**" not in text and "[^" not in text


def test_footnotes_print_after_the_answer_in_both_languages_of_the_bilingual_booklet(rich):
    text = text_of(rich, "zh_Hans", "booklet-bilingual")
    chinese, english = text.index("第二个注释。"), text.index("Asecondnote.")
    assert text.index("简单的回答") > english > chinese  # notes after their answer, before the next question
    assert "密苏里州修订法规第302.181条；见修订机构(https://revisor.mo.gov/)" in text
    assert "Section302.181RSMo;seetheRevisor(https://revisor.mo.gov/)" in text
    assert {STATUTE, REVISOR} <= link_targets(artifact_pdf(rich, "zh_Hans", "booklet-bilingual"))


def test_a_list_that_starts_at_three_is_numbered_from_three_in_print(rich):
    page = next(page.extract_text() for page in artifact_pdf(rich, "en", "booklet").pages
                if "Third point" in page.extract_text())
    assert re.findall(r"^(\d+)\.\s*$", page, re.M) == ["3", "4"]  # the markers of the one numbered list
    assert re.findall(r"^(•)\s*$", page, re.M) == ["•", "•"]


def test_emphasis_is_set_in_the_fonts_real_faces(rich):
    english = fonts_of(artifact_pdf(rich, "en", "booklet"), ["some", "federal", "bold", "really"])
    assert english["some"] == {"Source-Sans-3-Bold"}
    assert english["federal"] == {"Source-Sans-3-Italic"}
    assert english["bold"] == {"Source-Sans-3-Bold"}
    assert english["really"] == {"Source-Sans-3-Bold-Italic", "Source-Sans-3-Italic"}  # heading, contents
    chinese = fonts_of(artifact_pdf(rich, "zh_Hans", "booklet"), ["部分", "联邦", "粗体", "车管局"])
    assert chinese["部分"] == chinese["粗体"] == {"Kurinto-Sans-SC-Bold"}
    assert chinese["联邦"] == {"Kurinto-Sans-SC-Bold"}  # no italic face: emphasis in the real bold
    assert chinese["车管局"] == {"Kurinto-Sans-SC"}


def test_the_flyer_prints_questions_with_their_emphasis(rich):
    flyer = artifact_pdf(rich, "en", "flyer")
    assert "Whatisreallyshared?" in text_of(rich, "en", "flyer")
    assert fonts_of(flyer, ["really"])["really"] == {"Source-Sans-3-Italic"}


def test_links_are_tagged_link_structure_elements(rich):
    pdf = artifact_pdf(rich, "en", "booklet")
    annotations = [a.idnum for page in pdf.pages for a in page.get("/Annots", [])
                   if a.get_object().get("/A", {}).get("/URI")]
    tagged = []
    for element, _ in structure(pdf):
        if element.get("/S") == "/Link":
            kids = element.get("/K")
            for kid in kids if isinstance(kids, list) else [kids]:
                kid = kid.get_object() if kid is not None else None
                if isinstance(kid, pypdf.generic.DictionaryObject) and kid.get("/Type") == "/OBJR":
                    tagged.append(kid.raw_get("/Obj").idnum)
    assert annotations and set(annotations) <= set(tagged)
    assert all(a.get_object().get("/Contents") for page in pdf.pages for a in page.get("/Annots", []))


def test_the_web_edition_links_and_shows_notes(rich):
    html = (rich.dist / "zh_Hans" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{STATUTE}">法规</a>' in html.replace("&amp;", "&")
    assert "<strong>部分</strong>" in html and "<em>联邦</em>" in html
    assert re.search(r'<li id="shared-note-1"><span class="note-number">1</span> 密苏里州修订法规', html)
    assert 'href="#shared-note-1"' in html
    assert "**" not in html and "[^" not in html


def test_pseudo_locales_keep_the_markup_and_pass_the_checks(tmp_path):
    settings = rich_project(tmp_path / "project")
    dmvpub.extract(settings)
    dmvpub.pseudo(settings)
    report = dmvpub.check(settings)
    assert not report.errors(), [str(finding) for finding in report.errors()]
    result = dmvpub.build(settings, ["en_XA", "ar_XB"], kinds=["booklet"])
    assert not result.failed, [str(error) for error in result.failed]
    assert {STATUTE, REVISOR} <= link_targets(artifact_pdf(settings, "ar_XB", "booklet"))



def test_a_link_whose_text_is_its_address_is_not_given_it_twice():
    words = Markup.escape
    note = to_html(f"Text at <{REVISOR}>, or see [the Revisor]({REVISOR}).", words, links=True, addresses_inline=True)
    assert str(note).count('class="address"') == 1  # for the named link only
    assert re.sub("<[^>]+>", "", str(note)) == f"Text at {REVISOR}, or see the Revisor ({REVISOR})."
    notes = Notes("q", {}, str, print_addresses=True)
    to_html(f"See <{REVISOR}> and [the statute]({STATUTE}).", words, links=True, notes=notes)
    assert [entry.key for entry in notes.entries] == [STATUTE]


def test_a_note_left_in_english_in_a_right_to_left_booklet_stays_on_the_page(project):
    """An English edit adds a footnote; the Arabic prints it in English (and the edited answer,
    now fuzzy). WeasyPrint pushed a plain inline note number a space's width into the margin
    beside English wrapping inside Arabic, and the layout check stopped the Arabic booklet."""
    source = project.source.read_text(encoding="utf-8")
    old = "In Missouri, the primary purpose of ICE accessing DMV data is to aid in their enforcement of federal " \
          "immigration laws."
    project.source.write_text(source.replace(old, old + "[^ina]", 1).replace(
        "## Are there any privacy concerns",
        "[^ina]: The Immigration and Nationality Act, 8 U.S.C. ch. 12; text at "
        "[https://uscode.house.gov](https://uscode.house.gov/).\n\n## Are there any privacy concerns", 1), encoding="utf-8")
    dmvpub.extract(project)
    dmvpub.update(project)
    result = dmvpub.build(project, ["ar"], ["booklet"])
    assert not result.failed and not result.skipped, [str(e) for e in result.failed + result.skipped]
    text = text_of(project, "ar", "booklet")
    assert "ENTheImmigrationandNationalityAct,8U.S.C.ch.12;textathttps://uscode.house.gov" in text
