"""Include lines (`--8<-- "snippets/x.py:section"`): what the page shows is what runs.

pymdownx.snippets expands an include line when the site is built; pytest-markdown-docs would run
it as Python (and fail). The plugin (pagetest/plugin.py) replaces each include line of a fence by
one line that executes the included code, compiled under the snippet's own file name and line
numbers, so a traceback points at snippets/x.py, and every later line of the fence keeps its page
line number.
"""

import re
import textwrap
from pathlib import Path

from reproduce.paths import ROOT

# pymdownx.snippets syntax: --8<-- "file", --8<-- "file:section", --8<-- "file:start:end"
INCLUDE = re.compile(r'^(?P<indent>\s*)(?:;)?--8<--\s+"(?P<target>[^"]+)"\s*$')


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
