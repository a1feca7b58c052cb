"""The versions of every library that shapes what a build makes, for the build's inputs key.

An upgrade of any of them (a new Babel formats dates in another order, a new HarfBuzz shapes
differently, a new pydyf writes other bytes) must rebuild what they made, so pipeline.plan hashes
this list with each locale's inputs. It is read once per process, without importing any of them
(a no-op build never loads WeasyPrint):

- Python packages: the version in the `.dist-info` folder that Python would import, found by
  listing the folders of `sys.path` once (importlib.metadata's own search, at a tenth of its cost);
- Debian's shared libraries (Pango, HarfBuzz and its subsetter, fontconfig, FreeType): the file the
  dynamic loader opens, by its real name, size and modification time, which a package upgrade
  (a Debian security release too, with the same upstream version) changes;
- the press profile the print-shop PDF embeds (Debian's scribus-data), the same way;
- Python's version and the zlib it compresses PDF streams with.
"""

from __future__ import annotations

import functools
import os
import platform
import re
import sys
import sysconfig
import zlib
from pathlib import Path

# Distributions whose version can change a byte of dist/ or whether a locale is built: layout and
# PDF writing, fonts, dates and plural rules, hyphenation, line breaks, shaping, the print-shop
# and imposed PDFs, thumbnails, QR codes, templates, the source's Markdown and YAML, catalogs, checks.
PACKAGES = ("weasyprint", "pydyf", "tinycss2", "tinyhtml5", "cssselect2", "fonttools", "brotli", "zopfli",
            "babel", "pyphen", "pyicu-wheels", "uharfbuzz", "pikepdf", "pillow", "pypdfium2", "segno", "jinja2",
            "markupsafe", "markdown-it-py", "mdit-py-plugins", "mdurl", "pyyaml", "polib", "translate-toolkit",
            "myanmartools", "weblate-fonts", "fontpkg-tajawal", "justmytype-intl-sea")
# The shared libraries WeasyPrint loads (weasyprint.text.ffi), by the names it asks the loader for.
SHARED_LIBRARIES = ("libpango-1.0.so.0", "libpangoft2-1.0.so.0", "libharfbuzz.so.0", "libharfbuzz-subset.so.0",
                    "libfontconfig.so.1", "libfreetype.so.6")
PRESS_PROFILE = Path("/usr/share/scribus/profiles/ISOcoated_v2_300_bas.icc")  # as render.printshop


def _normalized(name: str) -> str:
    """A distribution's name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def library_versions() -> tuple[tuple[str, str], ...]:
    """(what, version) for every library above, in a fixed order; "missing" for one not found."""
    installed = _installed_distributions(tuple(sys.path))
    found = [(f"python:{name}", installed.get(name, "missing")) for name in PACKAGES]
    found += [(f"system:{name}", _file_identity(_shared_library(name))) for name in SHARED_LIBRARIES]
    found += [("file:press-profile", _file_identity(PRESS_PROFILE)),
              ("python", platform.python_version()), ("zlib", zlib.ZLIB_RUNTIME_VERSION)]
    return tuple(found)


def _installed_distributions(path: tuple[str, ...]) -> dict[str, str]:
    """Normalized name -> version of each `name-version.dist-info` folder on `path`, the first
    found winning, as for an import."""
    versions: dict[str, str] = {}
    for folder in path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in names:
            if entry.endswith(".dist-info") and "-" in entry:
                name, version = entry[:-len(".dist-info")].rsplit("-", 1)
                versions.setdefault(_normalized(name), version)
    return versions


def _shared_library(name: str) -> Path | None:
    """Where the dynamic loader finds `name`: LD_LIBRARY_PATH first, then the system's folders."""
    multiarch = sysconfig.get_config_var("MULTIARCH") or ""
    folders = [*filter(None, os.environ.get("LD_LIBRARY_PATH", "").split(":")), "/usr/local/lib",
               f"/usr/lib/{multiarch}", f"/lib/{multiarch}", "/usr/lib64", "/lib64", "/usr/lib", "/lib"]
    for folder in folders:
        candidate = Path(folder) / name
        if candidate.exists():
            return candidate
    return None


def _file_identity(path: Path | None) -> str:
    """A file by its real name, size in bytes and modification time (ns); "missing" if absent."""
    if path is None:
        return "missing"
    try:
        real = path.resolve()
        status = real.stat()
    except OSError:
        return "missing"
    return f"{real.name}:{status.st_size}:{status.st_mtime_ns}"
