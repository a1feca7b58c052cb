"""Break opportunities for the scripts Debian's Pango (no ICU) cannot break, checked in WeasyPrint's layout."""

from __future__ import annotations

import io
import subprocess
import sys
from html import escape
from importlib.resources import files
from pathlib import Path

import icu
import pypdf
import pypdfium2
import pytest
import weasyprint
from weasyprint.formatting_structure import boxes

from dmvpub.text import linebreak
from dmvpub.text.linebreak import WORD_JOINER, ZERO_WIDTH_SPACE, with_break_opportunities

MYANMAR = files("justmytype_intl_sea") / "fonts/ofl/notosansmyanmar/NotoSansMyanmar[wdth,wght].ttf"
FONTS = {
    "my": MYANMAR,
    "ksw": MYANMAR,
    "km": files("justmytype_intl_sea") / "fonts/ofl/notosanskhmer/NotoSansKhmer[wdth,wght].ttf",
    "lo": files("justmytype_intl_sea") / "fonts/ofl/notosanslao/NotoSansLao[wdth,wght].ttf",
    "ko": files("weblate_fonts") / "static/weblate_fonts/kurinto/ttf/KurintoSansKR-Rg.ttf",
}
PARAGRAPHS = {
    "my": "မော်တော်ယာဉ် ဦးစီးဌာနသည် ကိုယ်ရေးအချက်အလက်များကို လူဝင်မှုကြီးကြပ်ရေးဌာနနှင့် မျှဝေပါသလား။ " * 3,
    "ksw": "ကညီကျိာ်တကျိာ်လၢဘၣ်တၢ်ကတိၤအီၤလၢ ကီၢ်ပယီၤ ဒီး ကီၢ်ကၠီၣ်တဲၣ် န့ၣ်လီၤ. " * 3,
    "km": "ភាសាខ្មែរជាភាសាផ្លូវការរបស់ប្រទេសកម្ពុជា។ " * 3,
    "lo": "ພາສາລາວເປັນພາສາທາງການຂອງປະເທດລາວ " * 3,
    "ko": "운전면허국은 개인정보를 이민세관단속국(ICE)과 공유하나요? 운전면허국은 개인정보를 이민세관단속국과 공유하나요? " * 2,
}
BOX = 192  # CSS px: the 2in paragraph
MARKS = ZERO_WIDTH_SPACE + WORD_JOINER


def _layout(text: str, lang: str, width: str = "2in") -> weasyprint.Document:
    face = f'@font-face {{ font-family: t; src: url("{Path(str(FONTS[lang])).as_uri()}") }}'
    return weasyprint.HTML(string=f"""<html lang="{lang}"><style>{face}
        @page {{ size: 50in 20in; margin: 0 }} body {{ margin: 0; font: 12pt t }} p {{ width: {width}; margin: 0 }}
        </style><p>{escape(text)}</p></html>""").render()


def _lines(text: str, lang: str) -> list[tuple[str, float]]:
    """Each line of the laid-out paragraph: its text and where its last glyph ends."""
    lines = []
    for page in _layout(text, lang).pages:
        for line in page._page_box.descendants():
            if isinstance(line, boxes.LineBox):
                pieces = [box for box in line.descendants() if isinstance(box, boxes.TextBox)]
                end = max(box.position_x + box.width for box in pieces)
                lines.append(("".join(box.text for box in pieces), end))
    return lines


def _line_starts(text: str, lines: list[tuple[str, float]]) -> list[int]:
    """Where in `text` (without the marks) each of its laid-out `lines` starts."""
    plain, starts, at = _plain(text), [], 0
    for line, _ in lines:
        at = plain.index(_plain(line).lstrip(), at)
        starts.append(at)
    return starts


def _plain(text: str) -> str:
    return text.translate({ord(mark): None for mark in MARKS})


@pytest.mark.parametrize("lang", ["my", "ksw", "km", "lo"])
def test_a_paragraph_without_spaces_between_words_wraps_inside_its_box(lang):
    lines = _lines(with_break_opportunities(PARAGRAPHS[lang], lang), lang)
    assert len(lines) >= 4
    assert any(line.endswith(ZERO_WIDTH_SPACE) for line, _ in lines)  # broken inside a run of words
    assert max(end for _, end in lines) <= BOX + 0.01, lines


@pytest.mark.parametrize("lang", ["my", "ksw", "km", "lo"])
def test_without_the_marks_pango_runs_such_a_paragraph_out_of_its_box(lang):
    """Why the module exists: if this fails, Pango finds these breaks itself (built with ICU)."""
    assert max(end for _, end in _lines(PARAGRAPHS[lang], lang)) > BOX


def test_korean_lines_break_only_between_words():
    text = PARAGRAPHS["ko"]
    lines = _lines(with_break_opportunities(text, "ko"), "ko")
    assert len(lines) >= 6
    assert max(end for _, end in lines) <= BOX + 0.01, lines
    assert all(at == 0 or text[at - 1] == " " for at in _line_starts(text, lines)), lines


def test_without_the_marks_korean_breaks_inside_words():
    """Why: WeasyPrint ignores `word-break: keep-all` and Pango breaks between any two syllables."""
    text = PARAGRAPHS["ko"]
    assert any(at and text[at - 1] != " " for at in _line_starts(text, _lines(text, "ko")))


@pytest.mark.parametrize("lang", ["my", "ko"])
def test_the_marks_are_invisible_and_stay_out_of_the_pdf_text(lang):
    """Default-ignorable, without a glyph: same pixels, same text layer, neither mark in it."""
    text = PARAGRAPHS[lang]
    pdfs = [_layout(t, lang, width="45in").write_pdf() for t in (text, with_break_opportunities(text, lang))]
    texts = [pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text() for pdf in pdfs]
    assert texts[0] == texts[1]
    assert not set(MARKS) & set(texts[1])
    pixels = [pypdfium2.PdfDocument(pdf)[0].render(scale=1).to_pil().tobytes() for pdf in pdfs]
    assert pixels[0] == pixels[1]


def test_marks_go_only_inside_runs_of_such_scripts():
    text = "DMV-ID: မော်တော်ယာဉ် ဦးစီးဌာနသည် ကိုယ်ရေးအချက်အလက်များကို\u200bလူဝင်မှု"
    marked = with_break_opportunities(text, "my")
    assert _plain(marked) == _plain(text)
    assert marked.count(ZERO_WIDTH_SPACE) > 4
    assert marked.startswith("DMV-ID: မော်တော်ယာဉ် ") and not marked.endswith(ZERO_WIDTH_SPACE)
    assert ZERO_WIDTH_SPACE * 2 not in marked
    assert f" {ZERO_WIDTH_SPACE}" not in marked and f"{ZERO_WIDTH_SPACE} " not in marked
    assert with_break_opportunities(marked, "my") == marked


def test_the_script_decides_not_the_language():
    assert ZERO_WIDTH_SPACE in with_break_opportunities("ភាសាខ្មែរជាភាសាផ្លូវការ", "en")
    assert ZERO_WIDTH_SPACE in with_break_opportunities("ကညီကျိာ်တကျိာ်လၢဘၣ်", "ksw")


def test_offsets_past_the_basic_plane_stay_right():
    """ICU counts UTF-16 units: an emoji before the text must not shift the marks."""
    burmese = "ကိုယ်ရေးအချက်အလက်"
    assert with_break_opportunities(f"😀 {burmese}", "my") == "😀 " + with_break_opportunities(burmese, "my")
    assert with_break_opportunities("😀😀 운전면허국", "ko") == f"😀{WORD_JOINER}😀 " + WORD_JOINER.join("운전면허국")


def test_korean_words_are_joined_and_spaces_left_free():
    marked = with_break_opportunities("운전면허국은 개인정보를\n이민세관단속국(ICE)과 missouri-dmv-ice", "ko-KR")
    words = marked.split()
    assert words == [WORD_JOINER.join("운전면허국은"), WORD_JOINER.join("개인정보를"),
                     WORD_JOINER.join("이민세관단속국") + f"{WORD_JOINER}(ICE){WORD_JOINER}과",
                     f"missouri-{WORD_JOINER}dmv-{WORD_JOINER}ice"]
    assert with_break_opportunities(marked, "ko") == marked


@pytest.mark.parametrize("text, language", [
    ("Does the DMV share personal data with ICE? Self-service, e-mail.", "en"),
    ("Чи передає DMV персональні дані до ICE?", "uk"),
    ("هل تشارك إدارة المركبات البيانات الشخصية مع ICE؟", "ar"),
    ("के DMV ले व्यक्तिगत जानकारी ICE सँग साझा गर्छ?", "ne"),
    ("के DMV वैयक्तिक म्हायती ICE कडेन वांटता?", "kok"),  # Konkani: "ko" is only its prefix
    ("DMV ንውልቃዊ ሓበሬታ ምስ ICE የካፍል ድዩ?", "ti"),
    ("车管局会与移民局共享个人信息吗？", "zh_Hans"),
    ("བོད་ཀྱི་སྐད་ཡིག་ནི་བོད་ཡུལ་དང་", "bo"),  # Pango breaks after each tsheg by itself
    ("", "my"),
])
def test_other_text_is_unchanged(text, language):
    assert with_break_opportunities(text, language) == text


def test_every_character_that_needs_a_dictionary_is_recognised():
    """The module's hand-written blocks against ICU's Unicode data (Line_Break=SA)."""
    complex_context = icu.UnicodeSet("[:Line_Break=Complex_Context:]")
    assert [c for c in complex_context if not linebreak._NO_SPACES.match(c)] == []


def test_latin_text_does_not_load_icu():
    """ICU takes tens of milliseconds to load: only text that needs it pays."""
    script = ("import sys; from dmvpub.text.linebreak import with_break_opportunities as w; "
              "w('Self-service e-mail', 'en'); w('Самообслуговування', 'uk'); assert 'icu' not in sys.modules")
    subprocess.run([sys.executable, "-c", script], check=True)


def _entry_lines(entry: str, width: float) -> list[str]:
    """The lines of a contents-like entry: its text in a span, then a no-break space and a leader
    glued to it in a `nowrap` box, as booklet.css sets them; each line's text boxes."""
    face = f'@font-face {{ font-family: t; src: url("{Path(str(FONTS["ko"])).as_uri()}") }}'  # pinned, has Latin
    html = f"""<html lang="ar" dir="rtl"><style>{face} @page {{ size: 20in 20in; margin: 0 }}
        body {{ margin: 0; font: 12pt t }} p {{ width: {width}pt; margin: 0 }}
        .entry::after {{ content: "\\2060\\a0" leader(". "); white-space: nowrap }}
        </style><p><span class="entry">{escape(entry)}</span></p></html>"""
    lines = []
    for line in weasyprint.HTML(string=html).render().pages[0]._page_box.descendants():
        if isinstance(line, boxes.LineBox):
            lines.append("".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox)))
    return lines


def test_a_leader_stays_with_a_last_word_in_a_right_to_left_override():
    """WeasyPrint 70 breaks after U+202C where two inline boxes meet; the word joiner forbids it."""
    mirrored = " ".join(f"\u202e{word}\u202c" for word in "How does the sharing of DMV data affect them?".split())
    marked = with_break_opportunities(mirrored, "ar")
    assert marked == mirrored + WORD_JOINER
    for width in range(100, 240, 2):  # the entry's last line from nearly empty to full: never the leader alone
        lines = _entry_lines(marked, width)
        assert _plain(lines[-1]).replace(". ", "").strip("\u2060\xa0 ") != "", lines


def test_without_the_word_joiner_the_leader_can_go_to_a_line_of_its_own():
    """Why: if this fails, WeasyPrint no longer reads U+202C as a break between boxes."""
    mirrored = " ".join(f"\u202e{word}\u202c" for word in "How does the sharing of DMV data affect them?".split())
    alone = [_entry_lines(mirrored, width)[-1] for width in range(100, 240, 2)]
    assert any(_plain(line).replace(". ", "").strip("\u2060\xa0 ") == "" for line in alone), alone
