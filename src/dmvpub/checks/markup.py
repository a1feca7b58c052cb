"""Markup in a translation: the Markdown the English uses, carried through, and nothing else.

A translation keeps its English's link targets, footnote references and emphasised passages
(text/richtext.py `differences`: `links`, `footnotes`, `emphasis`, and `markup` for a construct
the English does not use). HTML tags and comments, character references and template syntax are
never meaningful in a translation: it is printed as plain text, so they would show as typed.
"""

from __future__ import annotations

import re

from ..text.richtext import differences
from .finding import ERROR
from .registry import MESSAGE, Check, Hit, Message, Registry, Step

FAMILY = "markup"
CHECKS = (
    Check("footnotes", ERROR, "footnote references [^id] differ from the English's", FAMILY),
    Check("emphasis", ERROR, "*emphasised* and **strong** passages differ from the English's in number, "
                             "or a mark closes nothing", FAMILY),
    Check("markup", ERROR, "markup the English does not have (HTML, &amp;, {{ }}, inline code, images), "
                           "which would print as typed", FAMILY),
)
# HTML tags and comments, character references, template syntax: never meaningful in a translation.
MARKUP = re.compile(r"<[A-Za-z/!?][^<>]*>|&(?:#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);|\{[{%#]|[}%#]\}")


def register(registry: Registry) -> None:
    """Declares the markup checks; adds the Markdown comparison (before what the reader sees) and
    the search for HTML and template syntax (after translate-toolkit's checks)."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, MESSAGE, 300, markdown))
    registry.add_step(Step(FAMILY, MESSAGE, 800, html))


def markdown(message: Message) -> list[Hit]:
    """`links`, `footnotes`, `emphasis` and `markup`: how the Markdown differs from the English's."""
    return [Hit(check, says) for check, says in differences(message.entry.msgid, message.entry.msgstr)]


def html(message: Message) -> list[Hit]:
    markup = new_markup(message.entry.msgid, message.entry.msgstr)
    if not markup:
        return []
    return [Hit("markup", f"holds markup the English does not have ({', '.join(markup)}); "
                          "a translation is printed as plain text, so this would show as typed")]


def new_markup(source: str, target: str) -> list[str]:
    """Markup in a translation that its English does not have, each piece once, shortened for a message."""
    known = set(MARKUP.findall(source))
    return list(dict.fromkeys(piece[:40] for piece in MARKUP.findall(target) if piece not in known))
