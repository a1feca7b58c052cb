"""What a merge leaves in a catalog, named for what it is (issue 32): git's conflict markers and
msgcat's merged entries and header. GNU msgfmt reads the first as syntax errors ("missing 'msgstr'
section", "keyword "HEAD" unknown") and accepts the second, whose entries then look like fuzzy
translations of an English text that changed; neither tells a translator what happened.

`check_leftovers(path, text)` raises a DmvpubError at the line of the first leftover, saying what
made it and how to mend the file; it returns None for a catalog with none.

Sources: git-merge(1), "How conflicts are presented" (the markers `<<<<<<<`, `|||||||` in the
diff3 style, `=======`, `>>>>>>>`, seven characters at a line's start); GNU gettext manual, "Invoking
the msgcat Program" and msgcat's `--use-first` (entries whose translations differ are merged into
one fuzzy entry, each translation after a `#-#-#-#-#  file  #-#-#-#-#` line; so is the header).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from ..core.errors import DmvpubError

_CONFLICT = re.compile(r"(<{7}|\|{7}|={7}|>{7})(?:[ \t].*)?")
# a quoted string (after msgstr, or a continuation) that is one of msgcat's markers
_MSGCAT = re.compile(r'(?:msgstr(?:\[\d+\])?\s+)?"#-#-#-#-#  (.*?)  #-#-#-#-#(?:\\n)?"\s*')
_FIELD = re.compile(r'"([A-Za-z][A-Za-z0-9-]*):')


def check_leftovers(path: Path, text: str) -> None:
    """A DmvpubError at the first leftover of a merge in a catalog's `text` (see the module)."""
    lines = text.split("\n")
    conflict_markers(path, lines)
    msgcat_markers(path, lines)
    doubled_header(path, lines)


def conflict_markers(path: Path, lines: Sequence[str]) -> None:
    """git's conflict markers: a DmvpubError at the first, saying how many conflicts there are."""
    markers = [(number, match.group(1)) for number, line in enumerate(lines, start=1)
               if (match := _CONFLICT.fullmatch(line.rstrip("\r")))]
    if not markers:
        return
    count = sum(1 for _, marker in markers if marker.startswith("<")) or 1
    which = "" if count == 1 else f" ({count} conflicts, the first here)"
    raise DmvpubError(f"merge conflict: git's conflict markers (<<<<<<<, =======, >>>>>>>) are still in the "
                      f"file{which}; keep the right text between them, delete the marker lines, then run "
                      "'dmvpub check'", path, markers[0][0])


def msgcat_markers(path: Path, lines: Sequence[str]) -> None:
    """msgcat's `#-#-#-#-#  file  #-#-#-#-#` lines: a DmvpubError at the first, saying whether the
    header is doubled and how many messages hold two translations."""
    entries: dict[int, list[tuple[int, str]]] = {}  # msgstr line -> its markers (line, file)
    msgstr = 0
    for number, line in enumerate(lines, start=1):
        if line.startswith("msgstr"):
            msgstr = number
        match = _MSGCAT.fullmatch(line.rstrip("\r"))
        if match and msgstr:
            entries.setdefault(msgstr, []).append((number, match.group(1).split(" (")[0]))
    if not entries:
        return
    header = _header_msgstr(lines)
    messages = [markers for start, markers in entries.items() if start != header]
    first_line, _ = next(iter(entries.values()))[0]
    files = " and ".join(dict.fromkeys(name for _, name in next(iter(entries.values()))))
    more = (f"; {len(messages)} message{'s' if len(messages) != 1 else ''} hold{'s' if len(messages) == 1 else ''} "
            f"such markers too, the first at line {messages[0][0][0]}") if messages else ""
    if header in entries:
        raise DmvpubError(f"msgcat merge markers: the header is a doubled header, the headers of {files} merged by "
                          "msgcat (each field twice); keep one, delete the '#-#-#-#-# … #-#-#-#-#' lines and the "
                          f"header's fuzzy flag{more}", path, first_line)
    count = (f" ({len(messages)} messages hold such markers)" if len(messages) > 1 else "")
    raise DmvpubError(f"msgcat merge markers: this message holds the translations of {files}, each after a "
                      "'#-#-#-#-# … #-#-#-#-#' line, merged by msgcat; keep one, delete the marker lines and "
                      f"the fuzzy flag{count}", path, first_line)


def doubled_header(path: Path, lines: Sequence[str]) -> None:
    """A header naming a field twice (as a hand merge of two headers leaves it): a DmvpubError at
    the second, naming the first."""
    header = _header_msgstr(lines)
    if not header:
        return
    seen: dict[str, int] = {}
    for number in range(header + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.startswith('"'):
            break
        previous = lines[number - 2].rstrip("\r")
        field = _FIELD.match(line)
        if field and (number == header + 1 or previous.endswith('\\n"')):  # a field starts after a "\n"
            name = field.group(1)
            if name in seen:
                raise DmvpubError(f"doubled header: the field {name} is there twice (first at line {seen[name]}), "
                                  "as a merge of two headers leaves it; keep one", path, number)
            seen[name] = number


def _header_msgstr(lines: Sequence[str]) -> int:
    """The line (from 1) of the header's msgstr: the first `msgid ""` followed by a msgstr with no
    msgctxt before it; 0 when there is none."""
    for number, line in enumerate(lines[:-1], start=1):
        if line.startswith("msgctxt"):
            return 0
        if re.fullmatch(r'msgid\s+""\s*', line.rstrip("\r")):
            following = lines[number].rstrip("\r")
            return number + 1 if following.startswith("msgstr") else 0
        if line.startswith("msgid"):
            return 0
    return 0
