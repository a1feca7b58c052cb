"""`dmvpub pseudo`: the pseudo-locales that test the layout."""

from __future__ import annotations

from ..core.settings import Settings
from ..po import write_pseudo


def pseudo(settings: Settings) -> list[str]:
    """Write the pseudo-locales (en_XA long and accented, ar_XB right to left) from the template;
    their catalogs' paths, relative to the project."""
    return [settings.relative(path) for path in write_pseudo(settings)]
