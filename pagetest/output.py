"""The `#>` lines: a fence's printed output, written on the page under the print, and checked.

- `expected_output` / `output_positions`: what a fence's `#>` lines say, and on which page lines;
- `compare_output`: the run's printed text against them (numbers to a relative 1e-6);
- `line_sources` / `misplaced_output`: every `#>` line must sit below the statement that printed it;
- `place_output` / `rewrite_output_lines`: `pytest --update-output` writes them from a run.
"""

import ast
import math
import re
from pathlib import Path

from pagetest.includes import INCLUDE

# A sign belongs to its number: a difference near 0 (ours - book) may cross it on another CPU.
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")


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


def _same_line(expected: str, actual: str, rel_tol: float, abs_tol: float = 0.0) -> bool:
    if NUMBER.sub("#", expected) != NUMBER.sub("#", actual):
        return False
    for e, a in zip(NUMBER.findall(expected), NUMBER.findall(actual)):
        if e != a and not math.isclose(float(e), float(a), rel_tol=rel_tol, abs_tol=abs_tol):
            return False
    return True


def compare_output(expected: str, actual: str, rel_tol: float = 1e-6, abs_tol: float = 0.0) -> str | None:
    """None when `actual` matches `expected`, else a readable diff.

    Text must match exactly; numbers may differ by rel_tol / abs_tol: a relative 1e-6 on the
    pinned CPU path (the plugin passes reproduce.cpu_paths.figure_tolerance()), where any real
    change of a result fails.
    """
    exp, act = _lines(expected), _lines(actual)
    if len(exp) == len(act) and all(_same_line(e, a, rel_tol, abs_tol) for e, a in zip(exp, act)):
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
