# Newsroom: `make run` serves the demo newsroom, `make test` runs the checks (ruff, the
# import contract in .importlinter, pytest),
# `make serve` runs the site the production way on one machine (docs/deployment.md).
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 on PATH (pyenv picks the version in .python-version).
FIND_PYTHON := for p in python3.13 python3.12 python3 python; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done

.PHONY: run serve test install lint demo-password lock clean bench loadtest audit node_modules backup restore

$(PY):
	@py=$$($(FIND_PYTHON)); \
	if [ -z "$$py" ]; then echo "Newsroom needs Python 3.12 or newer; none was found on PATH." >&2; exit 1; fi; \
	echo "Creating $(VENV) with $$($$py --version)"; \
	$$py -m venv $(VENV)

$(STAMP): $(PY) requirements.lock pyproject.toml
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

install: $(STAMP)

# The validators' npm packages (vnu-jar, axe-core, lighthouse: audit/README.md), exactly as
# package-lock.json pins them. Without npm (or offline) the tests that need them are
# skipped, so neither is an error here. --ignore-scripts: where it finds no java, vnu-jar's
# install script downloads a Java runtime; the system's Java runs the checker.
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@if ! command -v npm >/dev/null 2>&1; then \
	  echo "npm not found: the validators that need Node.js packages will be skipped"; \
	elif npm ci --ignore-scripts --no-audit --no-fund; then touch $@; \
	else echo "npm ci failed: the validators that need Node.js packages will be skipped"; fi

node_modules: $(NODE_STAMP)

# The site's address follows HOST and PORT (canonical links, JSON-LD, feeds, sitemaps,
# the API and the login address printed), unless SITE_URL (or NEWSROOM_SITE_URL) says.
DEMO_SITE_URL = $(or $(NEWSROOM_SITE_URL),http://$(HOST):$(PORT))

run: export DEBUG ?= 1
run: export SITE_URL ?= $(DEMO_SITE_URL)
# The demo publishes in three editions, so that readers can switch the seed story
# between English, Turkish and Arabic (right to left); NEWSROOM_EDITIONS= turns it off.
run: export NEWSROOM_EDITIONS ?= en,tr,ar
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py make_renditions
	$(PY) manage.py demo_accounts
	$(PY) manage.py runserver $(HOST):$(PORT)

# The production way on one machine: DEBUG off, hashed and compressed static files
# (whitenoise), gunicorn on $(HOST):$(PORT) with WEB_CONCURRENCY workers. The defaults
# below suit loopback with nothing in front; behind a TLS proxy set ALLOWED_HOSTS,
# SITE_URL, SECURE_SSL_REDIRECT=1 and SERVE_MEDIA=0 (the proxy serves /media/).
ifneq ($(filter serve,$(MAKECMDGOALS)),)
ifeq ($(strip $(SECRET_KEY)),)
$(error make serve needs SECRET_KEY in the environment, e.g. SECRET_KEY="$$(openssl rand -base64 48)" make serve)
endif
endif
serve: export DEBUG :=
serve: export ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: export SECURE_SSL_REDIRECT ?= 0
serve: export SERVE_MEDIA ?= 1
serve: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput
	@# Without a shared cache (CACHE_URL), one process with threads: the page cache and its
	@# invalidation live in that process's memory, and several processes would not see
	@# each other's edits. With Redis, WEB_CONCURRENCY processes (default 2).
	SITE_URL="$${SITE_URL:-$${NEWSROOM_SITE_URL:-http://$(HOST):$(PORT)}}" \
	exec $(VENV)/bin/gunicorn newsroom.wsgi --bind $(HOST):$(PORT) \
	  $$(if [ -n "$$CACHE_URL" ]; then echo --workers $${WEB_CONCURRENCY:-2}; else echo --workers 1 --threads $${THREADS:-8}; fi) \
	  --access-logfile - --error-logfile - --no-control-socket

test: install $(NODE_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DEBUG= $(VENV)/bin/pytest $(PYTEST_ARGS)

# The validators alone (tests/validators, audit/README.md): the Nu Html Checker and axe-core
# on the demo newsroom's pages, its feeds and sitemaps, Lighthouse on the seed story; then
# a table of pages × checks and the Lighthouse scores.
audit: install $(NODE_STAMP)
	AUDIT_TABLE=1 DEBUG= $(VENV)/bin/pytest -q tests/validators $(PYTEST_ARGS)

# The benchmark (bench/README.md): PostgreSQL, Redis and wrk; not part of `make test`.
# BENCH_STORIES=10000 BENCH_SECONDS=5 make bench for a quick run.
bench: install
	$(PY) bench/run.py

# The load test (bench/README.md): 60 s at 64 connections while an editor publishes through
# the admin, on SQLite then PostgreSQL (a database it drops and makes again) and Redis;
# exits non-zero on any error, 5xx, lock error or lost save. Not part of `make test`.
loadtest: install
	$(PY) bench/load_test.py $(LOADTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# A full backup (database and media) into one archive, and its restore into an empty
# install: `make backup` (or BACKUP=path), `make restore BACKUP=path` (FORCE=1 to write
# over content). The settings come from the environment, as for `make serve`.
BACKUP ?= var/backups/newsroom-$(shell date -u +%Y%m%d-%H%M%S).tar.gz
backup: install
	$(PY) manage.py backup $(BACKUP)

restore: install
	@test -f "$(BACKUP)" || { echo "Name the archive: make restore BACKUP=path/to/backup.tar.gz" >&2; exit 1; }
	$(PY) manage.py migrate --no-input
	$(PY) manage.py restore $(if $(FORCE),--force) $(BACKUP)

# New passwords for the demo accounts (make run prints them only when it makes them).
demo-password: export DEBUG ?= 1
demo-password: export SITE_URL ?= $(DEMO_SITE_URL)
demo-password: install
	$(PY) manage.py demo_accounts --reset-password

# Refresh the pinned versions after changing the ranges in pyproject.toml.
lock: $(PY)
	$(PY) -m pip install --quiet --upgrade ".[dev]"
	$(PY) -m pip freeze --exclude newsroom --exclude pip > requirements.lock

clean:
	rm -rf $(VENV) staticfiles
