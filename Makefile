# Two entry points (see README.md): `make build` and `make test`. Both install what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build test benchmark check-python

build: $(VENV)/.runtime
	$(BIN)/course build

# pytest runs one worker per core (pytest-xdist), each with its own Chromium and its own temporary folders.
test: $(VENV)/.test node_modules/.installed .venv-lrs/.installed
	$(BIN)/ruff check course tests benchmarks
	$(BIN)/mypy
	$(BIN)/course check --strict --all-organisations
	node --test tests/js/
	node_modules/.bin/tsc -p .
	$(BIN)/python -m pytest -q -n auto

# The speed and size benchmark (README, Performance): a table on stdout, the figures in build/benchmarks.json.
benchmark: $(VENV)/.test node_modules/.installed .venv-lrs/.installed
	$(BIN)/python -m benchmarks.run

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=python3.11")'

$(VENV)/.runtime: pyproject.toml constraints.txt | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip>=24"
	$(BIN)/python -m pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[test]"
	touch $@

# The cmi5 tests' LRS (ralph) in a venv of its own: its extras pin exact versions the project's venv must not get.
.venv-lrs/.installed: tests/cmi5/lrs-requirements.txt | check-python
	$(PYTHON) -m venv .venv-lrs
	.venv-lrs/bin/python -m pip install --quiet --no-deps -r tests/cmi5/lrs-requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@
