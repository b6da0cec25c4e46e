"""python -m reproduce.refresh (make refresh): re-derive everything a change of numerics moves.

A new torch or fastai, or another CPU code path, changes the last bits of training, and every
trained figure on the site moves with them. This command rewrites, in one invocation:

1. the results page's table (docs/results.md), from the seven models' runs;
2. the results figure's numbers and drawing (`python -m reproduce.figures.results`), then every
   other committed figure (`python -m reproduce.figures`);
3. every `#>` line of every page (`pytest docs --update-output`), pass after pass until a pass
   changes no page: a fence that continues another prints what the earlier ones computed (and
   re-runs them when it cannot run on from their state: pagetest/continuation.py), so what one
   pass rewrites can move what the next one prints;
4. the walkthrough notebook's outputs (`python -m pagetest.notebooks --walkthrough`);
5. the verified record, which the last, converged pass writes (pagetest/verified.py).

Before all that, it records this machine's numerics fingerprint as the figures' machine's
(reproduce/recorded_numerics.py), so that exact comparison holds only where the bits are the same.

It changes no prose. It ends with the numbers in page prose (outside fences) that the page's
output showed before the refresh and no longer shows: the sentences a person must rewrite.

It compares exactly (CH12_FIGURES=exact unless set): the figures it writes are this machine's,
to the last digit, and on CI's pinned path (reproduce/cpu_paths.py) those are the site's.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from reproduce.paths import DOCS, ROOT

MAX_PASSES = 4
RESULTS_PAGE = DOCS / "results.md"
RECORDED_NUMERICS = ROOT / "reproduce" / "recorded_numerics.py"
PROSE_NUMBER = re.compile(r"(?<![\w.])[-+−]?\d+\.\d+(?![\w.])|(?<![\w.])\d+(?:\.\d+)?(?=\s?%)")


# ---------------------------------------------------------------------------------------------
# 1. The results table


def f4(x: float) -> str:
    return f"{x:.4f}"


def results_cells(name: str, runs: dict) -> list[str]:
    """The trained cells of `name`'s row: ours (seed 42), ours - book, every spread seed, min-max."""
    from reproduce.book_results import BOOK
    from snippets.training import SEED, SPREAD_SEEDS

    ours, book = runs[name, SEED].final_accuracy, BOOK[name].final_accuracy
    seeds = [runs[name, s].final_accuracy for s in SPREAD_SEEDS]
    return [f4(ours), f"{ours - book:+.4f}", " / ".join(f4(s) for s in seeds),
            f"{f4(min(seeds))}–{f4(max(seeds))}"]


def rewrite_results_table(text: str, runs: dict) -> str:
    """The results page with each model row's trained cells (5th to 8th) rewritten from `runs`."""
    from snippets.training import MODEL_NAMES

    lines = text.split("\n")
    for i, line in enumerate(lines):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0].strip("`") in MODEL_NAMES and len(cells) == 8:
            cells[4:8] = results_cells(cells[0].strip("`"), runs)
            lines[i] = "| " + " | ".join(cells) + " |"
    return "\n".join(lines)


def refresh_results_table() -> None:
    from reproduce.training import train_many
    from snippets.training import MODEL_NAMES, SPREAD_SEEDS

    runs = train_many(MODEL_NAMES, SPREAD_SEEDS)
    text = RESULTS_PAGE.read_text(encoding="utf-8")
    RESULTS_PAGE.write_text(rewrite_results_table(text, runs), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# 3. The `#>` lines, until they converge


def pages() -> list[Path]:
    return sorted(DOCS.rglob("*.md"))


def pages_digest() -> str:
    h = hashlib.sha256()
    for page in pages():
        h.update(page.read_bytes())
    return h.hexdigest()


def run(*args: str) -> int:
    print("$", " ".join(args), flush=True)
    return subprocess.run([sys.executable, *args], cwd=ROOT).returncode


def update_outputs(max_passes: int = MAX_PASSES) -> int:
    """Run `pytest docs --update-output` until a pass rewrites no page; the pytest exit code of the
    last pass (0: every fence of every page passed, and the verified record is written)."""
    for n in range(1, max_passes + 1):
        before = pages_digest()
        code = run("-m", "pytest", "docs", "--update-output", "-q", "-n", "2", "--dist", "loadscope")
        if pages_digest() == before:
            print(f"pass {n}: no page changed, the #> lines have converged")
            return code
        print(f"pass {n}: pages changed, running again")
    print(f"not converged after {max_passes} passes: some fence prints something new on every run")
    return 1


# ---------------------------------------------------------------------------------------------
# The prose report


def fence_mask(lines: list[str]) -> list[bool]:
    """For each line, whether it is inside front matter or a fence (``` or ~~~), or is a fence line."""
    mask, fence, front = [], None, bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        stripped = line.strip()
        if front:
            mask.append(True)
            front = not (i > 0 and stripped == "---")
            continue
        if fence is None and stripped[:3] in ("```", "~~~"):
            fence = stripped[:3]
            mask.append(True)
        elif fence is not None:
            mask.append(True)
            if stripped == fence:
                fence = None
        else:
            mask.append(False)
    return mask


def output_numbers(text: str) -> set[float]:
    """Every number the page's `#>` lines show."""
    from pagetest.output import NUMBER

    found = set()
    for line in text.splitlines():
        if line.strip().startswith("#>"):
            found.update(float(n) for n in NUMBER.findall(line))
    return found


def shown_by(number: str, outputs: set[float]) -> bool:
    """Whether some output figure, rounded (or scaled to percent and rounded) as the prose writes
    it, is `number`: prose quotes 0.6139 as "0.614" or "61.4%"."""
    value = abs(float(number.lstrip("+-−").rstrip("%")))
    decimals = len(number.rstrip("%").split(".")[1]) if "." in number else 0
    return any(round(abs(c), decimals) == round(value, decimals)
               for x in outputs for c in (x, 100 * x))


def stale_prose(before: dict[Path, str], after: dict[Path, str]) -> list[str]:
    """'page:line: number: sentence' for each number in prose that the page's output showed
    before and shows no longer."""
    report = []
    for page, text in after.items():
        old, new = output_numbers(before.get(page, "")), output_numbers(text)
        if old == new:
            continue
        lines = text.split("\n")
        for i, (line, hidden) in enumerate(zip(lines, fence_mask(lines)), start=1):
            if hidden:
                continue
            for number in PROSE_NUMBER.findall(line):
                if shown_by(number, old) and not shown_by(number, new):
                    rel = page.relative_to(ROOT)
                    report.append(f"{rel}:{i}: {number}: {line.strip()[:110]}")
    return report


# ---------------------------------------------------------------------------------------------


def write_fingerprint(fingerprint: str, vendor: str, path: Path = RECORDED_NUMERICS) -> None:
    """Record this machine's numerics as the figures' (reproduce/recorded_numerics.py)."""
    text = path.read_text(encoding="utf-8")
    for name, value in (("FINGERPRINT", fingerprint), ("VENDOR", vendor)):
        text, found = re.subn(rf'^{name} = "[^"\n]*"$', f'{name} = "{value}"', text, flags=re.M)
        if found != 1:
            raise SystemExit(f"{path}: no single {name} = \"...\" line to rewrite")
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    from reproduce import cpu_paths

    os.environ.setdefault("CH12_FIGURES", "exact")   # write this machine's figures, every digit
    cpu_paths.pin()
    before = {page: page.read_text(encoding="utf-8") for page in pages()}

    write_fingerprint(cpu_paths.numerics_fingerprint(), cpu_paths.cpu_vendor())
    print("1. the results table", flush=True)
    refresh_results_table()
    print("2. the figures", flush=True)
    steps = [("-m", "reproduce.figures.results"), ("-m", "reproduce.figures")]
    failed = [step for step in steps if run(*step) != 0]
    print("3. the #> lines of every page", flush=True)
    code = update_outputs()
    print("4. the walkthrough notebook", flush=True)
    if run("-m", "pagetest.notebooks", "--walkthrough") != 0:
        failed.append("walkthrough")

    after = {page: page.read_text(encoding="utf-8") for page in pages()}
    stale = stale_prose(before, after)
    print(f"\n{len(stale)} number(s) in page prose that the pages' output no longer shows"
          + (": rewrite these sentences" if stale else ""))
    for line in stale:
        print("  " + line)
    if code != 0 or failed:
        print("\nthe refresh did not finish cleanly: some page fence fails for another reason than"
              " its #> lines (see the pytest output above), or a step failed:", failed)
        return 1
    print("\n5. the verified record: written by the last pass (every page passed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
