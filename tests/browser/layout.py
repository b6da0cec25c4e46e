"""What a page looks like at a laptop's and a phone's width (issue 19).

Each check returns a list of problems (strings), like checks.py; test_layout.py runs them on every
page at both widths, test_negative.py feeds them a page that breaks each rule.
"""

from __future__ import annotations

import time

from playwright.async_api import Browser, Page

from tests.browser.checks import block_outside, settle

WIDTHS = {"laptop": (1280, 900), "phone": (390, 844)}

# Where the content may scroll sideways: inside its own box, never the page.
LAYOUT_JS = r"""
() => {
  const problems = [];
  const doc = document.scrollingElement || document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1)
    problems.push(`the page scrolls sideways: ${doc.scrollWidth} px of content in ${doc.clientWidth} px`);
  const article = document.querySelector("article.md-content__inner");
  if (!article) return problems;
  // Material lets code and formulas bleed into the content's margin on a phone: the column is
  // the content area (.md-content), and the window.
  const limit = Math.min(article.parentElement.getBoundingClientRect().right, doc.clientWidth) + 1;
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === "string"
    ? "." + el.className.trim().split(/\s+/).join(".") : "");
  // A box that scrolls or clips sideways and itself fits in the column.
  const ownBox = el => {
    for (let a = el.parentElement; a && a !== article.parentElement; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX;
      if (o === "auto" || o === "scroll" || o === "hidden" || o === "clip")
        return a.getBoundingClientRect().right <= limit ? a : null;
    }
    return null;
  };
  const seen = new Set();
  for (const el of article.querySelectorAll("pre, table, .katex-display, .jp-Cell, .jp-OutputArea-output, img, svg, .highlight, .md-typeset__table")) {
    if (!el.getClientRects().length) continue;               // not shown (a folded answer)
    if (el.getBoundingClientRect().right <= limit) continue;
    if (ownBox(el)) continue;
    const key = name(el);
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(`${key} is ${Math.round(el.getBoundingClientRect().right - limit)} px wider than the column and does not scroll in its own box`);
  }
  // A formula that scrolls must show that it does (the scroll shadows of site.css).
  for (const el of article.querySelectorAll(".katex-display")) {
    if (!el.getClientRects().length || el.scrollWidth <= el.clientWidth + 1) continue;
    if (!getComputedStyle(el).backgroundImage.includes("gradient"))
      problems.push(`a formula scrolls sideways by ${el.scrollWidth - el.clientWidth} px with no cue: ${el.textContent.slice(0, 40)}`);
  }
  return problems;
}
"""

# Numbers for the report: how many formulas and code blocks scroll, and by how much.
MEASURE_JS = r"""
() => {
  const doc = document.scrollingElement || document.documentElement;
  const article = document.querySelector("article.md-content__inner");
  const over = sel => [...(article ? article.querySelectorAll(sel) : [])]
    .filter(el => el.getClientRects().length)
    .map(el => el.scrollWidth - el.clientWidth).filter(d => d > 1);
  const formulas = over(".katex-display"), code = over("pre > code"), tables = over(".md-typeset__scrollwrap");
  return {
    page_overflow: doc.scrollWidth - doc.clientWidth,
    formulas: article ? article.querySelectorAll(".katex-display").length : 0,
    formulas_scrolling: formulas.length, formula_max: Math.max(0, ...formulas),
    code_scrolling: code.length, code_max: Math.max(0, ...code),
    tables_scrolling: tables.length, table_max: Math.max(0, ...tables),
  };
}
"""


async def open_all(page: Page) -> None:
    """Reading mode: every answer and everything it hides shown."""
    await page.evaluate("""() => {
      document.querySelectorAll('details').forEach(d => d.open = true);
      document.querySelectorAll('[data-answer-reveal]').forEach(e => e.hidden = false);
    }""")
    await settle(page)


async def layout_reports(browser: Browser, urls: list[str], width: str, *, measure: bool = False,
                         concurrency: int = 2) -> dict[str, dict]:
    """{url: {"problems": [...], "numbers": {...}}} at one of WIDTHS, answers open."""
    w, h = WIDTHS[width]
    context = await browser.new_context(viewport={"width": w, "height": h}, service_workers="block",
                                        is_mobile=width == "phone", has_touch=width == "phone")
    await block_outside(context, [])
    todo, out = list(urls), {}

    async def worker():
        page = await context.new_page()
        try:
            while todo:
                url = todo.pop(0)
                await page.goto(url, wait_until="load")
                await settle(page)
                await open_all(page)
                out[url] = {"problems": await page.evaluate(LAYOUT_JS),
                            "numbers": await page.evaluate(MEASURE_JS) if measure else {}}
        finally:
            await page.close()

    try:
        import asyncio
        await asyncio.gather(*(worker() for _ in range(max(1, min(concurrency, len(urls))))))
    finally:
        await context.close()
    return out


async def first_visit(browser: Browser, url: str) -> dict:
    """Bytes over the wire and requests of a first visit (empty cache), once the page has settled."""
    context = await browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    await block_outside(context, [])
    page = await context.new_page()
    responses = []
    page.on("requestfinished", lambda r: responses.append(r))
    await page.goto(url, wait_until="load")
    await settle(page)
    await page.wait_for_timeout(500)
    total = 0
    for r in responses:
        sizes = await r.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    await context.close()
    return {"requests": len(responses), "bytes": total}
