"""The one way dmvpub writes a file: whole, or not at all."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

NEW_FILE_MODE = 0o644


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` beside `path` and rename it into place: a reader (a translator's editor, a web
    server, a second build) sees the old file or the new one, never half of either.

    An existing file keeps its permission bits (a catalog made group-writable stays so); a new one
    is made rw-r--r-- (0644). The parent folders are made as needed. On any error, signal or
    interruption the temporary file is removed and `path` is as it was; the OSError propagates
    (callers turn it into a one-line DmvpubError naming the path).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_json(path: Path) -> dict:
    """A JSON object dmvpub wrote (a record of its own: cache, manifest, what a sheet showed), or {}
    when the file is missing, unreadable, not JSON or not an object: such a record is no record."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
