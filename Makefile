# Open Service Catalogue — the only commands a newcomer needs are
#   make serve    set everything up and serve the catalogue on http://127.0.0.1:8000
#   make test     set everything up and run every test
# The catalogue they work on: CATALOGUE=<folder with its mkdocs.yml>; by default
# catalogue/ when it has a mkdocs.yml (a county's fork: upstream never creates
# that folder), else the top level when it has one (older forks; not
# recommended), else the demo city in examples/demo-city (the same rule as
# `python -m generator` without --root: generator/config.py default_root).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
export NO_MKDOCS_2_WARNING := 1
STAMP  := $(VENV)/.installed
ADDR   ?= 127.0.0.1:8000
SIZES  ?= 1603 20000
IMPORT_ROWS ?= 20000
CATALOGUE ?= $(if $(wildcard catalogue/mkdocs.yml),catalogue,$(if $(wildcard mkdocs.yml),.,examples/demo-city))

.PHONY: serve build check diff test search-check bench acceptance setup system browser validator clean lock

# Then the search tables every build reads, derived once per environment
# (as pip compiles .pyc files): a fresh clone's first build reads them back.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) devtools/bootstrap.py venv $(VENV)
	$(PY) -m generator prepare
	@touch $@

system:
	@$(PYTHON) devtools/bootstrap.py system

browser:
	@$(PYTHON) devtools/bootstrap.py system --browser

# Java and the Nu HTML Checker (vnu.jar, npm package vnu-jar) for the HTML gate.
validator: $(STAMP)
	@$(PYTHON) devtools/bootstrap.py validator $(VENV)

setup: system $(STAMP)

# --dirty: the site folder is kept between rebuilds, so an edit rewrites only the
# pages it changes (generated pages are always regenerated; a hand-written page
# keeps its old navigation until it is saved again).
serve: setup
	$(PY) -m mkdocs serve -f "$(CATALOGUE)/mkdocs.yml" --dirty --dev-addr $(ADDR) --livereload

build: setup
	$(PY) -m generator --root "$(CATALOGUE)" build

# BASE=<git version> (a pull request's target branch): fail only on what the
# change makes worse; GAPS=1: every gap listed, not only counted.  On GitHub the problems become annotations and a table
# in the job summary; FORMAT=gitlab prints GitLab's code-quality report.
FORMAT ?= $(if $(GITHUB_ACTIONS),github,text)
check: $(STAMP)
	$(PY) -m generator --root "$(CATALOGUE)" check --format $(FORMAT)$(if $(BASE), --base "$(BASE)")$(if $(GAPS), --gaps)$(if $(GITHUB_STEP_SUMMARY), --summary "$(GITHUB_STEP_SUMMARY)")

# What a change does to the catalogue, as Markdown: make diff BASE=main [HEAD=<version>]
diff: $(STAMP)
	@$(PY) -m generator --root "$(CATALOGUE)" diff "$(or $(BASE),main)" $(HEAD)

test: setup browser validator
	CATALOGUE="$(CATALOGUE)" $(PY) -m pytest -q $(PYTEST_ARGS)

# The catalogue's search queries (search_queries.yaml) alone, in Chinese, one
# line each: the site is built first when it is missing or stale; fails on a miss.
search-check: setup browser
	@$(PY) -m devtools.search_check --root "$(CATALOGUE)"

bench: setup browser
	$(PY) -m devtools.bench $(SIZES) --import-rows $(IMPORT_ROWS)

# Issue 11's acceptance: the real Guangxi export (../shared/, outside the repository)
# imported into an empty copy of the catalogue and built; prints the figures and
# fails unless >= 95 % of the items have a page, every held-back item is on the
# data-quality page and no page shows a default the export does not state.
acceptance: setup
	$(PY) -m devtools.acceptance_import $(ACCEPTANCE_ARGS)

# Refresh requirements.lock after changing pyproject.toml dependencies.
lock: $(STAMP)
	$(PY) -m pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf site .cache "$(CATALOGUE)/site" "$(CATALOGUE)/.cache" $(VENV)
