"""What a page looks like at a laptop's and a phone's width (issue 19).

The scripts return a list of problems (strings), like checks.py. The page audit (checks.Tab.audit)
runs LAYOUT_JS on every page at the laptop width, then resizes the page to the phone width and runs
it again; test_layout.py also runs it on pages loaded on a phone in reading mode, and feeds it a
page that breaks the rule.
"""

from __future__ import annotations

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
