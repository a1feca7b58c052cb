"""A translation cannot change what readers are told (issue #21): reversed numbers, added contacts,
blank answers, hidden characters, text that cannot be shaped, relabelled languages and deceptive
addresses are each an error (or untranslated) at their file:line, and the build refuses only that
locale. Each case of the issue is a payload of its own; each class has at least one more."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import polib
import pytest

from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import artifact_name
from dmvpub.po import catalog_path, is_translated
from dmvpub.core.errors import DmvpubError
from dmvpub.fonts.faces import KOREAN, KURINTO, LATIN, MYANMAR, locale_fonts, shaping_problems, undrawable
from dmvpub.core.language import describe
from dmvpub.checks import ERROR, WARNING
from dmvpub.core.settings import load_settings
from dmvpub.source.parse import parse_document
from dmvpub.text.visible import DEFAULT_IGNORABLE, displayed, is_blank

from conftest import FRONT, edit

RLO, PDF, LRI, RLI, PDI, RLM, WJ, ZWSP = "\u202e", "\u202c", "\u2066", "\u2067", "\u2069", "\u200f", "\u2060", "\u200b"
RETENTION = ("retention", "In Missouri, DMV data")
STATUTE = ("confidentiality-safeguards", "Legal Framework")
PURPOSE = ("purpose", "In Missouri")
FIRST_ANSWER = ("what-is-shared", "The Missouri Department of Revenue")
VOWEL_FIRST = lambda s: s.replace("मिसौरीमा", "\u093fमसौरीमा", 1)  # noqa: E731 -- the vowel sign ि typed first


def msgstr_line(settings, code, entry) -> int:
    """The line of the `msgstr` keyword of the entry `edit` changed."""
    lines = catalog_path(settings, code).read_text(encoding="utf-8").splitlines()
    start = next(n for n, line in enumerate(lines, start=1)
                 if line.startswith("msgctxt") and f'"{entry.msgctxt}"' in line
                 and entry.msgid[:30] in "".join(lines[n:n + 3]).replace('"\n"', "").replace('""', ""))
    return next(n for n, line in enumerate(lines[start - 1:], start=start) if line.startswith("msgstr"))


def errors_at(settings, code, entry) -> set[str]:
    """The checks that report an error, each asserted to be at the entry's msgstr line."""
    report = dmvpub.check(settings, [code])
    line = msgstr_line(settings, code, entry)
    for finding in report.errors():
        assert (finding.path, finding.line) == (f"locales/{code}/LC_MESSAGES/messages.po", line), str(finding)
    return {finding.check for finding in report.errors()}


# --- checks on what the reader sees: bidi controls and numbers in display order ----------------------------

@pytest.mark.parametrize("code, where, change, expected", [
    # the issue's: U+202E...U+202C around "18" printed "81 meses"; around the statute, "181.203"
    ("es", RETENTION, lambda s: s.replace("18 meses", f"{RLO}18{PDF} meses"), {"bidi", "numbers"}),
    ("es", STATUTE, lambda s: s.replace("302.181", f"{RLO}302.181{PDF}"), {"bidi", "numbers"}),
    # invented: a right-to-left mark (allowed elsewhere) between two digits reverses them in Arabic
    ("ar", RETENTION, lambda s: s.replace("18 ", f"1{RLM}8 "), {"invisible", "numbers"}),
    # invented: an override that starts inside the number
    ("fr", RETENTION, lambda s: s.replace("18 mois", f"1{RLO}8 mois{PDF}"), {"bidi", "numbers", "invisible"}),
])
def test_reordered_numbers_are_a_numbers_error_as_the_page_shows_them(project, code, where, change, expected):
    entry = edit(project, code, *where, change)
    assert errors_at(project, code, entry) == expected
    numbers = next(f for f in dmvpub.check(project, [code]).errors() if f.check == "numbers")
    assert "as printed" in numbers.message


def test_the_statute_reversed_is_named_as_printed(project):
    edit(project, "es", *STATUTE, lambda s: s.replace("302.181", f"{RLO}302.181{PDF}"))
    numbers = next(f for f in dmvpub.check(project, ["es"]).errors() if f.check == "numbers")
    assert "181.203" in numbers.message and displayed(f"{RLO}302.181{PDF}") == "181.203"


def test_a_bidi_control_needs_ignore_bidi_and_a_reason_and_must_be_closed(project):
    wrap = lambda s: s.replace("ICE", f"{LRI}ICE{PDI}", 1)  # noqa: E731 -- an isolate that reorders nothing
    entry = edit(project, "ar", *PURPOSE, wrap)
    assert errors_at(project, "ar", entry) == {"bidi"}
    entry = edit(project, "ar", *PURPOSE, lambda s: s, flags=["ignore-bidi"])
    report = dmvpub.check(project, ["ar"])
    assert [f.check for f in report.errors()] == ["bidi"] and "no translator comment" in report.errors()[0].message
    catalog = polib.pofile(str(catalog_path(project, "ar")))
    found = next(e for e in catalog if e.msgctxt == "purpose" and e.msgid.startswith("In Missouri"))
    found.tcomment = "ICE is an English acronym: kept left to right inside the Arabic sentence"
    catalog.save()
    assert dmvpub.check(project, ["ar"]).errors() == []
    edit(project, "ar", *PURPOSE, lambda s: s.replace(PDI, "", 1))  # opened, never closed
    assert [f.message for f in dmvpub.check(project, ["ar"]).errors()] == [
        "U+2066 LEFT-TO-RIGHT ISOLATE is never closed (with U+202C or U+2069)"]


def test_marks_of_direction_between_words_stay_allowed(project):
    entry = edit(project, "ar", *PURPOSE, lambda s: s.replace(" ICE ", f" ICE{RLM} ", 1))
    assert errors_at(project, "ar", entry) == set()


# --- nothing added: numbers, web and e-mail addresses, domain names ----------------------------------------

def test_the_issue_s_added_hotline_address_and_e_mail_are_errors(project):
    added = (f" Llame al 1-800-555-0100, visite https://ayuda-ice.exa{WJ}mple/ o escriba a "
             f"ayuda{WJ}@ayuda-ice.example.")
    entry = edit(project, "es", *PURPOSE, lambda s: s + added)
    assert errors_at(project, "es", entry) == {"numbers", "urls", "emails", "invisible"}
    messages = {f.check: f.message for f in dmvpub.check(project, ["es"]).errors()}
    assert "1-800-555-0100" in messages["numbers"]
    assert "https://ayuda-ice.example/" in messages["urls"] and "ayuda@ayuda-ice.example" in messages["emails"]
    assert "U+2060 WORD JOINER" in messages["invisible"]


@pytest.mark.parametrize("code, change, expected", [
    ("es", lambda s: s + " Más información: ice-ayuda.org.", {"urls"}),  # a bare domain name
    ("vi", lambda s: s + " Gọi (573) 751-4600.", {"numbers"}),  # a phone number, spaced and bracketed
    ("ar", lambda s: s + " اتصل على ١-٨٠٠-٥٥٥-٠١٠٠.", {"numbers"}),  # in Arabic-Indic digits
    ("fr", lambda s: s + " Écrivez à aide@ice-aide.fr.", {"emails"}),
    ("so", lambda s: s + " www.ice-caawimo.com", {"urls"}),
    ("es", lambda s: s.replace("Missouri", f"Misso{ZWSP}uri", 1), {"invisible"}),  # hidden inside a word
])
def test_whatever_the_english_does_not_have_is_an_error(project, code, change, expected):
    entry = edit(project, code, *PURPOSE, change)
    assert errors_at(project, code, entry) == expected


def test_a_hidden_character_inside_a_number_is_reported_even_where_the_digits_match(project):
    entry = edit(project, "es", *STATUTE, lambda s: s.replace("302.181", f"302{WJ}.181"))
    assert errors_at(project, "es", entry) == {"invisible"}


@pytest.mark.parametrize("code, where, change", [
    ("fa_AF", STATUTE, lambda s: s.replace("302.181", "۳۰۲٫۱۸۱")),  # Persian digits and decimal mark
    ("ne", ("is-it-legal", "Yes,"), lambda s: s.replace("2005", "२००५")),
    ("ps", RETENTION, lambda s: s.replace("18", "۱۸")),
    # not "302,181" in Spanish: in ASCII a number is kept as the English has it (test_translator_files.py)
    ("fa_AF", PURPOSE, lambda s: s),  # joiners inside Persian words are part of the spelling
])
def test_native_digits_separators_and_joiners_are_legitimate(project, code, where, change):
    entry = edit(project, code, *where, change)
    assert errors_at(project, code, entry) == set()


# --- nothing blank ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("blank", [
    f"{WJ}.",  # the issue's: a word joiner and a full stop
    "\u3164",  # the issue's: a Hangul filler
    "\u115f\u1160 \uffa0",  # more fillers
    "\U0001bca0\u2800 …",  # a shorthand format control and the blank Braille pattern
    "\u00a0 ¿? \u200b\u200d",  # punctuation, spaces and zero-width characters only
])
def test_a_blank_translation_is_untranslated_everywhere(project, blank):
    entry = edit(project, "es", *FIRST_ANSWER, lambda s: blank)
    assert errors_at(project, "es", entry) == {"blank"}
    catalog = polib.pofile(str(catalog_path(project, "es")))
    assert not is_translated(next(e for e in catalog if e.msgctxt == entry.msgctxt and e.msgid == entry.msgid))
    row = next(row for row in dmvpub.status(project).rows if row.locale == "es")
    assert row.untranslated == 1 and row.questions_covered == row.questions_total - 1
    assert any("untranslated" in reason for reason in _release_reasons(project, "es"))
    with pytest.raises(DmvpubError) as raised:  # the build refuses the locale, naming the line
        dmvpub.localized(project, "es")
    assert raised.value.line == msgstr_line(project, "es", entry) and raised.value.message.startswith("blank:")


def _release_reasons(settings, code):
    from dmvpub.pipeline.release import release_reasons
    return release_reasons(settings, dmvpub.load_document(settings), code)


def test_a_blank_message_prints_the_english_not_nothing(project):
    """Where printing is asked for all the same (a translator's preview), the blank answer is the English."""
    edit(project, "es", *FIRST_ANSWER, lambda s: "\u3164")
    from dmvpub.pipeline.localized import localized_document
    doc = localized_document(project, dmvpub.load_document(project), "es", preview=True)
    answer = doc.questions[0].answer[0].text
    assert answer.fallback and answer.text.startswith("The Missouri Department of Revenue")


@pytest.mark.parametrize("filler", ["\u115f", "\u1160", "\u3164", "\uffa0", "\U0001bca0", "\U0001bca3", "\u2800"])
def test_fillers_are_never_drawable_even_where_a_font_maps_them(filler):
    assert undrawable(f"a{filler}b", LATIN) == [filler]
    assert undrawable(f"가{filler}나", KOREAN + LATIN) == [filler]  # Kurinto Sans KR maps U+3164 to a blank


def test_a_character_its_font_draws_as_nothing_is_undrawable():
    # Kurinto Sans (Devanagari, Ethiopic, Persian) maps the Braille patterns U+28FC-U+28FF to empty glyphs
    assert undrawable("क\u28fc", KURINTO + LATIN) == ["\u28fc"]
    assert undrawable("क\u28fb", KURINTO + LATIN) == []


def test_shaping_hides_the_other_default_ignorables():
    assert undrawable("a\u200cb\u200dc\u200bd\u2060e\u200e\u200f\ufeff\u00ad", LATIN) == []


def test_a_filler_inside_a_translated_message_is_a_glyphs_error(project):
    entry = edit(project, "ko", *PURPOSE, lambda s: s.replace(" ", " \u3164", 1))
    assert errors_at(project, "ko", entry) == {"glyphs"}


def test_the_default_ignorables_are_unicode_s():
    import icu
    ranges = icu.UnicodeSet("[:Default_Ignorable_Code_Point:]").ranges()
    assert DEFAULT_IGNORABLE == {code for start, end in ranges for code in range(ord(start), ord(end) + 1)}
    assert is_blank(f"{WJ}.", "Yes.") and not is_blank("Sí.", "Yes.") and not is_blank("—", "—")


# --- shaping: dotted circles, missing glyphs, Zawgyi ---------------------------------------------------------

def _zawgyi(text: str) -> str:
    import icu
    return icu.Transliterator.createInstance("my-Zawgyi").transliterate(text)


def test_burmese_typed_in_zawgyi_is_named_with_how_to_convert_it(project):
    entry = edit(project, "my", *RETENTION, _zawgyi)
    # Zawgyi also writes some letters with Shan digits (U+1094 for a dot below): numbers, as Unicode shows them
    assert errors_at(project, "my", entry) == {"zawgyi", "shaping", "numbers"}
    message = next(f.message for f in dmvpub.check(project, ["my"]).errors() if f.check == "zawgyi")
    assert "Zawgyi-my" in message and "Unicode" in message


def test_a_nepali_vowel_sign_typed_before_its_consonant_prints_a_dotted_circle(project):
    entry = edit(project, "ne", *RETENTION, VOWEL_FIRST)
    assert errors_at(project, "ne", entry) == {"shaping"}
    message = next(f.message for f in dmvpub.check(project, ["ne"]).errors())
    assert "dotted circle" in message and "U+093F" in message


@pytest.mark.parametrize("code, broken", [
    ("my", lambda s: s.replace("။", " \u102dက\u102f။", 1)),  # invented: Burmese vowel signs typed in visual order
    ("ne", lambda s: s.replace("।", " \u094dह।", 1)),  # invented: a virama with nothing before it
    ("my", lambda s: s.replace("။", " \u103a။", 1)),  # invented: an asat alone
])
def test_other_unshapeable_text_is_a_shaping_error(project, code, broken):
    entry = edit(project, code, *PURPOSE, broken)
    assert "shaping" in errors_at(project, code, entry)


def test_the_committed_translations_shape_cleanly():
    from conftest import ROOT
    for path in sorted((ROOT / "locales").glob("*/LC_MESSAGES/messages.po")):
        code = path.parent.parent.name
        faces = locale_fonts(code, polib.pofile(str(path)).metadata)
        for entry in polib.pofile(str(path)):
            assert shaping_problems(entry.msgstr, faces, code) == [], (code, entry.msgid[:40])
    assert shaping_problems("\u1031\u1000", MYANMAR)  # a sanity check that shaping can fail at all


# --- headers cannot relabel a known language ---------------------------------------------------------------

def _set_headers(settings, code, **headers):
    catalog = polib.pofile(str(catalog_path(settings, code)))
    catalog.metadata.update(headers)
    catalog.save()
    lines = catalog_path(settings, code).read_text(encoding="utf-8").splitlines()
    return {key: next(n for n, line in enumerate(lines, 1) if line.startswith(f'"{key}:')) for key in headers}


def test_the_issue_s_rtl_english_spanish_catalog_is_refused_and_the_rest_builds(project):
    assert not dmvpub.build(project, ["es", "vi"], ["flyer"]).failed
    flyer = project.dist / artifact_name(project, "es", "flyer")
    good = flyer.read_bytes()
    lines = _set_headers(project, "es", **{"X-Language-Direction": "rtl", "X-Language-Name": "English"})
    errors = dmvpub.check(project, ["es"]).errors()
    assert sorted((f.check, f.line) for f in errors) == sorted(
        [("header", lines["X-Language-Direction"]), ("header", lines["X-Language-Name"])])
    assert any("another language (en)" in f.message for f in errors)
    language = describe("es", polib.pofile(str(catalog_path(project, "es"))).metadata)
    assert (language.name, language.direction) == ("Español", "ltr"), "CLDR wins over the header"

    result = dmvpub.build(project, ["es", "vi"], ["flyer"], force=True)
    assert [(e.path.relative_to(project.root).as_posix(), e.line) for e in result.failed] == [
        ("locales/es/LC_MESSAGES/messages.po", lines["X-Language-Direction"])]
    assert [a.locale for a in result.artifacts] == ["vi"] and flyer.read_bytes() == good
    page = (project.dist / "index.html").read_text(encoding="utf-8")
    names = re.findall(r'<h2 id="lang-[^"]+"[^>]*>([^<]*)</h2>', page)
    assert names.count("English") == 1 and "Español" in names, names


@pytest.mark.parametrize("code, headers, expected", [
    ("es", {"X-Language-Script": "Arab"}, [("header", ERROR)]),
    ("fa_AF", {"X-Language-Name": "پښتو"}, [("header", ERROR)]),  # Pashto's own name for the Dari catalog
    ("es", {"X-Language-Name": "Deutsch"}, [("header", ERROR)]),
    ("es", {"X-Language-Name": "Español de América"}, [("header", WARNING)]),  # its own script: a rename
    ("ar", {"X-Language-Direction": "rtl", "X-Language-Name": "العربية"}, []),  # as CLDR says
])
def test_headers_that_contradict_cldr(project, code, headers, expected):
    lines = _set_headers(project, code, **headers)
    findings = [f for f in dmvpub.check(project, [code]).findings if f.check == "header"]
    assert [(f.check, f.severity) for f in findings] == expected
    assert all(f.line in lines.values() for f in findings)


def test_a_language_babel_does_not_know_may_not_call_itself_english(project):
    dmvpub.init(project, "ksw", name="English", script="Latn", direction="ltr")
    errors = dmvpub.check(project, ["ksw"]).errors()
    assert any(f.check == "header" and "another language (en)" in f.message for f in errors)


# --- addresses are what they say -----------------------------------------------------------------------------

@pytest.mark.parametrize("link, shown", [
    ("[https://dor.mo.gov/privacy/](https://evil.example/)", "https://dor.mo.gov/privacy/"),  # the issue's
    ("[dor.mo.gov](https://dor-mo-gov.example/)", "dor.mo.gov"),
    ("[help@dor.mo.gov](mailto:help@evil.example)", "help@dor.mo.gov"),
    ("[www.dor.mo.gov](https://www.dor.mo.gov.evil.example/)", "www.dor.mo.gov"),
])
def test_a_link_showing_one_address_and_leading_to_another_is_a_source_error(link, shown):
    source = FRONT + f"\n## Where can I read more? {{#more}}\n\nThe first line.\nRead {link} today.\n"
    with pytest.raises(DmvpubError) as raised:
        parse_document(source, "source/questions.md")
    assert raised.value.line == FRONT.count("\n") + 5
    assert f"shows the" in raised.value.message and shown in raised.value.message


def test_links_whose_text_is_their_address_or_prose_are_fine():
    source = FRONT + ("\n## Where? {#more}\n\nSee <https://dor.mo.gov/privacy/>, [dor.mo.gov](https://dor.mo.gov/), "
                      "[the DOR](https://dor.mo.gov/) and [help@dor.mo.gov](mailto:help@dor.mo.gov).\n")
    assert parse_document(source, "source/questions.md").questions


def test_a_translated_link_text_showing_another_address_is_an_error(project):
    source = project.source.read_text(encoding="utf-8")
    project.source.write_text(source.replace("Section 302.181 RSMo", "[Section 302.181 RSMo](https://revisor.mo.gov/)",
                                             1), encoding="utf-8")
    dmvpub.extract(project)
    dmvpub.update(project)
    catalog = polib.pofile(str(catalog_path(project, "es")))
    entry = next(e for e in catalog if e.msgctxt == STATUTE[0] and e.msgid.startswith(STATUTE[1]))
    entry.msgstr = entry.msgstr.replace("Sección 302.181 RSMo",
                                        "[https://revisor-mo.example/](https://revisor.mo.gov/)")
    entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
    catalog.save()
    errors = dmvpub.check(project, ["es"]).errors()
    assert "links" in {f.check for f in errors}, [str(f) for f in errors]
    assert any("https://revisor-mo.example/" in f.message for f in errors if f.check == "links")


@pytest.mark.parametrize("url, message", [
    ("https://dor.mo.gov@evil.example/", "must not hold a user name before the host (dor.mo.gov@)"),  # the issue's
    ("https://dor.mo.g\u043ev/", "is not plain ASCII"),  # a Cyrillic о: a look-alike host
    ("https://xn--dr-mo-gov-ilb.example/", "is an internationalized name that browsers show as"),
    ("https://example.org/\u202e/fdp.txe", "U+202E RIGHT-TO-LEFT OVERRIDE"),  # the issue's
    ("https://exa\u200bmple.org/", "U+200B ZERO WIDTH SPACE"),
])
def test_the_url_setting_must_read_as_what_it_is(project, url, message):
    pyproject = project.root / "pyproject.toml"
    text = re.sub(r"^url = .*$", "", pyproject.read_text(encoding="utf-8"), flags=re.M)
    pyproject.write_text(text.rstrip() + "\n" + f'url = "{url}"' + "\n", encoding="utf-8")
    with pytest.raises(DmvpubError) as raised:
        load_settings(project.root)
    line = len(pyproject.read_text(encoding="utf-8").splitlines())
    assert str(raised.value).startswith(f"{os.path.relpath(pyproject)}:{line}: [tool.dmvpub] url: ")
    assert message in str(raised.value)
    run = subprocess.run([sys.executable, "-m", "dmvpub.cli", "check"], cwd=project.root, capture_output=True,
                         text=True, timeout=600)
    assert run.returncode == 1 and "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1


# --- the build refuses each damaged locale; the others build, last good PDFs stay -----------------------------

def test_each_class_stops_only_its_locale_and_keeps_its_last_good_pdfs(project):
    codes = ["es", "fr", "ko", "ne", "my", "vi"]
    assert not dmvpub.build(project, codes, ["flyer"]).failed
    flyers = {code: project.dist / artifact_name(project, code, "flyer") for code in codes}
    good = {code: path.read_bytes() for code, path in flyers.items()}
    damaged = {
        "es": edit(project, "es", *RETENTION, lambda s: s.replace("18 meses", f"{RLO}18{PDF} meses")),
        "fr": edit(project, "fr", *PURPOSE, lambda s: s + " Appelez le 1-800-555-0100."),
        "ko": edit(project, "ko", *FIRST_ANSWER, lambda s: "\u3164"),
        "ne": edit(project, "ne", *RETENTION, VOWEL_FIRST),
        "my": edit(project, "my", *RETENTION, _zawgyi),
    }
    result = dmvpub.build(project, codes, ["flyer"], force=True)
    failed = {e.path.relative_to(project.root).as_posix(): e for e in result.failed}
    assert set(failed) == {f"locales/{code}/LC_MESSAGES/messages.po" for code in damaged}
    for code, entry in damaged.items():
        error = failed[f"locales/{code}/LC_MESSAGES/messages.po"]
        assert error.line == msgstr_line(project, code, entry), str(error)
    assert [a.locale for a in result.artifacts] == ["vi"]
    assert all(flyers[code].read_bytes() == good[code] for code in damaged)


# --- properties ----------------------------------------------------------------------------------------------

from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402

from dmvpub.text.shown import shown_differences  # noqa: E402

PIECES = st.sampled_from(["18", "302.181", "https://dor.mo.gov/", "help@dor.mo.gov", "dor.mo.gov", " ", ".",
                          "مرحبا", "נתונים", RLO, PDF, LRI, PDI, RLM, WJ, ZWSP, "\u3164", "(", ")", "-", "1-800"])


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=20))
def test_a_left_to_right_text_shows_nothing_new_compared_with_itself(parts):
    text = "".join(parts)
    found = {check for check, _ in shown_differences(text, text, "es", "ltr")}
    assert not found & {"numbers", "urls", "emails"}  # whatever it holds, it shows what it shows


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60), st.sampled_from(["ltr", "rtl"]))
def test_comparing_any_two_texts_never_fails(source, target, direction):
    for check, message in shown_differences(source, target, "ar", direction):
        assert check in {"numbers", "urls", "emails", "invisible"} and message


@pytest.mark.parametrize("hidden, says", [
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE, which readers do not see and which reorders"),
    ("\u2067", "U+2067 RIGHT-TO-LEFT ISOLATE"),
    ("\u2063", "U+2063 INVISIBLE SEPARATOR, which readers do not see; delete it"),
    ("\u200b", "U+200B ZERO WIDTH SPACE"),
    ("\u3164", "U+3164 HANGUL FILLER"),
])
def test_the_english_holds_no_character_that_hides_or_reorders_text(hidden, says):
    source = FRONT + "## Q? {#q}\n\nData are kept for 18 months.\n\nKept for 1" + hidden + "8 months.\n"
    with pytest.raises(DmvpubError) as error:
        parse_document(source, "source/questions.md")
    assert str(error.value).startswith(f"source/questions.md:{FRONT.count(chr(10)) + 5}: holds {says}")


def test_the_english_may_keep_words_together_and_hint_hyphens():
    source = FRONT + "## Q? {#q}\n\nREAL\u00a0ID, Miss\u00adouri, DMV\u2060s, mi\u200cxed.\n"
    assert parse_document(source, "source/questions.md").questions[0].id == "q"
