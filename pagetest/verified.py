"""The verified-versions record: for each page, the Python/torch/fastai versions its blocks all
passed with. Shown under each page by the site (overrides/main.html, via sitebuild/hooks.py).
"""

import json
import os
import platform
from pathlib import Path

from pagetest.fences import python_fences
from reproduce.paths import ROOT

# The one place the record lives: beside the training cache, never in the tracked tree. The test
# run writes it; the build that publishes the site reads it (CI runs both, in that order).
VERIFIED = Path(os.environ.get("CH12_VERIFIED_RECORD", ROOT / ".cache" / "verified-with.json"))


def read_record() -> dict:
    return json.loads(VERIFIED.read_text(encoding="utf-8")) if VERIFIED.is_file() else {}


def versions() -> dict:
    import fastai
    import torch

    return {"python": ".".join(platform.python_version_tuple()[:2]),
            "torch": torch.__version__.split("+")[0], "fastai": fastai.__version__}


def updated_record(record: dict, outcomes: dict) -> dict:
    """`record` updated with one run's outcomes ({"docs/...md": [True, False, ...]}, one per fence
    that ran). A page that failed loses its entry; a page counts as verified only when all its
    fences ran and passed."""
    record = dict(record)
    now = versions()
    for page, results in outcomes.items():
        key = page.removeprefix("docs/")
        every_fence = len(python_fences((ROOT / page).read_text(encoding="utf-8")))
        if not all(results):
            record.pop(key, None)
        elif len(results) == every_fence:
            record[key] = now
    return dict(sorted(record.items()))


def write_record(record: dict) -> None:
    text = json.dumps(record, indent=1) + "\n"
    if not VERIFIED.is_file() or VERIFIED.read_text(encoding="utf-8") != text:
        VERIFIED.parent.mkdir(parents=True, exist_ok=True)
        VERIFIED.write_text(text, encoding="utf-8")
