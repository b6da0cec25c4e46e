"""LMModel6: LMModel5 with an LSTM, which keeps two states per layer (hidden and cell).

Included by: notebooks/walkthrough.md; imported by: further-research/fr2.md,
further-research/fr3.md, questions/q30.md, questions/q39.md, results.md
"""

import torch
from torch import nn


# --8<-- [start:model]
class LMModel6(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers, bs=64):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        # [hidden state, cell state]
        self.h = [torch.zeros(n_layers, bs, n_hidden) for _ in range(2)]

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)
        self.h = [h_.detach() for h_ in h]
        return self.h_o(res)

    def reset(self):
        for h in self.h:
            h.zero_()
# --8<-- [end:model]
