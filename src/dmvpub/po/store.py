"""The one way a translator's catalog (a GNU gettext .po file) is read and written.

Reading (`read_catalog`, or `parse_catalog` for bytes in hand): the bytes are checked first (size,
UTF-8 as the header says, no byte-order mark, no merge's leftovers: git's conflict markers,
msgcat's markers, a doubled header, named by leftovers.py), then GNU msgfmt checks the syntax
(polib accepts some broken files, such as an unterminated string or a duplicate entry), then polib
reads the text with its lines ended only by a newline or CR LF, as gettext's own are: a U+2028,
U+0085 or vertical tab a translator pasted stays inside its string or comment (issue 24). The
result, a `CatalogFile`, is polib's POFile plus the file's own lines (each with its own ending) and
an index of where each entry's keywords are, so no one reads the file again to say where something
is.

Writing (`write_catalog`): whole or not at all, through core.files.write_atomically. Edits of a
catalog's text (`edit_header`, `line_ending`) keep each line's own ending, so a file saved with
CR LF, or partly so, keeps its bytes everywhere but where it was edited.

Errors a translator can cause are a DmvpubError naming the file and line, in gettext's words made
plain (`gettext_error`; a duplicate entry with the line of its first copy).
"""

from __future__ import annotations

import bisect
import os
import re
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import polib

from ..core.errors import DmvpubError
from ..core.files import write_atomically
from ..core.model import MAX_MESSAGE_CHARS
from .leftovers import check_leftovers

WIDTH = 79  # GNU gettext's own wrapping width, so msgmerge and extract agree
MAX_CATALOG_BYTES = 2 * 2**20  # twenty times a real catalog; polib needs seconds beyond this


def gettext_env() -> dict[str, str]:
    """The environment GNU gettext's tools run in: this one, with their messages in English and the
    text read as UTF-8 (LC_ALL=C.UTF-8), so their complaints can be understood."""
    return {**os.environ, "LC_ALL": "C.UTF-8"}


# --- where things are ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class EntryLines:
    """The lines (from 1) of one entry: `first` is polib's linenum (its first comment, else its
    msgctxt or msgid); `msgid` and `msgstr` the lines of those keywords, where messages point (the
    msgstr line is where a translator types). A keyword not found after `first` is at `first`."""

    first: int
    msgid: int
    msgstr: int


class LineIndex:
    """Where the keywords and header fields are in a catalog's lines: made once, asked by bisection
    (a catalog may hold tens of thousands of entries)."""

    def __init__(self, lines: Sequence[str]):
        self._msgid = [number for number, line in enumerate(lines, start=1) if line.startswith("msgid")]
        self._msgstr = [number for number, line in enumerate(lines, start=1) if line.startswith("msgstr")]
        self._fields: dict[str, int] = {}
        for number, line in enumerate(lines, start=1):
            field = re.match(r'"([^":\r\n]+):', line)
            if field:
                self._fields.setdefault(field.group(1), number)

    @classmethod
    def of_file(cls, path: str | os.PathLike | None) -> LineIndex:
        """The index of a file polib read itself (by path: lines as Python's universal newlines end
        them, as polib counted); of no lines when there is no such file."""
        if not path or not os.path.isfile(path):
            return cls([])
        with open(path, encoding="utf-8", errors="replace") as file:
            return cls(file.readlines())

    def entry(self, entry: polib.POEntry) -> EntryLines:
        return EntryLines(entry.linenum, _at_or_after(self._msgid, entry.linenum),
                          _at_or_after(self._msgstr, entry.linenum))

    def header_line(self, key: str) -> int | None:
        """The line of the first `"key: …` string (a header field), or None."""
        return self._fields.get(key)


def _at_or_after(numbers: list[int], start: int) -> int:
    """The first of the sorted `numbers` at or after `start`, else `start`."""
    index = bisect.bisect_left(numbers, start)
    return numbers[index] if index < len(numbers) else start


class CatalogFile(polib.POFile):
    """A catalog read from its file: polib's POFile (entries, metadata, `fpath`) plus `path`, the
    file's `lines` (each with its own ending: "\\n", "\\r\\n", or none for a last line without one),
    `newline` (the ending most lines have, for lines added where no neighbour says) and `index`."""

    path: Path
    lines: list[str]
    newline: str
    index: LineIndex

    def where(self, entry: polib.POEntry) -> EntryLines:
        return self.index.entry(entry)

    def entry_at(self, line: int) -> polib.POEntry | None:
        """The entry whose lines hold `line` (the last starting at or before it); None in the header."""
        if not hasattr(self, "_starts"):
            ordered = sorted(self, key=lambda entry: entry.linenum)
            self._starts = ([entry.linenum for entry in ordered], ordered)
        starts, entries = self._starts
        index = bisect.bisect_right(starts, line)
        return entries[index - 1] if index else None


def entry_lines(catalog: polib.POFile, text: Sequence[str] | None = None) -> LineIndex:
    """The line index of any catalog: a CatalogFile's own; else one made from `text` (its lines), or
    from the file polib read it from."""
    if isinstance(catalog, CatalogFile):
        return catalog.index
    return LineIndex(text) if text is not None else LineIndex.of_file(catalog.fpath)


# --- reading -------------------------------------------------------------------------------------------

def read_catalog(path: Path) -> CatalogFile:
    """A translator's catalog, or a DmvpubError naming the file and line at fault (see the module).

    polib's time grows with the square of a comment block, hence the size limit."""
    return parse_catalog(catalog_bytes(path), path)


def parse_catalog(data: bytes, path: Path) -> CatalogFile:
    """The catalog whose bytes are `data` (as if read from `path`, which errors name): checked as
    `read_catalog` checks a file. msgfmt reads the bytes themselves, not the file.

    Errors (DmvpubError at `path` and the line): not UTF-8 or another charset declared, what msgfmt
    refuses (said plainly), what polib cannot read, a message over MAX_MESSAGE_CHARS characters."""
    check_text(path, data)
    check = subprocess.run(["msgfmt", "-o", os.devnull, "-"], input=data, capture_output=True, env=gettext_env())
    if check.returncode != 0:
        stderr = check.stderr.decode("utf-8", "replace").replace("msgfmt: ", "")
        raise gettext_error(stderr, "<stdin>", data, path)
    text = data.decode("utf-8")
    try:
        catalog = polib.pofile(_PoText(text), wrapwidth=WIDTH, klass=CatalogFile)
    except (OSError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        raise DmvpubError(f"cannot read this catalog: {polib_reason(error)}", path,
                          int(line.group(1)) if line else None) from None
    for entry in catalog:
        if max(len(entry.msgid), len(entry.msgstr)) > MAX_MESSAGE_CHARS:
            raise DmvpubError(f"a message longer than {MAX_MESSAGE_CHARS:,} characters; no real sentence is "
                              "this long", path, entry.linenum)
    catalog.fpath = str(path)
    catalog.path = path
    catalog.lines = split_lines(text)
    catalog.newline = newline_of(data)
    catalog.index = LineIndex(catalog.lines)
    return catalog


def parse_po(text: str) -> polib.POFile:
    """A catalog's text read by polib, its lines ended only by a newline as GNU gettext's are
    (unchecked: for text dmvpub or msgmerge wrote, see `parse_catalog` for a translator's).

    polib splits text given as a string with str.splitlines(), which also breaks lines at U+2028,
    U+0085, a vertical tab and other characters a translator can paste inside a msgstr (issue 24).
    """
    return polib.pofile(_PoText(text), wrapwidth=WIDTH)


class _PoText(str):
    def splitlines(self, keepends: bool = False) -> list[str]:
        lines = self.replace("\r\n", "\n").split("\n")
        return [line + "\n" for line in lines] if keepends else lines


def split_lines(text: str) -> list[str]:
    """`text` as gettext sees its lines, each with its own ending ("\\n" or "\\r\\n"; the last may have
    none): "".join(split_lines(text)) == text."""
    return [line for line in re.split(r"(?<=\n)", text) if line]


def newline_of(data: bytes) -> str:
    """The line ending most of a file's lines have: "\\r\\n" or "\\n"."""
    return "\r\n" if data.count(b"\r\n") * 2 > data.count(b"\n") else "\n"


def catalog_bytes(path: Path) -> bytes:
    """A catalog file's bytes, or a DmvpubError: not found, a folder, over MAX_CATALOG_BYTES."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise DmvpubError(f"catalog is {size / 2**20:.1f} MiB; dmvpub reads catalogs up to "
                              f"{MAX_CATALOG_BYTES // 2**20} MiB (a real one is about 0.1 MiB)", path)
        return path.read_bytes()
    except FileNotFoundError:
        raise DmvpubError("catalog not found", path) from None
    except IsADirectoryError:
        raise DmvpubError("this is a folder, not a catalog file", path) from None


_BOMS = ((b"\xff\xfe\x00\x00", "UTF-32 (little-endian)"), (b"\x00\x00\xfe\xff", "UTF-32 (big-endian)"),
         (b"\xef\xbb\xbf", "UTF-8 with a byte-order mark"), (b"\xff\xfe", "UTF-16 (little-endian)"),
         (b"\xfe\xff", "UTF-16 (big-endian)"))


def check_encoding(path: Path, data: bytes) -> None:
    """Catalogs are UTF-8, say so in their header, and carry no byte-order mark; else a DmvpubError
    saying what was found, at its line."""
    found = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if found is None and b"\x00" in data[:400]:
        found = "UTF-16" if data[:400].count(b"\x00") * 3 > len(data[:400]) else None
    if found:
        raise DmvpubError(f"catalog is saved as {found}; save it as UTF-8 without a byte-order mark "
                          "(Poedit and Weblate do)", path, 1)
    charset = re.search(rb'^"Content-Type:[^"\n]*charset=([^"\\\s;]*)', data, re.M)
    declared = charset.group(1).decode("ascii", "replace") if charset else None
    line = data[:charset.start()].count(b"\n") + 1 if charset else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        said = f" (its header says charset={declared})" if declared else ""
        raise DmvpubError(f"catalog is not UTF-8 text{said}: byte 0x{data[error.start]:02X} cannot be read; "
                          "save it as UTF-8 and set charset=UTF-8", path, data[:error.start].count(b"\n") + 1) \
            from None
    if declared is not None and declared.lower().replace("_", "-") not in ("utf-8", "utf8"):
        bytes_are = "UTF-8" if not text.isascii() else "plain ASCII"
        raise DmvpubError(f"the header says charset={declared}, but the file is {bytes_are}; set charset=UTF-8",
                          path, line)


def check_text(path: Path, data: bytes) -> None:
    """What is checked before gettext reads a catalog's bytes: its encoding (`check_encoding`), then
    what a merge left in it (git's conflict markers, msgcat's markers, a doubled header:
    leftovers.py), each a DmvpubError at its line."""
    check_encoding(path, data)
    check_leftovers(path, data.decode("utf-8"))


def header_line(path: Path, key: str) -> int | None:
    """The line of a catalog's header field `key` in the file at `path`, for messages about it
    (a CatalogFile already read answers `catalog.index.header_line(key)`)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            return next((number for number, line in enumerate(file, start=1) if line.startswith(f'"{key}:')), None)
    except OSError:
        return None


# --- gettext's errors, said plainly ----------------------------------------------------------------------

_PLAIN = {
    "syntax error": "syntax error: this line is not a comment, a keyword (msgctxt, msgid, msgstr) or a quoted "
                    "string, or it repeats a keyword",
    "end-of-line within string": "end-of-line within string: a closing quote (\") is missing at the end of this line",
}
_FIRST_COPY = "...this is the location of the first definition"


def gettext_error(stderr: str, source: str, data: bytes, shown_as: Path) -> DmvpubError:
    """The first of msgfmt's or msgmerge's complaints about `data` (which they read as `source`, a
    file name or "<stdin>"), as a DmvpubError at `shown_as` and the line gettext names."""
    said = [(int(match.group(1)), match.group(2)) for line in stderr.splitlines()
            if (match := re.match(rf"^(?:msgmerge: )?{re.escape(source)}:(\d+):(?:\d+:)? (.*)$", line))]
    if said:
        number, message = said[0]
        if message.startswith("duplicate message definition"):  # and where the first copy is, next
            first = next((at for at, words in said[1:] if words == _FIRST_COPY), None)
            where = f" (first at line {_msgid_line(data, first)})" if first else ""
            return DmvpubError(f"duplicate entry{where}: the same msgctxt and msgid twice, as a bad merge leaves "
                               "them; keep the right translation in one of them and delete the other", shown_as, number)
        if _unescaped_quote(data, number):
            return DmvpubError('a " inside the text ends the string early: write it as \\" (or use “ ” or « »)',
                               shown_as, number)
        return DmvpubError(_PLAIN.get(message, message), shown_as, number)
    reason = stderr.strip().splitlines()[0] if stderr.strip() else "msgmerge failed"
    return DmvpubError(reason.replace(source, str(shown_as)), shown_as)


def _msgid_line(data: bytes, number: int) -> int:
    """The line of the msgid of the entry holding line `number` (msgfmt names the first copy of a
    duplicate entry by its msgstr line, the second by its msgid line): the last `msgid` at or
    before it, else `number`."""
    lines = data.split(b"\n", number)[:number]
    return next((at for at in range(len(lines), 0, -1) if re.match(rb"msgid\s", lines[at - 1])), number)


def _unescaped_quote(data: bytes, number: int) -> bool:
    """Whether line `number` of a catalog's bytes holds a quoted string with a bare `"` inside it."""
    lines = data.split(b"\n", number)
    line = lines[number - 1].decode("utf-8", "replace").rstrip("\r") if 0 < number <= len(lines) else ""
    string = re.sub(r"^\s*(?:msgctxt|msgid(?:_plural)?|msgstr(?:\[\d+\])?)?\s*", "", line)
    return string.startswith('"') and len(re.findall(r'(?<!\\)"', string)) > 2


def polib_reason(error: Exception) -> str:
    """polib's complaint without its "(line N)" and file name, which the DmvpubError says."""
    text = str(error)
    return re.sub(r"\s*\(line \d+\)|\s*in po file \S*", "", text).strip() or "syntax error"


# --- writing -------------------------------------------------------------------------------------------

def write_catalog(path: Path, data: bytes) -> None:
    """Write a catalog (or the template) whole, or not at all: core.files.write_atomically, which
    keeps an existing file's mode. An OSError propagates (the command says it as one line)."""
    write_atomically(path, data)


def line_ending(lines: Sequence[str], index: int, default: str = "\n") -> str:
    """The ending for a line put at `index` of `lines` (each with its own ending): that of the line it
    goes before, else of the one before it, else `default`. A file saved partly with CR LF gets each
    new line in the style of the part it goes into."""
    for near in (index, index - 1):
        if 0 <= near < len(lines) and lines[near].endswith("\n"):
            return "\r\n" if lines[near].endswith("\r\n") else "\n"
    return default


def insert_line(lines: list[str], index: int, text: str, ending: str) -> None:
    """Put the line `text`, ended by `ending`, at `index` of `lines` (each with its own ending); a last
    line without an ending gets one when a line goes after it."""
    if index == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += ending
    lines.insert(index, text + ending)


def edit_header(catalog: CatalogFile, values: Mapping[str, str], lines: list[str] | None = None) -> list[str]:
    """The catalog's lines (or `lines`, an edit of them that left the header as it was) with the header
    fields `values` set: a field's string lines replaced in place, a missing field added after the
    last. Nothing else changes, comments and blank lines in the header comment included.

    A DmvpubError (line 1) when the catalog has no header to set fields in."""
    lines = list(catalog.lines if lines is None else lines)
    fields = _header_fields(lines)
    if fields is None:
        raise DmvpubError('no header (msgid "" with msgstr "Language: …"): the catalog was not started with '
                          "'dmvpub init'; copy the header from another catalog", catalog.path, 1)
    start, end = fields
    for key, value in values.items():
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        new = f'"{key}: {escaped}\\n"'
        index = next((i for i in range(start, end) if lines[i].startswith(f'"{key}:')), None)
        if index is None:
            insert_line(lines, end, new, line_ending(lines, end - 1, catalog.newline))
            end += 1
            continue
        last = index
        while last < end - 1 and not lines[last].rstrip("\r\n").endswith('\\n"'):
            last += 1
        lines[index:last + 1] = [new + line_ending(lines, last, catalog.newline)]
        end -= last - index
    return lines


def _header_fields(lines: Sequence[str]) -> tuple[int, int] | None:
    """The indexes [start, end) of the header's field lines: the quoted strings after its `msgid ""`
    and `msgstr` (the first entry whose msgid is an empty string, followed at once by its msgstr);
    None when there is no header."""
    index = next((i for i, line in enumerate(lines[:-1]) if re.fullmatch(r'msgid\s+""\s*', line)
                  and lines[i + 1].startswith("msgstr")), None)
    if index is None:
        return None
    start = index + 2
    end = start
    while end < len(lines) and lines[end].startswith('"'):
        end += 1
    return start, end
