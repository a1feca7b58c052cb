# `make` sets everything up and builds; `make test` sets up and runs the tests.
# Everything the project needs is installed from here, so a fresh machine and CI behave alike.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: GNU gettext (msgmerge, msgfmt); Pango, which WeasyPrint draws text with, and
# HarfBuzz-Subset, which it subsets fonts with.
# Fonts are not among them: they are pinned Python packages (pyproject.toml).
# scribus-data: for its ISO Coated v2 profile (FOGRA39, zlib licence), the print-shop booklet's
# PDF/X-4 output intent; no other Debian package has a freely licensed CMYK press profile.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 scribus-data
# Headless Chromium: the browser test opens the download page and web editions in it, and the
# benchmark compares a build with it printing the same pages. strace: the no-network test watches
# every process of a build with it. poppler-utils: the text-layer tests read PDFs with pdftotext too
# (they would be skipped without it). ghostscript: the print-shop test separates the booklet into
# its four inks (tiffsep) to see the text on the black plate alone.
BROWSER_PACKAGES := chromium strace poppler-utils ghostscript
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup system browser catalogs build status test bench clean

all: build

system:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(SYSTEM_PACKAGES); }

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: system $(STAMP)

catalogs: setup
	$(BIN)/dmvpub extract
	$(BIN)/dmvpub update
	$(BIN)/dmvpub status

build: catalogs
	$(BIN)/dmvpub build

status: setup
	$(BIN)/dmvpub status

browser:
	@dpkg -s $(BROWSER_PACKAGES) >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(BROWSER_PACKAGES); }

test: setup browser
	$(BIN)/pytest

bench: setup browser
	$(BIN)/python benchmarks/bench_build.py
	$(BIN)/python benchmarks/bench_preview.py

clean:
	rm -rf dist $(VENV)
