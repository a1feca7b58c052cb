"""gettext catalogs: extract the template, start a language, merge the template into translations.

Extraction uses Babel (and its Jinja2 extractor for the templates). Merging uses GNU
msgmerge itself, the reference for what translators' tools expect: it keeps translator
comments and custom headers, marks edited text fuzzy with the previous msgid (`#|`) and
keeps removed text as obsolete (`#~`). PO files are read with polib.
"""

from __future__ import annotations

import functools
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import polib
from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po, write_po

from ..core.errors import DmvpubError
from ..core.files import write_atomically
from ..core.language import describe, header_language, is_locale_code
from ..core.model import MAX_MESSAGE_CHARS, Document, document_messages
from ..core.settings import Settings
from ..text.visible import is_blank

WIDTH = 79  # GNU gettext's own wrapping width, so msgmerge and extract agree
TEMPLATE_METHODS = [("**.html", "jinja2.ext:babel_extract")]
TEMPLATE_OPTIONS = {"**.html": {"trimmed": "true"}}
COMMENT_TAGS = ("Translators:",)
REVIEW_HEADERS = ("X-Review-Status", "X-Reviewed-By", "X-Reviewed-On")
MAX_CATALOG_BYTES = 2 * 2**20  # twenty times a real catalog; polib needs seconds beyond this


@dataclass(frozen=True)
class TemplateMessage:
    msgid: str
    path: str
    line: int
    comments: tuple[str, ...]


def template_messages(templates: Path, shown_as: str) -> list[TemplateMessage]:
    """The templates' own strings, found by Babel's Jinja2 extractor.

    Extracting takes a tenth of a second and every localized document needs it (a cold build
    localizes some sixty times), so the result is kept per process for the templates' exact bytes.
    """
    digest = hashlib.sha256()
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(templates).as_posix()}\0{path.stat().st_size}\0".encode())
            digest.update(path.read_bytes())
    return list(_template_messages(templates, shown_as, digest.hexdigest()))


@functools.lru_cache(maxsize=4)
def _template_messages(templates: Path, shown_as: str, _contents: str) -> tuple[TemplateMessage, ...]:
    found = []
    for filename, line, message, comments, _context in extract_from_dir(
            templates, method_map=TEMPLATE_METHODS, options_map=TEMPLATE_OPTIONS,
            comment_tags=COMMENT_TAGS, strip_comment_tags=True):
        if not isinstance(message, str):
            raise DmvpubError("plural strings are not supported in templates", templates / filename, line)
        found.append(TemplateMessage(message, f"{shown_as}/{Path(filename).as_posix()}", line, tuple(comments)))
    return tuple(found)


def extract_catalog(document: Document, templates: list[TemplateMessage]) -> Catalog:
    """The message template: the document's text in reading order, then the templates' strings."""
    catalog = Catalog(project="Missouri DMV and ICE booklet", version=document.current_as_of.isoformat(),
                      header_comment=_TEMPLATE_HEADER, fuzzy=False)
    for message in document_messages(document):
        added = catalog.add(message.msgid, locations=[(message.path, message.line)],
                            auto_comments=message.comments, context=message.context)
        added.flags.discard("python-format")  # prose, not a format string, whatever '%' it holds
    for message in templates:
        catalog.add(message.msgid, locations=[(message.path, message.line)], auto_comments=message.comments)
    return catalog


def write_template(catalog: Catalog, path: Path) -> bool:
    """Write the .pot; keep the file untouched when only its creation date or Babel's version would change."""
    if path.exists():
        with path.open("rb") as old:
            catalog.creation_date = read_po(old).creation_date
        if _without_generator(_render_po(catalog)) == _without_generator(path.read_bytes()):
            return False
    catalog.creation_date = _now()
    write_atomically(path, _render_po(catalog))
    return True


def _without_generator(po: bytes) -> bytes:
    """A template's bytes minus the Generated-By header, so upgrading Babel alone churns no file."""
    return re.sub(rb'^"Generated-By: [^"]*"\n', b"", po, flags=re.M)


def locale_code(code: str) -> str:
    """The canonical form of a locale code (zh-Hans -> zh_Hans), or a clear error.

    A well-formed code Babel has no data for (S'gaw Karen, ksw) is kept as it is: its catalog
    describes the language in its header instead. CLDR's `root` (the data every locale inherits)
    names no language, so it is no locale code here.
    """
    try:
        if isinstance(code, str) and code.lower() == "root":
            raise ValueError(code)
        return str(Locale.parse(code.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError):
        if isinstance(code, str) and is_locale_code(code.replace("-", "_")):
            return code.replace("-", "_")
        raise DmvpubError(f"'{code}' is not a locale code (examples: es, vi, ar, zh_Hans, bs, so, ksw)") from None


def catalog_path(settings: Settings, code: str) -> Path:
    """Where a locale's catalog lives; an error if a link there leads out of the project."""
    return settings.inside(settings.locales / code / "LC_MESSAGES" / "messages.po", f"the catalog of {code}")


def template_path(settings: Settings) -> Path:
    """locales/messages.pot; an error if a link there leads out of the project (issue 24, item 12)."""
    return settings.inside(settings.locales / "messages.pot", "the message template")


def locale_codes(settings: Settings) -> list[str]:
    """Locales that have a catalog on disk under a valid locale folder, sorted.

    A folder whose name is not a locale code is left out here and reported by
    `locale_directory_errors`, so one misnamed folder never stops the other languages.
    """
    return sorted(path.parent.parent.name for path in settings.locales.glob("*/LC_MESSAGES/messages.po")
                  if _valid_folder(path.parent.parent.name) and path.resolve().is_relative_to(settings.root)
                  and path.parent.parent.name != settings.source_locale)


def locale_directory_errors(settings: Settings) -> list[DmvpubError]:
    """Folders under locales/ that hold a catalog but are not named by a canonical locale code."""
    errors = []
    for path in sorted(settings.locales.glob("*/LC_MESSAGES/messages.po")):
        folder = path.parent.parent
        if not path.resolve().is_relative_to(settings.root):
            errors.append(DmvpubError("this catalog is a link to a file outside the project folder; dmvpub "
                                      "reads only files inside it: copy the file here instead", path))
            continue
        if folder.name == settings.source_locale:
            errors.append(DmvpubError(f"'{folder.name}' is the source language: its text is {settings.relative(settings.source)}, "
                                      "not a catalog; this catalog is not used (delete the folder)", folder))
            continue
        if _valid_folder(folder.name):
            continue
        try:
            hint = f"rename the folder to {locale_code(folder.name)}"
        except DmvpubError:
            hint = "rename the folder to a locale code Babel knows (examples: es, vi, ar, zh_Hans, bs, so)"
        errors.append(DmvpubError(f"'{folder.name}' is not a locale code; {hint}", folder))
    return errors


def _valid_folder(name: str) -> bool:
    try:
        return locale_code(name) == name
    except DmvpubError:
        return False


def init_locale(settings: Settings, code: str, declared: dict[str, str] | None = None) -> Path:
    """Start a translation: a catalog with Babel's plural rule and language name, every message empty.

    `declared` (X-Language-Name, -Script, -Direction) describes a language Babel has no data for."""
    code = locale_code(code)
    language = describe(code, declared)
    if code == settings.source_locale:
        raise DmvpubError(f"'{code}' is the source language; its text lives in the source, not in a catalog")
    target = catalog_path(settings, code)
    if target.exists():
        raise DmvpubError("a catalog for this locale exists already; run 'dmvpub update' to refresh it", target)
    pot = _require_template(settings)
    english_name = Locale.parse(code).english_name if language.cldr else language.name
    project = polib.pofile(str(pot)).metadata
    po = polib.POFile(wrapwidth=WIDTH)
    po.header = (f"{english_name} translation of the Missouri DMV and ICE booklet.\n"
                 f"Language: {language.name} ({code}).")
    po.metadata = {
        "Project-Id-Version": project.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": project.get("POT-Creation-Date", ""),
        "PO-Revision-Date": _now().strftime("%Y-%m-%d %H:%M%z"),
        "Last-Translator": "",
        "Language-Team": english_name,
        "Language": code,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms(code),
        "X-Review-Status": "draft",
        "X-Reviewed-By": "",
        "X-Reviewed-On": "",
        **({key: value for key, value in (declared or {}).items() if value}),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, _merge(po.__unicode__().encode("utf-8"), pot, target))
    return target


def plural_forms(code: str) -> str:
    """CLDR's plural rule for the locale, through Babel; gettext's default where Babel has no data."""
    try:
        return get_plural(code).plural_forms
    except (UnknownLocaleError, ValueError):
        return "nplurals=2; plural=(n != 1);"


def update_locale(settings: Settings, code: str) -> bool:
    """Merge the template into one locale's catalog; True when the file changed."""
    path = catalog_path(settings, code)
    data = _catalog_bytes(path)
    if not data.strip():
        raise DmvpubError(f"the catalog is empty; delete it and run 'dmvpub init {code}' to start again", path)
    _check_encoding(path, data)
    crlf = data.count(b"\r\n") * 2 > data.count(b"\n")  # the file's own line endings, kept (issue 24)
    lf = data.replace(b"\r\n", b"\n")
    try:
        merged = _merge(lf, _require_template(settings), path)
    except (ValueError, OSError) as error:  # polib's own errors, so one catalog never stops the others
        raise DmvpubError(f"cannot merge this catalog: {_polib_reason(error)}", path) from None
    if crlf:
        merged = merged.replace(b"\n", b"\r\n")
    if merged == data:
        return False
    write_atomically(path, merged)
    return True


def read_catalog(path: Path) -> polib.POFile:
    """A translator's catalog, or an error naming the file and line at fault.

    The bytes are checked first (size, encoding), then GNU msgfmt checks the syntax (polib
    accepts some broken files, such as an unterminated string or a duplicate entry), then
    polib reads it. polib's time grows with the square of a comment block, hence the size limit.
    """
    _check_encoding(path, _catalog_bytes(path))
    check = subprocess.run(["msgfmt", "-o", os.devnull, str(path)], capture_output=True, text=True,
                           env={**os.environ, "LC_ALL": "C.UTF-8"})
    if check.returncode != 0:
        raise _msgmerge_error(check.stderr.replace("msgfmt: ", ""), path, path)
    try:
        catalog = polib.pofile(str(path), wrapwidth=WIDTH)
    except (OSError, ValueError) as error:
        line = re.search(r"line (\d+)", str(error))
        raise DmvpubError(f"cannot read this catalog: {_polib_reason(error)}", path,
                          int(line.group(1)) if line else None) from None
    for entry in catalog:
        if max(len(entry.msgid), len(entry.msgstr)) > MAX_MESSAGE_CHARS:
            raise DmvpubError(f"a message longer than {MAX_MESSAGE_CHARS:,} characters; no real sentence is "
                              "this long", path, entry.linenum)
    return catalog


def language_header(catalog: polib.POFile, code: str) -> tuple[str, str] | None:
    """("error" or "warning", why) when a catalog's Language header does not name its folder's
    locale `code`: another form or region of the same language is a warning (the folder decides),
    another language or none an error, which stops the locale in `check`, `build` and `status` alike."""
    language = catalog.metadata.get("Language", "").strip()
    if not language:
        return "error", f"the Language header is missing; it should say {code}"
    relation = header_language(language, code)
    if relation == "variant":
        return "warning", (f"the header says Language: {language}, another form of this folder's {code}; "
                           f"it is printed as {code} (write Language: {code} to say so)")
    if relation == "other":
        return "error", f"the header says Language: {language}, but this is the {code} folder"
    return None


def header_line(path: Path, key: str) -> int | None:
    """The line of a catalog's header field `key`, for messages about it."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            return next((number for number, line in enumerate(file, start=1) if line.startswith(f'"{key}:')), None)
    except OSError:
        return None


def is_translated(entry: polib.POEntry) -> bool:
    """Whether an entry's translation is printed: the one place this is decided, for `status`,
    `check`, releases and print alike. Not when it is empty, fuzzy or obsolete, nor when it shows
    nothing a reader could read (only spaces, punctuation and invisible characters, such as
    U+2060 and a full stop, or a Hangul filler U+3164: issue #21)."""
    return entry.translated() and not blank_translation(entry)


def blank_translation(entry: polib.POEntry) -> bool:
    """Whether an entry holds a translation (or a plural form) that prints as nothing."""
    texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
    return any(text and is_blank(text, entry.msgid) for text in texts)


def declared_language(data: bytes) -> dict[str, str]:
    """The X-Language-* fields of a catalog's header, read from its bytes without parsing the file."""
    return {match[1].decode(): match[2].decode("utf-8", "replace") for match in
            re.finditer(rb'^"(X-Language-[A-Za-z]+): *([^"\\]*)\\n"$', data[:8192], re.M)}


def _catalog_bytes(path: Path) -> bytes:
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


def _check_encoding(path: Path, data: bytes) -> None:
    """Catalogs are UTF-8, say so in their header, and carry no byte-order mark; else say what was found."""
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


def _merge(catalog: bytes, pot: Path, shown_as: Path) -> bytes:
    """Run GNU msgmerge on a catalog's bytes; its errors come back as a DmvpubError."""
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise DmvpubError("GNU gettext's msgmerge is not installed; run 'make' to set up the project")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "messages.po"
        output = Path(tmp) / "merged.po"
        source.write_bytes(catalog)
        result = subprocess.run(
            [msgmerge, "--quiet", "--previous", f"--width={WIDTH}", "--output-file", str(output),
             str(source), str(pot)],
            capture_output=True, text=True, env={**os.environ, "LC_ALL": "C.UTF-8"})
        if result.returncode != 0:
            raise _msgmerge_error(result.stderr, source, shown_as)
        return keep_dropped(catalog, carry_flags(catalog, output.read_bytes()))


def parse_po(text: str) -> polib.POFile:
    """A catalog's text read by polib, its lines ended only by a newline as GNU gettext's are.

    polib splits text given as a string with str.splitlines(), which also breaks lines at U+2028,
    U+0085, a vertical tab and other characters a translator can paste inside a msgstr (issue 24).
    """
    return polib.pofile(_PoText(text), wrapwidth=WIDTH)


class _PoText(str):
    def splitlines(self, keepends: bool = False) -> list[str]:
        lines = self.replace("\r\n", "\n").split("\n")
        return [line + "\n" for line in lines] if keepends else lines


def keep_dropped(old: bytes, merged: bytes) -> bytes:
    """`merged` with every entry of `old` that msgmerge dropped put back as obsolete (`#~`).

    msgmerge drops an entry that is not in the template and has no translation. A translator who
    typed the translation over the msgid line and left msgstr empty would lose it at the next
    update; here nothing anyone typed is lost (issue 24). An entry already kept this way is kept
    again at every update, until someone deletes it.
    """
    before = [entry for entry in parse_po(old.decode("utf-8")) if entry.msgid]
    after = parse_po(merged.decode("utf-8"))
    present = {(entry.msgctxt, entry.msgid) for entry in after}
    present |= {(entry.previous_msgctxt, entry.previous_msgid) for entry in after
                if entry.previous_msgid and entry.msgstr}
    lost = [entry for entry in before if (entry.msgctxt, entry.msgid) not in present]
    if not lost:
        return merged
    blocks = []
    for entry in lost:
        entry.obsolete = True
        entry.occurrences = []
        entry.previous_msgid = entry.previous_msgctxt = entry.previous_msgid_plural = None
        entry.flags = [flag for flag in entry.flags if flag != "fuzzy"]
        blocks.append(entry.__unicode__(wrapwidth=WIDTH))
    text = merged.decode("utf-8").rstrip("\n")
    return f"{text}\n\n{chr(10).join(blocks)}\n".encode("utf-8").replace(b"\n\n\n", b"\n\n")


# Flags msgmerge itself decides (whether a translation needs checking; `*-format`, from the template).
_MERGE_FLAGS = {"fuzzy", "no-wrap"}
_FLAG_ANCHORS = ("#|", "msgctxt", "msgid", "#~ msgctxt", "#~ msgid", "#~| ")


def carry_flags(old: bytes, merged: bytes) -> bytes:
    """`merged` with the flags msgmerge dropped put back: it keeps only the flags it knows, so a
    translator's `#, ignore-endpunc` would vanish at every update. An entry keeps the flags it
    had under its msgid, or under its previous msgid when the English changed."""
    flags = {(entry.msgctxt, entry.msgid): [flag for flag in entry.flags
                                            if flag not in _MERGE_FLAGS and not flag.endswith("-format")]
             for entry in parse_po(old.decode("utf-8"))}
    if not any(flags.values()):
        return merged
    text = merged.decode("utf-8")
    header, *blocks = text.split("\n\n")
    changed = False
    for index, block in enumerate(blocks):
        parsed = parse_po(f'msgid ""\nmsgstr ""\n\n{block}\n')
        if len(parsed) != 1:
            continue
        entry = parsed[0]
        kept = flags.get((entry.msgctxt, entry.msgid))
        if kept is None and entry.previous_msgid:
            kept = flags.get((entry.previous_msgctxt, entry.previous_msgid))
        missing = [flag for flag in kept or [] if flag not in entry.flags]
        if missing:
            blocks[index] = _with_flags(block, missing)
            changed = True
    return "\n\n".join([header, *blocks]).encode("utf-8") if changed else merged


def _with_flags(block: str, flags: list[str]) -> str:
    lines = block.split("\n")
    for number, line in enumerate(lines):
        if line.startswith("#, "):
            lines[number] = f"{line}, {', '.join(flags)}"
            return "\n".join(lines)
    anchor = next(number for number, line in enumerate(lines) if line.startswith(_FLAG_ANCHORS))
    lines.insert(anchor, f"#, {', '.join(flags)}")
    return "\n".join(lines)


# GNU gettext's terse words, and what a translator can do about them.
_PLAIN = {
    "syntax error": "syntax error: this line is not a comment, a keyword (msgctxt, msgid, msgstr) or a quoted "
                    "string, or it repeats a keyword",
    "end-of-line within string": "end-of-line within string: a closing quote (\") is missing at the end of this line",
}


def _msgmerge_error(stderr: str, source: Path, shown_as: Path) -> DmvpubError:
    for line in stderr.splitlines():
        match = re.match(rf"^(?:msgmerge: )?{re.escape(str(source))}:(\d+):(?:\d+:)? (.*)$", line)
        if match:
            number = int(match.group(1))
            if _unescaped_quote(source, number):
                return DmvpubError('a " inside the text ends the string early: write it as \\" (or use “ ” or « »)',
                                   shown_as, number)
            return DmvpubError(_PLAIN.get(match.group(2), match.group(2)), shown_as, number)
    reason = stderr.strip().splitlines()[0] if stderr.strip() else "msgmerge failed"
    return DmvpubError(reason.replace(str(source), str(shown_as)), shown_as)


def _unescaped_quote(path: Path, number: int) -> bool:
    """Whether line `number` of a catalog holds a quoted string with a bare `"` inside it."""
    try:
        with path.open(encoding="utf-8", errors="replace") as file:
            line = next((text for index, text in enumerate(file, start=1) if index == number), "")
    except OSError:
        return False
    string = re.sub(r"^\s*(?:msgctxt|msgid(?:_plural)?|msgstr(?:\[\d+\])?)?\s*", "", line.rstrip("\n"))
    return string.startswith('"') and len(re.findall(r'(?<!\\)"', string)) > 2


def _polib_reason(error: Exception) -> str:
    text = str(error)
    return re.sub(r"\s*\(line \d+\)|\s*in po file \S*", "", text).strip() or "syntax error"


def _require_template(settings: Settings) -> Path:
    pot = template_path(settings)
    if not pot.exists():
        raise DmvpubError("no message template yet; run 'dmvpub extract' first", pot)
    return pot


def _render_po(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, sort_output=False, include_previous=False)
    return buffer.getvalue()


def _now() -> datetime:
    """The time to stamp a changed template with; SOURCE_DATE_EPOCH wins for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(second=0, microsecond=0)


_TEMPLATE_HEADER = """\
# Message template for the Missouri DMV and ICE booklet.
# Made by 'dmvpub extract' from source/ and templates/; do not edit by hand.
#"""
