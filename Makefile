# The two commands: `make run` and `make test`. Both work on a fresh clone with only Python.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
INSTALLED := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in e-mails and the feed point to the address `make run` serves.
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: install setup run demo-code test lint messages screenshots loadtest bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(INSTALLED)

install: $(INSTALLED)

# Migrates the embedded SQLite database and loads the reference data and the demo. Safe to
# run again: every step updates in place.
setup: install
	DEBUG=1 $(MANAGE) migrate --noinput
	DEBUG=1 DEMO_MODE=1 SITE_URL=$(SITE_URL) $(MANAGE) bootstrap --demo

run: setup
	DEBUG=1 DEMO_MODE=1 SITE_URL=$(SITE_URL) $(MANAGE) runserver $(HOST):$(PORT)

# The demo accounts' current login code (second step), for trying the demo without an app.
demo-code: install
	DEBUG=1 $(MANAGE) demo_code $(USER_NAME)

test: install
	$(BIN)/python -m pytest

# The deadline-hour load test (docs/load-test.md); not part of `make test`. Options:
# make loadtest LOADTEST_ARGS="--nominators 20 --jurors 2", or python -m loadtest --help.
# Two app servers with faults (docs/production.md): DATABASE_URL=postgres://… and
# LOADTEST_ARGS="--servers 2".
loadtest: install
	$(BIN)/python -m loadtest $(LOADTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refreshes the translation catalogues (needs GNU gettext) and builds their binary .mo files,
# which are committed so that a fresh machine needs nothing but Python.
messages: install
	DEBUG=1 $(MANAGE) makemessages --all --no-obsolete --add-location=file --ignore='.venv/*' --ignore='staticfiles/*'
	DEBUG=1 $(MANAGE) compilemessages --ignore='.venv/*'

# Photographs the main pages of the demo for the README and docs/screenshots.md (in
# docs/screenshots/), from a throw-away database, with Debian's Chromium.
screenshots: install
	$(BIN)/python scripts/screenshots.py

# Pages, score math and export against the floor of Django, pandas and openpyxl, on a full year
# and on ten times that, in a fresh database (docs/performance.md). BENCH_ARGS passes
# options, e.g. BENCH_ARGS="--repeat 10 --skip-large".
BENCH_JSON ?= var/bench.json
bench: install
	$(BIN)/python benchmarks/bench.py --json $(BENCH_JSON) $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles
