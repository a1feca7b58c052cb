"""Bringing the template into a locale's catalog: `update_locale` refreshes one, `init_locale` starts one.

GNU msgmerge itself does the merging, the reference for what translators' tools expect: it keeps
translator comments and custom headers, marks edited text fuzzy with the previous msgid (`#|`) and
keeps removed text as obsolete (`#~`). What it would lose, dmvpub puts back: an entry it drops
(`keep_dropped`) and the flags it does not know (`carry_flags`). What it guesses across messages,
dmvpub takes back (`unguess`, issue #29): its fuzzy match ignores msgctxt, so a new paragraph of one
question could arrive pre-filled with another question's translation, comments and flags. The file is read and written
through the PO store, keeping its own line endings.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
from babel import Locale

from ..core.errors import DmvpubError
from ..core.language import describe
from ..core.settings import Settings
from .extract import timestamp
from .locales import catalog_path, locale_code, plural_forms, require_template
from .store import (WIDTH, catalog_bytes, check_text, gettext_env, gettext_error, newline_of, parse_po,
                    polib_reason, write_catalog)


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
    pot = require_template(settings)
    english_name = Locale.parse(code).english_name if language.cldr else language.name
    project = polib.pofile(str(pot)).metadata
    po = polib.POFile(wrapwidth=WIDTH)
    po.header = (f"{english_name} translation of the Missouri DMV and ICE booklet.\n"
                 f"Language: {language.name} ({code}).")
    po.metadata = {
        "Project-Id-Version": project.get("Project-Id-Version", ""),
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": project.get("POT-Creation-Date", ""),
        "PO-Revision-Date": timestamp().strftime("%Y-%m-%d %H:%M%z"),
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
    write_catalog(target, msgmerge(po.__unicode__().encode("utf-8"), pot, target))
    return target



def update_locale(settings: Settings, code: str) -> bool:
    """Merge the template into one locale's catalog; True when the file changed."""
    path = catalog_path(settings, code)
    data = catalog_bytes(path)
    if not data.strip():
        raise DmvpubError(f"the catalog is empty; delete it and run 'dmvpub init {code}' to start again", path)
    check_text(path, data)  # its encoding, and no merge's leftovers (conflict or msgcat markers)
    crlf = newline_of(data) == "\r\n"  # the file's own line endings, kept (issue 24)
    lf = data.replace(b"\r\n", b"\n")
    try:
        merged = msgmerge(lf, require_template(settings), path)
    except (ValueError, OSError) as error:  # polib's own errors, so one catalog never stops the others
        raise DmvpubError(f"cannot merge this catalog: {polib_reason(error)}", path) from None
    if crlf:
        merged = merged.replace(b"\n", b"\r\n")
    if merged == data:
        return False
    write_catalog(path, merged)
    return True



def msgmerge(catalog: bytes, pot: Path, shown_as: Path) -> bytes:
    """GNU msgmerge of the template `pot` into a catalog's bytes (LF-ended), with what it dropped put
    back (`keep_dropped`, `carry_flags`); its errors come back as a DmvpubError at `shown_as`."""
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
            capture_output=True, text=True, env=gettext_env())
        if result.returncode != 0:
            raise gettext_error(result.stderr, str(source), catalog, shown_as)
        return keep_dropped(catalog, unguess(carry_flags(catalog, output.read_bytes())))



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


SUGGESTION = "suggestion from "  # the start of the translator comment `unguess` leaves


def unguess(merged: bytes) -> bytes:
    """`merged` with every fuzzy guess msgmerge took from another message made a new, untranslated
    message: one whose previous text (`#|`) is of another question (msgctxt differs) or is a message
    the catalog still holds. It keeps its English, its extracted comments, references and the
    template's `*-format` flags; it loses the guessed translation, the other message's translator
    comments and `ignore-*` flags and the `#|` lines, and gets one translator comment instead:
    `# suggestion from question ID (another message's translation; check it against this English): …`.

    `check` calls it a new message (checks.messages). An English edit inside one message (the same
    msgctxt, the old msgid gone) stays a fuzzy entry with its translation, comments and flags."""
    text = merged.decode("utf-8")
    header, *blocks = text.split("\n\n")
    entries = [parse_po(f'msgid ""\nmsgstr ""\n\n{block}\n') for block in blocks]
    live = {(found[0].msgctxt, found[0].msgid) for found in entries if len(found) == 1 and not found[0].obsolete}
    changed = False
    for index, found in enumerate(entries):
        if len(found) != 1:
            continue
        entry = found[0]
        if entry.obsolete or not entry.fuzzy or entry.previous_msgid is None:
            continue
        previous = (entry.previous_msgctxt, entry.previous_msgid)
        if entry.previous_msgctxt == entry.msgctxt and previous not in live:
            continue
        guess = " ".join((entry.msgstr or "").split())
        where = f"question {entry.previous_msgctxt}" if entry.previous_msgctxt else "another message"
        entry.tcomment = (f"{SUGGESTION}{where} (another message's translation; check it against this "
                          f"English): {guess}") if guess else ""
        entry.flags = [flag for flag in entry.flags if flag.endswith("-format") or flag == "no-wrap"]
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        entry.msgstr = ""
        if entry.msgstr_plural:
            entry.msgstr_plural = {key: "" for key in entry.msgstr_plural}
        blocks[index] = entry.__unicode__(wrapwidth=WIDTH).rstrip("\n")
        changed = True
    return "\n\n".join([header, *blocks]).encode("utf-8") if changed else merged


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

