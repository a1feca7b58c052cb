"""What a build has to make: each artifact's inputs key, and the tasks for those out of date.

Each artifact remembers in dist/.cache/inputs.json (distfiles.STATE) a hash of everything it
was made from: the source and its sign-offs, its locale's catalog, the templates, the fonts,
the settings, dmvpub's own code and the versions of the libraries that shape the output
(pipeline.libraries: WeasyPrint, Pango, HarfBuzz, Babel and the rest), so an upgrade rebuilds.
An artifact whose key is unchanged is up to date; the others are grouped into tasks
(TASK_GROUPS), one task one worker's job.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from .. import __version__
from ..core.errors import DmvpubError
from ..core.language import locale_script
from ..core.settings import Settings
from ..fonts.faces import script_fonts
from ..po import catalog_path, declared_language
from .distfiles import Artifact, artifact_name, code_digest, files_under, locale_kinds
from .libraries import library_versions

# Artifacts made together in one task: the booklet's layout serves its imposed and print-shop
# Artifacts made together in one task: the booklet's layout serves its imposed and print-shop
# variants (with the print-shop file's preflight summary) and its cover thumbnail; the bilingual
# booklet and the large-print edition (layouts of their own) and the flyer are tasks of their own,
# so one edited locale keeps two cores busy too.
TASK_GROUPS = (("booklet", "booklet-imposed", "booklet-print", "booklet-preflight", "booklet-thumbnail"),
               ("booklet-bilingual",), ("booklet-large-print",), ("flyer", "flyer-thumbnail", "web"))

Task = tuple[str, tuple[str, ...]]  # (locale, one of TASK_GROUPS)


@dataclass(frozen=True)
class Outcome:
    """One artifact of this build: made now (with the seconds it took) or already up to date."""

    artifact: Artifact
    built: bool
    seconds: float = 0.0
    links: dict[str, str] | None = None  # a web edition made now: kind -> the file name it links


@dataclass
class LocalePlan:
    """What a build has to do for one locale."""

    key: str  # its inputs key (inputs_key)
    up_to_date: list[Outcome] = field(default_factory=list)  # in the order of the kinds
    tasks: dict[Task, list[str]] = field(default_factory=dict)  # -> the stale kinds the task makes


def plan_locale(settings: Settings, code: str, kinds: list[str], state: dict, force: bool) -> LocalePlan:
    """Which of the locale's artifacts of `kinds` are up to date in the cache `state` (artifact
    path -> {"inputs": key, "artifact": manifest entry}), none with `force`, and the tasks that
    make the others. Raises as inputs_key does."""
    plan = LocalePlan(inputs_key(settings, code))
    stale = []
    for kind in locale_kinds(settings, code, kinds):
        known = state.get(artifact_name(settings, code, kind))
        if not force and known and known["inputs"] == plan.key:
            plan.up_to_date.append(Outcome(Artifact(**known["artifact"]), built=False))
        else:
            stale.append(kind)
    for group in TASK_GROUPS:
        if [kind for kind in stale if kind in group]:
            plan.tasks[code, group] = [kind for kind in stale if kind in group]
    return plan


def inputs_key(settings: Settings, code: str) -> str:
    """A hash (SHA-256, hex) of everything a locale's artifacts are made from; any change means a
    rebuild. DmvpubError when a link to the catalog leads outside the project; OSError when the
    source or a template cannot be read."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add("settings", json.dumps([__version__, settings.url, settings.page_size, settings.name,
                                settings.questions, settings.source_locale, code, settings.min_translated,
                                settings.proper_names]).encode())
    add("source", settings.source.read_bytes())
    reviews = settings.source.parent / "reviews.yaml"  # the English sign-offs (dmvpub.review): the draft line
    add("source-reviews", reviews.read_bytes() if reviews.is_file() else b"")
    catalog = b""
    if code != settings.source_locale:
        path = catalog_path(settings, code)
        catalog = path.read_bytes() if path.is_file() else b""
        add("catalog", catalog)
    for path in files_under(settings.templates):
        add(f"template:{path.relative_to(settings.templates).as_posix()}", path.read_bytes())
    add("code", code_digest().encode())
    add("libraries", json.dumps(library_versions()).encode())
    try:
        faces = script_fonts(code, locale_script(code, declared_language(catalog)))
    except DmvpubError:
        faces = ()
    for face in faces:  # pinned packages: name, version and size identify the file without reading 10 MB
        add("font", f"{face.package}:{_version(face.package)}:{face.file}:{_size(face.path)}".encode())
    return digest.hexdigest()


@functools.cache
def _version(package: str) -> str:
    try:
        return metadata.version(package.replace("_", "-"))
    except metadata.PackageNotFoundError:
        return "?"


def _size(path: Path) -> int:
    return path.stat().st_size if path.is_file() else -1
