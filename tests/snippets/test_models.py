"""snippets/models: the chapter's seven models have its sizes, shapes and behaviour."""

import pytest
import torch
import torch.nn.functional as F
from fastai.losses import CrossEntropyLossFlat

from snippets.models.lm_model1 import LMModel1
from snippets.models.lm_model2 import LMModel2
from snippets.models.lm_model3 import LMModel3
from snippets.models.lm_model4 import LMModel4, loss_func
from snippets.models.lm_model5 import LMModel5
from snippets.models.lm_model6 import LMModel6
from snippets.models.lm_model7 import LMModel7

V, NH, BS, SL = 30, 64, 64, 16


def build(name):
    return {
        "LMModel1": lambda: LMModel1(V, NH), "LMModel2": lambda: LMModel2(V, NH),
        "LMModel3": lambda: LMModel3(V, NH), "LMModel4": lambda: LMModel4(V, NH),
        "LMModel5": lambda: LMModel5(V, NH, 2), "LMModel6": lambda: LMModel6(V, NH, 2),
        "LMModel7": lambda: LMModel7(V, NH, 2, 0.4),
    }[name]()


def n_params(model):
    return sum(p.numel() for p in model.parameters())   # a tied tensor is counted once


@pytest.mark.parametrize("name, count", [
    ("LMModel1", 8030), ("LMModel2", 8030), ("LMModel3", 8030), ("LMModel4", 8030),
    ("LMModel5", 20510), ("LMModel6", 70430), ("LMModel7", 68510),
])
def test_parameter_counts(name, count):
    assert n_params(build(name)) == count


@pytest.mark.parametrize("name", ["LMModel1", "LMModel2", "LMModel3"])
def test_three_tokens_in_one_prediction_out(name):
    out = build(name)(torch.randint(0, V, (BS, 3)))
    assert out.shape == (BS, V)


@pytest.mark.parametrize("name", ["LMModel4", "LMModel5", "LMModel6"])
def test_a_prediction_after_every_token(name):
    out = build(name)(torch.randint(0, V, (BS, SL)))
    assert out.shape == (BS, SL, V)


def test_lmmodel7_returns_predictions_raw_and_dropped_activations():
    torch.manual_seed(0)
    model = LMModel7(V, NH, 2, 0.4).train()
    pred, raw, out = model(torch.randint(0, V, (BS, SL)))
    assert pred.shape == (BS, SL, V) and raw.shape == out.shape == (BS, SL, NH)
    kept = out != 0
    assert abs((~kept).float().mean().item() - 0.4) < 0.02
    assert torch.allclose(out[kept], raw[kept] / 0.6, rtol=1e-6)
    assert model.h_o.weight is model.i_h.weight                  # weight tying
    model.eval().reset()
    _, raw, out = model(torch.randint(0, V, (BS, SL)))
    assert torch.equal(raw, out)                                  # no dropout in evaluation


def test_lmmodel1_and_lmmodel2_compute_the_same_function():
    torch.manual_seed(0)
    m1 = LMModel1(V, NH)
    torch.manual_seed(0)
    m2 = LMModel2(V, NH)
    # same layers created in the same order: the same initial weights from the same seed
    assert all(torch.equal(a, b) for a, b in zip(m1.state_dict().values(), m2.state_dict().values()))
    x = torch.randint(0, V, (BS, 3))
    assert torch.equal(m1(x), m2(x))


def test_lmmodel3_carries_its_state_and_detaches_it():
    torch.manual_seed(0)
    model = LMModel3(V, NH)
    x = torch.randint(0, V, (BS, 3))
    first, second = model(x), model(x)
    assert not torch.equal(first, second)          # the second call starts from the first's state
    assert model.h.grad_fn is None                 # truncated BPTT: no graph behind the state
    model.reset()
    assert model.h == 0 and torch.equal(model(x), first)


@pytest.mark.parametrize("name", ["LMModel5", "LMModel6", "LMModel7"])
def test_state_per_layer_and_reset(name):
    torch.manual_seed(0)
    model = build(name).eval()
    x = torch.randint(0, V, (BS, SL))
    first = model(x)
    states = model.h if isinstance(model.h, list) else [model.h]
    assert len(states) == (1 if name == "LMModel5" else 2)         # LSTM: hidden and cell state
    assert all(h.shape == (2, BS, NH) and h.grad_fn is None and h.abs().sum() > 0 for h in states)
    model.reset()
    assert all(h.abs().sum() == 0 for h in (model.h if isinstance(model.h, list) else [model.h]))
    again = model(x)
    first, again = (first[0], again[0]) if isinstance(first, tuple) else (first, again)
    assert torch.equal(first, again)


def test_lmmodel4_loss_flattens_batch_and_time():
    torch.manual_seed(0)
    pred, targ = torch.randn(BS, SL, V), torch.randint(0, V, (BS, SL))
    expected = F.cross_entropy(pred.reshape(-1, V), targ.reshape(-1))
    assert torch.equal(loss_func(pred, targ), expected)
    assert torch.allclose(CrossEntropyLossFlat()(pred, targ), expected)
    with pytest.raises((RuntimeError, ValueError)):
        F.cross_entropy(pred, targ)                 # unflattened: classes would be read on dim 1
