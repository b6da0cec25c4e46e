"""docs/results.md and its figure show what the runs give.

- the results table on the page (book, ours at seed 42, difference, every spread seed, min-max)
  is what `snippets.training` computes, to the 4 decimals it shows;
- the numbers behind the figure (docs/assets/figures/results-accuracy.json) are the runs' own;
  tests/test_figures.py checks that the SVG is what the code draws from that JSON.
"""

import json
import re

import pytest

from reproduce import cpu_paths
from reproduce.book_results import BOOK, BOOK_BASELINE, NEAR_THE_BOOK
from reproduce.figures import results as results_figure
from reproduce.paths import DOCS
from snippets.training import MODEL_NAMES, SEED, SPREAD_SEEDS, baseline
from reproduce.training import train_many

PAGE = DOCS / "results.md"
# Runs are bit-identical on this CPU; another CPU may round the last bits differently.
ATOL = cpu_paths.figure_tolerance()["abs"] or 1e-6   # exact on the pinned path

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs():
    return train_many(MODEL_NAMES, SPREAD_SEEDS)


def page_table():
    """{first cell: [cells]} of the results table on the page."""
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].strip("`") in (*MODEL_NAMES, "Baseline"):
            rows[cells[0].strip("`")] = cells
    return rows


def f4(x):
    return f"{x:.4f}"


def test_page_table_has_every_model_and_the_baseline():
    assert list(page_table()) == ["Baseline", *MODEL_NAMES]


def test_page_baseline_row():
    idx, token, acc = baseline()
    assert (idx, token, acc) == BOOK_BASELINE
    cells = page_table()["Baseline"]
    assert cells[3:6] == [f4(BOOK_BASELINE[2]), f4(acc), f"{acc - BOOK_BASELINE[2]:+.4f}"], cells
    assert token in cells[1]


def formatted(cell: str, values: list[float]) -> str:
    """`values` written the way `cell` writes its figures ("0.5243", "+0.0365", "a / b" or "a–b")."""
    one = (lambda v: f"{v:+.4f}") if cell.startswith(("+", "-")) else f4
    return (" / " if " / " in cell else "–").join(one(v) for v in values)


def within_tolerance(cell: str, values: list[float]) -> bool:
    """Whether each figure of `cell` is within the figure tolerance of its value."""
    tol = cpu_paths.figure_tolerance()
    shown = [float(v) for v in re.split(r" / |–", cell)]
    return len(shown) == len(values) and all(
        abs(s - v) <= max(tol["abs"], tol["rel"] * abs(v)) for s, v in zip(shown, values))


def shows(cell: str, values: list[float]) -> bool:
    """Whether a cell shows `values`: to the digit on the pinned CPU path, within the figure
    tolerance elsewhere (reproduce/cpu_paths.py)."""
    if cpu_paths.figures_mode() == "exact":
        return cell == formatted(cell, values)
    return within_tolerance(cell, values)


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_page_row_is_what_the_runs_give(runs, name):
    cells = page_table()[name]
    book, ours = BOOK[name].final_accuracy, runs[name, SEED].final_accuracy
    epochs, lr = cells[2].split(", ")
    assert (int(epochs), float(lr)) == (BOOK[name].epochs, BOOK[name].lr), cells
    assert cells[3] == f4(book), cells
    assert shows(cells[4], [ours]), (cells, ours)
    assert shows(cells[5], [ours - book]), (cells, ours - book)
    assert ours >= book - NEAR_THE_BOOK, (name, ours, book)


# Where LMModel6 ends at lr 1e-2 is decided by rounding: on an Intel CPU, against the AMD figures,
# its seed-1 run moved by up to 0.146. Its seed cells are checked where the figures were written
# (exact runs), as the page's `pinned` block of seeds is; every other model's, everywhere.
DECIDED_BY_ROUNDING = {"LMModel6"}


@pytest.mark.parametrize("name", MODEL_NAMES)
def test_page_seed_cells_are_what_the_runs_give(runs, name):
    if name in DECIDED_BY_ROUNDING and cpu_paths.figures_mode() != "exact":
        pytest.skip(f"{name}'s seeds are decided by rounding: checked on the figures' CPU only")
    cells = page_table()[name]
    seeds = [runs[name, s].final_accuracy for s in SPREAD_SEEDS]
    assert shows(cells[6], seeds), (cells, seeds)
    assert shows(cells[7], [min(seeds), max(seeds)]), (cells, seeds)


def test_at_least_three_seeds_including_42():
    assert len(set(SPREAD_SEEDS)) >= 3 and SEED in SPREAD_SEEDS
    assert re.search(r"Seeds " + " / ".join(map(str, SPREAD_SEEDS)), PAGE.read_text(encoding="utf-8"))


def test_figure_data_is_what_the_runs_give():
    committed = json.loads(results_figure.DATA_FILE.read_text(encoding="utf-8"))
    fresh = results_figure.figure_data()
    assert committed.keys() == fresh.keys() and committed["seed"] == fresh["seed"] == SEED
    assert committed["baseline"] == pytest.approx(fresh["baseline"], abs=ATOL)
    assert list(committed["models"]) == list(MODEL_NAMES)
    for name in MODEL_NAMES:
        assert committed["models"][name]["book"] == list(BOOK[name].accuracy)
        assert committed["models"][name]["ours"] == pytest.approx(fresh["models"][name]["ours"], abs=ATOL), name


def test_figure_data_file_is_exactly_what_the_generator_writes():
    text = results_figure.DATA_FILE.read_text(encoding="utf-8")
    assert text == results_figure.data_text(json.loads(text))


def test_page_shows_the_figure():
    assert f"assets/figures/{results_figure.SVG_NAME}" in PAGE.read_text(encoding="utf-8")

