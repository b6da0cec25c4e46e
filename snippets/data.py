"""The three ways the chapter turns the token stream into training examples.

A: non-overlapping 3-token inputs, the 4th token as target     (LMModel1, LMModel2)
B: A re-ordered by `group_chunks`, so batch row j continues row j (LMModel3)
C: 16-token inputs, target = the same 16 tokens shifted by one  (LMModel4 to LMModel7)

Included by: notebooks/walkthrough.md, questions/q09.md; imported by:
notebooks/walkthrough.md, questions/q02.md, questions/q09.md, questions/q11.md,
questions/q13.md, questions/q14.md, questions/q15.md, questions/q16.md, questions/q31.md,
results.md
"""

import torch
from fastai.data.core import DataLoaders

from snippets.human_numbers import load_corpus

BS = 64   # batch size used by every model of the chapter
SL = 16   # sequence length of data C


def three_token_seqs(nums):
    """(3 tokens, next token) pairs that do not overlap: 21,031 for HUMAN_NUMBERS."""
    return [
        (torch.tensor(nums[i:i + 3]), nums[i + 3]) for i in range(0, len(nums) - 4, 3)
    ]


# --8<-- [start:group_chunks]
def group_chunks(ds, bs):
    """Re-order `ds` so that row j of batch i+1 is the text just after row j of batch i.

    Cut the data into `bs` contiguous streams of m items each; batch i then takes item i
    of every stream: items i, m+i, 2m+i, ... The hidden state of row j can then carry
    over between batches.
    """
    m = len(ds) // bs
    return [ds[i + m * j] for i in range(m) for j in range(bs)]
# --8<-- [end:group_chunks]


def shifted_seqs(nums, sl=SL):
    """(sl tokens, the same sl tokens one step later): a target at every position."""
    return [
        (torch.tensor(nums[i:i + sl]), torch.tensor(nums[i + 1:i + sl + 1]))
        for i in range(0, len(nums) - sl - 1, sl)
    ]


def split(seqs):
    """The chapter's split: first 80% train, last 20% valid, in order (no shuffling)."""
    cut = int(len(seqs) * 0.8)
    return seqs[:cut], seqs[cut:]


def dls_a(nums, bs=BS, num_workers=None):
    """Data A: three-token inputs, plain order (the baseline, LMModel1 and LMModel2)."""
    train, valid = split(three_token_seqs(nums))
    return DataLoaders.from_dsets(
        train, valid, bs=bs, shuffle=False, **_workers(num_workers)
    )


def dls_b(nums, bs=BS, num_workers=None):
    """Data B: three-token inputs, each batch row continuing the previous batch's row
    (LMModel3)."""
    train, valid = split(three_token_seqs(nums))
    return DataLoaders.from_dsets(
        group_chunks(train, bs), group_chunks(valid, bs), bs=bs,
        drop_last=True, shuffle=False, **_workers(num_workers),
    )


def dls_c(nums, bs=BS, sl=SL, num_workers=None):
    """Data C: sl-token inputs, shifted targets, grouped like B (LMModel4 to 7)."""
    train, valid = split(shifted_seqs(nums, sl))
    return DataLoaders.from_dsets(
        group_chunks(train, bs), group_chunks(valid, bs), bs=bs,
        drop_last=True, shuffle=False, **_workers(num_workers),
    )


def _workers(num_workers):
    # None keeps fastai's default (worker processes), as the book runs it; 0 loads
    # in-process, which is twice as fast on a 2-core machine and gives bit-identical
    # batches.
    return {} if num_workers is None else {"num_workers": num_workers}


def chapter_data():
    """vocab and nums of HUMAN_NUMBERS (generated offline if needed)."""
    _, _, _, vocab, nums = load_corpus()
    return vocab, nums
