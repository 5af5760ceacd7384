# Two commands on a fresh machine with Python 3.11: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The suite runs on every core (pytest-xdist): much of it waits on browsers, servers and
# subprocesses. TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto

.PHONY: run test e2e lint format bench serve migrate corpus demo clean browser help

help:
	@echo "make run    - install, migrate, import the corpus, create demo logins, serve on http://$(HOST):$(PORT)"
	@echo "make test   - install test tools and run the whole suite (browser tests need Chromium)"
	@echo "make lint   - ruff check and format check"
	@echo "make bench  - run the benchmarks under bench/ and print their figures"
	@echo "make serve  - production-style server (gunicorn and the task worker); see docs/deploy.md"

$(VENV)/.installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found); set PYTHON=/path/to/python3.11"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

migrate: $(VENV)/.installed
	$(PY) manage.py migrate --no-input

corpus: migrate
	$(PY) manage.py import_corpus

demo: corpus
	$(PY) manage.py seed_demo

# The development server and one task worker (large exports, the bin purge), stopped together.
run: demo
	export SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)}; $(PY) manage.py task_worker --no-reload --no-startup-delay & trap "kill $$!" EXIT; $(PY) manage.py runserver $(HOST):$(PORT)

# Chromium for the browser tests: Debian's package, never a downloaded browser build.
browser:
	@bash scripts/ensure-chromium.sh

test: $(VENV)/.installed-dev
	@bash scripts/ensure-chromium.sh || true
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) $(PYTEST_ARGS)

e2e: $(VENV)/.installed-dev
	@bash scripts/ensure-chromium.sh
	$(PY) -m pytest --numprocesses $(TEST_WORKERS) tests/e2e $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: $(VENV)/.installed-dev
	$(PY) bench/run.py

serve: $(VENV)/.installed
	DEBUG=$${DEBUG:-false} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py collectstatic --no-input
	DEBUG=$${DEBUG:-false} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py migrate --no-input
	DEBUG=$${DEBUG:-false} SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} PY=$(PY) bash scripts/serve.sh

clean:
	rm -rf $(VENV) staticfiles .pytest_cache tests/output
