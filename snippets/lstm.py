"""A multi-layer LSTM written from scratch (Further Research 2).

Batch-first like the chapter's `nn.LSTM(..., batch_first=True)`: inputs are
(batch, time, features). Built from three pieces, each a plain nn.Module:

- `LSTMCell`: one time step of one layer, (x_t, (h, c)) -> (h, c);
- `LSTMLayer`: runs a cell over every time step of a sequence;
- `LSTM`: a stack of layers, each layer reading the outputs of the one below. Same
  forward call and return values as `torch.nn.LSTM(..., batch_first=True)`; its
  constructor takes no `batch_first` (it is always batch-first), which is all
  `LMModelLSTM` changes in LMModel6.

The equations, in PyTorch's convention (x_t the input, h_{t-1} and c_{t-1} the previous
hidden and cell states, * elementwise):

    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)    input gate
    f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)    forget gate
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)       candidate values
    o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)    output gate
    c_t = f_t * c_{t-1} + i_t * g_t                         new cell state
    h_t = o_t * tanh(c_t)                                   new hidden state

`copy_from_torch` loads the weights of a `torch.nn.LSTM` into ours, which is how the
tests prove that both compute the same function. `LMModelLSTM` is LMModel6 with our LSTM
in place of PyTorch's.

Included by: further-research/fr2.md; imported by: further-research/fr2.md
"""

import torch
from torch import nn

from snippets import SEED


# --8<-- [start:cell]
class LSTMCell(nn.Module):
    """One LSTM step. Gates in PyTorch's order: input, forget, candidate, output."""

    def __init__(self, n_in, n_hidden):
        super().__init__()
        # W_ii, W_if, W_ig, W_io stacked (with their biases); W_h* likewise
        self.ih = nn.Linear(n_in, 4 * n_hidden)  # input -> the four gates
        self.hh = nn.Linear(n_hidden, 4 * n_hidden)  # hidden -> the four gates

    def forward(self, x, state):
        return self.step(self.ih(x), state)

    def step(self, x_proj, state):
        """The step given the input part `self.ih(x)` (the layer precomputes it)."""
        h, c = state
        # each gate before its sigmoid or tanh: W_i* x_t + b_i* + W_h* h_{t-1} + b_h*
        i, f, g, o = (x_proj + self.hh(h)).chunk(4, dim=1)
        # c_t = f_t * c_{t-1} + i_t * g_t: forget some, add some
        # (f_t = sigmoid(f), i_t = sigmoid(i), g_t = tanh(g))
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h = torch.sigmoid(o) * torch.tanh(c)  # h_t = o_t * tanh(c_t), o_t = sigmoid(o)
        return h, c
# --8<-- [end:cell]


# --8<-- [start:layer]
class LSTMLayer(nn.Module):
    """One layer over a whole sequence: (bs, sl, n_in) -> (bs, sl, n_hidden)."""

    def __init__(self, n_in, n_hidden):
        super().__init__()
        self.cell = LSTMCell(n_in, n_hidden)

    def forward(self, x, state):
        # The input side does not depend on h: project all time steps at once (one big
        # matmul), then loop over time for the part that does.
        x_proj = self.cell.ih(x)  # W_i* x_t + b_i* for every t
        outs = []
        for t in range(x.shape[1]):
            state = self.cell.step(x_proj[:, t], state)
            outs.append(state[0])
        return torch.stack(outs, dim=1), state
# --8<-- [end:layer]


# --8<-- [start:lstm]
class LSTM(nn.Module):
    """A stack of LSTM layers with nn.LSTM's interface (batch_first=True)."""

    def __init__(self, n_in, n_hidden, n_layers=1):
        super().__init__()
        self.n_hidden, self.n_layers = n_hidden, n_layers
        self.layers = nn.ModuleList(
            [LSTMLayer(n_in if i == 0 else n_hidden, n_hidden) for i in range(n_layers)]
        )

    def forward(self, x, state=None):
        """x: (bs, sl, n_in); state: None (zeros) or (h, c), each (n_layers, bs, nh)."""
        if state is None:
            zeros = x.new_zeros(self.n_layers, x.shape[0], self.n_hidden)
            state = (zeros, zeros)
        h0, c0 = state
        hs, cs = [], []
        for i, layer in enumerate(self.layers):
            # its outputs feed the next layer: x_t of layer i+1 is h_t of layer i
            x, (h, c) = layer(x, (h0[i], c0[i]))
            hs.append(h)
            cs.append(c)
        return x, (torch.stack(hs), torch.stack(cs))
# --8<-- [end:lstm]


# --8<-- [start:copy]
@torch.no_grad()
def copy_from_torch(ours: LSTM, theirs: nn.LSTM) -> LSTM:
    """Load the weights of a `torch.nn.LSTM` into our LSTM; returns ours.

    PyTorch stores layer l as weight_ih_l{l} (4*nh, n_in), weight_hh_l{l} (4*nh, nh) and
    two biases, with the four gates stacked in the order i, f, g, o: our cell's order.
    """
    assert theirs.batch_first and not theirs.bidirectional
    assert theirs.proj_size == 0 and theirs.bias
    assert (theirs.num_layers, theirs.hidden_size) == (ours.n_layers, ours.n_hidden)
    for i, layer in enumerate(ours.layers):
        layer.cell.ih.weight.copy_(getattr(theirs, f"weight_ih_l{i}"))
        layer.cell.ih.bias.copy_(getattr(theirs, f"bias_ih_l{i}"))
        layer.cell.hh.weight.copy_(getattr(theirs, f"weight_hh_l{i}"))
        layer.cell.hh.bias.copy_(getattr(theirs, f"bias_hh_l{i}"))
    return ours
# --8<-- [end:copy]


# --8<-- [start:model]
class LMModelLSTM(nn.Module):
    """LMModel6 with our LSTM instead of nn.LSTM; everything else is the same."""

    def __init__(self, vocab_sz, n_hidden, n_layers, bs=64):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = LSTM(n_hidden, n_hidden, n_layers)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = [torch.zeros(n_layers, bs, n_hidden) for _ in range(2)]

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)
        self.h = [h_.detach() for h_ in h]
        return self.h_o(res)

    def reset(self):
        for h in self.h:
            h.zero_()
# --8<-- [end:model]


# ------------------------------------------------------------------------------------
# Training the chapter's way (used by Further Research 2 and 3; cached by
# reproduce.training).

def lm6_init_copy(model, seed):
    """Give `model` (an LMModel6 look-alike) the exact starting weights of the chapter's
    LMModel6.

    `snippets.training` builds LMModel6 right after `set_seed(seed)`; we do the same,
    copy its embedding, output layer and recurrent weights into `model`, and leave
    torch's random state where LMModel6's own run has it when training starts.
    """
    from fastai.torch_core import set_seed

    from snippets.models.lm_model6 import LMModel6

    set_seed(seed)
    m6 = LMModel6(model.i_h.num_embeddings, model.i_h.embedding_dim, model.rnn.n_layers)
    with torch.no_grad():
        model.i_h.weight.copy_(m6.i_h.weight)
        model.h_o.weight.copy_(m6.h_o.weight)
        model.h_o.bias.copy_(m6.h_o.bias)
    copy_from_torch(model.rnn, m6.rnn)
    return model


# --8<-- [start:fit]
def fit_like_lmmodel6(name, model, seed):
    """The chapter's LMModel6 recipe for any model: data C, CrossEntropyLossFlat,
    ModelResetter, fit_one_cycle(15, 1e-2); returns a `snippets.training.Result`
    (per-epoch figures, seconds)."""
    import time

    from fastai.callback.rnn import ModelResetter
    from fastai.learner import Learner
    from fastai.losses import CrossEntropyLossFlat
    from fastai.metrics import accuracy

    from snippets import training

    training.setup_torch()
    recipe = training.RECIPES["LMModel6"]  # its data, epochs and learning rate
    dls = training.make_dls(recipe.data)
    learn = Learner(dls, model, loss_func=CrossEntropyLossFlat(), metrics=accuracy,
                    cbs=ModelResetter)
    start = time.perf_counter()
    training.quiet_fit(learn, recipe.epochs, recipe.lr, **recipe.fit_kwargs())
    return training.recorded(learn, name, seed, time.perf_counter() - start)
# --8<-- [end:fit]


def fit_scratch_lstm(seed=SEED):
    """LMModelLSTM (our LSTM) trained as LMModel6, from LMModel6's own starting weights.
    `reproduce.training.train_scratch_lstm` runs it once and caches the result."""
    from snippets import training

    vocab, _ = training.corpus()
    with torch.random.fork_rng():  # our init draws are thrown away anyway
        model = LMModelLSTM(len(vocab), 64, 2)
    return fit_like_lmmodel6("ScratchLSTM", lm6_init_copy(model, seed), seed)
