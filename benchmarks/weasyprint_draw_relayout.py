"""WeasyPrint: writing a laid-out document shapes every line of text again.

A minimal, self-contained reproduction for WeasyPrint upstream (the shape of issue #578): it
needs only `weasyprint` and the standard library, and any installed sans-serif font.

After layout, each TextBox keeps its text but its Pango layout is deactivated
(`text/line_break.py`, `Layout.deactivate`); `draw/text.py:draw_text` calls
`Layout.reactivate`, which makes a new PangoContext and PangoLayout and sets the text again,
and `draw_first_line` then asks Pango for the first line, so Pango itemizes, shapes and breaks
the line a second time. Writing the same document twice costs the same twice: nothing is kept.

    python weasyprint_draw_relayout.py [paragraphs]

prints the time of layout and of each PDF write, the share of a write spent re-making and
re-shaping the lines' layouts, and a cProfile of a write.
"""

import cProfile
import pstats
import sys
import time

import weasyprint

WORDS = ("missouri driver license office records share immigration customs enforcement request "
         "address photograph federal agency state law public information question answer").split()


def html(paragraphs: int) -> str:
    """Plain justified paragraphs, hyphenated, on A5 pages: a typical booklet's text."""
    body = []
    for number in range(paragraphs):
        words = [WORDS[(number * 7 + index * 3) % len(WORDS)] for index in range(60 + number % 40)]
        body.append(f"<h2>Question {number + 1}</h2><p>{' '.join(words).capitalize()}.</p>")
    return ("<html lang='en'><style>@page { size: A5; margin: 15mm } "
            "body { font: 10pt/1.4 sans-serif; text-align: justify; hyphens: auto }</style>"
            f"<body>{''.join(body)}</body></html>")


def timed_write(document) -> tuple[float, dict[str, float]]:
    """One write_pdf's CPU time, and the time spent in the Layout methods that re-make and re-shape
    each line's Pango layout (wrapped with timers: cheap next to cProfile's overhead)."""
    from weasyprint.text.line_break import Layout
    spent = {"Layout.reactivate (new PangoContext + PangoLayout, set_text)": 0.0,
             "Layout.get_first_line (Pango itemizes, shapes, breaks again)": 0.0}
    originals = {"reactivate": Layout.reactivate, "get_first_line": Layout.get_first_line}

    def timer(name, key):
        def method(self, *args):
            started = time.process_time()
            try:
                return originals[name](self, *args)
            finally:
                spent[key] += time.process_time() - started
        return method
    for (name, _), key in zip(originals.items(), spent):
        setattr(Layout, name, timer(name, key))
    try:
        started = time.process_time()
        document.write_pdf()
        return time.process_time() - started, spent
    finally:
        for name, original in originals.items():
            setattr(Layout, name, original)


def main() -> None:
    paragraphs = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    print(f"WeasyPrint {weasyprint.__version__}, {paragraphs} paragraphs")
    started = time.process_time()
    document = weasyprint.HTML(string=html(paragraphs)).render()
    print(f"layout: {time.process_time() - started:.2f} s CPU, {len(document.pages)} pages")
    for attempt in (1, 2):
        started = time.process_time()
        document.write_pdf()
        print(f"write_pdf #{attempt}: {time.process_time() - started:.2f} s CPU (the same document)")

    total, spent = timed_write(document)
    print(f"write_pdf #3: {total:.2f} s CPU, of which")
    for key, seconds in spent.items():
        print(f"  {key}: {seconds:.2f} s ({seconds / total:.0%})")
    print(f"  together: {sum(spent.values()) / total:.0%} of the write re-does work the layout did")

    profile = cProfile.Profile(time.process_time)  # CPU time: honest on a loaded machine
    profile.enable()
    document.write_pdf()
    profile.disable()
    print("cProfile (CPU time) of write_pdf #4, by cumulative time; the profiler inflates the Python-heavy glyph loop:")
    pstats.Stats(profile).sort_stats("cumulative").print_stats(r"weasyprint/(draw|text)/", 8)


if __name__ == "__main__":
    main()
