"""LMModel2: LMModel1's three steps written as a loop: the first recurrent neural
network.

Included by: further-research/fr1.md, notebooks/walkthrough.md, questions/q06.md,
questions/q10.md; imported by: results.md
"""

import torch.nn.functional as F
from torch import nn


# --8<-- [start:model]
class LMModel2(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x):
        h = 0  # broadcasts to (bs, n_hidden) on the first add
        for i in range(3):  # h_t = relu(W_hh (h_{t-1} + emb(x_t)) + b)
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
        return self.h_o(h)
# --8<-- [end:model]
