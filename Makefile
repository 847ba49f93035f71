# Newsroom: `make run` serves the demo newsroom, `make test` runs the checks.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The first Python >= 3.12 on PATH (pyenv picks the version in .python-version).
FIND_PYTHON := for p in python3.13 python3.12 python3 python; do \
	  command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; \
	done

.PHONY: run test install lint demo-password lock clean

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

run: export DEBUG ?= 1
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py make_renditions
	$(PY) manage.py demo_editor
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DEBUG= $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

demo-password: export DEBUG ?= 1
demo-password: install
	$(PY) manage.py demo_editor --reset-password

# Refresh the pinned versions after changing the ranges in pyproject.toml.
lock: $(PY)
	$(PY) -m pip install --quiet --upgrade ".[dev]"
	$(PY) -m pip freeze --exclude newsroom --exclude pip > requirements.lock

clean:
	rm -rf $(VENV) staticfiles
