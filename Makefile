# Townsquare — the two commands of the quick start, and what they stand on.
#   make demo   set up and serve the demo organisation on http://127.0.0.1:8000 (PORT overrides)
#   make test   set up and run the whole test suite (lint, migrations check, unit, integration, browser)
# Set DATABASE_URL=postgres://… to run the suite on PostgreSQL instead of SQLite.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo scale-out test lint assets install install-test browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

install: $(VENV)/.installed

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --silent

townsquare/static/vendor/htmx.min.js: node_modules/.package-lock.json scripts/build_assets.mjs
	npm run --silent build

assets: townsquare/static/vendor/htmx.min.js

demo: install assets
	PORT=$(PORT) $(BIN)/townsquare demo --port $(PORT)

# The scale-out mode on this machine (docs/OPERATIONS.md): PostgreSQL + Redis, two uvicorn web processes
# on SCALE_PORT and SCALE_PORT+1 and one Huey worker, with the demo organisation the first time.
SCALE_PORT ?= 8001
SCALE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/townsquare
SCALE_REDIS_URL ?= redis://127.0.0.1:6379/0
scale-out: install assets
	DATABASE_URL="$${DATABASE_URL:-$(SCALE_DATABASE_URL)}" REDIS_URL="$${REDIS_URL:-$(SCALE_REDIS_URL)}" \
	  $(BIN)/townsquare scaleout --web 2 --workers 1 --port $(SCALE_PORT) --create-db --demo-people 300

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here); the emoji
# font makes reaction buttons in the screenshots look as they do on people's own machines.
BROWSER_PACKAGES := chromium fonts-noto-color-emoji
browser:
	@test -x $(CHROMIUM) -a -d /usr/share/fonts/truetype/noto || { echo "Installing $(BROWSER_PACKAGES) for the browser tests…"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq $(BROWSER_PACKAGES) >/dev/null; fi; }

lint: install
	$(BIN)/ruff check townsquare tests bench
	$(BIN)/lint-imports  # the layers and no cycles between packages (pyproject.toml, docs/ARCHITECTURE.md)
	$(BIN)/townsquare makemigrations --check --dry-run

# The suite's data (its SQLite test database file, media, queue) goes to var/test/, apart from the demo's
# var/; TOWNSQUARE_DATA_DIR overrides it, so runs side by side each get their own.
test: install assets browser lint
	TOWNSQUARE_DATA_DIR="$${TOWNSQUARE_DATA_DIR:-$(CURDIR)/var/test}" $(BIN)/pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var townsquare/static/vendor
