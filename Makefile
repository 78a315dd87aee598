# The two commands a newcomer needs: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install browser lint typecheck unit bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Ingest seeds/ into the embedded store under $KG_DATA_DIR (default ./data) and serve the API.
run: install
	$(BIN)/kg ingest seeds/
	$(BIN)/kg serve --host 127.0.0.1 --port 8000

## Debian's Chromium for the browser tests (tests/browser), installed with apt-get when missing
## (as root, else through sudo). Playwright drives it; it never downloads a browser of its own.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "installing Chromium for the browser tests: apt-get install chromium"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -q && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	fi

## The whole suite: ruff, mypy, pytest (browser tests included: a missing browser fails them).
test: install lint typecheck browser
	KG_REQUIRE_BROWSER=1 KG_CHROMIUM=$(CHROMIUM) $(BIN)/pytest

## ruff (lint, complexity <= 15, formatting) and the layer contracts in pyproject.toml
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

bench: install
	@for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
