"""snippets/dropout.py: our Dropout against torch.nn.Dropout, the 1/(1-p) scaling, the book's slip,
bernoulli_ and train()/eval() (questions 32 to 36)."""

import pytest
import torch
from torch import nn

import snippets.dropout as dropout_module
from snippets.dropout import Dropout, GlobalPDropout
from snippets.models.lm_model7 import LMModel7


@pytest.mark.parametrize("p", [0.0, 0.1, 0.4, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("shape", [(7,), (64, 16, 64), (3, 5, 2, 2)])
def test_same_output_as_torch_dropout_with_the_same_seed(p, shape):
    x = torch.randn(shape)
    torch.manual_seed(123)
    ours = Dropout(p)(x)
    torch.manual_seed(123)
    theirs = nn.Dropout(p)(x)
    assert torch.equal(ours, theirs), (p, shape, (ours - theirs).abs().max())


def test_same_gradient_as_torch_dropout():
    x1 = torch.randn(32, 10, requires_grad=True)
    x2 = x1.detach().clone().requires_grad_()
    torch.manual_seed(5)
    Dropout(0.3)(x1).sum().backward()
    torch.manual_seed(5)
    nn.Dropout(0.3)(x2).sum().backward()
    assert torch.equal(x1.grad, x2.grad)
    # the gradient of a kept element is 1/(1-p), of a dropped one 0
    values = x1.grad.unique()
    assert len(values) == 2 and values[0] == 0 and values[1] == pytest.approx(1 / 0.7), values


@pytest.mark.parametrize("module", [Dropout(0.4), nn.Dropout(0.4)])
def test_eval_mode_returns_the_input_itself(module):
    x = torch.randn(8, 16)
    module.eval()
    assert module(x) is x
    module.train()
    assert module(x) is not x


@pytest.mark.parametrize("p", [0.1, 0.4, 0.75])
def test_expected_value_is_the_input(p):
    torch.manual_seed(0)
    x = torch.full((2_000_000,), 3.0)
    y = Dropout(p)(x)
    kept = y != 0
    # every survivor is exactly x/(1-p), every other element exactly 0
    assert torch.allclose(y[kept], torch.tensor(3.0 / (1 - p)))
    n = x.numel()
    frac_dropped = 1 - kept.float().mean().item()
    assert abs(frac_dropped - p) < 5 * (p * (1 - p) / n) ** 0.5, (frac_dropped, p)
    # E[y] = x: 5 standard errors, std of one element = 3 * sqrt(p/(1-p))
    se = 3.0 * (p / (1 - p)) ** 0.5 / n ** 0.5
    assert abs(y.mean().item() - 3.0) < 5 * se, (y.mean().item(), se)


def test_without_rescaling_the_mean_shrinks_by_1_minus_p():
    torch.manual_seed(0)
    x = torch.full((1_000_000,), 2.0)
    mask = torch.empty_like(x).bernoulli_(0.6)
    assert abs((x * mask).mean().item() - 2.0 * 0.6) < 0.01


def test_bad_probabilities_are_rejected():
    for p in (-0.1, 1.5):
        with pytest.raises(ValueError):
            Dropout(p)


def test_p_zero_and_one():
    x = torch.randn(100)
    assert torch.equal(Dropout(0.0)(x), x)
    assert torch.equal(Dropout(1.0)(x), torch.zeros_like(x))


def test_the_book_slip_fails_without_a_global_p():
    assert not hasattr(dropout_module, "p")
    with pytest.raises(NameError):
        GlobalPDropout(0.5)(torch.ones(10))


def test_the_book_slip_silently_uses_the_global_p(monkeypatch):
    monkeypatch.setattr(dropout_module, "p", 0.9, raising=False)
    torch.manual_seed(0)
    y = GlobalPDropout(0.1)(torch.ones(100_000))
    dropped = (y == 0).float().mean().item()
    assert abs(dropped - 0.9) < 0.01, dropped          # the global 0.9, not the 0.1 it was given
    assert torch.allclose(y[y != 0], torch.tensor(10.0))  # scaled by 1/(1-0.9), not 1/(1-0.1)


def test_bernoulli_in_place_keeps_shape_dtype_and_object():
    for dtype in (torch.float32, torch.float64, torch.float16, torch.int64):
        t = torch.full((3, 4), 7).to(dtype)
        r = t.bernoulli_(0.5)
        assert r is t and r.shape == (3, 4) and r.dtype == dtype
        assert set(r.unique().tolist()) <= {0, 1}


def test_bernoulli_probability_is_of_a_one():
    torch.manual_seed(0)
    ones = torch.empty(1_000_000).bernoulli_(0.3).mean().item()
    assert abs(ones - 0.3) < 0.003, ones


def test_bernoulli_with_a_tensor_of_probabilities():
    torch.manual_seed(0)
    probs = torch.tensor([0.0, 0.25, 0.5, 1.0])
    draws = torch.empty(200_000, 4).bernoulli_(probs)      # broadcast along the rows
    freq = draws.mean(0)
    assert freq[0] == 0 and freq[3] == 1
    assert torch.allclose(freq, probs, atol=0.01), freq


def test_bernoulli_rejects_probabilities_outside_0_1():
    with pytest.raises(RuntimeError):
        torch.empty(3).bernoulli_(1.5)


def test_bernoulli_is_reproducible_with_a_seed():
    torch.manual_seed(1)
    a = torch.empty(50).bernoulli_(0.5)
    torch.manual_seed(1)
    b = torch.empty(50).bernoulli_(0.5)
    assert torch.equal(a, b)


def test_train_and_eval_set_every_submodule_and_return_the_module():
    model = LMModel7(30, 64, 2, 0.4)
    assert model.eval() is model
    assert all(not m.training for m in model.modules())
    assert model.train() is model
    assert all(m.training for m in model.modules())
    assert model.train(False) is model and not model.drop.training


def test_setting_the_attribute_does_not_recurse():
    model = LMModel7(30, 64, 2, 0.4)
    model.training = False
    assert model.drop.training  # only the top module changed: dropout still active


def test_eval_does_not_turn_off_gradients():
    model = LMModel7(30, 64, 2, 0.4).eval()
    x = torch.randint(0, 30, (64, 16))
    pred, _, _ = model(x)
    assert pred.requires_grad
    pred.sum().backward()
    assert model.i_h.weight.grad is not None
    model.reset()
    with torch.no_grad():
        assert not model(x)[0].requires_grad
