"""Question 5: predict the third word of a sentence from the two words before it,
without peeking.

"Peeking" means letting the word to predict reach the model's input. The model below
takes a window of words (bs, n) with n >= 2 and reads only columns 0 and 1, so whatever
sits in column 2 and later cannot change its output;
tests/snippets/test_two_word_model.py checks exactly that.

Included by: questions/q05.md; imported by: questions/q01.md, questions/q05.md
"""

from functools import lru_cache

import torch
import torch.nn.functional as F
from torch import nn

from snippets import SEED


# --8<-- [start:model]
class TwoWordModel(nn.Module):
    """An RNN over exactly two steps: h = relu(W(emb(w1))); h = relu(W(h + emb(w2)));
    scores = V h."""

    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x):  # x: (bs, n) token ids, n >= 2
        if x.shape[1] < 2:
            raise ValueError(f"need the two previous words, got {x.shape[1]} column(s)")
        h = F.relu(self.h_h(self.i_h(x[:, 0])))  # only column 0...
        h = F.relu(self.h_h(h + self.i_h(x[:, 1])))  # ...and column 1 are ever read
        return self.h_o(h)  # (bs, vocab_sz): scores for the third word
# --8<-- [end:model]


# --8<-- [start:data]
def two_word_seqs(nums):
    """(first two words, third word) from non-overlapping 3-token windows of the
    stream."""
    return [
        (torch.tensor(nums[i:i + 2]), nums[i + 2]) for i in range(0, len(nums) - 2, 3)
    ]
# --8<-- [end:data]


@lru_cache(maxsize=None)
def train_two_word_model(seed=SEED, epochs=3, lr=3e-3):
    """Train TwoWordModel on HUMAN_NUMBERS (80/20 split, in order); returns
    (learner, baseline, accuracy)."""
    from collections import Counter

    from fastai.data.core import DataLoaders
    import fastai.callback.progress  # noqa: F401  (adds Learner.no_bar)
    import fastai.callback.schedule  # noqa: F401  (adds Learner.fit_one_cycle)
    from fastai.learner import Learner
    from fastai.metrics import accuracy
    from fastai.torch_core import set_seed

    from snippets.data import chapter_data, split

    vocab, nums = chapter_data()
    train, valid = split(two_word_seqs(nums))
    set_seed(seed)
    dls = DataLoaders.from_dsets(train, valid, bs=64, shuffle=False, num_workers=0)
    learn = Learner(
        dls, TwoWordModel(len(vocab), 64), loss_func=F.cross_entropy, metrics=accuracy
    )
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(epochs, lr)
        acc = float(learn.validate()[1])
    counts = Counter(int(y) for _, y in valid)
    baseline = counts.most_common(1)[0][1] / len(valid)
    return learn, baseline, acc
