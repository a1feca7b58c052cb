"""The download page and the web editions in headless Chromium (Debian's, installed by `make test`)."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.fail("Debian's chromium is not installed; `make test` installs it")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def visit(browser, page_path: Path, screenshot: Path):
    """Open a page; return its requests, console errors, link targets and the page itself."""
    page = browser.new_page(viewport={"width": 400, "height": 800})
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    links = page.eval_on_selector_all("a[href]", "links => links.map(link => link.href)")
    page.screenshot(path=str(screenshot), full_page=True)
    return page, requests, errors, links


def local_file(url: str) -> Path:
    parts = urlsplit(url)
    assert parts.scheme == "file", url
    return Path(unquote(parts.path))


@pytest.mark.parametrize("relative", ["index.html", "en/index.html", "es/index.html", "ar/index.html",
                                      "zh_Hans/index.html"])
def test_pages_open_without_errors_stay_in_their_folder_and_every_link_resolves(built, browser, tmp_path,
                                                                              relative):
    path = built.dist / relative
    shot = tmp_path / "page.png"
    page, requests, errors, links = visit(browser, path, shot)
    assert errors == []
    fetched = [url for url in requests if not url.startswith("data:")]  # data: fonts travel inside the page
    assert fetched and all(local_file(url).is_relative_to(path.parent) for url in fetched), requests
    assert links
    for link in links:
        target = local_file(link)
        assert target.is_file(), f"{relative} links {link}"
    assert shot.stat().st_size > 10_000
    assert page.locator("h1").count() == 1


def test_the_download_page_names_every_language_in_its_own_script_with_covers(built, browser, tmp_path):
    page, _, _, links = visit(browser, built.dist / "index.html", tmp_path / "index.png")
    headings = page.locator("section h2").all_inner_texts()
    assert headings == ["English", "العربية", "Bosanski", "Español", "دری", "Français", "한국어", "မြန်မာ", "नेपाली",
                        "پښتو", "Soomaali", "Kiswahili", "ትግርኛ", "Українська", "Tiếng Việt", "中文 (简体)"]
    page.evaluate("document.fonts.ready")
    for code, family in (("ar", "Tajawal"), ("zh_Hans", "Kurinto Sans SC"), ("ko", "Kurinto Sans KR"),
                         ("my", "Noto Sans Myanmar"), ("fa_AF", "Kurinto Sans")):  # names in their own script's font
        assert page.evaluate(f"getComputedStyle(document.getElementById('lang-{code}')).fontFamily") \
            .split(",")[0].strip('"') == family
        assert page.evaluate(f"document.fonts.check('bold 16px \"{family}\"', "
                             f"document.getElementById('lang-{code}').textContent)")
    covers = page.eval_on_selector_all("img", "images => images.map(i => [i.naturalWidth, i.src])")
    assert len(covers) == 2 * len(headings) and all(width > 100 for width, _ in covers)
    spanish = [local_file(link).name for link in links if local_file(link).parent.name == "es"]
    assert spanish == ["missouri-dmv-ice-es-booklet.pdf", "missouri-dmv-ice-es-flyer.pdf", "index.html",
                       "missouri-dmv-ice-es-booklet.pdf", "missouri-dmv-ice-es-booklet-imposed.pdf",
                       "missouri-dmv-ice-es-booklet-print.pdf", "missouri-dmv-ice-es-booklet-bilingual.pdf",
                       "missouri-dmv-ice-es-booklet-large-print.pdf",
                       "missouri-dmv-ice-es-flyer.pdf"]


def test_a_web_edition_reads_right_to_left_with_every_question(built, browser, tmp_path):
    page, _, _, _ = visit(browser, built.dist / "ar" / "index.html", tmp_path / "ar.png")
    assert page.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.locator("main section h2").count() == 20
    assert page.locator("nav li a").count() == 20


@pytest.mark.parametrize("code, family, sample", [("zh_Hans", "Kurinto Sans SC", "密苏里州"),
                                                  ("ar", "Tajawal", "بيانات")])
def test_a_web_edition_carries_the_fonts_of_its_script(built, browser, tmp_path, code, family, sample):
    page, _, _, _ = visit(browser, built.dist / code / "index.html", tmp_path / "page.png")
    page.evaluate("document.fonts.ready")
    assert page.evaluate(f"document.fonts.check('16px \"{family}\"', '{sample}')")
    used = page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    assert used.split(",")[0].strip('"') == family
