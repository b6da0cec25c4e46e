"""What a first visit costs a reader: bytes over the wire and requests (issue 19)."""

from __future__ import annotations

from playwright.async_api import Browser

from tests.browser.checks import block_outside, settle


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
