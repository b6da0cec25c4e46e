"""reproduce/cache.py: a result is computed once, and computing it leaves the random generators alone."""

import random

import numpy as np
import torch

from reproduce import cache


def draws():
    return random.random(), float(np.random.rand()), float(torch.rand(()))


def test_cold_and_warm_calls_leave_the_generators_where_they_were(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(cache, "_MEMO", {})
    calls = []

    def compute():
        calls.append(1)
        torch.manual_seed(42)   # as a fit does: seed, then draw
        return {"drawn": draws()}

    after = []
    for _ in range(2):   # cold (computes), then warm (from this process)
        random.seed(1), np.random.seed(1), torch.manual_seed(1)
        cache.remembered("x/result.json", compute, lambda r: r, lambda d: d)
        after.append(draws())
    monkeypatch.setattr(cache, "_MEMO", {})
    random.seed(1), np.random.seed(1), torch.manual_seed(1)
    assert cache.remembered("x/result.json", compute, lambda r: r, lambda d: d)["drawn"]   # from disk
    after.append(draws())
    random.seed(1), np.random.seed(1), torch.manual_seed(1)
    assert after == [draws()] * 3 and len(calls) == 1
