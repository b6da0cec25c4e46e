"""Figures of the site, drawn by code.

Each module in this package defines `FIGURES = {"name.svg": draw_function}`; a draw function
returns the SVG text. `python -m reproduce.figures` writes them all into docs/assets/figures/,
and tests/reproduce/test_figures.py fails when a committed file differs from what the code draws now.
"""

import importlib
import pkgutil
from pathlib import Path

from reproduce.paths import DOCS

OUT_DIR = DOCS / "assets" / "figures"


def all_figures():
    """{file name: draw function} over every module of this package."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for name, draw in getattr(module, "FIGURES", {}).items():
            if name in found:
                raise ValueError(f"figure {name} is defined twice")
            found[name] = draw
    return found


def svg_from_matplotlib(fig) -> str:
    """SVG text of a matplotlib figure, byte-stable between runs (no date, fixed ids)."""
    import io

    import matplotlib
    import matplotlib.pyplot as plt

    matplotlib.rcParams["svg.hashsalt"] = "chapter12"
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def write_all(names=None) -> list[Path]:
    import torch

    torch.set_num_threads(1)   # the tests run single-threaded: draw with the same float sums
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in all_figures().items():
        if names and name not in names:
            continue
        path = OUT_DIR / name
        path.write_text(draw(), encoding="utf-8")
        written.append(path)
    return written
