"""Review: the catalog's review headers, a summary `dmvpub review` writes, and the sign-offs its
messages carry (`review`, a warning: the catalog prints as a draft until its messages are signed;
issues #22, #24). What a sign-off is, and when the text outgrew it, is the review room's
(`catalog_review_problems`)."""

from __future__ import annotations

from datetime import date

from ..po import REVIEW_HEADERS
from ..review import catalog_review_problems
from .finding import WARNING
from .registry import CATALOG, HEADER, Catalog, Check, Hit, Registry, Step

FAMILY = "reviewed"
CHECKS = (Check("review", WARNING, "the review headers are missing or malformed, or a sign-off is void since "
                                   "the text changed or cannot be read", FAMILY, ignorable=False),)


def register(registry: Registry) -> None:
    """Declares `review`; adds the review headers' step (between the header's Language and
    X-Language-* steps) and the sign-offs' step, once every message is checked."""
    registry.declare(*CHECKS)
    registry.add_step(Step(FAMILY, HEADER, 200, review_headers))
    registry.add_step(Step(FAMILY, CATALOG, 100, signoffs))


def review_headers(catalog: Catalog) -> list[Hit]:
    """A missing review header (tools drop headers they do not know; msginit writes none) or a
    malformed one, at its line (else the status header's, else Language's)."""
    status_header, by_header, on_header = REVIEW_HEADERS
    status = catalog.metadata.get(status_header)
    lines = catalog.header_lines
    line = lines.get(status_header) or lines.get("Language")

    def hit(message: str, key: str = status_header) -> Hit:
        return Hit("review", message, line=lines.get(key) or line)
    if status is None:
        return [hit(f"no {status_header} header (some tools drop headers they do not know): printed as a "
                    f"draft; `dmvpub review {catalog.code} --by NAME` signs the messages and writes it again")]
    if status.strip() not in ("draft", "reviewed"):
        return [hit(f"{status_header} is {status.strip()!r}; it must be draft or reviewed (a summary "
                    f"`dmvpub review` writes)")]
    found = []
    if status.strip() == "reviewed":
        if not catalog.metadata.get(by_header, "").strip():
            found.append(hit(f"reviewed, but {by_header} does not say by whom", by_header))
        try:
            date.fromisoformat(catalog.metadata.get(on_header, "").strip())
        except ValueError:
            found.append(hit(f"reviewed, but {on_header} is not a date written YYYY-MM-DD", on_header))
    return found


def signoffs(catalog: Catalog) -> list[Hit]:
    """Sign-offs the text outgrew, unreadable ones, and a header that says reviewed too soon."""
    return [Hit("review", says, line=line)
            for line, says in catalog_review_problems(catalog.catalog, catalog.text, catalog.code)]
