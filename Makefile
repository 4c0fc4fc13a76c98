# Everything a fresh machine needs: `make run` and `make test` create the venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
LIBRARY ?= library

.PHONY: install run test lint bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/jianghua ingest samples --library $(LIBRARY)
	$(BIN)/jianghua stats --library $(LIBRARY)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest

bench: install
	$(BIN)/python bench/ingest.py --mb 100

clean:
	rm -rf $(VENV) $(LIBRARY)
