"""`dmvpub status`: counts that match a small catalog made by hand, review state, and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import polib

from helpers.review import sign
from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path

from conftest import FRONT, write_project

SOURCE = FRONT + """
## First question? {#first}

First answer.

## Second question? {#second}

Second answer, paragraph one.

1. A listed item.
2. Another listed item.
"""


def small_project(tmp_path):
    settings = write_project(tmp_path / "small", SOURCE, questions=2)
    dmvpub.extract(settings)
    dmvpub.init(settings, "es")
    return settings


def fill(settings, code, done: dict, fuzzy: set = frozenset(), headers: dict | None = None):
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in done:
            entry.msgstr = done[key]
            entry.flags = [flag for flag in entry.flags if flag != "fuzzy"] + (["fuzzy"] if key in fuzzy else [])
    catalog.metadata.update(headers or {})
    catalog.save()


def row(settings, code):
    return next(r for r in dmvpub.status(settings).rows if r.locale == code)


def test_counts_match_a_hand_made_catalog(tmp_path):
    settings = small_project(tmp_path)
    fill(settings, "es", {
        (None, "A title"): "Un título",
        ("first", "First question?"): "¿Primera pregunta?",
        ("first", "First answer."): "Primera respuesta.",
        ("second", "Second question?"): "¿Segunda pregunta?",
        ("second", "A listed item."): "Un elemento.",
        ("second", "Another listed item."): "Otro elemento.",
    }, fuzzy={("second", "Another listed item.")})

    es = row(settings, "es")
    # Nine messages: title, subtitle, notice, then 1 + 1 for the first question and 1 + 1 + 2 for the second.
    assert (es.translated, es.fuzzy, es.untranslated) == (5, 1, 3)
    assert (es.questions_covered, es.questions_total) == (1, 2), "only the first question is whole"
    assert not es.complete


def test_a_fuzzy_entry_does_not_cover_its_question(tmp_path):
    settings = small_project(tmp_path)
    everything = {(e.msgctxt, e.msgid): "x " + e.msgid.replace("Not ", "No ") for e in polib.pofile(str(catalog_path(settings, "es")))}
    fill(settings, "es", everything, fuzzy={("first", "First answer.")})
    es = row(settings, "es")
    assert es.questions_covered == 1 and es.fuzzy == 1
    fill(settings, "es", everything)
    assert row(settings, "es").complete


def test_review_state_comes_from_the_catalog_headers_and_the_source(tmp_path):
    settings = small_project(tmp_path)
    report = dmvpub.status(settings)
    english, es = report.rows
    assert english.locale == "en" and english.is_source
    assert english.review_note == "draft: English text not yet checked for accuracy"
    assert es.review_note == "draft translation, needs review by a native speaker"

    fill(settings, "es", {}, headers={"X-Review-Status": "reviewed", "X-Reviewed-By": "Ana Pérez",
                                      "X-Reviewed-On": "2026-11-20"})
    assert row(settings, "es").review_note == "draft translation, needs review by a native speaker", \
        "the header is a summary: without sign-offs it is still a draft (issue #22)"
    fill(settings, "es", {(e.msgctxt, e.msgid): "x " + e.msgid.replace("Not ", "No ") for e in polib.pofile(str(catalog_path(settings, "es")))})
    sign(settings, "es", "Ana Pérez", on=date(2026, 11, 20))
    assert row(settings, "es").review_note == "reviewed by Ana Pérez on 2026-11-20"
    assert row(settings, "es").reviewed == "2/2"


def run_cli(cwd, *args):
    return subprocess.run([sys.executable, "-m", "dmvpub.cli", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_table_json_and_require_complete(tmp_path):
    settings = small_project(tmp_path)
    table = run_cli(settings.root / "source", "status")
    assert table.returncode == 0, table.stderr
    assert "es" in table.stdout and "0/2" in table.stdout

    data = json.loads(run_cli(settings.root, "status", "--json").stdout)
    es = next(r for r in data["locales"] if r["locale"] == "es")
    assert es["questions_covered"] == 0 and es["untranslated"] == 9 and es["complete"] is False

    short = run_cli(settings.root, "status", "--require-complete")
    assert short.returncode == 1
    assert short.stderr.strip().splitlines()[-1] == "dmvpub: incomplete: es"

    fill(settings, "es", {(e.msgctxt, e.msgid): "x " + e.msgid
                          for e in polib.pofile(str(catalog_path(settings, "es")))})
    assert run_cli(settings.root, "status", "--require-complete").returncode == 0
