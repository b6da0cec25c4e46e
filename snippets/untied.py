"""LMModel7 untied (Q39): the chapter's LMModel7 whose output layer gets a weight of its
own, trained under LMModel7's recipe and seed to see what tying does to its results.

`UntiedLMModel7` draws exactly the numbers LMModel7 draws (cloning draws none), so both
start from the same weights and differ only in whether the matrix is shared.
`fit_untied_lm_model7` trains it the chapter's way (`snippets/training.py`: data C,
TextLearner with AR and TAR, fit_one_cycle(15, 1e-2, wd=0.1)); `train_untied` runs that
fit once and keeps its `Result` in the training cache (reproduce/cache.py), named by the
chapter's sources (reproduce/training.py's `cache_key`) and this file, so a change to
either trains it again.

Included by: questions/q39.md; imported by: questions/q39.md
"""

# --8<-- [start:twin]
from torch import nn

from snippets import SEED   # 42, the seed of every figure the site quotes
from snippets.models.lm_model7 import LMModel7


class UntiedLMModel7(LMModel7):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # a separate tensor, starting from the same values
        self.h_o.weight = nn.Parameter(self.i_h.weight.detach().clone())


def untied_learner(dls, vocab_sz):
    """The chapter's LMModel7 Learner (`snippets/training.py`) around the twin."""
    from fastai.text.all import CrossEntropyLossFlat, TextLearner, accuracy

    return TextLearner(
        dls, UntiedLMModel7(vocab_sz, 64, 2, 0.4), loss_func=CrossEntropyLossFlat(),
        metrics=accuracy, alpha=2, beta=1,
    )


def fit_untied_lm_model7(seed=SEED):
    """LMModel7's recipe and seed, the twin in its place; returns a
    `snippets.training.Result` (per-epoch figures, seconds)."""
    import time

    from fastai.torch_core import set_seed

    from snippets import training

    recipe = training.RECIPES["LMModel7"]  # its data, epochs, learning rate, wd
    training.setup_torch()
    vocab, _ = training.corpus()
    dls = training.make_dls(recipe.data)
    start = time.perf_counter()
    set_seed(seed)
    learn = untied_learner(dls, len(vocab))
    training.quiet_fit(learn, recipe.epochs, recipe.lr, **recipe.fit_kwargs())
    return training.recorded(learn, "UntiedLMModel7", seed, time.perf_counter() - start)
# --8<-- [end:twin]


# Here rather than beside train_gru in reproduce/training.py (as trained_positions is
# in snippets/rnn_stability.py): that file is part of every cache key and is written out
# by the walkthrough's setup cell, so a change to it retrains every cached model and
# makes the committed walkthrough stale.
def train_untied(seed=SEED):
    """`fit_untied_lm_model7(seed)`, trained once, then read from the training cache."""
    from reproduce import cache
    from reproduce.training import result_file
    from snippets.training import Result

    return cache.remembered(
        result_file("UntiedLMModel7", seed, ("snippets/untied.py",)),
        lambda: fit_untied_lm_model7(seed), Result.to_json, Result.from_json,
    )
