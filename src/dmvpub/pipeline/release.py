"""A release folder: only what is ready to hand to a stranger, with its own manifest and checksums.

dist/ is the working build (drafts and partly translated locales included, marked); a release
holds the locales that pass the gate: every English message signed off, and the translation
complete, not fuzzy, every message of it signed off by a reviewer (issue #22) and clean under
`dmvpub check`. A sign-off covers the exact text (dmvpub.review): an edit to either side after the
review keeps the locale out, with the file:line of each changed message. A partly reviewed locale is
not released with its unreviewed questions left out: a booklet is released whole or not at all.

It is assembled beside its target and swapped in whole, so it never holds a mix of two releases.
The target must be a new folder or an earlier release (its manifest and SHA256SUMS list every file
in it), never the project, its source, catalogs, templates or dist/: nothing of the project is removed.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..checks import ERROR, check_catalog
from ..core.errors import DmvpubError
from ..core.model import Document
from ..core.settings import Settings
from ..localize.status import DRAFT_TRANSLATION
from ..po import catalog_path, is_pseudo, locale_codes
from ..review import source_review_state, translation_review_state
from .build import build_locales, check_jobs
from .distfiles import MANIFEST, file_sha256, write_atomically, write_manifest
from .site import write_download_page
from .statuses import LocaleStatuses

DRAFT_ENGLISH = "the English source is a draft, not yet checked for accuracy"

CHECKSUMS = "SHA256SUMS"


@dataclass
class ReleaseResult:
    released: list[str] = field(default_factory=list)
    refused: dict[str, list[str]] = field(default_factory=dict)  # locale -> its reasons, each once
    failed: list[DmvpubError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # relative to the release folder


def release_reasons(settings: Settings, document: Document, code: str, statuses: LocaleStatuses | None = None
                    ) -> list[str]:
    """Why a locale may not be released, one reason a line; none when it may. Its catalog and
    status come from `statuses` (read and counted there once for the whole release)."""
    statuses = statuses or LocaleStatuses(settings, document)
    templates = statuses.templates()
    reasons = review_reasons(source_review_state(document, templates), "the English", "en", DRAFT_ENGLISH)
    if code == settings.source_locale:
        return reasons
    if is_pseudo(code):
        return [*reasons, "a pseudo-locale, for layout tests only"]
    path = catalog_path(settings, code)
    standing = statuses[code]
    catalog, row = standing.catalog, standing.status
    if catalog is None:
        return [*reasons, str(standing.error)]
    if row is None:
        raise standing.error
    if row.untranslated:
        reasons.append(f"not complete: {row.questions_covered} of {row.questions_total} questions, "
                       f"{row.untranslated} message(s) untranslated")
    if row.fuzzy:
        reasons.append(f"{row.fuzzy} fuzzy message(s) to check")
    review = translation_review_state(document, templates, catalog, settings.relative(path), code)
    reasons.extend(review_reasons(review, "the translation", code, DRAFT_TRANSLATION))
    try:
        errors = [finding for finding in check_catalog(catalog, code, settings.relative(path))
                  if finding.severity == ERROR]
    except DmvpubError as error:
        return [*reasons, error.message]
    if errors:
        reasons.append(f"`dmvpub check` finds {len(errors)} error(s), first {errors[0]}")
    return reasons


def review_reasons(state, what: str, code: str, draft: str) -> list[str]:
    """`draft` when nothing is signed; else a line for what is not signed yet and one per message
    changed since review, with its file:line."""
    if state.complete:
        return []
    if not state.any_signed:
        return [draft]
    reasons = []
    unreviewed = state.unreviewed
    if unreviewed:
        done = len(state.reviewed_questions())
        reasons.append(f"{what} is not fully reviewed: {done} of {len(state.question_ids)} questions, "
                       f"{len(unreviewed)} message(s) not signed off, first at {unreviewed[0].where} "
                       f"(dmvpub review {code} --by NAME)")
    reasons.extend(f"{what} changed since review: {message.where}"
                   f"{f' ({message.context})' if message.context else ''}" for message in state.changed)
    return reasons


def make_release(settings: Settings, document: Document, out: Path, codes: list[str] | None = None,
                 jobs: int | None = None) -> ReleaseResult:
    """Gate every locale (or `codes`), build those that pass into dist/, and copy their files to `out`."""
    check_release_folder(settings, out)
    check_jobs(jobs)
    result = ReleaseResult()
    statuses = LocaleStatuses(settings, document)  # each locale's catalog read and counted once: gate, build, pages
    for code in codes or [settings.source_locale, *locale_codes(settings)]:
        reasons = list(dict.fromkeys(release_reasons(settings, document, code, statuses)))
        if reasons:
            result.refused[code] = reasons
        else:
            result.released.append(code)
    if not result.released:
        return result
    built = build_locales(settings, document, result.released, jobs=jobs, statuses=statuses)
    result.failed.extend(built.failed)
    for error in built.failed + built.skipped:
        code = next((code for code in result.released if error.path and code in error.path.parts), None)
        if code:
            result.released.remove(code)
            result.refused[code] = [str(error)]
    entries = [outcome.artifact for outcome in built.outcomes if outcome.artifact.locale in result.released]
    check_release_folder(settings, out)  # again: the build took a while
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.new-"))  # a new name: removes nothing
    staging.chmod(0o777 & ~current_umask())  # mkdtemp makes it private (0700): a web server must read it
    for artifact in entries:
        target = staging / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.dist / artifact.path, target)
    write_manifest(staging, [vars(artifact) for artifact in entries])
    write_download_page(settings, document, statuses, folder=staging, codes=result.released)
    sums = sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file())
    write_atomically(staging / CHECKSUMS, "".join(
        f"{file_sha256(staging / name)}  {name}\n" for name in sums).encode())
    result.files = sorted([*sums, CHECKSUMS])
    if out.exists():
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        out.rename(old / out.name)  # the earlier release, checked above to hold nothing else
        staging.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
    return result


def current_umask() -> int:
    """The process's umask (0o022 on most systems), which folders made with mkdir get; reading it
    means setting it, so it is set back at once."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_release_folder(settings: Settings, out: Path) -> None:
    """Refuse, with one line, a release folder whose swap could remove anything of the project:
    one that is, holds or lies inside source/, locales/, templates/ or dist/; the project folder or
    one holding it; a file or a link; and an existing folder that is not an earlier release (whose
    manifest.json and SHA256SUMS list every file in it). Issue #22."""
    settings.inside(out, "the release folder")
    target = out.resolve()
    root = settings.root.resolve()
    if target == root or root.is_relative_to(target):
        raise DmvpubError("the release folder must not be the project folder or hold it: its content would be "
                          "replaced; choose a new folder such as release/", out)
    for folder, name in ((settings.source.parent, "source"), (settings.locales, "locales"),
                         (settings.templates, "templates"), (settings.dist, "dist")):
        folder = folder.resolve()
        if folder == root:
            continue
        if target == folder or target.is_relative_to(folder) or folder.is_relative_to(target):
            what = "dist/ is the working build" if name == "dist" else f"{name}/ is part of the project"
            raise DmvpubError(f"the release folder must not be, hold or lie inside {settings.relative(folder)}/: "
                              f"{what}; choose a new folder such as release/", out)
    if out.is_symlink():
        raise DmvpubError("the release folder is a link; name a real folder (a new one, or an earlier release)", out)
    if out.exists() and not out.is_dir():
        raise DmvpubError("the release folder is a file, not a folder; choose a new folder such as release/", out)
    if out.is_dir() and any(out.iterdir()):
        foreign = _not_released(out)
        if foreign is not None:
            raise DmvpubError(f"this folder exists and is not an earlier release ({foreign}); dmvpub replaces only "
                              "a release it made: choose a new folder", out)


def _not_released(folder: Path) -> str | None:
    """Why `folder` is not an earlier release, or None when it is one: a manifest.json with a list of
    artifacts, and a SHA256SUMS naming every other file in the folder (nothing added since)."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = {line.split("  ", 1)[1] for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines()
                  if "  " in line}
    except (OSError, ValueError):
        return f"no readable {MANIFEST} and {CHECKSUMS}"
    if not isinstance(manifest, dict) or not isinstance(manifest.get("artifacts"), list):
        return f"its {MANIFEST} lists no artifacts"
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink() or (path.is_file() and name != CHECKSUMS and name not in listed):
            return f"{name} is not part of it"
    return None

