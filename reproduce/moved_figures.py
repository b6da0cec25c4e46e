"""python -m reproduce.moved_figures OLD NEW: which figures on the pages moved between two commits.

The summary of the refresh workflow (.github/workflows/refresh.yml): for each page whose printed
figures (its `#>` lines, and the results page's table) differ between the commits OLD and NEW,
how many numbers moved and the largest move, then each moved number. Reads the pages with
`git show`, so it needs nothing but git and the standard library.
"""

import re
import subprocess
import sys

NUMBER = re.compile(r"[-+]?\d+\.\d+(?:e[-+]?\d+)?|[-+]?\d+")   # as pagetest/output.py reads them
SHOWN = 12                                                     # moved numbers listed per page


def pages(rev: str) -> list[str]:
    out = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "docs"],
                         capture_output=True, text=True, check=True).stdout
    return [p for p in out.split() if p.endswith(".md")]


def text_at(rev: str, path: str) -> str:
    found = subprocess.run(["git", "show", f"{rev}:{path}"], capture_output=True, text=True)
    return found.stdout if found.returncode == 0 else ""


def figures(text: str) -> list[tuple[int, str]]:
    """(page line, number) of each number the page prints: its `#>` lines and table rows."""
    found = []
    for i, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.startswith("#>") or stripped.startswith("| `LMModel"):
            found.extend((i, n) for n in NUMBER.findall(stripped.removeprefix("| `LMModel")[1:]))
    return found


def moved(old: str, new: str) -> list[tuple[int, str, str]]:
    """(new page line, old, new) for each number that changed, pairing numbers in order; a page
    whose count of numbers changed is reported as one entry."""
    a, b = figures(old), figures(new)
    if len(a) != len(b):
        return [(0, f"{len(a)} numbers", f"{len(b)} numbers")]
    return [(line, x, y) for (_, x), (line, y) in zip(a, b) if x != y]


def delta(x: str, y: str) -> float:
    try:
        return abs(float(y) - float(x))
    except ValueError:
        return float("nan")


def main(argv=None) -> None:
    old_rev, new_rev = (sys.argv[1:] if argv is None else argv) or ("HEAD~1", "HEAD")
    any_moved = False
    for path in sorted(set(pages(old_rev)) | set(pages(new_rev))):
        changes = moved(text_at(old_rev, path), text_at(new_rev, path))
        if not changes:
            continue
        any_moved = True
        largest = max(delta(x, y) for _, x, y in changes)
        print(f"{path}: {len(changes)} number(s) moved, largest by {largest:.6g}")
        for line, x, y in changes[:SHOWN]:
            print(f"    line {line}: {x} -> {y}")
        if len(changes) > SHOWN:
            print(f"    ... and {len(changes) - SHOWN} more")
    if not any_moved:
        print("no printed figure moved")


if __name__ == "__main__":
    main()
