"""Further Research 4: every fastai name the page cites exists, and fastai's AWD-LSTM pieces agree
with the chapter's versions of them (snippets/awd_lstm_map.py, snippets/dropout.py,
snippets/regularization.py, LMModel6 and LMModel7)."""

import inspect
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F
from torch import nn

import fastai
from fastai.callback.rnn import ModelResetter, RNNCallback, RNNRegularizer, rnn_cbs
from fastai.text.learner import TextLearner
from fastai.text.models.awdlstm import (AWD_LSTM, EmbeddingDropout, RNNDropout, WeightDropout,
                                        awd_lstm_lm_config, dropout_mask)
from fastai.text.models.core import LinearDecoder, SequentialRNN, get_language_model

from snippets.awd_lstm_map import (awd_lstm_from_lmmodel7, embedding_row_dropout, resolve,
                                   time_shared_dropout, weight_dropout)
from snippets.dropout import Dropout
from snippets.models.lm_model6 import LMModel6
from snippets.models.lm_model7 import LMModel7
from snippets.regularization import activation_reg, temporal_activation_reg
from reproduce.paths import DOCS

PAGE = DOCS / "further-research" / "fr4.md"


# ---------------------------------------------------------------------------------------------
# The names on the page

def page_spans():
    """Inline code spans of the page's prose (fenced code is run by the page test itself)."""
    text = re.sub(r"```.*?```", "", PAGE.read_text(encoding="utf-8"), flags=re.S)
    return sorted(set(re.findall(r"`([^`\n]+)`", text)))


def test_page_cites_the_three_modules():
    dotted = [s for s in page_spans() if s.startswith("fastai.")]
    for module in ("fastai.text.models.awdlstm", "fastai.text.models.core", "fastai.callback.rnn"):
        assert any(s.startswith(module + ".") for s in dotted), module
    assert len(dotted) >= 20, dotted


@pytest.mark.parametrize("name", [s for s in page_spans() if s.startswith("fastai.")])
def test_every_dotted_fastai_name_exists(name):
    assert resolve(name) is not None, name


@pytest.mark.parametrize("rel", [s for s in page_spans() if s.startswith("fastai/")])
def test_every_cited_fastai_file_exists(rel):
    assert (Path(fastai.__file__).parent.parent / rel).is_file(), rel


def known_names():
    """Every identifier the page may mention without a module prefix, each taken from live code."""
    import fastai.callback.rnn
    import fastai.learner
    import fastai.text.core
    import fastai.text.learner
    import fastai.text.models.awdlstm
    import fastai.text.models.core
    import fastai.torch_core
    import fastai.callback.schedule  # noqa: F401  (patches Learner.fit_one_cycle)
    from fastai.data.load import DataLoader

    import snippets.dropout
    import snippets.models.lm_model3

    names = set()
    for module in (fastai.text.models.awdlstm, fastai.text.models.core, fastai.callback.rnn,
                   fastai.text.learner, fastai.learner, fastai.torch_core):
        names |= set(dir(module))
    names |= set(dir(fastai.learner.Learner))                     # fit_one_cycle, ...
    for fn in (AWD_LSTM.__init__, get_language_model, LinearDecoder.__init__, RNNRegularizer.__init__,
               WeightDropout.__init__, EmbeddingDropout.__init__, RNNDropout.__init__, F.embedding,
               DataLoader.__init__, fastai.learner.Learner.__init__):
        names |= set(inspect.signature(fn).parameters)
    names |= set(awd_lstm_lm_config)
    torch.manual_seed(0)
    awd = AWD_LSTM(30, 8, 8, 2)
    m7 = LMModel7(30, 8, 2, 0.4, bs=8)
    names |= set(vars(awd)) | set(awd._modules) | set(m7._modules) | {"reset"}
    names |= {n for n, _ in nn.LSTM(2, 2).named_parameters()}
    cb = RNNCallback()
    cb.learn = SimpleNamespace(pred=m7(torch.zeros(8, 3, dtype=torch.long)))
    cb.after_pred()
    names |= set(vars(cb)) | set(vars(RNNDropout(0.1)))
    names |= {n for m in (snippets.dropout, snippets.models.lm_model3) for n in dir(m)}
    names |= {LMModel6.__name__, LMModel7.__name__, "self"}
    names |= {v for v in vars(fastai.text.core).values() if isinstance(v, str) and v.startswith("xx")}
    return names


def test_every_short_name_exists():
    """Bare identifiers, `a.b` chains and `key=value` keys in the prose all name something real."""
    known = known_names()
    unknown = []
    for span in page_spans():
        if span.startswith(("fastai.", "fastai/", "snippets/", "'")):
            continue
        if re.fullmatch(r"[A-Za-z_]\w*=.+", span):                  # key=value: check the key
            words = [span.split("=")[0]]
        elif re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", span):   # a name or a.b chain
            words = span.split(".")[:1]
            if words[0] in ("nn", "F"):
                obj = {"nn": nn, "F": F}[words[0]]
                for attr in span.split(".")[1:]:
                    obj = getattr(obj, attr)                         # AttributeError if wrong
                continue
        elif re.fullmatch(r"\*_p", span):
            assert [k for k in awd_lstm_lm_config if k.endswith("_p")], awd_lstm_lm_config
            continue
        else:
            continue                                                  # an expression, not a name
        unknown += [w for w in words if w not in known]
    assert not unknown, unknown


def test_numbers_the_page_quotes_from_fastai():
    c = awd_lstm_lm_config
    assert (c["emb_sz"], c["n_hid"], c["n_layers"], c["tie_weights"]) == (400, 1152, 3, True), c
    assert sum(k.endswith("_p") for k in c) == 5, c           # five dropout probabilities
    assert inspect.signature(AWD_LSTM.__init__).parameters["pad_token"].default == 1
    assert AWD_LSTM.initrange == 0.1
    sig = inspect.signature(TextLearner.__init__).parameters
    assert (sig["alpha"].default, sig["beta"].default) == (2.0, 1.0)
    names = [type(cb).__name__ for cb in rnn_cbs(alpha=2.0, beta=1.0)]
    assert names == ["ModelResetter", "RNNCallback", "RNNRegularizer"], names
    assert [type(cb).__name__ for cb in rnn_cbs()] == ["ModelResetter", "RNNCallback"]
    from fastai.text.core import PAD
    assert PAD == "xxpad"


# ---------------------------------------------------------------------------------------------
# Dropout mask and scaling

@pytest.mark.parametrize("p", [0.1, 0.4, 0.5, 0.8])
@pytest.mark.parametrize("seed", [0, 1, 42])
def test_dropout_mask_is_the_chapters_dropout(p, seed):
    x = torch.randn(16, 8, 32)
    torch.manual_seed(seed)
    theirs = x * dropout_mask(x, x.shape, p)
    torch.manual_seed(seed)
    ours = Dropout(p)(x)
    assert torch.equal(theirs, ours), (p, seed)
    torch.manual_seed(seed)
    mask = dropout_mask(x, x.shape, p)
    values = mask.unique()
    assert len(values) == 2 and values[0] == 0 and values[1].item() == pytest.approx(1 / (1 - p)), values


# ---------------------------------------------------------------------------------------------
# RNNDropout: one mask per sequence

@pytest.mark.parametrize("p", [0.2, 0.5])
@pytest.mark.parametrize("seed", [0, 3])
def test_rnn_dropout_same_mask_as_ours_and_constant_in_time(p, seed):
    x = torch.randn(8, 12, 16)
    torch.manual_seed(seed)
    theirs = RNNDropout(p)(x)
    torch.manual_seed(seed)
    ours = time_shared_dropout(x, p)
    assert torch.equal(theirs, ours)
    torch.manual_seed(seed)
    mask = RNNDropout(p)(torch.ones_like(x))
    assert torch.equal(mask, mask[:, :1].expand_as(mask))          # the same at every step
    assert not torch.equal(mask[0], mask[1])                       # but differs between rows
    dropped = (mask[:, 0] == 0).float().mean().item()
    assert abs(dropped - p) < 0.15, dropped


def test_rnn_dropout_eval_and_nn_dropout_contrast():
    x = torch.randn(8, 12, 16)
    assert RNNDropout(0.5).eval()(x) is x
    torch.manual_seed(0)
    per_element = nn.Dropout(0.5)(torch.ones_like(x))
    assert not torch.equal(per_element, per_element[:, :1].expand_as(per_element))


# ---------------------------------------------------------------------------------------------
# EmbeddingDropout: whole rows

@pytest.mark.parametrize("p", [0.1, 0.5])
@pytest.mark.parametrize("seed", [0, 7])
def test_embedding_dropout_drops_whole_rows_like_ours(p, seed):
    torch.manual_seed(100)
    emb = nn.Embedding(30, 8)
    words = torch.randint(0, 30, (16, 20))
    torch.manual_seed(seed)
    theirs = EmbeddingDropout(emb, p)(words)
    torch.manual_seed(seed)
    ours = embedding_row_dropout(emb.weight, words, p)
    assert torch.equal(theirs, ours)
    zero = (theirs == 0).all(-1)
    assert set(words[zero].tolist()).isdisjoint(words[~zero].tolist())    # a word: all or nothing
    ratio = theirs[~zero] / emb(words)[~zero]
    assert torch.allclose(ratio, torch.full_like(ratio, 1 / (1 - p)), rtol=1e-5), ratio
    assert torch.equal(EmbeddingDropout(emb, p).eval()(words), emb(words))


def test_embedding_dropout_without_padding_idx_freezes_the_last_row():
    """The quirk the page reports: padding_idx=-1 is passed on, and -1 means the last row."""
    bare = nn.Embedding(5, 3)
    EmbeddingDropout(bare, 0.0)(torch.arange(5)).sum().backward()
    assert bare.weight.grad[-1].abs().sum() == 0 and (bare.weight.grad[:-1] != 0).all()
    plain = nn.Embedding(5, 3)
    plain(torch.arange(5)).sum().backward()
    assert (plain.weight.grad != 0).all()


# ---------------------------------------------------------------------------------------------
# WeightDropout: dropout on the hidden-to-hidden matrix

@pytest.mark.parametrize("seed", [0, 5])
def test_weight_dropout_is_the_chapters_dropout_on_weights(seed):
    torch.manual_seed(4)
    wrapped = WeightDropout(nn.LSTM(8, 8, batch_first=True), weight_p=0.5)
    raw = wrapped.weight_hh_l0_raw.detach().clone()
    x = torch.randn(2, 3, 8)
    torch.manual_seed(seed)
    out_train, _ = wrapped(x)
    used = wrapped.module.weight_hh_l0.detach().clone()
    torch.manual_seed(seed)
    assert torch.equal(used, weight_dropout(raw, 0.5))
    assert 0.3 < (used == 0).float().mean().item() < 0.7
    # the LSTM really ran with the dropped weights
    ref = nn.LSTM(8, 8, batch_first=True)
    with torch.no_grad():
        for name, param in ref.named_parameters():
            param.copy_(used if name == "weight_hh_l0" else getattr(wrapped.module, name))
    assert torch.allclose(ref(x)[0], out_train, atol=1e-6)
    wrapped.eval()
    wrapped(x)
    assert torch.equal(wrapped.module.weight_hh_l0, raw)


# ---------------------------------------------------------------------------------------------
# Weight tying and the (decoded, raw, dropped) triple

def test_linear_decoder_ties_and_returns_lmmodel7s_triple():
    torch.manual_seed(0)
    enc = nn.Embedding(30, 16)
    dec = LinearDecoder(30, 16, output_p=0.5, tie_encoder=enc)
    assert dec.decoder.weight is enc.weight
    m7 = LMModel7(30, 16, 2, 0.5)
    assert m7.h_o.weight is m7.i_h.weight
    raw = torch.randn(4, 6, 16)
    decoded, raw_back, dropped = dec.train()(raw)
    assert raw_back is raw and (dropped == 0).any() and not (raw == 0).any()
    assert torch.allclose(decoded, dropped @ enc.weight.T + dec.decoder.bias)


# ---------------------------------------------------------------------------------------------
# AR and TAR

@pytest.mark.parametrize("alpha,beta", [(2.0, 1.0), (0.5, 3.0)])
def test_rnn_callbacks_split_and_regularize_like_the_chapter(alpha, beta):
    torch.manual_seed(6)
    m7 = LMModel7(30, 64, 2, 0.4).train()
    preds = m7(torch.randint(0, 30, (64, 16)))
    learner = SimpleNamespace(pred=preds, training=True, loss_grad=torch.tensor(1.5))
    split = RNNCallback()
    split.learn = learner
    split.after_pred()
    assert learner.pred is preds[0] and split.raw_out is preds[1] and split.out is preds[2]
    learner.rnn = split
    reg = RNNRegularizer(alpha=alpha, beta=beta)
    reg.learn = learner
    reg.after_loss()
    ours = 1.5 + activation_reg(preds[2], alpha) + temporal_activation_reg(preds[1], beta)
    assert torch.allclose(learner.loss_grad, ours, rtol=1e-6), (learner.loss_grad, ours)


# ---------------------------------------------------------------------------------------------
# Hidden state: detach and reset

def test_awd_lstm_detaches_and_resets_like_lmmodel6():
    torch.manual_seed(7)
    awd = AWD_LSTM(30, 16, 16, 2)
    m6 = LMModel6(30, 16, 2, bs=4)
    x = torch.randint(0, 30, (4, 5))
    awd(x).sum().backward()
    m6(x).sum().backward()
    for states in ([t for pair in awd.hidden for t in pair], m6.h):
        assert all(t.grad_fn is None and not t.requires_grad for t in states)
        assert all(t.abs().sum() > 0 for t in states)
    awd.reset()
    m6.reset()
    for states in ([t for pair in awd.hidden for t in pair], m6.h):
        assert all(t.abs().sum() == 0 for t in states)


@pytest.mark.parametrize("event", ["before_train", "before_validate", "after_fit"])
def test_model_resetter_resets_a_sequential_rnn(event):
    calls = []

    class Child(nn.Module):
        def reset(self):
            calls.append("reset")

    model = SequentialRNN(Child(), Child())
    cb = ModelResetter()
    cb.learn = SimpleNamespace(model=model)
    getattr(cb, event)()
    assert calls == ["reset", "reset"], calls


# ---------------------------------------------------------------------------------------------
# The whole model

@pytest.mark.parametrize("seed", [0, 8])
def test_awd_lstm_without_dropout_is_lmmodel7(seed):
    torch.manual_seed(seed)
    m7 = LMModel7(30, 64, 2, 0.4).eval()
    awd = awd_lstm_from_lmmodel7(m7).eval()
    assert awd[1].decoder.weight is awd[0].encoder.weight
    batches = [torch.randint(0, 30, (64, 16)) for _ in range(3)]
    for i, x in enumerate(batches + batches[:1]):
        if i == 3:
            m7.reset()
            awd.reset()
        for a, b in zip(m7(x), awd(x)):
            assert torch.equal(a, b), (i, (a - b).abs().max())


def test_same_gradients_except_the_padding_row():
    """Training mode with p=0 in both: same gradients, except embedding row pad_token=1, which
    gets nothing through the lookup (only through the tied output layer)."""
    torch.manual_seed(9)
    m7 = LMModel7(30, 32, 2, 0.0).train()
    awd = awd_lstm_from_lmmodel7(m7).train()
    x = torch.randint(0, 30, (64, 16))
    assert (x == 1).any()
    y = torch.randint(0, 30, (64, 16))
    for model in (m7, awd):
        F.cross_entropy(model(x)[0].reshape(-1, 30), y.reshape(-1)).backward()
    g7, gawd = m7.i_h.weight.grad, awd[0].encoder.weight.grad
    others = [i for i in range(30) if i != 1]
    assert torch.allclose(g7[others], gawd[others], atol=1e-6), (g7[others] - gawd[others]).abs().max()
    assert not torch.allclose(g7[1], gawd[1], atol=1e-6)
    for l in range(2):
        assert torch.allclose(getattr(m7.rnn, f"weight_hh_l{l}").grad,
                              awd[0].rnns[l].weight_hh_l0_raw.grad, atol=1e-6)
    # row 1's gradient in the tied AWD model is exactly the output layer's part of LMModel7's
    m7.zero_grad()
    emb_out = F.embedding(x, m7.i_h.weight.detach())      # cut the lookup path
    raw, _ = m7.rnn(emb_out, [torch.zeros(2, 64, 32)] * 2)
    F.cross_entropy(m7.h_o(raw).reshape(-1, 30), y.reshape(-1)).backward()
    assert torch.allclose(m7.i_h.weight.grad[1], gawd[1], atol=1e-6)


def test_untied_awd_lstm_never_updates_the_padding_row():
    config = dict(awd_lstm_lm_config, emb_sz=16, n_hid=16, n_layers=2, tie_weights=False)
    torch.manual_seed(0)
    model = get_language_model(AWD_LSTM, 30, config)
    x = torch.randint(0, 30, (8, 12))
    assert (x == 1).any()
    model(x)[0].sum().backward()
    grad = model[0].encoder.weight.grad
    assert grad[1].abs().sum() == 0 and grad[x[x != 1]].abs().sum() > 0
