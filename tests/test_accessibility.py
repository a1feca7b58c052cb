"""The download page and every web edition pass axe-core's WCAG 2.1 A and AA rules with no serious
or critical violation, at a phone's width and a desktop's (issue #23).

axe-core is the copy `axe-playwright-python` ships (axe.min.js inside the wheel), injected into the
page by Playwright in Debian's Chromium (as tests/test_browser.py drives it): nothing is fetched.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from test_browser import browser, local_file  # noqa: F401  (the module's Chromium fixture)
from test_reading import LOCALES

WIDTHS = {"phone": 375, "desktop": 1280}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = ["index.html", *(f"{code}/index.html" for code in LOCALES)]


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("width", list(WIDTHS), ids=list(WIDTHS))
@pytest.mark.parametrize("relative", PAGES)
def test_no_serious_or_critical_wcag_violation(built, browser, axe, relative, width):  # noqa: F811
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 800})
    try:
        requests = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto((built.dist / relative).as_uri())
        page.wait_for_load_state("load")
        page.evaluate("document.fonts.ready")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA},
                                         "resultTypes": ["violations"]})
    finally:
        page.close()
    # axe runs inside the page and fetches nothing; the page fetches only files beside it
    assert all(url.startswith("data:") or local_file(url).is_relative_to((built.dist / relative).parent)
               for url in requests), requests
    assert results.response["testEngine"]["version"].startswith("4.")
    bad = [violation for violation in results.response["violations"]
           if violation["impact"] in ("serious", "critical")]
    assert not bad, results.generate_report()
