# Two commands on a fresh machine: `make serve` (set up, build, serve) and `make test` (set up, run every test).
# Set-up is incremental: the virtual environment and node_modules are rebuilt only when their pins change.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup browser build serve test check bench clean

setup: $(VENV)/.ready node_modules/.ready  ## virtual environment with the pinned packages, and npm ci

$(VENV)/.ready: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

node_modules/.ready: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

browser:  ## Debian's Chromium, which the browser tests drive through Playwright, and nginx, the benchmark's HTTP/2 server
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }
	@command -v nginx >/dev/null || test -x /usr/sbin/nginx || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nginx; }

build: setup  ## the site in every language (English at the root, each other language in its folder), into site/
	$(PY) build.py

# The language `make serve` previews; lower case, as LANGUAGE is gettext's variable (often en_US:en in a shell).
language ?= en
serve: setup  ## build and serve at http://127.0.0.1:8000/ with live reload (English; Spanish: make serve language=es)
	$(PY) build.py serve $(language)

# The suite on two processes (pytest-xdist; worksteal: a process that runs out takes tests from the other). Each
# process builds the site once; build.py builds build/runtime/ one process at a time. workers=0: in one process.
workers ?= 2
test: setup browser  ## the whole suite
	$(PY) -m pytest -n $(workers) --dist worksteal

check: setup  ## questionnaire files and their translations, reading grades (every language) and links, without the browser tests
	$(PY) -m quiz check
	$(PY) -m quiz.authoring.readability
	$(PY) build.py

bench: setup browser  ## the benchmark: build, serve, measure in Chromium; writes benchmarks/results.md and .json
	$(PY) -m benchmarks.run

clean:
	rm -rf site build .pytest_cache .hypothesis
