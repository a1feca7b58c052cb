"""Hostile input and faults: escaped translations, no network, no traceback, nothing outside the project."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polib
import pytest

from dmvpub.pipeline import tasks as tasks_module
from dmvpub import commands as dmvpub
from dmvpub.pipeline.distfiles import LOCK, MANIFEST, STATE, artifact_name
from dmvpub.po import catalog_path
from dmvpub.po.store import MAX_CATALOG_BYTES
from dmvpub.core.errors import DmvpubError
from dmvpub.core.settings import load_settings
from dmvpub.source.parse import parse_document

from conftest import FRONT
from helpers.pdf import booklet_text
from helpers.text import flat

CATALOG = "locales/es/LC_MESSAGES/messages.po"


def set_template_string(settings, code, msgid, msgstr, flags=()):
    path = catalog_path(settings, code)
    catalog = polib.pofile(str(path))
    entry = catalog.find(msgid)
    entry.msgstr = msgstr
    entry.flags.extend(flags)
    catalog.save()


def cli(settings, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dmvpub.cli", *args], cwd=settings.root, capture_output=True,
                          text=True, timeout=600)


# --- translations are text, everywhere -------------------------------------------------------------------

SCRIPT = '<script>alert(document.cookie)</script><img src=x onerror="alert(1)">'


def test_markup_in_a_template_string_is_a_check_error_with_file_and_line(project):
    set_template_string(project, "es", "All languages", SCRIPT)
    errors = dmvpub.check(project, ["es"]).errors()
    # alert(1): a number the English does not have, an error of its own (issue #21)
    assert sorted((f.check, f.path) for f in errors) == [("markup", CATALOG), ("numbers", CATALOG)]
    errors = [f for f in errors if f.check == "markup"]
    lines = catalog_path(project, "es").read_text(encoding="utf-8").splitlines()
    assert lines[errors[0].line - 1].startswith("msgstr") and "<script>" in lines[errors[0].line - 1]


def test_template_strings_are_escaped_in_the_web_edition_and_the_pdfs(project):
    set_template_string(project, "es", "All languages", SCRIPT, flags=["ignore-markup", "ignore-numbers"])
    set_template_string(project, "es", "Contents", "<style>@import url(http://127.0.0.1:9/x.css);</style>Índice",
                        flags=["ignore-markup", "ignore-urls", "ignore-numbers"])
    result = dmvpub.build(project, ["es"], ["booklet", "web"])
    assert not result.failed, [str(e) for e in result.failed]
    page = (project.dist / "es" / "index.html").read_text(encoding="utf-8")
    assert "<script>" not in page and "<img src=x" not in page and "<style>@import" not in page
    assert "&lt;script&gt;" in page and "&lt;style&gt;@import" in page
    assert flat("<style>@import url(http://127.0.0.1:9/x.css);</style>Índice") in booklet_text(project, "es")


@pytest.mark.parametrize("msgstr, printed", [
    ("Contenido %", "Contenido %"),
    ("{% include 'booklet.html' %} 100% %s %d %(date)s", "{% include 'booklet.html' %} 100% %s %d %(date)s"),
])
def test_a_percent_in_a_template_string_is_printed_not_a_crash(project, msgstr, printed):
    set_template_string(project, "es", "Contents", msgstr, flags=["ignore-markup", "ignore-printf", "ignore-numbers"])
    result = dmvpub.build(project, ["es"], ["booklet"])
    assert not result.failed, [str(e) for e in result.failed]
    assert flat(printed) in booklet_text(project, "es")


def test_the_date_placeholder_still_works_beside_a_literal_percent(project):
    set_template_string(project, "es", "Current as of %(date)s", "100% vigente al %(date)s", flags=["ignore-numbers"])
    doc = dmvpub.localized(project, "es")
    from dmvpub.render.renderer import Renderer
    html = Renderer(project.templates, project.url).html("booklet.html", doc, notes_pages=0, english=None,
                                                         english_name="")
    assert f"100% vigente al {doc.edition.as_of}" in html


def test_a_plural_rule_that_divides_by_zero_is_a_finding_not_a_crash(project):
    path = catalog_path(project, "es")
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'"Plural-Forms: [^"]*"\n("[^"]*\\n"\n)?', lambda _: '"Plural-Forms: nplurals=2; plural=n/0;\\n"\n', text)
    path.write_text(text, encoding="utf-8")
    report = dmvpub.check(project, ["es"])
    assert [(f.check, f.path) for f in report.findings if f.check == "header"] == [("header", CATALOG)]
    run = cli(project, "build", "--locale", "es", "--kind", "flyer")
    assert "Traceback" not in run.stderr


# --- no network ------------------------------------------------------------------------------------------

def test_a_build_makes_no_network_request(project):
    """strace sees every process, workers and native code included (onnxruntime's telemetry lookup was
    made from C++, where no Python-level guard would have seen it)."""
    strace = shutil.which("strace")
    assert strace, "make test installs strace for this test"
    log = project.root / "strace.log"
    run = subprocess.run([strace, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
                          sys.executable, "-m", "dmvpub.cli", "build", "--locale", "en", "--locale", "ar",
                          "--jobs", "2"], cwd=project.root, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    assert (project.dist / artifact_name(project, "ar", "booklet-imposed")).is_file()
    calls = [line for line in log.read_text().splitlines() if "AF_INET" in line]
    outside = [line for line in calls
               if not re.search(r'inet_addr\("127\.|inet_pton\(AF_INET6, "::1"', line) or "htons(53)" in line]
    assert outside == []


def test_nothing_imports_pymupdf_or_onnxruntime(project):
    run = subprocess.run([sys.executable, "-c", "import sys, dmvpub.pipeline.build, dmvpub.render.impose, dmvpub.render.renderer, dmvpub.checks.runner, "
                          "dmvpub.pipeline.site; print(sorted(m for m in sys.modules if m.split('.')[0] in "
                          "('fitz', 'pymupdf', 'onnxruntime', 'pdfimpose')))"],
                         capture_output=True, text=True, cwd=project.root)
    assert run.stdout.strip() == "[]", run.stderr


# --- killed builds, locks, corruption, faults ------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_killing_the_build_kills_its_workers_and_frees_the_lock(project):
    process = subprocess.Popen([sys.executable, "-m", "dmvpub.cli", "build", "--jobs", "2",
                                "--locale", "es", "--locale", "vi"], cwd=project.root,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = _children(process.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the build started its workers"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)], "workers died with their parent"
    result = dmvpub.build(project, ["es"], ["flyer"])
    assert not result.failed, [str(e) for e in result.failed]


def test_a_lock_whose_holder_is_gone_is_taken_over(project):
    lock = project.dist / LOCK
    lock.parent.mkdir(parents=True)
    gone = subprocess.Popen(["true"])
    gone.wait()
    # an orphan still holds the lock while the pid in the file is gone
    holder = subprocess.Popen([sys.executable, "-c", f"import fcntl, time; f = open({str(lock)!r}, 'a+'); "
                               f"fcntl.flock(f, fcntl.LOCK_EX); f.truncate(0); f.write('{gone.pid}'); f.flush(); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        result = dmvpub.build(project, ["en"], ["flyer"])
        assert not result.failed, [str(e) for e in result.failed]
    finally:
        holder.kill()


def test_a_live_holder_is_named_and_refused(project):
    lock = project.dist / LOCK
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", f"import fcntl, os, time; f = open({str(lock)!r}, 'a+'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); f.truncate(0); f.write(str(os.getpid())); f.flush(); "
                               "print('held', flush=True); time.sleep(60)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(DmvpubError, match=f"process {holder.pid}"):
            dmvpub.build(project, ["en"], ["flyer"])
    finally:
        holder.kill()


def manifest_matches_disk(settings):
    import hashlib
    manifest = json.loads((settings.dist / MANIFEST).read_text(encoding="utf-8"))["artifacts"]
    state = json.loads((settings.dist / STATE).read_text(encoding="utf-8"))
    on_disk = {path.relative_to(settings.dist).as_posix() for path in settings.dist.glob("*/*")
               if path.is_file() and not path.parent.name.startswith(".")}
    assert {entry["path"] for entry in manifest} == on_disk
    assert set(state) == on_disk
    for entry in manifest:
        data = (settings.dist / entry["path"]).read_bytes()
        assert (hashlib.sha256(data).hexdigest(), len(data)) == (entry["sha256"], entry["bytes"]), entry["path"]
        assert state[entry["path"]]["artifact"] == entry


def test_a_flipped_byte_of_the_same_size_is_rebuilt(project):
    assert not dmvpub.build(project, ["es"], ["flyer"]).failed
    path = project.dist / artifact_name(project, "es", "flyer")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    result = dmvpub.build(project, ["es"], ["flyer"])
    assert [(o.artifact.kind, o.built) for o in result.outcomes] == [("flyer", True)]
    manifest_matches_disk(project)


def test_a_full_disk_mid_build_is_one_line_and_the_manifest_matches_the_disk(project, monkeypatch):
    assert not dmvpub.build(project, ["en", "es"], ["flyer", "flyer-thumbnail", "web"], jobs=1).failed
    written = []
    real = tasks_module.write_atomically

    def full_after_two(path, data):
        if len(written) >= 2 and path.suffix in (".pdf", ".png", ".html") and path.parent.name == "es":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        written.append(path)
        real(path, data)
    monkeypatch.setattr(tasks_module, "write_atomically", full_after_two)
    source = project.source.read_text(encoding="utf-8")
    project.source.write_text(source.replace("2026-11-24", "2026-11-25"), encoding="utf-8")
    es_before = {p.name: p.read_bytes() for p in (project.dist / "es").iterdir()}
    result = dmvpub.build(project, ["en", "es"], ["flyer", "flyer-thumbnail", "web"], jobs=1)
    assert [e.message for e in result.failed] == ["cannot write: No space left on device"]
    assert "\n" not in str(result.failed[0])
    # the error names the file of dist/ that could not be written, not the translator's catalog
    assert result.failed[0].path.relative_to(project.dist).parts[0] == "es"
    # Spanish is wholly from the last good build, none of it new; the page says so
    assert {p.name: p.read_bytes() for p in (project.dist / "es").iterdir()} == es_before
    page = (project.dist / "index.html").read_text(encoding="utf-8")
    assert "Not built in the latest build: dist/es/" in page and "No space left on device" in page
    assert page.count("from an earlier build (") == 2, "the web edition and the flyer (its thumbnail, a cover)"
    monkeypatch.setattr(tasks_module, "write_atomically", real)
    manifest_matches_disk(project)
    again = dmvpub.build(project, ["en", "es"], ["flyer", "flyer-thumbnail", "web"], jobs=1)
    assert not again.failed and {o.artifact.locale for o in again.outcomes if o.built} == {"es"}
    manifest_matches_disk(project)


def test_a_bug_in_a_worker_is_one_line_and_the_other_locales_build(project, monkeypatch):
    real = tasks_module.localized_document

    def broken(settings, document, code):
        if code == "es":
            raise KeyError("a bug")
        return real(settings, document, code)
    monkeypatch.setattr(tasks_module, "localized_document", broken)
    result = dmvpub.build(project, ["en", "es"], ["flyer"], jobs=1)
    assert [e.message.split(" (")[0] for e in result.failed] == ["internal error"]
    assert {o.artifact.locale for o in result.outcomes} == {"en"}
    manifest_matches_disk(project)


# --- nothing outside the project ------------------------------------------------------------------------

@pytest.mark.parametrize("setting, message", [
    ('dist = "../.."', "dist: '../..' leads outside the project folder"),
    ('dist = "/tmp/dmvpub-dist"', "dist: must be a path relative to the project folder"),
    ('dist = "."', "dist: '.' leads outside the project folder (or is the folder itself)"),
    ('dist = "source"', "dist: must not contain the source"),
    ('templates = "../templates"', "templates: '../templates' leads outside the project folder"),
    ('source = "/etc/passwd"', "source: must be a path relative to the project folder"),
    ('locales = "../../locales"', "locales: '../../locales' leads outside"),
    ('name = "../../x"', "name: must be a plain file-name stem"),
    ('name = "a/b"', "name: must be a plain file-name stem"),
    ('url = "javascript:alert(1)"', "url: must be an https:// (or http://) web address"),
    ('url = "file:///etc/passwd"', "url: must be an https:// (or http://) web address"),
    ('page-size = "tabloid"', "page-size: must be one of half-letter, a5"),
    ('questions = true', "questions: must be a positive whole number"),
])
def test_settings_that_leave_the_project_are_refused_with_their_line(project, setting, message):
    pyproject = project.root / "pyproject.toml"
    key = setting.split(" =")[0]
    text = re.sub(rf"^{re.escape(key)} = .*$", "", pyproject.read_text(encoding="utf-8"), flags=re.M)
    pyproject.write_text(text.rstrip() + "\n" + setting + "\n", encoding="utf-8")
    with pytest.raises(DmvpubError) as raised:
        load_settings(project.root)
    line = len(pyproject.read_text(encoding="utf-8").splitlines())
    assert str(raised.value).startswith(f"{os.path.relpath(pyproject)}:{line}: [tool.dmvpub] {message}")
    run = cli(project, "build")
    assert run.returncode == 1 and "Traceback" not in run.stderr and len(run.stderr.splitlines()) == 1


def test_a_catalog_linked_to_a_file_outside_is_refused_and_never_echoed(project, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOKEN-1234 do not print\n", encoding="utf-8")
    path = catalog_path(project, "es")
    path.unlink()
    path.symlink_to(secret)
    for args in (("check",), ("check", "--locale", "es"), ("build", "--kind", "flyer"),
                 ("build", "--locale", "es"), ("status",), ("update",)):
        run = cli(project, *args)
        assert "TOKEN" not in run.stdout + run.stderr, args
        assert "Traceback" not in run.stderr, args
        assert "outside the project folder" in run.stderr + run.stdout, args
    assert (project.dist / artifact_name(project, "vi", "flyer")).is_file(), "the other locales built"
    assert secret.read_text(encoding="utf-8") == "TOKEN-1234 do not print\n"


@pytest.mark.parametrize("code, message", [
    ("../evil", "'../evil' is not a locale code"),
    ("es-ES", "there is no catalog for 'es_ES' in locales/"),
])
def test_a_bad_locale_on_the_command_line_is_one_clean_line(project, code, message):
    for command in ("build", "check"):
        run = cli(project, command, "--locale", code)
        assert run.returncode == 1 and "Traceback" not in run.stderr
        assert run.stderr.strip().startswith("dmvpub: ") and message in run.stderr


# --- denial of service -----------------------------------------------------------------------------------

def test_yaml_aliases_in_the_front_matter_are_refused_at_once():
    laughs = "\n".join(['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
        f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)])
    text = FRONT.replace("review:", laughs + "\nreview:", 1) + "## Q? {#q}\n\nA.\n"
    started = time.monotonic()
    with pytest.raises(DmvpubError, match=r"questions.md:6: front matter uses a YAML anchor or alias"):
        parse_document(text, "source/questions.md")
    assert time.monotonic() - started < 5


def test_an_oversized_front_matter_or_paragraph_is_refused_with_its_line():
    long_front = FRONT.replace("notice: Not legal advice.", "notice: " + "x " * 40_000)
    with pytest.raises(DmvpubError, match=r":2: front matter is longer than"):
        parse_document(long_front + "## Q? {#q}\n\nA.\n", "source/questions.md")
    with pytest.raises(DmvpubError, match=r":13: a paragraph longer than 5,000 characters"):
        parse_document(FRONT + "## Q? {#q}\n\nFine.\n\n" + "w" * 60_000 + "\n", "source/questions.md")


def test_an_oversized_catalog_or_message_fails_fast_with_file_and_line(project):
    path = catalog_path(project, "es")
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "\n" + "# a comment that goes on and on\n" * (MAX_CATALOG_BYTES // 32 + 10),
                    encoding="utf-8")
    started = time.monotonic()
    report = dmvpub.check(project, ["es"])
    assert time.monotonic() - started < 10
    assert re.match(rf"^{CATALOG}: syntax: catalog is 2\.\d MiB; dmvpub reads catalogs up to 2 MiB",
                    str(report.findings[0]))
    path.write_text(original, encoding="utf-8")
    set_template_string(project, "es", "Contents", "Í" + "n" * 60_000)
    report = dmvpub.check(project, ["es"])
    assert re.match(rf"^{CATALOG}:\d+: syntax: a message longer than 10,000 characters", str(report.findings[0]))


# --- encodings -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encode, named", [
    (lambda text: text.encode("utf-16"), "UTF-16 (little-endian)"),
    (lambda text: text.encode("utf-16-be"), "UTF-16"),
    (lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), "UTF-8 with a byte-order mark"),
])
def test_a_catalog_in_utf16_or_with_a_bom_says_which_encoding(project, encode, named):
    path = catalog_path(project, "es")
    path.write_bytes(encode(path.read_text(encoding="utf-8")))
    report = dmvpub.check(project, ["es"])
    assert [str(f) for f in report.findings] == [
        f"{CATALOG}:1: syntax: catalog is saved as {named}; save it as UTF-8 without a byte-order mark "
        "(Poedit and Weblate do)"]


def test_utf8_bytes_under_a_latin1_header_are_an_error_not_a_skipped_locale(project):
    path = catalog_path(project, "es")
    text = path.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "charset=" in row)
    report = dmvpub.check(project, ["es"])
    assert [str(f) for f in report.findings] == [
        f"{CATALOG}:{line}: syntax: the header says charset=ISO-8859-1, but the file is UTF-8; set charset=UTF-8"]
    run = cli(project, "build", "--locale", "es", "--kind", "flyer")
    assert run.returncode == 1 and "charset=ISO-8859-1" in run.stderr and "skipped" not in run.stderr
