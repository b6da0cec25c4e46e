"""Where things are: the project's folders, named once.

The project is installed in editable mode (`pip install -e .`, which `make install` runs), so
these paths are the checkout's own.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Trained results, keyed on everything that can change them (reproduce/training.py).
CACHE_DIR = Path(os.environ.get("CH12_CACHE_DIR", ROOT / ".cache" / "training"))
