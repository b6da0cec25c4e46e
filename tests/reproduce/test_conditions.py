"""The conditions under which the trained figures reproduce bit for bit (README, "Reproducing the
figures"; docs/results.md), each checked, so that none of the stated conditions can silently
become false:

- the thread count matters, through the kernels THREAD_DEPENDENT names for the CPU's vendor: on
  AMD only oneDNN's LSTM backward gives other gradient bits at 1 and 2 torch threads (so LMModel6
  and LMModel7 change, LMModel1 to 5 do not); on Intel MKL's products do too, so every model does;
- on AMD that kernel is the cause: with oneDNN off, the LSTM's gradients agree across thread counts;
- DataLoader workers and run order do not matter: a fit with fastai's default workers, after
  another model, gives the figures of a fit with num_workers=0 alone;
- a model trained alone in a fresh process gives the figures of the remembered run.
"""

import json
import os
import subprocess
import sys

import pytest

from reproduce import cpu_paths, training
from reproduce.paths import ROOT

# One forward + backward of each op at the chapter's sizes (batch 64, 16 steps, 64 hidden, 30
# tokens), at 1 then 2 torch threads in one process: for each op, are all gradients the same bits?
OPS = r'''
import json, sys
from reproduce import cpu_paths
cpu_paths.pin()
import torch
import torch.nn.functional as F
from torch import nn

bs, sl, nh, vocab = 64, 16, 64, 30

def make(kind):
    torch.manual_seed(0)
    if kind == "lstm":
        m = nn.LSTM(nh, nh, 2, batch_first=True)
        x = torch.randn(bs, sl, nh, requires_grad=True)
        return m, x, lambda: m(x)[0]
    if kind == "rnn":
        m = nn.RNN(nh, nh, 2, batch_first=True)
        x = torch.randn(bs, sl, nh, requires_grad=True)
        return m, x, lambda: m(x)[0]
    if kind == "linear":
        m = nn.Linear(nh, vocab)
        x = torch.randn(bs, sl, nh, requires_grad=True)
        return m, x, lambda: m(x)
    if kind == "embedding":
        m = nn.Embedding(vocab, nh)
        x = torch.randint(0, vocab, (bs, sl))
        return m, None, lambda: m(x)
    if kind == "cross_entropy":
        m = nn.Linear(nh, vocab)
        x = torch.randn(bs * sl, nh, requires_grad=True)
        t = torch.randint(0, vocab, (bs * sl,))
        return m, x, lambda: F.cross_entropy(m(x), t).reshape(1, 1)

def grads(kind, threads, mkldnn):
    torch.set_num_threads(threads)
    with torch.backends.mkldnn.flags(enabled=mkldnn):
        m, x, f = make(kind)
        out = f()
        torch.manual_seed(1)
        out.backward(torch.randn_like(out))
    found = [p.grad for p in m.parameters()] + ([x.grad] if x is not None else [])
    return out.detach(), found

mkldnn = sys.argv[1] == "on"
report = {"capability": torch.backends.cpu.get_cpu_capability()}
for kind in sys.argv[2].split(","):
    (o1, g1), (o2, g2) = grads(kind, 1, mkldnn), grads(kind, 2, mkldnn)
    report[kind] = {"output": torch.equal(o1, o2),
                    "grads": all(torch.equal(a, b) for a, b in zip(g1, g2)),
                    "max_diff": max(float((a - b).abs().max()) for a, b in zip(g1, g2))}
print(json.dumps(report))
'''


def run_ops(mkldnn, kinds):
    """The OPS report, in a fresh process under the project's caps (the AVX2 path), whatever
    caps this process runs: the behaviour it checks is stated for that path."""
    return run_python(OPS, "on" if mkldnn else "off", ",".join(kinds), caps=cpu_paths.PINNED)


# The ops that give other bits at 2 torch threads than at 1, at the AVX2 cap, by CPU vendor
# (measured 2026-12-06, a Zen 4 EPYC and a Sapphire Rapids Xeon). On AMD, MKL (AUTO) gives the
# same products at any thread count and only oneDNN's LSTM backward splits its sums between
# threads. On Intel, MKL's AVX2 branch splits its products too: nn.Linear, nn.RNN, the LSTM with
# oneDNN on or off, and the loss's gradients (through its nn.Linear) all move.
THREAD_DEPENDENT = {
    "AuthenticAMD": {"lstm"},
    "GenuineIntel": {"lstm", "rnn", "linear", "cross_entropy"},
}
ALL_OPS = ["lstm", "rnn", "linear", "embedding", "cross_entropy"]

needs_avx2 = pytest.mark.skipif(
    not cpu_paths.on_pinned_path() or cpu_paths.cpu_vendor() not in THREAD_DEPENDENT,
    reason="the thread-count behaviour is stated for the pinned AVX2 path of an AMD or Intel CPU")


@needs_avx2
def test_the_thread_count_moves_the_ops_stated_for_this_vendor():
    """At the AVX2 cap, the ops THREAD_DEPENDENT names give other gradient bits at 2 threads than
    at 1 (last bits, not a bug), every other op the same bits: why the figures need one thread,
    and which models change without it. If an op changes sides, the docs (reproduce/README.md,
    the results page's note) state the condition wrongly: update them and this table."""
    report = run_ops(True, ALL_OPS)
    assert report["capability"] == "AVX2", report
    moved = {op for op in ALL_OPS if not report[op]["grads"]}
    assert moved == THREAD_DEPENDENT[cpu_paths.cpu_vendor()], report
    assert all(report[op]["max_diff"] < 1e-4 for op in moved), report
    assert report["lstm"]["output"], report["lstm"]   # oneDNN's LSTM forward does not split


@needs_avx2
def test_with_onednn_off_the_lstm_moves_only_where_mkl_does():
    """PyTorch's own LSTM (oneDNN off) gives the same bits at 1 and 2 threads on AMD, so oneDNN's
    backward is the cause there; on Intel its MKL products still split between threads."""
    report = run_ops(False, ["lstm"])
    agrees = report["lstm"]["output"] and report["lstm"]["grads"]
    assert agrees == ("rnn" not in THREAD_DEPENDENT[cpu_paths.cpu_vendor()]), report["lstm"]


WORKERS = r'''
import json
from reproduce import cpu_paths
cpu_paths.pin()
from snippets import training as chapter

def one_epoch(name, num_workers):
    """The chapter's recipe for `name`, one epoch, plain DataLoaders and Learner, seed 42."""
    recipe = chapter.RECIPES[name]
    vocab, nums = chapter.corpus()
    dls = chapter.DATA[recipe.data](list(nums), num_workers=num_workers)
    chapter.set_seed(42)
    learn = recipe.learner(dls, len(vocab))
    chapter.quiet_fit(learn, 1, recipe.lr, **recipe.fit_kwargs())
    return chapter.recorded(learn, name, 42, 0.0).to_json()

chapter.setup_torch()
alone = one_epoch("LMModel3", 0)
one_epoch("LMModel1", 0)                        # another model first: moves the random state
after_other = one_epoch("LMModel3", None)       # fastai's default DataLoader workers
print(json.dumps([alone, after_other]))
'''


def run_python(code, *args, caps=None):
    """The last printed line of `code` (JSON) run in a fresh process with this process's CPU caps
    (pin()'s, or the ones the caller chose, such as a run on lowered caps), with no result cache:
    its figures are compared with this process's. caps: other CPU caps for the child instead."""
    env = {**os.environ, **(caps or {}), "OMP_WAIT_POLICY": "PASSIVE", "CH12_NO_CACHE": "1"}
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True,
                         text=True, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_workers_and_run_order_do_not_change_a_figure():
    """fastai's default DataLoader workers (as the book runs it), after another model has trained
    in the same process, give the bits of num_workers=0 alone: the workers only collate batches,
    and each fit is seeded just before its model is built. (In a subprocess: the workers talk
    over Unix sockets, which the test process blocks.)"""
    alone, after_other = (training.Result.from_json(r) for r in run_python(WORKERS))
    assert alone.figures == after_other.figures, (alone, after_other)


ALONE = r'''
import json, sys
from reproduce import cpu_paths
cpu_paths.pin()
from reproduce import training
print(json.dumps(training.fit_model(sys.argv[1]).to_json()))
'''


@pytest.mark.skipif(cpu_paths.figures_mode() != "exact",
                    reason="bit-identity across processes is stated for the pinned AVX2 path")
def test_a_model_trained_alone_in_a_fresh_process_gives_the_remembered_figures():
    """The remembered figures (cache, or this session's parallel run) are those a fresh process
    gives for that model alone."""
    fresh = training.Result.from_json(run_python(ALONE, "LMModel1"))
    assert fresh.figures == training.train("LMModel1").figures, (fresh, training.train("LMModel1"))
