"""python -m reproduce.benchmark: train the chapter's seven models and time them.

Trains LMModel1 to LMModel7 the chapter's way (seed 42, each model seeded just before it is
built) with the speed-ups of reproduce/training.py, in 2 processes of one torch thread each, and
prints per model the seconds of its fit and its final accuracy beside the book's, then where the
time went (Python start-up and imports, data, training) and the total wall time from the start of
this command. Nothing is read from or written to the result cache: every fit runs.

Options:
  --processes N   processes to train in (default 2; 1 = one after the other in this process)
  --seed S        seed of every model (default 42)
  --models A,B    only these models (default: all seven)
  --check         afterwards, in the same command, run the chapter's code as a reader runs it
                  (`book_code_fit`: fresh DataLoaders with fastai's default workers, the plain
                  Learner, one model after the other, torch's default thread count), and report:
                  the two times and their ratio (`make benchmark` runs this, so the times are
                  paired: same machine, same minute); (i) "same arithmetic as the fast path":
                  the book's code at ONE thread gives every figure of the fast path bit for bit
                  (where the default-thread run already matches, that run is the proof; the
                  others are re-run at one thread); (ii) "what the book's code gives on this
                  machine" at the default thread count: every figure (model, epoch, ours, the book
                  code's) that differs. With 2 threads LMModel6 and LMModel7 differ: oneDNN's LSTM
                  backward splits its sums by thread (reproduce/README.md).
  --check-workers N  num_workers of the book's code (default: fastai's default)
  --mkl-cost N    instead: what pinning MKL's branch costs (reproduce/cpu_paths.py). N pairs
                  of fresh runs of this command, one with the pinned MKL_CBWR and one with
                  MKL_CBWR=AUTO (MKL's own choice), alternating; prints each run's training
                  seconds and the branch MKL took, the medians and their ratio, with the load
                  average. (On an AMD CPU MKL ignores the AVX2 pin: both runs take AUTO.)
  --mkl-branches  instead: does any MKL setting make this CPU train to the figures' bits? For each
                  setting of MKL_BRANCH_SETTINGS, a fresh process trains LMModel3, 4 and 6 (seed
                  42, the models MKL's rounding moves) and prints the branch MKL took, the
                  numerics fingerprint and, per model, the first epoch whose accuracy differs
                  from the results figure's (docs/assets/figures/results-accuracy.json); "same"
                  where every epoch matches. Measured results: reproduce/README.md.

Exit status: 1 only if (i) fails (a speed-up changed a figure); (ii) is a report, not a check.
OMP_WAIT_POLICY defaults to PASSIVE (idle OpenMP threads sleep): on a busy shared machine,
spinning threads made 2-thread runs crawl; it changes no figure.
"""

import time

START = time.perf_counter()   # before torch and fastai are imported: the wall time includes them

import argparse  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")   # read when torch's OpenMP starts; no figure changes
warnings.filterwarnings("ignore", category=FutureWarning)   # torch.jit deprecation noise from fastai


def fit_timed(job):
    """fit_model(name, seed) and the CPU seconds its process spent on it."""
    from reproduce import training

    start = time.process_time()
    result = training.fit_model(*job)
    return result, time.process_time() - start


FIELDS = ("train_loss", "valid_loss", "accuracy")


def differences(ours, ref):
    """One line per epoch where `ref` differs from `ours`: the model, the epoch, both values."""
    lines = []
    for epoch, (a, b) in enumerate(zip(zip(*ours.figures), zip(*ref.figures))):
        cells = [f"{f} {x:.6f} vs {y:.6f} ({y - x:+.1e})" for f, x, y in zip(FIELDS, a, b) if x != y]
        if cells:
            lines.append(f"  {ours.name} epoch {epoch:2d}: " + "; ".join(cells))
    return lines


def book_code_as_read(name, seed, num_workers, threads):
    """`book_code_fit` at `threads` torch threads (it sets one itself: this restores `threads`
    after its setup), i.e. the chapter's code as a notebook runs it, and the CPU seconds spent."""
    import torch
    from snippets import training as chapter

    original = chapter.setup_torch
    chapter.setup_torch = lambda: torch.set_num_threads(threads)
    try:
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        ref = chapter.book_code_fit(name, seed, num_workers=num_workers)
        return ref, time.process_time() - cpu_start, time.perf_counter() - wall_start
    finally:
        chapter.setup_torch = original
        torch.set_num_threads(1)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reproduce.benchmark",
                                     description="Train the chapter's seven models and time them.")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--models", default=None, help="comma-separated, e.g. LMModel1,LMModel6")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--check-workers", type=int, default=None)
    parser.add_argument("--mkl-cost", type=int, default=0, metavar="N")
    parser.add_argument("--mkl-branches", action="store_true")
    args = parser.parse_args(argv)
    if args.mkl_cost:
        return mkl_cost(args.mkl_cost, args)
    if args.mkl_branches:
        return mkl_branches()

    from reproduce import cpu_paths

    cpu_paths.pin()                          # before torch loads (imported just below)
    import torch

    default_threads = torch.get_num_threads()   # what a reader's notebook runs with
    from reproduce import training
    from reproduce.book_results import BOOK, book_seconds

    names = training.MODEL_NAMES if args.models is None else tuple(args.models.split(","))
    unknown = [n for n in names if n not in training.RECIPES]
    if unknown:
        parser.error(f"unknown model(s) {', '.join(unknown)}; one of {', '.join(training.MODEL_NAMES)}")
    imported = time.perf_counter()
    training.setup_torch()
    for data in sorted({training.RECIPES[n].data for n in names}):   # built and collated once, before forking
        training.fast_dls(data)
    prepared = time.perf_counter()
    jobs = [(name, args.seed) for name in names]
    timed = training.fit_parallel(jobs, processes=args.processes, fit=fit_timed)
    done = time.perf_counter()
    results = [r for r, _ in timed]
    cpu = {r.name: c for r, c in timed}

    print(f"The chapter's models, seed {args.seed}: {args.processes} process(es) x 1 torch thread, "
          f"num_workers=0, batches collated once, lean callback dispatch; CPU path "
          f"{torch.backends.cpu.get_cpu_capability()}, MKL branch {cpu_paths.mkl_branch()}")
    print(f"{'model':9} {'epochs':>6} {'seconds':>8} {'cpu s':>6} {'book s':>7} {'accuracy':>9} {'book':>9} {'ours-book':>10}")
    for r in results:
        book = BOOK[r.name]
        print(f"{r.name:9} {len(r.accuracy):6d} {r.seconds:8.1f} {cpu[r.name]:6.1f} {book_seconds(r.name):7d} "
              f"{r.final_accuracy:9.6f} {book.final_accuracy:9.6f} {r.final_accuracy - book.final_accuracy:+10.6f}")
    fit_sum = sum(r.seconds for r in results)
    book_sum = sum(book_seconds(n) for n in names)
    print(f"sum of the {len(results)} fits: {fit_sum:.1f} s wall, {sum(cpu.values()):.1f} s cpu "
          f"(the book's GPU run printed {book_sum} s)")
    print(f"where the time went: python start-up and imports {imported - START:.1f} s; "
          f"data {prepared - imported:.1f} s; training all {len(results)} {done - prepared:.1f} s")
    total = done - START
    print(f"TOTAL wall time: {total:.1f} s")
    load, cores = os.getloadavg()[0], os.cpu_count()
    busy = load > cores + 0.5
    print(f"1-minute load average: {load:.1f} on {cores} cores"
          + (" (other processes were competing: the times are inflated)" if busy else ""))
    sys.stdout.flush()
    if not args.check:
        return 0

    workers = "fastai's default workers" if args.check_workers is None else f"num_workers={args.check_workers}"
    print(f"\nThe book's code as a reader runs it: {default_threads} torch thread(s) (torch's default), "
          f"{workers}, plain Learner, one model after the other")
    print(f"{'model':9} {'seconds':>8} {'cpu s':>6} {'accuracy':>9}  figures vs the fast path")
    ref_wall, ref_cpu, differing = 0.0, 0.0, {}
    for r in results:
        ref, c, w = book_code_as_read(r.name, args.seed, args.check_workers, default_threads)
        ref_wall, ref_cpu = ref_wall + w, ref_cpu + c
        if ref.figures != r.figures:
            differing[r.name] = differences(r, ref)
        print(f"{r.name:9} {w:8.1f} {c:6.1f} {ref.final_accuracy:9.6f}  "
              + ("bit-identical" if r.name not in differing else f"{len(differing[r.name])} epoch(s) differ"),
              flush=True)
    fit_cpu = sum(cpu.values())
    print(f"\nTime, paired (this command, this machine{', busy: noisy' if busy or os.getloadavg()[0] > cores + 0.5 else ''}):")
    print(f"  the project:     {total:6.1f} s wall from start-up (imports {imported - START:.1f}, data "
          f"{prepared - imported:.1f}, training {done - prepared:.1f}); fits {fit_cpu:.1f} s cpu")
    print(f"  the book's code: {ref_wall:6.1f} s wall of fits (imports and data shared, not counted); "
          f"fits {ref_cpu:.1f} s cpu")
    print(f"  ratio book/project: {ref_wall / total:.1f}x wall, {ref_wall / (done - prepared):.1f}x wall of "
          f"training alone, {ref_cpu / fit_cpu:.1f}x cpu of the fits")

    print(f"\n(i) same arithmetic as the fast path (the book's code at 1 thread must give every figure bit for bit):")
    same = True
    for r in results:
        if r.name not in differing:
            how = "bit-identical (shown by the default-thread run)" if default_threads != 1 else "bit-identical"
        else:
            one, _, _ = book_code_as_read(r.name, args.seed, args.check_workers, 1)
            ok = one.figures == r.figures
            same &= ok
            how = "bit-identical at 1 thread" if ok else "DIFFERENT at 1 thread:\n" + "\n".join(differences(r, one))
        print(f"  {r.name:9} {how}", flush=True)
    print("  every figure bit-identical: " + ("yes" if same else "NO: a speed-up changed a figure"))

    print(f"\n(ii) what the book's code gives on this machine ({default_threads} thread(s)): "
          + ("every figure as the fast path's" if not differing else
             f"{len(differing)} model(s) differ: {', '.join(differing)}. Every differing epoch, ours vs the book's code:"))
    for lines in differing.values():
        print("\n".join(lines))
    if differing:
        print("  (expected with more than one thread for the nn.LSTM models: oneDNN's LSTM backward "
              "splits its sums by thread; reproduce/README.md)")
    print(f"reference runs: {time.perf_counter() - done:.1f} s wall in all")
    return 0 if same else 1


TRAINING = re.compile(r"training all \d+ (?P<seconds>[\d.]+) s")


def mkl_cost(pairs, args):
    """Time the fast path in fresh processes under the pinned MKL branch and AUTO, paired."""
    import statistics
    import subprocess

    cmd = [sys.executable, "-m", "reproduce.benchmark", "--processes", str(args.processes),
           "--seed", str(args.seed)] + (["--models", args.models] if args.models else [])
    from reproduce.cpu_paths import PINNED

    name = PINNED["MKL_CBWR"]
    seconds = {name: [], "AUTO": []}
    print(f"MKL's cost, {pairs} pair(s) of fresh runs of: {' '.join(cmd[1:])}")
    for i in range(pairs):
        for branch in seconds:
            load = os.getloadavg()[0]
            out = subprocess.run(cmd, env={**os.environ, "MKL_CBWR": branch}, capture_output=True,
                                 text=True, check=True).stdout
            took = float(TRAINING.search(out)["seconds"])
            took_branch = re.search(r"MKL branch (\S+)", out)[1]
            seconds[branch].append(took)
            print(f"  pair {i + 1}, MKL_CBWR={branch:10} (MKL took {took_branch}) training "
                  f"{took:6.1f} s (1-minute load average {load:.2f} at its start)", flush=True)
    pinned, auto = (statistics.median(seconds[b]) for b in (name, "AUTO"))
    print(f"median training: {name} {pinned:.1f} s, AUTO {auto:.1f} s: the pin costs "
          f"{100 * (pinned / auto - 1):+.0f}% ({os.cpu_count()} cores, load average now "
          f"{os.getloadavg()[0]:.2f})")
    return 0


# The settings --mkl-branches tries: MKL's documented branches, with and without STRICT (MKL_CBWR),
# and capping MKL's instructions without a reproducibility branch (MKL_ENABLE_INSTRUCTIONS).
MKL_BRANCH_SETTINGS = [{"MKL_CBWR": v} for v in (
    "AVX2", "AVX2,STRICT", "AUTO", "AUTO,STRICT", "COMPATIBLE", "COMPATIBLE,STRICT", "SSE4_2",
    "SSE4_2,STRICT")] + [{"MKL_CBWR": "AUTO", "MKL_ENABLE_INSTRUCTIONS": "AVX2"}]
FIT_AND_REPORT = r'''
import json, sys
from reproduce import cpu_paths
cpu_paths.pin()
from reproduce import training
accuracy = {name: training.fit_model(name).accuracy for name in sys.argv[1:]}
print(json.dumps([cpu_paths.mkl_branch(), cpu_paths.numerics_fingerprint(), accuracy]))
'''


def mkl_branches(names=("LMModel3", "LMModel4", "LMModel6")):
    """Train `names` under each MKL setting in a fresh process; where do they part from the figures?"""
    import json
    import subprocess

    from reproduce import cpu_paths
    from reproduce.figures.results import DATA_FILE
    from reproduce.paths import ROOT
    from reproduce.recorded_numerics import FINGERPRINT, VENDOR

    figure = json.loads(DATA_FILE.read_text(encoding="utf-8"))["models"]
    print(f"This CPU: {cpu_paths.cpu_vendor()}; the figures' CPU: {VENDOR}, fingerprint {FINGERPRINT}")
    for setting in MKL_BRANCH_SETTINGS:
        env = {**os.environ, **setting, "CH12_NO_CACHE": "1"}
        out = subprocess.run([sys.executable, "-c", FIT_AND_REPORT, *names], env=env, cwd=ROOT,
                             capture_output=True, text=True, check=True).stdout
        branch, fingerprint, accuracy = json.loads(out.strip().splitlines()[-1])
        parts = []
        for name in names:
            pairs = list(zip(accuracy[name], figure[name]["ours"]))
            first = next((i for i, (a, b) in enumerate(pairs) if a != b), None)
            parts.append(f"{name} {'same' if first is None else f'apart from epoch {first}'}")
        shown = " ".join(f"{k}={v}" for k, v in setting.items())
        print(f"  {shown:48} MKL took {branch:10} fingerprint {fingerprint}: {'; '.join(parts)}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
