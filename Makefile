# `make` sets everything up and builds; `make test` sets up and runs the tests.
# Everything the project needs is installed from here, so a fresh machine and CI behave alike.

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Debian packages: GNU gettext (msgmerge, msgfmt) and Pango, which WeasyPrint draws text with.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all setup system catalogs status test clean

all: catalogs

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

status: setup
	$(BIN)/dmvpub status

test: setup
	$(BIN)/pytest

clean:
	rm -rf dist $(VENV)
