"""Where each date dmvpub writes comes from.

- **What the document states** comes from the source's `current_as_of` (00:00 UTC that day): the
  printed "Current as of" line, the print-shop PDF's creation and modification dates (its
  document information and XMP), and any time stamp a library stamps into a file of dist/ (such as
  fontTools' `head.modified` in a font it instantiates). Nothing in the environment changes them,
  so the same inputs give the same bytes on any machine, in any year, under any `TZ`, `LANG` or
  `SOURCE_DATE_EPOCH`.
- **What dmvpub invents** where the inputs state no date (the `POT-Creation-Date` of a changed
  template, the `PO-Revision-Date` of a new catalog): now, or `SOURCE_DATE_EPOCH` when it is set,
  as the reproducible-builds specification asks
  (https://reproducible-builds.org/specs/source-date-epoch/): a whole number of seconds since
  1970-01-01 00:00 UTC; anything else is an error, not ignored.
"""

from __future__ import annotations

import calendar
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timezone

from .errors import DmvpubError

VARIABLE = "SOURCE_DATE_EPOCH"


def day_epoch(day: date) -> int:
    """Seconds from 1970-01-01 00:00 UTC to 00:00 UTC of `day`."""
    return calendar.timegm(day.timetuple()[:3] + (0, 0, 0))


def invented_time() -> datetime:
    """The time to stamp where no input states one, in UTC: SOURCE_DATE_EPOCH when set, else now
    to the minute. DmvpubError when SOURCE_DATE_EPOCH is set but not a whole number of seconds."""
    epoch = os.environ.get(VARIABLE)
    if epoch is None or not epoch.strip():
        return datetime.now(timezone.utc).replace(second=0, microsecond=0)
    if not epoch.strip().isascii() or not epoch.strip().isdigit():
        raise DmvpubError(f"{VARIABLE} must be a whole number of seconds since 1970-01-01 00:00 UTC, not {epoch!r}")
    try:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    except (OverflowError, OSError, ValueError):
        raise DmvpubError(f"{VARIABLE} is past any date dmvpub can write: {epoch}") from None


@contextmanager
def libraries_dated(day: date) -> Iterator[None]:
    """While inside, libraries that stamp the current time into what they write (fontTools, which
    reads SOURCE_DATE_EPOCH) stamp 00:00 UTC of `day` instead, whatever SOURCE_DATE_EPOCH the caller
    set; processes forked inside inherit it. The caller's value (or its absence) is restored after."""
    before = os.environ.get(VARIABLE)
    os.environ[VARIABLE] = str(day_epoch(day))
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(VARIABLE, None)
        else:
            os.environ[VARIABLE] = before
