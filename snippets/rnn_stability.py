"""Measure how signals grow or shrink along an unrolled RNN (questions 17 and 20), and
the small training runs that the pages on stateful RNNs (questions 14 to 20) inspect.

The functions take a model built like `LMModel4` (an embedding `i_h`, one
hidden-to-hidden `nn.Linear` `h_h` reused at every step, an output `nn.Linear` `h_o`,
ReLU) and run its recurrence step by step, keeping every hidden state in the autograd
graph so that we can ask:

- how large the hidden state is after each step (`state_norms`);
- how large the gradient of the *last* position's loss is with respect to the hidden
  state of every earlier step (`state_grad_norms`): the signal that backpropagation
  through time carries back to step t;
- how much the gradient of the shared weight changes when the state is detached less
  often (`weight_grad`, with `detach_every`).

Included by: questions/q14.md, questions/q15.md, questions/q17.md, questions/q20.md;
imported by: questions/q14.md, questions/q15.md, questions/q17.md, questions/q20.md
"""

import copy
import functools
from typing import NamedTuple

import torch
import torch.nn.functional as F

from fastai.callback.core import Callback
# ProgressCallback, fit_one_cycle: imported for what they add to Learner
from fastai.callback.progress import ProgressCallback  # noqa: F401
from fastai.callback.rnn import ModelResetter
from fastai.callback.schedule import fit_one_cycle  # noqa: F401
from fastai.learner import Learner
from fastai.metrics import accuracy
from fastai.torch_core import set_seed

from snippets import SEED
from snippets.data import chapter_data, dls_b, group_chunks, shifted_seqs, split
from snippets.models.lm_model3 import LMModel3
from snippets.models.lm_model4 import LMModel4, loss_func


# --8<-- [start:unroll]
def unroll(model, x, detach_every=None):
    """LMModel4's forward pass, written out step by step, starting from a zero state.

    Returns (states, logits): states[t] is the hidden state after token t, shape
    (bs, n_hidden), still in the graph; logits has shape (bs, sl, vocab). With
    `detach_every=k` the state is detached after every k steps, which is what splitting
    the text into k-token batches does.
    """
    h = torch.zeros(x.shape[0], model.h_h.in_features)
    states, outs = [], []
    for t in range(x.shape[1]):
        if detach_every and t > 0 and t % detach_every == 0:
            h = h.detach()
        h = F.relu(model.h_h(h + model.i_h(x[:, t])))
        states.append(h)
        outs.append(model.h_o(h))
    return states, torch.stack(outs, dim=1)
# --8<-- [end:unroll]


# --8<-- [start:measures]
def state_norms(model, x):
    """Mean L2 norm of the hidden state after each step (one number per position)."""
    with torch.no_grad():
        states, _ = unroll(model, x)
    return [h.norm(dim=1).mean().item() for h in states]


def state_grad_norms(model, x, y, detach_every=None):
    """||dL/dh_t|| for every step t, where L is the loss of the LAST position only.

    The last entry is the gradient at the step where the loss is computed; entry t
    shows how much of that signal backpropagation through time still delivers
    (T - 1 - t) steps earlier. States cut off by a detach get exactly 0. The norm is
    taken in float64: far back, an untrained model's gradient is about 1e-26 per
    element, whose squares (1e-52) float32 would round to 0.
    """
    states, logits = unroll(model, x, detach_every)
    loss = F.cross_entropy(logits[:, -1], y[:, -1])
    grads = torch.autograd.grad(loss, states, allow_unused=True)
    return [0.0 if g is None else g.double().norm().item() for g in grads]


def backward_factor(grad_norms):
    """Average factor by which the gradient is multiplied per step it travels back in
    time.

    `grad_norms` as returned by `state_grad_norms` (or a slice of it): oldest step
    first, the step of the loss last. Below 1 the signal vanishes geometrically, above 1
    it explodes.
    """
    return (grad_norms[0] / grad_norms[-1]) ** (1 / (len(grad_norms) - 1))


def weight_grad(model, x, y, detach_every=None):
    """Gradient of the shared hidden-to-hidden weight for the loss of all positions."""
    _, logits = unroll(model, x, detach_every)
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    (grad,) = torch.autograd.grad(loss, model.h_h.weight)
    return grad


def window_grad(model, x, y, window):
    """Like `weight_grad`, but every position's loss backpropagates exactly `window`
    steps.

    The forward values are the same as without any detach; only the gradient paths
    longer than `window` steps are cut, for every position alike. Comparing it with
    `weight_grad(model, x, y)` measures how much of the gradient comes from paths
    longer than `window`.
    """
    with torch.no_grad():
        states, _ = unroll(model, x)
    total = 0
    for t in range(x.shape[1]):
        start = max(0, t - window + 1)
        h = states[start - 1] if start > 0 else torch.zeros_like(states[0])
        for s in range(start, t + 1):
            h = F.relu(model.h_h(h + model.i_h(x[:, s])))
        total = total + F.cross_entropy(model.h_o(h), y[:, t], reduction="sum")
    (grad,) = torch.autograd.grad(total / y.numel(), model.h_h.weight)
    return grad
# --8<-- [end:measures]


# ------------------------------------------------------------------------------------
# A small, fast training run of LMModel4 that keeps the weights after every epoch.
#
# snippets/training.py trains the chapter's models with fastai and records their
# metrics; the pages on stability also need the *weights* along the way, so this trains
# LMModel4 in plain PyTorch with the same ingredients as `fit_one_cycle` (AdamW with
# fastai's betas, eps and weight decay, a one-cycle learning rate and momentum schedule)
# on the chapter's data C.

class Run(NamedTuple):
    snapshots: tuple  # state_dict at initialisation, then after every epoch
    # validation accuracy after every epoch (state carried, as ModelResetter does)
    accuracy: tuple

    def model(self, epoch=-1):
        """LMModel4 with the weights after `epoch` epochs (0: untrained, -1: last)."""
        model = LMModel4(VOCAB_SZ, N_HIDDEN)
        model.load_state_dict(self.snapshots[epoch])
        return model


VOCAB_SZ, N_HIDDEN = 30, 64


def tensor_batches(seqs, bs):
    """group_chunks order, full batches only: the chapter's DataLoader, no fastai."""
    grouped = group_chunks(seqs, bs)
    out = []
    for i in range(len(grouped) // bs):
        chunk = grouped[i * bs:(i + 1) * bs]
        out.append(
            (torch.stack([x for x, _ in chunk]), torch.stack([y for _, y in chunk]))
        )
    return out


@functools.lru_cache(maxsize=None)
def chapter_batches(sl=16, bs=64):
    """(train, valid) lists of (x, y) batches of data C with sequence length `sl`."""
    _, nums = chapter_data()
    train, valid = split(shifted_seqs(nums, sl))
    return tensor_batches(train, bs), tensor_batches(valid, bs)


# --8<-- [start:train]
from snippets import SEED   # 42, the seed of every figure the site quotes


def last_position_loss(out, targ):
    """The loss of the prediction after the last token only: one target per sequence."""
    return F.cross_entropy(out[:, -1], targ[:, -1])


def one_cycle(model, lr, total_steps):
    """AdamW and the learning rate / momentum schedule of fastai's `fit_one_cycle`."""
    opt = torch.optim.AdamW(
        model.parameters(), lr=lr, betas=(0.9, 0.99), eps=1e-5, weight_decay=0.01
    )
    # Warm up from lr/25 over the first quarter, end at lr/1e5 (torch divides the final
    # rate by the starting one, hence 1e5/25), momentum 0.95 -> 0.85 -> 0.95.
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=lr, total_steps=total_steps, pct_start=0.25, div_factor=25,
        final_div_factor=1e5 / 25, base_momentum=0.85, max_momentum=0.95,
    )
    return opt, sched


@functools.lru_cache(maxsize=None)
def train_lm_model4(epochs=4, lr=3e-3, seed=SEED, last_only=False, sl=16):
    """Train LMModel4 on data C and keep its weights after every epoch (memoized).

    `last_only=True` trains the same model on the same batches with a loss on the last
    position only, as if each `sl`-token sequence had a single target.
    """
    torch.set_num_threads(1)
    train, valid = chapter_batches(sl)
    torch.manual_seed(seed)
    model = LMModel4(VOCAB_SZ, N_HIDDEN)
    opt, sched = one_cycle(model, lr, epochs * len(train))
    loss_fn = last_position_loss if last_only else loss_func
    snapshots, accuracy = [copy.deepcopy(model.state_dict())], []
    for _ in range(epochs):
        model.reset()
        for x, y in train:
            loss = loss_fn(model(x), y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
        snapshots.append(copy.deepcopy(model.state_dict()))
        accuracy.append(valid_accuracy(model, valid))
    return Run(tuple(snapshots), tuple(accuracy))
# --8<-- [end:train]


# --8<-- [start:positions]
class Positions(NamedTuple):
    """Validation figures at each position of a row: index t is after token t + 1."""
    loss: tuple  # mean cross-entropy
    accuracy: tuple  # fraction of top predictions that are right
    loss_wrong: tuple  # mean cross-entropy over the wrong top predictions only


def score_positions(model, valid):
    """Score `model` on the validation batches position by position, the state carried
    from batch to batch as in training."""
    model.reset()
    loss = hits = loss_wrong = 0
    n = 0
    with torch.no_grad():
        for x, y in valid:
            out = model(x)
            ce = F.cross_entropy(out.transpose(1, 2), y, reduction="none")  # (bs, sl)
            right = out.argmax(-1) == y
            loss = loss + ce.sum(0)
            hits = hits + right.sum(0)
            loss_wrong = loss_wrong + (ce * ~right).sum(0)
            n += len(y)
    model.reset()
    return Positions(
        tuple((loss / n).tolist()),
        tuple((hits / n).tolist()),
        tuple((loss_wrong / (n - hits)).tolist()),
    )
# --8<-- [end:positions]


def trained_positions(sl, last_only, seed=SEED, epochs=4):
    """`score_positions` of `train_lm_model4(epochs, seed=..., last_only=..., sl=...)`,
    kept in the training cache (reproduce/cache.py): each run is trained once per
    version of this file, the models and the data, not once per test session."""
    from reproduce import cache
    from reproduce.training import result_file

    name = f"LMModel4-sl{sl}-{'last' if last_only else 'every'}-{epochs}ep-positions"

    def compute():
        run = train_lm_model4(epochs=epochs, seed=seed, last_only=last_only, sl=sl)
        return score_positions(run.model(), chapter_batches(sl)[1])

    def decode(d):
        return Positions(**{k: tuple(v) for k, v in d.items()})

    return cache.remembered(
        result_file(name, seed, ("snippets/rnn_stability.py",)), compute,
        Positions._asdict, decode,
    )


class Steps(NamedTuple):
    final: dict  # state_dict after the last update (the same as train_lm_model4's)
    loss: tuple  # training loss of every batch, before its update
    grad_w: tuple  # norm of the gradient of h_h.weight at every update
    state: tuple  # mean norm of the hidden state at the end of every batch


@functools.lru_cache(maxsize=None)
def lm_model4_steps(epochs=4, lr=3e-3, seed=SEED):
    """`train_lm_model4`'s run again, recording every update (Q17): loss, gradient,
    state."""
    torch.set_num_threads(1)
    train, _ = chapter_batches()
    torch.manual_seed(seed)
    model = LMModel4(VOCAB_SZ, N_HIDDEN)
    opt, sched = one_cycle(model, lr, epochs * len(train))
    loss_, grad_w, state = [], [], []
    for _ in range(epochs):
        model.reset()
        for x, y in train:
            loss = loss_func(model(x), y)
            opt.zero_grad()
            loss.backward()
            loss_.append(loss.item())
            grad_w.append(model.h_h.weight.grad.norm().item())
            state.append(model.h.norm(dim=1).mean().item())
            opt.step()
            sched.step()
    return Steps(
        copy.deepcopy(model.state_dict()), tuple(loss_), tuple(grad_w), tuple(state)
    )


def valid_accuracy(model, valid, last_only=False):
    """Accuracy over the validation batches, state carried from batch to batch."""
    model.reset()
    correct = total = 0
    with torch.no_grad():
        for x, y in valid:
            pred = model(x).argmax(-1)
            if last_only:
                pred, y = pred[:, -1], y[:, -1]
            correct += (pred == y).sum().item()
            total += y.numel()
    model.reset()
    return correct / total


# ------------------------------------------------------------------------------------
# Q14: LMModel3 trained with ModelResetter, keeping the state the last training pass
# left.

# --8<-- [start:lm_model3_run]
from snippets import SEED   # 42, the seed of every figure the site quotes


class KeepTrainState(Callback):
    """Copies the hidden state at the end of every training pass (before_validate
    resets it)."""
    def after_train(self):
        self.h = self.model.h.clone()


@functools.lru_cache(maxsize=None)
def trained_lm_model3(epochs=2, lr=3e-3, seed=SEED):
    """LMModel3 on data B, the chapter's way: (trained weights, state at the end of
    training)."""
    torch.set_num_threads(1)
    vocab, nums = chapter_data()
    keep = KeepTrainState()
    set_seed(seed)
    learn = Learner(
        dls_b(nums, num_workers=0), LMModel3(len(vocab), 64),
        loss_func=F.cross_entropy, metrics=accuracy, cbs=[ModelResetter, keep],
    )
    with learn.no_bar(), learn.no_logging():
        learn.fit_one_cycle(epochs, lr)
    return copy.deepcopy(learn.model.state_dict()), keep.h
# --8<-- [end:lm_model3_run]
