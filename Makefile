# Goodwill: `make run` starts the app, `make test` runs every check and test.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/goodwill

.PHONY: help run test lint test-sqlite test-postgres test-e2e bench proof docs clean

help:
	@echo "make run    start Goodwill on http://127.0.0.1:8000 (SQLite, no set-up)"
	@echo "make test   lint, migrations check, tests on SQLite, PostgreSQL and in Chromium"
	@echo "make bench  run the scale benchmarks in benchmarks/ (about 10 minutes)"
	@echo "make proof  the long reliability tier: load, faults, fuzzing (about an hour)"
	@echo "make docs   regenerate docs/cli.md (and goodwill/cli/help.json) from the CLI's --help"

$(BIN)/python:
	@py=$$(scripts/find-python) && "$$py" -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/goodwill serve

lint: $(VENV)/.dev-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	GOODWILL_DATA_DIR=$$(mktemp -d) $(BIN)/python -m goodwill manage makemigrations --check --dry-run

test-sqlite: $(VENV)/.dev-installed
	GOODWILL_DATA_DIR=$$(mktemp -d) GOODWILL_DATABASE_URL= $(BIN)/pytest -q --ignore=tests/e2e

test-postgres: $(VENV)/.dev-installed
	@if $(BIN)/python scripts/pg-ready "$(PG_URL)"; then \
		echo "== PostgreSQL suite ($(PG_URL))"; \
		GOODWILL_DATA_DIR=$$(mktemp -d) GOODWILL_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -q --ignore=tests/e2e; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "PostgreSQL is required in CI but $(PG_URL) is not reachable." >&2; exit 1; \
	else \
		echo "SKIPPED the PostgreSQL suite: no server at $(PG_URL) (set PG_URL to use another)."; \
	fi

test-e2e: $(VENV)/.dev-installed
	@if [ -x "$$(command -v chromium || true)" ]; then \
		echo "== Browser suite (Chromium)"; \
		GOODWILL_DATA_DIR=$$(mktemp -d) $(BIN)/pytest -q tests/e2e; \
	elif [ "$${CI:-}" = "true" ]; then \
		echo "Chromium is required in CI; .ci/run installs it with apt." >&2; exit 1; \
	else \
		echo "SKIPPED the browser suite: no chromium on PATH (apt-get install chromium)."; \
	fi

test: lint test-sqlite test-postgres test-e2e

BENCHES := bench_core bench_import bench_import_vcard bench_parse bench_dedupe \
	bench_matching bench_giving bench_today bench_paths bench_reminders bench_write_locks

bench: $(VENV)/.dev-installed
	@for b in $(BENCHES); do \
		echo "== benchmarks/$$b.py"; \
		GOODWILL_DATA_DIR=$$(mktemp -d) $(BIN)/python benchmarks/$$b.py || exit 1; \
	done

# The long tier of issue 10: load, kill -9, backup under load, disk full, fuzzing,
# schemathesis, the scale run. Needs `wrk` (apt-get install wrk); about an hour.
proof: $(VENV)/.dev-installed
	@command -v wrk >/dev/null || { echo "proof needs wrk: apt-get install wrk" >&2; exit 1; }
	$(BIN)/python proof/run.py

docs: $(VENV)/.installed
	$(BIN)/python scripts/gen-cli-docs > docs/cli.md
	$(BIN)/python scripts/gen-cli-docs --help-json > goodwill/cli/help.json

clean:
	rm -rf $(VENV) build *.egg-info
