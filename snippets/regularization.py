"""Activation regularization (AR) and temporal activation regularization (TAR),
questions 37 and 38.

Both act on the output of the last LSTM layer, a tensor of shape
(batch B, time T, features H), time on dimension 1 as in the chapter's
`batch_first=True` models. Both are terms added to the training loss; neither touches
the weights directly (contrast weight decay, `weight_decay_penalty`).

The chapter's LMModel7 returns (predictions, raw, out): `raw` is the LSTM output before
dropout, `out` the same tensor after dropout. AR uses `out`, TAR uses `raw`, as fastai's
`RNNRegularizer` (fastai/callback/rnn.py) does; the tests check that these functions
give its numbers.

Included by: questions/q37.md, questions/q38.md; imported by: further-research/fr4.md
"""

import torch


# --8<-- [start:ar]
def activation_reg(out, alpha=2.0):
    r"""AR = alpha * mean of the squared activations.

    $$ \mathrm{AR} = \frac{\alpha}{BTH}
       \sum_{b=1}^{B} \sum_{t=1}^{T} \sum_{j=1}^{H} o_{b,t,j}^{2} $$

    out: dropped-out output of the last LSTM layer, shape (B, T, H).
    """
    return alpha * out.float().pow(2).mean()
# --8<-- [end:ar]


# --8<-- [start:tar]
def temporal_activation_reg(raw, beta=1.0):
    r"""TAR = beta * mean of the squared change from one time step to the next.

    $$ \mathrm{TAR} = \frac{\beta}{B(T-1)H}
       \sum_{b=1}^{B} \sum_{t=1}^{T-1} \sum_{j=1}^{H}
       \left(h_{b,t+1,j} - h_{b,t,j}\right)^{2} $$

    raw: output of the last LSTM layer before dropout, shape (B, T, H), time on dim 1.
    """
    if raw.shape[1] < 2:
        raise ValueError(
            f"TAR needs at least 2 time steps, got shape {tuple(raw.shape)}"
        )
    step_change = raw[:, 1:] - raw[:, :-1]  # h_{t+1} - h_t for t = 1 .. T-1
    return beta * step_change.float().pow(2).mean()
# --8<-- [end:tar]


# --8<-- [start:weight_decay]
def weight_decay_penalty(model, wd):
    r"""Classic L2 weight decay as a loss term: $wd \sum_i w_i^2$ over every parameter.

    It depends on the weights only, never on the data: the same for every batch.
    """
    return wd * sum(p.pow(2).sum() for p in model.parameters())
# --8<-- [end:weight_decay]


# --8<-- [start:fastai]
def fastai_rnn_regularizer(out, raw, alpha, beta):
    """What fastai's RNNRegularizer adds to the loss for these activations.

    Runs the callback's own `after_loss` against a stand-in learner that holds only what
    the callback reads: `training`, `rnn.out` and `rnn.raw_out` (which RNNCallback
    normally sets) and `loss_grad` (the loss that gets backpropagated), which starts
    at 0 here.
    """
    from types import SimpleNamespace

    from fastai.callback.rnn import RNNRegularizer

    learner = SimpleNamespace(
        training=True, loss_grad=torch.tensor(0.0),
        rnn=SimpleNamespace(out=out, raw_out=raw),
    )
    reg = RNNRegularizer(alpha=alpha, beta=beta)
    reg.learn = learner
    reg.after_loss()
    return learner.loss_grad
# --8<-- [end:fastai]
