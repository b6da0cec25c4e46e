# The two commands a newcomer needs:   make serve   and   make test
# Both create .venv and install requirements.txt first (skipped when nothing changed).

PY      := .venv/bin/python
STAMP   := .venv/.installed-$(shell cat requirements.txt pyproject.toml | sha1sum | cut -c1-12)

.PHONY: serve build test test-python test-browser install browser benchmark lighthouse figures notebooks

# `python -m mkdocs` (not .venv/bin/mkdocs): run from the repository, so the hooks can import `study`.
serve: $(STAMP)            ## install, then serve the site on http://127.0.0.1:8000
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs serve

build: $(STAMP)            ## install, then build the site into site/ (strict)
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict

test: $(STAMP) browser     ## install, then run every test (pages, snippets, build, browser)
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest

test-python: $(STAMP)      ## every test except the browser ones (no Chromium needed)
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest -m "not browser"

test-browser: $(STAMP) browser   ## the browser, link and workflow checks only
	NO_MKDOCS_2_WARNING=1 $(PY) -m pytest tests/browser tests/site/test_links.py tests/site/test_workflow_security.py

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -d .venv || python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	rm -f .venv/.installed-* && touch $@

browser:                   ## Debian's Chromium for the browser tests (never a downloaded browser)
	bash scripts/install-chromium.sh

figures: $(STAMP)          ## redraw docs/assets/figures/ from reproduce/figures/
	$(PY) -m reproduce.figures

benchmark: $(STAMP)        ## train the chapter's seven models and print seconds and accuracy
	$(PY) -m reproduce.benchmark

lighthouse: $(STAMP) browser   ## Lighthouse scores and page weight (a benchmark, not a test)
	NO_MKDOCS_2_WARNING=1 $(PY) benchmarks/lighthouse.py

notebooks: $(STAMP)        ## regenerate the page notebooks (and, with WALKTHROUGH=1, re-run the walkthrough)
	$(PY) -m pagetest.notebooks $(if $(WALKTHROUGH),--walkthrough,)
