# `make demo` and `make test` are the two entry points the README documents; both create
# the virtual environment on first use.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck unit bench clean

$(BIN)/cs-bot: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres]'
	touch $@

demo: $(BIN)/cs-bot
	$(BIN)/cs-bot demo

lint: $(BIN)/cs-bot
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(BIN)/cs-bot
	$(BIN)/mypy

unit: $(BIN)/cs-bot
	$(BIN)/pytest

test: lint typecheck unit

bench: $(BIN)/cs-bot
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,bench]'
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
