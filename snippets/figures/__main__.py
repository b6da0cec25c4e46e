"""python -m snippets.figures [name.svg ...]: redraw the site's figures into docs/assets/figures/."""

import sys

import matplotlib

matplotlib.use("Agg")

from snippets.figures import write_all  # noqa: E402

for path in write_all(sys.argv[1:]):
    print("wrote", path)
