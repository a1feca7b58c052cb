"""Times at the documented limits (issue 24, item 13): `check` and one locale's build, fed
messages as long as dmvpub accepts, of the shapes that once made them quadratic.

    .venv/bin/python benchmarks/bench_limits.py [--kind booklet] [--payload 'name'] ...

Each payload replaces the Spanish translation of the longest answer paragraph (up to
MAX_MESSAGE_CHARS characters), or the English title (up to MAX_FIELD_CHARS), in a
throwaway copy of the project inside dist/.cache/; the script prints the seconds of
`check --locale es` and of `build --locale es --kind K` for each. A payload dmvpub refuses prints
the refusal (that is the limit working) and how long it took to say so. Goal: every line under
30 s on an idle two-core machine. Nothing here asserts a time: the tests do not time anything.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import polib  # noqa: E402

from dmvpub import commands as dmvpub  # noqa: E402
from dmvpub.po import catalog_path  # noqa: E402
from dmvpub.core.errors import DmvpubError  # noqa: E402
from dmvpub.core.model import MAX_FIELD_CHARS, MAX_MESSAGE_CHARS, MAX_WORD_CHARS  # noqa: E402
from dmvpub.core.settings import load_settings  # noqa: E402

# name -> the unit repeated up to the limit
PAYLOADS = {
    "link brackets": "](",
    "words": "palabra ",
    "one long word": "x",
    "words at the word limit": "x" * MAX_WORD_CHARS + " ",
    "emphasis marks": "**",
    "open brackets": "[",
    "placeholders": "%(n)s ",
    "footnote marks": "[^1] ",
    "digits": "302.181 ",
    "CJK": "问题",
}


def repeat(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length].strip()


def copy_project(into: Path):
    """The project's settings, source, templates and catalogs, nothing else, copied into `into`."""
    kept = {"pyproject.toml", "source", "templates", "locales"}
    shutil.copytree(ROOT, into / "project",
                    ignore=lambda folder, names: [name for name in names if Path(folder) == ROOT and name not in kept])
    return load_settings(into / "project")


def timed(what: str, function) -> None:
    started = time.perf_counter()
    try:
        outcome = function()
        problems = getattr(outcome, "failed", None) or []
        note = f"refused: {str(problems[0])[:90]}" if problems else "ok"
    except DmvpubError as error:
        note = f"refused: {str(error)[:90]}"
    print(f"  {what:<34} {time.perf_counter() - started:7.1f} s  {note}", flush=True)


def in_translation(settings, text: str) -> None:
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    entry = max((e for e in catalog if e.msgctxt and e.msgstr and "\n" not in e.msgid), key=lambda e: len(e.msgid))
    entry.msgstr = text
    catalog.save()


def in_title(settings, text: str) -> None:
    source = settings.source.read_text(encoding="utf-8")
    title = next(line for line in source.splitlines() if line.startswith("title:"))
    settings.source.write_text(source.replace(title, f"title: '{text}'"), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", help="artifact kinds to build (default: booklet, flyer, web)")
    parser.add_argument("--payload", action="append", choices=sorted(PAYLOADS), help="only these payloads")
    args = parser.parse_args()
    kinds = args.kind or ["booklet", "flyer", "web"]
    work = ROOT / "dist" / ".cache" / "bench-limits"
    work.mkdir(parents=True, exist_ok=True)
    for name in args.payload or PAYLOADS:
        for place, limit, put in (("translation", MAX_MESSAGE_CHARS, in_translation),
                                  ("English title", MAX_FIELD_CHARS, in_title)):
            with tempfile.TemporaryDirectory(dir=work) as folder:
                settings = copy_project(Path(folder))
                put(settings, repeat(PAYLOADS[name], limit))
                print(f"{name!r} x {limit:,} characters in the {place}:", flush=True)
                timed("check --locale es", lambda: dmvpub.check(settings, ["es"]))
                for kind in kinds:
                    timed(f"build --locale es --kind {kind}", lambda: dmvpub.build(settings, ["es"], [kind], jobs=1))


if __name__ == "__main__":
    main()
