"""A reader who runs a page's notebook gets the page's numbers.

The notebook is built as the site builds it (the page's fences after the setup cell), executed
in an empty folder with the result cache off (so every figure is trained there, not read from
this machine's cache), and each code cell's printed output is compared with its fence's `#>`
lines, as the page test compares them. q05 trains a small model (3 epochs, then a 1-epoch
"peeking" one), so its `#>` lines include trained figures.
"""

import os

import pytest

from pagetest import notebooks as nbs
from pagetest.output import compare_output, expected_output
from reproduce import cpu_paths
from reproduce.paths import ROOT

PAGE = ROOT / "docs" / "questions" / "q05.md"


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == "stdout")


@pytest.fixture
def kernel_env(monkeypatch):
    """The kernel inherits this environment: no result cache, no path to the project."""
    monkeypatch.setenv("CH12_NO_CACHE", "1")
    monkeypatch.setenv("OMP_WAIT_POLICY", "PASSIVE")
    monkeypatch.delenv("PYTHONPATH", raising=False)


def test_page_notebook_prints_the_pages_trained_figures(tmp_path, kernel_env):
    nb = nbs.page_notebook(PAGE, nbs.site_url())
    nbs.execute(nb, tmp_path, timeout=900)
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup, fences = code[0], code[1:]
    assert setup.source.startswith("# Setup:")
    first = printed(setup)
    assert first.startswith("torch ") and "fastai " in first and "1 thread" in first, first
    if cpu_paths.figures_mode() == "exact":   # verified versions, pinned path: it says so
        assert "should match the page's" in first, first
    assert not (tmp_path / ".cache").exists()
    tol = cpu_paths.figure_tolerance()
    trained = [c for c in fences if "#>" in c.source and any(ch.isdigit() for ch in expected_output(c.source))]
    assert trained, "q05 no longer prints a trained figure: pick another page"
    for cell in fences:
        problem = compare_output(expected_output(cell.source), printed(cell), rel_tol=tol["rel"], abs_tol=tol["abs"])
        assert problem is None, f"{PAGE.name}, cell:\n{cell.source}\n{problem}"


def test_setup_warns_when_the_versions_are_not_the_verified_ones(capsys):
    """The setup's report names the versions and says when figures may differ."""
    cpu_paths.report({"torch": "0.0.1", "fastai": nbs.pinned_version("fastai")})
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("torch ") and ", 1 thread" in out[0], out
    assert out[1].startswith("trained figures may differ") and "torch" in out[1] and "0.0.1" in out[1], out
    assert f"abs {cpu_paths.TOLERANT['abs']}" in out[1], out


def test_setup_cell_passes_the_pinned_versions():
    setup = nbs.page_notebook(PAGE, nbs.site_url()).cells[1].source
    assert f'"torch": {nbs.pinned_version("torch")!r}' in setup
    assert f'"fastai": {nbs.pinned_version("fastai")!r}' in setup
