"""What the page-pipeline tests share: pytest run on a small page, with the project's settings
and its conftest.py loaded as a plugin, exactly as a contributed page would be tested."""

import subprocess
import textwrap

import pytest

from reproduce.paths import ROOT

PYTEST_ARGS = ["-c", str(ROOT / "pytest.ini"), "--rootdir", str(ROOT), "-p", "no:cacheprovider"]


@pytest.fixture
def run_pytest(pytester, monkeypatch):
    """The same run inside this process (pytester), for the pages of these tests that need no
    fresh process: a new process spends seconds importing torch before the first fence runs."""
    monkeypatch.chdir(ROOT)
    # These pages test the pipeline, not trained figures: compare their output to the digit on
    # any CPU (a tolerant run would let `#> 41` pass for 42).
    monkeypatch.setenv("CH12_FIGURES", "exact")

    def run(*args):
        result = pytester.runpytest_inprocess(*PYTEST_ARGS, "-p", "conftest", "-p", "no:xdist", *args)
        return subprocess.CompletedProcess(args, int(result.ret), "\n".join(result.outlines),
                                           "\n".join(result.errlines))

    return run


def write_page(tmp_path, body):
    page = tmp_path / "contributed.md"
    page.write_text(textwrap.dedent(body), encoding="utf-8")
    return page
