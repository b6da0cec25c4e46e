"""snippets/lstm.py: our multi-layer LSTM computes what torch.nn.LSTM computes, and trains like it."""

import pytest
import torch
from torch import nn

from snippets.lstm import LSTM, LMModelLSTM, LSTMCell, copy_from_torch


def pair(n_in, n_hidden, n_layers, seed=0):
    torch.manual_seed(seed)
    theirs = nn.LSTM(n_in, n_hidden, n_layers, batch_first=True)
    ours = copy_from_torch(LSTM(n_in, n_hidden, n_layers), theirs)
    return ours, theirs


@pytest.mark.parametrize("n_layers", [1, 2, 3, 4])
@pytest.mark.parametrize("sl", [1, 2, 7, 16, 40])
def test_same_outputs_and_states_as_nn_lstm(n_layers, sl):
    ours, theirs = pair(8, 16, n_layers, seed=n_layers * 100 + sl)
    x = torch.randn(5, sl, 8)
    state = (torch.randn(n_layers, 5, 16), torch.randn(n_layers, 5, 16))
    out_a, (h_a, c_a) = theirs(x, state)
    out_b, (h_b, c_b) = ours(x, state)
    assert out_b.shape == out_a.shape == (5, sl, 16)
    assert h_b.shape == h_a.shape and c_b.shape == c_a.shape == (n_layers, 5, 16)
    for a, b in [(out_a, out_b), (h_a, h_b), (c_a, c_b)]:
        assert torch.allclose(a, b, atol=1e-6, rtol=1e-5), (a - b).abs().max()


@pytest.mark.parametrize("n_layers", [1, 2, 3])
def test_no_state_means_zeros(n_layers):
    ours, theirs = pair(6, 10, n_layers)
    x = torch.randn(3, 9, 6)
    out_a, (h_a, c_a) = theirs(x)
    out_b, (h_b, c_b) = ours(x)
    zeros = torch.zeros(n_layers, 3, 10)
    out_c, _ = ours(x, (zeros, zeros))
    assert torch.allclose(out_a, out_b, atol=1e-6), (out_a - out_b).abs().max()
    assert torch.equal(out_b, out_c)


@pytest.mark.parametrize("n_layers", [1, 2, 3])
def test_same_gradients_as_nn_lstm(n_layers):
    ours, theirs = pair(8, 16, n_layers, seed=7)
    x = torch.randn(4, 12, 8)
    out_a, (h_a, c_a) = theirs(x)
    out_b, (h_b, c_b) = ours(x)
    (out_a.pow(2).sum() + h_a.sum() + c_a.sum()).backward()
    (out_b.pow(2).sum() + h_b.sum() + c_b.sum()).backward()
    for i, layer in enumerate(ours.layers):
        for mine, name in [(layer.cell.ih.weight, "weight_ih"), (layer.cell.hh.weight, "weight_hh"),
                           (layer.cell.ih.bias, "bias_ih"), (layer.cell.hh.bias, "bias_hh")]:
            ref = getattr(theirs, f"{name}_l{i}").grad
            assert torch.allclose(mine.grad, ref, atol=1e-5, rtol=1e-4), (i, name, (mine.grad - ref).abs().max())


def test_different_sizes_in_and_out():
    ours, theirs = pair(3, 20, 2)
    x = torch.randn(2, 5, 3)
    assert torch.allclose(ours(x)[0], theirs(x)[0], atol=1e-6)


def test_the_comparison_can_fail():
    """A wrong gate order (input and forget swapped) must be caught by the same comparison."""
    ours, theirs = pair(8, 16, 2)
    with torch.no_grad():
        for layer in ours.layers:
            for lin in (layer.cell.ih, layer.cell.hh):
                i, f, g, o = lin.weight.chunk(4, 0)
                lin.weight.copy_(torch.cat([f, i, g, o]))
    x = torch.randn(4, 6, 8)
    assert not torch.allclose(ours(x)[0], theirs(x)[0], atol=1e-4)


def test_cell_is_one_step_of_the_layer():
    torch.manual_seed(1)
    cell = LSTMCell(5, 7)
    x, h, c = torch.randn(3, 5), torch.randn(3, 7), torch.randn(3, 7)
    ref = nn.LSTMCell(5, 7)
    with torch.no_grad():
        ref.weight_ih.copy_(cell.ih.weight)
        ref.weight_hh.copy_(cell.hh.weight)
        ref.bias_ih.copy_(cell.ih.bias)
        ref.bias_hh.copy_(cell.hh.bias)
    h1, c1 = cell(x, (h, c))
    h2, c2 = ref(x, (h, c))
    assert torch.allclose(h1, h2, atol=1e-6) and torch.allclose(c1, c2, atol=1e-6)


def test_lm_model_matches_lmmodel6_with_the_same_weights():
    """LMModelLSTM is LMModel6 with our LSTM: same weights, same outputs over consecutive batches."""
    from snippets.lstm import lm6_init_copy
    from snippets.models.lm_model6 import LMModel6

    ours = lm6_init_copy(LMModelLSTM(30, 64, 2), seed=42)
    torch.manual_seed(42)
    m6 = LMModel6(30, 64, 2)
    assert sum(p.numel() for p in ours.parameters()) == sum(p.numel() for p in m6.parameters()) == 70430
    torch.manual_seed(3)
    for _ in range(3):                      # the hidden state carries over between batches
        x = torch.randint(0, 30, (64, 16))
        a, b = m6(x), ours(x)
        assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()
    ours.reset()
    assert all(float(h.abs().sum()) == 0 for h in ours.h)


@pytest.mark.slow
def test_trains_to_within_a_few_points_of_lmmodel6():
    from reproduce import training
    from reproduce.training import train_scratch_lstm

    ours, ref = train_scratch_lstm(42), training.train("LMModel6", 42)
    assert len(ours.accuracy) == 15
    assert abs(ours.final_accuracy - ref.final_accuracy) < 0.05, (ours.final_accuracy, ref.final_accuracy)
    # same start: the first epochs agree closely before float differences build up
    assert abs(ours.accuracy[0] - ref.accuracy[0]) < 0.01, (ours.accuracy[0], ref.accuracy[0])
