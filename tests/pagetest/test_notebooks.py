"""Notebooks: each answer page's notebook is exactly the page's code and runs with nothing but fastai."""

import re
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
        ("docs/notebooks/chapter/walkthrough.ipynb is stale: run python -m pagetest.notebooks --walkthrough "
         "(or, if only a module of its setup cell changed, --walkthrough-setup)")


def test_walkthrough_has_its_outputs_and_no_error():
    nb = nbformat.read(nbs.WALKTHROUGH, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    shown = [c for c in code if nbs.HIDE_ON_SITE not in c.metadata.get("tags", [])]
    # The hidden setup cell carries no number (pagetest.notebooks.tidy_walkthrough): the page's
    # cells read In [1], In [2], ... in order.
    assert [c.execution_count for c in shown] == list(range(1, len(shown) + 1)), \
        "every cell shown on the site was executed, in order, before it was committed"
    errors = [o for c in code for o in c.outputs if o.output_type == "error"]
    assert not errors, errors


# What a committed output must not show a reader: a path of the machine that ran it, a warning.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home|Users|tmp)/|[A-Za-z]:\\Users\\")
WARNING = re.compile(r"Warning\b")


def output_text(output) -> str:
    if output.output_type == "stream":
        return output.text
    return "\n".join(str(v) for v in output.get("data", {}).values()) + "\n".join(output.get("traceback", []))


def test_walkthrough_outputs_show_no_warning_nor_machine_path():
    nb = nbformat.read(nbs.WALKTHROUGH, as_version=4)
    problems = [
        f"In [{c.execution_count}] {o.output_type}: {output_text(o)[:200]!r}"
        for c in nb.cells if c.cell_type == "code" for o in c.outputs
        if MACHINE_PATH.search(output_text(o)) or WARNING.search(output_text(o))
        or getattr(o, "name", "") == "stderr"
    ]
    assert not problems, "\n".join(problems)


def test_the_output_check_catches_a_warning_and_a_path():
    warned = nbformat.v4.new_output("stream", name="stderr", text="/work/x/_script.py:1: FutureWarning: old\n")
    assert MACHINE_PATH.search(output_text(warned)) and WARNING.search(output_text(warned))
    clean = nbformat.v4.new_output("stream", name="stdout", text="accuracy 0.9083 (see snippets/training.py)\n")
    assert not MACHINE_PATH.search(output_text(clean)) and not WARNING.search(output_text(clean))


def test_walkthrough_runs(tmp_path):
    """Executed from scratch in an empty folder: the models really train there."""
    nb = nbs.execute(nbs.walkthrough_notebook(), tmp_path)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
