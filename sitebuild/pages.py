"""MkDocs hook: two pages that need a little more than Markdown gives them.

- The chapter walkthrough's "Edit this page" opens its source, notebooks/walkthrough.md, not the
  notebook generated from it (docs/notebooks/chapter/walkthrough.ipynb, written by
  `python -m pagetest.notebooks --walkthrough`; an edit of it would be overwritten by the next run).
- mkdocs-glightbox (figures open full-size on a tap) puts its script in the head, where it holds
  up the first paint, on every page, and starts it with an inline script that uses Material's
  `document$` before Material's deferred bundle has defined it. Here its script is deferred and
  its start waits for DOMContentLoaded (after every deferred script); a page without a figure
  loads none of it.
- The results table (docs/results.md, checked by tests/reproduce/test_results.py) gets a class and,
  on each cell, its column's name: on a narrow screen site.css shows each model as a card, with the
  book's figure and ours side by side, instead of eight columns the reader scrolls through.
"""

import html
import re

from pagetest.notebooks import WALKTHROUGH, WALKTHROUGH_SOURCE
from reproduce.paths import DOCS, ROOT

RESULTS_PAGE = "results.md"
TABLE = re.compile(r"<table>(?P<body>.*?)</table>", re.S)
CELL = re.compile(r"<(?P<tag>t[hd])(?P<attrs>[^>]*)>(?P<text>.*?)</(?P=tag)>", re.S)
ROW = re.compile(r"<tr>(?P<cells>.*?)</tr>", re.S)


def label_cells(table_html: str) -> str:
    """Each <td> of the table gets data-label="its column's heading"."""
    rows = ROW.findall(table_html)
    if not rows:
        return table_html
    heads = [re.sub(r"<[^>]+>", "", m["text"]).strip() for m in CELL.finditer(rows[0])]

    def label_row(m: re.Match) -> str:
        i = -1

        def label(c: re.Match) -> str:
            nonlocal i
            i += 1
            if c["tag"] != "td" or i >= len(heads):
                return c[0]
            return f'<td{c["attrs"]} data-label="{html.escape(heads[i])}">{c["text"]}</td>'

        return "<tr>" + CELL.sub(label, m["cells"]) + "</tr>"

    return ROW.sub(label_row, table_html)


def on_page_content(content, page, config, files):
    if page.file.src_uri != RESULTS_PAGE:
        return content
    first = TABLE.search(content)
    if not first or "Ours" not in first["body"]:
        return content
    table = '<table class="results-table">' + label_cells(first["body"]) + "</table>"
    return content[: first.start()] + table + content[first.end():]


GLIGHTBOX_TAGS = re.compile(
    r'<link href="[^"]*glightbox\.min\.css" rel="stylesheet">'
    r'|<script src="[^"]*glightbox\.min\.js"></script>'
    r'|<style id="glightbox-style">.*?</style>'
    r'|<script id="init-glightbox">.*?</script>', re.S)
GLIGHTBOX_INIT = re.compile(r'<script id="init-glightbox">(?P<code>.*?)</script>', re.S)


def on_post_page(output, page, config):
    if 'class="glightbox"' not in output:
        return GLIGHTBOX_TAGS.sub("", output)
    output = re.sub(r'<script src="(?P<src>[^"]*glightbox\.min\.js)"></script>',
                    r'<script defer src="\g<src>"></script>', output)
    return GLIGHTBOX_INIT.sub(
        lambda m: '<script id="init-glightbox">document.addEventListener("DOMContentLoaded", () => {'
                  + m["code"] + "});</script>", output)


def on_page_context(context, page, config, nav):
    if page.file.src_uri == WALKTHROUGH.relative_to(DOCS).as_posix() and config.repo_url:
        source = WALKTHROUGH_SOURCE.relative_to(ROOT).as_posix()
        page.edit_url = f"{config.repo_url.rstrip('/')}/edit/main/{source}"
    return context
