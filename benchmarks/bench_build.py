"""Where a build's time goes, against a naive baseline; writes benchmarks/RESULTS.md.

Run with `make bench` (or `.venv/bin/python benchmarks/bench_build.py`). Everything runs in a
throwaway copy of the project, so dist/ here is untouched.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dmvpub import commands as dmvpub  # noqa: E402
from dmvpub.pipeline.distfiles import HTML, KINDS, PDF_KINDS, artifact_name, locale_kinds  # noqa: E402
from dmvpub.pipeline.localized import _LOCALIZED  # noqa: E402
from dmvpub.pipeline.tasks import recorded_flyer_size  # noqa: E402
from dmvpub.po import catalog_path  # noqa: E402
from dmvpub.render.impose import impose_booklet  # noqa: E402
from dmvpub.render.layout import layout_problems  # noqa: E402
from dmvpub.render.printshop import print_shop_pdf  # noqa: E402
from dmvpub.render.renderer import Renderer, pdf_bytes, thumbnail_png  # noqa: E402
from dmvpub.core.settings import load_settings  # noqa: E402

# Issue 25's targets on this machine, all artifacts included (issue 16 asked 2.0x and 2.0 s: out of
# reach while WeasyPrint 70 lays out and draws the same pages; see benchmarks/weasyprint.md).
TARGETS = {"chromium_ratio": 2.8, "edit_seconds": 3.0, "noop_seconds": 0.2, "worker_mb": 400}
REPEATS = 3  # builds are timed several times and the fastest kept: this machine's timings vary by a third


def copy_project(target: Path):
    target.mkdir(parents=True)
    shutil.copy(ROOT / "pyproject.toml", target)
    for folder in ("source", "templates", "locales"):
        shutil.copytree(ROOT / folder, target / folder)
    return load_settings(target)


def timed(function):
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def cli_build(settings) -> float:
    """A build as a user runs it: a fresh `dmvpub build` process, imports included."""
    _, seconds = timed(lambda: subprocess.run([sys.executable, "-m", "dmvpub.cli", "build"], cwd=settings.root,
                                              check=True, capture_output=True,
                                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")}))
    return seconds


def naive_build(settings, codes) -> dict[str, float]:
    """Sequential, no cache, a fresh renderer per artifact: a layout per artifact that needs one."""
    times = dict.fromkeys(KINDS, 0.0)
    english = dmvpub.localized(settings, settings.source_locale)
    for code in codes:
        doc = dmvpub.localized(settings, code)
        for kind in locale_kinds(settings, code):
            renderer = Renderer(settings.templates, settings.url, settings.page_size)
            started = time.perf_counter()
            if kind in ("flyer", "flyer-thumbnail"):
                flyer = pdf_bytes(renderer.flyer(doc).document)
                if kind == "flyer-thumbnail":
                    thumbnail_png(flyer)
            elif kind == "booklet-bilingual":
                pdf_bytes(renderer.booklet(doc, english).document)
            elif kind == "booklet-large-print":
                pdf_bytes(renderer.booklet(doc, large_print=True).document)
            elif kind == "web":
                renderer.web(doc, {k: artifact_name(settings, code, k) for k in locale_kinds(settings, code, PDF_KINDS)})
            else:
                booklet = pdf_bytes(renderer.booklet(doc).document)
                if kind == "booklet-imposed":
                    impose_booklet(booklet, doc.edition.direction == "rtl")
                elif kind == "booklet-thumbnail":
                    thumbnail_png(booklet)
            times[kind] += time.perf_counter() - started
    return times


def stage_times(settings, codes) -> tuple[dict[str, float], int]:
    """Where one process's time goes, stage by stage, summed over locales; and the flyer layouts made."""
    renderer = Renderer(settings.templates, settings.url, settings.page_size)
    stages: dict[str, float] = {}
    layouts = 0
    layout = renderer.layout

    def counted_layout(html, doc):
        nonlocal layouts
        layouts += 1
        return layout(html, doc)

    def stage(name, function):
        value, seconds = timed(function)
        stages[name] = stages.get(name, 0.0) + seconds
        return value

    english = dmvpub.localized(settings, settings.source_locale)
    for code in codes:
        _LOCALIZED.clear()  # once per locale, as a build does at least: not kept from the runs before
        doc = stage("read catalog, localize, check glyphs", lambda: dmvpub.localized(settings, code))
        stage("Jinja: booklet HTML", lambda: renderer.html("booklet.html", doc, notes_pages=3))
        document = stage("WeasyPrint layout: booklet (one for all three)", lambda: renderer.booklet(doc).document)
        stage("layout check: booklet", lambda: layout_problems(document))
        reading = stage("PDF write: booklet", lambda: pdf_bytes(document))
        stage("print-shop booklet (PDF/X-4 from the booklet's PDF)", lambda: print_shop_pdf(reading, doc.edition.dated))
        stage("imposition (pikepdf)", lambda: impose_booklet(reading, doc.edition.direction == "rtl"))
        renderer.layout = counted_layout
        start = recorded_flyer_size(settings, code)  # as a build does: from the size the last build fitted
        flyer = stage("flyer: fitting the type size (layouts)", lambda: renderer.flyer(doc, start=start))
        renderer.layout = layout
        flyer_pdf = stage("PDF write: flyer", lambda: pdf_bytes(flyer.document))
        stage("thumbnails (PDFium)", lambda: (thumbnail_png(reading), thumbnail_png(flyer_pdf)))
        if code != settings.source_locale:
            bilingual = stage("WeasyPrint layout: bilingual booklet", lambda: renderer.booklet(doc, english).document)
            stage("PDF write: bilingual booklet", lambda: pdf_bytes(bilingual))
        large = stage("WeasyPrint layout: large-print edition", lambda: renderer.booklet(doc, large_print=True).document)
        stage("PDF write: large-print edition", lambda: pdf_bytes(large))
        stage("web edition (Jinja, font subsets)", lambda: renderer.web(doc, {k: k for k in PDF_KINDS}))
    return stages, layouts


def chromium_build(settings) -> tuple[float, int] | None:
    """The peer a user would pick: one headless Chromium, driven by Playwright, printing every page.

    It prints the very HTML dmvpub laid out (`dmvpub build --keep-html`: booklet, bilingual
    booklet, large-print edition and flyer per locale), with the same pinned fonts; the browser's start is counted,
    once. Chromium does no fitting, no layout check, no imposition, no print-shop variant, no
    thumbnails and no web edition. Returns the seconds and the number of PDFs printed.
    """
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        return None
    from playwright.sync_api import sync_playwright
    dmvpub.build(settings, keep_html=True)
    pages = sorted((settings.dist / HTML).rglob("*.html"))
    with sync_playwright() as playwright:
        started = time.perf_counter()
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run", "--disable-sync", "--allow-file-access-from-files"])
        page = browser.new_page()
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            page.pdf(path=str(path.with_suffix(".pdf")), prefer_css_page_size=True, print_background=True)
        browser.close()
        return time.perf_counter() - started, len(pages)


def peak_memory_mb() -> float:
    """The largest resident size any finished child process (a build or one of its workers) reached."""
    import resource
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        settings = copy_project(Path(scratch) / "project")
        colds = []
        for _ in range(REPEATS):
            shutil.rmtree(settings.dist, ignore_errors=True)
            colds.append(cli_build(settings))
        cold = min(colds)
        result = dmvpub.build(settings, force=True)
        codes = list(dict.fromkeys(o.artifact.locale for o in result.outcomes))  # the printable locales
        per_kind = {kind: sum(o.seconds for o in result.outcomes if o.artifact.kind == kind) for kind in KINDS}
        sizes = {kind: sum(o.artifact.bytes for o in result.outcomes if o.artifact.kind == kind) for kind in KINDS}
        pages = {kind: sum(o.artifact.pages or 0 for o in result.outcomes if o.artifact.kind == kind) for kind in KINDS}
        noop = min(cli_build(settings) for _ in range(REPEATS))

        path = catalog_path(settings, "es")
        edits = []
        for _ in range(REPEATS):
            catalog = polib.pofile(str(path))
            next(iter(catalog.translated_entries())).msgstr += "."
            catalog.save()
            edits.append(cli_build(settings))
        edit = min(edits)

        naive = naive_build(settings, codes)
        naive_total = sum(naive.values())
        stages, flyer_layouts = stage_times(settings, codes)
        memory = peak_memory_mb()
        chromium_run = chromium_build(settings)
        chromium, printed = chromium_run if chromium_run else (None, 0)

    def verdict(met: bool) -> str:
        return "met" if met else "NOT met"
    rows = [
        ("cold build, all locales and artifacts (`dmvpub build`, fresh dist/)", f"{cold:.2f} s",
         f"{len(result.outcomes)} files"),
        ("one headless Chromium (Playwright) printing the same laid-out HTML", 
         f"{chromium:.2f} s" if chromium is not None else "not measured",
         f"{printed} PDFs; dmvpub is {cold / chromium:.2f}x its time; target <= {TARGETS['chromium_ratio']}x: "
         f"{verdict(cold / chromium <= TARGETS['chromium_ratio'])}" if chromium is not None
         else "chromium is not installed here"),
        ("naive baseline: sequential, no cache, a layout per artifact", f"{naive_total:.2f} s",
         f"cold build is {naive_total / cold:.1f}x faster"),
        ("no-op rebuild", f"{noop:.2f} s",
         f"target <= {TARGETS['noop_seconds']} s: {verdict(noop <= TARGETS['noop_seconds'])}"),
        ("one locale edited (es)", f"{edit:.2f} s",
         f"target <= {TARGETS['edit_seconds']} s: {verdict(edit <= TARGETS['edit_seconds'])}"),
        ("peak memory of one process (build or worker)", f"{memory:.0f} MB",
         f"target <= {TARGETS['worker_mb']} MB: {verdict(memory <= TARGETS['worker_mb'])}"),
    ]
    lines = [
        "# Build benchmark",
        "",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores. "
        f"Locales: {len(codes)} ({', '.join(codes)}); artifacts: {len(result.outcomes)}. "
        f"Cold, no-op and one-locale builds are the fastest of {REPEATS} runs.",
        "",
        "| measurement | time | note |",
        "| --- | ---: | --- |",
        *(f"| {a} | {b} | {c} |" for a, b, c in rows),
        "",
        "Per artifact kind, summed over locales (worker time, both cores busy, so slower than the naive "
        "build's one process; the booklet and print-shop booklet share one layout, split evenly):",
        "",
        "| kind | dmvpub | naive | pages | PDF size |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(f"| {kind} | {per_kind[kind]:.2f} s | {naive[kind]:.2f} s | {pages[kind] or '-'} | "
          f"{sizes[kind] / 1024:.0f} KiB |" for kind in KINDS),
        "",
        f"Where the time goes, stage by stage in one warm process, summed over locales "
        f"({flyer_layouts} flyer layouts for {len(codes)} flyers):",
        "",
        "| stage | time | share |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {seconds:.2f} s | {seconds / sum(stages.values()):.0%} |" for name, seconds in stages.items()),
        "",
        (ROOT / "benchmarks" / "changes.md").read_text(encoding="utf-8"),
    ]
    (ROOT / "benchmarks" / "RESULTS.md").write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
