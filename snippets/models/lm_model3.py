"""LMModel3: the hidden state survives between batches (detached: truncated
backpropagation through time).

Included by: notebooks/walkthrough.md, questions/q07.md, questions/q11.md; imported by:
questions/q09.md, questions/q12.md, questions/q14.md, results.md
"""

import torch.nn.functional as F
from torch import nn


# --8<-- [start:model]
class LMModel3(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = 0  # state kept from one batch to the next

    def forward(self, x):
        for i in range(3):
            self.h = self.h + self.i_h(x[:, i])
            self.h = F.relu(self.h_h(self.h))
        out = self.h_o(self.h)
        self.h = self.h.detach()  # keep the values, drop the graph behind them
        return out

    def reset(self):
        self.h = 0  # called by ModelResetter at each epoch/phase start
# --8<-- [end:model]
