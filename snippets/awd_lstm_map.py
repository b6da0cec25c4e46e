"""fastai's AWD-LSTM next to the chapter's ideas (Further Research 4).

Each function here builds one of AWD-LSTM's pieces from what the chapter already has,
mostly the chapter's `Dropout` (snippets/dropout.py), so the page and
tests/snippets/test_awd_lstm_map.py can check that fastai's code computes the same
thing:

- `time_shared_dropout`: the chapter's dropout applied to a mask of shape
  (bs, 1, features), then broadcast along the time axis: fastai's `RNNDropout`;
- `embedding_row_dropout`: the chapter's dropout applied to a mask of shape (vocab, 1),
  which zeroes whole rows of the embedding matrix: fastai's `EmbeddingDropout`;
- `weight_dropout`: the chapter's dropout applied to a weight matrix instead of
  activations: fastai's `WeightDropout`;
- `awd_lstm_from_lmmodel7`: fastai's complete AWD-LSTM language model with every dropout
  set to 0, carrying LMModel7's weights: the same model as LMModel7 (in evaluation
  mode).

Included by: further-research/fr4.md; imported by: none
"""

import torch
import torch.nn.functional as F

from snippets.dropout import Dropout


# --8<-- [start:pieces]
def time_shared_dropout(x, p):
    """Dropout on (bs, sl, nh) activations, dropping the same units at every step."""
    bs, _, nh = x.shape
    mask = Dropout(p)(x.new_ones(bs, 1, nh))  # 0 or 1/(1-p), one per (row, unit)
    return x * mask  # broadcast along the sequence axis


def embedding_row_dropout(weight, words, p):
    """Look up `words` in an embedding matrix after dropping whole rows (words)."""
    mask = Dropout(p)(weight.new_ones(weight.shape[0], 1))  # one per vocabulary entry
    return F.embedding(words, weight * mask)


def weight_dropout(weight, p):
    """The chapter's dropout on a weight matrix (DropConnect) instead of activations."""
    return Dropout(p)(weight)
# --8<-- [end:pieces]


# --8<-- [start:awd_from_lm7]
@torch.no_grad()
def awd_lstm_from_lmmodel7(m7):
    """fastai's AWD-LSTM language model, all dropouts 0, with LMModel7's weights in.

    LMModel7 uses one nn.LSTM with n_layers layers; AWD_LSTM keeps a list of one-layer
    LSTMs, each wrapped in WeightDropout, which stores the hidden-to-hidden weight as
    `weight_hh_l0_raw`.
    """
    from fastai.text.models.awdlstm import AWD_LSTM
    from fastai.text.models.core import get_language_model

    n_layers, nh = m7.rnn.num_layers, m7.rnn.hidden_size
    config = dict(
        emb_sz=nh, n_hid=nh, n_layers=n_layers, pad_token=1, bidir=False,
        output_p=0., hidden_p=0., input_p=0., embed_p=0., weight_p=0.,
        tie_weights=True, out_bias=True,
    )
    awd = get_language_model(AWD_LSTM, m7.i_h.num_embeddings, config)
    encoder, decoder = awd[0], awd[1]
    encoder.encoder.weight.copy_(m7.i_h.weight)  # tied: decoder.weight is this tensor
    for l, wrapped in enumerate(encoder.rnns):
        wrapped.module.weight_ih_l0.copy_(getattr(m7.rnn, f"weight_ih_l{l}"))
        wrapped.weight_hh_l0_raw.copy_(getattr(m7.rnn, f"weight_hh_l{l}"))
        wrapped.module.bias_ih_l0.copy_(getattr(m7.rnn, f"bias_ih_l{l}"))
        wrapped.module.bias_hh_l0.copy_(getattr(m7.rnn, f"bias_hh_l{l}"))
    decoder.decoder.bias.copy_(m7.h_o.bias)
    return awd
# --8<-- [end:awd_from_lm7]


def resolve(dotted):
    """The object a dotted name such as `fastai.text.models.awdlstm.AWD_LSTM.reset`
    refers to."""
    import importlib

    parts = dotted.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ImportError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(dotted)
