"""Fixtures of the browser tests: the site built once and served on 127.0.0.1, one Chromium, and one
visit of every page in the navigation (shared by the per-page tests, so each page loads once).

Runs under pytest-socket with `--disable-socket --allow-hosts=127.0.0.1,...`: the server binds
loopback, and Playwright talks to its driver over pipes.
"""

from __future__ import annotations

import os

import pytest

from tests.browser import checks, site

NAV_PAGES = site.nav_pages()
TABS = int(os.environ.get("BROWSER_TABS", os.cpu_count() or 2))  # pages audited at once


def pytest_configure(config):
    config.addinivalue_line("markers", "browser: drives Chromium against the built site (tests/browser)")


def pytest_collection_modifyitems(items):
    # (with pytest-xdist, these tests share one worker: tests/worker_groups.py)
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", NAV_PAGES, ids=[p or "index" for p in NAV_PAGES])


@pytest.fixture(scope="session")
def base_url(site_dir):
    with site.serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser_session():
    session = checks.BrowserSession()
    yield session
    session.close()


@pytest.fixture(scope="session")
def selected_pages(request):
    """The nav pages whose tests were selected (all of them unless -k narrows the run)."""
    chosen = {
        item.callspec.params["page_path"]
        for item in request.session.items
        if hasattr(item, "callspec") and "page_path" in item.callspec.params
    }
    return [p for p in NAV_PAGES if p in chosen] or NAV_PAGES


@pytest.fixture(scope="session")
def page_reports(browser_session, base_url, selected_pages):
    """Every selected nav page loaded once in a fresh context: console, requests, math, figures, axe,
    layout at a laptop's width, then at a phone's (the page resized)."""
    urls = [base_url + p for p in selected_pages]
    reports = browser_session.run(checks.audit_pages(browser_session.browser, urls, concurrency=TABS,
                                                     widths=("phone",)))
    return {p: reports[base_url + p] for p in selected_pages}


@pytest.fixture(scope="session")
def heaviest_page(site_dir):
    return site.heaviest_page(site_dir, NAV_PAGES)


@pytest.fixture()
def new_page(browser_session):
    """A fresh page in a fresh light-mode context, with its requests leaving loopback recorded."""
    contexts = []

    def make(dark: bool = False):
        context = browser_session.run(checks.new_context(browser_session.browser, dark=dark))
        contexts.append(context)
        return context, browser_session.run(context.new_page())

    yield make
    for context in contexts:
        browser_session.run(context.close())
