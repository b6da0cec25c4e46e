"""The site's one MkDocs hook: pass the versions each page was verified with to the templates.

docs/assets/verified-with.json is written by the test run (conftest.py) for every page whose
Python blocks all passed; overrides/main.html shows the entry under the page.
"""

import json
from pathlib import Path

VERIFIED = Path(__file__).resolve().parent.parent / "docs" / "assets" / "verified-with.json"


def on_config(config):
    config.extra["verified"] = json.loads(VERIFIED.read_text(encoding="utf-8")) if VERIFIED.is_file() else {}
    return config
