"""The LSTM cell written two ways, and maps of their weights to each other and to
torch.nn.LSTMCell.

`LSTMCellCat`: four gates, each one `nn.Linear` applied to the hidden state and the
input joined side by side with `torch.cat`. `LSTMCellChunk`: one `nn.Linear` for the
input and one for the hidden state, each producing all four gates at once; `chunk(4, 1)`
cuts the sum into the gates.

Both compute, with [h_{t-1}, x_t] the two joined and * elementwise:

    f_t = sigmoid(W_f [h_{t-1}, x_t] + b_f)    forget gate
    i_t = sigmoid(W_i [h_{t-1}, x_t] + b_i)    input gate
    g_t = tanh(W_g [h_{t-1}, x_t] + b_g)       cell gate: candidate values
    o_t = sigmoid(W_o [h_{t-1}, x_t] + b_o)    output gate
    c_t = f_t * c_{t-1} + i_t * g_t            new cell state
    h_t = o_t * tanh(c_t)                      new hidden state

(The chunk form keeps the h and x columns of each W apart: W [h, x] = W_h h + W_x x.)

Gate order inside the big matrices of `LSTMCellChunk` (rows in blocks of nh):
input, forget, output, cell. torch.nn.LSTMCell uses input, forget, cell, output.

Included by: questions/q27.md, questions/q29.md; imported by: questions/q24.md
"""

import torch
from torch import nn


# --8<-- [start:cell_cat]
class LSTMCellCat(nn.Module):
    """One LSTM step; each gate is a linear layer on [hidden state, input] joined."""

    def __init__(self, ni, nh):
        super().__init__()
        self.forget_gate = nn.Linear(nh + ni, nh)
        self.input_gate = nn.Linear(nh + ni, nh)
        self.cell_gate = nn.Linear(nh + ni, nh)
        self.output_gate = nn.Linear(nh + ni, nh)

    def forward(self, input, state):
        h, c = state                                   # h, c: (bs, nh); input: (bs, ni)
        hx = torch.cat([h, input], dim=1)              # [h_{t-1}, x_t]: (bs, nh + ni)
        # f_t = sigmoid(W_f [h_{t-1}, x_t] + b_f): how much of c to keep
        forget = torch.sigmoid(self.forget_gate(hx))
        c = c * forget                                 # f_t * c_{t-1}
        # i_t = sigmoid(W_i [h_{t-1}, x_t] + b_i): share of the candidate to add
        write = torch.sigmoid(self.input_gate(hx))
        # g_t = tanh(W_g [h_{t-1}, x_t] + b_g): new values, in (-1, 1)
        candidate = torch.tanh(self.cell_gate(hx))
        c = c + write * candidate                      # c_t = f_t * c_{t-1} + i_t * g_t
        # o_t = sigmoid(W_o [h_{t-1}, x_t] + b_o): how much of the cell to expose
        show = torch.sigmoid(self.output_gate(hx))
        h = show * torch.tanh(c)                       # h_t = o_t * tanh(c_t)
        return h, (h, c)
# --8<-- [end:cell_cat]


# --8<-- [start:cell_chunk]
class LSTMCellChunk(nn.Module):
    """The same step with two big linear layers; `chunk` cuts their sum into 4 gates."""

    def __init__(self, ni, nh):
        super().__init__()
        self.ih = nn.Linear(ni, 4 * nh)   # input -> all four gates
        self.hh = nn.Linear(nh, 4 * nh)   # hidden state -> all four gates

    def forward(self, input, state):
        h, c = state
        # W_ih x_t + b_ih + W_hh h_{t-1} + b_hh, cut into four (bs, nh) pieces
        gates = (self.ih(input) + self.hh(h)).chunk(4, 1)
        # input, forget, output gates: i_t, f_t, o_t = sigmoid(...)
        write, forget, show = map(torch.sigmoid, gates[:3])
        candidate = gates[3].tanh()            # cell gate: g_t = tanh(...)
        c = forget * c + write * candidate     # c_t = f_t * c_{t-1} + i_t * g_t
        h = show * c.tanh()                    # h_t = o_t * tanh(c_t)
        return h, (h, c)
# --8<-- [end:cell_chunk]


# --8<-- [start:copy]
# gate blocks of LSTMCellChunk, top to bottom
CHUNK_ORDER = ("input", "forget", "output", "cell")


def _cat_gates(cell):
    """The four gate layers of an LSTMCellCat, by gate name."""
    return {
        "input": cell.input_gate, "forget": cell.forget_gate,
        "cell": cell.cell_gate, "output": cell.output_gate,
    }


@torch.no_grad()
def cat_to_chunk(src: LSTMCellCat, dst: LSTMCellChunk) -> LSTMCellChunk:
    """Copy the weights of the concatenation form into the chunk form.

    Each gate's weight (nh, nh + ni) splits by columns: the first nh columns multiply h,
    the rest the input (that is the order of torch.cat([h, input])). Its rows go to
    that gate's block. The chunk form has two biases per gate where one is enough: put
    the bias in ih, zero in hh.
    """
    nh = src.forget_gate.out_features
    gates = _cat_gates(src)
    for k, name in enumerate(CHUNK_ORDER):
        rows = slice(k * nh, (k + 1) * nh)
        dst.hh.weight[rows] = gates[name].weight[:, :nh]
        dst.ih.weight[rows] = gates[name].weight[:, nh:]
        dst.ih.bias[rows] = gates[name].bias
        dst.hh.bias[rows] = 0.0
    return dst


@torch.no_grad()
def chunk_to_cat(src: LSTMCellChunk, dst: LSTMCellCat) -> LSTMCellCat:
    """The reverse copy: glue the columns back side by side; the two biases add up."""
    nh = src.hh.in_features
    gates = _cat_gates(dst)
    for k, name in enumerate(CHUNK_ORDER):
        rows = slice(k * nh, (k + 1) * nh)
        joined = torch.cat([src.hh.weight[rows], src.ih.weight[rows]], dim=1)
        gates[name].weight.copy_(joined)
        gates[name].bias.copy_(src.ih.bias[rows] + src.hh.bias[rows])
    return dst
# --8<-- [end:copy]


# --8<-- [start:torch_map]
# gate blocks of torch.nn.LSTMCell and nn.LSTM
TORCH_ORDER = ("input", "forget", "cell", "output")


def reorder_blocks(t: torch.Tensor, src_order, dst_order) -> torch.Tensor:
    """Rows of a (4*nh, ...) gate matrix or (4*nh,) bias, moved from one gate order
    to another."""
    blocks = dict(zip(src_order, t.chunk(4, 0)))
    return torch.cat([blocks[name] for name in dst_order], 0)


@torch.no_grad()
def chunk_to_torch(src: LSTMCellChunk, dst: nn.LSTMCell) -> nn.LSTMCell:
    """Copy into torch.nn.LSTMCell: same matrices and biases, gate blocks reordered."""
    for ours, theirs in [
        (src.ih.weight, dst.weight_ih), (src.hh.weight, dst.weight_hh),
        (src.ih.bias, dst.bias_ih), (src.hh.bias, dst.bias_hh),
    ]:
        theirs.copy_(reorder_blocks(ours, CHUNK_ORDER, TORCH_ORDER))
    return dst


@torch.no_grad()
def torch_to_chunk(src: nn.LSTMCell, dst: LSTMCellChunk) -> LSTMCellChunk:
    """The reverse of chunk_to_torch."""
    for theirs, ours in [
        (src.weight_ih, dst.ih.weight), (src.weight_hh, dst.hh.weight),
        (src.bias_ih, dst.ih.bias), (src.bias_hh, dst.hh.bias),
    ]:
        ours.copy_(reorder_blocks(theirs, TORCH_ORDER, CHUNK_ORDER))
    return dst
# --8<-- [end:torch_map]


def run(cell, xs, state):
    """Apply a cell to every step of xs (bs, sl, ni); return the stacked h (bs, sl, nh)
    and the last (h, c)."""
    outs = []
    for t in range(xs.shape[1]):
        out = cell(xs[:, t], state)
        # ours return (h, (h, c)); nn.LSTMCell returns (h, c)
        h, state = out if isinstance(out[1], tuple) else (out[0], out)
        outs.append(h)
    return torch.stack(outs, dim=1), state
