"""Finding the Python fences of a page, and the rules a fence must follow to be run.

pytest-markdown-docs collects top-level fences whose info string starts with py/python/python3;
`python_fences` finds the same ones with their page line, and `lint_fences` rejects the forms
that would be shown on the site but not run, or rendered wrongly.
"""

import re

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
PYTHON_WORDS = ("py", "python", "python3")
# continuation: the fence runs after the fences before it (pytest-markdown-docs).
# pinned: its trained figures hold only on the pinned CPU path (a chaotic run, where rounding
# decides the result): exact runs (CI) check it, tolerant runs (another CPU) skip it and say so.
ALLOWED_OPTIONS = {"continuation", "pinned"}


def is_python(info: str) -> bool:
    """Whether a fence's info string (`python`, `{.python continuation}`, ...) makes it a test."""
    words = info.strip().strip("{}").split()
    return bool(words) and words[0].lstrip(".") in PYTHON_WORDS


def scan(text: str):
    """(line number, line, role, opening) for every line of a Markdown text, as a Markdown parser
    reads fences: role is "open", "code" or "close" for the lines of a top-level fence (opening is
    then the FENCE_OPEN match of its first line), and "prose" (opening None) for the rest. The
    content of a fence (a Markdown example showing a fence, say) is code, never a fence."""
    opening = None
    for number, line in enumerate(text.split("\n"), start=1):
        match = FENCE_OPEN.match(line)
        if opening:
            fence = opening["fence"]
            closes = (match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence)
                      and not match["info"].strip())
            yield number, line, "close" if closes else "code", opening
            if closes:
                opening = None
        elif match:
            opening = match
            yield number, line, "open", opening
        else:
            yield number, line, "prose", None


def python_fences(text: str):
    """(line number, indent, info string) of each Python fence opening in a Markdown text."""
    return [(number, opening["indent"], opening["info"].strip())
            for number, _, role, opening in scan(text)
            if role == "open" and is_python(opening["info"])]


def _options(info: str) -> list[str]:
    return info.strip().strip("{}").split()[1:]


def pinned_lines(text: str) -> set[int]:
    """Page lines of the fences that run code of a `pinned` fence: their own, or that of a fence
    before them that their `continuation` chain re-runs."""
    lines, pinned = set(), False
    for number, _, info in python_fences(text):
        options = _options(info)
        pinned = "pinned" in options or ("continuation" in options and pinned)
        if pinned:
            lines.add(number)
    return lines


LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")


def _in_list_item(lines: list[str], index: int, indent: int) -> bool:
    """Whether the indented line at `index` belongs to a list item (which pytest-markdown-docs
    does collect), rather than to an indented `!!!`/`???`/`===` block (which it does not)."""
    for line in reversed(lines[:index]):
        if not line.strip():
            continue
        own = len(line) - len(line.lstrip())
        if own < indent:
            return bool(LIST_ITEM.match(line))
    return False


def lint_fences(text: str) -> list[str]:
    """Problems with the Python fences of a page, each with its line number.

    - options must use the brace form `{.python continuation}`: Material renders a bare
      `python continuation` as a paragraph that swallows the next block, silently;
    - no option may switch a test off (`notest`) or change how it runs: every block runs;
    - a fence must not be indented: pytest-markdown-docs does not collect indented fences (inside
      `???` or `!!!` blocks), so the code would be shown but never run.
    """
    problems = []
    lines = text.split("\n")
    for number, indent, info in python_fences(text):
        if indent and not _in_list_item(lines, number - 1, len(indent)):
            problems.append(f"line {number}: a Python fence indented under `!!!`, `???` or `===` is "
                            f"shown but never run; use a /// details, /// admonition or /// tab "
                            f"block (its body is not indented)")
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
