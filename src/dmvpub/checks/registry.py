"""Every check dmvpub can report, declared once, and the steps that find them, in their order.

Modelled on translate-toolkit (translate/filters/checks.py: one function a check, each check in a
category) and on Sphinx (behaviour is registered by an explicit call, never by importing a module):
each family of checks (toolkit.py, reader.py, markup.py, ...) has a `register(registry)` that
declares its `Check`s and adds its `Step`s; runner.setup() calls them, in one place.

A step runs on one scope: the catalog's header (`HEADER`), each message (`MESSAGE`), or the
catalog as a whole once its messages are checked (`CATALOG`). Steps run by `priority`, lowest
first (steps of one priority in the order added), and what the order means is data:

- `Step.stops`: after this step, the scope goes no further when the predicate holds, whether or
  not a flag silenced what the step found (an untranslated, fuzzy or blank message is checked no
  further; a catalog without a header is not asked about its headers);
- `Step.yields_to`: this step's hits of a check that the named family already found in the same
  message are dropped (what the reader sees, `reader`, is said once; translate-toolkit's twin of
  the same name is not said again).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import polib

from ..core.language import Language
from .finding import ERROR, WARNING

HEADER, MESSAGE, CATALOG = "header", "message", "catalog"
IGNORE = "ignore-"  # an entry's flag `ignore-<check>` silences the check on that message (as in Weblate)


@dataclass(frozen=True)
class Check:
    """One check as a translator meets it: the name a finding prints and a flag names.

    `severity` is ERROR or WARNING (`header` says either, per finding; this is its usual one);
    `means` says in one line what it reports; `family` is the module that declares it;
    `ignorable` says whether the flag `ignore-<name>` silences it on a message."""

    name: str
    severity: str
    means: str
    family: str
    ignorable: bool = True

    def __post_init__(self) -> None:
        if self.severity not in (ERROR, WARNING) or not re.fullmatch(r"[a-z]+(?:-[a-z]+)*", self.name):
            raise ValueError(f"check {self.name!r}: a lower-case name and a severity of error or warning")


@dataclass(frozen=True)
class Hit:
    """What a step found, before the runner makes it a Finding: the check's name, the message for
    the translator, and what differs from the check's own severity and ignorability (None: the
    check's). `line` is where to point (None: the message's msgstr line, or no line in a header)."""

    check: str
    message: str
    severity: str | None = None
    ignorable: bool | None = None
    line: int | None = None


@dataclass(frozen=True)
class Catalog:
    """One catalog as the steps see it: polib's reading, its locale code, its lines as read from
    the file (for line numbers), and how its language prints (None, "ltr" and no fonts where the
    header does not say enough: a header step says why). `faces` are the pinned fonts the glyph
    check holds it to (none: the renderer checks glyphs); `shaping` those it is shaped with."""

    catalog: polib.POFile
    code: str
    text: list[str]
    registry: Registry
    english: set[tuple[str | None, str]] | None = None
    language: Language | None = None
    faces: tuple = ()
    shaping: tuple = ()

    @property
    def metadata(self) -> dict[str, str]:
        return self.catalog.metadata

    @property
    def direction(self) -> str:
        return self.language.direction if self.language is not None else "ltr"

    @cached_property
    def header_lines(self) -> dict[str, int]:
        """{header key: line} for the header's lines ("Language": 12), up to the first message."""
        lines = {}
        for number, line in enumerate(self.text, start=1):
            match = re.match(r'^"([A-Za-z-]+):', line)
            if match:
                lines[match.group(1)] = number  # a key written twice: its last line
            elif line.startswith("#:") or line.startswith("#."):
                break
        return lines

    @cached_property
    def msgstr_lines(self) -> list[int]:
        """The lines of the msgstr keywords, in order: a finding points where the translator types."""
        return [number for number, line in enumerate(self.text, start=1) if line.startswith("msgstr")]


@dataclass(frozen=True)
class Message:
    """One message (a polib entry, not obsolete, not the header) of a `Catalog`, as a step sees it."""

    entry: polib.POEntry
    catalog: Catalog

    @property
    def known(self) -> bool:
        """Whether its (msgctxt, msgid) is the English's (True where there is no template to ask)."""
        english = self.catalog.english
        return english is None or (self.entry.msgctxt, self.entry.msgid) in english

    @property
    def msgstr_line(self) -> int:
        """The line of its msgstr keyword (polib's line for the entry where none follows)."""
        lines = self.catalog.msgstr_lines
        at = bisect.bisect_left(lines, self.entry.linenum)
        return lines[at] if at < len(lines) else self.entry.linenum

    @property
    def msgid_line(self) -> int:
        """The line of its msgid keyword (polib's line for the entry where none follows)."""
        text = self.catalog.text
        return next((number for number in range(self.entry.linenum, len(text) + 1)
                     if text[number - 1].startswith("msgid")), self.entry.linenum)

    def flag_line(self, flag: str) -> int:
        """The line of the `#,` comment that holds `flag`, among the entry's comments (polib's
        line for the entry, its first, where none does)."""
        for number in range(self.entry.linenum, self.msgid_line):
            line = self.catalog.text[number - 1]
            if line.startswith("#,") and flag in (name.strip() for name in line[2:].split(",")):
                return number
        return self.entry.linenum


@dataclass(frozen=True)
class Step:
    """One function of a family run on a scope (`HEADER`, `MESSAGE` or `CATALOG`): it takes a
    `Catalog` (or a `Message`) and yields `Hit`s. See the module's docstring for `stops` and
    `yields_to`; steps of the same priority run in the order they were added."""

    family: str
    scope: str
    priority: int
    run: Callable[[Catalog], Iterable[Hit]] | Callable[[Message], Iterable[Hit]]
    stops: Callable | None = None
    yields_to: str | None = None


@dataclass
class Registry:
    """Every check (by name, in the order declared) and every step, filled by the families'
    `register` calls. Declaring a name twice is an error, and so is a step of an unknown scope."""

    checks: dict[str, Check] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)

    def declare(self, *checks: Check) -> None:
        for check in checks:
            if check.name in self.checks:
                raise ValueError(f"check {check.name!r} is declared twice ({self.checks[check.name].family}, "
                                 f"{check.family})")
            self.checks[check.name] = check

    def add_step(self, step: Step) -> None:
        if step.scope not in (HEADER, MESSAGE, CATALOG):
            raise ValueError(f"a step of {step.family} runs on {step.scope!r}; header, message or catalog")
        self.steps.append(step)

    def __getitem__(self, name: str) -> Check:
        return self.checks[name]

    def __contains__(self, name: object) -> bool:
        return name in self.checks

    def __iter__(self) -> Iterator[Check]:
        return iter(self.checks.values())

    def names(self) -> list[str]:
        return list(self.checks)

    def ignorable(self) -> list[str]:
        """The names a flag `ignore-<name>` silences, in the order declared."""
        return [check.name for check in self if check.ignorable]

    def in_scope(self, scope: str) -> list[Step]:
        """The steps of one scope in the order they run."""
        return sorted((step for step in self.steps if step.scope == scope), key=lambda step: step.priority)
