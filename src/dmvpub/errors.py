"""The one exception type for mistakes a user can make and fix."""

from __future__ import annotations

import os
from pathlib import Path


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
