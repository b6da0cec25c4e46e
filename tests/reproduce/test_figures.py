"""Every committed figure is what its code draws today (run `python -m reproduce.figures` to update)."""

import matplotlib
import pytest

matplotlib.use("Agg")

from reproduce.figures import OUT_DIR, all_figures  # noqa: E402

FIGURES = all_figures()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_is_current(name):
    path = OUT_DIR / name
    assert path.is_file(), f"{name} is missing: run python -m reproduce.figures"
    drawn = FIGURES[name]()
    assert path.read_text(encoding="utf-8") == drawn, f"{name} is stale: run python -m reproduce.figures {name}"


def test_every_committed_figure_has_code():
    committed = {p.name for p in OUT_DIR.glob("*.svg")}
    orphans = committed - set(FIGURES)
    assert not orphans, f"figures with no drawing code: {sorted(orphans)}"
