"""MkDocs hook (mkdocs.yml `hooks:`): every build gets the review page and the Anki deck.

Both are generated Files added in `on_files`, before MkDocs resolves the navigation and checks
links, so `review.md` can sit in the nav and docs/index.md can link `chapter12.apkg` under
`--strict`; MkDocs then writes them into the site like any other file. A page whose short answer
cannot become a card is logged as a warning with its page and line, which fails a strict build.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.structure.files import File

from study.anki_deck import DECK_FILE, build
from study.answers import page_sources
from study.review_sheet import PAGE, review_markdown

log = logging.getLogger("mkdocs.hooks.study")   # a warning here fails `mkdocs build --strict`
GENERATED_PAGES = (PAGE,)                       # in the nav, but not in docs/


def on_files(files, config):
    if not page_sources(Path(config.docs_dir)):
        return files   # a site without question pages (the browser tests' small sites): nothing to study
    started = time.perf_counter()
    data, cards, errors = build(Path(config.docs_dir), config.site_url or "/")
    for e in errors:
        log.warning(f"{e} (the Anki deck and the review sheet are built from each page's short answer)")
    for src in (PAGE, DECK_FILE):
        if files.get_file_from_path(src):
            log.warning(f"docs/{src} exists, but the build generates it: delete docs/{src}")
            files.remove(files.get_file_from_path(src))
    files.append(File.generated(config, PAGE, content=review_markdown([c.item for c in cards], DECK_FILE)))
    files.append(File.generated(config, DECK_FILE, content=data))
    log.debug(f"{DECK_FILE}: {len(cards)} notes, {len(data)} bytes, in {time.perf_counter() - started:.2f} s")
    return files
