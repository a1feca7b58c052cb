"""A build's tasks run: in this process, or in a pool of worker processes that die with the build.

Workers are forked from a process that has WeasyPrint, pikepdf, the templates and the
templates' strings loaded (importing this module loads the first two), so each starts with
them; a Ctrl-C reaches the build alone, which stops its workers; a build killed outright takes
its workers with it (PR_SET_PDEATHSIG) and leaves its lock free.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed

from ..core.errors import DmvpubError, unexpected
from ..core.model import Document
from ..core.settings import Settings
from ..po import template_messages
from .plan import TASK_GROUPS, Outcome, Task
from .tasks import Imposition, build_locale_task, renderer_for

Finished = tuple[Task, list[Outcome | Imposition], list[DmvpubError]]


def run_tasks(settings: Settings, document: Document, tasks: dict[Task, tuple[str, list[str]]], jobs: int | None,
              lock_fd: int, keep_html: bool) -> Iterator[Finished]:
    """((code, group), outcomes, errors) per task as each finishes: in this process for one task or
    `jobs` 1, else from a pool of `jobs` workers (None: one per core). `tasks` maps each task to
    (inputs key, the kinds to make); `lock_fd` is the build lock's descriptor, which workers close.

    Closing the iterator early (SIGTERM, Ctrl-C, an error in the caller) stops the workers at once
    and waits for them, so nothing goes on writing once the build has ended."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or len(tasks) <= 1:
        for task, (_key, kinds) in tasks.items():
            yield task, *build_locale_task(settings, document, task[0], kinds, keep_html)
        return
    # The renderer (its templates, the patches to WeasyPrint) and the templates' strings, which
    # every task's localizing needs, are made once, here, before the workers fork.
    renderer_for(settings)
    template_messages(settings.templates, settings.relative(settings.templates))
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), initializer=_worker_started,
                               initargs=(os.getpid(), lock_fd))
    try:
        # Booklet tasks first: the longest jobs start early and the short flyers fill the gaps.
        ordered = sorted(tasks.items(), key=lambda item: TASK_GROUPS.index(item[0][1]))
        futures = {pool.submit(build_locale_task, settings, document, task[0], kinds, keep_html): task
                   for task, (_key, kinds) in ordered}
        for future in as_completed(futures):
            try:
                outcomes, errors = future.result()
            except Exception as error:  # a worker that died (killed, out of memory)
                outcomes, errors = [], [unexpected(error)]
            yield futures[future], outcomes, errors
    except BaseException:  # SIGTERM, Ctrl-C, or the build closing this early: the workers stop at once
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # nothing goes on writing once the build has ended


def _worker_started(parent: int, lock_fd: int) -> None:
    """A worker dies with the build that started it and does not hold its lock.

    Without this, `kill -9` of the build left workers running, blocked, and holding the lock
    (they inherit its file descriptor), so every later build refused to start.
    """
    os.close(lock_fd)  # the lock stays with the parent's descriptor
    # Ctrl-C reaches every process of the terminal: the build alone handles it, and stops its
    # workers with SIGTERM, which ends them at once.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)
