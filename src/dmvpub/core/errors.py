"""The one exception type for mistakes a user can make and fix, and where in a file a thing is."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file, as a message shows it (Sphinx's `MsgOrigin(source, line)`).

    `path` is as the user sees it: relative to the project, with forward slashes
    ("locales/es/LC_MESSAGES/messages.po"); `line` counts from 1, None for the file as a whole.
    Printed `path:line`, the form compilers, msgfmt and editors jump to."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class DmvpubError(Exception):
    """A problem in the user's files or command, reported as `file:line: message`."""

    def __init__(self, message: str, path: str | os.PathLike | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    @property
    def location(self) -> str:
        if self.path is None:
            return ""
        shown = _relative(self.path)
        return f"{shown}:{self.line}" if self.line else shown

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def _relative(path: Path) -> str:
    """A path as the user would type it from where they stand."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def unexpected(error: Exception) -> DmvpubError:
    """An error no check foresaw, as one line: the file and the system's reason for OSErrors."""
    if isinstance(error, DmvpubError):
        return error
    if isinstance(error, OSError):
        return DmvpubError(f"cannot write or read: {error.strerror or error}", error.filename)
    return DmvpubError(f"internal error ({type(error).__name__}: {error}); this is a bug in dmvpub, "
                       "please report it with the command you ran")
