"""The site's search, driven as a reader drives it: type a query, read the ranked pages.

Used by the search tests (test_search.py, and checks.search_results for the others) and the
evaluation command (benchmarks/search_eval.py), which can also drive Material's own search box
(the site before issue 27) and Pagefind's JavaScript API directly, to compare.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import Page


def pages_of(hrefs: list[str]) -> list[str]:
    """Distinct site paths (no #section, no ?h=...) of result links, in order."""
    paths: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in paths:
            paths.append(path)
    return paths


async def _material_box(page: Page, query: str) -> list[str]:
    """Material's own search box (the site before issue 27, to compare): type query, read links."""
    box = page.locator("input.md-search__input")
    if not await box.is_visible():  # narrow screens: the search field opens from a header button
        await page.locator("label.md-header__button[for=__search]").first.click()
    await box.click()
    items = page.locator(".md-search-result__item a")
    # Material searches on key events, which fill() does not send: one key press after each fill
    # runs one search. The empty query first clears the last query's results.
    await box.fill("")
    await box.press("End")
    await items.first.wait_for(state="detached", timeout=10_000)
    await box.fill(query)
    await box.press("End")
    try:
        await items.first.wait_for(state="attached", timeout=10_000)
    except Exception:
        return []
    hrefs = await items.evaluate_all("as => as.map(a => a.href)")
    for _ in range(20):   # Material may still be adding to the list
        await page.wait_for_timeout(150)
        again = await items.evaluate_all("as => as.map(a => a.href)")
        if again == hrefs:
            break
        hrefs = again
    await page.keyboard.press("Escape")
    return hrefs


PAGEFIND_API_JS = """
async (query) => {
  window.__pf = window.__pf || await import(new URL("pagefind/pagefind.js", document.baseURI).href);
  const found = await window.__pf.search(query);
  const data = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return data.map(d => new URL(d.url, location.origin).href);
}
"""


BOX = "form[data-site-search] input"
RESULTS = "#site-search-results"


async def open_box(page: Page) -> None:
    """Focus the search box (on a phone, first tap the header's search button)."""
    box = page.locator(BOX)
    if not await box.is_visible():
        await page.locator("label.md-header__button[for=__search]").first.click()
    await box.click()


async def result_links(page: Page, query: str) -> list[str]:
    """Type query into the site's search box (search.js) and return the result links."""
    # Focused already (the previous query's box, still open): type over it, as a reader does.
    if not await page.evaluate("s => document.activeElement === document.querySelector(s)", BOX):
        await open_box(page)
    await page.locator(BOX).fill(query)
    # search.js marks the list with the query it shows once that query's results are in
    await page.wait_for_function(
        "q => document.querySelector('#site-search-results').dataset.query === q", arg=query.strip())
    return await page.locator(f"{RESULTS} a").evaluate_all("as => as.map(a => a.href)")


async def ranked_pages(page: Page, query: str, engine: str = "box") -> list[str]:
    """The site paths the search ranks for query, best first."""
    if engine == "pagefind-api":
        return pages_of(await page.evaluate(PAGEFIND_API_JS, query))
    if await page.locator(BOX).count():
        return pages_of(await result_links(page, query))
    return pages_of(await _material_box(page, query))   # Material's own search (the site before issue 27)


async def search_download(browser, url: str, query: str = "why does dropout rescale") -> dict:
    """What the search costs a reader on top of the page: bytes over the wire and requests from
    focusing the box to the first query's results (Pagefind's script and WebAssembly, fields.json,
    the index chunks and the fragments of the results shown). Serve the site gzip-compressed
    (site.serve(gzip_text=True)) to count what GitHub Pages sends."""
    from tests.browser.checks import block_outside, settle

    context = await browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
    await block_outside(context, [])
    page = await context.new_page()
    await page.goto(url, wait_until="load")
    await settle(page)
    responses = []
    page.on("requestfinished", lambda r: responses.append(r))
    await result_links(page, query)
    await page.wait_for_timeout(300)
    total, files = 0, []
    for r in responses:
        sizes = await r.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        files.append(urlsplit(r.url).path.rsplit("/", 1)[-1])
    await context.close()
    return {"bytes": total, "requests": len(responses), "files": files}
