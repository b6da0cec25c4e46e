"""snippets/rnn_stability.py: the step-by-step unroll is LMModel4, and the measures measure what they say."""

import math

import pytest
import torch
import torch.nn.functional as F

from snippets.data import group_chunks
from snippets.models.lm_model4 import LMModel4, loss_func
from snippets.rnn_stability import (
    backward_factor,
    last_position_loss,
    state_grad_norms,
    state_norms,
    tensor_batches,
    train_lm_model4,
    unroll,
    valid_accuracy,
    weight_grad,
    window_grad,
)


@pytest.fixture
def model_and_batch():
    torch.manual_seed(0)
    model = LMModel4(30, 16)
    x = torch.randint(0, 30, (4, 12))
    y = torch.randint(0, 30, (4, 12))
    return model, x, y


def test_unroll_is_lm_model4_from_a_zero_state(model_and_batch):
    model, x, _ = model_and_batch
    model.reset()
    expected = model(x)
    states, logits = unroll(model, x)
    assert len(states) == x.shape[1]
    assert torch.allclose(logits, expected, atol=1e-6), (logits - expected).abs().max()
    assert torch.allclose(model.h, states[-1].detach())


def test_detach_changes_gradients_not_values(model_and_batch):
    model, x, _ = model_and_batch
    full_states, full_logits = unroll(model, x)
    cut_states, cut_logits = unroll(model, x, detach_every=4)
    assert torch.equal(full_logits, cut_logits)
    assert all(torch.equal(a, b) for a, b in zip(full_states, cut_states))


def test_state_grad_norms_match_autograd(model_and_batch):
    model, x, y = model_and_batch
    norms = state_grad_norms(model, x, y)
    states, logits = unroll(model, x)
    for s in states:
        s.retain_grad()
    F.cross_entropy(logits[:, -1], y[:, -1]).backward()
    expected = [s.grad.norm().item() for s in states]
    assert norms == pytest.approx(expected, rel=1e-5)
    assert all(n > 0 for n in norms[-3:]), norms


def test_states_behind_a_detach_get_exactly_zero(model_and_batch):
    model, x, y = model_and_batch
    norms = state_grad_norms(model, x, y, detach_every=4)   # cuts before steps 4 and 8
    assert norms[:8] == [0.0] * 8, norms
    assert all(n > 0 for n in norms[8:]), norms


def test_backward_factor_of_a_geometric_sequence():
    norms = [0.5 ** (10 - t) for t in range(11)]            # halves per step back
    assert backward_factor(norms) == pytest.approx(0.5)
    assert backward_factor([8.0, 4.0, 2.0, 1.0]) == pytest.approx(2.0)


def test_state_norms_are_mean_row_norms(model_and_batch):
    model, x, _ = model_and_batch
    states, _ = unroll(model, x)
    expected = [s.norm(dim=1).mean().item() for s in states]
    assert state_norms(model, x) == pytest.approx(expected)


def test_weight_grad_is_the_chapter_loss_gradient(model_and_batch):
    model, x, y = model_and_batch
    model.reset()
    model.zero_grad()
    loss_func(model(x), y).backward()
    expected = model.h_h.weight.grad.clone()
    assert torch.allclose(weight_grad(model, x, y), expected, atol=1e-6)
    # a detach every 12 steps on 12-token sequences cuts nothing
    assert torch.allclose(weight_grad(model, x, y, detach_every=12), expected, atol=1e-6)
    # a detach every 3 steps does change the gradient
    assert not torch.allclose(weight_grad(model, x, y, detach_every=3), expected, atol=1e-6)


def test_window_grad_cuts_only_the_long_paths(model_and_batch):
    model, x, y = model_and_batch
    full = weight_grad(model, x, y)
    # a window as long as the sequence cuts nothing
    assert torch.allclose(window_grad(model, x, y, window=12), full, atol=1e-6)
    # a window of 1 keeps only each step's own use of W: the gradient with a detach at every step
    assert torch.allclose(window_grad(model, x, y, window=1),
                          weight_grad(model, x, y, detach_every=1), atol=1e-6)
    # in between, it differs from both
    mid = window_grad(model, x, y, window=4)
    assert not torch.allclose(mid, full, atol=1e-6)
    assert not torch.allclose(mid, weight_grad(model, x, y, detach_every=4), atol=1e-6)


def test_last_position_loss():
    torch.manual_seed(1)
    out, targ = torch.randn(4, 5, 30), torch.randint(0, 30, (4, 5))
    assert torch.allclose(last_position_loss(out, targ), F.cross_entropy(out[:, 4], targ[:, 4]))


def test_tensor_batches_follow_group_chunks():
    seqs = [(torch.tensor([i, i]), torch.tensor([i + 1, i + 1])) for i in range(23)]
    batches = tensor_batches(seqs, bs=4)
    grouped = group_chunks(seqs, 4)
    assert len(batches) == 23 // 4
    flat = [int(row[0]) for x, _ in batches for row in x]
    assert flat == [int(x[0]) for x, _ in grouped]
    # row j of batch i+1 continues row j of batch i
    for a, b in zip(batches, batches[1:]):
        assert torch.equal(b[0][:, 0], a[0][:, 0] + 1)


def test_train_lm_model4_keeps_every_epoch_and_is_deterministic():
    run = train_lm_model4(epochs=1, seed=7)
    assert len(run.snapshots) == 2 and len(run.accuracy) == 1
    torch.manual_seed(7)
    fresh = LMModel4(30, 64)
    assert all(torch.equal(v, fresh.state_dict()[k]) for k, v in run.model(0).state_dict().items())
    assert not torch.equal(run.model(0).h_h.weight, run.model(1).h_h.weight)
    assert 0.2 < run.accuracy[0] < 0.7, run.accuracy
    again = train_lm_model4.__wrapped__(epochs=1, seed=7)   # a second, uncached run
    assert again.accuracy == run.accuracy
    assert math.isclose(again.accuracy[0], valid_accuracy(again.model(), _valid()), rel_tol=0)


def _valid():
    from snippets.rnn_stability import chapter_batches
    return chapter_batches()[1]


def test_lm_model4_steps_records_the_run_of_train_lm_model4():
    from snippets.rnn_stability import lm_model4_steps
    steps = lm_model4_steps(epochs=1, seed=7)
    run = train_lm_model4(epochs=1, seed=7)
    assert len(steps.loss) == len(steps.grad_w) == len(steps.state) == 49
    assert all(torch.equal(v, steps.final[k]) for k, v in run.model().state_dict().items())


def test_score_positions_splits_the_chapter_figures_by_position():
    """Averaged over positions, the per-position scores are the chapter's loss and accuracy, and
    loss = accuracy * loss on the right guesses + error rate * loss on the wrong ones."""
    from snippets.rnn_stability import score_positions
    torch.manual_seed(3)
    model = LMModel4(30, 16)
    batches = [(torch.randint(0, 30, (8, 5)), torch.randint(0, 30, (8, 5))) for _ in range(3)]
    batches[0][1][:, 0] = 7                                 # position 1 gets an easy target
    scores = score_positions(model, batches)
    assert len(scores.loss) == len(scores.accuracy) == len(scores.loss_wrong) == 5
    assert sum(scores.accuracy) / 5 == pytest.approx(valid_accuracy(model, batches), rel=1e-6)
    model.reset()
    outs = []
    with torch.no_grad():
        for x, y in batches:                                # state carried, as in the scoring
            outs.append((model(x), y))
    chapter_loss = sum(loss_func(o, y) for o, y in outs) / len(outs)
    assert sum(scores.loss) / 5 == pytest.approx(chapter_loss.item(), rel=1e-5)
    out = torch.cat([o for o, _ in outs])
    y = torch.cat([t for _, t in outs])
    ce = F.cross_entropy(out.transpose(1, 2), y, reduction="none")
    right = out.argmax(-1) == y
    for t in range(5):
        wrong = ce[:, t][~right[:, t]]
        assert scores.loss_wrong[t] == pytest.approx(wrong.mean().item(), rel=1e-5)
        acc = scores.accuracy[t]
        right_loss = ce[:, t][right[:, t]].mean().item() if acc > 0 else 0.0
        assert scores.loss[t] == pytest.approx(
            acc * right_loss + (1 - acc) * scores.loss_wrong[t], rel=1e-5)


def test_trained_positions_scores_the_memoized_run(monkeypatch):
    """The cached scores are those of `train_lm_model4`'s run, bit for bit."""
    from snippets.rnn_stability import chapter_batches, score_positions, trained_positions
    monkeypatch.setenv("CH12_NO_CACHE", "1")               # this process only, no disk
    cached = trained_positions(3, True, seed=7, epochs=1)
    run = train_lm_model4(epochs=1, seed=7, last_only=True, sl=3)
    assert cached == score_positions(run.model(), chapter_batches(3)[1])
    assert len(cached.accuracy) == 3
    assert trained_positions(3, True, seed=7, epochs=1) is cached
    assert trained_positions(3, False, seed=7, epochs=1) != cached
