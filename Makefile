# The two commands a newcomer needs:   make serve   and   make test
# Both create .venv and install requirements.txt first (skipped when nothing changed).

PY      := .venv/bin/python
STAMP   := .venv/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: serve build test test-page test-python test-browser install browser benchmark benchmark-tests lighthouse figures notebooks notebook-setup refresh

# `python -m mkdocs` (not .venv/bin/mkdocs): run from the repository, so the hooks can import `study`.
serve: $(STAMP)            ## install, then serve the site on http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

build: $(STAMP)            ## install, then build the site into site/ (strict)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

# Two workers (pytest-xdist); which tests share a worker: tests/worker_groups.py.
XDIST   := -n 2 --dist loadscope

test: $(STAMP) browser     ## install, then run every test (pages, snippets, build, browser)
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest $(XDIST)

test-page: $(STAMP)        ## one page's checks and blocks: make test-page PAGE=docs/questions/q05.md
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest $(PAGE)

test-python: $(STAMP)      ## every test except the browser ones (no Chromium needed)
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest $(XDIST) -m "not browser"

test-browser: $(STAMP) browser   ## the browser, link and workflow checks only
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest tests/browser tests/site/test_links.py tests/site/test_workflow_security.py

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -d .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f .venv/.installed-* && touch $@

browser: $(STAMP)          ## a Chromium for the browser tests: the machine's own, else Debian's (apt-get)
	bash scripts/install-chromium.sh

figures: $(STAMP)          ## redraw docs/assets/figures/ from reproduce/figures/
	$(PY) -m reproduce.figures

benchmark: $(STAMP)        ## the seven models fast, then the book's code as written: times, ratio, figures
	$(PY) -m reproduce.benchmark --check

benchmark-tests: $(STAMP) browser   ## how long make test takes, and where the time goes
	$(PY) -m benchmarks.suite

lighthouse: $(STAMP) browser   ## Lighthouse scores and page weight (a benchmark, not a test)
	NO_MKDOCS_2_WARNING=1 $(PY) -m benchmarks.lighthouse

refresh: $(STAMP)          ## after a torch/fastai bump: rewrite every trained figure, table, #> line, notebook
	NO_MKDOCS_2_WARNING=1 $(PY) -m reproduce.refresh

notebooks: $(STAMP)        ## re-run the chapter walkthrough notebook (trains the models)
	$(PY) -m pagetest.notebooks --walkthrough

notebook-setup: $(STAMP)   ## rewrite only the walkthrough's setup cell (a module it carries changed), keep its outputs
	$(PY) -m pagetest.notebooks --walkthrough-setup
