"""python -m reproduce.benchmark: train the chapter's seven models and time them.

Trains LMModel1 to LMModel7 the chapter's way (seed 42, each model seeded just before it is
built) with the speed-ups of snippets/training.py, in 2 processes of one torch thread each, and
prints per model the seconds of its fit and its final accuracy beside the book's, then the total
wall time from the start of this command (Python start-up and the fastai import included).
Nothing is read from or written to the result cache: every fit runs.

Options:
  --processes N   processes to train in (default 2; 1 = one after the other in this process)
  --seed S        seed of every model (default 42)
  --check         afterwards, also run the chapter's code as written (fastai's default DataLoader
                  workers, plain Learner, one model after the other) and check that every
                  figure (train_loss, valid_loss, accuracy of every epoch) is bit-identical
  --check-workers N  num_workers of that reference run (default: fastai's default)
"""

import time

START = time.perf_counter()   # before torch and fastai are imported: the wall time includes them

import argparse  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

warnings.filterwarnings("ignore", category=FutureWarning)   # torch.jit deprecation noise from fastai


def fit_timed(job):
    """fit_model(name, seed) and the CPU seconds its process spent on it."""
    from reproduce import training

    start = time.process_time()
    result = training.fit_model(*job)
    return result, time.process_time() - start


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m reproduce.benchmark",
                                     description="Train the chapter's seven models and time them.")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--check-workers", type=int, default=None)
    args = parser.parse_args(argv)

    from reproduce import cpu_paths

    cpu_paths.pin()                          # before torch loads (imported just below)
    from reproduce import training
    from snippets import training as chapter
    from reproduce.book_results import BOOK, book_seconds

    imported = time.perf_counter()
    training.setup_torch()
    for data in "ABC":                       # data built (and first collated) once, before forking
        training.fast_dls(data)
    prepared = time.perf_counter()
    jobs = [(name, args.seed) for name in training.MODEL_NAMES]
    timed = training.fit_parallel(jobs, processes=args.processes, fit=fit_timed)
    done = time.perf_counter()
    results = [r for r, _ in timed]
    cpu = {r.name: c for r, c in timed}

    print(f"The chapter's models, seed {args.seed}: {args.processes} process(es) x 1 torch thread, "
          f"num_workers=0, batches collated once, lean callback dispatch")
    print(f"{'model':9} {'epochs':>6} {'seconds':>8} {'cpu s':>6} {'book s':>7} {'accuracy':>9} {'book':>9} {'ours-book':>10}")
    for r in results:
        book = BOOK[r.name]
        print(f"{r.name:9} {len(r.accuracy):6d} {r.seconds:8.1f} {cpu[r.name]:6.1f} {book_seconds(r.name):7d} "
              f"{r.final_accuracy:9.6f} {book.final_accuracy:9.6f} {r.final_accuracy - book.final_accuracy:+10.6f}")
    fit_sum = sum(r.seconds for r in results)
    book_sum = sum(book_seconds(n) for n in training.MODEL_NAMES)
    print(f"sum of the {len(results)} fits: {fit_sum:.1f} s wall, {sum(cpu.values()):.1f} s cpu "
          f"(the book's GPU run printed {book_sum} s)")
    print(f"python start-up and imports: {imported - START:.1f} s; data: {prepared - imported:.1f} s; "
          f"training all {len(results)}: {done - prepared:.1f} s")
    print(f"TOTAL wall time: {done - START:.1f} s")
    load, cores = os.getloadavg()[0], os.cpu_count()
    print(f"1-minute load average: {load:.1f} on {cores} cores"
          + (" (other processes were competing: the times are inflated)" if load > cores + 0.5 else ""))
    sys.stdout.flush()

    if args.check:
        workers = "fastai's default workers" if args.check_workers is None else f"num_workers={args.check_workers}"
        print(f"\nReference: the chapter's code as written ({workers}, plain Learner), one after the other")
        start = time.perf_counter()
        same = True
        for r in results:
            cpu_start = time.process_time()
            ref = chapter.book_code_fit(r.name, args.seed, num_workers=args.check_workers)
            ref_cpu = time.process_time() - cpu_start
            identical = ref.figures == r.figures
            same &= identical
            print(f"{r.name:9} {ref.seconds:8.1f} s  cpu {ref_cpu:6.1f} s  {ref.final_accuracy:9.6f}  "
                  f"{'bit-identical' if identical else 'DIFFERENT'}", flush=True)
        print(f"reference wall time: {time.perf_counter() - start:.1f} s")
        print("every figure bit-identical: " + ("yes" if same else "NO"))
        return 0 if same else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
