"""LMModel5: PyTorch's nn.RNN with two stacked layers.

Included by: notebooks/walkthrough.md, questions/q18.md; imported by: questions/q19.md,
questions/q30.md, results.md
"""

import torch
from torch import nn


# --8<-- [start:model]
class LMModel5(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers, bs=64):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.RNN(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        # one state per layer, per batch row
        self.h = torch.zeros(n_layers, bs, n_hidden)

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)  # res: top layer's output at every step
        self.h = h.detach()
        return self.h_o(res)  # (bs, sl, vocab_sz)

    def reset(self):
        self.h.zero_()
# --8<-- [end:model]
