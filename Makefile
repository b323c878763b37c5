# The whole set-up on a fresh machine is `make run` or `make test`; nothing else is needed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
UV_VERSION := 0.13.9
PORT ?= 8000
DEMO_ENTRIES ?= 120
PYTEST_ARGS ?=
# Test processes per pass (pytest-xdist); a test file stays on one process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := $(if $(filter-out 0 1,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS) --dist loadfile)

# uv must use the interpreter of .venv, never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help install install-dev run test test-sqlite test-postgres lint format lock clean bench-import \
	bench-search bench-submissions bench-load bench-pages bench-oai bench-publish serve audit system-packages

help:
	@echo "make run        set up from nothing, load the fictional demo, serve on 127.0.0.1:$(PORT)"
	@echo "make serve      production set-up on this machine: migrate, collectstatic, gunicorn"
	@echo "                and the task worker (needs SECRET_KEY, ALLOWED_HOSTS; see README)"
	@echo "make test       set up from nothing, lint, check, and run the tests (SQLite, then"
	@echo "                PostgreSQL when DATABASE_URL points at one)"
	@echo "make bench-import  import 100,000 fictional rows into PostgreSQL, against add_child"
	@echo "make bench-search  name search at 100,000 entries (BENCH_ROWS=…), against stock search"
	@echo "make bench-submissions  200 remembrances from 20 parallel clients to a real server"
	@echo "make bench-load  gunicorn + PostgreSQL + Redis under locust (BENCH_ROWS, BENCH_USERS,"
	@echo "                BENCH_SECONDS, BENCH_REUSE=1), against a static copy of an entry page"
	@echo "make bench-pages  CPU ms and queries of one uncached page of each kind, in-process"
	@echo "                (BENCH_REQUESTS, BENCH_PROFILE=25 for cProfile's top functions)"
	@echo "make bench-oai  one OAI-PMH harvest page at 100,000 entries (BENCH_ROWS, BENCH_REUSE=1)"
	@echo "make bench-publish  publishing one entry at 100,000 entries, against stock search's index"
	@echo "make audit      known vulnerabilities in the locked dependencies (pip-audit)"
	@echo "make lock       re-resolve dependencies into uv.lock after editing pyproject.toml"
	@echo "make format     format the code with ruff"

$(PY):
	$(PYTHON) -m venv $(VENV)

$(UV): | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"

install: $(UV)
	$(UV) sync --locked --inexact

install-dev: $(UV)
	$(UV) sync --locked --inexact --extra dev

# The demo's own address: its sitemap, canonical and share links name this server.
run: export WAGTAILADMIN_BASE_URL ?= http://127.0.0.1:$(PORT)
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py set_site_address --replace
	$(PY) manage.py load_demo --entries $(DEMO_ENTRIES)
	$(PY) manage.py ensure_demo_admin
	@echo "Demo admin: http://127.0.0.1:$(PORT)/admin/  user 'admin', password 'memorial-demo'"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production configuration: gunicorn (WEB_CONCURRENCY workers, BIND) beside `manage.py db_worker`;
# Ctrl-C stops both. Settings, database, cache and media come from the environment (README).
serve: install
	PY=$(PY) scripts/serve.sh

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Debian packages the tests use when present: Chromium for the browser tests, gettext for the
# translation check. Installed when missing and apt-get can; otherwise those tests skip loudly.
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="chromium chromium-driver"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	if [[ -z "$$missing" ]]; then exit 0; fi; \
	if [[ $$(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then \
		echo "Installing Debian packages for the browser and translation tests:$$missing"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null \
		|| (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
		|| echo "!! Could not install$$missing: the tests that need them will be SKIPPED."; \
	else \
		echo "!! Missing$$missing and no root apt-get: the tests that need them will be SKIPPED."; \
	fi

test: lint system-packages
	$(MAKE) --no-print-directory audit
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=memorial.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(MAKE) --no-print-directory test-sqlite
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "DATABASE_URL is not a PostgreSQL URL: the PostgreSQL pass is skipped."; \
	fi

test-sqlite:
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL ($${DATABASE_URL%%@*}@…)"
	HYPOTHESIS_PROFILE=$${HYPOTHESIS_PROFILE:-second-database} $(PY) -m pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

bench-import: install-dev
	$(PY) tests/bench/bench_import.py

bench-search: install-dev
	$(PY) tests/bench/bench_search.py

# The production configuration under locust: gunicorn, PostgreSQL, Redis, whitenoise, 127.0.0.1.
bench-load: install-dev
	$(PY) tests/bench/bench_load.py

# The app's CPU time and queries for each kind of uncached public page, production settings.
bench-pages: install-dev
	$(PY) tests/bench/profile_pages.py

# One OAI-PMH harvest page (first, from, a collection's set, resumed) and its query plans.
bench-oai: install-dev
	$(PY) tests/bench/bench_oai.py

# Publishing one entry of a large archive: the search index's own rows, against stock's scans.
bench-publish: install-dev
	$(PY) tests/bench/bench_publish.py

# The concurrency test of family submissions, with its rate printed: SQLite, then PostgreSQL.
bench-submissions: install-dev
	env -u DATABASE_URL $(PY) -m pytest -q -s tests/remembrances/test_concurrent_submissions.py
	@if [[ "$${DATABASE_URL:-}" == postgres* ]]; then \
		$(PY) -m pytest -q -s tests/remembrances/test_concurrent_submissions.py; \
	fi

# Known vulnerabilities in the locked dependencies, from PyPI's advisories via pip-audit.
# Any known vulnerability fails. A package the service has no record of cannot be audited:
# it is counted (listed with AUDIT_VERBOSE=1), and AUDIT_STRICT=1 makes it a failure.
AUDIT_STRICT ?=
AUDIT_VERBOSE ?=
audit: install-dev
	@work=$$(mktemp -d); trap 'rm -rf "$$work"' EXIT; \
	$(UV) export --quiet --locked --extra dev --format requirements-txt --no-emit-project \
		> "$$work/requirements.txt"; \
	status=0; $(VENV)/bin/pip-audit -r "$$work/requirements.txt" --require-hashes --disable-pip \
		--progress-spinner off $(if $(AUDIT_STRICT),--strict) > "$$work/report" 2>&1 || status=$$?; \
	skipped=$$(grep -c "could not be audited" "$$work/report" || true); \
	if [[ -n "$(AUDIT_VERBOSE)" ]]; then cat "$$work/report"; \
	else grep -v -e "could not be audited" -e "^Name  *Skip Reason" -e "^-* -*$$" "$$work/report"; fi; \
	if [[ $$skipped -gt 0 ]]; then echo "pip-audit: $$skipped locked packages could not be" \
		"looked up (the vulnerability service has no record of them; AUDIT_VERBOSE=1 lists them)."; fi; \
	exit $$status

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

lock: $(UV)
	$(UV) lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
