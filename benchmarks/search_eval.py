"""Search evaluation (a command; tests/browser/test_search.py asserts its targets): how often the
page that answers a query comes first, and among the first three, on a built site in Chromium.

    python -m benchmarks.search_eval                        # build (strict), every part, the site's own search box
    python -m benchmarks.search_eval --site /tmp/site --part tuning --part api -v
    python -m benchmarks.search_eval --site /tmp/site --engine pagefind-api

Engines: "box" types each query into the search box in the site's header, as a reader would
(whichever search the site has: Material's own or Pagefind's); "pagefind-api" asks Pagefind's
JavaScript API directly (any site with a pagefind/ index, e.g. one indexed by hand to compare).
The queries and their answering pages are tests/browser/search_queries.py (HELD_OUT, TUNING, API).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.browser import search_queries, site
from tests.browser.checks import BrowserSession, new_context
from tests.browser.search import ranked_pages

REVIEW = "/review/"   # the review sheet repeats every short answer: it must not outrank them
PARTS = {"held-out": search_queries.HELD_OUT, "tuning": search_queries.TUNING, "api": search_queries.API}


@dataclass
class Score:
    part: str
    total: int = 0
    first: int = 0
    top3: int = 0
    missed: list[str] = field(default_factory=list)   # not first: "query: wanted, got [...]"
    ranked: dict[str, list[str]] = field(default_factory=dict)   # query: the pages it listed
    review_first: list[str] = field(default_factory=list)   # queries of other pages that listed the review sheet first

    def add(self, query: str, want: str, got: list[str]) -> None:
        self.total += 1
        self.ranked[query] = got
        want = "/" + want
        self.first += got[:1] == [want]
        self.top3 += want in got[:3]
        if got[:1] == [REVIEW] != [want]:
            self.review_first.append(query)
        if got[:1] != [want]:
            self.missed.append(f"{query!r}: wanted {want}, got {got[:3]}")

    def line(self) -> str:
        n = max(self.total, 1)
        return (f"{self.part:9} {self.total:4} queries   first {self.first:3} ({self.first / n:6.1%})"
                f"   top 3 {self.top3:3} ({self.top3 / n:6.1%})   review sheet first for another page's"
                f" query: {len(self.review_first)}")


def evaluate(site_dir: Path, parts: list[str], engine: str = "box",
             session: BrowserSession | None = None) -> dict[str, Score]:
    """Every query of the chosen parts, on site_dir served on loopback, in one page."""
    own = session is None
    session = session or BrowserSession()
    run = session.run
    scores = {}
    try:
        with site.serve(site_dir) as base:
            context = run(new_context(session.browser))
            page = run(context.new_page())
            run(page.goto(base))
            for part in parts:
                score = scores[part] = Score(part)
                for query, want in PARTS[part]:
                    score.add(query, want, run(ranked_pages(page, query, engine)))
            problems = context.console_errors + context.outside_requests  # type: ignore[attr-defined]
            run(context.close())
            if problems:
                raise RuntimeError(f"console errors or requests leaving loopback: {problems}")
    finally:
        if own:
            session.close()
    return scores


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: mkdocs build --strict now)")
    parser.add_argument("--part", action="append", choices=list(PARTS),
                        help="repeatable; default: every part")
    parser.add_argument("--engine", default="box", choices=["box", "pagefind-api"])
    parser.add_argument("-v", "--verbose", action="store_true", help="list the queries whose page is not first")
    args = parser.parse_args(argv)
    site_dir = args.site or site.build_site()
    scores = evaluate(site_dir, args.part or list(PARTS), args.engine)
    for score in scores.values():
        print(score.line())
        if args.verbose:
            print(*(f"    {m}" for m in score.missed), sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
