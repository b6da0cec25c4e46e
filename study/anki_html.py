"""A short answer's Markdown turned into the HTML of an Anki card.

Short answers use a small part of Markdown, and only that part is accepted: paragraphs, flat
numbered and bulleted lists, display math between `$$` lines, code fences (shown as code), and
inline `code`, $math$, **bold**, *italic*, links and images. Math becomes Anki's own MathJax
delimiters, \\( \\) and \\[ \\], so a card never shows a raw `$`. Anything else (an admonition, a
table, raw HTML, an unbalanced `$`) raises `MarkdownError` with the line, rather than giving a card that differs
from the page.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from study.answers import page_url

# A link or image target resolved for a card: (href or media name, local file to ship or None).
Resolver = Callable[[str, bool], tuple[str, "str | None"]]


class MarkdownError(ValueError):
    """A construct a card cannot show; `line` counts from the first line of the Markdown (1)."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


@dataclass
class Converted:
    html: str
    media: list[str] = field(default_factory=list)   # local files the HTML shows (images)


FENCE = re.compile(r"^(```|~~~)")
UNSUPPORTED_LINE = [
    (re.compile(r"^\s+(```|~~~)"), "an indented code fence"),
    (re.compile(r"^\s*(///|!!!|\?\?\?\+?|===)"), "a nested block (admonition, details or tab)"),
    (re.compile(r"^#{1,6}\s"), "a heading"),
    (re.compile(r"^\s*>"), "a blockquote"),
    (re.compile(r"^\s*\|"), "a table"),
    (re.compile(r"^\s*<[A-Za-z/!]"), "raw HTML"),
]
ORDERED = re.compile(r"^(\d+)\.\s+")
BULLET = re.compile(r"^[-*+]\s+")

# Inline tokens, tried left to right at each position: the first that matches wins, so the inside
# of a code span or a formula is never read as emphasis or a link.
INLINE = re.compile(
    r"(?P<code>(?P<ticks>`+)(?P<code_text>.+?)(?<!`)(?P=ticks)(?!`))"
    r"|(?P<escape>\\(?P<escaped>[\\`*_{}\[\]()#+\-.!$<>|]))"
    r"|(?P<math>\$(?!\$)(?!\s)(?P<tex>(?:\\.|[^$\\])+?)(?<!\s)\$)"
    r"|(?P<link>(?P<bang>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)\))",
    re.S,
)
BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", re.S)
ITALIC = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*|(?<![\w])_(?=\S)(.+?)(?<=\S)_(?![\w])", re.S)
STRAY_STAR = re.compile(r"\*(?=\S)|(?<=\S)\*")
RAW_TAG = re.compile(r"<[A-Za-z/!]")
PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")


def inline(text: str, resolve: Resolver, line: int = 1, media: list[str] | None = None) -> str:
    """Inline Markdown (one paragraph, newlines kept) to HTML. `line` is the text's first line."""
    media = [] if media is None else media
    pieces: list[str] = []     # HTML of the protected tokens, referred to by placeholders
    skeleton: list[str] = []   # escaped plain text with placeholders in place of the tokens

    def keep(fragment: str) -> str:
        pieces.append(fragment)
        return f"\ue000{len(pieces) - 1}\ue001"

    def plain(start: int, end: int) -> None:
        segment = text[start:end]
        for pattern, what in ((re.compile(r"\$"), "an unbalanced '$' (write a literal dollar as \\$)"),
                              (RAW_TAG, "raw HTML")):
            found = pattern.search(segment)
            if found:
                raise MarkdownError(line + text.count("\n", 0, start + found.start()), f"{what} in a short answer")
        skeleton.append(html.escape(segment, quote=False))

    pos = 0
    for m in INLINE.finditer(text):
        plain(pos, m.start())
        pos = m.end()
        if m["code"]:
            skeleton.append(keep(f"<code>{html.escape(m['code_text'].strip(), quote=False)}</code>"))
        elif m["escape"]:
            skeleton.append(keep(html.escape(m["escaped"], quote=False)))
        elif m["math"]:
            skeleton.append(keep(f"\\({html.escape(m['tex'], quote=False)}\\)"))
        else:
            here = line + text.count("\n", 0, m.start())
            try:
                href, local = resolve(m["target"], bool(m["bang"]))
            except ValueError as e:
                raise MarkdownError(here, str(e)) from None
            if local:
                media.append(local)
            if m["bang"]:
                skeleton.append(keep(f'<img src="{html.escape(href)}" alt="{html.escape(m["text"])}">'))
            else:
                label = inline(m["text"], resolve, here, media)
                skeleton.append(keep(f'<a href="{html.escape(href)}">{label}</a>'))
    plain(pos, len(text))

    out = "".join(skeleton)
    out = BOLD.sub(r"<strong>\1</strong>", out)
    out = ITALIC.sub(lambda m: f"<em>{m[1] or m[2]}</em>", out)
    stray = STRAY_STAR.search(out)
    if stray:
        raise MarkdownError(line + out.count("\n", 0, stray.start()), "an unmatched '*' (bold or italic marker)")
    while PLACEHOLDER.search(out):   # a link's label may hold placeholders of its own
        out = PLACEHOLDER.sub(lambda m: pieces[int(m[1])], out)
    return out


def blocks(markdown: str) -> list[tuple[int, list[str]]]:
    """The Markdown cut into blocks at blank lines (a `$$` formula is one block): (first line, lines)."""
    lines = markdown.split("\n")
    found, i = [], 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        fence = FENCE.match(lines[i])
        if fence:                              # a code fence is one block, blank lines and all
            i += 1
            while i < len(lines) and lines[i].strip() != fence[1]:
                i += 1
            if i == len(lines):
                raise MarkdownError(start + 1, "a code fence that is never closed")
            i += 1
        elif lines[i].strip() == "$$":
            i += 1
            while i < len(lines) and lines[i].strip() != "$$":
                i += 1
            if i == len(lines):
                raise MarkdownError(start + 1, "a '$$' formula that is never closed")
            i += 1
        else:
            while i < len(lines) and lines[i].strip() and lines[i].strip() != "$$":
                i += 1
        found.append((start + 1, lines[start:i]))
    return found


def list_html(first: int, lines: list[str], marker: re.Pattern, tag: str, resolve: Resolver, media: list[str]) -> str:
    """A flat list: an item starts at a marker in column 0; indented lines continue it."""
    items: list[tuple[int, list[str]]] = []
    for n, text in enumerate(lines, first):
        m = marker.match(text)
        if m:
            items.append((n, [text[m.end():]]))
        elif text[:1].isspace() and (ORDERED.match(text.strip()) or BULLET.match(text.strip())):
            raise MarkdownError(n, "a nested list in a short answer")
        else:
            items[-1][1].append(text.strip())
    start = ORDERED.match(lines[0])
    attrs = f' start="{start[1]}"' if tag == "ol" and start and start[1] != "1" else ""
    body = "".join(f"<li>{inline(chr(10).join(t), resolve, n, media)}</li>" for n, t in items)
    return f"<{tag}{attrs}>{body}</{tag}>"


def to_card_html(markdown: str, resolve: Resolver) -> Converted:
    """A short answer's Markdown as card HTML; raises MarkdownError on anything unsupported."""
    media: list[str] = []
    parts = []
    for first, lines in blocks(markdown):
        if FENCE.match(lines[0]):              # code shown as code (a page's fence is executed)
            code = "\n".join(lines[1:-1])
            parts.append(f"<pre><code>{html.escape(code, quote=False)}</code></pre>")
            continue
        for n, text in enumerate(lines, first):
            for pattern, what in UNSUPPORTED_LINE:
                if pattern.match(text) and not (lines[0].strip() == "$$"):
                    raise MarkdownError(n, f"{what} in a short answer (cards show paragraphs, lists and math)")
        if lines[0].strip() == "$$":
            tex = "\n".join(lines[1:-1])
            parts.append(f"<div class=\"math\">\\[\n{html.escape(tex, quote=False)}\n\\]</div>")
        elif lines[0][:1].isspace():
            raise MarkdownError(first, "an indented block (code, or a list item's second paragraph) in a short answer")
        elif ORDERED.match(lines[0]):
            parts.append(list_html(first, lines, ORDERED, "ol", resolve, media))
        elif BULLET.match(lines[0]):
            parts.append(list_html(first, lines, BULLET, "ul", resolve, media))
        else:
            parts.append(f"<p>{inline(chr(10).join(lines), resolve, first, media)}</p>")
    return Converted("\n".join(parts), media)


def site_resolver(page_src: str, site_url: str, docs_dir) -> Resolver:
    """Resolve a page's link targets for a card: pages become their address on the published site
    (a card has no site around it); images become media files shipped in the deck."""

    def resolve(target: str, image: bool) -> tuple[str, str | None]:
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):
            if image:
                raise ValueError(f"an image from another site ({target}): a card must work offline")
            return target, None
        path, _, anchor = target.partition("#")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path)) if path else page_src
        if image:
            local = Path(docs_dir) / path
            if not local.is_file():
                raise ValueError(f"the image {target} does not exist")
            return posixpath.basename(path), str(local)
        url = page_url(path, site_url) if path.endswith(".md") else site_url.rstrip("/") + "/" + path
        return url + (f"#{anchor}" if anchor else ""), None

    return resolve
