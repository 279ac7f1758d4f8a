# Two commands on a fresh machine: `make run` starts the bot, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot

# The storage tests run on SQLite and on a real PostgreSQL server (installed if missing).
test: $(STAMP)
	sh tests/e2e/ensure_browser.sh
	sh tests/ensure_faketime.sh
	$(BIN)/ruff check .
	$(BIN)/mypy
	url="$$(sh tests/ensure_postgres.sh)" && TEST_DATABASE_URL="$$url" $(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# The several-process benchmark and the footprint's second row run on the local PostgreSQL.
bench: $(STAMP)
	url="$$(sh tests/ensure_postgres.sh)" && $(BIN)/python bench/run_all.py --database-url "$$url"
	$(BIN)/python bench/charts.py
	$(BIN)/python bench/reminders.py

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .mypy_cache .ruff_cache
