# Everything a fresh machine needs: `make run` and `make test` create the venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LIBRARY ?= library

.PHONY: install run test lint bench clean browser converters render

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/jianghua ingest samples --library $(LIBRARY)
	$(BIN)/jianghua stats --library $(LIBRARY)
	$(BIN)/jianghua serve --library $(LIBRARY) --host 127.0.0.1 --port 8000

# Browser tests drive Debian's chromium through Playwright; no browser is ever downloaded.
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei)

# Optional converters for .doc/.wps (antiword, catdoc) and the CJK font the format tests write
# PDFs in; jianghua runs without them and names what is missing when a file needs them.
converters:
	@(command -v antiword >/dev/null && command -v catdoc >/dev/null && fc-list | grep -qi wqy) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq antiword catdoc fonts-wqy-microhei)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# DOCX layout tests render a page with LibreOffice and read it back with poppler.
render:
	@(command -v soffice >/dev/null && command -v pdftoppm >/dev/null) || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-writer-nogui poppler-utils)

test: lint browser converters render
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/ingest.py --mb 100

clean:
	rm -rf $(VENV) $(LIBRARY)
