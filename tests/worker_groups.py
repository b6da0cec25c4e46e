"""Which tests share a pytest-xdist worker (`make test` runs two workers).

pytest-xdist's own `--dist loadgroup` reads `xdist_group` marks by renaming node ids, which
pytest 9.2 no longer allows: the marks are silently ignored and every group is split. So the
grouping is decided here, from node ids alone, through xdist's public scheduler hook:

- the fences of one page stay together: a continuation fence runs on from the state its
  predecessor left in that process (pagetest/continuation.py), and the page's memoized training
  is then done once;
- the tests that read the audit of every page (tests/browser/conftest.py's page_reports) share
  one worker, so each page is audited once;
- the other browser tests share another: one Chromium and one server for them all (the built
  site itself is shared by every worker: tests/conftest.py);
- every other test goes to whichever worker is free.
"""

from __future__ import annotations

import pytest
from xdist.scheduler import LoadScopeScheduling

PAGE_AUDITS = "page-audits"
BUILT_SITE = "built-site"
AUDIT_FILES = ("tests/browser/test_pages.py", "tests/browser/test_accessibility.py",
               "tests/browser/test_layout.py")


def worker_group(nodeid: str) -> str:
    """The group of a test: tests of one group run in one worker."""
    path = nodeid.split("::", 1)[0]
    if path.endswith(".md"):
        return path
    if path in AUDIT_FILES:
        return PAGE_AUDITS
    if path.startswith("tests/browser/"):
        return BUILT_SITE
    return nodeid


class GroupScheduling(LoadScopeScheduling):
    """xdist's scope scheduling, with `worker_group` as the scope (largest groups first)."""

    def _split_scope(self, nodeid: str) -> str:
        return worker_group(nodeid)


@pytest.hookimpl(optionalhook=True)   # known only when pytest-xdist is active
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") not in ("load", "loadgroup", "loadscope", "loadfile"):
        return None   # `--dist each` or `worksteal`: xdist's own scheduler
    config.option.loadscopereorder = True   # the biggest groups (the page audits, the browser tests) start first
    return GroupScheduling(config, log)
