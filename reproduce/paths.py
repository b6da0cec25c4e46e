"""Where things are: the project's folders, named once.

The project is installed in editable mode (`pip install -e .`, which `make install` runs), so
these paths are the checkout's own.
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
# Trained results, keyed on everything that can change them (reproduce/training.py): in the
# user's cache folder, like pip's, so every checkout and every CI run on a machine shares them. A
# stale entry is never read (a changed input names another file), and each test run re-trains
# LMModel7 with the chapter's plain code and compares it bit for bit with the cached figures
# (tests/reproduce/test_training.py), so the cache is checked, not trusted.
USER_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
CACHE_DIR = Path(os.environ.get("CH12_CACHE_DIR") or USER_CACHE / "chapter12-verified" / "training")
