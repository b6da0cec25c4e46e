"""What a page can get wrong besides its code, found when pytest collects the page.

`pytest docs/questions/q05.md` reports each problem below as a collection error that names the
page line and says how to fix it, before any block runs:

- a Python fence that would be shown but never run (indented under `!!!`, `???` or `===`), or
  with options in the wrong form (pagetest/fences.py);
- an include line whose file or section does not exist (pagetest/includes.py);
- a link to a page, file or anchor of the site that does not exist;
- a formula that KaTeX cannot parse: the site's own copy of KaTeX (docs/assets/katex) runs here,
  in QuickJS, without a browser;
- a code line wider than the site's code column (88 characters, included lines counted);
- on an answer page, a short answer (the `/// details | Answer` block) over 80 words, or with a
  code fence over 15 lines (the answer is also a flash card).

The strict site build checks links and includes too; these checks exist so that the one command a
contributor runs for their page already catches them.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from pagetest.fences import is_python, lint_fences, scan
from pagetest.includes import INCLUDE, IncludeError, read_include
from reproduce.paths import DOCS, ROOT

KATEX_JS = DOCS / "assets" / "katex" / "katex.min.js"


def page_problems(path: Path) -> list[str]:
    """Every problem of the page at `path`, each as 'line N: what, and how to fix it'."""
    text = path.read_text(encoding="utf-8")
    problems = (lint_fences(text) + include_problems(text) + link_problems(text, path)
                + formula_problems(text) + width_problems(text))
    if path.parent.name in ("questions", "further-research"):
        problems += answer_problems(text)
    return sorted(problems, key=_line_number)


def _line_number(problem: str) -> int:
    found = re.match(r"line (\d+)", problem)
    return int(found[1]) if found else 0


# ---------------------------------------------------------------------------------------------
# Reading a page: which lines are code, which are prose.

def prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line outside fenced code, inline code spans blanked out."""
    return [(number, re.sub(r"`+[^`]*`+", lambda m: " " * len(m[0]), line))
            for number, line, role, _ in scan(text) if role == "prose"]


def include_problems(text: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.split("\n"), start=1):
        match = INCLUDE.match(line)
        if match:
            try:
                read_include(match["target"])
            except IncludeError as error:
                problems.append(f"line {number}: {error}; check the file name and its "
                                f"`# --8<-- [start:name]` / `[end:name]` markers")
    return problems


# ---------------------------------------------------------------------------------------------
# Links and anchors.

LINK = re.compile(r"\]\((?P<target>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(?P<title>.*?)\s*(?:\{[^}]*#(?P<id>[\w-]+)[^}]*\})?\s*#*\s*$")
EXPLICIT_ID = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}|\bid=\"(?P<html>[\w-]+)\"")


@functools.lru_cache(maxsize=None)   # a page links to the same pages many times
def anchors(path: Path) -> set[str]:
    """The anchors a page defines: its headings as Python-Markdown's toc names them, and ids set
    with attribute lists ({#id}) or in HTML (id="...")."""
    from markdown.extensions.toc import slugify, unique

    found, used = set(), set()
    for _, line in prose_lines(path.read_text(encoding="utf-8")):
        heading = HEADING.match(line)
        if heading and not heading["id"]:
            title = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading["title"])   # [text](link)
            title = re.sub(r"[*`]|\$[^$]*\$", "", title)                         # emphasis, math
            found.add(unique(slugify(title, "-"), used))
        for explicit in EXPLICIT_ID.finditer(line):
            found.add(explicit["id"] or explicit["html"])
    return found


def generated_files() -> set[str]:
    """Files the build adds to docs/ (study/: the review sheet and the Anki deck)."""
    from study.anki_deck import DECK_FILE
    from study.mkdocs_hook import GENERATED_PAGES

    return {*GENERATED_PAGES, DECK_FILE}


def _relative(path: Path) -> str:
    try:
        return str(path.relative_to(DOCS.resolve()))
    except ValueError:
        return str(path)


def link_problems(text: str, page: Path) -> list[str]:
    problems = []
    for number, line in prose_lines(text):
        for match in LINK.finditer(line):
            target = match["target"]
            if re.match(r"^[a-z][a-z0-9+.-]*:", target):          # http:, mailto:, ...
                continue
            file_part, _, anchor = target.partition("#")
            linked = (page.parent / file_part).resolve() if file_part else page.resolve()
            if not linked.is_file() and _relative(linked) not in generated_files():
                problems.append(f"line {number}: link to {target!r}: no such file (links are "
                                f"relative to this page, to the .md file, e.g. ../results.md)")
            elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
                problems.append(f"line {number}: link to {target!r}: {linked.name} has no heading"
                                f" or id '#{anchor}' (an anchor is the heading in lower case, "
                                f"words joined by '-')")
    return problems


# ---------------------------------------------------------------------------------------------
# Formulas, checked by the KaTeX the site ships.

DISPLAY = re.compile(r"\$\$(?P<tex>.+?)\$\$", re.S)
INLINE = re.compile(r"(?<![\\$])\$(?!\s)(?P<tex>[^$\n]+?)(?<![\s\\])\$(?!\$)")


def formulas(text: str) -> list[tuple[int, str, bool]]:
    """(line, TeX, display?) of every formula outside code, as pymdownx.arithmatex finds them."""
    lines = prose_lines(text)
    joined = "\n".join(line for _, line in lines)
    numbers = [number for number, _ in lines]
    found = []
    for match in DISPLAY.finditer(joined):
        found.append((numbers[joined.count("\n", 0, match.start())], match["tex"], True))
    rest = DISPLAY.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), joined)
    for match in INLINE.finditer(rest):
        found.append((numbers[rest.count("\n", 0, match.start())], match["tex"], False))
    return found


@functools.lru_cache(maxsize=1)
def _katex():
    import quickjs

    context = quickjs.Context()
    context.eval(KATEX_JS.read_text(encoding="utf-8"))
    return context.eval("(function (tex, display) { try { katex.renderToString(tex, "
                        "{throwOnError: true, displayMode: display}); return ''; } "
                        "catch (e) { return String(e.message || e); } })")


@functools.lru_cache(maxsize=None)
def katex_error(tex: str, display: bool) -> str:
    """KaTeX's parse error for `tex`, or '' when it renders."""
    return _katex()(tex, display)


def formula_problems(text: str) -> list[str]:
    problems = []
    for number, tex, display in formulas(text):
        error = katex_error(tex, display)
        if error:
            problems.append(f"line {number}: formula ${tex.strip()[:60]}$ does not render: {error}")
    return problems


# ---------------------------------------------------------------------------------------------
# What fits: code lines in the code column, a short answer a learner can compare in a minute.

MAX_CODE_LINE = 88     # characters that fit Material's code column at 1280 px
MAX_ANSWER_WORDS = 80
MAX_ANSWER_CODE_LINES = 15   # a code fence in a short answer (where the question asks for code)


def width_problems(text: str) -> list[str]:
    """Code lines of Python fences (and of the snippets they include) over MAX_CODE_LINE."""
    problems = []
    for offset, line, role, opening in scan(text):
        if role != "code" or not is_python(opening["info"]):
            continue
        include = INCLUDE.match(line)
        if include:
            try:
                body, file, first = read_include(include["target"])
            except IncludeError:
                continue                     # reported by include_problems
            for i, included in enumerate(body.split("\n")):
                if len(included) > MAX_CODE_LINE:
                    problems.append(
                        f"line {offset}: included {file.relative_to(ROOT)}:{first + i} is "
                        f"{len(included)} characters; wrap it to {MAX_CODE_LINE} (it would "
                        f"scroll sideways on the page)")
        elif len(line) > MAX_CODE_LINE:
            problems.append(f"line {offset}: code line of {len(line)} characters; wrap it to "
                            f"{MAX_CODE_LINE} (it would scroll sideways on the page)")
    return problems


ANSWER_BLOCK = re.compile(r"^/// details \| Answer\n(?P<body>.*?)^///\s*$", re.S | re.M)


def answer_words(text: str) -> int | None:
    """Words of the short answer; inline code, inline math and a display formula count as one
    word each. None when the page has no Answer block."""
    found = ANSWER_BLOCK.search(text)
    if not found:
        return None
    body = re.sub(r"^\s+type: \w+\s*$", "", found["body"], flags=re.M)
    body = re.sub(r"^```.*?^```", " CODE ", body, flags=re.S | re.M)   # a fence counts as one
    body = re.sub(r"\$\$.*?\$\$", " MATH ", body, flags=re.S)
    body = re.sub(r"`[^`]+`", " CODE ", body)
    body = re.sub(r"\$[^$\n]+\$", " MATH ", body)
    return len([word for word in body.split() if re.search(r"\w", word)])


def answer_problems(text: str) -> list[str]:
    found = ANSWER_BLOCK.search(text)
    if not found:
        return ["line 1: no short answer: an answer page needs a `/// details | Answer` block"]
    line = text.count("\n", 0, found.start()) + 1
    problems = []
    words = answer_words(text)
    if words > MAX_ANSWER_WORDS:
        problems.append(f"line {line}: the short answer has {words} words; keep it to "
                        f"{MAX_ANSWER_WORDS} (inline code, a formula and a code fence count as one "
                        f"word each): the key idea only, measurements go into the Explanation")
    body_line = line + 1
    for number, _, role, _ in scan(found["body"]):
        if role == "open":
            opened = number
        elif role == "close" and number - opened - 1 > MAX_ANSWER_CODE_LINES:
            problems.append(f"line {body_line + opened - 1}: the short answer's code fence has "
                            f"{number - opened - 1} lines; keep it to {MAX_ANSWER_CODE_LINES} and "
                            f"move the rest into the Explanation")
    return problems
