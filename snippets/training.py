"""The chapter's training code: its Learner cells, its fit_one_cycle schedule, and the
plain helpers a page uses to run them (read the data, build the loaders, fit quietly,
record the figures). The `reproduce` package trains these recipes fast and caches the
results (`reproduce.training.train`).

Included by: results.md; imported by: further-research/fr2.md, further-research/fr3.md,
further-research/fr4.md, questions/q17.md, questions/q30.md, questions/q37.md, questions/q39.md,
results.md
"""

from __future__ import annotations

import dataclasses
import functools
import time

import torch
import torch.nn.functional as F
# ProgressCallback, fit_one_cycle: imported for what they add to Learner
from fastai.callback.progress import ProgressCallback  # noqa: F401
from fastai.callback.rnn import ModelResetter
from fastai.callback.schedule import fit_one_cycle  # noqa: F401
from fastai.learner import Learner
from fastai.losses import CrossEntropyLossFlat
from fastai.metrics import accuracy
from fastai.text.learner import TextLearner
from fastai.torch_core import set_seed

from snippets import SEED
from snippets.data import chapter_data, dls_a, dls_b, dls_c
from snippets.models.lm_model1 import LMModel1
from snippets.models.lm_model2 import LMModel2
from snippets.models.lm_model3 import LMModel3
from snippets.models.lm_model4 import LMModel4, loss_func
from snippets.models.lm_model5 import LMModel5
from snippets.models.lm_model6 import LMModel6
from snippets.models.lm_model7 import LMModel7

MODEL_NAMES = tuple(f"LMModel{i}" for i in range(1, 8))
SPREAD_SEEDS = (SEED, 0, 1)    # seeds behind the min-max spread on the results page


# --8<-- [start:recipes]
# Each recipe is the chapter's own cell: the model, its loss, its callbacks, then
# fit_one_cycle.
def learner_lm_model1(dls, vocab_sz):
    return Learner(
        dls, LMModel1(vocab_sz, 64), loss_func=F.cross_entropy, metrics=accuracy
    )


def learner_lm_model2(dls, vocab_sz):
    return Learner(
        dls, LMModel2(vocab_sz, 64), loss_func=F.cross_entropy, metrics=accuracy
    )


def learner_lm_model3(dls, vocab_sz):
    return Learner(dls, LMModel3(vocab_sz, 64), loss_func=F.cross_entropy,
                   metrics=accuracy, cbs=ModelResetter)


def learner_lm_model4(dls, vocab_sz):
    return Learner(dls, LMModel4(vocab_sz, 64), loss_func=loss_func,
                   metrics=accuracy, cbs=ModelResetter)


def learner_lm_model5(dls, vocab_sz):
    return Learner(dls, LMModel5(vocab_sz, 64, 2), loss_func=CrossEntropyLossFlat(),
                   metrics=accuracy, cbs=ModelResetter)


def learner_lm_model6(dls, vocab_sz):
    return Learner(dls, LMModel6(vocab_sz, 64, 2), loss_func=CrossEntropyLossFlat(),
                   metrics=accuracy, cbs=ModelResetter)


def learner_lm_model7(dls, vocab_sz):
    # TextLearner adds ModelResetter, RNNCallback and RNNRegularizer(alpha=2, beta=1),
    # and sets fit_one_cycle's momentum to (0.8, 0.7, 0.8) instead of Learner's
    # (0.95, 0.85, 0.95)
    return TextLearner(
        dls, LMModel7(vocab_sz, 64, 2, 0.4), loss_func=CrossEntropyLossFlat(),
        metrics=accuracy, alpha=2, beta=1,
    )
# --8<-- [end:recipes]


@dataclasses.dataclass(frozen=True)
class Recipe:
    data: str            # "A", "B" or "C": which of snippets.data's DataLoaders
    learner: object      # (dls, vocab_sz) -> Learner
    epochs: int
    lr: float
    wd: float | None = None   # None: fastai's default weight decay (0.01)

    def fit_kwargs(self):
        return {} if self.wd is None else {"wd": self.wd}


# --8<-- [start:schedule]
RECIPES = {                       # data, learner, fit_one_cycle(epochs, lr[, wd])
    "LMModel1": Recipe("A", learner_lm_model1, 4, 1e-3),
    "LMModel2": Recipe("A", learner_lm_model2, 4, 1e-3),
    "LMModel3": Recipe("B", learner_lm_model3, 10, 3e-3),
    "LMModel4": Recipe("C", learner_lm_model4, 15, 3e-3),
    "LMModel5": Recipe("C", learner_lm_model5, 15, 3e-3),
    "LMModel6": Recipe("C", learner_lm_model6, 15, 1e-2),
    "LMModel7": Recipe("C", learner_lm_model7, 15, 1e-2, wd=0.1),
}
# --8<-- [end:schedule]

DATA = {"A": dls_a, "B": dls_b, "C": dls_c}


@dataclasses.dataclass(frozen=True)
class Result:
    """What one fit recorded: one value per epoch, as fastai's Recorder holds them."""
    name: str
    seed: int
    train_loss: tuple
    valid_loss: tuple
    accuracy: tuple
    # wall time of the fit (not a figure)
    seconds: float = dataclasses.field(compare=False)

    @property
    def final_accuracy(self):
        return self.accuracy[-1]

    @property
    def figures(self):
        """Everything a run decides (no timing): compare these for bit-identity."""
        return (self.train_loss, self.valid_loss, self.accuracy)

    def to_json(self):
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, d):
        return cls(
            d["name"], int(d["seed"]), tuple(d["train_loss"]), tuple(d["valid_loss"]),
            tuple(d["accuracy"]), float(d["seconds"]),
        )


def setup_torch():
    """One intra-op thread: as fast as two here, and two processes can share 2 cores."""
    if torch.get_num_threads() != 1:
        torch.set_num_threads(1)


@functools.lru_cache(maxsize=None)
def corpus():
    """(vocab, nums) of HUMAN_NUMBERS, read once per process."""
    vocab, nums = chapter_data()
    return tuple(vocab), tuple(nums)


def baseline():
    """(token index, token, accuracy) of always predicting the most common target of
    data A's validation set: the chapter's baseline, counted straight from the data
    (no loader, no RNG)."""
    from collections import Counter

    from snippets.data import split, three_token_seqs

    vocab, nums = corpus()
    _, valid = split(three_token_seqs(list(nums)))
    idx, count = Counter(y for _, y in valid).most_common(1)[0]
    return idx, vocab[idx], count / len(valid)


def make_dls(data):
    _, nums = corpus()
    return DATA[data](list(nums), num_workers=0)


def quiet_fit(learn, epochs, lr, **kwargs):
    """fit_one_cycle, no progress bar, no printed table (neither changes a figure)."""
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(epochs, lr, **kwargs)


def recorded(learn, name, seed, seconds):
    values = learn.recorder.values
    return Result(name, seed,
                  tuple(float(v[0]) for v in values),
                  tuple(float(v[1]) for v in values),
                  tuple(float(v[2]) for v in values),
                  seconds)


def book_code_fit(name, seed=SEED, num_workers=None):
    """The chapter's code as written, no speed-up: fresh DataLoaders with fastai's
    default worker processes (num_workers=None) and the plain Learner (one torch thread;
    the bar is silenced)."""
    setup_torch()
    recipe = RECIPES[name]
    vocab, nums = corpus()
    dls = DATA[recipe.data](list(nums), num_workers=num_workers)
    start = time.perf_counter()
    set_seed(seed)
    learn = recipe.learner(dls, len(vocab))
    quiet_fit(learn, recipe.epochs, recipe.lr, **recipe.fit_kwargs())
    return recorded(learn, name, seed, time.perf_counter() - start)


# ------------------------------------------------------------------------------------
# The book's own order: one seed for the whole notebook.

@dataclasses.dataclass(frozen=True)
class BookOrder:
    # (token index, token, accuracy) of always predicting the top target
    baseline: tuple
    lm_model1: Result
    lm_model2: Result


# --8<-- [start:book_order]
from snippets import SEED   # 42, the seed of every figure the site quotes


def book_order_run(seed=SEED):
    """The notebook's cells in order, one set_seed: LMModel1, the baseline, LMModel2."""
    setup_torch()
    vocab, nums = corpus()
    dls = dls_a(list(nums), num_workers=0)
    set_seed(seed)
    results = {}
    for name, model in (("LMModel1", LMModel1), ("LMModel2", LMModel2)):
        start = time.perf_counter()
        learn = Learner(
            dls, model(len(vocab), 64), loss_func=F.cross_entropy, metrics=accuracy
        )
        quiet_fit(learn, 4, 1e-3)
        results[name] = recorded(learn, name, seed, time.perf_counter() - start)
        if name == "LMModel1":
            # the baseline cell comes between the two fits: one pass over dls.valid
            n, counts = 0, torch.zeros(len(vocab))
            for x, y in dls.valid:
                n += y.shape[0]
                for i in range(len(vocab)):
                    counts[i] += (y == i).long().sum()
            idx = torch.argmax(counts)
            base = (idx.item(), vocab[idx.item()], counts[idx].item() / n)
    return BookOrder(base, results["LMModel1"], results["LMModel2"])
# --8<-- [end:book_order]
