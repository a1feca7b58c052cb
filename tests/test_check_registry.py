"""The registry of checks: every name a finding can carry is declared once, a flag `ignore-<name>`
that names no check is reported, and README lists what a flag can and cannot silence."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dmvpub.checks import REGISTRY, WARNING, Check
from dmvpub.checks.registry import Registry
from dmvpub.checks.runner import setup
from dmvpub import commands as dmvpub
from dmvpub.po import catalog_path
from dmvpub.text.richtext import differences
from dmvpub.text.shown import shown_differences

from conftest import ROOT, edit

CHECKS_ROOM = ROOT / "src" / "dmvpub" / "checks"


def test_a_misspelt_ignore_flag_is_a_warning_at_its_line_naming_the_nearest_check(project):
    edit(project, "es", "purpose", "In Missouri", lambda s: s, flags=["ignore-numbrs"])
    findings = dmvpub.check(project, ["es"]).findings
    assert [(f.check, f.severity) for f in findings] == [("flags", WARNING)]
    lines = catalog_path(project, "es").read_text(encoding="utf-8").splitlines()
    assert lines[findings[0].line - 1].startswith("#,") and "ignore-numbrs" in lines[findings[0].line - 1]
    assert "did you mean ignore-numbers?" in findings[0].message
    assert re.match(r"^locales/es/LC_MESSAGES/messages\.po:\d+: flags: ignore-numbrs names no check",
                    str(findings[0]))


def test_a_flag_near_no_check_lists_those_a_flag_can_silence(project):
    edit(project, "es", "purpose", "In Missouri", lambda s: s, flags=["fuzzy-ish", "ignore-qqqqqqq"])
    findings = dmvpub.check(project, ["es"]).findings
    assert [f.check for f in findings] == ["flags"], "only ignore- flags name checks"
    assert findings[0].message.endswith("the checks a flag can silence are " + ", ".join(REGISTRY.ignorable()))


def test_every_check_name_is_accepted_as_an_ignore_flag(project):
    edit(project, "es", "purpose", "In Missouri", lambda s: s, flags=[f"ignore-{name}" for name in REGISTRY.names()])
    assert dmvpub.check(project, ["es"]).findings == []


def test_the_registry_declares_each_check_once():
    names = REGISTRY.names()
    assert len(names) == len(set(names)) and [check.name for check in REGISTRY] == names
    assert setup().names() == names, "setup() builds the same registry each time: nothing by import"
    registry = Registry()
    registry.declare(Check("numbers", "error", "numbers differ", "one"))
    with pytest.raises(ValueError, match="declared twice"):
        registry.declare(Check("numbers", "error", "numbers differ", "another"))


def test_every_check_a_family_reports_is_registered():
    reported = {name for path in CHECKS_ROOM.glob("*.py")
                for name in re.findall(r'\bHit\(\s*"([a-z-]+)"', path.read_text(encoding="utf-8"))}
    assert reported and reported <= set(REGISTRY.names()), reported - set(REGISTRY.names())
    # the names the text room's comparisons return, each made to appear once
    markdown = {check for check, _ in differences("See [a](https://x.org), *b* [^1].", "Ver **c** `x`.")}
    shown = {check for check, _ in shown_differences(
        "Call 555.", "Llame 556, https://evil.example.org, ice@evil.example.org, 5\u200b55.", "es", "ltr")}
    assert markdown == {"links", "footnotes", "emphasis", "markup"}
    assert shown == {"numbers", "urls", "emails", "invisible"}
    assert markdown | shown <= set(REGISTRY.names())


def _readme_names(label: str) -> list[str]:
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    listed = re.search(rf"{label}: (.*?)\. ", text)
    assert listed, f"README lists what {label.lower()}"
    return re.findall(r"`([a-z-]+)`", listed.group(1))


def test_readme_lists_what_a_flag_can_and_cannot_silence_as_the_registry_says():
    can, cannot = _readme_names("A flag can silence"), _readme_names("It cannot silence")
    assert len(can) == len(set(can)) and len(cannot) == len(set(cannot))
    assert set(can) == set(REGISTRY.ignorable())
    assert set(cannot) == set(REGISTRY.names()) - set(REGISTRY.ignorable())


@pytest.mark.parametrize("scope", ["header", "message", "catalog"])
def test_steps_run_by_priority_and_every_family_is_a_module_of_the_room(scope):
    steps = REGISTRY.in_scope(scope)
    assert steps and [step.priority for step in steps] == sorted(step.priority for step in steps)
    families = {check.family for check in REGISTRY}
    assert families <= {path.stem for path in CHECKS_ROOM.glob("*.py")}
    assert {step.yields_to for step in REGISTRY.steps} - {None} <= families
    assert Path(steps[0].run.__code__.co_filename).parent == CHECKS_ROOM
