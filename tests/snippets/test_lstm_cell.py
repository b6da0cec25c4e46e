"""The two LSTM cells of snippets/lstm_cell.py compute the same function as each other and as torch.nn.LSTMCell."""

import pytest
import torch
from torch import nn

from snippets.lstm_cell import (
    CHUNK_ORDER,
    TORCH_ORDER,
    LSTMCellCat,
    LSTMCellChunk,
    cat_to_chunk,
    chunk_to_cat,
    chunk_to_torch,
    reorder_blocks,
    run,
    torch_to_chunk,
)

NI, NH, BS, SL = 5, 7, 3, 12   # ni != nh, so a mix-up of the h and input columns cannot go unnoticed
ATOL = 1e-6


def _inputs(seed=0):
    g = torch.Generator().manual_seed(seed)
    xs = torch.randn(BS, SL, NI, generator=g) * 2
    h0 = torch.randn(BS, NH, generator=g) * 0.5
    c0 = torch.randn(BS, NH, generator=g) * 2
    return xs, (h0, c0)


def _randomize(module, seed):
    """Weights larger than the default init, so every gate is far from 0.5 and errors show."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for p in module.parameters():
            p.copy_(torch.randn(p.shape, generator=g))
    return module


def _max_diff(a, b):
    (ya, (ha, ca)), (yb, (hb, cb)) = a, b
    return max((ya - yb).abs().max().item(), (ha - hb).abs().max().item(), (ca - cb).abs().max().item())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_cat_copied_into_chunk_gives_the_same_outputs(seed):
    cat = _randomize(LSTMCellCat(NI, NH), seed)
    chunk = cat_to_chunk(cat, _randomize(LSTMCellChunk(NI, NH), seed + 100))
    xs, state = _inputs(seed)
    diff = _max_diff(run(cat, xs, state), run(chunk, xs, state))
    assert diff < ATOL, diff


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_chunk_copied_into_cat_gives_the_same_outputs(seed):
    chunk = _randomize(LSTMCellChunk(NI, NH), seed)   # both biases nonzero: they must be summed
    cat = chunk_to_cat(chunk, _randomize(LSTMCellCat(NI, NH), seed + 100))
    xs, state = _inputs(seed)
    diff = _max_diff(run(chunk, xs, state), run(cat, xs, state))
    assert diff < ATOL, diff


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_both_forms_equal_torch_lstmcell(seed):
    chunk = _randomize(LSTMCellChunk(NI, NH), seed)
    ref = chunk_to_torch(chunk, nn.LSTMCell(NI, NH))
    cat = chunk_to_cat(chunk, LSTMCellCat(NI, NH))
    xs, state = _inputs(seed)
    expected = run(ref, xs, state)
    assert _max_diff(run(chunk, xs, state), expected) < ATOL
    assert _max_diff(run(cat, xs, state), expected) < ATOL


def test_torch_lstmcell_mapped_into_chunk_and_cat():
    ref = _randomize(nn.LSTMCell(NI, NH), 5)
    chunk = torch_to_chunk(ref, LSTMCellChunk(NI, NH))
    cat = chunk_to_cat(chunk, LSTMCellCat(NI, NH))
    xs, state = _inputs(5)
    expected = run(ref, xs, state)
    assert _max_diff(run(chunk, xs, state), expected) < ATOL
    assert _max_diff(run(cat, xs, state), expected) < ATOL


def test_round_trips_restore_the_weights():
    ref = _randomize(nn.LSTMCell(NI, NH), 7)
    back = chunk_to_torch(torch_to_chunk(ref, LSTMCellChunk(NI, NH)), nn.LSTMCell(NI, NH))
    for a, b in zip(ref.parameters(), back.parameters()):
        assert torch.equal(a, b)
    chunk = _randomize(LSTMCellChunk(NI, NH), 8)
    with torch.no_grad():
        chunk.ih.bias += chunk.hh.bias   # the cat form keeps only the sum of the two biases
        chunk.hh.bias.zero_()
    again = cat_to_chunk(chunk_to_cat(chunk, LSTMCellCat(NI, NH)), LSTMCellChunk(NI, NH))
    for a, b in zip(chunk.parameters(), again.parameters()):
        assert torch.equal(a, b)


def test_gate_order_matters():
    """Copying the blocks without reordering (the chapter's order read as PyTorch's) changes the outputs."""
    chunk = _randomize(LSTMCellChunk(NI, NH), 3)
    ref = nn.LSTMCell(NI, NH)
    with torch.no_grad():
        ref.weight_ih.copy_(chunk.ih.weight)
        ref.weight_hh.copy_(chunk.hh.weight)
        ref.bias_ih.copy_(chunk.ih.bias)
        ref.bias_hh.copy_(chunk.hh.bias)
    xs, state = _inputs(3)
    assert _max_diff(run(chunk, xs, state), run(ref, xs, state)) > 0.1


def test_reorder_blocks_is_a_permutation():
    t = torch.arange(4 * NH * 2).view(4 * NH, 2)
    moved = reorder_blocks(t, CHUNK_ORDER, TORCH_ORDER)
    assert torch.equal(moved[2 * NH:3 * NH], t[3 * NH:]) and torch.equal(moved[3 * NH:], t[2 * NH:3 * NH])
    assert torch.equal(reorder_blocks(moved, TORCH_ORDER, CHUNK_ORDER), t)


def test_gradients_agree_with_torch():
    chunk = _randomize(LSTMCellChunk(NI, NH), 4)
    ref = chunk_to_torch(chunk, nn.LSTMCell(NI, NH))
    xs, state = _inputs(4)
    run(chunk, xs, state)[0].pow(2).sum().backward()
    run(ref, xs, state)[0].pow(2).sum().backward()
    mapped = reorder_blocks(chunk.hh.weight.grad, CHUNK_ORDER, TORCH_ORDER)
    assert torch.allclose(mapped, ref.weight_hh.grad, atol=1e-4, rtol=1e-5), (mapped - ref.weight_hh.grad).abs().max()
