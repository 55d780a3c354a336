# jobshift — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
OFFLINE ?=

.PHONY: run test install lint typecheck pytest eval bench-import bench-web serve system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[live]'
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[live,test,spark]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

## make run [OFFLINE=1]: build/update jobshift.duckdb from the default sources, print the headline report,
## write report/index.html. OFFLINE=1 forces the labelled synthetic sample.
run: $(VENV)/.installed
	$(BIN)/jobshift run $(if $(OFFLINE),--offline,)

## make serve: the web app on http://localhost:8000/ over jobshift.duckdb (run `make run` first).
serve: $(VENV)/.installed
	$(BIN)/jobshift serve

## make test: lint, type-check and the whole pytest suite (what .ci/run runs).
test: $(VENV)/.installed-test system-deps lint typecheck pytest

## make system-deps: Debian's chromium (browser tests), postgresql (app-database tests) and a Java runtime (Spark), installed only
## when absent; needs root (CI runs as root). Without root the tests that need them skip, saying why.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
	  || missing="$$missing postgresql"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing (apt-get)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "note:$$missing absent and not root: the browser / PostgreSQL tests will be skipped"; \
	  fi; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

# The Spark tests (tests/spark) spend most of their time in Spark's per-job scheduling, not on the CPU, so they
# run beside the rest of the suite in a second pytest process; their log is printed after the main summary.
pytest: $(VENV)/.installed-test
	@log=$$(mktemp); \
	$(BIN)/pytest -q -p no:cacheprovider tests/spark >"$$log" 2>&1 & spark=$$!; \
	$(BIN)/pytest -q -p no:cacheprovider --ignore=tests/spark; main=$$?; \
	wait $$spark; sparkrc=$$?; \
	echo "---- tests/spark (run beside the suite above)"; cat "$$log"; rm -f "$$log"; \
	if [ $$main -ne 0 ]; then exit $$main; fi; exit $$sparkrc

## make eval: score skills / role / seniority / AI flags / pay (and layoffs) against tests/eval labels.
eval: $(VENV)/.installed-test
	$(BIN)/python tests/eval/evaluate.py

## make bench-import: import speed on the largest datasets in ../shared/data (writes BENCHMARKS.md).
bench-import: $(VENV)/.installed
	$(BIN)/python bench/import_speed.py

## make bench-web: metric endpoints under load and pages' first load (writes BENCHMARKS.md).
bench-web: $(VENV)/.installed-test
	$(BIN)/python bench/web.py

clean:
	rm -rf $(VENV) report out sample jobshift.duckdb jobshift.duckdb.wal jobshift-app.sqlite3*
