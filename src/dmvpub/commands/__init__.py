"""The commands, as library functions: each reads the project, does one thing, returns a result.

One module per command, named after it; this face exports each command's function under the
command's name (`commands.build` is the function), and what the commands share: load_document,
requested_locales, localized. A command's module is imported when one of its names is first
asked for, so that `dmvpub status` loads what status needs, not the pipeline of every command:
the build's modules and the download page's Jinja, the release's and check's translate-toolkit
checks, the preview's WeasyPrint (from 0.05 s to 0.8 s each).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_MODULES = {  # name -> the module of this package that defines it
    "build": "build", "check": "check", "extract": "extract", "init": "init", "Initialized": "init",
    "preview": "preview", "preview_changes": "preview", "pseudo": "pseudo", "release": "release", "status": "status",
    "StatusReport": "status", "update": "update", "UpdateResult": "update", "load_document": "project",
    "localized": "project", "requested_locales": "project", "review": "review", "SignResult": "review",
    "validate_reviewer": "review", "review_sheet": "review",
}

__all__ = sorted(_MODULES)

if TYPE_CHECKING:
    from .build import build
    from .check import check
    from .extract import extract
    from .init import Initialized, init
    from .preview import preview, preview_changes
    from .project import load_document, localized, requested_locales
    from .pseudo import pseudo
    from .release import release
    from .review import SignResult, review, review_sheet, validate_reviewer
    from .status import StatusReport, status
    from .update import UpdateResult, update


def __getattr__(name: str):
    """The face's `name`, its module imported at the first ask. Every name of that module is bound
    here then, over the module object that importing it binds (`commands.build` stays the function)."""
    module_name = _MODULES.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f"{__name__}.{module_name}")
    for each, defined_in in _MODULES.items():
        if defined_in == module_name:
            globals()[each] = getattr(module, each)
    return globals()[name]


def __dir__() -> list[str]:
    return sorted({*globals(), *_MODULES})
