"""LMModel4: a prediction after every token of a 16-token sequence, not only after the
last.

Included by: notebooks/walkthrough.md, questions/q16.md; imported by: questions/q15.md,
questions/q18.md, results.md
"""

import torch
import torch.nn.functional as F
from torch import nn


# --8<-- [start:model]
class LMModel4(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = 0

    def forward(self, x):  # x: (bs, sl)
        outs = []
        for i in range(x.shape[1]):
            self.h = self.h + self.i_h(x[:, i])
            self.h = F.relu(self.h_h(self.h))
            outs.append(self.h_o(self.h))  # one prediction per position
        self.h = self.h.detach()
        return torch.stack(outs, dim=1)  # (bs, sl, vocab_sz)

    def reset(self):
        self.h = 0
# --8<-- [end:model]


# --8<-- [start:loss]
def loss_func(inp, targ):
    # cross_entropy wants (N, classes) scores and (N,) targets: fold the batch and time
    # axes into N. The chapter writes view(-1, len(vocab)); inp.shape[-1] is the same
    # 30, without a global.
    return F.cross_entropy(inp.view(-1, inp.shape[-1]), targ.view(-1))
# --8<-- [end:loss]
