"""`dmvpub review` signs every catalog `dmvpub check` accepts, and leaves its other bytes alone.

The sign-offs are written through the one PO store (read with the guarded parser, written with the
one atomic writer): a U+0085 or U+2028 a translator pasted, a file saved partly with CRLF, or a blank
line in the header comment no longer make `review` fail with "Syntax error in po file".
"""

from __future__ import annotations

import re
from datetime import date

import polib
import pytest

from helpers.review import sign
from dmvpub import commands as dmvpub
from dmvpub.core.errors import DmvpubError

from conftest import FRONT, write_project

DAY = date(2026, 11, 28)
SOURCE = FRONT + """
## First question? {#first}

First answer.

## Second question? {#second}

Second answer.
"""
SIGNOFF = re.compile(rb"# reviewed: Ana P\xc3\xa9rez 2026-11-28 sha256:[0-9a-f]{64}(\r?\n)")


def translated(tmp_path):
    """A small project with a Spanish catalog, every message translated; (settings, catalog path)."""
    settings = write_project(tmp_path / "small", SOURCE, questions=2)
    dmvpub.extract(settings)
    dmvpub.init(settings, "es")
    path = settings.locales / "es" / "LC_MESSAGES" / "messages.po"
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = f"ES {entry.msgid}".replace("Not ", "No ")  # as many negations as the English
    catalog.save()
    return settings, path


def without_review(data: bytes) -> bytes:
    """A catalog's bytes minus what `review` writes: the sign-off comments and the X-Review-* summary."""
    data = SIGNOFF.sub(b"", data)
    return re.sub(rb'^"X-Review(?:-Status|ed-By|ed-On): [^"]*\\n"\r?\n', b"", data, flags=re.M)


def edited(path, old: bytes, new: bytes) -> bytes:
    data = path.read_bytes()
    assert old in data
    data = data.replace(old, new, 1)
    path.write_bytes(data)
    return data


def signs_all_and_keeps_the_rest(settings, path, before: bytes) -> bytes:
    """Review es whole, then: check accepted the catalog, every message is signed, the file reads
    back with every message reviewed, and every byte but the sign-offs and summary is as it was."""
    assert not [f for f in dmvpub.check(settings, ["es"]).findings if f.severity == "error"]
    result = sign(settings, "es", "Ana Pérez", on=DAY)
    assert not result.refused and result.changed
    assert result.messages_reviewed == result.messages_total == len(result.signed)
    after = path.read_bytes()
    assert len(SIGNOFF.findall(after)) == len(result.signed)
    assert without_review(after) == without_review(before)
    row = next(r for r in dmvpub.status(settings).rows if r.locale == "es")
    assert row.review.status == "reviewed" and row.reviewed == "2/2"
    assert not dmvpub.check(settings, ["es"]).findings
    return after


def test_review_signs_a_catalog_with_a_next_line_character_in_a_translator_comment(tmp_path):
    settings, path = translated(tmp_path)
    before = edited(path, b'msgctxt "second"\nmsgid "Second answer."',
                    '# a note from the translator:\u0085two lines?\nmsgctxt "second"\nmsgid "Second answer."'
                    .encode())
    after = signs_all_and_keeps_the_rest(settings, path, before)
    assert "# a note from the translator:\u0085two lines?\n".encode() in after


def test_review_reads_a_catalog_with_a_line_separator_inside_a_translation(tmp_path):
    settings, path = translated(tmp_path)
    before = edited(path, b'msgstr "ES Second answer."', 'msgstr "ES Second\u2028answer."'.encode())
    [finding] = dmvpub.check(settings, ["es"]).findings  # read, and found undrawable: no font has U+2028
    assert finding.check == "glyphs" and finding.line == before.split(b"\n").index(
        'msgstr "ES Second\u2028answer."'.encode()) + 1
    result = sign(settings, "es", "Ana Pérez", on=DAY)
    [(refused, why)] = result.refused
    assert refused.msgid == "Second answer." and why.startswith("`dmvpub check` finds glyphs: ")
    assert str(refused.where) == f"locales/es/LC_MESSAGES/messages.po:{finding.line}"
    assert len(result.signed) == result.messages_total - 1 and result.changed
    after = path.read_bytes()
    assert len(SIGNOFF.findall(after)) == len(result.signed)
    assert without_review(after) == without_review(before)
    entry = next(e for e in polib.pofile(str(path)) if e.msgid == "Second answer.")
    assert entry.msgstr == "ES Second\u2028answer." and not entry.tcomment


def test_review_signs_a_catalog_saved_partly_with_crlf_and_keeps_each_lines_ending(tmp_path):
    settings, path = translated(tmp_path)
    data = path.read_bytes()
    cut = data.rindex(b"\n\n", 0, data.index(b'msgctxt "second"')) + 2
    before = data[:cut] + data[cut:].replace(b"\n", b"\r\n")  # the second question saved on Windows
    path.write_bytes(before)
    after = signs_all_and_keeps_the_rest(settings, path, before)
    endings = [(signoff, following) for signoff, following in
               re.findall(rb"# reviewed: [^\r\n]*(\r?\n)[^\r\n]*(\r?\n)", after)]
    assert {signoff for signoff, _ in endings} == {b"\n", b"\r\n"}, "each part keeps its own"
    assert all(signoff == following for signoff, following in endings), "a sign-off ends as its entry's lines do"
    crlf = sum(signoff == b"\r\n" for signoff, _ in endings)
    assert after.count(b"\r\n") == before.count(b"\r\n") + crlf and after[:cut].count(b"\r") == 0


def test_review_signs_a_catalog_with_a_blank_line_in_its_header_comment(tmp_path):
    settings, path = translated(tmp_path)
    before = edited(path, b"# Spanish translation of the Missouri DMV and ICE booklet.\n",
                    b"# Spanish translation of the Missouri DMV and ICE booklet.\n\n# Second paragraph.\n")
    after = signs_all_and_keeps_the_rest(settings, path, before)
    assert after.startswith(b"# Spanish translation of the Missouri DMV and ICE booklet.\n\n# Second paragraph.\n")
    assert b'"X-Review-Status: reviewed\\n"' in after


def test_review_of_a_crlf_catalog_writes_crlf_only(tmp_path):
    settings, path = translated(tmp_path)
    before = path.read_bytes().replace(b"\n", b"\r\n")
    path.write_bytes(before)
    after = signs_all_and_keeps_the_rest(settings, path, before)
    assert after.count(b"\n") == after.count(b"\r\n")


def test_review_refuses_a_catalog_check_refuses_at_the_same_line(tmp_path):
    settings, path = translated(tmp_path)
    edited(path, b'msgstr "ES Second answer."', b'msgstr "ES Second answer.')
    [finding] = dmvpub.check(settings, ["es"]).findings
    before = path.read_bytes()
    with pytest.raises(DmvpubError) as caught:
        sign(settings, "es", "Ana Pérez", on=DAY)
    assert f"messages.po:{finding.line}: {finding.message}" in str(caught.value)
    assert "end-of-line within string" in finding.message
    assert path.read_bytes() == before
