"""Speed benchmark (a command, not a test): Lighthouse on the home page and the heaviest page.

    python benchmarks/lighthouse.py            # build (strict), serve on 127.0.0.1, run Lighthouse
    python benchmarks/lighthouse.py --site site/ --page questions/q10/ --runs 3

Prints Lighthouse's performance and accessibility scores (mobile preset: simulated slow
4G and a 4x slower CPU) and the bytes each page transfers, then what the site's search downloads
when a reader uses it (Lighthouse never types into it; nothing of it loads before):

    python benchmarks/lighthouse.py --site site/ --search-only   # only that line, no Lighthouse Targets (issue 19): both
scores >= 95 and no page over 600 KiB (614,400 bytes) transferred on a first visit; the
exit status is 1 when a target is missed.

Each run loads the page once (Lighthouse's gather mode, -G) and scores that one trace twice
(audit mode, -A): at the mobile preset's 4x CPU slowdown, which is Lighthouse's performance score
as Lighthouse and PageSpeed Insights report it, and the one judged; and, as a harsher second view,
at the slowdown that would make this host emulate Lighthouse's reference phone (cpu_multiplier).
That second figure is printed, not judged (unless --judge-calibrated): the host's speed is read
from the runs themselves (the median BenchmarkIndex), and on a shared VM that reading moves more
than the page does. Measured on one 2-core AMD EPYC VM within one hour: BenchmarkIndex 2300 to
4100, so a calibrated slowdown anywhere from 9.8x to 15.6x for the same pages; another VM gave
1050 to 2000 within minutes. Above 2000 the calculator's line is also extended past its last data
point (2000 = 6x). Scores vary from run to run: --runs N (default 5); the median run of each
slowdown is printed with its verdict.

Chromium runs with --disable-frame-rate-limit (--frame-throttling turns it off). Without it,
headless Chromium's compositor (viz) often withholds frames from a page while it loads
("ThrottleUnresponsiveClient"), so the first paint Lighthouse observes comes a whole second or two
after the page was ready to paint, with the main thread idle in between; Lantern then counts all
the work done before that paint (Material's start-up, the search index) as holding up FCP and LCP.
This is a lab artefact, reported upstream (GoogleChrome/lighthouse#17148, it reproduces on
PageSpeed Insights) and measured here: on results/, Chrome's default gives bimodal runs, observed
first paint either about 0.2 s or 1.2-2.2 s after navigation, and simulated LCP 1.4 s or 2.9 s;
without the limit every run painted within 0.8 s. The "paint" column shows the observed first
paint, so a throttled run can be seen.

The site is served gzip-compressed, as GitHub Pages serves it. Lighthouse 12.x comes from npm
(benchmarks/package.json, installed on first use with `npm ci`) and drives Debian's Chromium
(CHROME_PATH, default /usr/bin/chromium); no browser is downloaded and nothing leaves loopback.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.browser import site
from tests.browser.checks import CHROMIUM, CHROMIUM_ARGS

HERE = Path(__file__).resolve().parent

LIGHTHOUSE = HERE / "node_modules" / ".bin" / "lighthouse"
MIN_SCORE = 95
MAX_BYTES = 600 * 1024  # first visit, as served (gzip), Lighthouse's total-byte-weight


def ensure_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HERE, check=True)


def cpu_multiplier(benchmark_index: float) -> float | None:
    """The CPU slowdown that makes this host emulate Lighthouse's reference phone.

    Lighthouse's default (4x) assumes a fast desktop (BenchmarkIndex about 1500); on a slower or
    busy host it overstates main-thread time, on a faster one it understates it. This is the
    Lighthouse team's calibration (lighthouse-cpu-throttling-calculator, linked from Lighthouse's
    docs/throttling.md).
    None: the host is too slow to emulate the phone at all.
    """
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    if benchmark_index >= 150:
        return 1 + (benchmark_index - 150) / 650
    return None


# See the module docstring: headless Chromium may otherwise hold back the page's first frames.
UNTHROTTLED_FRAMES = ["--disable-frame-rate-limit"]


def run_lighthouse(args: list[str]) -> None:
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", CHROMIUM)}
    subprocess.run([str(LIGHTHOUSE), *args, "--quiet", "--no-enable-error-reporting"], check=True, env=env)


def settings(desktop: bool) -> list[str]:
    return ["--only-categories=performance,accessibility"] + (["--preset=desktop"] if desktop else [])


def gather(url: str, artifacts: Path, desktop: bool, frame_throttling: bool) -> float:
    """Load the page once and keep what Lighthouse recorded; returns the host's BenchmarkIndex."""
    flags = CHROMIUM_ARGS + ([] if frame_throttling else UNTHROTTLED_FRAMES)
    run_lighthouse([url, f"-G={artifacts}", *settings(desktop), f"--chrome-flags={' '.join(flags)}"])
    return json.loads((artifacts / "artifacts.json").read_text(encoding="utf-8"))["BenchmarkIndex"]


def audit(url: str, artifacts: Path, out: Path, desktop: bool, cpu: float | None = None) -> dict:
    """Score a gathered run, at the preset's CPU slowdown or at `cpu`.

    With simulated throttling the page is loaded at full speed and the slowdown only enters the
    simulation, so one trace can be scored at any slowdown. Lighthouse refuses to audit with
    settings other than those recorded, so the recorded slowdown is set to the one asked for.
    """
    path = artifacts / "artifacts.json"
    recorded = json.loads(path.read_text(encoding="utf-8"))
    args = [url, f"-A={artifacts}", *settings(desktop), "--output=json", f"--output-path={out}"]
    if cpu is not None:
        args.append(f"--throttling.cpuSlowdownMultiplier={cpu:.2f}")
        recorded["settings"]["throttling"]["cpuSlowdownMultiplier"] = float(f"{cpu:.2f}")
    else:
        recorded["settings"]["throttling"]["cpuSlowdownMultiplier"] = 1 if desktop else 4
    path.write_text(json.dumps(recorded), encoding="utf-8")
    run_lighthouse(args)
    return json.loads(out.read_text(encoding="utf-8"))


def summary(lhr: dict) -> dict:
    audits = lhr["audits"]
    observed = audits["metrics"]["details"]["items"][0]
    requests = audits["network-requests"]["details"]["items"]
    outside = [r["url"] for r in requests if not r["url"].startswith(("http://127.0.0.1", "data:"))]
    return {
        "benchmark_index": lhr["environment"]["benchmarkIndex"],
        "performance": round(lhr["categories"]["performance"]["score"] * 100),
        "accessibility": round(lhr["categories"]["accessibility"]["score"] * 100),
        "transferred": int(audits["total-byte-weight"]["numericValue"]),
        "resources": sum(r.get("resourceSize", 0) for r in requests),
        "requests": len(requests),
        "outside": outside,
        "fcp": audits["first-contentful-paint"]["displayValue"],
        "lcp": audits["largest-contentful-paint"]["displayValue"],
        "tbt": audits["total-blocking-time"]["displayValue"],
        "cls": audits["cumulative-layout-shift"]["displayValue"],
        "observed_paint": observed["observedFirstContentfulPaint"],
        "failed_a11y": [
            a["id"]
            for a in lhr["categories"]["accessibility"]["auditRefs"]
            if a["weight"] and audits[a["id"]]["score"] is not None and audits[a["id"]]["score"] < 1
        ],
    }


def row(page: str, r: dict) -> str:
    return (
        f"{page or '(home)':30} {r['cpu']:>17} {r['benchmark_index']:>5.0f}"
        f" {r['performance']:>4} {r['accessibility']:>4} {r['transferred'] / 1024:>8.0f} KiB"
        f" {r['resources'] / 1024:>9.0f} KiB {r['requests']:>4}"
        f" {r['observed_paint'] / 1000:>5.1f} s  {r['fcp']} / {r['lcp']} / {r['tbt']} / {r['cls']}"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: mkdocs build --strict now)")
    parser.add_argument("--page", action="append", help="site path to measure (repeatable; default: home + heaviest)")
    parser.add_argument("--runs", type=int, default=5, help="runs per page; the median (by performance) is judged")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of mobile")
    parser.add_argument(
        "--no-calibrate",
        action="store_true",
        help="score only at the preset's 4x CPU slowdown, without the calibrated second view",
    )
    parser.add_argument(
        "--judge-calibrated",
        action="store_true",
        help="judge the calibrated slowdown instead of the preset's 4x (see the module docstring)",
    )
    parser.add_argument(
        "--frame-throttling",
        action="store_true",
        help="run Chromium without --disable-frame-rate-limit (see the module docstring)",
    )
    parser.add_argument("--search-only", action="store_true",
                        help="only report what the search downloads (no Lighthouse run)")
    args = parser.parse_args(argv)

    site_dir = args.site or site.build_site()
    if args.search_only:
        print(search_download_line(site_dir))
        return 0
    ensure_lighthouse()
    nav = site.nav_pages()
    pages = args.page or list(dict.fromkeys(["", site.heaviest_page(site_dir, nav)]))
    gathered: list[tuple[str, Path, float]] = []  # (page, artifacts, BenchmarkIndex) per run
    runs: dict[str, list[list[dict]]] = {}
    with site.serve(site_dir, gzip_text=True) as base, tempfile.TemporaryDirectory() as tmp:
        for page in pages:
            for n in range(args.runs):
                print(f"Lighthouse {n + 1}/{args.runs}: {base}{page} ...", file=sys.stderr, flush=True)
                artifacts = Path(tmp) / f"run{len(gathered)}"
                gathered.append((page, artifacts, gather(base + page, artifacts, args.desktop, args.frame_throttling)))
        host_index = statistics.median(bi for _, _, bi in gathered)
        cpu = None if args.no_calibrate or args.desktop else cpu_multiplier(host_index)
        if cpu is not None and abs(cpu - 4) < 0.05:
            cpu = None
        if cpu is not None:
            print(f"host BenchmarkIndex (median of {len(gathered)} runs) {host_index:.0f}:"
                  f" second view at {cpu:.1f}x CPU slowdown", file=sys.stderr)
        for page, artifacts, _ in gathered:
            out = Path(tmp) / "lhr.json"
            rs = [summary(audit(base + page, artifacts, out, args.desktop))]
            rs[0]["cpu"] = "1x (desktop)" if args.desktop else "4x (default)"
            if cpu is not None:
                rs.append(summary(audit(base + page, artifacts, out, args.desktop, cpu)))
                rs[-1]["cpu"] = f"{cpu:.1f}x (calibrated)"
            runs.setdefault(page, []).append(rs)

    missed = False
    print(
        f"\n{'page':30} {'CPU slowdown':>17} {'index':>5} {'perf':>4} {'a11y':>4} {'transferred':>12}"
        f" {'uncompressed':>13} {'reqs':>4} {'paint':>7}  FCP / LCP / TBT / CLS (simulated)"
    )
    for page, page_runs in runs.items():
        for rs in page_runs:
            for r in rs:
                print(row(page, r))
        # The median run of each slowdown: [preset 4x] or [preset 4x, calibrated].
        judged_mode = len(page_runs[0]) - 1 if args.judge_calibrated else 0
        for mode in range(len(page_runs[0])):
            median = sorted((rs[mode] for rs in page_runs), key=lambda r: r["performance"])[len(page_runs) // 2]
            ok = (
                median["performance"] >= MIN_SCORE
                and median["accessibility"] >= MIN_SCORE
                and median["transferred"] <= MAX_BYTES
                and not median["outside"]
            )
            judged = mode == judged_mode
            missed |= judged and not ok
            print(
                f"{'':30} median at {median['cpu']}: performance {median['performance']},"
                f" accessibility {median['accessibility']}, {median['transferred'] / 1024:.0f} KiB:"
                f" {'ok' if ok else 'MISSED'}{' (judged)' if judged else ' (not judged)'}"
            )
            if median["failed_a11y"]:
                print(f"{'':30} accessibility audits not passed: {', '.join(median['failed_a11y'])}")
            if median["outside"]:
                print(f"{'':30} requests leaving localhost: {median['outside']}")
    print(
        f"\ntargets: performance and accessibility >= {MIN_SCORE},"
        f" at most {MAX_BYTES // 1024} KiB transferred per page"
    )
    print(search_download_line(site_dir))
    return 1 if missed else 0


def search_download_line(site_dir: Path) -> str:
    """The search's own download: from focusing the box to the first query's results, served
    gzip-compressed (tests/browser/search.py: search_download)."""
    from tests.browser.checks import BrowserSession
    from tests.browser.search import search_download

    session = BrowserSession()
    try:
        with site.serve(site_dir, gzip_text=True) as base:
            got = session.run(search_download(session.browser, base))
    finally:
        session.close()
    kinds = {"index chunks": ".pf_index", "page fragments": ".pf_fragment"}
    counted = {kind: sum(f.endswith(ext) for f in got["files"]) for kind, ext in kinds.items()}
    others = sorted({f for f in got["files"] if not f.endswith(tuple(kinds.values()))})
    parts = others + [f"{n} {kind}" for kind, n in counted.items()]
    return (f"search (nothing of it loads with a page): the first query downloads"
            f" {got['bytes'] / 1024:.0f} KiB in {got['requests']} requests: {', '.join(parts)}")


if __name__ == "__main__":
    sys.exit(main())
