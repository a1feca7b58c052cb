"""The translator's loop: how long after a save `dmvpub preview LOCALE --watch` has each file ready.

Issue #25's targets on this 2-core machine: the web edition within 0.5 s of a save, the booklet
within 2 s, the flyer beside it on the other core. Writes benchmarks/PREVIEW.md. Run with
`.venv/bin/python benchmarks/bench_preview.py [LOCALE]` (also part of `make bench`); it works in a
throwaway copy of the project. Each save changes one msgstr of the catalog, as a translator would.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"index.html": 0.5, "booklet": 2.0}
SAVES = 5


def main(code: str = "es") -> int:
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "project"
        root.mkdir()
        shutil.copy(ROOT / "pyproject.toml", root)
        for folder in ("source", "templates", "locales"):
            shutil.copytree(ROOT / folder, root / folder)
        catalog = root / "locales" / code / "LC_MESSAGES" / "messages.po"
        process = subprocess.Popen([sys.executable, "-m", "dmvpub.cli", "preview", code, "--watch"], cwd=root,
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        seconds: dict[str, list[float]] = {"index.html": [], "booklet": [], "flyer": []}
        try:
            for line in process.stdout:
                if line.startswith("watching"):
                    break
            text = catalog.read_text(encoding="utf-8")
            for save in range(SAVES):
                time.sleep(0.5)
                text = text.replace('msgstr "', f'msgstr "{save}', 1)  # one edit a save, never the same bytes
                saved = time.perf_counter()
                catalog.write_text(text, encoding="utf-8")
                for line in process.stdout:
                    now = time.perf_counter() - saved
                    for key in seconds:
                        if line.startswith("preview: ") and line.rstrip().endswith(
                                key if key == "index.html" else f"-{key}.pdf"):
                            seconds[key].append(now)
                    if line.startswith("previewed"):
                        break
        finally:
            process.kill()
            process.wait()
    rows = []
    for key, values in seconds.items():
        median = statistics.median(values) if values else float("nan")
        target = TARGETS.get(key)
        verdict = "beside the booklet" if target is None else ("met" if median <= target else
                                                               f"missed by {median - target:.2f} s")
        rows.append(f"| {key} | {median:.2f} s | {min(values, default=float('nan')):.2f} s | "
                    f"{'' if target is None else f'{target:.1f} s'} | {verdict} |")
    report = "\n".join([
        "# The translator's preview loop", "",
        f"`benchmarks/bench_preview.py {code}`: `dmvpub preview {code} --watch`, {SAVES} saves of the catalog; "
        "seconds from the save until the file is written (median, fastest), on "
        f"{platform.machine()} with {os.cpu_count()} cores. Includes up to 0.2 s until the watcher looks.", "",
        "| file | median | fastest | target | |", "| --- | --- | --- | --- | --- |", *rows, ""])
    (ROOT / "benchmarks" / "PREVIEW.md").write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
