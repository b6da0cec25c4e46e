"""snippets/regularization.py: AR and TAR give fastai's RNNRegularizer numbers (questions 31, 37, 38)."""

import pytest
import torch
from fastai.callback.core import Callback, CancelFitException
from fastai.losses import CrossEntropyLossFlat
from fastai.text.learner import TextLearner

from snippets.data import chapter_data, dls_c
from snippets.models.lm_model7 import LMModel7
from snippets.regularization import (activation_reg, fastai_rnn_regularizer,
                                     temporal_activation_reg, weight_decay_penalty)


def lm7_activations(seed=0, p=0.4):
    """pred, raw, out of a fresh LMModel7 in training mode on random tokens."""
    torch.manual_seed(seed)
    model = LMModel7(30, 64, 2, p).train()
    x = torch.randint(0, 30, (64, 16))
    return model, x, model(x)


def test_ar_is_the_literal_sum():
    _, _, (_, raw, out) = lm7_activations()
    out = out[:4]
    B, T, H = out.shape
    total = sum(out[b, t, j].item() ** 2 for b in range(B) for t in range(T) for j in range(H))
    assert activation_reg(out, alpha=2.0).item() == pytest.approx(2.0 * total / (B * T * H), rel=1e-5)


def test_tar_is_the_literal_sum():
    torch.manual_seed(0)
    raw = torch.randn(3, 6, 4)
    B, T, H = raw.shape
    total = sum((raw[b, t + 1, j] - raw[b, t, j]).item() ** 2
                for b in range(B) for t in range(T - 1) for j in range(H))
    assert temporal_activation_reg(raw, beta=1.5).item() == pytest.approx(1.5 * total / (B * (T - 1) * H), rel=1e-5)


@pytest.mark.parametrize("alpha,beta", [(2.0, 0.0), (0.0, 1.0), (2.0, 1.0), (0.7, 3.0)])
def test_same_number_as_fastai_rnn_regularizer(alpha, beta):
    _, _, (_, raw, out) = lm7_activations()
    ours = activation_reg(out, alpha) + temporal_activation_reg(raw, beta)
    theirs = fastai_rnn_regularizer(out, raw, alpha, beta)
    assert torch.allclose(ours, theirs, rtol=1e-6, atol=0), (ours, theirs)


def test_fastai_regularizer_is_off_in_validation():
    from types import SimpleNamespace

    from fastai.callback.rnn import RNNRegularizer
    _, _, (_, raw, out) = lm7_activations()
    learner = SimpleNamespace(training=False, loss_grad=torch.tensor(0.0),
                              rnn=SimpleNamespace(out=out, raw_out=raw))
    reg = RNNRegularizer(alpha=2.0, beta=1.0)
    reg.learn = learner
    reg.after_loss()
    assert learner.loss_grad.item() == 0.0
    assert RNNRegularizer.run_valid is False


class LossTermsSpy(Callback):
    """Keeps what fastai holds just before backward on the first training batch, then stops."""
    order = 100  # after RNNCallback and RNNRegularizer

    def before_backward(self):
        self.ce = self.learn.loss.item()           # the loss fastai reports (no AR/TAR)
        self.total = self.learn.loss_grad.item()   # the loss it backpropagates
        self.dropped = self.learn.rnn.out.detach().clone()
        self.raw = self.learn.rnn.raw_out.detach().clone()
        raise CancelFitException()


@pytest.fixture(scope="module")
def spied_step():
    _, nums = chapter_data()
    dls = dls_c(nums, num_workers=0)
    torch.manual_seed(42)
    learn = TextLearner(dls, LMModel7(30, 64, 2, 0.4), loss_func=CrossEntropyLossFlat(),
                        alpha=2.0, beta=1.0, cbs=LossTermsSpy())
    with learn.no_bar(), learn.no_logging():
        learn.fit(1, 1e-2)
    return learn, learn.loss_terms_spy


def test_text_learner_adds_exactly_our_ar_and_tar(spied_step):
    _, spy = spied_step
    ours = spy.ce + activation_reg(spy.dropped, 2.0).item() + temporal_activation_reg(spy.raw, 1.0).item()
    assert spy.total == pytest.approx(ours, rel=1e-6), (spy.total, ours)
    assert spy.total > spy.ce


def test_ar_sees_dropped_out_and_tar_raw_activations(spied_step):
    _, spy = spied_step
    zero_out = (spy.dropped == 0).float().mean().item()
    zero_raw = (spy.raw == 0).float().mean().item()
    assert abs(zero_out - 0.4) < 0.01 and zero_raw == 0.0, (zero_out, zero_raw)
    kept = spy.dropped != 0
    assert torch.allclose(spy.dropped[kept], spy.raw[kept] / 0.6, rtol=1e-5, atol=1e-7)


def test_fastai_skips_tar_when_the_batch_has_one_row():
    # fastai tests len(h) > 1, which is the batch size (dim 0), not the number of time steps
    _, _, (_, raw, out) = lm7_activations()
    one_row = fastai_rnn_regularizer(out[:1], raw[:1], alpha=2.0, beta=1.0)
    assert torch.allclose(one_row, activation_reg(out[:1], 2.0)), one_row
    assert temporal_activation_reg(raw[:1], 1.0) > 0


def test_one_time_step():
    _, _, (_, raw, out) = lm7_activations()
    assert torch.isnan(fastai_rnn_regularizer(out[:, :1], raw[:, :1], alpha=0.0, beta=1.0))
    with pytest.raises(ValueError):
        temporal_activation_reg(raw[:, :1])


def test_ar_ignores_time_order_tar_does_not():
    _, _, (_, raw, out) = lm7_activations()
    perm = torch.randperm(raw.shape[1], generator=torch.Generator().manual_seed(0))
    assert torch.allclose(activation_reg(out[:, perm]), activation_reg(out))
    assert not torch.allclose(temporal_activation_reg(raw[:, perm]), temporal_activation_reg(raw))


def test_ar_depends_on_the_data_weight_decay_does_not():
    torch.manual_seed(0)
    model = LMModel7(30, 64, 2, 0.0)
    a = activation_reg(model(torch.randint(0, 30, (64, 16)))[2])
    model.reset()
    b = activation_reg(model(torch.randint(0, 30, (64, 16)))[2])
    assert not torch.allclose(a, b)
    assert torch.equal(weight_decay_penalty(model, 0.1), weight_decay_penalty(model, 0.1))


def test_ar_gives_no_gradient_to_the_output_bias():
    model, x, (_, raw, out) = lm7_activations()
    (activation_reg(out) + temporal_activation_reg(raw)).backward()
    assert model.h_o.bias.grad is None or torch.all(model.h_o.bias.grad == 0)
    assert model.rnn.weight_hh_l1.grad.abs().sum() > 0
