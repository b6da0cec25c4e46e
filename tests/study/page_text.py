"""What a reader sees of a question page, as text: the page's Markdown rendered with the site's own
Markdown extensions (read from mkdocs.yml), independently of study/anki_html.py.

Text is compared with whitespace collapsed; block elements separate words, inline elements
(code, emphasis, links, formulas) do not, so "<code>h</code>," and "h," read the same.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
from mkdocs.utils.yaml import yaml_load

from reproduce.paths import ROOT
BLOCK_TAGS = {"p", "div", "li", "ol", "ul", "hr", "br", "blockquote", "details", "summary", "h1", "h2", "h3", "table", "tr", "td"}


@functools.cache
def site_config() -> dict:
    with open(ROOT / "mkdocs.yml", encoding="utf-8") as f:
        return yaml_load(f)


def render(text: str) -> str:
    """Markdown to HTML with the markdown_extensions of mkdocs.yml."""
    names, configs = [], {}
    for entry in site_config()["markdown_extensions"]:
        name, options = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=configs).convert(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text)).strip()


class _Text(HTMLParser):
    """Text of the elements for which `wanted(tag, attrs)` holds, one string per element."""

    def __init__(self, wanted, skip=lambda tag, attrs: False):
        super().__init__(convert_charrefs=True)
        self.wanted, self.skip = wanted, skip
        self.found: list[list[str]] = []
        self.stack: list[tuple[str, str]] = []   # (tag, role): role "in", "skip" or ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "br", "hr", "input", "meta", "link"):
            if self.stack and tag in BLOCK_TAGS:
                self.found[-1].append(" ")
            return
        inside = any(role == "in" for _, role in self.stack)
        role = "skip" if self.skip(tag, attrs) else "in" if not inside and self.wanted(tag, attrs) else ""
        if role == "in":
            self.found.append([])
        elif tag in BLOCK_TAGS and inside:
            self.found[-1].append(" ")
        self.stack.append((tag, role))

    def handle_endtag(self, tag):
        if tag not in (open_tag for open_tag, _ in self.stack):   # a void element's `/>`, or stray
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS and any(role == "in" for _, role in self.stack):
            self.found[-1].append(" ")

    def handle_data(self, data):
        if any(role == "skip" for _, role in self.stack):
            return
        if any(role == "in" for _, role in self.stack):
            self.found[-1].append(data)


def texts(html_text: str, wanted, skip=lambda tag, attrs: False) -> list[str]:
    parser = _Text(wanted, skip)
    parser.feed(html_text)
    return [squash("".join(chunks)) for chunks in parser.found]


def text_of(html_text: str) -> str:
    """All the text of an HTML fragment (a card's field or its rendered side)."""
    return texts(f"<div>{html_text}</div>", lambda tag, attrs: tag == "div")[0]


def page_view(page: Path) -> dict[str, str]:
    """A question page's title, its question line and its short answer, as the site shows them."""
    text = page.read_text(encoding="utf-8")
    title = re.search(r"^# .+$", text, re.M)[0]
    start = re.search(r"^> \*\*", text, re.M).start()
    end = re.search(r"^///$", text[start:], re.M).end() + start   # the Answer block's closing line
    rendered = render(title + "\n\n" + text[start:end])
    headerlink = lambda tag, attrs: tag == "a" and "headerlink" in (attrs.get("class") or "")  # noqa: E731
    answer = texts(rendered, lambda tag, attrs: tag == "details", skip=lambda tag, attrs: tag == "summary")
    return {
        "title": texts(rendered, lambda tag, attrs: tag == "h1", skip=headerlink)[0],
        "question": texts(rendered, lambda tag, attrs: tag == "blockquote")[0],
        "answer": answer[0],
    }
