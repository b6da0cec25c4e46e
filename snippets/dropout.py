"""Dropout written from scratch (questions 32 to 36).

`Dropout` behaves like `torch.nn.Dropout`: in training mode it zeroes each activation
with probability `p` and multiplies the survivors by 1/(1-p); in evaluation mode it
returns its input unchanged. It draws its mask the way PyTorch's CPU kernel does
(`bernoulli_(1 - p)` on an empty tensor of the input's shape, then `div_(1 - p)`), so
with the same seed both give identical outputs.

The math, elementwise, in training mode:

    m ~ Bernoulli(1 - p)                 1 (keep) with probability 1 - p, else 0
    y = m * x / (1 - p)                  survivors scaled up by 1/(1-p)
    E[y] = (1 - p) * x / (1 - p) = x     the expectation is preserved

`GlobalPDropout` reconstructs, in a few lines of our own, the slip in the chapter's
printed class: it stores `p` on the module, then reads a *module-level* name `p` in
`forward`. With no global `p` it raises NameError; with one, it silently uses that value
instead of the one it was built with.

Included by: questions/q32.md, questions/q34.md, questions/q35.md; imported by:
further-research/fr4.md, questions/q33.md
"""

import torch
from torch import nn


# --8<-- [start:dropout]
class Dropout(nn.Module):
    """Training: zero each activation with probability p, scale the rest by 1/(1-p)."""

    def __init__(self, p=0.5):
        super().__init__()
        if not 0 <= p <= 1:
            raise ValueError(f"dropout probability must be in [0, 1], got {p}")
        self.p = p

    def forward(self, x):
        if not self.training:               # evaluation mode: the identity, y = x
            return x
        if self.p == 1:                     # all dropped; 1/(1-p) would divide by 0
            return torch.zeros_like(x)
        keep = 1 - self.p                   # probability that an activation survives
        mask = torch.empty_like(x).bernoulli_(keep)   # m ~ Bernoulli(1 - p)
        # y = m * x / (1 - p): survivors scaled up by 1/keep, so E[y] = x
        return x * mask.div_(keep)

    def extra_repr(self):
        return f"p={self.p}"
# --8<-- [end:dropout]


# --8<-- [start:slip]
class GlobalPDropout(nn.Module):
    """The book's slip, reconstructed: p is stored on the module, never read from it."""

    def __init__(self, p):
        super().__init__()
        self.p = p                          # stored here ...

    def forward(self, x):
        if not self.training:
            return x
        # ... but read back here as a global name p, not self.p
        keep = 1 - p  # noqa: F821
        # y = m * x / (1 - p), m ~ Bernoulli(1 - p), with whatever the global p is
        return x * torch.empty_like(x).bernoulli_(keep).div_(keep)
# --8<-- [end:slip]
