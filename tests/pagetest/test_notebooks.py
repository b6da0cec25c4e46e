"""Notebooks: each answer page's notebook is exactly the page's code and runs with nothing but fastai."""

import os
from pathlib import Path

import nbformat
import pytest

from pagetest import notebooks as nbs
from reproduce.paths import ROOT



def test_notebook_code_is_the_pages_code():
    """Every code cell but the setup cell is one fence of the page, includes expanded, in order."""
    page = ROOT / "docs" / "questions" / "q04.md"
    nb = nbs.page_notebook(page, nbs.site_url())
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    fences = [b for kind, b in nbs.fence_blocks(page.read_text(encoding="utf-8")) if kind == "code"]
    assert code[-len(fences):] == fences
    assert "class LMModel1(nn.Module):" in code[-len(fences)], "the include was not expanded"


@pytest.mark.parametrize("name", ["questions/q02", "questions/q04"])
def test_page_notebook_runs_in_an_empty_folder(tmp_path, name):
    """No repository, no PYTHONPATH: the setup cell must bring what the page imports. (The test's
    own Python has the project installed, so the last cell checks where each module came from.)"""
    nb = nbs.page_notebook(ROOT / "docs" / f"{name}.md", nbs.site_url())
    nb.cells.append(nbformat.v4.new_code_cell(
        "import os, sys\n"
        "ours = {n: m.__file__ for n, m in list(sys.modules.items())\n"
        "        if n.split('.')[0] in ('snippets', 'reproduce') and getattr(m, '__file__', None)}\n"
        "assert ours and all(f.startswith(os.getcwd()) for f in ours.values()), ours"))
    env_backup = os.environ.pop("PYTHONPATH", None)
    try:
        nbs.execute(nb, tmp_path, timeout=600)
    finally:
        if env_backup is not None:
            os.environ["PYTHONPATH"] = env_backup
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    assert (tmp_path / "reproduce" / "cpu_paths.py").is_file()


def test_walkthrough_is_current():
    """The committed walkthrough is the walkthrough source with today's snippets (outputs aside)."""
    committed = nbformat.read(nbs.WALKTHROUGH, as_version=4)
    fresh = nbs.walkthrough_notebook()
    assert [(c.cell_type, c.source) for c in committed.cells] == [(c.cell_type, c.source) for c in fresh.cells], \
        "docs/notebooks/chapter/walkthrough.ipynb is stale: run python -m pagetest.notebooks --walkthrough"


def test_walkthrough_has_its_outputs_and_no_error():
    nb = nbformat.read(nbs.WALKTHROUGH, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "every cell was executed before it was committed"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors


def test_walkthrough_runs(tmp_path):
    """Executed from scratch in an empty folder: the models really train there."""
    nb = nbs.execute(nbs.walkthrough_notebook(), tmp_path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
