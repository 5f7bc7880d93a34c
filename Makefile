# Quick start: `make run` serves the demo on http://127.0.0.1:$(PORT); `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export FLASK_APP := wsgi

.PHONY: install run test lint bench bench-serve translations clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required (found: $$($(PYTHON) --version))"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed demo
	$(BIN)/flask run --host 127.0.0.1 --port $(PORT)

test: lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Lint and formatting (ruff, line length 100 as in pyproject.toml); part of `make test`.
lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install
	$(BIN)/python benchmarks/import_budget.py

bench-serve: install
	$(BIN)/python benchmarks/serve.py

# Extract, update and compile the translation catalogues after changing user-facing text.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o budget/translations/messages.pot .
	$(BIN)/pybabel update -i budget/translations/messages.pot -d budget/translations
	$(BIN)/python scripts/cyrillic_catalog.py
	$(BIN)/pybabel compile -d budget/translations

clean:
	rm -rf $(VENV) instance .pytest_cache
