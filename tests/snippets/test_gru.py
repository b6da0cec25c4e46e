"""snippets/gru.py: our GRU computes what torch.nn.GRU computes, and trains like it."""

import pytest
import torch
from torch import nn

from snippets.gru import GRU, GRUCell, LMModelGRU, copy_from_torch, gru_models


def pair(n_in, n_hidden, n_layers, seed=0):
    torch.manual_seed(seed)
    theirs = nn.GRU(n_in, n_hidden, n_layers, batch_first=True)
    return copy_from_torch(GRU(n_in, n_hidden, n_layers), theirs), theirs


@pytest.mark.parametrize("n_layers", [1, 2, 3, 4])
@pytest.mark.parametrize("sl", [1, 2, 7, 16, 40])
def test_same_outputs_and_state_as_nn_gru(n_layers, sl):
    ours, theirs = pair(8, 16, n_layers, seed=n_layers * 100 + sl)
    x = torch.randn(5, sl, 8)
    h0 = torch.randn(n_layers, 5, 16)
    out_a, h_a = theirs(x, h0)
    out_b, h_b = ours(x, h0)
    assert out_b.shape == out_a.shape == (5, sl, 16) and h_b.shape == h_a.shape == (n_layers, 5, 16)
    assert torch.allclose(out_a, out_b, atol=1e-6, rtol=1e-5), (out_a - out_b).abs().max()
    assert torch.allclose(h_a, h_b, atol=1e-6, rtol=1e-5), (h_a - h_b).abs().max()


def test_no_state_means_zeros():
    ours, theirs = pair(6, 10, 2)
    x = torch.randn(3, 9, 6)
    assert torch.allclose(ours(x)[0], theirs(x)[0], atol=1e-6)


@pytest.mark.parametrize("n_layers", [1, 2, 3])
def test_same_gradients_as_nn_gru(n_layers):
    ours, theirs = pair(8, 16, n_layers, seed=7)
    x = torch.randn(4, 12, 8)
    out_a, h_a = theirs(x)
    out_b, h_b = ours(x)
    (out_a.pow(2).sum() + h_a.sum()).backward()
    (out_b.pow(2).sum() + h_b.sum()).backward()
    for i, cell in enumerate(ours.cells):
        for mine, name in [(cell.ih.weight, "weight_ih"), (cell.hh.weight, "weight_hh"),
                           (cell.ih.bias, "bias_ih"), (cell.hh.bias, "bias_hh")]:
            ref = getattr(theirs, f"{name}_l{i}").grad
            assert torch.allclose(mine.grad, ref, atol=1e-5, rtol=1e-4), (i, name, (mine.grad - ref).abs().max())


def test_cell_matches_nn_grucell():
    torch.manual_seed(1)
    cell, ref = GRUCell(5, 7), nn.GRUCell(5, 7)
    with torch.no_grad():
        ref.weight_ih.copy_(cell.ih.weight)
        ref.weight_hh.copy_(cell.hh.weight)
        ref.bias_ih.copy_(cell.ih.bias)
        ref.bias_hh.copy_(cell.hh.bias)
    x, h = torch.randn(3, 5), torch.randn(3, 7)
    assert torch.allclose(cell(x, h), ref(x, h), atol=1e-6)


def reset_before_product(cell, x, h):
    """The 2014 paper's candidate, tanh(W_in x + b_in + W_hn (r * h) + b_hn): not PyTorch's."""
    nh = h.shape[1]
    x_r, x_z, x_n = cell.ih(x).chunk(3, dim=1)
    h_r, h_z, _ = cell.hh(h).chunk(3, dim=1)
    r, z = torch.sigmoid(x_r + h_r), torch.sigmoid(x_z + h_z)
    w_hn, b_hn = cell.hh.weight[2 * nh:], cell.hh.bias[2 * nh:]
    n = torch.tanh(x_n + (r * h) @ w_hn.T + b_hn)
    return (1 - z) * n + z * h


def test_where_the_reset_gate_acts_matters():
    """Moving r before the product changes the result: the comparison with nn.GRU can fail."""
    ours, theirs = pair(8, 16, 1, seed=3)
    x, h = torch.randn(4, 8), torch.randn(4, 16)
    ref = theirs(x[:, None], h[None])[0][:, 0]
    assert torch.allclose(ours.cells[0](x, h), ref, atol=1e-6)
    assert not torch.allclose(reset_before_product(ours.cells[0], x, h), ref, atol=1e-3)


def test_swapped_z_convention_fails():
    """h' = z * n + (1 - z) * h (another common way to write it) is a different function with these weights."""
    ours, theirs = pair(8, 16, 1, seed=4)
    with torch.no_grad():
        for lin in (ours.cells[0].ih, ours.cells[0].hh):
            r, z, n = lin.weight.chunk(3, 0)
            lin.weight.copy_(torch.cat([z, r, n]))
    x = torch.randn(4, 5, 8)
    assert not torch.allclose(ours(x)[0], theirs(x)[0], atol=1e-3)


def test_lm_models_start_identical():
    ours, theirs = gru_models(seed=42)
    assert isinstance(ours.rnn, GRU) and isinstance(theirs.rnn, nn.GRU)
    n_params = sum(p.numel() for p in ours.parameters())
    assert n_params == sum(p.numel() for p in theirs.parameters()) == 53_790, n_params
    torch.manual_seed(0)
    for _ in range(3):
        x = torch.randint(0, 30, (64, 16))
        a, b = theirs(x), ours(x)
        assert torch.allclose(a, b, atol=1e-5), (a - b).abs().max()
    ours.reset()
    assert float(ours.h.abs().sum()) == 0


def test_lm_model_gru_is_built_after_seed():
    a, _ = gru_models(seed=42)
    b, _ = gru_models(seed=42)
    c, _ = gru_models(seed=0)
    assert torch.equal(a.i_h.weight, b.i_h.weight) and not torch.equal(a.i_h.weight, c.i_h.weight)
    assert isinstance(LMModelGRU(30, 64, 2, torch_gru=True).rnn, nn.GRU)


@pytest.mark.slow
def test_both_grus_train_like_the_chapters_lstm():
    from reproduce import training
    from reproduce.training import train_gru

    ours, theirs, lstm = train_gru("ours"), train_gru("torch"), training.train("LMModel6")
    assert abs(ours.final_accuracy - theirs.final_accuracy) < 0.05, (ours.final_accuracy, theirs.final_accuracy)
    assert abs(ours.accuracy[0] - theirs.accuracy[0]) < 0.01, (ours.accuracy[0], theirs.accuracy[0])
    assert min(ours.final_accuracy, theirs.final_accuracy) > 0.5, (ours.final_accuracy, theirs.final_accuracy)
    assert lstm.final_accuracy > 0.5
