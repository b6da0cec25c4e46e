"""LMModel7: LMModel6 plus dropout and weight tying; returns what AR and TAR need.

Included by: notebooks/walkthrough.md, questions/q39.md; imported by:
further-research/fr4.md, questions/q31.md, questions/q34.md, questions/q36.md,
questions/q37.md, questions/q38.md, questions/q39.md, results.md
"""

import torch
from torch import nn


# --8<-- [start:model]
class LMModel7(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers, p, bs=64):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.drop = nn.Dropout(p)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h_o.weight = self.i_h.weight  # weight tying: one tensor, two roles
        self.h = [torch.zeros(n_layers, bs, n_hidden) for _ in range(2)]

    def forward(self, x):
        raw, h = self.rnn(self.i_h(x), self.h)
        out = self.drop(raw)
        self.h = [h_.detach() for h_ in h]
        # fastai's RNNCallback splits this tuple: predictions for the loss, raw for TAR,
        # out for AR
        return self.h_o(out), raw, out

    def reset(self):
        for h in self.h:
            h.zero_()
# --8<-- [end:model]
