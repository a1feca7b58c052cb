"""LocalizedDocument -> HTML (Jinja) -> PDF (WeasyPrint): the booklet, its print-shop variant, the
large-print edition and the flyer.

Jinja autoescapes everything, so a translation is always text. WeasyPrint fetches through
`ProjectFetcher`, which opens only the project's templates and the pinned font files.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

import jinja2
import pypdfium2
import segno
import weasyprint
from babel import Locale
from markupsafe import Markup
from weasyprint.urls import URLFetcher

from ..core.errors import DmvpubError
from ..fonts.faces import FontFace, font_face_css, font_families, language_fonts, web_font_faces
from ..localize.document import Edition, LocalizedDocument, LocalizedList, LocalizedQuestion, Text
from ..text.linebreak import address_breaks, unbreakable, with_break_opportunities
from ..text.richtext import Notes, address_link, plain_text, to_html
from . import patches
from .layout import layout_problems
from .preflight import preflight_summary
from .printshop import PRESS_PROFILE, print_shop_pdf
from .untagged import untagged_text
from .typesize import MINIMUM_PT, booklet_sizes, large_print_sizes, tight_leading

PAGE_SIZES = {"half-letter": "5.5in 8.5in", "a5": "A5"}
# The large-print edition's page for each booklet page size: the sheet the booklet is folded from
LARGE_PRINT_PAGES = {"half-letter": "letter", "a5": "A4"}
# body type in pt; the last is the floor: nothing on the flyer under 9 pt (typesize.MINIMUM_PT)
FLYER_SIZES = [13.0, 12.5, 12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0]
THUMBNAIL_WIDTH = 240  # px: 120 CSS px at twice the density of a phone screen
FLYER_FIRST_TRY = 12.0  # where the flyers of this project's languages land, give or take a step
MAX_NOTES_PAGES = 3
PDF_VARIANT = "pdf/ua-1"  # tagged PDF, for screen readers


class ProjectFetcher(URLFetcher):
    """Opens only files inside the allowed folders or the allowed font files; refuses and records the rest."""

    def __init__(self, folders: tuple[Path, ...], files: tuple[Path, ...]):
        super().__init__(allowed_protocols={"file"})
        self.folders = tuple(folder.resolve() for folder in folders)
        self.files = frozenset(path.resolve() for path in files)
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" and not parts.netloc else None
        if path is None or not (path in self.files or any(path.is_relative_to(f) for f in self.folders)):
            self.refused.append(url)
            raise ValueError(f"dmvpub does not fetch {url}")
        return super().fetch(url, headers)


@dataclass(frozen=True)
class Laid:
    """A page laid out by WeasyPrint, and the HTML it was laid out from (for `build --keep-html`)."""

    document: weasyprint.Document
    html: str


@dataclass(frozen=True)
class FittedFlyer(Laid):
    """The flyer laid out at the largest type size that fits it on one page."""

    type_size: float  # pt: the body type, one of FLYER_SIZES


class BookletFiles(NamedTuple):
    """The booklet's two PDFs from one layout, the print-shop file's summary, and what they were made from."""

    reading: bytes  # the reading-order booklet, tagged PDF/UA-1
    print_shop: bytes  # the same pages as PDF/X-4 with bleed and crop marks (render.printshop)
    pages: int  # of either
    html: str  # the page laid out
    preflight: bytes  # the print-shop file's preflight summary, UTF-8 text (render.preflight)


@dataclass
class Renderer:
    """Renders one project's templates; made once per process so templates and fonts load once.

    Making one applies dmvpub's patches to WeasyPrint (render.patches.install): RuntimeError for
    a WeasyPrint they were not written for; DmvpubError for a page size not in PAGE_SIZES."""

    templates: Path
    url: str
    page_size: str = "half-letter"
    proper_names: tuple[str, ...] = ()
    environment: jinja2.Environment = field(init=False)

    def __post_init__(self):
        patches.install()
        if self.page_size not in PAGE_SIZES:
            raise DmvpubError(f"page-size must be one of {', '.join(PAGE_SIZES)}, not {self.page_size!r}")
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(self.templates), autoescape=True, undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)

    def html(self, template: str, doc: LocalizedDocument, **context) -> str:
        """The page as HTML, with the locale's translations installed for `{% trans %}`.

        For print, the text carries the line breaks Pango cannot find (scripts without spaces,
        Korean); a browser has ICU of its own, so the web edition gets the text as written."""
        setter = Typesetter(self.proper_names, doc.edition, for_print=template != "web.html")

        def gettext(msgid: str) -> Markup:  # escaped by the setter, like every text
            text = doc.template_strings[msgid]
            return setter.text(replace(text, text=_as_text_format(text.text, msgid)))

        self.environment.install_gettext_callables(gettext, lambda s, p, n: gettext(s if n == 1 else p),
                                                   newstyle=True)
        faces = language_fonts(doc.edition.language)
        context.setdefault("sizes", booklet_sizes(doc.edition.language))
        context.setdefault("large_print", False)
        context.setdefault("page_size", PAGE_SIZES[self.page_size])
        return self.environment.get_template(template).render(
            doc=doc, t=setter, edition=doc.edition, url=self.url, font_faces=Markup(font_face_css(faces)),
            font_stack=Markup(", ".join(f'"{family}"' for family in font_families(faces))),
            emphasis_css=Markup(emphasis_css(faces)),
            qr_code=functools.partial(self._qr_code, doc), **context)

    def _qr_code(self, doc: LocalizedDocument, msgid: str) -> Markup:
        """The QR code, its alternative text (PDF/UA-1 7.3: a figure's /Alt, taken from the SVG's
        <title>) the translated line `msgid` beside it and the address it links to."""
        title = " ".join(f"{doc.template_strings[msgid].text} {self.url}".split())
        return _qr_svg(self.url, title)

    def layout(self, html: str, doc: LocalizedDocument) -> Laid:
        """`html` laid out by WeasyPrint, fetching only the templates and `doc`'s language's fonts;
        DmvpubError naming what it refused to fetch."""
        fetcher = ProjectFetcher((self.templates,), tuple(face.path for face in language_fonts(doc.edition.language)))
        page = weasyprint.HTML(string=html, base_url=self.templates.as_uri() + "/", url_fetcher=fetcher)
        document = page.render(pdf_variant=PDF_VARIANT)
        if fetcher.refused:
            raise DmvpubError(f"refused to fetch {', '.join(fetcher.refused)}", self.templates)
        return Laid(document, html)

    def booklet_pdfs(self, doc: LocalizedDocument) -> BookletFiles:
        """The reading-order booklet, its print-shop variant (PDF/X-4 with bleed and crop marks), their
        page count, the HTML laid out and the print-shop file's preflight summary.

        One layout and one PDF write serve both: bleed, marks, colour profiles, black made K only
        and the PDF variant only frame the pages or restate their colours, so the print-shop file is made from the reading PDF's bytes
        (printshop.py), not written again.
        """
        laid = self.booklet(doc)
        document = check_layout(laid.document, doc, "booklet", booklet_sizes(doc.edition.language).minimum)
        reading = check_tagging(pdf_bytes(document), doc, "booklet")
        print_shop = print_shop_pdf(reading, doc.edition.dated)
        return BookletFiles(reading, print_shop, len(document.pages), laid.html,
                            preflight_summary(print_shop, PRESS_PROFILE))

    def booklet(self, doc: LocalizedDocument, english: LocalizedDocument | None = None,
                large_print: bool = False) -> Laid:
        """Reading-order pages, padded with notes pages to a multiple of four for folding; with
        `english`, each answer is followed by the English original (the bilingual booklet).

        One layout serves: it has three notes pages (the most padding can need) before the
        back cover, and the surplus is dropped. `large_print`: the large-print edition
        (typesize.large_print_sizes, large-print.css) on the sheet the booklet is folded from
        (LARGE_PRINT_PAGES), read page by page and not folded, so not padded.
        """
        english_name = ""
        if english is not None:
            english_name = (Locale.parse(english.edition.locale).get_display_name(doc.edition.locale)
                            if doc.edition.language.cldr else None) or "English"
        english_setter = Typesetter(self.proper_names, english.edition, for_print=True) if english else None
        notes_pages = 0 if large_print else MAX_NOTES_PAGES
        extra = {"sizes": large_print_sizes(doc.edition.language), "large_print": True,
                 "page_size": LARGE_PRINT_PAGES[self.page_size]} if large_print else {}
        html = self.html("booklet.html", doc, notes_pages=notes_pages, english=english,
                         english_name=english_name, english_setter=english_setter, **extra)
        document = self.layout(html, doc).document
        *content, back_cover = document.pages
        content = content[:len(content) - notes_pages]
        padding = 0 if large_print else -(len(content) + 1) % 4
        notes = document.pages[len(content):len(content) + padding]
        return Laid(document.copy([*content, *notes, back_cover]), html)

    def web(self, doc: LocalizedDocument, files: dict[str, str]) -> bytes:
        """The web edition: one self-contained page linking this locale's PDFs (`files`: kind -> file name)."""
        css, _, _ = self.environment.loader.get_source(self.environment, "web.css")
        printed = "".join(text.text for text in doc.texts()) + doc.edition.language_name + doc.edition.as_of
        faces, families = web_font_faces(doc.edition.language, printed + doc.edition.language.digits("0123456789."))
        return self.html("web.html", doc, files=files, web_css=Markup(css), web_font_faces=Markup(faces),
                         web_families=Markup("".join(f'"{family}", ' for family in families))).encode("utf-8")

    def flyer(self, doc: LocalizedDocument, start: float | None = None) -> FittedFlyer:
        """One US Letter page: the largest type size that fits, down to a floor, else a DmvpubError
        naming the catalog.

        A smaller size never takes more pages, so the search gallops from `start` (the size this
        locale fitted at last time, if known; else the size most locales land on) and then bisects:
        the answer is the same from any start, two layouts when the start is right, a handful
        for a long flyer.
        """
        first_try = start if start in FLYER_SIZES else FLYER_FIRST_TRY
        split = balanced_split([question.text.text for question in doc.questions])
        layouts: dict[int, Laid] = {}

        def fits(index: int) -> bool:
            if index not in layouts:
                html = self.html("flyer.html", doc, type_size=FLYER_SIZES[index], split=split, minimum=MINIMUM_PT,
                                 tight_leading=tight_leading(doc.edition.language))
                layouts[index] = self.layout(html, doc)
            return len(layouts[index].document.pages) == 1

        best = first_fitting(len(FLYER_SIZES), fits, FLYER_SIZES.index(first_try))
        if best is not None:
            return FittedFlyer(layouts[best].document, layouts[best].html, FLYER_SIZES[best])
        raise DmvpubError(f"the flyer does not fit on one page even at {FLYER_SIZES[-1]} pt; "
                          "shorten the translated questions or the lead", doc.title.where.path)


@dataclass(frozen=True)
class AnswerBlock:
    tag: str  # "p", "ol" or "ul"
    start: int
    items: tuple[Markup, ...]  # a paragraph's one text, or a list's items


@dataclass(frozen=True)
class AnswerNote:
    id: str
    number: str
    html: Markup
    address: bool  # a link's address printed for paper, not a footnote


@dataclass(frozen=True)
class QuestionView:
    """A question as the templates print it: heading, answer blocks and the notes after them."""

    heading: Markup
    blocks: tuple[AnswerBlock, ...]
    notes: tuple[AnswerNote, ...]


class Typesetter:
    """Turns a locale's texts into HTML for one page: escaped, inline Markdown rendered, proper names
    kept from hyphenation, and English standing in for a missing translation marked so readers and
    translators see it (a tint and an "EN" marker, explained once)."""

    def __init__(self, proper_names: tuple[str, ...], edition: Edition, for_print: bool):
        if for_print:  # in the text: word joiners, no inline box (dmvpub.linebreak)
            names = "|".join(re.escape(name) for name in proper_names)
        else:  # a browser breaks lines around a span well
            names = "|".join(re.escape(str(Markup.escape(name))) for name in proper_names)  # matched in HTML
        self.names = re.compile(rf"\b({names})\b") if proper_names else None
        self.edition = edition
        self.for_print = for_print

    def _words(self, message: str, language: str):
        names = self.names
        if not self.for_print and any(unicodedata.bidirectional(c) in ("R", "AL") for c in message):
            # a name's span splits a right-to-left line into inline boxes that a renderer may order
            # on their own (bidi runs across them come out wrong); such scripts are not hyphenated anyway
            names = None

        def words(piece: str) -> Markup:
            if self.for_print:  # placeholders such as %(date)s stay whole
                piece = "".join(part if index % 2 else self._joined(with_break_opportunities(part, language))
                                for index, part in enumerate(_FORMAT_PIECE.split(piece)))
                return Markup.escape(piece)
            html = Markup.escape(piece)
            return Markup(names.sub(r'<span class="name">\1</span>', str(html))) if names else html
        return words

    def _joined(self, text: str) -> str:
        """`text` with each proper name in it made unbreakable (dmvpub.linebreak.unbreakable)."""
        return self.names.sub(lambda match: unbreakable(match.group()), text) if self.names else text

    def _marked(self, text: Text, html: Markup) -> Markup:
        if text.fallback:
            return Markup('<span class="untranslated" lang="en" dir="ltr">{}</span>').format(html)
        return html

    def _language(self, text: Text) -> str:
        return "en" if text.fallback else self.edition.locale

    def address(self, address: str) -> Markup:
        """A web address as printed: breaking only after a "/" (linebreak.address_breaks)."""
        return Markup.escape(address_breaks(address) if self.for_print else address)

    def plain(self, text: str) -> Markup:
        """A text of the edition's own (its language's name, its date), set as its translations are:
        with the line breaks Pango cannot find, so they reach every text a page prints."""
        return self._words(text, self.edition.locale)(text)

    def text(self, text: Text) -> Markup:
        """A plain text (front matter, the templates' strings): no Markdown."""
        return self._marked(text, self._words(text.text, self._language(text))(text.text))

    def inline(self, text: Text) -> Markup:
        """A question's text, where it stands alone (heading, contents, flyer): emphasis only."""
        return self._marked(text, to_html(text.text, self._words(text.text, self._language(text))))

    def question(self, question: LocalizedQuestion, anchor: str) -> QuestionView:
        """The question's heading, answer and notes (numbered in the edition's digits); `anchor`
        prefixes the notes' ids."""
        notes = Notes(anchor, dict(question.notes), self.edition.number, print_addresses=self.for_print)

        def rich(text: Text) -> Markup:
            words = self._words(text.text, self._language(text))
            return self._marked(text, to_html(text.text, words, links=True, notes=notes))
        blocks = tuple(AnswerBlock("ol" if block.ordered else "ul", block.start, tuple(map(rich, block.items)))
                       if isinstance(block, LocalizedList) else AnswerBlock("p", 1, (rich(block.text),))
                       for block in question.answer)
        shown = []
        for note in notes.entries:  # a footnote's own links print their address beside them
            if note.kind == "address":
                html = address_link(note.content)
            else:
                words = self._words(note.content.text, self._language(note.content))
                html = self._marked(note.content, to_html(note.content.text, words, links=True,
                                                          addresses_inline=self.for_print))
            shown.append(AnswerNote(note.id, note.number, html, note.kind == "address"))
        return QuestionView(self.inline(question.text), blocks, tuple(shown))


def emphasis_css(faces: tuple[FontFace, ...]) -> str:
    """CSS for `em` in a language whose first face has no italic (Arabic, Chinese, Devanagari ...):
    its real bold, never an italic slanted by the renderer or browser."""
    if any(face.style == "italic" for face in faces if face.family == faces[0].family):
        return ""
    return "em { font-style: normal; font-weight: bold; } .original em { font-style: italic; font-weight: inherit; }"


def check_layout(document: weasyprint.Document, doc: LocalizedDocument, artifact: str,
                 minimum: float = MINIMUM_PT) -> weasyprint.Document:
    """The laid-out document, or an error naming the first text not on its page, set under `minimum`
    pt or hyphenated automatically, and its message (layout.layout_problems)."""
    problems = layout_problems(document, minimum)
    if problems:
        raise _problem(problems, doc, artifact, "layout check")
    return document


def check_tagging(pdf: bytes, doc: LocalizedDocument, artifact: str) -> bytes:
    """The written PDF (`pdf`), or an error naming the first page with text a screen reader cannot
    reach: neither tagged nor an artifact (render.untagged; issue #30)."""
    problems = untagged_text(pdf)
    if problems:
        raise _problem(problems, doc, artifact, "tagging check")
    return pdf


def _problem(problems: list, doc: LocalizedDocument, artifact: str, check: str) -> DmvpubError:
    """The first of `problems` (LayoutProblem) as an error at the message it shows, else the title's."""
    first = problems[0]
    shown = _plain(first.text)
    source = next((text for text in doc.texts() if shown and shown in _plain(plain_text(text.text))), None) \
        or _likeliest_source(shown, doc.texts()) or doc.title
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return DmvpubError(f"{check}: {doc.edition.locale} {artifact}, page {first.page}: {first.what}: "
                       f"{shown[:50]!r}{more}", source.where.path, source.where.line)


def _likeliest_source(shown: str, texts: list[Text]) -> Text | None:
    """The text that shares the most words with `shown` (a paragraph as laid out, which may hold a
    note's number or a link's address the message does not), if it shares most of them."""
    words = set(shown.split())
    best = max(texts, key=lambda text: len(words & set(_plain(plain_text(text.text)).split())), default=None)
    if best is None or 2 * len(words & set(_plain(plain_text(best.text)).split())) < len(words):
        return None
    return best


def _plain(text: str) -> str:
    return " ".join(text.replace("\u200b", "").replace("\u2060", "").split())


def standalone_html(html: str, templates: Path) -> bytes:
    """A laid-out page that another engine can print as it is: its links resolve from the templates."""
    return html.replace("<head>", f'<head>\n<base href="{templates.as_uri()}/">', 1).encode("utf-8")


def thumbnail_png(pdf: bytes, width: int = THUMBNAIL_WIDTH) -> bytes:
    """The first page as a small PNG, drawn by PDFium, for the download page."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil()
        output = io.BytesIO()
        image.convert("RGB").save(output, "PNG", optimize=True)
        return output.getvalue()
    finally:
        document.close()


def first_fitting(count: int, fits, start: int) -> int | None:
    """The first index i in range(count) where fits(i), for fits False up to some index and True
    from there on; None if it is never True. Gallops out from `start`, then bisects."""
    if fits(start):
        yes, step = start, 1
        while yes - step >= 0 and fits(yes - step):
            yes, step = yes - step, step * 2
        no = max(yes - step, -1)
    else:
        no, step = start, 1
        while no + step < count and not fits(no + step):
            no, step = no + step, step * 2
        if no + step < count:
            yes = no + step
        elif no < count - 1 and fits(count - 1):
            yes = count - 1
        else:
            return None
    while yes - no > 1:
        middle = (yes + no) // 2
        yes, no = (middle, no) if fits(middle) else (yes, middle)
    return yes


def balanced_split(texts: list[str]) -> int:
    """How many items go in the first of two columns so that both are about as tall.

    CSS columns would balance exactly, but WeasyPrint balances by laying the list out again and
    again: two thirds of a flyer's layout time. Length predicts height well enough within one
    language; each item also costs about its unfilled last line and its margin.
    """
    overhead = 0.4 * sum(map(len, texts)) / len(texts)
    weights = [len(text) + overhead for text in texts]
    total = sum(weights)
    return min(range(1, len(texts)), key=lambda k: (max(sum(weights[:k]), total - sum(weights[:k])), -k))


_FORMAT_PIECE = re.compile(r"(%%|%\(\w+\)s)")


def _as_text_format(translation: str, msgid: str) -> str:
    """A translation ready for Jinja's new-style gettext, which %-formats it (and trusts it as HTML:
    the caller escapes it). Every '%' that is not one of the English's own placeholders (or a '%%')
    is made literal, so no translation can make formatting fail.
    """
    allowed = set(_FORMAT_PIECE.findall(msgid))
    pieces = _FORMAT_PIECE.split(translation)
    return "".join(piece if index % 2 and piece in allowed | {"%%"} else piece.replace("%", "%%")
                   for index, piece in enumerate(pieces))


def pdf_bytes(document: weasyprint.Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


@functools.cache
def _qr_svg(url: str, title: str) -> str:
    """A vector QR code of the URL, as inline SVG markup made by segno; `title` (escaped by segno)
    becomes the figure's alternative text."""
    return Markup(segno.make(url, error="m").svg_inline(border=4, omitsize=True, dark="#000", light="#fff",
                                                        title=title))
