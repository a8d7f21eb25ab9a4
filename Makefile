# Two commands: `make run` opens the app on the default corpus, `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/gisa

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	$(BIN)/python bench/startup.py
	$(BIN)/python bench/ner.py

fuzz: $(STAMP)
	$(BIN)/python bench/fuzz_keys.py --keys 10000
	GISA_FUZZ_EXAMPLES=1000 GISA_FUZZ_RANDOM=1 $(BIN)/python -m pytest -q -o timeout=1800 tests/test_fuzz_cli.py

clean:
	rm -rf $(VENV) build dist *.egg-info
