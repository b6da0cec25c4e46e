"""Helpers that let the tests run a page's fences exactly as the reader sees them.

Used by conftest.py (fence tests) and by tests/ (lint of pages). No torch import here: it is
imported while pytest collects.
"""

import ast
import math
import re
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# pymdownx.snippets syntax: --8<-- "file", --8<-- "file:section", --8<-- "file:start:end"
INCLUDE = re.compile(r'^(?P<indent>\s*)(?:;)?--8<--\s+"(?P<target>[^"]+)"\s*$')
NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


class IncludeError(Exception):
    pass


def read_include(target: str) -> tuple[str, Path, int]:
    """The text of an include target, its file, and the file line the text starts on (1-based).

    Mirrors pymdownx.snippets with dedent_subsections: whole file, a named section
    (`# --8<-- [start:name]` ... `# --8<-- [end:name]`) or a line range `start:end`.
    """
    path_part, _, selector = target.partition(":")
    path = ROOT / path_part
    if not path.is_file():
        raise IncludeError(f"include target not found: {path_part}")
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    if not selector:
        return "".join(lines), path, 1
    if re.fullmatch(r"\d+(:\d+)?", selector):
        start, _, end = selector.partition(":")
        start_i = int(start)
        end_i = int(end) if end else len(lines)
        return textwrap.dedent("".join(lines[start_i - 1:end_i])), path, start_i
    start_mark = re.compile(rf"^\s*#\s*--8<--\s*\[start:{re.escape(selector)}\]\s*$")
    end_mark = re.compile(rf"^\s*#\s*--8<--\s*\[end:{re.escape(selector)}\]\s*$")
    starts = [i for i, line in enumerate(lines) if start_mark.match(line)]
    ends = [i for i, line in enumerate(lines) if end_mark.match(line)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise IncludeError(f"section [{selector}] not found exactly once in {path_part}")
    body = "".join(lines[starts[0] + 1:ends[0]])
    return textwrap.dedent(body), path, starts[0] + 2


def compile_include(target: str):
    """A code object for an include, with the snippet file's own name and line numbers."""
    text, path, first_line = read_include(target)
    padded = "\n" * (first_line - 1) + text
    return compile(padded, str(path), "exec")


def expand_include_line(line: str) -> str:
    """Replace an include line by one line that runs the included code in the fence's globals.

    Keeping it one line keeps every later line of the fence at its page line number.
    """
    match = INCLUDE.match(line)
    if not match:
        return line
    if match["indent"]:
        raise IncludeError(f"indented include is not supported: {line.strip()}")
    read_include(match["target"])  # fail at collection time when the target is missing
    return f"exec(__include__({match['target']!r}), globals())\n"


def is_output_line(line: str) -> bool:
    """A `#> ` comment line: output shown on the page."""
    return line.strip().startswith("#>")


def as_output_lines(printed: list[str]) -> list[str]:
    """Printed lines written as the page shows them (`#> ` before each, a bare `#>` when empty)."""
    return ["#> " + line if line else "#>" for line in printed]


def expected_output(fence_source: str) -> str:
    """The `#> ` comment lines of a fence, joined: what its prints must produce."""
    out = []
    for line in fence_source.splitlines():
        if is_output_line(line):
            text = line.strip()[2:]
            out.append(text[1:] if text.startswith(" ") else text)
    return "\n".join(out)


def output_positions(fence_source: str, fence_line: int) -> list[int]:
    """The page line of each `#> ` line of a fence whose opening line is page line fence_line."""
    return [fence_line + 1 + i for i, line in enumerate(fence_source.splitlines()) if is_output_line(line)]


def line_sources(prints: list[tuple[int | None, str]]) -> list[int | None]:
    """For each line of the text that prints wrote, the page line of the statement that ended it.

    prints: (page line of the printing statement, text written), in order. Aligned with _lines().
    """
    sources, pending = [], None
    for line, text in prints:
        for char in text:
            if char == "\n":
                sources.append(line)
                pending = None
            else:
                pending = line
    if pending is not None:
        sources.append(pending)
    return sources


def misplaced_output(positions: list[int], sources: list[int | None]) -> str | None:
    """None when every `#> ` line sits below the statement that printed it, else which one does not.

    The `#> ` lines are read as the output of the prints above them, so a line placed above its
    print (or above the code that makes it) misleads the reader, even when the fence's output as a
    whole matches.
    """
    for position, source in zip(positions, sources):
        if source is not None and position < source:
            return (f"the #> line at page line {position} is printed by the statement at page line {source},"
                    f" below it: move it under that statement")
    return None


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.rstrip("\n").split("\n")] if text.strip() else []


def _same_line(expected: str, actual: str, rel_tol: float) -> bool:
    if NUMBER.sub("#", expected) != NUMBER.sub("#", actual):
        return False
    for e, a in zip(NUMBER.findall(expected), NUMBER.findall(actual)):
        if e != a and not math.isclose(float(e), float(a), rel_tol=rel_tol, abs_tol=0.0):
            return False
    return True


def compare_output(expected: str, actual: str, rel_tol: float = 1e-6) -> str | None:
    """None when `actual` matches `expected`, else a readable diff.

    Text must match exactly; numbers may differ by a relative 1e-6, so the same run on another
    CPU's float rounding still passes, while any real change of a result fails.
    """
    exp, act = _lines(expected), _lines(actual)
    if len(exp) == len(act) and all(_same_line(e, a, rel_tol) for e, a in zip(exp, act)):
        return None
    shown_exp = "\n".join("#> " + line for line in exp) or "(nothing)"
    shown_act = "\n".join("#> " + line for line in act) or "(nothing)"
    return f"expected (on the page):\n{shown_exp}\nprinted (by the run):\n{shown_act}"


def statement_ends(body: list[str], fence_line: int) -> list[tuple[int, int]] | None:
    """(first, last) page line of each top-level statement of a fence body; None if it does not parse.

    body[i] is page line fence_line + 1 + i. Include lines are not Python: read as `pass`.
    """
    code = "\n".join("pass" if INCLUDE.match(line) else line for line in body)
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    return [(fence_line + node.lineno, fence_line + node.end_lineno) for node in tree.body]


def place_output(body: list[str], fence_line: int, out: list[str], sources: list[int | None]):
    """The fence body with its `#> ` lines replaced by `out` (the printed lines; sources, from
    line_sources, says which page line printed each); None when that is not known.

    When the page already shows as many lines, each below its print, they are replaced where they
    are: the author's layout stays. Otherwise each line goes right under the top-level statement
    that printed it.
    """
    marks = [i for i, line in enumerate(body) if is_output_line(line)]
    new_lines = as_output_lines(out)
    if len(marks) == len(out) and misplaced_output([fence_line + 1 + i for i in marks], sources) is None:
        placed = list(body)
        for i, line in zip(marks, new_lines):
            placed[i] = line
        return placed
    statements = statement_ends(body, fence_line)
    if statements is None or len(sources) != len(out) or None in sources:
        return None
    after = {}   # page line of a statement's last line -> the output lines that go under it
    for line, source in zip(new_lines, sources):
        last = next((e for s, e in statements if s <= source <= e), None)
        if last is None:
            return None
        after.setdefault(last, []).append(line)
    placed = []
    for i, line in enumerate(body):
        if is_output_line(line):
            continue
        placed.append(line)
        placed.extend(after.get(fence_line + 1 + i, []))
    return placed


def rewrite_output_lines(updates: dict) -> tuple:
    """Write new `#>` lines into pages: {(page path, fence start line): (printed text, sources)}.

    sources (from line_sources) say which statement printed each line: the fence's old `#>` lines
    are removed and each new line goes right under the top-level statement that printed it. When
    that is not known (a print from outside the page's code), the output goes where the old `#>`
    lines were (or at the end of the fence when it had none), unless they formed several groups:
    such a fence is left alone, to be edited by hand.
    Returns ({page: fences rewritten}, [(page, line) left alone]).
    """
    done, left = {}, []
    by_page = {}
    for (page, fence_line), printed in updates.items():
        by_page.setdefault(page, {})[fence_line] = printed
    for page, fences in by_page.items():
        lines = Path(page).read_text(encoding="utf-8").split("\n")
        for fence_line in sorted(fences, reverse=True):   # bottom-up keeps earlier line numbers valid
            text, sources = fences[fence_line]
            start = fence_line - 1
            fence = lines[start].strip()[:3]
            end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == fence)
            body = lines[start + 1:end]
            placed = place_output(body, fence_line, _lines(text), sources)
            if placed is None:
                marks = [is_output_line(line) for line in body]
                groups = sum(1 for i, m in enumerate(marks) if m and (i == 0 or not marks[i - 1]))
                if groups > 1:
                    left.append((page, fence_line))
                    continue
                first = marks.index(True) if groups else len(body)
                kept = [line for line, m in zip(body, marks) if not m]
                new = as_output_lines(_lines(text))
                placed = kept[:first] + new + kept[first:]
            lines[start + 1:end] = placed
            done[page] = done.get(page, 0) + 1
        Path(page).write_text("\n".join(lines), encoding="utf-8")
    return done, sorted(left)


FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_WORDS = ("py", "python", "python3")
ALLOWED_OPTIONS = {"continuation"}


def python_fences(text: str):
    """(line number, indent, info string) of each Python fence opening in a Markdown text.

    Only top-level fences count; the content of other fences (a Markdown example showing a
    fence, say) is skipped, as a Markdown parser would.
    """
    found = []
    open_fence = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE_OPEN.match(line)
        if open_fence:
            if match and match["fence"][0] == open_fence[0] and len(match["fence"]) >= len(open_fence) \
                    and not match["info"].strip():
                open_fence = None
            continue
        if not match:
            continue
        open_fence = match["fence"]
        info = match["info"].strip()
        words = info.strip("{}").split()
        if words and words[0].lstrip(".") in PYTHON_WORDS:
            found.append((number, match["indent"], info))
    return found


def lint_fences(text: str) -> list[str]:
    """Problems with the Python fences of a page, each with its line number.

    - options must use the brace form `{.python continuation}`: Material renders a bare
      `python continuation` as a paragraph that swallows the next block, silently;
    - no option may switch a test off (`notest`) or change how it runs: every block runs;
    - a fence must not be indented: pytest-markdown-docs does not collect indented fences (inside
      `???` or `!!!` blocks), so the code would be shown but never run.
    """
    problems = []
    for number, indent, info in python_fences(text):
        if indent:
            problems.append(f"line {number}: indented Python fence is not tested; "
                            f"use /// details or /// tab blocks instead of ??? or !!!")
        if info.startswith("{"):
            words = info.strip("{}").split()
            options = [w for w in words if not w.startswith(".")]
            bad = [w for w in options if w not in ALLOWED_OPTIONS]
            if bad:
                problems.append(f"line {number}: fence option(s) {bad} not allowed; only {sorted(ALLOWED_OPTIONS)}")
        elif len(info.split()) > 1:
            problems.append(f"line {number}: bare fence options '{info}'; write "
                            f"{{.{info.split()[0]} {' '.join(info.split()[1:])}}} instead")
    return problems
