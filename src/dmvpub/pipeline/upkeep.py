"""What keeps dist/ a function of the current project: files no longer made removed, links to
files that are there only, failures remembered.

After every build, under its lock (pipeline.build):

- `prune` removes each file dmvpub made (one recorded in dist/.cache/inputs.json) that the current
  settings, source and catalogs no longer make: a withdrawn locale's files (`git rm -r locales/fr`),
  every file under an earlier `name`, a kind no longer in KINDS. A file dmvpub never recorded (one a
  user put there) is left alone, and so is a folder still holding one.
- `remember_problems` keeps, in dist/.cache/problems.json, why each locale's artifacts were last not
  built, until they build again, whichever subset of locales and kinds a later build or a release
  makes: the download page says so all that time.
- `fit_web_links` lays out again a web edition that links another set of PDFs than its locale has
  on disk, so no page links a missing file whatever subset was built or failed.
- `refresh_download_page` rewrites dist/index.html when anything it shows changed, saying of each file
  made from other inputs than today's that it is from an earlier build, and the day (`made_on`).
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..core.errors import DmvpubError
from ..core.settings import Settings
from ..po import locale_codes
from .distfiles import (INDEX, KINDS, artifact_name, commit_staged, discard_staged, locale_kinds, pdf_files, read_json,
                        write_json)
from .plan import inputs_key

PROBLEMS = ".cache/problems.json"
PAGE_RECORD = ".cache/index-page.json"  # what dist/index.html was last made from
FLYER_SIZES = ".cache/flyer-size"  # tasks.FLYER_SIZE_RECORDS: <locale>.json, one per locale


def current_locales(settings: Settings) -> list[str]:
    """Every locale the project makes artifacts for: the source's and each catalog's on disk."""
    return [settings.source_locale, *locale_codes(settings)]


def made_names(settings: Settings, codes: list[str]) -> set[str]:
    """The dist/ paths of every artifact the current settings make for `codes`, of every kind."""
    return {artifact_name(settings, code, kind) for code in codes for kind in locale_kinds(settings, code)}


@dataclass
class Removed:
    """Files a build removed because the project no longer makes them."""

    by_locale: dict[str, list[str]] = field(default_factory=dict)  # a withdrawn locale -> its paths
    renamed: list[str] = field(default_factory=list)  # a current locale's files under an earlier name
    other: list[str] = field(default_factory=list)  # kinds no longer made

    def __bool__(self) -> bool:
        return bool(self.by_locale or self.renamed or self.other)

    def summary(self) -> str:
        """One line: "fr (8 files), 111 files under the old name"."""
        parts = [f"{code} ({len(paths)} file{'' if len(paths) == 1 else 's'})"
                 for code, paths in self.by_locale.items()]
        if self.renamed:
            parts.append(f"{len(self.renamed)} file{'' if len(self.renamed) == 1 else 's'} under the old name")
        if self.other:
            parts.append(f"{len(self.other)} file{'' if len(self.other) == 1 else 's'} of a kind no longer made")
        return ", ".join(parts)


def prune(settings: Settings, state: dict, current: list[str]) -> Removed:
    """Remove from dist/ and from `state` (artifact path -> cache entry) every recorded artifact the
    project no longer makes for its `current` locales; empty folders left behind go too, and the
    withdrawn locales' flyer-size records. Raises OSError when a file cannot be removed (the entry
    then stays, so the next build tries again)."""
    wanted = made_names(settings, current)
    removed = Removed()
    for name in sorted(state):
        if name in wanted:
            continue
        entry = state[name]["artifact"]
        path = settings.dist / name
        if path.is_file() or path.is_symlink():
            path.unlink()
        del state[name]
        if entry["locale"] not in current:
            removed.by_locale.setdefault(entry["locale"], []).append(name)
        elif entry["kind"] in KINDS:
            removed.renamed.append(name)
        else:
            removed.other.append(name)
        _remove_empty_folders(path.parent, settings.dist)
    for code in removed.by_locale:
        (settings.dist / FLYER_SIZES / f"{code}.json").unlink(missing_ok=True)
    return removed


def _remove_empty_folders(folder: Path, top: Path) -> None:
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()  # only an empty folder: a user's file keeps its folder
        except OSError:
            return
        folder = folder.parent


def fit_web_links(settings: Settings, document, state: dict, current: list[str], result) -> None:
    """Each web edition in dist/ links exactly its locale's PDFs on disk: one that links another set
    (made beside a flyer that did not fit, by `--kind web` on an empty dist/, before a PDF was
    removed) is laid out again, here, linking those there are. If that fails, one that links a
    missing file is removed rather than left so; another stays as the last good build left it. `state` and `result` (a BuildResult: its outcomes, failed and
    not_built) are brought up to date."""
    for code in current:
        web = artifact_name(settings, code, "web")
        entry = state.get(web)
        if entry is None:
            continue
        present = pdf_files(settings, code, set(state))
        if entry.get("links") == present:
            continue
        from .tasks import build_locale_task  # WeasyPrint loads only when a page has to be made again
        outcomes, errors = build_locale_task(settings, document, code, ["web"], links=present)
        result.outcomes[:] = [o for o in result.outcomes if o.artifact.path != web]
        if outcomes:
            outcome = outcomes[0]
            try:
                commit_staged(settings, [web])
            except DmvpubError as error:
                discard_staged(settings, [web])
                outcomes, errors = [], [error]
        if outcomes:
            state[web] = {"inputs": inputs_key(settings, code), "artifact": asdict(outcome.artifact),
                          "links": present}
            result.outcomes.append(outcome)
            continue
        said = {str(error) for error in result.failed}
        result.failed.extend(error for error in errors if str(error) not in said)
        result.not_built.append((code, "web"))
        links = entry.get("links")
        if links is None or set(links.items()) <= set(present.items()):
            continue  # it links nothing missing (or what it links is not known): the last good one stays
        (settings.dist / web).unlink(missing_ok=True)
        del state[web]


def remember_problems(settings: Settings, built: list[tuple[str, str]], not_built: list[tuple[str, str]],
                      reasons: dict[str, str], current: list[str]) -> dict[str, str]:
    """Bring dist/.cache/problems.json up to date and return locale -> why, for the download page.

    `built`: (locale, kind) made or found up to date by this build; `not_built`: (locale, kind) out of
    date and not rebuilt; `reasons`: locale -> this build's reason. A locale's record names the kinds
    not built since its last failure: an artifact built since comes off it, and a locale is remembered
    until none is left (or it is withdrawn). Raises DmvpubError when the record cannot be written."""
    path = settings.dist / PROBLEMS
    known = read_json(path)
    record: dict[str, dict] = {code: value for code, value in known.items()
                               if isinstance(value, dict) and code in current}
    for code, kind in built:
        if code in record:
            record[code]["kinds"] = [k for k in record[code].get("kinds", []) if k != kind]
    for code, kind in not_built:
        entry = record.setdefault(code, {"message": "", "kinds": []})
        if kind not in entry["kinds"]:
            entry["kinds"].append(kind)
        if reasons.get(code):
            entry["message"] = reasons[code]
    record = {code: entry for code, entry in sorted(record.items()) if entry.get("kinds")}
    if record != known:
        write_json(path, record)
    return {code: entry.get("message") or f"not rebuilt: {', '.join(entry['kinds'])}"
            for code, entry in record.items()}


def made_on(path: Path) -> str | None:
    """The day (UTC, YYYY-MM-DD) the file was last written; None when it is not there."""
    try:
        stamp = path.stat().st_mtime
    except OSError:
        return None
    return datetime.datetime.fromtimestamp(stamp, datetime.UTC).date().isoformat()


def refresh_download_page(settings: Settings, document, statuses, state: dict, problems: dict[str, str],
                          current: list[str]) -> None:
    """Rewrite dist/index.html when anything it shows changed since it was written: the locales, their
    inputs (catalogs, source, sign-offs, templates, settings, dmvpub's code), the files on disk, which
    of them are from an earlier build, and the remembered problems. A build with nothing to do and
    nothing changed does not load the page's Jinja (some 0.02 s) or count any catalog.
    DmvpubError (or OSError) when the page or its record cannot be written."""
    keys = {}
    for code in current:
        try:
            keys[code] = inputs_key(settings, code)
        except (DmvpubError, OSError):
            keys[code] = None  # its files all count as from an earlier build; the build said why
    earlier = {name: made_on(settings.dist / name) or "?" for name, entry in state.items()
               if entry.get("inputs") != keys.get(entry["artifact"]["locale"])}
    fingerprint = json.loads(json.dumps({
        "locales": current, "keys": keys, "problems": problems, "earlier": earlier,
        "files": sorted([name, entry["artifact"]["sha256"]] for name, entry in state.items()),
    }))
    record = settings.dist / PAGE_RECORD
    if (settings.dist / INDEX).is_file() and read_json(record).get("page") == fingerprint:
        return
    from .site import write_download_page  # Jinja loads only when the page is written
    write_download_page(settings, document, statuses, problems, earlier=earlier)
    write_json(record, {"page": fingerprint})
