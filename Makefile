# Two commands do all set-up: `make play` and `make test`. Both build .venv from pyproject.toml
# when it is missing or older than pyproject.toml, so a fresh clone needs only python3 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: play test lint format demo bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Sammenspil needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,web]'
	# An editable install compiles nothing; with PYTHONDONTWRITEBYTECODE set, every start would
	# compile our sources anew. Compile them once here (the interpreter reads them when fresh).
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

play: $(STAMP)
	$(BIN)/sammenspil play --deck sammenhaeng $(ARGS)

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --durations=5 $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check --fix src tests benchmarks
	$(BIN)/ruff format src tests benchmarks

demo: $(STAMP)
	$(BIN)/sammenspil demo $(ARGS)

bench: $(STAMP)
	$(BIN)/python benchmarks/run_all.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
