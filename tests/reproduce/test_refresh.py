"""make refresh's pieces (reproduce/refresh.py, reproduce/moved_figures.py), on small inputs.

The whole command is run by hand after a numerics change (a bump), where it is judged by what
`make test` says afterwards; these check that each piece writes and reports what it should.
"""

from pathlib import Path
from types import SimpleNamespace

import pytest

from reproduce import moved_figures, refresh
from reproduce.book_results import BOOK
from snippets.training import MODEL_NAMES, SEED, SPREAD_SEEDS


def fake_runs(accuracy: float) -> dict:
    return {(name, seed): SimpleNamespace(final_accuracy=accuracy + i / 100 + j / 1000)
            for i, name in enumerate(MODEL_NAMES) for j, seed in enumerate(SPREAD_SEEDS)}


def test_the_results_table_gets_each_models_trained_cells():
    runs = fake_runs(0.5)
    page = refresh.RESULTS_PAGE.read_text(encoding="utf-8")
    rewritten = refresh.rewrite_results_table(page, runs)
    rows = [line for line in rewritten.split("\n") if line.startswith("| `LMModel4`")]
    assert len(rows) == 1, rows
    cells = [c.strip() for c in rows[0].strip("|").split("|")]
    ours, book = runs["LMModel4", SEED].final_accuracy, BOOK["LMModel4"].final_accuracy
    seeds = [runs["LMModel4", s].final_accuracy for s in SPREAD_SEEDS]
    assert cells[3] == f"{book:.4f}", cells                     # the book's figure stays
    assert cells[4:6] == [f"{ours:.4f}", f"{ours - book:+.4f}"], cells
    assert cells[6] == " / ".join(f"{s:.4f}" for s in seeds), cells
    assert cells[7] == f"{min(seeds):.4f}–{max(seeds):.4f}", cells
    # only the model rows change: prose, the baseline row and the fences are as they were
    changed = [(a, b) for a, b in zip(page.split("\n"), rewritten.split("\n")) if a != b]
    assert len(changed) <= len(MODEL_NAMES), changed
    assert all(a.startswith("| `LMModel") for a, _ in changed), changed


def test_prose_numbers_that_the_output_no_longer_shows_are_reported(tmp_path, monkeypatch):
    monkeypatch.setattr(refresh, "ROOT", tmp_path)
    page = tmp_path / "docs" / "q.md"
    old = ("---\ndescription: reaches 0.61\n---\n\nIt reaches 0.614 (61.4%), 16 steps.\n\n"
           "```python\nprint(acc)\n#> 0.6139\n```\n\nAnd 0.25 stays.\n")
    new = old.replace("#> 0.6139", "#> 0.6350")
    report = refresh.stale_prose({page: old}, {page: new})
    assert [r.split(": ")[1] for r in report] == ["0.614", "61.4"], report
    assert report[0].startswith("docs/q.md:5: 0.614: It reaches"), report
    assert refresh.stale_prose({page: old}, {page: old}) == []


def test_fences_and_front_matter_are_not_prose():
    lines = ["---", "a: 1.5", "---", "text 2.5", "```python", "x = 3.5", "```", "more 4.5"]
    assert refresh.fence_mask(lines) == [True, True, True, False, True, True, True, False]


def test_moved_figures_pairs_printed_numbers_in_order():
    old = "| `LMModel4` | x | 15, 3e-3 | 0.6401 | 0.6139 |\n```python\n#> acc 0.5 loss 1.25\n```"
    new = old.replace("0.6139", "0.6350").replace("1.25", "1.5")
    changes = moved_figures.moved(old, new)
    assert [(x, y) for _, x, y in changes] == [("0.6139", "0.6350"), ("1.25", "1.5")], changes
    assert moved_figures.moved(old, old) == []
    assert moved_figures.moved(old, old + "\n#> 3") == [(0, "7 numbers", "8 numbers")]


def test_refresh_is_a_make_target():
    makefile = (Path(refresh.__file__).parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "refresh:" in makefile and "-m reproduce.refresh" in makefile


def test_the_refresh_records_the_fingerprint_and_the_vendor(tmp_path):
    recorded = tmp_path / "recorded_numerics.py"
    recorded.write_text(refresh.RECORDED_NUMERICS.read_text(encoding="utf-8"), encoding="utf-8")
    refresh.write_fingerprint("0123456789abcdef", "GenuineIntel", recorded)
    namespace: dict = {}
    exec(recorded.read_text(encoding="utf-8"), namespace)
    assert (namespace["FINGERPRINT"], namespace["VENDOR"]) == ("0123456789abcdef", "GenuineIntel")


def test_the_refresh_stops_where_it_cannot_record_the_vendor(tmp_path):
    recorded = tmp_path / "recorded_numerics.py"
    recorded.write_text('FINGERPRINT = "e000007efa6a449a"\n', encoding="utf-8")
    with pytest.raises(SystemExit, match="VENDOR"):
        refresh.write_fingerprint("0123456789abcdef", "GenuineIntel", recorded)
