"""How long `make test` takes, and where the time goes (a benchmark command, not a test).

    python -m benchmarks.suite                 # the whole suite, as `make test` runs it
    python -m benchmarks.suite -m "not browser"

Runs pytest on two workers with `--durations=0` and prints the wall time, then the seconds the
workers spent per area (pages, browser tests, the page pipeline, ...) and the slowest tests. The
sum over areas is worker time: with two workers the wall time is at best half of it, and the
largest group (the built site, one worker) sets a floor. Warm or cold training cache changes the
figures: the first line of pytest's header and the cache folder are printed with them.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import subprocess
import sys
import time

from reproduce.paths import CACHE_DIR, ROOT

DURATION = re.compile(r"^(?P<seconds>[\d.]+)s (?:call|setup|teardown)\s+(?P<nodeid>\S+)")


def area(nodeid: str) -> str:
    """docs/ pages as one area, tests/<folder> as another."""
    path = nodeid.split("::", 1)[0]
    if path.startswith("docs/"):
        return "docs (page fences)"
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-m", dest="marks", help="pytest -m expression (default: every test)")
    parser.add_argument("--top", type=int, default=12, help="how many of the slowest tests to list")
    args = parser.parse_args(argv)
    cmd = [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadscope", "-q",
           "--durations=0", "-p", "no:randomly"] + (["-m", args.marks] if args.marks else [])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    per_area, tests = collections.Counter(), []
    for line in run.stdout.splitlines():
        found = DURATION.match(line)
        if found:
            seconds = float(found["seconds"])
            per_area[area(found["nodeid"])] += seconds
            tests.append((seconds, line.split(None, 1)[1]))
    summary = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-500:]
    print(f"make test's pytest: {wall:.0f} s wall ({summary.strip('= ')})")
    print(f"training cache: {CACHE_DIR}")
    print(f"worker time: {sum(per_area.values()):.0f} s")
    for name, seconds in per_area.most_common():
        print(f"  {seconds:7.1f} s  {name}")
    print("slowest:")
    for seconds, what in sorted(tests, reverse=True)[:args.top]:
        print(f"  {seconds:7.1f} s  {what}")
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
