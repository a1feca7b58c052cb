"""What a check reports: a `Finding` per problem, and the `CheckReport` of a run over catalogs.

A finding prints the way compilers and msgfmt print a problem, one line a finding:
`locales/es/LC_MESSAGES/messages.po:42: endpunc: ends with '' where the English ends with '?'`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from ..core.errors import Location

ERROR, WARNING = "error", "warning"  # an error stops the locale's build; a warning does not


@dataclass(frozen=True)
class Finding:
    """One problem in one catalog, printed the way compilers and msgfmt print them.

    `path` is as the user sees it (relative to the project, "" where the problem has no file);
    `line` counts from 1, None for the file as a whole; `check` is a name of the registry
    (`registry.Check.name`); `severity` is ERROR or WARNING."""

    locale: str
    path: str
    line: int | None
    check: str
    severity: str
    message: str

    @property
    def location(self) -> Location:
        """Where the problem is, printed `path:line` (or `path` alone without a line)."""
        return Location(self.path, self.line)

    def __str__(self) -> str:
        return f"{self.location}: {self.check}: {self.message}"

    def as_dict(self) -> dict:
        """The six fields by name, for `dmvpub check --json`."""
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """The findings of one run, in the order found, and every locale it looked at (sorted codes)."""

    findings: list[Finding]
    locales: list[str]

    def errors(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == ERROR]

    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == WARNING]

    def counts(self) -> dict[str, dict[str, int]]:
        """{locale: {"errors": n, "warnings": n}} for every locale looked at, none left out."""
        counted = Counter((finding.locale, finding.severity) for finding in self.findings)
        return {code: {"errors": counted[code, ERROR], "warnings": counted[code, WARNING]}
                for code in self.locales}
