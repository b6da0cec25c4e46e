"""LMModel1: predict the 4th token from 3, with three explicit steps that share one
weight matrix.

Included by: notebooks/walkthrough.md, questions/q03.md, questions/q04.md,
questions/q08.md, questions/q10.md; imported by: results.md
"""

import torch.nn.functional as F
from torch import nn


# --8<-- [start:model]
class LMModel1(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        # input -> hidden: one vector per token
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        # hidden -> hidden: the SAME layer at every step
        self.h_h = nn.Linear(n_hidden, n_hidden)
        # hidden -> output: a score per vocab word
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x):  # x: (bs, 3) token ids
        h = F.relu(self.h_h(self.i_h(x[:, 0])))  # step 1 reads the 1st token, x[:, 0]
        h = h + self.i_h(x[:, 1])  # the 2nd token is added in...
        h = F.relu(self.h_h(h))  # ...and goes through the same layer
        h = h + self.i_h(x[:, 2])
        h = F.relu(self.h_h(h))
        return self.h_o(h)  # (bs, vocab_sz): scores for the 4th token
# --8<-- [end:model]
