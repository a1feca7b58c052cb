"""The English sign-offs: source/reviews.yaml, beside the source, one item per message.

    - context: "purpose"                  # the question id, or null
      message: "answer, paragraph 2"      # its place, independent of question numbers
      text: "In Missouri, the DMV…"       # a reminder only
      reviewed: "Ana Pérez 2026-12-01 sha256:5f1c…"

Read with PyYAML (a damaged file is a DmvpubError at the item's line); written by `reviews_yaml`
with every string a JSON string, which YAML reads as a double-quoted scalar, so no text can break it.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from ..core.errors import DmvpubError
from ..core.model import SignOff, SourceSignOff
from ..core.settings import Settings
from .signoff import format_signoff, parse_signoff

REVIEWS_FILE = "reviews.yaml"
MAX_REVIEWS_BYTES = 2 * 2**20
_REVIEWS_HEADER = """\
# Sign-offs of the English text, written by `dmvpub review en --by NAME --code CODE...`.
# Each item covers one message of the source exactly as it was reviewed: `reviewed` holds who,
# when, and the sha256 of the message's context and text. Editing the message voids its sign-off
# (it is then "changed since review"); `dmvpub review en` signs it again. `text` is only a reminder.
"""


def reviews_path(settings: Settings) -> Path:
    """source/reviews.yaml: beside the source, where editors find it."""
    return settings.inside(settings.source.parent / REVIEWS_FILE, "the English sign-offs file")


def reviews_shown(settings: Settings) -> str:
    """source/reviews.yaml as messages show it (relative to the project)."""
    return settings.relative(settings.source.parent / REVIEWS_FILE)


def read_source_signoffs(settings: Settings) -> tuple[SourceSignOff, ...]:
    """The English sign-offs, or none when there is no file; a damaged file is an error at its line."""
    path = reviews_path(settings)
    if not path.is_file():
        return ()
    if path.stat().st_size > MAX_REVIEWS_BYTES:
        raise DmvpubError(f"larger than {MAX_REVIEWS_BYTES // 2**20} MiB; a real one is a few KiB", path)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise DmvpubError("not UTF-8 text; save it as UTF-8", path) from None
    return parse_source_signoffs(text, path)


def parse_source_signoffs(text: str, path: Path) -> tuple[SourceSignOff, ...]:
    """The items of a reviews.yaml text; errors name `path` and the item's line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DmvpubError(f"not readable YAML ({getattr(error, 'problem', None) or 'syntax error'}); fix it, or "
                          "delete the file (the English then counts as not reviewed)", path,
                          mark.line + 1 if mark else None) from None
    if root is None:
        return ()
    if not isinstance(data, list):
        raise DmvpubError("expected a list of sign-offs (items starting with '- ')", path, root.start_mark.line + 1)
    found = []
    for node, item in zip(root.value, data):
        line = node.start_mark.line + 1

        def fail(message: str) -> DmvpubError:
            return DmvpubError(f"{message}; fix it, or delete the item (that message then counts as not "
                               "reviewed)", path, line)
        if not isinstance(item, dict):
            raise fail("each sign-off is a mapping with context, message and reviewed")
        unknown = {str(key) for key in item} - {"context", "message", "text", "reviewed"}
        if unknown:
            raise fail(f"unknown field(s) {', '.join(sorted(unknown))}; expected context, message, text, reviewed")
        if "reviewed" not in item:
            raise fail("'reviewed' is missing")
        signoff = parse_signoff(f"reviewed: {item['reviewed']}") if isinstance(item["reviewed"], str) else None
        if signoff is None:
            raise fail("'reviewed' must read 'NAME YYYY-MM-DD sha256:<64 hex digits>'")
        if not isinstance(item.get("message"), str):
            raise fail("'message' (which message this is, such as 'answer, paragraph 2') is missing")
        if item.get("context") is not None and not isinstance(item["context"], str):
            raise fail("'context' must be a question id, or null")
        found.append(SourceSignOff(item.get("context"), item["message"], signoff, line))
    return tuple(found)


def reviews_yaml(items: list[tuple[str | None, str, str, SignOff]]) -> str:
    """The file, one item per sign-off: (context, message, text, sign-off). Strings are written as
    JSON strings, which YAML reads as double-quoted scalars, so no text can break the file."""
    out = [_REVIEWS_HEADER]
    for context, message, text, signoff in items:
        out.append(f"- context: {json.dumps(context, ensure_ascii=False)}\n"
                   f"  message: {json.dumps(message, ensure_ascii=False)}\n"
                   f"  text: {json.dumps(_excerpt(text), ensure_ascii=False)}\n"
                   f"  reviewed: {json.dumps(format_signoff(signoff).removeprefix('reviewed: '), ensure_ascii=False)}\n")
    return "".join(out)


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"

