# jobshift — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OFFLINE ?=

.PHONY: run test install lint typecheck pytest eval bench-import clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[live]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[live,test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

## make run [OFFLINE=1]: build/update jobshift.duckdb from the default sources, print the headline report,
## write report/index.html. OFFLINE=1 forces the labelled synthetic sample.
run: $(VENV)/.installed
	$(BIN)/jobshift run $(if $(OFFLINE),--offline,)

## make test: lint, type-check and the whole pytest suite (what .ci/run runs).
test: $(VENV)/.installed-test lint typecheck pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -q -p no:cacheprovider

## make eval: score skills / role / seniority / AI flags / pay (and layoffs) against tests/eval labels.
eval: $(VENV)/.installed-test
	$(BIN)/python tests/eval/evaluate.py

## make bench-import: import speed on the largest datasets in ../shared/data (writes BENCHMARKS.md).
bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py

clean:
	rm -rf $(VENV) report out sample jobshift.duckdb jobshift.duckdb.wal
