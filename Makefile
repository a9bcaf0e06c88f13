# Safeguard: the two commands a newcomer needs are `make demo` and `make test`.
# Everything they need is installed here, from PyPI (Python) and the npm registry.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

DEMO_SCALE ?= 0.1
DEMO_SEED ?= 1
DEMO_PASSWORD ?= safeguard-demo
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: demo test install install-production check-production serve lint check-migrations screenshots clean validate-returns

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# GOV.UK Frontend from the published package. The GDS Transport font is only for GOV.UK
# itself, so its @font-face rules are dropped and text falls back to Arial, as the Design
# System asks of services outside GOV.UK. Dropping them moves every column of the one-line
# CSS, so its published source map no longer fits: the map's comment goes too (production's
# hashed static files would otherwise refuse to build without the file it names). The JS is
# copied unchanged, so its map still fits and is copied beside it.
static/govuk/.copied: node_modules/.installed Makefile
	rm -rf static/govuk static/htmx
	mkdir -p static/govuk/assets static/htmx
	sed -E -e 's/@font-face\{[^}]*\}//g' -e 's#url\(/assets/#url(assets/#g' \
		-e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
		node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css \
		> static/govuk/govuk-frontend.min.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js \
		node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js.map static/govuk/
	cp -r node_modules/govuk-frontend/dist/govuk/assets/images static/govuk/assets/
	cp node_modules/htmx.org/dist/htmx.min.js static/htmx/
	touch $@

install: $(VENV)/.installed static/govuk/.copied

# A server's install (docs/deployment.md): the application's dependencies without the test
# tools, and GOV.UK Frontend copied for collectstatic.
install-production: $(UV) static/govuk/.copied
	$(UV) sync --frozen --no-dev --python $(PYTHON)

# Production settings started for real: collectstatic, migrate, gunicorn, the pages checked.
check-production: install
	scripts/check-production-start

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py generate_demo --scale $(DEMO_SCALE) --seed $(DEMO_SEED) \
		--demo-password '$(DEMO_PASSWORD)' --if-empty
	@$(PY) manage.py demo_logins --demo-password '$(DEMO_PASSWORD)' --url http://$(HOST):$(PORT)/
	PY=$(PY) scripts/demo-serve $(HOST):$(PORT)

test: install
	scripts/ensure-chromium
	$(PY) -m pytest -n 2 --dist loadfile

# The demo authority's returns checked by the sector's own validators, each in its own
# environment under .venv-validators/ (docs/returns.md).
validate-returns: install
	$(PYTHON) scripts/validate-returns

screenshots: install
	scripts/ensure-chromium
	SAFEGUARD_SCREENSHOTS=1 $(PY) -m pytest -q -p no:xdist tests/browser

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy safeguard
	$(VENV)/bin/lint-imports --no-cache

check-migrations: install
	$(PY) manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) .venv-validators .tools var staticfiles
