"""Signing as a reviewer does it: read the codes a locale's sheet shows, then sign those codes."""

from __future__ import annotations

from dmvpub import commands as dmvpub


def codes(settings, code, questions=None):
    """The codes the sheet of `code` shows now: of `questions` (ids), or of every unit."""
    sheet = dmvpub.review_sheet(settings, code, write=False)
    return [item.unit.code for item in sheet.units if questions is None or item.unit.id in questions]


def sign(settings, code, by, questions=None, on=None):
    """`dmvpub review CODE --by BY --code ...` with the codes of `questions` (all when None) as shown."""
    return dmvpub.review(settings, code, by, codes(settings, code, questions), on)
