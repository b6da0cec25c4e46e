"""tests/worker_groups.py: a page's fences, the page audits, and the other browser tests each stay in one worker."""

import os
import subprocess
import sys
from pathlib import Path

from tests.worker_groups import BUILT_SITE, PAGE_AUDITS, worker_group

ROOT = Path(__file__).resolve().parents[1]


def test_groups_by_page_and_built_site():
    assert worker_group("docs/questions/q05.md::[CodeFence#3][line:55]") == "docs/questions/q05.md"
    assert worker_group("tests/browser/test_pages.py::test_page[index]") == PAGE_AUDITS
    assert worker_group("tests/browser/test_layout.py::test_x") == PAGE_AUDITS
    assert worker_group("tests/browser/test_search.py::test_x") == BUILT_SITE
    links = "tests/site/test_links.py::test_x"
    assert worker_group(links) == links
    alone = "tests/snippets/test_data.py::test_counts"
    assert worker_group(alone) == alone


def test_two_workers_keep_each_group_together(tmp_path):
    """Run a small suite on two workers and record which worker ran each test."""
    (tmp_path / "conftest.py").write_text('pytest_plugins = ["tests.worker_groups"]\n')
    record = tmp_path / "ran"
    record.mkdir()
    body = (
        "import os, pathlib, time\n"
        "import pytest\n"
        "@pytest.mark.parametrize('n', range(6))\n"
        "def test_one(n, request):\n"
        "    time.sleep(0.05)\n"
        f"    out = pathlib.Path({str(record)!r}) / request.node.nodeid.replace('/', '_')\n"
        "    out.write_text(os.environ['PYTEST_XDIST_WORKER'])\n"
    )
    for folder, names in [("tests/browser", "ab"), ("tests/other", "cd")]:
        (tmp_path / folder).mkdir(parents=True)
        for name in names:
            (tmp_path / folder / f"test_{name}.py").write_text(body)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadscope", "-q", "-p", "no:cacheprovider",
         "-p", "no:randomly", str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {p.name: p.read_text() for p in record.iterdir()}
    browser = {w for name, w in workers.items() if name.startswith("tests_browser")}
    other = {w for name, w in workers.items() if name.startswith("tests_other")}
    assert len(workers) == 24
    assert len(browser) == 1, workers          # all 12 built-site tests in one worker
    assert other - browser, workers            # ...while the other worker ran the rest
