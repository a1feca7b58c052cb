"""How far each translation has come: questions covered, messages done, review state."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

import polib

from ..po import REVIEW_HEADERS, TemplateMessage, blank_translation, is_translated
from ..core.errors import Location
from ..core.language import describe
from ..core.model import Document, Review, document_messages
from ..review import source_review_state, translation_review_state

DRAFT_TRANSLATION = "draft translation, needs review by a native speaker"
DRAFT_SOURCE = "draft: English text not yet checked for accuracy"


@dataclass(frozen=True)
class LocaleStatus:
    locale: str
    language: str
    questions_covered: int
    questions_total: int
    translated: int
    fuzzy: int
    untranslated: int
    review: Review  # from the sign-offs (dmvpub.review): reviewed only when every message is signed
    is_source: bool = False
    questions_reviewed: int = 0  # questions every message of which carries a valid sign-off
    changed_since_review: tuple[Location, ...] = ()  # each message whose sign-off the text outgrew
    any_signed: bool = False

    @property
    def complete(self) -> bool:
        return self.questions_covered == self.questions_total and not self.fuzzy and not self.untranslated

    @property
    def review_note(self) -> str:
        if not self.review.is_draft:
            return self.review.describe()
        note = DRAFT_SOURCE if self.is_source else DRAFT_TRANSLATION
        if self.changed_since_review:
            note += f"; {len(self.changed_since_review)} message(s) changed since review"
        return note

    @property
    def reviewed(self) -> str:
        """Reviewed questions of all, such as 14/20."""
        return f"{self.questions_reviewed}/{self.questions_total}"

    def as_dict(self) -> dict:
        data = asdict(self)
        data["review"] = {"status": self.review.status, "by": self.review.by,
                          "on": self.review.on.isoformat() if self.review.on else None,
                          "note": self.review_note}
        data["complete"] = self.complete
        data["changed_since_review"] = [str(where) for where in self.changed_since_review]  # "path:line"
        return data


def question_coverage(document: Document, catalog: polib.POFile) -> dict[str, bool]:
    """For each question id: is every one of its messages translated and not fuzzy?"""
    done = _done(catalog)
    coverage = {question.id: True for question in document.questions}
    for message in document_messages(document):
        if message.context is not None and (message.context, message.msgid) not in done:
            coverage[message.context] = False
    return coverage


def locale_status(code: str, document: Document, templates: list[TemplateMessage],
                  catalog: polib.POFile, shown_path: str = "") -> LocaleStatus:
    """Counts against the current English, so a catalog not yet updated shows what it lacks; the
    review state from the catalog's sign-offs (`shown_path` names the file in file:line)."""
    review = translation_review_state(document, templates, catalog, shown_path or catalog.fpath or "", code)
    wanted = catalog_keys(document, templates)
    done = _done(catalog)
    fuzzy = {(e.msgctxt, e.msgid) for e in catalog.fuzzy_entries()
             if e.msgstr and not e.obsolete and not blank_translation(e)}
    translated = sum(key in done for key in wanted)
    fuzzy_count = sum(key in fuzzy and key not in done for key in wanted)
    coverage = question_coverage(document, catalog)
    return LocaleStatus(
        locale=code, language=describe(code, catalog.metadata).name, questions_covered=sum(coverage.values()),
        questions_total=len(coverage), translated=translated, fuzzy=fuzzy_count,
        untranslated=len(wanted) - translated - fuzzy_count, review=review.summary(),
        questions_reviewed=len(review.reviewed_questions()),
        changed_since_review=tuple(message.where for message in review.changed), any_signed=review.any_signed)


def source_status(code: str, document: Document, templates: list[TemplateMessage]) -> LocaleStatus:
    """The English edition: complete by definition; its review state from its sign-offs."""
    total = len(catalog_keys(document, templates))
    review = source_review_state(document, templates)
    return LocaleStatus(locale=code, language=describe(code).name, questions_covered=len(document.questions),
                        questions_total=len(document.questions), translated=total, fuzzy=0, untranslated=0,
                        review=review.summary(), is_source=True, questions_reviewed=len(review.reviewed_questions()),
                        changed_since_review=tuple(message.where for message in review.changed),
                        any_signed=review.any_signed)


def broken_status(code: str, document: Document) -> LocaleStatus:
    """A locale whose catalog cannot be read: nothing counted, a draft (the error says why)."""
    return LocaleStatus(locale=code, language=code, questions_covered=0, questions_total=len(document.questions),
                        translated=0, fuzzy=0, untranslated=0, review=Review("draft"))


def catalog_keys(document: Document, templates: list[TemplateMessage]) -> list[tuple[str | None, str]]:
    """The (context, msgid) of every message the current catalog holds, each once, in order."""
    keys = [(m.context, m.msgid) for m in document_messages(document)] + [(None, m.msgid) for m in templates]
    return list(dict.fromkeys(keys))


def catalog_review(catalog: polib.POFile) -> Review:
    """What a catalog's X-Review-* headers say (absent means draft): only a summary that
    `dmvpub review` writes; the review state itself comes from the sign-offs (dmvpub.review)."""
    status, by, on = (catalog.metadata.get(name, "").strip() for name in REVIEW_HEADERS)
    try:
        reviewed_on = date.fromisoformat(on) if on else None
    except ValueError:
        reviewed_on = None
    return Review(status if status == "reviewed" else "draft", by, reviewed_on)


def _done(catalog: polib.POFile) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in catalog if is_translated(e)}
