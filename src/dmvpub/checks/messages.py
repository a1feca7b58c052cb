"""Each message as a message: its flags, its msgid, whether it is translated at all, and whether
print can set it.

An untranslated, fuzzy or blank message is checked no further: the current English prints in its
place (marked), and, as with msgfmt, a fuzzy translation is compared with the English only once
the translator has checked it and cleared the flag. A flag `ignore-<name>` that names no check is
reported (`flags`): a misspelt `#, ignore-numbrs` would otherwise silence nothing, silently.
"""

from __future__ import annotations

import difflib

from ..core.model import MAX_WORD_CHARS, long_word_problem
from ..po import blank_translation
from ..po.merge import SUGGESTION
from ..text.visible import describe_char, visible_text
from .finding import ERROR, WARNING
from .registry import IGNORE, MESSAGE, Check, Hit, Message, Registry, Step

FAMILY = "messages"
CHECKS = (
    Check("flags", WARNING, "a flag ignore-<name> whose name is no check's (a misspelling silences nothing)",
          FAMILY, ignorable=False),
    Check("msgid", WARNING, "a msgid that is not the English's: a translation typed over it, or a catalog not "
                            "updated", FAMILY),
    Check("untranslated", WARNING, "not translated yet; printed in English (marked)", FAMILY),
    Check("fuzzy", WARNING, "marked fuzzy: the English changed; printed in English until the mark is cleared",
          FAMILY),
    Check("blank", ERROR, "shows nothing a reader can read, so counts as not translated", FAMILY,
          ignorable=False),
    Check("long-word", ERROR, f"a word longer than {MAX_WORD_CHARS} characters with nowhere to break a line",
          FAMILY, ignorable=False),
)


def register(registry: Registry) -> None:
    """Declares the message checks; adds, first, the flags, the msgid and the three gates
    (untranslated, fuzzy, blank: each stops the message's checks), and, after translate-toolkit's
    checks, the long word."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 100, flags))
    registry.add_step(Step(FAMILY, MESSAGE, 200, msgid,
                           stops=lambda message: not message.known and not message.entry.msgstr))
    registry.add_step(Step(FAMILY, MESSAGE, 210, untranslated, stops=lambda message: not message.entry.msgstr))
    registry.add_step(Step(FAMILY, MESSAGE, 220, fuzzy, stops=lambda message: message.entry.fuzzy))
    registry.add_step(Step(FAMILY, MESSAGE, 230, blank, stops=lambda message: blank_translation(message.entry)))
    registry.add_step(Step(FAMILY, MESSAGE, 700, long_word))


def flags(message: Message) -> list[Hit]:
    """Each flag `ignore-<name>` whose name the registry does not know, at its `#,` line, with the
    nearest name (difflib) or, where none is near, the names a flag can silence."""
    registry = message.catalog.registry
    hits = []
    for flag in message.entry.flags:
        name = flag[len(IGNORE):] if flag.startswith(IGNORE) else None
        if name is None or name in registry:
            continue
        near = difflib.get_close_matches(name, registry.names(), n=1)
        hint = f"did you mean {IGNORE}{near[0]}?" if near else \
            "the checks a flag can silence are " + ", ".join(registry.ignorable())
        hits.append(Hit("flags", f"{flag} names no check, so it silences nothing; {hint}",
                        line=message.flag_line(flag)))
    return hits


def msgid(message: Message) -> list[Hit]:
    if message.known:
        return []
    return [Hit("msgid", "this msgid is not in the English; was the English line edited? The msgid must stay "
                         "the English as 'dmvpub update' wrote it, the translation goes in msgstr (run "
                         "'dmvpub update' if the English changed)", line=message.msgid_line)]


def untranslated(message: Message) -> list[Hit]:
    """A message without a translation (the msgid step already stopped one whose msgid is not the English's)."""
    if message.entry.msgstr:
        return []
    if any(line.startswith(SUGGESTION) for line in (message.entry.tcomment or "").split("\n")):
        return [Hit("untranslated", "new message, not translated yet (`dmvpub update` left another "
                                    "question's translation as a suggestion in its comment: check every word "
                                    "against this English); printed in English (marked) until it is")]
    return [Hit("untranslated", "not translated yet; printed in English (marked) until it is, "
                                "if enough of the rest is translated")]


def fuzzy(message: Message) -> list[Hit]:
    # a fuzzy translation is not printed (the current English is, marked) and msgfmt skips it
    # too: it is compared with the English once the translator has checked it and cleared the flag
    if not message.entry.fuzzy:
        return []
    return [Hit("fuzzy", "marked fuzzy: the English changed; check the translation, then remove the fuzzy flag")]


def blank(message: Message) -> list[Hit]:
    if not blank_translation(message.entry):
        return []
    return [Hit("blank", f"shows nothing a reader can read ({_shown_as(message.entry.msgstr)}): it counts as "
                         "not translated, and the English is printed in its place")]


def long_word(message: Message) -> list[Hit]:
    language = message.catalog.language
    problem = long_word_problem(message.entry.msgstr, language.code if language is not None else "en")
    return [Hit("long-word", problem)] if problem else []


def _shown_as(text: str) -> str:
    """A text no one can read, as code points: 'U+2060 WORD JOINER, "."'."""
    shown = [describe_char(char) if not visible_text(char).strip() else repr(char) for char in text[:6]]
    return ", ".join(shown) + (", …" if len(text) > 6 else "")
