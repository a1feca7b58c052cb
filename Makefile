# `make` sets everything up and builds; `make test` sets up and runs the tests.
# Everything the project needs is installed from here, so a fresh machine and CI behave alike:
# the Python packages exactly as requirements.lock pins them (every version and its sha256),
# which `make lock` refreshes from pyproject.toml (README, "Same bytes everywhere").

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: GNU gettext (msgmerge, msgfmt); Pango, which WeasyPrint draws text with, and
# HarfBuzz-Subset, which it subsets fonts with.
# Fonts are not among them: they are pinned Python packages (pyproject.toml).
# The versions the lock was made with (Debian 12) are in README, "Same bytes everywhere".
# scribus-data: for its ISO Coated v2 profile (FOGRA39, zlib licence), the print-shop booklet's
# PDF/X-4 output intent; no other Debian package has a freely licensed CMYK press profile.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 scribus-data
# Headless Chromium: the browser test opens the download page and web editions in it, and the
# benchmark compares a build with it printing the same pages. strace: the no-network test watches
# every process of a build with it. poppler-utils: the text-layer tests read PDFs with pdftotext too
# (those tests fail without it). ghostscript: the print-shop test separates the booklet into
# its four inks (tiffsep) to see the text on the black plate alone.
BROWSER_PACKAGES := chromium strace poppler-utils ghostscript
# pip itself and the lock tool, pinned too (neither shapes what is built).
PIP_VERSION := 26.3
PIP_TOOLS_VERSION := 7.6.2
LOCK := requirements.lock
COMPILE := $(BIN)/pip-compile --quiet --extra test --all-build-deps --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links --output-file $(LOCK) pyproject.toml
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup system browser catalogs build status test bench clean lock upgrade

all: build

system:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || \
		{ $(SUDO) apt-get update -q && $(SUDO) apt-get install -y -q $(SYSTEM_PACKAGES); }

# A new venv holding exactly the lock (no package left over from an earlier one), then dmvpub itself,
# built with the lock's setuptools.
$(STAMP): $(LOCK) pyproject.toml
	python3 -m venv --clear $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# `make lock` after editing pyproject.toml's dependencies: pins what is new, keeps every other pin.
# `make upgrade`: every package to the newest version pyproject.toml allows (then build, test, compare).
$(BIN)/pip-compile:
	[ -x $(BIN)/python ] || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet pip==$(PIP_VERSION) pip-tools==$(PIP_TOOLS_VERSION)

lock: $(BIN)/pip-compile
	$(COMPILE)

upgrade: $(BIN)/pip-compile
	$(COMPILE) --upgrade

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
