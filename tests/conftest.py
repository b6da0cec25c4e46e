"""Fixtures shared by tests/browser and tests/site."""

from __future__ import annotations

import os

import pytest

from tests.browser import site


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory):
    """The real site (`mkdocs build --strict`), built once for the whole run: pytest-xdist's
    workers share the parent of their temporary folders, and the first to ask builds it there."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return site.built_site(shared / "built-site")
