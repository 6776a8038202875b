# Two commands a user needs: `make run` and `make test`. Both build .venv from scratch if absent.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.tidings-installed
DB     ?= tidings.duckdb

.PHONY: run test lint typecheck evaluate bench clean chromium

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/tidings analyze examples/corpus --db $(DB)
	@echo "Dashboard: $(BIN)/tidings serve --db $(DB)   then open http://127.0.0.1:8000/"

test: $(STAMP) chromium
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest -q

# The dashboard's browser tests drive Debian's Chromium. Install it when we can (root or
# passwordless sudo with apt); otherwise say loudly that those tests will be skipped.
chromium:
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
	  exit 0; \
	fi; \
	if command -v apt-get >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO=none; fi; \
	  if [ "$$SUDO" != none ]; then \
	    echo "Installing Chromium for the browser tests (apt-get install chromium)"; \
	    $$SUDO apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null && exit 0; \
	  fi; \
	fi; \
	echo "**********************************************************************"; \
	echo "*** Chromium could not be installed: the browser tests will be SKIPPED"; \
	echo "**********************************************************************"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

evaluate: $(STAMP)
	$(BIN)/tidings evaluate all

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache .mypy_cache .ruff_cache
