"""Every locale's artifacts into dist/: incremental, parallel, atomic.

Each artifact remembers a hash of everything it was made from (pipeline.plan); an artifact
whose inputs have not changed is not rebuilt. Locales render in a process pool (pipeline.pool),
a locale's booklets in one task (one layout serves the booklet and its imposed and print-shop
variants) and its flyer in another (pipeline.tasks). A locale's files are staged and moved into
place together once all its tasks are in: a locale that fails (a broken or incomplete catalog, a
character no font can draw) fails alone, a flyer that will not fit fails alone, a file that cannot
be written keeps the whole locale as it was, and the last good PDFs stay. After the tasks, whatever
happened, dist/ is made a function of the current project again (pipeline.upkeep: files no longer
made removed, each web edition linking only the PDFs there are, failures remembered) and the cache,
the manifest and the download page are written.
"""

from __future__ import annotations

import signal
from collections import Counter
from contextlib import closing
from dataclasses import asdict, dataclass, field

from ..core.dates import libraries_dated
from ..core.errors import DmvpubError, unexpected
from ..core.model import Document
from ..core.settings import Settings
from ..localize.document import IncompleteTranslation
from ..po import locale_codes, locale_directory_errors
from .distfiles import (KINDS, STATE, Artifact, Interrupted, WriteFailed, artifact_name, commit_staged,
                        discard_staged, interruptible, locale_and_kind, locale_kinds, locked, read_json,
                        remove_partial_files, staged_path, temporary_folder, verified_state, write_json,
                        write_manifest)
from .plan import Outcome, Task, plan_locale
from .statuses import LocaleStatuses, printed_partly
from .upkeep import Removed, current_locales, fit_web_links, prune, refresh_download_page, remember_problems


@dataclass
class BuildResult:
    outcomes: list[Outcome] = field(default_factory=list)
    failed: list[DmvpubError] = field(default_factory=list)
    skipped: list[DmvpubError] = field(default_factory=list)  # too little translated to print
    partial: list[tuple[str, str]] = field(default_factory=list)  # (locale, why) printed partly in English
    not_built: list[tuple[str, str]] = field(default_factory=list)  # (locale, kind) out of date and not rebuilt
    interrupted: int | None = None  # the signal (SIGTERM, SIGINT) that stopped the build
    removed: Removed = field(default_factory=Removed)  # files the project no longer makes, removed

    @property
    def artifacts(self) -> list[Artifact]:
        return [outcome.artifact for outcome in self.outcomes]

    def not_built_summary(self) -> str:
        """The artifacts not rebuilt, by locale: "es: flyer, flyer-thumbnail; vi: booklet-bilingual"."""
        by_locale: dict[str, list[str]] = {}
        for code, kind in self.not_built:
            by_locale.setdefault(code, []).append(kind)
        return "; ".join(f"{code}: {', '.join(kinds)}" for code, kinds in by_locale.items())


def build_locales(settings: Settings, document: Document, codes: list[str] | None = None,
                  kinds: list[str] | None = None, jobs: int | None = None, force: bool = False,
                  progress=None, keep_html: bool = False, statuses: LocaleStatuses | None = None) -> BuildResult:
    """Build what is out of date; `progress(outcome)` is called as each artifact finishes.

    Each artifact succeeds or fails on its own (a flyer that cannot fit does not stop the web
    edition); `not_built` names every out-of-date artifact that was not rebuilt. Whatever goes
    wrong (a broken catalog, a full disk, a bug, SIGTERM or Ctrl-C), the build ends with the
    cache and manifest describing exactly the files in dist/, and each problem is one line in
    `failed`; after SIGTERM or SIGINT, it then raises `Interrupted` holding the result. Raises
    DmvpubError when the build cannot start: `jobs` below 1, a link in dist/ leading outside the
    project, dist/ not writable, another build holding the lock.

    Each locale's status (for the download page and `partial`) is counted at most once, in
    `statuses` when given (a release hands in those it gated on)."""
    check_jobs(jobs)
    result = BuildResult()
    if not codes:
        codes = [settings.source_locale, *locale_codes(settings)]
        result.failed.extend(locale_directory_errors(settings))
    kinds = [kind for kind in KINDS if kind in (kinds or KINDS)]
    statuses = statuses or LocaleStatuses(settings, document)
    settings.refuse_links_outside(settings.dist, f"{settings.relative(settings.dist)}/")
    # fontTools stamps a font it instantiates or subsets with the time (SOURCE_DATE_EPOCH when set):
    # inside the build, that is the document's own date, whatever the environment says (core.dates).
    with interruptible() as signals, libraries_dated(document.current_as_of):
        try:
            with locked(settings.dist) as lock, temporary_folder(settings.dist):
                _build(settings, document, codes, kinds, jobs, force or keep_html, progress, keep_html, lock.fileno(),
                       signals, result, statuses)
        except Interrupted:
            pass  # before the build began: nothing was written
        except OSError as error:  # dist/ read-only or full before anything began
            raise unexpected(error) from None
    if signals.signum is not None:
        result.interrupted = signals.signum
        result.failed.append(DmvpubError(
            f"stopped by {signal.Signals(signals.signum).name}; dist/ keeps the files finished before it and its "
            "manifest lists exactly them", settings.dist))
    result.outcomes.sort(key=lambda o: (codes.index(o.artifact.locale) if o.artifact.locale in codes else len(codes),
                                        KINDS.index(o.artifact.kind)))
    built = {(o.artifact.locale, o.artifact.kind) for o in result.outcomes if o.built}
    result.not_built = sorted({pair for pair in result.not_built if pair not in built},
                              key=lambda pair: (codes.index(pair[0]) if pair[0] in codes else len(codes),
                                                KINDS.index(pair[1])))
    problems = {code for code, _kind in result.not_built}
    if result.interrupted:  # dist/ is consistent again: now the process may stop, as it was asked to
        raise Interrupted(result.interrupted, result)
    result.partial = printed_partly(statuses, sorted({o.artifact.locale for o in result.outcomes
                                                      if o.built and o.artifact.locale not in problems}))
    return result


def check_jobs(jobs: int | None) -> None:
    """`--jobs`: None (one worker per core) or a whole number of 1 or more, else DmvpubError."""
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise DmvpubError(f"--jobs must be a whole number of worker processes, 1 or more, not {jobs}")


def _plan(settings: Settings, codes: list[str], kinds: list[str], state: dict, force: bool, result: BuildResult,
          progress, problems: dict[str, str]) -> dict[Task, tuple[str, list[str]]]:
    """(code, group) -> (inputs key, stale kinds) for every task to run; up-to-date artifacts go to
    `result` (and `progress`), and so do the locales whose inputs cannot be read (and `problems`)."""
    tasks = {}
    for code in codes:
        try:
            plan = plan_locale(settings, code, kinds, state, force)
        except DmvpubError as error:
            result.failed.append(error)
            problems.setdefault(code, error.message)
            result.not_built.extend((code, kind) for kind in locale_kinds(settings, code, kinds))
            continue
        for outcome in plan.up_to_date:
            result.outcomes.append(outcome)
            if progress:
                progress(outcome)
        for task, stale in plan.tasks.items():
            tasks[task] = (plan.key, stale)
    return tasks


def _build(settings: Settings, document: Document, codes: list[str], kinds: list[str], jobs: int | None,
           force: bool, progress, keep_html: bool, lock_fd: int, signals, result: BuildResult,
           statuses: LocaleStatuses) -> None:
    """The build, under the lock: plan, run the tasks, and in any case leave dist/ consistent."""
    state = verified_state(settings, read_json(settings.dist / STATE), codes)
    unfinished: set[str] = set()  # artifacts a task was making when it failed: checked again at the end
    problems: dict[str, str] = {}  # locale -> why (part of) it was not built, for the download page
    try:
        tasks = _plan(settings, codes, kinds, state, force, result, progress, problems)
        unfinished = {artifact_name(settings, code, kind) for (code, _group), (_key, stale) in tasks.items()
                      for kind in stale}
        if tasks:
            _run(settings, document, tasks, jobs, lock_fd, keep_html, state, unfinished, problems, result, progress)
    except Interrupted:
        pass  # reported by build_locales, once dist/ is consistent again
    except DmvpubError as error:
        result.failed.append(error)
    except Exception as error:  # a full disk, a read-only folder, a bug: one line, and dist/ stays consistent
        result.failed.append(unexpected(error))
    finally:
        signals.hold()  # a signal now waits: the cache and manifest are written whole
        result.not_built.extend(found for found in (locale_and_kind(settings, name, codes) for name in unfinished)
                                if found)
        remove_partial_files(settings.dist)
        discard_staged(settings)  # what a stopped build left staged: its locales stay as they were
        # what a failed task was making is recorded again as the disk has it (or dropped if gone)
        state.update(verified_state(settings, {name: state.pop(name) for name in unfinished if name in state},
                                    codes, only=unfinished))
        _keep_up(settings, document, state, problems, statuses, result)


def _keep_up(settings: Settings, document: Document, state: dict, problems: dict[str, str],
             statuses: LocaleStatuses, result: BuildResult) -> None:
    """dist/ made a function of the current project again, whatever happened before: files no longer
    made removed, the cache and manifest written, failures remembered, the download page rewritten
    when anything it shows changed. Each problem is one line in `result.failed`."""
    current = current_locales(settings)
    try:
        result.removed = prune(settings, state, current)
    except Exception as error:  # a file that cannot be removed: its entry stays, tried again next time
        result.failed.append(unexpected(error))
    try:
        fit_web_links(settings, document, state, current, result)
    except Exception as error:
        result.failed.append(unexpected(error))
    discard_staged(settings)
    try:
        write_json(settings.dist / STATE, state)
        write_manifest(settings.dist, [entry["artifact"] for entry in state.values()])
        built = {(o.artifact.locale, o.artifact.kind) for o in result.outcomes}
        remembered = remember_problems(settings, sorted(built),
                                       [pair for pair in result.not_built if pair not in built], problems, current)
        refresh_download_page(settings, document, statuses, state, remembered, current)
    except Exception as error:
        result.failed.append(unexpected(error))


def _run(settings: Settings, document: Document, tasks: dict[Task, tuple[str, list[str]]], jobs: int | None,
         lock_fd: int, keep_html: bool, state: dict, unfinished: set[str], problems: dict[str, str],
         result: BuildResult, progress) -> None:
    """Run the tasks and take in each one's artifacts as it finishes: the booklets handed back are
    imposed here; once all of a locale's tasks are in, its new files move into place together, or,
    if one of them could not be written (a full disk), none does and the locale stays wholly as the
    last good build left it. `state`, `unfinished`, `problems` and `result` are brought up to date."""
    # Rendering loads WeasyPrint, pikepdf, PDFium and the process pool: some 0.6 s of imports that a
    # build with nothing to do goes without.
    from .pool import run_tasks
    from .tasks import Imposition, impose_artifact
    seen: set[tuple[str, str]] = set()
    pending = Counter(code for code, _group in tasks)
    staged: dict[str, list[tuple[Outcome, str]]] = {}  # locale -> (outcome, inputs key), not yet in place
    write_failed: set[str] = set()

    def failure(code: str, error: DmvpubError) -> None:
        # a locale's error comes back from each of its tasks, a full disk from each file
        if isinstance(error, WriteFailed):
            write_failed.add(code)
        if (code, error.message) not in seen:
            seen.add((code, error.message))
            problems.setdefault(code, f"{settings.relative(error.path)}: {error.message}"
                                if isinstance(error, WriteFailed) and error.path else error.message)
            (result.skipped if isinstance(error, IncompleteTranslation) else result.failed).append(error)

    with closing(run_tasks(settings, document, tasks, jobs, lock_fd, keep_html)) as runs:
        for (code, group), outcomes, errors in runs:
            for error in errors:
                failure(code, error)
            for outcome in outcomes:
                if isinstance(outcome, Imposition):
                    try:
                        outcome = impose_artifact(settings, outcome)
                    except Exception as error:
                        failure(code, unexpected(error))
                        continue
                staged.setdefault(code, []).append((outcome, tasks[code, group][0]))
            pending[code] -= 1
            if pending[code] == 0:
                _commit(settings, code, staged.pop(code, []), code in write_failed, state, unfinished, result,
                        progress, failure)


def _commit(settings: Settings, code: str, staged: list[tuple[Outcome, str]], write_failed: bool, state: dict,
            unfinished: set[str], result: BuildResult, progress, failure) -> None:
    """Move a locale's staged files into place and record them, all of them or, after a write error,
    none (they stay in `unfinished`, and the disk keeps the last good files)."""
    names = [outcome.artifact.path for outcome, _key in staged]
    if write_failed:
        discard_staged(settings, names)
        return
    try:
        commit_staged(settings, names)
    except WriteFailed as error:
        failure(code, error)
    for outcome, key in staged:
        if not (settings.dist / outcome.artifact.path).is_file() or \
                staged_path(settings, outcome.artifact.path).exists():
            continue  # not moved: the disk keeps what it had, checked again at the end
        state[outcome.artifact.path] = {"inputs": key, "artifact": asdict(outcome.artifact)}
        if outcome.links is not None:  # a web edition: the PDFs it links (upkeep.fit_web_links)
            state[outcome.artifact.path]["links"] = outcome.links
        unfinished.discard(outcome.artifact.path)
        result.outcomes.append(outcome)
        if progress:
            progress(outcome)
