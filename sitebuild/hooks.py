"""The site's MkDocs hooks.

- Derive from the pages what a contributor would otherwise write by hand (sitebuild/derived.py):
  the nav entries of the question folders, the question list of the home page, and one notebook
  per answer page in the built site;
- Pass the versions each page was verified with to the templates: the record
  (pagetest/verified.py) is written by the test run for every page whose Python blocks all passed;
  overrides/main.html shows the entry under the page.
- Give every figure (an SVG under docs/assets/) its width and height, so the browser reserves its
  box before the file arrives and the text below it does not jump (layout shift).
- Show a figure's narrow version on a phone: when NAME-narrow.svg exists next to
  NAME.svg (drawn by the same module of reproduce/figures), the page's Markdown still
  names NAME.svg, and the built page puts it in a <picture> whose <source> is the
  narrow file below NARROW_SCREEN. The wide figure, shrunk to a phone's width, would
  have text a few pixels high. (A short answer cannot hold the <picture> itself: the
  Anki deck and the review sheet read it as Markdown, study/anki_html.py.)
- Stop the build when a page of the answer folders answers none of the chapter's 43 questions
  (reproduce/book_questions.py says where such material goes).
- Fail the (strict) build when a page has a second top-level heading. Python-Markdown needs no
  space after '#', so a wrapped line of prose that starts with an issue number ("#3108; ...")
  silently becomes an <h1>.
"""

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from pagetest.verified import read_record
from reproduce.book_questions import beyond_the_questions_message, pages_beyond_the_questions
from reproduce.paths import DOCS
from sitebuild import derived
from sitebuild.index import updated_index

log = logging.getLogger("mkdocs.hooks.site")   # a warning here fails `mkdocs build --strict`

# <img ... src="../assets/figures/x.svg" ...> as Python-Markdown writes it (alt first,
# no size); url: the src without ".svg", stem: that file's path in docs/ without ".svg".
SVG_IMG = re.compile(r'<img (?P<attrs>[^>]*?)'
                     r'src="(?P<url>(?:\.\./)*(?P<stem>assets/[^"]+))\.svg"'
                     r'(?P<rest>[^>]*)>')
NARROW = "-narrow.svg"                  # NAME-narrow.svg: NAME.svg laid out for a phone
NARROW_SCREEN = "(max-width: 599px)"    # where the narrow version is shown
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
VIEWBOX = re.compile(r'<svg\b[^>]*?\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+(?P<w>[\d.]+)[\s,]+(?P<h>[\d.]+)\s*"')


def on_config(config):
    stray = pages_beyond_the_questions(Path(config.docs_dir))
    if stray:
        raise PluginError(beyond_the_questions_message(stray))
    config.extra["verified"] = read_record()
    if config["nav"]:
        config["nav"] = derived.expand_nav(config["nav"], Path(config.docs_dir))
    return config


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri == "index.md":
        return updated_index(markdown, Path(config.docs_dir))
    return markdown


def on_post_build(config):
    derived.write_page_notebooks(Path(config.docs_dir), Path(config.site_dir), config.site_url or "")


def svg_size(path: Path) -> tuple[int, int]:
    """The figure's intrinsic size in CSS pixels, from its viewBox."""
    found = VIEWBOX.search(path.read_text(encoding="utf-8")[:4000])
    if not found:
        raise ValueError(f"{path}: no viewBox in the <svg> element, so its size on the page is unknown")
    return round(float(found["w"])), round(float(found["h"]))


def text_of(heading_html: str) -> str:
    """A heading's text, without its permalink."""
    return re.sub(r"<[^>]+>", "", HEADERLINK.sub("", heading_html)).strip()


def on_page_content(html, page, config, files):
    # Hooks run after the plugins, so mkdocs-glightbox has already wrapped the <img> in
    # its link: the <picture> goes inside it, and a tap still opens the wide figure.
    def sized(m: re.Match) -> str:
        img = m[0]
        if " width=" not in img:
            width, height = svg_size(DOCS / f'{m["stem"]}.svg')
            img = img[:-1].rstrip(" /") + f' width="{width}" height="{height}" />'
        narrow = DOCS / f'{m["stem"]}{NARROW}'
        if not narrow.is_file():
            return img
        # The <source> has a size of its own: the <img>'s would squeeze the tall figure.
        width, height = svg_size(narrow)
        return (f'<picture><source media="{NARROW_SCREEN}" srcset="{m["url"]}{NARROW}" '
                f'width="{width}" height="{height}">{img}</picture>')

    headings = H1.findall(html)
    if len(headings) > 1:
        stray = ", ".join(repr(text_of(h)[:60]) for h in headings[1:])
        log.warning(f"{page.file.src_uri}: more than one top-level heading: {stray}"
                    " (a line that starts with '#' is a heading; rewrap the paragraph)")
    return SVG_IMG.sub(sized, html)
