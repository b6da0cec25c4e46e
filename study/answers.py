"""The question pages read as study items: which question, the book's wording, the short answer.

A page states its question in a blockquote, `> **Question 5.** ...` (`> **Further research 1.** ...`
on the Further Research pages), and keeps its short answer in the first `/// details | Answer`
block. Anything missing is a `PageError` naming the page and the line.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

SECTIONS = (("questions", "q", "Question"), ("further-research", "fr", "Further Research"))

QUOTE = re.compile(r"^> \*\*(Question|Further research) (\d+)\.\*\* (.+)$", re.M)
TITLE = re.compile(r"^# (.+)$", re.M)
ANSWER_START = re.compile(r"^/// details \| Answer[ \t]*$", re.M)
OPTION = re.compile(r"^ {4}\S")   # the block's options (`    type: success`), indented under its header


class PageError(ValueError):
    """A page that cannot become a study item, with the page and line to fix."""

    def __init__(self, page: str, line: int, message: str):
        super().__init__(f"{page}:{line}: {message}")
        self.page, self.line, self.message = page, line, message


@dataclass(frozen=True)
class Item:
    id: str            # "q05", "fr1": the page's file name, also the note's identity in Anki
    src: str           # "questions/q05.md", relative to docs/
    label: str         # "Question 5", "Further Research 1"
    title: str         # the page's H1, Markdown: "Q5. Predict the third word without peeking"
    question: str      # the book's wording, Markdown (inline only)
    answer: str        # the short answer, Markdown
    answer_line: int   # page line of the answer's first line (error messages count from it)
    url: str           # the page on the published site


def page_url(src: str, site_url: str) -> str:
    """The published address of a page, with MkDocs' directory URLs: questions/q05.md -> .../questions/q05/."""
    stem = src.removesuffix(".md")
    if posixpath.basename(stem) == "index":
        stem = posixpath.dirname(stem)
    path = f"{stem}/" if stem else ""
    return site_url.rstrip("/") + "/" + path


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def read_item(src: str, text: str, site_url: str) -> Item:
    """One page's study item; raises PageError when the page lacks a part of the template."""
    quote, title, start = QUOTE.search(text), TITLE.search(text), ANSWER_START.search(text)
    if not quote:
        raise PageError(src, 1, "no '> **Question N.** ...' line stating the question")
    if not title:
        raise PageError(src, 1, "no '# ' title")
    if not start:
        raise PageError(src, 1, "no '/// details | Answer' block holding the short answer")
    lines = text[start.end() + 1:].split("\n")
    first = 0
    while first < len(lines) and OPTION.match(lines[first]):
        first += 1
    try:
        end = lines.index("///", first)
    except ValueError:
        raise PageError(src, line_of(text, start.start()), "the Answer block has no closing '///'") from None
    body = lines[first:end]
    skipped = 0
    while body and not body[0].strip():    # blank lines between the options and the text
        body.pop(0)
        skipped += 1
    answer = "\n".join(body).strip()
    answer_line = line_of(text, start.end()) + 1 + first + skipped
    if not answer:
        raise PageError(src, answer_line, "the Answer block is empty")
    number = int(quote[2])
    section = next(s for s in SECTIONS if src.startswith(s[0] + "/"))
    return Item(id=Path(src).stem, src=src, label=f"{section[2]} {number}", title=title[1].strip(),
                question=quote[3].strip(), answer=answer, answer_line=answer_line, url=page_url(src, site_url))


def page_sources(docs_dir: Path) -> list[str]:
    """The question pages in the book's order: questions 1..39, then Further Research 1..4."""
    found = []
    for folder, prefix, _ in SECTIONS:
        pages = (docs_dir / folder).glob(f"{prefix}[0-9]*.md")
        numbered = sorted(pages, key=lambda p: int(p.stem[len(prefix):]))
        found += [f"{folder}/{p.name}" for p in numbered]
    return found


def read_items(docs_dir: Path, site_url: str) -> tuple[list[Item], list[PageError]]:
    """Every question page's item, and the errors of the pages that could not be read."""
    items, errors = [], []
    for src in page_sources(docs_dir):
        try:
            items.append(read_item(src, (docs_dir / src).read_text(encoding="utf-8"), site_url))
        except PageError as e:
            errors.append(e)
    return items, errors
