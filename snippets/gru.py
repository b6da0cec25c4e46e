"""A multi-layer GRU written from scratch (Further Research 3), batch-first.

The equations, in PyTorch's convention (x_t the input, h the previous hidden
state, * elementwise):

    r   = sigmoid(W_ir x_t + b_ir + W_hr h + b_hr)          reset gate
    z   = sigmoid(W_iz x_t + b_iz + W_hz h + b_hz)          update gate
    n   = tanh(W_in x_t + b_in + r * (W_hn h + b_hn))       candidate state
    h'  = (1 - z) * n + z * h                               new hidden state

Note where the reset gate acts: on W_hn h + b_hn, after the matrix product and including
its bias. (The 2014 paper of Cho et al. multiplies r into h before the product,
W_hn (r * h); PyTorch and cuDNN use the form above, so b_hn cannot be merged into b_in.)

`copy_from_torch` loads a `torch.nn.GRU`'s weights into ours: PyTorch stacks the three
gates of layer l in `weight_ih_l{l}` / `weight_hh_l{l}` (and the biases) in the order
r, z, n, the order our cell chunks in. `LMModelGRU` is the chapter's LMModel6 with a GRU
(ours or PyTorch's).

Included by: further-research/fr3.md; imported by: further-research/fr3.md
"""

import torch
from torch import nn

from snippets import SEED


# --8<-- [start:cell]
class GRUCell(nn.Module):
    """One GRU step: (x_t, h) -> h'. Gates in PyTorch's order r, z, n."""

    def __init__(self, n_in, n_hidden):
        super().__init__()
        # W_ir, W_iz, W_in stacked (with b_ir, b_iz, b_in); W_hr, W_hz, W_hn likewise
        self.ih = nn.Linear(n_in, 3 * n_hidden)
        self.hh = nn.Linear(n_hidden, 3 * n_hidden)

    def forward(self, x, h):
        return self.step(self.ih(x), h)

    def step(self, x_proj, h):
        """The step given the input part `self.ih(x)` (the layer precomputes it)."""
        x_r, x_z, x_n = x_proj.chunk(3, dim=1)
        h_r, h_z, h_n = self.hh(h).chunk(3, dim=1)
        r = torch.sigmoid(x_r + h_r)  # how much of the old state the candidate sees
        z = torch.sigmoid(x_z + h_z)  # how much of the old state to keep
        n = torch.tanh(x_n + r * h_n)  # candidate: r scales W_hn h + b_hn
        return (1 - z) * n + z * h
# --8<-- [end:cell]


# --8<-- [start:gru]
class GRU(nn.Module):
    """A stack of GRU layers with nn.GRU's interface (batch_first=True)."""

    def __init__(self, n_in, n_hidden, n_layers=1):
        super().__init__()
        self.n_hidden, self.n_layers = n_hidden, n_layers
        self.cells = nn.ModuleList(
            [GRUCell(n_in if i == 0 else n_hidden, n_hidden) for i in range(n_layers)]
        )

    def forward(self, x, h0=None):
        """x: (bs, sl, n_in); h0: (n_layers, bs, n_hidden), zeros if None."""
        if h0 is None:
            h0 = x.new_zeros(self.n_layers, x.shape[0], self.n_hidden)
        last = []
        for i, cell in enumerate(self.cells):
            x_proj = cell.ih(x)  # input side of every step in one matmul
            h, outs = h0[i], []
            for t in range(x.shape[1]):
                h = cell.step(x_proj[:, t], h)
                outs.append(h)
            x = torch.stack(outs, dim=1)  # this layer's outputs feed the next layer
            last.append(h)
        return x, torch.stack(last)
# --8<-- [end:gru]


# --8<-- [start:copy]
@torch.no_grad()
def copy_from_torch(ours: GRU, theirs: nn.GRU) -> GRU:
    """Load the weights of a `torch.nn.GRU` into our GRU; returns ours."""
    assert theirs.batch_first and not theirs.bidirectional and theirs.bias
    assert (theirs.num_layers, theirs.hidden_size) == (ours.n_layers, ours.n_hidden)
    for i, cell in enumerate(ours.cells):
        cell.ih.weight.copy_(getattr(theirs, f"weight_ih_l{i}"))  # rows: r, z, n
        cell.ih.bias.copy_(getattr(theirs, f"bias_ih_l{i}"))
        cell.hh.weight.copy_(getattr(theirs, f"weight_hh_l{i}"))
        cell.hh.bias.copy_(getattr(theirs, f"bias_hh_l{i}"))  # b_hn stays inside r*()
    return ours
# --8<-- [end:copy]


# --8<-- [start:model]
class LMModelGRU(nn.Module):
    """LMModel6 with a GRU: ours, or PyTorch's nn.GRU if `torch_gru=True`."""

    def __init__(self, vocab_sz, n_hidden, n_layers, bs=64, torch_gru=False):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        if torch_gru:
            self.rnn = nn.GRU(n_hidden, n_hidden, n_layers, batch_first=True)
        else:
            self.rnn = GRU(n_hidden, n_hidden, n_layers)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = torch.zeros(n_layers, bs, n_hidden)  # one state per layer, no cell

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)
        self.h = h.detach()
        return self.h_o(res)

    def reset(self):
        self.h.zero_()
# --8<-- [end:model]


# ------------------------------------------------------------------------------------
# Training the chapter's way (Further Research 3): both GRUs from the same starting
# weights.

# --8<-- [start:train]
from snippets import SEED   # 42, the seed of every figure the site quotes


@torch.no_grad()
def copy_model(ours: LMModelGRU, theirs: LMModelGRU) -> LMModelGRU:
    """Give `ours` (our GRU inside) every weight of `theirs` (nn.GRU inside)."""
    ours.i_h.weight.copy_(theirs.i_h.weight)
    ours.h_o.weight.copy_(theirs.h_o.weight)
    ours.h_o.bias.copy_(theirs.h_o.bias)
    copy_from_torch(ours.rnn, theirs.rnn)
    return ours


def gru_models(seed=SEED, vocab_sz=30, n_hidden=64, n_layers=2):
    """(our GRU model, nn.GRU model), same weights, built after set_seed(seed)."""
    from fastai.torch_core import set_seed

    set_seed(seed)
    torch_model = LMModelGRU(vocab_sz, n_hidden, n_layers, torch_gru=True)
    with torch.random.fork_rng():  # our own init is overwritten: draw it aside
        ours = LMModelGRU(vocab_sz, n_hidden, n_layers)
    return copy_model(ours, torch_model), torch_model


def fit_gru(which, seed=SEED):
    """Train our GRU (`which="ours"`) or nn.GRU (`which="torch"`) like LMModel6.

    Both start from the same weights; `reproduce.training.train_gru` runs each fit once
    and caches the result.
    """
    from snippets import training
    from snippets.lstm import fit_like_lmmodel6

    name = {"ours": "ScratchGRU", "torch": "TorchGRU"}[which]
    vocab, _ = training.corpus()
    ours, torch_model = gru_models(seed, len(vocab))
    return fit_like_lmmodel6(name, ours if which == "ours" else torch_model, seed)
# --8<-- [end:train]
