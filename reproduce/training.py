"""Training the chapter's models fast, and each (model, seed) once: what the pages and tests call.

`train("LMModel3")` gives the `Result` of the chapter's recipe (snippets/training.py) with seed 42:
the per-epoch train_loss / valid_loss / accuracy fastai recorded. It trains with the speed-ups
below, which change no figure (tests/reproduce/test_training.py compares every figure with the
chapter's plain code), and remembers the result in the process and on disk (reproduce/cache.py),
keyed on every source file that can change it, the library versions and the CPU code path.

- `num_workers=0`: fastai's default worker processes fight training for a 2-core machine;
- one torch thread (as fast as two for models this small, and leaves a core for a 2nd process);
- batches collated once and replayed, callbacks called only for the events they handle;
- `train_many` / `fit_parallel` run several fits at once in 2 forked processes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import platform
import sys
import time
from pathlib import Path

import fastai
import torch
from fastai.torch_core import set_seed

from reproduce import cache, cpu_paths
from reproduce.paths import ROOT
from snippets import SEED
from snippets.training import (MODEL_NAMES, RECIPES, BookOrder, Result, book_order_run, corpus,
                               make_dls, quiet_fit, recorded, setup_torch)


def fit_model(name, seed=SEED, lr=None):
    """Train `name` the chapter's way, seeded just before the model is built; `lr` replaces the
    recipe's learning rate (Q30 swaps them). No caching.

    With the speed-ups below (batches collated once, lean callback dispatch); they change no
    figure: tests/test_training.py::test_rerun_with_the_same_seed_is_bit_identical_to_the_fast_run
    retrains with `book_code_fit`, the chapter's plain code, and compares every figure.
    """
    setup_torch()
    recipe = RECIPES[name]
    vocab, _ = corpus()
    dls = fast_dls(recipe.data)
    start = time.perf_counter()
    set_seed(seed)
    learn = recipe.learner(dls, len(vocab))
    with lean_events(learn):
        quiet_fit(learn, recipe.epochs, recipe.lr if lr is None else lr, **recipe.fit_kwargs())
    return recorded(learn, name, seed, time.perf_counter() - start)


# ---------------------------------------------------------------------------------------------
# Speed-ups that change no figure.
#
# 1. Replayed batches. The chapter's loaders never shuffle and have no random transforms, so every
#    pass yields the same batches; collating them (64 items per batch, several Python calls per
#    item) is a tenth of the time. A replaying loader collates once and then yields the stored
#    batches, doing to the random state exactly what a real pass does: fastai re-seeds the loader's
#    own Python RNG, and torch's DataLoader iterator draws one int64 from torch's global generator.
# 2. Lean callback dispatch. For each of the ~8 events of every batch, fastai sorts the callbacks
#    and calls every one, most of which have no method for that event (each miss goes through two
#    __getattr__ delegations). The lean Learner calls, in the same order, only the callbacks that
#    have the event (all of them for after_fit, which resets their `run` flag).

@functools.lru_cache(maxsize=None)
def _replaying_class(cls):
    class Replaying(cls):
        def __iter__(self):
            self.randomize()                              # as DataLoader.__iter__ does
            torch.empty((), dtype=torch.int64).random_()  # as torch's _BaseDataLoaderIter does
            self.before_iter()
            yield from self._replay
            self.after_iter()
    Replaying.__name__ = Replaying.__qualname__ = f"Replaying{cls.__name__}"
    return Replaying


def replaying(dl):
    """Turn the fastai DataLoader `dl` into one that replays the batches of one real pass."""
    if dl.shuffle:
        raise ValueError("only a loader that never shuffles yields the same batches every pass")
    with torch.random.fork_rng(devices=[]):               # the priming pass leaves no trace
        batches = list(dl)
    dl._replay = batches
    dl.__class__ = _replaying_class(type(dl))
    return dl


@functools.lru_cache(maxsize=None)
def fast_dls(data):
    """DataLoaders `data` ("A", "B" or "C") with replayed batches, built once per process."""
    dls = make_dls(data)
    for dl in dls.loaders:
        replaying(dl)
    return dls


@functools.lru_cache(maxsize=None)
def _lean_class(cls):
    from fastai.callback.core import event

    class Lean(cls):
        def __call__(self, event_name):
            for name in ([event_name] if isinstance(event_name, str) else event_name):
                self._call_one(name)

        def _call_one(self, event_name):
            cache = self.__dict__.setdefault("_lean_cbs", {})
            cbs = cache.get(event_name)
            if cbs is None:
                if not hasattr(event, event_name):
                    raise Exception(f"missing {event_name}")
                cbs = cache[event_name] = [cb for cb in self.cbs.sorted("order")
                                           if event_name == "after_fit" or hasattr(cb, event_name)]
            for cb in cbs:
                cb(event_name)

        def add_cb(self, cb):
            self.__dict__.pop("_lean_cbs", None)
            return super().add_cb(cb)

        def remove_cb(self, cb):
            self.__dict__.pop("_lean_cbs", None)
            return super().remove_cb(cb)
    Lean.__name__ = Lean.__qualname__ = f"Lean{cls.__name__}"
    return Lean


@contextlib.contextmanager
def lean_events(learn):
    """Within the block, `learn` dispatches events to the callbacks that handle them only."""
    cls = type(learn)
    learn.__class__ = _lean_class(cls)
    try:
        yield learn
    finally:
        learn.__class__ = cls
        learn.__dict__.pop("_lean_cbs", None)


# ---------------------------------------------------------------------------------------------
# Caching: every trained result goes through reproduce.cache, keyed on what it depends on.

# Every file whose content can change a figure. The data files are covered through `nums`.
SOURCE_FILES = (
    "snippets/training.py",
    "reproduce/training.py",
    "snippets/data.py",
    "snippets/human_numbers.py",
    *(f"snippets/models/lm_model{i}.py" for i in range(1, 8)),
)
SCRATCH_FILES = ("snippets/lstm.py", "snippets/gru.py")   # what the from-scratch runs add


def _cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


@functools.lru_cache(maxsize=None)
def cache_key():
    """Hash of what a fit depends on: our sources, the data, library versions, the CPU path."""
    import fastcore

    h = hashlib.sha256()
    for rel in SOURCE_FILES:
        h.update(rel.encode())
        h.update((ROOT / rel).read_bytes())
    h.update(repr(corpus()).encode())
    for part in (sys.version, torch.__version__, fastai.__version__, fastcore.__version__,
                 platform.machine(), _cpu_model(), cpu_paths.active(), torch.get_num_threads()):
        h.update(str(part).encode())
    return h.hexdigest()[:16]


def result_file(name, seed, extra_sources=()):
    key = cache_key()
    if extra_sources:
        h = hashlib.sha256(key.encode())
        for rel in extra_sources:
            h.update((ROOT / rel).read_bytes())
        key = f"{key}-{h.hexdigest()[:8]}"
    return f"{key}/{name}-seed{seed}.json"


def cached(name, seed=SEED):
    """The result for (name, seed) if this process or the disk cache already has it."""
    return cache.lookup(result_file(name, seed), Result.from_json)


def train(name, seed=SEED, lr=None):
    """The chapter's training of `name` with `seed` (and another learning rate if `lr` is given):
    trained once, then remembered."""
    if name not in RECIPES:
        raise KeyError(f"unknown model {name!r}; one of {', '.join(RECIPES)}")
    label = name if lr is None or lr == RECIPES[name].lr else f"{name}-lr{lr:g}"
    return cache.remembered(result_file(label, seed), lambda: fit_model(name, seed, lr),
                            Result.to_json, Result.from_json)


# ---------------------------------------------------------------------------------------------
# Several fits at once: 2 processes with one torch thread each.

# Rough relative cost of each fit (measured), to start the longest first and balance the processes.
COST = {"LMModel1": 4, "LMModel2": 4, "LMModel3": 11, "LMModel4": 9, "LMModel5": 10,
        "LMModel6": 18, "LMModel7": 22}


def _fit_job(job):
    return fit_model(*job)


def fit_parallel(jobs, processes=2, fit=_fit_job, on_result=None):
    """`fit((name, seed))` for every job, no caching, in `processes` forked processes.

    Each fit seeds itself, so the figures are bit-identical to a sequential run in any order.
    `on_result(job, result)` is called as each fit ends. Returns the results in the order of `jobs`.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    jobs = list(jobs)
    setup_torch()
    corpus()                                      # read the data once, before forking
    for data in sorted({RECIPES[name].data for name, _ in jobs}):
        fast_dls(data)                            # and collate its batches once
    done = {}
    if processes <= 1 or len(jobs) <= 1:
        for job in jobs:
            done[job] = fit(job)
            if on_result:
                on_result(job, done[job])
        return [done[job] for job in jobs]
    order = sorted(jobs, key=lambda job: -COST[job[0]])   # longest first: balances the processes
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(processes, len(jobs)), mp_context=ctx) as pool:
        futures = {pool.submit(fit, job): job for job in order}
        for future in as_completed(futures):
            job = futures[future]
            done[job] = future.result()
            if on_result:
                on_result(job, done[job])
    return [done[job] for job in jobs]


def train_many(names=MODEL_NAMES, seeds=(SEED,), processes=2):
    """{(name, seed): Result} for every pair; fits what no cache holds, in parallel."""
    jobs = [(n, s) for s in seeds for n in names]
    missing = [job for job in jobs if cached(*job) is None]
    fit_parallel(missing, processes,
                 on_result=lambda job, r: cache.store(result_file(*job), r, Result.to_json))
    return {job: cached(*job) for job in jobs}


# ---------------------------------------------------------------------------------------------
# The book's own order (one seed for the notebook), and the Further Research runs, cached alike.

def book_order(seed=SEED):
    """`book_order_run` (snippets/training.py), once per process and once per disk cache."""
    def encode(run):
        return {"baseline": run.baseline, "lm_model1": run.lm_model1.to_json(),
                "lm_model2": run.lm_model2.to_json()}

    def decode(d):
        return BookOrder(tuple(d["baseline"]), Result.from_json(d["lm_model1"]),
                         Result.from_json(d["lm_model2"]))
    return cache.remembered(f"{cache_key()}/book-order-seed{seed}.json",
                            lambda: book_order_run(seed), encode, decode)


def train_scratch_lstm(seed=SEED):
    """Our LSTM (snippets/lstm.py) trained as LMModel6, from LMModel6's own starting weights."""
    from snippets.lstm import fit_scratch_lstm

    return cache.remembered(result_file("ScratchLSTM", seed, SCRATCH_FILES),
                            lambda: fit_scratch_lstm(seed), Result.to_json, Result.from_json)


def train_gru(which, seed=SEED):
    """Our GRU (`which="ours"`) or nn.GRU (`"torch"`), trained as LMModel6 (snippets/gru.py)."""
    from snippets.gru import fit_gru

    name = {"ours": "ScratchGRU", "torch": "TorchGRU"}[which]
    return cache.remembered(result_file(name, seed, SCRATCH_FILES),
                            lambda: fit_gru(which, seed), Result.to_json, Result.from_json)
