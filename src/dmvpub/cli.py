"""The `dmvpub` command: arguments in, one call of dmvpub.commands, its result printed; errors print as one line."""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import unicodedata
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__, commands
from .core.errors import DmvpubError, unexpected
from .core.settings import load_settings
from .pipeline.distfiles import KINDS, Interrupted
from .po import locale_code

if TYPE_CHECKING:  # each command's modules load with the command (dmvpub.commands)
    from .localize.status import LocaleStatus
    from .pipeline.build import BuildResult


def main(argv: list[str] | None = None) -> int:
    """Runs one command; whatever goes wrong is one line on stderr and a non-zero exit, never a traceback."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings(Path.cwd())
        code = args.run(settings, args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is handled below
        return code
    except DmvpubError as error:
        return _fail(str(error))
    except KeyboardInterrupt:  # Ctrl-C outside a build
        return _fail("interrupted", 128 + signal.SIGINT)
    except Interrupted as stop:  # SIGTERM or Ctrl-C in a release's build
        return _fail("interrupted", 128 + stop.signum)
    except BrokenPipeError:  # `dmvpub status | head`: the reader has all it wanted
        _quiet_stdout()
        return 1
    except Exception as error:  # a read-only folder, a bug: still one line
        return _fail(str(unexpected(error)))


def _fail(message: str, code: int = 1) -> int:
    try:
        print(f"dmvpub: {message}", file=sys.stderr)
    except OSError:
        pass
    return code


def _quiet_stdout() -> None:
    """Send what is left to print to /dev/null: the pipe it went to is closed (Python's own advice,
    so that flushing stdout at exit raises no second BrokenPipeError)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _say(line: str, **options) -> None:
    """`print`, for output that may go into a pipe closed early (`dmvpub build | head`): the
    command goes on (a build finishes and leaves dist/ consistent) and prints nothing more."""
    try:
        print(line, **options)
    except BrokenPipeError:
        _quiet_stdout()


def _extract(settings, args) -> int:
    changed = commands.extract(settings)
    print(f"{'wrote' if changed else 'unchanged:'} {settings.relative(settings.locales / 'messages.pot')}")
    return 0


def _update(settings, args) -> int:
    result = commands.update(settings)
    for code in result.changed:
        print(f"updated {code}")
    for code in result.unchanged:
        print(f"unchanged: {code}")
    for moved in result.typed_over:
        print(moved)
    for error in result.failed:
        print(f"dmvpub: {error}", file=sys.stderr)
    return 1 if result.failed else 0


def _init(settings, args) -> int:
    result = commands.init(settings, args.locale, args.name, args.script, args.direction)
    print(f"created {result.path}")
    for warning in result.warnings:
        print(f"dmvpub: warning: {result.path}: {warning}", file=sys.stderr)
    return 0


def _status(settings, args) -> int:
    report = commands.status(settings)
    if args.json:
        print(json.dumps({"locales": [row.as_dict() for row in report.rows],
                          "errors": [str(error) for error in report.failed]}, ensure_ascii=False, indent=2))
    else:
        print(format_table(report.rows))
    for error in report.failed:
        print(f"dmvpub: {error}", file=sys.stderr)
    short = [row.locale for row in report.rows if not row.complete]
    if args.require_complete and short:
        print(f"dmvpub: incomplete: {', '.join(short)}", file=sys.stderr)
    return 1 if report.failed or (args.require_complete and short) else 0


def _check(settings, args) -> int:
    report = commands.check(settings, args.locale)
    if args.json:
        print(json.dumps({"findings": [finding.as_dict() for finding in report.findings],
                          "locales": report.counts()}, ensure_ascii=False, indent=2))
    else:
        for title, findings in (("errors", report.errors()), ("warnings", report.warnings())):
            if findings:
                print(f"{title}:")
                for finding in findings:
                    print(f"  {finding}")
        if not report.findings:
            print("no problems found")
        print(format_check_table(report.counts()))
    return 1 if report.errors() else 0


def _build(settings, args) -> int:
    terminal = sys.stdout.isatty()

    def progress(outcome) -> None:
        if outcome.built:
            line = f"built {outcome.artifact.path} ({outcome.seconds:.1f} s)"
            _say(f"\r\033[K{line}" if terminal else line, end="" if terminal else "\n", flush=True)

    try:
        result = commands.build(settings, args.locale, args.kind, args.jobs, args.force, progress, args.keep_html)
    except Interrupted as stop:
        if stop.result is None:
            raise
        result = stop.result
    if terminal:
        _say("\r\033[K", end="")
    _say(format_build_table(result))
    if result.removed:  # files the project no longer makes (a withdrawn locale, an earlier name)
        _say(f"removed: {result.removed.summary()}")
    if result.interrupted:  # one line: what stopped it, what is not rebuilt
        error = result.failed[-1]
        not_built = f"; not rebuilt: {result.not_built_summary()}" if result.not_built else ""
        return _fail(f"{error}{not_built}", 128 + result.interrupted)
    for code, why in result.partial:
        print(f"dmvpub: printed partly in English: {code}: {why}", file=sys.stderr)
    for error in result.skipped:
        print(f"dmvpub: warning: skipped: {error}", file=sys.stderr)
    for error in result.failed:
        print(f"dmvpub: {error}", file=sys.stderr)
    if result.failed:
        not_built = f"; not rebuilt: {result.not_built_summary()}" if result.not_built else ""
        print(f"dmvpub: {len(result.failed)} problem(s){not_built}; every other artifact is built", file=sys.stderr)
    elif result.not_built:
        print(f"dmvpub: not rebuilt: {result.not_built_summary()}", file=sys.stderr)
    return 1 if result.failed else 0


def _preview(settings, args) -> int:
    sys.stdout.reconfigure(line_buffering=True)  # each line as it happens, also into a pipe

    def run() -> bool:
        try:
            result = commands.preview(settings, args.locale,
                                     lambda path: print(f"preview: {settings.relative(path)}"))
        except DmvpubError as error:
            print(f"dmvpub: {error}", file=sys.stderr)
            return False
        for error in result.failed:
            print(f"dmvpub: {error}", file=sys.stderr)
        state = "partly in English, marked" if result.partial else "fully translated"
        print(f"previewed {args.locale} ({state}) in {result.seconds:.1f} s")
        return not result.failed

    # The baseline is taken before the first preview, so a save made while it renders is not missed.
    saves = commands.preview_changes(settings, args.locale) if args.watch else None
    done = run()
    if saves is None:
        return 0 if done else 1
    print("watching for saved files; Ctrl-C to stop")
    try:
        for path in saves:
            print(f"saved {settings.relative(path)}")
            run()
    except KeyboardInterrupt:
        pass
    return 0


def _pseudo(settings, args) -> int:
    for path in commands.pseudo(settings):
        print(f"wrote {path}")
    return 0


def _release(settings, args) -> int:
    out = Path(args.out).absolute() if args.out else None
    result = commands.release(settings, out, args.locale, args.jobs)
    for code in result.released:
        print(f"in:  {code}")
    for code, reasons in result.refused.items():
        for reason in reasons:
            print(f"out: {code}: {reason}")
    for error in result.failed:
        print(f"dmvpub: {error}", file=sys.stderr)
    if result.released:
        folder = settings.relative(out) if out else "release"
        print(f"wrote {len(result.files)} files to {folder}/ (manifest.json, index.html, SHA256SUMS)")
    else:
        print("dmvpub: nothing is ready to release", file=sys.stderr)
    refused_named = [code for code in (args.locale or []) if locale_code(code) not in result.released]
    return 1 if not result.released or refused_named else 0


def _review(settings, args) -> int:
    if args.by is None:
        if args.code:
            raise DmvpubError("--code: say who signs, with --by NAME")
        return _show_review(settings, args)
    if not args.code:
        raise DmvpubError(f"--by: give the code of each question you read (--code CODE ...), as "
                          f"`dmvpub review {args.locale}` shows them; nothing is signed that was not shown")
    on = None
    if args.date:
        try:
            on = date.fromisoformat(args.date)
        except ValueError:
            raise DmvpubError(f"--date {args.date!r} is not a date written YYYY-MM-DD") from None
    codes = [code for group in args.code for code in group]
    result = commands.review(settings, args.locale, args.by, codes, on)
    for line in result.codes_refused:
        print(f"not signed: {line}")
    signed: dict[str | None, int] = {}
    for message in result.signed:
        signed[message.context] = signed.get(message.context, 0) + 1
    for context, count in signed.items():
        what = f"question {context}" if context else "title, subtitle, notice and the templates' strings"
        print(f"signed:  {what} ({count} message(s))")
    for message, why in result.refused:
        print(f"refused: {message.where}{f' ({message.context})' if message.context else ''}: {why}")
    print(f"{result.locale}: signed {len(result.signed)}, refused {len(result.refused)} message(s); now "
          f"{result.questions_reviewed}/{result.questions_total} questions and {result.messages_reviewed}/"
          f"{result.messages_total} messages reviewed; "
          f"{'wrote ' + result.path if result.changed else result.path + ' unchanged'}")
    return 1 if result.refused or result.codes_refused or not result.signed else 0


def _show_review(settings, args) -> int:
    """`dmvpub review LOCALE [--list]`: what is to be signed, and the sheet written."""
    from .render.review_sheet import diff_text
    sheet = commands.review_sheet(settings, args.locale)
    for item in sheet.units:
        unit = item.unit
        if args.list:
            print(f"{unit.id or '-'}\t{unit.code}\t{unit.state}")
            continue
        print(f"== {unit.name.capitalize()}  code {unit.code}  ({unit.state})")
        for entry in item.messages:
            message = entry.message
            print(f"  [{message.slot}{f', line {message.line}' if message.line else ''}; {message.state}"
                  f"{', fuzzy' if message.fuzzy else ''}]")
            print(f"    en: {message.msgid}")
            if sheet.locale != settings.source_locale:
                print(f"    {sheet.locale}: {message.translation if message.translation else '(not translated)'}")
            if entry.english_diff:
                print(f"    English changed: {diff_text(entry.english_diff)}")
            if entry.translation_diff:
                print(f"    translation changed: {diff_text(entry.translation_diff)}")
            for finding in entry.findings:
                print(f"    ! {finding}")
    for path in sheet.files:
        print(f"sheet: {path}")
    return 0


def format_table(rows: list[LocaleStatus]) -> str:
    """`dmvpub status`: one line per locale, columns padded to the widest cell as a terminal shows it."""
    header = ("locale", "language", "questions", "translated", "fuzzy", "untranslated", "reviewed", "review")
    lines = [header] + [
        (row.locale, row.language, f"{row.questions_covered}/{row.questions_total}", str(row.translated),
         str(row.fuzzy), str(row.untranslated), row.reviewed, row.review_note)
        for row in rows]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(header))]
    right = {2, 3, 4, 5, 6}

    def pad(cell: str, column: int) -> str:
        space = " " * (widths[column] - _width(cell))
        return space + cell if column in right else cell + space

    return "\n".join("  ".join(pad(cell, i) for i, cell in enumerate(line)).rstrip() for line in lines)


def format_build_table(result: BuildResult) -> str:
    """What a build did: each artifact with its pages, size, time, and whether it was built."""
    lines = [("artifact", "pages", "size", "time", "")]
    for outcome in result.outcomes:
        artifact = outcome.artifact
        pages = str(artifact.pages) if artifact.pages is not None else "-"
        lines.append((artifact.path, pages, f"{artifact.bytes / 1024:.0f} KiB",
                      f"{outcome.seconds:.1f} s" if outcome.built else "-",
                      "built" if outcome.built else "up to date"))
    widths = [max(len(line[i]) for line in lines) for i in range(5)]
    return "\n".join("  ".join(cell.rjust(widths[i]) if i in (1, 2, 3) else cell.ljust(widths[i])
                               for i, cell in enumerate(line)).rstrip() for line in lines)


def format_check_table(counts: dict[str, dict[str, int]]) -> str:
    """Per locale, how many errors and warnings `dmvpub check` found."""
    lines = [f"{'locale':<8} {'errors':>6} {'warnings':>8}"]
    lines += [f"{code:<8} {row['errors']:>6} {row['warnings']:>8}" for code, row in counts.items()]
    return "\n".join(lines)


def _width(text: str) -> int:
    """Columns a text takes in a terminal: wide (CJK, Hangul) characters take two, combining marks
    (Devanagari and Myanmar vowel signs) and invisible format characters none."""
    return sum(0 if unicodedata.category(char) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dmvpub", description=__doc__)
    parser.add_argument("--version", action="version", version=f"dmvpub {__version__}")
    subcommands = parser.add_subparsers(required=True, metavar="command")
    subcommands.add_parser("extract", help="write locales/messages.pot from the source and templates") \
        .set_defaults(run=_extract)
    subcommands.add_parser("update", help="merge messages.pot into every locale's catalog").set_defaults(run=_update)
    init = subcommands.add_parser("init", help="start a new language")
    init.add_argument("locale", help="a locale code such as es, vi, ar, zh_Hans, ksw")
    init.add_argument("--name", help="the language's name in its own script (needed where Babel has no data)")
    init.add_argument("--script", help="its ISO 15924 script code, such as Latn, Arab, Mymr (likewise)")
    init.add_argument("--direction", choices=("ltr", "rtl"), help="its writing direction (likewise)")
    init.set_defaults(run=_init)
    status = subcommands.add_parser("status", help="how complete each translation is")
    status.add_argument("--json", action="store_true", help="print JSON for scripts")
    status.add_argument("--require-complete", action="store_true",
                        help="exit non-zero when any locale does not cover every message")
    status.set_defaults(run=_status)
    check = subcommands.add_parser("check", help="translator QA: numbers, URLs, punctuation, brackets, fonts, headers")
    check.add_argument("--locale", action="append", help="check only this locale (repeatable)")
    check.add_argument("--json", action="store_true", help="print JSON for scripts")
    check.set_defaults(run=_check)
    build = subcommands.add_parser("build", help="render every locale's booklets and flyer into dist/")
    build.add_argument("--locale", action="append", help="build only this locale (repeatable)")
    build.add_argument("--kind", action="append", choices=KINDS, help="build only this kind (repeatable)")
    build.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    build.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    build.add_argument("--keep-html", action="store_true",
                       help="rebuild and leave each PDF's HTML in dist/.html/<locale>/<kind>.html")
    build.set_defaults(run=_build)
    subcommands.add_parser("pseudo", help="write the pseudo-locales en_XA (long, accented) and ar_XB (right to left) "
                                       "that test the layout").set_defaults(run=_pseudo)
    release = subcommands.add_parser("release", help="copy the locales ready to hand out into a release folder")
    release.add_argument("--out", help="the release folder (default: release/)")
    release.add_argument("--locale", action="append", help="release only this locale (repeatable)")
    release.add_argument("--jobs", type=int, help="worker processes (default: one per core)")
    release.set_defaults(run=_release)
    review = subcommands.add_parser("review", help="show a locale for review (writes its review sheet), or sign "
                                                   "the questions whose codes you read")
    review.add_argument("locale", help="the locale reviewed, such as es (en: the English source)")
    review.add_argument("--list", action="store_true", help="one line per question: id, code, state")
    review.add_argument("--by", help="the reviewer's name, as it is to be recorded (with --code)")
    review.add_argument("--code", action="append", metavar="CODE", nargs="+",
                        help="the code of a question you read on the sheet (repeatable)")
    review.add_argument("--date", help="the day of the review, YYYY-MM-DD (default: today)")
    review.set_defaults(run=_review)
    preview = subcommands.add_parser("preview", help="one locale's booklet, flyer and web edition under preview/, "
                                                  "however far its translation is")
    preview.add_argument("locale", help="the locale to preview, such as fr")
    preview.add_argument("--watch", action="store_true", help="build again each time its catalog or the source is saved")
    preview.set_defaults(run=_preview)
    return parser


if __name__ == "__main__":
    sys.exit(main())
