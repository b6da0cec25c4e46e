"""What a reader's browser shows, checked with Debian's Chromium through Playwright.

Every check returns a list of problems (strings); an empty list means the check passed. The real
tests (test_pages.py, test_accessibility.py, test_interactions.py) and the negative tests
(test_negative.py) call these same functions, so a check that cannot fail would be noticed.

Nothing here may leave the machine: every request whose host is not loopback is aborted and
recorded as a problem, and Chromium runs with its background networking off.
"""

from __future__ import annotations

import asyncio
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from playwright.async_api import Browser, BrowserContext, Page, Route, async_playwright

from tests.browser.layout import LAYOUT_JS, WIDTHS
from tests.browser.site import AXE_URL_PATH

def find_chromium() -> str | None:
    """A Chromium the contributor already has: $CHROMIUM, Debian's, Chrome or Chromium (Linux or
    macOS), or the one `python -m playwright install chromium` downloads. None if there is none."""
    import shutil

    candidates = [os.environ.get("CHROMIUM", ""), "/usr/bin/chromium",
                  *(shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome")),
                  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
                  "/Applications/Chromium.app/Contents/MacOS/Chromium"]
    for path in candidates:
        if path and os.access(path, os.X_OK):
            return path
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as pw:
            own = pw.chromium.executable_path
        return own if os.access(own, os.X_OK) else None
    except Exception:   # no Playwright browser installed
        return None


NO_CHROMIUM = ("no Chromium found for the browser tests: on Debian/Ubuntu `make browser` installs "
               "Debian's; elsewhere install Google Chrome or Chromium, or run "
               "`python -m playwright install chromium`, or set CHROMIUM=/path/to/chromium. "
               "`make test-python` runs every other test without a browser.")
CHROMIUM = find_chromium() or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = Path(__file__).with_name("vendor") / "axe.min.js"

FAILING_IMPACTS = ("serious", "critical")
TIMEOUT_MS = 15_000


# ------------------------------------------------------------------------------------------------
# The browser


class BrowserSession:
    """Chromium driven by Playwright's async API on a private event loop.

    Usable from plain (synchronous) pytest tests: `session.run(coroutine)`.
    """

    def __init__(self, executable: str = CHROMIUM):
        if not Path(executable).exists():
            raise FileNotFoundError(f"{executable} not found: {NO_CHROMIUM}")
        self.loop = asyncio.new_event_loop()
        self._pw = self.run(async_playwright().start())
        # launch() gives Chromium a fresh temporary profile (user data dir) and deletes it on close.
        self.browser: Browser = self.run(
            self._pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        )

    def run(self, coro):
        return self.loop.run_until_complete(coro)

    def close(self):
        try:
            self.run(self.browser.close())
            self.run(self._pw.stop())
        finally:
            self.loop.close()


def console_text(message) -> str:
    """A console message with where it came from (for a failed load: the resource's URL)."""
    url = (message.location or {}).get("url")
    return f"{message.text} ({url})" if url else message.text


# A URL that leaves this machine: any but loopback http(s)/ws(s) and the in-page schemes. (Matched
# by Playwright with JavaScript's RegExp, and by is_loopback in Python; tests/browser/test_negative.py
# checks it catches them.)
OUTSIDE = re.compile(r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?:[:/?#]|$))"
                     r"(?!(?:data|blob|about|javascript):)")


def is_loopback(url: str) -> bool:
    """Whether url stays on this machine: the one definition is OUTSIDE, which Playwright matches."""
    return OUTSIDE.search(url) is None


async def block_outside(target: BrowserContext | Page, record: list[str] | Callable[[str], None]) -> None:
    """Abort every request of target (a context or a page) that leaves loopback, and record it."""
    add = record.append if isinstance(record, list) else record

    async def block(route: Route):
        add(f"{route.request.method} {route.request.url}")
        await route.abort("blockedbyclient")

    async def block_ws(ws):  # never connected to the server: Playwright only mocks it
        add(f"WebSocket {ws.url}")
        await ws.close()

    # A pattern, not a Python predicate: Playwright matches it in its driver, so only the requests
    # that leave loopback come to Python (a predicate would bring every request of every page).
    await target.route(OUTSIDE, block)
    await target.route_web_socket(OUTSIDE, block_ws)


READING_MODE_JS = "localStorage.setItem('ch12-answers-open', '1')"   # "Show all answers" chosen


async def new_context(browser: Browser, *, dark: bool = False, guard: bool = True, width: str = "laptop",
                      reading: bool = False) -> BrowserContext:
    """A fresh context: no stored palette, empty cache, light or dark system preference, a laptop's
    or a phone's screen (layout.WIDTHS), self-test mode (the default) or reading mode.

    With guard, requests leaving loopback are aborted and listed in context.outside_requests.
    Console errors and uncaught exceptions of all its pages are listed in context.console_errors.
    """
    w, h = WIDTHS[width]
    phone = width == "phone"
    context = await browser.new_context(
        color_scheme="dark" if dark else "light",
        viewport={"width": w, "height": h},
        is_mobile=phone,
        has_touch=phone,
        service_workers="block",
    )
    if reading:
        await context.add_init_script(READING_MODE_JS)
    context.set_default_timeout(TIMEOUT_MS)
    context.outside_requests = []  # type: ignore[attr-defined]
    context.console_errors = errors = []  # type: ignore[attr-defined]
    context.on("console", lambda m: errors.append(console_text(m)) if m.type == "error" else None)
    context.on("weberror", lambda e: errors.append(f"uncaught exception: {e.error}"))
    if guard:
        await block_outside(context, context.outside_requests)  # type: ignore[attr-defined]
    return context


# ------------------------------------------------------------------------------------------------
# One page: load, then inspect


@dataclass
class PageReport:
    url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    math: list[str] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)  # every violation axe reports (all impacts)
    layout: list[str] = field(default_factory=list)  # what does not fit the column (layout.py)
    # The same, at each other width the audit was asked for (the page resized, everything shown).
    layout_at: dict[str, list[str]] = field(default_factory=dict)
    # Self-test mode, on a page with a folded answer: what is shown before and after it opens.
    answer_states: dict[str, dict] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # wall time of each step

    def load_problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"request leaving localhost: {r}" for r in self.outside_requests]
            + [f"failed request: {r}" for r in self.failed_requests]
        )

    def axe_problems(self, impacts=FAILING_IMPACTS) -> list[str]:
        return [format_violation(v) for v in self.axe if v["impact"] in impacts]


def format_violation(v: dict) -> str:
    nodes = "; ".join(
        f"{' '.join(map(str, n['target']))}: {n.get('failureSummary', '').splitlines()[-1].strip()}"
        for n in v["nodes"][:5]
    )
    more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
    return f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']}) -- {nodes}{more}"


async def settle(page: Page) -> None:
    """Let Material's document$ subscribers (KaTeX rendering) and late scripts run."""
    await page.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 100)))")


MATH_JS = r"""
() => {
  const problems = [];
  const snippet = s => s.replace(/\s+/g, " ").trim().slice(0, 120);
  for (const el of document.querySelectorAll(".arithmatex")) {
    const rest = el.cloneNode(true);
    rest.querySelectorAll(".katex, .katex-display").forEach(k => k.remove());
    if (!el.querySelector(".katex")) problems.push("formula not rendered by KaTeX: " + snippet(el.textContent));
    else if (rest.textContent.trim()) problems.push("raw TeX left next to a formula: " + snippet(rest.textContent));
  }
  for (const el of document.querySelectorAll(".katex-error"))
    problems.push("KaTeX error: " + snippet(el.getAttribute("title") || el.textContent));
  // Raw TeX anywhere else in the page text (a formula arithmatex did not recognise).
  const tex = /\\\(|\\\[|\$\$|\$[^$\s]{0,20}\\[A-Za-z]+/;
  const skip = "pre, code, kbd, script, style, textarea, .katex, .arithmatex, .highlight";
  const root = document.querySelector("article") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    if (tex.test(n.textContent)) problems.push("raw TeX in the text: " + snippet(n.textContent));
  }
  return problems;
}
"""

FIGURES_JS = r"""
async () => {
  const problems = [];
  const where = el => el.getAttribute("src") || el.id || el.className?.baseVal || el.className || el.tagName;
  // Images: load them all (also lazy ones and those in closed answers), then each must have pixels.
  const imgs = [...document.images];
  await Promise.all(imgs.map(img => {
    img.loading = "eager";
    if (img.complete) return null;
    return new Promise(r => {
      img.addEventListener("load", r);
      img.addEventListener("error", r);
      setTimeout(r, 5000);
    });
  }));
  for (const img of imgs) {
    if (!img.complete || img.naturalWidth === 0) { problems.push("image did not load: " + where(img)); continue; }
    try { await img.decode(); } catch (e) { problems.push("image cannot be decoded: " + where(img)); }
  }
  // Inline SVG diagrams in the content (not Material's icons): something drawn, with a size if shown.
  const icons = [".md-icon", ".twemoji", ".md-content__button", ".md-clipboard", ".headerlink", ".md-annotation",
                 ".md-tag", ".md-source", ".md-top", ".md-code__nav"].join(", ");
  const drawn = "path, rect, circle, ellipse, line, polyline, polygon, text, use, image";
  const content = document.querySelector(".md-content") || document.body;
  for (const svg of content.querySelectorAll("svg")) {
    if (svg.parentElement.closest("svg") || svg.closest(icons)) continue;
    if (!svg.querySelector(drawn)) { problems.push("empty SVG diagram: " + where(svg)); continue; }
    const shown = svg.getClientRects().length > 0 && getComputedStyle(svg).visibility !== "hidden";
    if (shown) {
      const box = svg.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) problems.push("SVG diagram has no size: " + where(svg));
    }
  }
  // Mermaid diagrams: Material replaces each pre.mermaid by a rendered div.mermaid.
  for (const pre of content.querySelectorAll("pre.mermaid"))
    problems.push("Mermaid diagram not rendered: " + pre.textContent.slice(0, 60));
  for (const div of content.querySelectorAll("div.mermaid"))
    if (div.getClientRects().length && div.getBoundingClientRect().height === 0)
      problems.push("Mermaid diagram has no size");
  return problems;
}
"""

async def reveal_all(page: Page) -> None:
    """Reading mode: every answer open and everything self-test mode hides shown."""
    await page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    await settle(page)


ANSWER = "article.md-content__inner > details"
# What a reader sees of the folded answer, of everything after it (explanation, code, figures;
# not the "Run this page" box, the hint or the page's date) and of the hint.
ANSWER_STATE_JS = r"""
() => {
  const answer = document.querySelector("article.md-content__inner > details");
  const rest = [];
  for (let el = answer && answer.nextElementSibling; el; el = el.nextElementSibling)
    if (!el.matches(".page-run, .answer-hint, .md-source-file, script, style")) rest.push(el);
  const drawn = el => !!el && el.getClientRects().length > 0;
  return {open: !!answer && answer.open, rest: rest.length,
          shown: rest.filter(drawn).length,
          hint: drawn(document.querySelector("article.md-content__inner > .answer-hint")),
          run: drawn(document.querySelector(".page-run"))};
}
"""


async def answer_state(page: Page, until: Callable[[dict], bool] = lambda state: True,
                       timeout: float = 5.0) -> dict:
    """ANSWER_STATE_JS's reading of the page, read again every 50 ms until `until(state)` holds
    or `timeout` seconds have passed (then the last reading, which says what is wrong)."""
    deadline = time.monotonic() + timeout
    state = await page.evaluate(ANSWER_STATE_JS)
    while not until(state) and time.monotonic() < deadline:
        await page.wait_for_timeout(50)
        state = await page.evaluate(ANSWER_STATE_JS)
    return state


async def answer_states(page: Page) -> dict[str, dict]:
    """{"loaded": state, "opened": state after a click on the answer} (empty: no folded answer)."""
    if not await page.locator(ANSWER).count():
        return {}
    loaded = await answer_state(page)
    if loaded["open"]:
        return {"loaded": loaded}
    await page.click(f"{ANSWER} > summary")
    # The stylesheet shows the rest once the answer is `open`: wait (up to 5 s) until the click
    # has opened it and all of the rest is drawn.
    opened = await answer_state(page, until=lambda s: s["open"] and s["shown"] == s["rest"])
    return {"loaded": loaded, "opened": opened}


async def run_axe(page: Page) -> list[dict]:
    """axe-core's violations for the page as it is now (every impact; filter with PageReport.axe_problems)."""
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        if is_loopback(page.url) and page.url.startswith("http"):
            await page.add_script_tag(url=AXE_URL_PATH)  # served by site.serve, cached between pages
        else:
            await page.add_script_tag(content=AXE_JS.read_text(encoding="utf-8"))
    result = await page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {k: v[k] for k in ("id", "impact", "help", "helpUrl")}
        | {"nodes": [{"target": n["target"], "failureSummary": n.get("failureSummary", "")} for n in v["nodes"]]}
        for v in result["violations"]
    ]


class Tab:
    """A tab that audits one page after another, filing what it sees under the current report.

    Reusing a tab (rather than a new one per page) saves Chromium a renderer start per page.
    """

    def __init__(self, page: Page, spill: list[str]):
        self.page = page
        self.report: PageReport | None = None
        self._spill = spill  # outside requests seen between pages

        def add(kind: str, text: str) -> None:
            if self.report is not None:
                getattr(self.report, kind).append(text)

        page.on("console", lambda m: add("console_errors", console_text(m)) if m.type == "error" else None)
        page.on("pageerror", lambda e: add("console_errors", f"uncaught exception: {e}"))
        page.on(
            "requestfailed", lambda r: add("failed_requests", f"{r.url} ({r.failure})") if is_loopback(r.url) else None
        )
        page.on("response", lambda r: add("failed_requests", f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)
        self._outside = lambda text: (self.report.outside_requests if self.report else self._spill).append(text)

    @classmethod
    async def open(cls, context: BrowserContext, spill: list[str]) -> "Tab":
        tab = cls(await context.new_page(), spill)
        await block_outside(tab.page, tab._outside)
        return tab

    async def audit(self, url: str, *, axe: bool = True, widths: tuple[str, ...] = ()) -> PageReport:
        """Load url and run every per-page check on it; then, for each of `widths`, resize the
        page to that width (layout.WIDTHS) and check its layout again (report.layout_at).

        Resizing the loaded page gives every element the width a load at that width gives it
        (compared on every page, at the phone's width and with Chromium's mobile emulation), for
        a fraction of a second load."""
        report = self.report = PageReport(url)
        page = self.page
        clock = time.perf_counter()

        def lap(step: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            report.seconds[step] = round(now - clock, 2)
            clock = now

        try:
            response = await page.goto(url, wait_until="load")
            if response is None:
                report.failed_requests.append(f"{url} (no response)")
            await settle(page)
            lap("load")
            report.answer_states = await answer_states(page)
            # Everything is checked shown: folded answers and what self-test mode hides, so their
            # formulas, figures, layout and contrast are checked too.
            await reveal_all(page)
            report.math = await page.evaluate(MATH_JS)
            report.figures = await page.evaluate(FIGURES_JS)
            report.layout = await page.evaluate(LAYOUT_JS)
            lap("checks")
            if axe:
                report.axe = await run_axe(page)
                lap("axe")
            if widths:
                loaded_at = page.viewport_size
                for width in widths:
                    w, h = WIDTHS[width]
                    await page.set_viewport_size({"width": w, "height": h})
                    await settle(page)
                    report.layout_at[width] = await page.evaluate(LAYOUT_JS)
                await page.set_viewport_size(loaded_at)   # the tab loads the next page at its own width
                lap("widths")   # (each resize was settled: late scripts had their time)
            else:
                await settle(page)
        finally:
            self.report = None
        return report


async def audit_pages(
    browser: Browser, urls: list[str], *, axe: bool = True, dark: bool = False, concurrency: int = 2,
    width: str = "laptop", reading: bool = False, widths: tuple[str, ...] = (),
) -> dict[str, PageReport]:
    """Every per-page check on every url, in one fresh context, `concurrency` tabs at a time.

    One context lets Chromium cache the theme's scripts between pages, as a reader's browser
    does. Each tab files requests leaving loopback under the page it is showing; one that no tab
    can own (from a worker, or between two pages) is counted against every page.
    """
    context = await new_context(browser, dark=dark, width=width, reading=reading)
    spill: list[str] = context.outside_requests  # type: ignore[attr-defined]
    todo = list(urls)
    reports: dict[str, PageReport] = {}

    async def worker() -> None:
        tab = await Tab.open(context, spill)
        try:
            while todo:
                url = todo.pop(0)
                reports[url] = await tab.audit(url, axe=axe, widths=widths)
        finally:
            await tab.page.close()

    try:
        await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(urls))))))
    finally:
        await context.close()
    for report in reports.values():
        report.outside_requests += [f"{r} (not from a page's own tab)" for r in spill]
    return {url: reports[url] for url in urls}


# ------------------------------------------------------------------------------------------------
# Interactions


async def check_answer_opens(page: Page) -> list[str]:
    """The first closed answer (`details`) on the page opens when its summary is clicked."""
    details = page.locator("article details:not([open])").first
    if await details.count() == 0:
        return ["no closed answer (details element) on the page"]
    handle = await details.element_handle()  # the locator would stop matching once the answer is open
    summary = await handle.query_selector("summary")
    if summary is None:
        return ["answer has no summary to click"]
    await summary.click()
    try:
        await page.wait_for_function("d => d.open", arg=handle, timeout=5000)
    except Exception:
        return ["answer did not open on click"]
    body = await handle.query_selector(":scope > :not(summary)")
    if body is None or not await body.is_visible():
        return ["answer opened but its content is not visible"]
    return []


async def color_scheme(page: Page) -> str | None:
    return await page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")


async def check_palette_toggle(page: Page) -> list[str]:
    """Clicking the palette toggle switches light <-> dark, and back."""
    problems = []
    for _ in range(2):
        before = await color_scheme(page)
        toggle = page.locator("form[data-md-palette] label:visible").first
        if await toggle.count() == 0:
            return ["no visible light/dark toggle in the header"]
        await toggle.click()
        try:
            await page.wait_for_function(
                "before => document.body.getAttribute('data-md-color-scheme') !== before", arg=before, timeout=5000
            )
        except Exception:
            problems.append(f"toggle did not change data-md-color-scheme (still {before!r})")
            break
    expected = {"default", "slate"}
    seen = {await color_scheme(page)}
    if not seen <= expected:
        problems.append(f"unexpected color scheme {seen}")
    return problems


async def search_results(page: Page, query: str) -> list[str]:
    """Type query into the site's search box and return the result links (absolute URLs)."""
    from tests.browser.search import result_links   # (search.py imports this module)

    return await result_links(page, query)


async def check_search(page: Page, query: str, expected_url: str) -> list[str]:
    """Searching for query lists expected_url (or one of its sections) among the results."""
    hrefs = await search_results(page, query)
    want = urlsplit(expected_url)
    if any(urlsplit(h)[:3] == want[:3] for h in hrefs):  # same page; any ?h=... highlight or #section
        return []
    return [f"search for {query!r} did not find {expected_url}; results: {hrefs[:10]}"]


# ------------------------------------------------------------------------------------------------
# Choosing a search word


_WORD = re.compile(r"[A-Za-z]{6,}")
_STOP = {"because", "between", "different", "example", "through", "without", "answer", "should", "before", "during"}


def answer_text(html: str) -> str:
    """Text inside the page's details elements (its answers), without their summaries."""
    from html.parser import HTMLParser

    chunks: list[str] = []

    class P(HTMLParser):
        depth = 0
        in_summary = 0

        def handle_starttag(self, tag, attrs):
            if tag == "details":
                self.depth += 1
            elif tag == "summary" and self.depth:
                self.in_summary += 1

        def handle_endtag(self, tag):
            if tag == "details" and self.depth:
                self.depth -= 1
            elif tag == "summary" and self.in_summary:
                self.in_summary -= 1

        def handle_data(self, data):
            if self.depth and not self.in_summary:
                chunks.append(data)

    P().feed(html)
    return " ".join(chunks)


def rare_answer_word(answer: str, all_page_texts: list[str]) -> str | None:
    """A word from the answer found in as few pages of the site as possible (longest first on ties)."""
    words = {w.lower() for w in _WORD.findall(answer)} - _STOP
    if not words:
        return None
    lowered = [t.lower() for t in all_page_texts]
    return min(words, key=lambda w: (sum(w in t for t in lowered), -len(w), w))


async def first_result(page: Page, query: str) -> str | None:
    """The page of the first search result for query (site path, without #section), or None."""
    hrefs = await search_results(page, query)
    return urlsplit(hrefs[0]).path if hrefs else None
