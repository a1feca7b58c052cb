"""Brackets and quotation marks that close: each opened one closed, none closed that was not opened.

Quotation marks are paired as the language writes them (CLDR's delimiters, through ICU: Ukrainian
«…„…“…», French « … ») or as many languages do (“…”, «…», „…“, „…”); single quotes are not paired,
since a closing single quote is also an apostrophe. A translation of an English that is itself
unbalanced is held to nothing (issue 24).
"""

from __future__ import annotations

import functools

from .finding import WARNING
from .registry import MESSAGE, Check, Hit, Message, Registry, Step
from .toolkit import APOSTROPHES, COMMON_QUOTES, cldr_quotes

FAMILY = "brackets"
CHECKS = (Check("brackets", WARNING, "a bracket or quotation mark opened and not closed, or closed and "
                                     "never opened", FAMILY),)
PAIRS = {"(": ")", "[": "]", "{": "}", "（": "）", "【": "】", "“": "”", "«": "»", "「": "」", "『": "』"}


def register(registry: Registry) -> None:
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 900, brackets))


def brackets(message: Message) -> list[Hit]:
    entry = message.entry
    return [Hit("brackets", problem) for problem in _unbalanced(entry.msgstr, entry.msgid, message.catalog.code)]


def _unbalanced(text: str, source: str, code: str = "") -> list[str]:
    """Brackets and quotes opened and not closed, or closed and never opened, in the translation;
    quotes as the language writes them (CLDR's delimiters) or as is common to many (issue 24)."""
    if _stack_problems(source):
        return []  # the English itself is unbalanced: nothing to hold the translation to
    return _stack_problems(text, code)


def _stack_problems(text: str, code: str = "") -> list[str]:
    pairs = _pairs(code)
    closers = {close for closing in pairs.values() for close in closing}
    stack, problems = [], []
    for char in text:
        if stack and char in pairs[stack[-1]]:
            stack.pop()
        elif char in pairs:
            stack.append(char)
        elif char in closers:
            problems.append(f"{char!r} closes nothing that was opened")
    problems.extend(f"{char!r} is opened and never closed" for char in stack)
    return problems


@functools.cache
def _pairs(code: str) -> dict[str, frozenset[str]]:
    """Each opening bracket or quotation mark and the marks that close it, for the language `code`."""
    pairs: dict[str, set[str]] = {}
    for open_, close in [*PAIRS.items(), *COMMON_QUOTES, *cldr_quotes(code)]:
        if not set(open_ + close) & set(APOSTROPHES):
            pairs.setdefault(open_, set()).add(close)
    return {open_: frozenset(closes) for open_, closes in pairs.items()}
