"""Languages beyond Latin: names, digits, scripts Babel does not know, checks that know their marks,
and translators' flags surviving `dmvpub update`."""

from __future__ import annotations

import re

import polib
import pytest
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.po import catalog_path
from dmvpub.po.merge import carry_flags
from dmvpub.core.errors import DmvpubError
from dmvpub.fonts.faces import LATIN, language_fonts, undrawable
from dmvpub.core.language import describe
from dmvpub.checks.toolkit import ascii_digits

from conftest import edit
from helpers.pdf import artifact_pdf
from helpers.project import copy_project


@pytest.mark.parametrize("code, name, script, direction, numbering", [
    ("fa_AF", "دری", "Arab", "rtl", "arabext"),
    ("ps", "پښتو", "Arab", "rtl", "arabext"),
    ("ne", "नेपाली", "Deva", "ltr", "deva"),
    ("my", "မြန်မာ", "Mymr", "ltr", "mymr"),
    ("ti", "ትግርኛ", "Ethi", "ltr", "latn"),
    ("ko", "한국어", "Kore", "ltr", "latn"),
    ("uk", "Українська", "Cyrl", "ltr", "latn"),
])
def test_each_language_has_its_own_name_script_direction_and_digits(code, name, script, direction, numbering):
    language = describe(code)
    assert (language.name, language.script, language.direction, language.numbering) == \
        (name, script, direction, numbering)
    assert language_fonts(language), "pinned fonts for every language"


def test_dates_and_numbers_use_the_language_s_own_digits(project):
    nepali = dmvpub.localized(project, "ne").edition
    assert nepali.as_of == "२०२६ नोभेम्बर २४" and nepali.number(12) == "१२"
    assert dmvpub.localized(project, "fa_AF").edition.number(20) == "۲۰"
    assert dmvpub.localized(project, "my").edition.as_of.startswith("၂၀၂၆")
    assert dmvpub.localized(project, "es").edition.number(7) == "7"


def test_the_numbers_check_reads_native_digits_as_the_same_numbers(project):
    def findings():
        return [f.check for f in dmvpub.check(project, ["ne"]).findings]
    edit(project, "ne", "is-it-legal", "Yes, the sharing", lambda s: s.replace("2005", "२००५"))
    assert "numbers" not in findings()
    edit(project, "ne", "is-it-legal", "Yes, the sharing", lambda s: s.replace("२००५", "२००६"))
    assert "numbers" in findings()
    assert ascii_digits("۲۰۰۵ and २००५ and ၂၀၀၅") == "2005 and 2005 and 2005"


@pytest.mark.parametrize("code, ending", [("ne", "।"), ("my", "။"), ("ti", "።"), ("fa_AF", "؟")])
def test_end_punctuation_knows_other_scripts_sentence_marks(project, code, ending):
    path = catalog_path(project, code)
    catalog = polib.pofile(str(path))
    assert any(entry.msgstr.rstrip().endswith(ending) for entry in catalog), "the drafts use their own marks"
    assert [f for f in dmvpub.check(project, [code]).findings if f.check == "endpunc"] == []
    entry = next(e for e in catalog if e.msgstr.rstrip().endswith(ending) and e.msgid.rstrip()[-1] in ".?")
    entry.msgstr = entry.msgstr.rstrip()[:-1] + "!"
    catalog.save()
    assert "endpunc" in [f.check for f in dmvpub.check(project, [code]).findings]


def test_the_glyph_check_ignores_default_ignorable_characters():
    assert undrawable("a\u200cb\u200dc\u200bd\u2060e\u200e\u200f\ufeff", LATIN) == []
    assert undrawable("a\u0915", LATIN) == ["\u0915"]


def test_the_glyph_check_covers_the_language_name_too(project):
    path = catalog_path(project, "es")
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"X-Review-Status: draft\\n"', '"X-Language-Name: Español \u2603\\n"\n"X-Review-Status: draft\\n"'),
        encoding="utf-8")
    with pytest.raises(DmvpubError, match="U\\+2603"):
        dmvpub.localized(project, "es")


def test_a_language_babel_does_not_know_declares_itself(project):
    with pytest.raises(DmvpubError, match="Babel has no data for 'ksw'.*X-Language-Name"):
        dmvpub.init(project, "ksw")
    created = dmvpub.init(project, "ksw", name="ကညီကျိာ်", script="Mymr", direction="ltr").path
    catalog = polib.pofile(str(project.root / created))
    assert catalog.metadata["X-Language-Name"] == "ကညီကျိာ်"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert catalog.metadata["PO-Revision-Date"][:4].isdigit() and "FULL NAME" not in catalog.metadata["Last-Translator"]
    for entry in catalog:  # a stand-in translation: the English, on purpose
        entry.msgstr = entry.msgid
        entry.flags.append("ignore-unchanged")
    catalog.save()
    assert dmvpub.check(project, ["ksw"]).errors() == []
    result = dmvpub.build(project, ["ksw"], ["flyer"])
    assert not result.failed, [str(e) for e in result.failed]
    flyer = artifact_pdf(project, "ksw", "flyer")
    assert flyer.trailer["/Root"]["/Lang"] == "ksw"
    assert "ကညီကျိာ်" in [row.language for row in dmvpub.status(project).rows]


def test_a_declared_script_must_be_a_script_code(project):
    with pytest.raises(DmvpubError, match="ISO 15924"):
        dmvpub.init(project, "ksw", name="Karen", script="burmese", direction="ltr")


# --- flags, comments and review headers survive `update` --------------------------------------------

FLAGS = ["ignore-endpunc", "ignore-numbers", "ignore-unchanged", "ignore-urls", "ignore-markup", "ignore-brackets"]


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(choices=st.lists(st.tuples(st.integers(0, 105), st.lists(st.sampled_from(FLAGS), min_size=1, max_size=3,
                                                                  unique=True),
                                  st.sampled_from(["", "Reviewed with the community group."])),
                        min_size=1, max_size=8),
       edit=st.booleans())
def test_update_keeps_every_flag_comment_and_review_header(tmp_path_factory, choices, edit):
    root = tmp_path_factory.mktemp("flags")
    settings = copy_project(root, leave_out=("ar", "bs", "vi", "so", "zh_Hans", "ko", "my", "ne", "ps", "sw", "ti",
                                             "uk", "fa_AF", "fr"))
    path = catalog_path(settings, "es")
    catalog = polib.pofile(str(path))
    catalog.metadata.update({"X-Review-Status": "reviewed", "X-Reviewed-By": "Ana", "X-Reviewed-On": "2026-12-01"})
    entries = [entry for entry in catalog if not entry.obsolete]
    wanted = {}
    for index, flags, comment in choices:
        entry = entries[index % len(entries)]
        entry.flags.extend(flag for flag in flags if flag not in entry.flags)
        if comment:
            entry.tcomment = comment
        wanted[entry.msgctxt, entry.msgid] = (set(entry.flags) - {"fuzzy"}, entry.tcomment)
    catalog.save()
    edited = None
    if edit:  # the English of one flagged message changes: its flags follow it to the fuzzy entry
        edited = next(iter(wanted))
        if edited[0] is not None:
            source = settings.source.read_text(encoding="utf-8")
            settings.source.write_text(source.replace(edited[1], edited[1] + " Again.", 1), encoding="utf-8")
            dmvpub.extract(settings)
        else:
            edited = None
    assert dmvpub.update(settings).failed == []
    merged = polib.pofile(str(path))
    assert {key: merged.metadata[key] for key in ("X-Review-Status", "X-Reviewed-By", "X-Reviewed-On")} == \
        {"X-Review-Status": "reviewed", "X-Reviewed-By": "Ana", "X-Reviewed-On": "2026-12-01"}
    for (context, msgid), (flags, comment) in wanted.items():
        if (context, msgid) == edited:
            entry = next(e for e in merged if e.previous_msgid == msgid and e.msgctxt == context)
            assert "fuzzy" in entry.flags
        else:
            entry = merged.find(msgid, msgctxt=context) if context else merged.find(msgid)
        assert flags <= set(entry.flags), (msgid[:30], flags, entry.flags)
        assert entry.tcomment.split() == comment.split()  # polib's save wraps a long comment's lines
    assert dmvpub.update(settings).changed == [], "a second update changes no byte"


def test_carry_flags_puts_back_what_msgmerge_dropped():
    old = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
          b'#, ignore-unchanged, python-format\nmsgid "Notes %(x)s"\nmsgstr "Notes %(x)s"\n'
    merged = b'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' \
             b'#, python-format\nmsgid "Notes %(x)s"\nmsgstr "Notes %(x)s"\n'
    assert b"#, python-format, ignore-unchanged\n" in carry_flags(old, merged)
    assert re.search(rb"#, ignore-unchanged\nmsgid", carry_flags(old, merged.replace(b"#, python-format\n", b"")))
