"""python -m snippets.figures [name.svg ...]: redraw the site's figures into docs/assets/figures/."""

import sys

import snippets  # noqa: F401  (first: caps the CPU code paths before numpy loads)

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from snippets.figures import write_all  # noqa: E402

for path in write_all(sys.argv[1:]):
    print("wrote", path)
