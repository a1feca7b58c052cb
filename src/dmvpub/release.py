"""A release folder: only what is ready to hand to a stranger, with its own manifest and checksums.

dist/ is the working build (drafts and partly translated locales included, marked); a release
holds the locales that pass the gate: the English reviewed, and the translation complete, not
fuzzy, reviewed by a native speaker and clean under `dmvpub check`. It is assembled beside its
target and swapped in whole, so it never holds a mix of two releases.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .build import build_locales, check_jobs
from .distfiles import file_sha256, write_atomically, write_manifest
from .catalog import catalog_path, locale_codes, read_catalog, template_messages
from .errors import DmvpubError
from .model import Document
from .pseudo import is_pseudo
from .settings import Settings
from .status import DRAFT_TRANSLATION, locale_status

CHECKSUMS = "SHA256SUMS"


@dataclass
class ReleaseResult:
    released: list[str] = field(default_factory=list)
    refused: dict[str, list[str]] = field(default_factory=dict)  # locale -> its reasons, each once
    failed: list[DmvpubError] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # relative to the release folder


def release_reasons(settings: Settings, document: Document, code: str) -> list[str]:
    """Why a locale may not be released; none when it may."""
    reasons = []
    if document.review.is_draft:
        reasons.append("the English source is a draft, not yet checked for accuracy")
    if code == settings.source_locale:
        return reasons
    if is_pseudo(code):
        return [*reasons, "a pseudo-locale, for layout tests only"]
    from .qa import ERROR, check_catalog
    path = catalog_path(settings, code)
    try:
        catalog = read_catalog(path)
    except DmvpubError as error:
        return [*reasons, str(error)]
    templates = template_messages(settings.templates, settings.relative(settings.templates))
    row = locale_status(code, document, templates, catalog)
    if row.untranslated:
        reasons.append(f"not complete: {row.questions_covered} of {row.questions_total} questions, "
                       f"{row.untranslated} message(s) untranslated")
    if row.fuzzy:
        reasons.append(f"{row.fuzzy} fuzzy message(s) to check")
    if row.review.is_draft:
        reasons.append(DRAFT_TRANSLATION)
    try:
        errors = [finding for finding in check_catalog(catalog, code, settings.relative(path))
                  if finding.severity == ERROR]
    except DmvpubError as error:
        return [*reasons, error.message]
    if errors:
        reasons.append(f"`dmvpub check` finds {len(errors)} error(s), first {errors[0]}")
    return reasons


def make_release(settings: Settings, document: Document, out: Path, codes: list[str] | None = None,
                 jobs: int | None = None) -> ReleaseResult:
    """Gate every locale (or `codes`), build those that pass into dist/, and copy their files to `out`."""
    settings.inside(out, "the release folder")
    if out.resolve() == settings.dist.resolve() or out.resolve().is_relative_to(settings.dist.resolve()):
        raise DmvpubError("the release folder must not be dist/ or inside it: dist/ is the working build", out)
    check_jobs(jobs)
    result = ReleaseResult()
    for code in codes or [settings.source_locale, *locale_codes(settings)]:
        reasons = list(dict.fromkeys(release_reasons(settings, document, code)))
        if reasons:
            result.refused[code] = reasons
        else:
            result.released.append(code)
    if not result.released:
        return result
    built = build_locales(settings, document, result.released, jobs=jobs)
    result.failed.extend(built.failed)
    for error in built.failed + built.skipped:
        code = next((code for code in result.released if error.path and code in error.path.parts), None)
        if code:
            result.released.remove(code)
            result.refused[code] = [str(error)]
    entries = [outcome.artifact for outcome in built.outcomes if outcome.artifact.locale in result.released]
    staging = out.with_name(f".{out.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    for artifact in entries:
        target = staging / artifact.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.dist / artifact.path, target)
    write_manifest(staging, [vars(artifact) for artifact in entries])
    from .site import write_download_page
    write_download_page(settings, document, folder=staging, codes=result.released)
    sums = sorted(path.relative_to(staging).as_posix() for path in staging.rglob("*") if path.is_file())
    write_atomically(staging / CHECKSUMS, "".join(
        f"{file_sha256(staging / name)}  {name}\n" for name in sums).encode())
    result.files = sorted([*sums, CHECKSUMS])
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    return result

