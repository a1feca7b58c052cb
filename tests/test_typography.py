"""Print typography (issue #20): every word whole, every line as full as it can be, and the layout
check that finds a word broken where no line may break and a line that ends early.

Each finding is shown on a small fixture that produces it; the WeasyPrint behaviours the templates
work around are kept here as minimal reproductions, so an upgrade that changes one is noticed.
"""

from __future__ import annotations

from html import escape

import pyphen
import pytest
import weasyprint
from hypothesis import HealthCheck, given, settings, strategies as st
from weasyprint.formatting_structure import boxes
from weasyprint.text import line_break

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.pipeline.localized import localized_document
from dmvpub.pipeline.tasks import renderer_for
from dmvpub.po import catalog_path
from dmvpub.fonts.faces import LATIN, font_face_css
from dmvpub.render.layout import BROKEN, EARLY, HYPHENATED, layout_problems, line_break_problems, paragraphs
from dmvpub.render.patches import JoinedPyphen, install
from dmvpub.text.linebreak import WORD_JOINER, unbreakable

from conftest import ROOT
from test_build import SETTINGS

FACES = font_face_css(LATIN)
NAMES = SETTINGS.proper_names


@pytest.fixture(autouse=True, scope="module")
def patched():
    """WeasyPrint as dmvpub renders with it, for the documents made here without a Renderer."""
    install()


def _document(body: str, css: str = "", width: str = "3in", lang: str = "en") -> weasyprint.Document:
    return weasyprint.HTML(string=f"""<html lang="{lang}"><style>{FACES}
        @page {{ size: 12in 20in; margin: 0.5in }} html {{ font: 10pt "Source Sans 3"; line-height: 1.4;
        hyphens: auto }} body {{ margin: 0 }} .w {{ width: {width} }} {css}</style>
        <body><div class="w">{body}</div></body></html>""").render()


def _lines(document: weasyprint.Document) -> list[str]:
    return ["".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))
            for page in document.pages for line in page._page_box.descendants() if isinstance(line, boxes.LineBox)]


def _kinds(document: weasyprint.Document, hyphenated: bool = False) -> list[str]:
    """The line-break findings; the fixtures here hyphenate (to show how breaks and hyphenation
    meet), so automatic hyphens, a finding of their own (test_readable_print.py), only on request."""
    return [problem.what for problem in line_break_problems(document)
            if hyphenated or not problem.what.startswith(HYPHENATED)]


# A paragraph whose line 2 is "driver’s" alone when ICE is a span: at 4.28in the text box before the
# span ("driver’s … with ", ending in a space) fits without that space but not with it.
DRIVERS = ("Invasion of Privacy: Sharing sensitive personal information such as driver’s license details, "
           "vehicle registration data, and home addresses with {ICE} raises concerns about the invasion")


# ---- What WeasyPrint 70 does, kept so that an upgrade that changes it is noticed -------------------

def test_weasyprint_breaks_a_text_box_that_ends_in_a_space_before_a_span_after_its_first_word():
    """WeasyPrint #1614 / #2025 / #2308 family (PR #2748): the text before an inline box is measured
    with its trailing space, found too wide and broken after its first word. Why proper names are no
    longer spans in print. If this fails, WeasyPrint fixed it."""
    spanned = _document(f"<p>{DRIVERS.format(ICE='<span>ICE</span>')}</p>", width="4.28in")
    assert "driver’s" in _lines(spanned), _lines(spanned)
    assert any(what.startswith(f"{EARLY}, the next word would have fitted: 'driver’s' | 'license'")
               for what in _kinds(spanned))
    plain = _document(f"<p>{DRIVERS.format(ICE='ICE')}</p>", width="4.28in")
    assert "driver’s" not in _lines(plain) and _kinds(plain) == []


def test_weasyprint_breaks_the_first_word_of_a_nested_span_anywhere_at_the_end_of_a_line():
    """WeasyPrint #1614 (and PR #1534's `is_line_start`): a text box first in its inline box is taken
    for the start of a line, so overflow-wrap breaks its first word where it does not fit the rest of
    the line ("Misso / uri" in the contents, whose entries are inside a link). If this fails,
    WeasyPrint fixed it."""
    found = []
    for width in range(140, 260, 4):
        document = _document("<p><a><span>How does the sharing of data with ICE in "
                             "<span>Missouri</span> compare?</span></a></p>",
                             css="p { overflow-wrap: break-word }", width=f"{width}px")
        found += [what for what in _kinds(document) if what.startswith(BROKEN)]
    assert any("'Misso" in what or "'Missou" in what or "'Miss" in what or "'Mis" in what for what in found), found


def test_pyphen_hyphenates_next_to_a_word_joiner_unless_dmvpub_keeps_it_out():
    """Pyphen's one-letter patterns (Spanish, Czech, Ukrainian ...) split a name joined with U+2060,
    and WeasyPrint prints it ("Mis-souri"); dmvpub.render.patches.install() keeps hyphens away from joiners."""
    joined = unbreakable("Missouri")
    assert [piece for piece, _ in pyphen.Pyphen(lang="es").iterate(joined)], "if this fails, Pyphen changed"
    assert list(JoinedPyphen(lang="es").iterate(joined)) == []
    assert list(JoinedPyphen(lang="es").iterate("gobierno")) == list(pyphen.Pyphen(lang="es").iterate("gobierno"))


def test_a_hyphenated_proper_name_is_a_finding_and_install_prevents_it(monkeypatch):
    text = "Los datos del " + unbreakable("Missouri") + " y más datos del " + unbreakable("Missouri") + " aquí"
    install()
    patched = line_break.pyphen
    monkeypatch.setattr(line_break, "pyphen", pyphen)  # WeasyPrint as it comes
    found = []
    for width in range(90, 200, 3):
        found += [what for what in _kinds(_document(f"<p>{text}</p>", width=f"{width}px", lang="es"))]
    assert any(what.startswith(f"{BROKEN}: 'Mis") for what in found), found
    monkeypatch.setattr(line_break, "pyphen", patched)
    for width in range(90, 200, 3):
        document = _document(f"<p>{text}</p>", width=f"{width}px", lang="es")
        assert not any(line.endswith("‐") and WORD_JOINER in line.split()[-1] for line in _lines(document))
        assert _kinds(document) == []


def test_weasyprint_allows_a_break_before_a_leader_unless_its_box_is_nowrap():
    """WeasyPrint 70 counts a leader's first letter as a space, so a contents entry's leader (and its
    page number) could take a line of its own; booklet.css makes the leader's box nowrap, after a
    word joiner and a no-break space."""
    entry = "<ol><li><a href='#x'>What safeguards are in place to protect the confidentiality</a></li></ol><p id=x>x</p>"
    leader = 'a::after { content: "\\2060\\a0" leader(". ") %s }'
    alone, kept = [], []
    for width in range(150, 420, 2):
        alone += _kinds(_document(entry, css=leader % "", width=f"{width}px"))
        kept += _kinds(_document(entry, css=leader % "; white-space: nowrap", width=f"{width}px"))
    assert any("the leader and page number went to a line of their own after 'confidentiality'" in what
               for what in alone), alone
    assert kept == []


# ---- Each finding on a fixture that produces it -------------------------------------------------

def test_a_word_broken_where_no_line_may_break_is_found_with_its_pieces():
    text = "How does the sharing of data with ICE in Missouri compare to other states?"
    found = []
    for width in range(140, 260, 4):  # a nested span's first word breaks anywhere (#1614)
        html = text.replace("Missouri", "<span>Missouri</span>").replace("ICE", "<span>ICE</span>")
        document = _document(f"<p><a><span>{html}</span></a></p>", css="p { overflow-wrap: break-word }",
                             width=f"{width}px")
        found += [what for what in _kinds(document) if what.startswith(BROKEN)]
    assert found
    for what in found:
        left, right = (piece.strip().strip("'") for piece in what.split(": ", 1)[1].split(" | "))
        assert left and right and f"{left}{right}" in text.split(), what


def test_a_word_too_long_for_any_line_may_break_anywhere():
    word = "Überwachungsdatenübermittlungsvereinbarungsgesetzgebungsverfahren"
    document = _document(f"<p>Ein {word} und mehr</p>", css="p { overflow-wrap: break-word; hyphens: manual }",
                         width="1.2in", lang="de")
    assert len(_lines(document)) > 2
    assert _kinds(document) == []


def test_a_line_that_ends_early_is_found_and_a_line_broken_at_br_is_not():
    spanned = _document(f"<p>{DRIVERS.format(ICE='<span>ICE</span>')}</p>", width="4.28in")
    [what] = _kinds(spanned)
    assert what == f"{EARLY}, the next word would have fitted: 'driver’s' | 'license'"
    forced = _document("<p>Short<br>line, then a long one that wraps over two lines of the box.</p>")
    assert len(_lines(forced)) >= 3 and _kinds(forced) == []


def test_a_line_that_ends_before_a_piece_of_the_next_word_would_have_fitted_is_found():
    """A hyphen is a break opportunity too: the line before "(al-)lowing" had room for "al‐"."""
    found = []
    for width in range(150, 300, 5):
        document = _document("<p>In Missouri, ICE can access data through the state’s Department of Revenue, "
                             "allowing ICE to request information.</p>",
                             css="p { hyphens: manual }", width=f"{width}px")
        found += _kinds(document)
    assert any(what.startswith(f"{EARLY}, a piece of the next word would have fitted") for what in found) \
        or found == [], found


def test_no_finding_in_korean_and_burmese_paragraphs_and_korean_broken_inside_a_word_is_one():
    from test_linebreak import FONTS, PARAGRAPHS, _layout
    from dmvpub.text.linebreak import with_break_opportunities
    for lang in ("my", "ko"):
        document = _layout(with_break_opportunities(PARAGRAPHS[lang], lang), lang)
        [paragraph] = paragraphs(document, boxes)
        assert len(paragraph.lines) >= 4 and not paragraph.lost
        assert line_break_problems(document) == []
    # without the marks, Korean breaks inside words: found
    korean = _layout(PARAGRAPHS["ko"], "ko")
    assert any(what.startswith(BROKEN) for what in _kinds(korean))


# ---- In the project's own templates ---------------------------------------------------------------

STYLES = "\n".join((ROOT / "templates" / name).read_text(encoding="utf-8") for name in ("common.css", "booklet.css"))
WORDS = st.sampled_from(["the", "a", "data", "driver’s", "license", "information", "with", "shared", "agencies",
                         "immigration", "enforcement", "government", "confidentiality", "undocumented", "varies",
                         "(Department", "of", "Revenue)", "state-issued", "e-mail", "18", "302.181", "requests,",
                         "privacy.", "Überwachungsdatenübermittlungsvereinbarung", "self-service", "community",
                         "https://example.org/missouri-dmv-ice/", *NAMES])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(WORDS, min_size=1, max_size=40).map(" ".join), min_size=4, max_size=4))
def test_english_like_text_names_and_compounds_print_whole_in_every_style(texts):
    """A heading, a contents entry, a paragraph and a list item as the booklet sets them: no word
    broken where it may not be, no line ending early, nothing off the page."""
    from dmvpub.render.renderer import Typesetter
    from dmvpub.localize.document import Text, edition
    from dmvpub.core.model import Review

    install()
    doc = dmvpub.load_document(SETTINGS)
    setter = Typesetter(NAMES, edition("en", doc, None), for_print=True)
    heading, entry, paragraph, item = (setter.text(Text(text, "t:1")) for text in texts)
    html = f"""<html lang="en"><style>{FACES} {STYLES} @page {{ size: 5.5in 8.5in }}
        html {{ font-family: "Source Sans 3" }}</style><body>
        <nav class="contents"><ol><li><a href="#q"><span class="number">1</span><span class="entry">{entry}</span></a></li></ol></nav>
        <main><section class="question" id="q"><h2><span class="number">1</span> <span class="text">{heading}</span></h2>
        <p>{paragraph}</p><ol><li>{item}</li></ol></section></main></body></html>"""
    document = weasyprint.HTML(string=html).render()
    problems = layout_problems(document)
    assert [p for p in problems if p.what.startswith((BROKEN, EARLY))] == [], problems
    assert all(not paragraph.lost for paragraph in paragraphs(document, boxes))


def test_a_finding_stops_the_artifact_naming_its_message_and_pieces_and_the_last_good_file_stays(project):
    assert not dmvpub.build(project, ["es"], ["booklet"]).failed
    booklet = project.dist / artifact_name(project, "es", "booklet")
    before = booklet.read_bytes()
    css = project.templates / "common.css"  # as if a template hyphenated again (issue #30)
    css.write_text(css.read_text(encoding="utf-8") + "\nmain p { hyphens: auto; }\n", encoding="utf-8")
    [failed] = dmvpub.build(project, ["es"], ["booklet"]).failed
    message = str(failed)
    assert message.startswith("locales/es/LC_MESSAGES/messages.po:"), message
    assert ": layout check: es booklet, page " in message
    assert f": {HYPHENATED}: '" in message and "'‐" in message
    line = int(message.split(":")[1])
    entry = next(e for e in __import__("polib").pofile(str(catalog_path(project, "es"))) if e.linenum == line)
    assert entry.msgid and entry.msgstr, "the finding names a translated message"
    assert booklet.read_bytes() == before


def test_proper_names_are_joined_in_print_right_to_left_too_and_wrapped_in_a_span_on_the_web():
    from dmvpub.localize.document import Text, edition
    from dmvpub.render.renderer import Typesetter

    document = dmvpub.load_document(SETTINGS)
    for code, message in (("en", "Does the Missouri DMV share REAL ID data?"),
                          ("ar", "هل تشارك إدارة DMV في Missouri البيانات مع ICE؟")):
        printed = str(Typesetter(NAMES, edition(code, document, None), for_print=True).text(Text(message, "t:1")))
        assert "<span" not in printed and unbreakable("Missouri") in printed and unbreakable("DMV") in printed
        assert printed.replace(WORD_JOINER, "").replace("\u00a0", " ") == escape(message, quote=False)
    web = str(Typesetter(NAMES, edition("en", document, None), for_print=False).text(Text("The Missouri DMV", "t:1")))
    assert web == 'The <span class="name">Missouri</span> <span class="name">DMV</span>'
    assert unbreakable("REAL ID") == f"R{WORD_JOINER}E{WORD_JOINER}A{WORD_JOINER}L\u00a0I{WORD_JOINER}D"
    assert unbreakable("मिसौरी") == f"मि{WORD_JOINER}सौ{WORD_JOINER}री", "no mark inside a cluster"


def test_the_covers_own_texts_get_the_break_opportunities_of_their_script():
    """The language's name and the date are the edition's, not a catalog's: in print they get
    ICU's breaks like every translation, so a long run without spaces wraps on the cover too."""
    from dmvpub.localize.document import edition
    from dmvpub.render.renderer import Typesetter
    from dmvpub.text.linebreak import ZERO_WIDTH_SPACE

    setter = Typesetter(NAMES, edition("my", dmvpub.load_document(SETTINGS), None), for_print=True)
    run = "မော်တော်ယာဉ်ဦးစီးဌာနသည်ကိုယ်ရေးအချက်အလက်များကိုမျှဝေပါသလား"
    assert ZERO_WIDTH_SPACE in setter.plain(run)
    html = renderer_for(SETTINGS).html("booklet.html", localized_document(SETTINGS, dmvpub.load_document(SETTINGS), "my"),
                                       notes_pages=1, english=None, english_name="", english_setter=None)
    assert "{{" not in html and "မြန်မာ" in html
