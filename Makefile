# painease: build, run and test.
#
#   make run     check Debian packages, create .venv, install painease, open the app
#                (pass arguments with ARGS="--data-dir /tmp/x")
#   make test    the same plus the test extra and the audio test rig, then the full suite
#                (in TEST_JOBS=4 worker processes; pass pytest arguments with PYTEST_ARGS=)
#   make bench   run every benchmarks/bench_*.py (BENCH=name filters)
#   make lint    ruff + the import-linter contracts
#   make screenshots  PNGs of every page to docs/screenshots (offscreen)
#   make clean   remove caches and build output (make distclean also removes .venv)
#
# Each target does its own set-up, so the first `make run` or `make test` on a fresh
# Debian/Ubuntu machine is all it takes. The virtualenv is reinstalled only when
# pyproject.toml changes (stamp files inside .venv).

PYTHON ?= python3
VENV ?= .venv
ARGS ?=
PYTEST_ARGS ?=
# pytest-xdist workers for `make test` (TEST_JOBS=0 runs the tests in one process).
TEST_JOBS ?= 4
BENCH ?=

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
# Set-up steps depend on each other (packages before venv before install): keep them serial.
.NOTPARALLEL:

VENV_PY := $(VENV)/bin/python
# worksteal: an idle worker takes tests queued for a busy one (a few tests take a minute).
PYTEST_JOBS := -n $(TEST_JOBS) --dist worksteal
RUN_STAMP := $(VENV)/.painease-run.stamp
TEST_STAMP := $(VENV)/.painease-test.stamp
DEPS := PYTHON="$(PYTHON)" VENV="$(VENV)" bash packaging/debian-deps.sh
# Byte-compile painease, as pip does when it installs a package for real. The editable
# install leaves that to Python at import, which never saves the .pyc where
# PYTHONDONTWRITEBYTECODE is set (our CI machines set it): every start then compiled the
# ~2,000 lines on the start-up path again (~11 ms). Only changed files are redone (~60 ms).
BYTECODE := $(VENV_PY) -m compileall -q painease

.PHONY: help run test bench lint screenshots clean distclean deps-run deps-test

help:
	@echo "make run     open painease (extra arguments: make run ARGS=\"--data-dir /tmp/x\")"
	@echo "make test    run the full test suite (installs what it needs)"
	@echo "make bench   run the benchmarks (BENCH=name to pick some)"
	@echo "make lint    ruff and import-linter"
	@echo "make screenshots  PNGs of every page to docs/screenshots"
	@echo "make clean   remove caches and build output; make distclean also removes $(VENV)"

run: deps-run $(RUN_STAMP)
	@$(BYTECODE)
	$(VENV)/bin/painease $(ARGS)

# pytest (lint-imports runs inside it, see tests/test_architecture.py), then ruff; both
# always run so one CI log shows every problem, and the target fails if either failed.
test: deps-test $(TEST_STAMP)
	@$(BYTECODE)
	@status=0; \
	echo "QT_QPA_PLATFORM=offscreen $(VENV_PY) -m pytest $(PYTEST_JOBS) $(PYTEST_ARGS)"; \
	QT_QPA_PLATFORM=offscreen $(VENV_PY) -m pytest $(PYTEST_JOBS) $(PYTEST_ARGS) || status=$$?; \
	echo "$(VENV)/bin/ruff check ."; \
	$(VENV)/bin/ruff check . || status=1; \
	exit $$status

bench: deps-test $(TEST_STAMP)
	@$(BYTECODE)
	QT_QPA_PLATFORM=offscreen $(VENV_PY) benchmarks/run.py $(BENCH)

# A PNG of every page, light and dark, for the README (offscreen; throwaway data dir).
screenshots: $(TEST_STAMP)
	QT_QPA_PLATFORM=offscreen $(VENV_PY) -m painease.ui.screenshots docs/screenshots

lint: $(TEST_STAMP)
	@status=0; \
	echo "$(VENV)/bin/ruff check ."; \
	$(VENV)/bin/ruff check . || status=1; \
	echo "$(VENV)/bin/lint-imports"; \
	$(VENV)/bin/lint-imports || status=1; \
	exit $$status

deps-run:
	@$(DEPS) run

deps-test:
	@$(DEPS) test

$(VENV_PY):
	@command -v $(PYTHON) >/dev/null || { \
	    echo "$(PYTHON) not found; painease needs Python 3.11 or newer." \
	         "Name another interpreter with make PYTHON=... " >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	    echo "painease needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1)." \
	         "Use e.g. make PYTHON=python3.11 ..." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install -e .
	touch $@

# The test extra is a superset of the plain install, so it satisfies `make run` too.
$(TEST_STAMP): pyproject.toml | $(VENV_PY)
	$(VENV_PY) -m pip install -e '.[test]'
	touch $@ $(RUN_STAMP)

clean:
	rm -rf build dist .pytest_cache .ruff_cache .hypothesis .import_linter_cache
	rm -rf ./*.egg-info
	find . -path ./$(VENV) -prune -o -path ./.git -prune -o \
	    -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
