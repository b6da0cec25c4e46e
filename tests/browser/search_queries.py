"""What a learner types into the site's search, and the page that should come first (issue 27).

Lists of (query, site path of the page that answers it):

- HELD_OUT: written by someone who had read only the chapter's questions and facts
  (../shared/chapter12/), never the pages, their search terms or these lists, two queries per
  page of the navigation, as learners phrase things: half a question, their own words, "why"
  questions, API names with their module. Scored once, after the search was frozen, and never
  tuned against: a query that misses is a finding, not a typo. Never edit these to suit the search.
- TUNING: what the search's settings and the pages' `search_terms` were tried against: the
  earlier evaluation set (the chapter's own terms), queries added while tuning, and ROUND_1.
- ROUND_1: the first held-out set (one query or more per page, written before any tuning). Scored
  at the end of the first round (52 of 58 first, 89.7%), it was then seen, so it joined TUNING
  and HELD_OUT was written afresh.
- API: every API name the chapter uses, typed with its module prefix (as the docs spell it, and
  in the short form code uses: `nn.`, `F.`, `learn.`); each must put its page first. Its rule is
  all or nothing, so it was tuned against too.
  A name that is the subject of a question goes to that page; the chapter's training plumbing
  that no question is about (Learner, fit_one_cycle, F.relu, ...) goes to the walkthrough,
  which runs the chapter's code; TextLearner and rnn_cbs, which the reproduced runs explain, go
  to the results page.

benchmarks/search_eval.py scores a built site on these. tests/browser/test_search.py guards
the targets below on the TUNING and API parts, what the search was fitted to, so that a change
that undoes the fit fails. The HELD_OUT part is no test: a held-out set that every pull request
must pass becomes one more set to fit. It is scored by `python -m benchmarks.search_eval --part
held-out`, and its figures are reported with the change that moved them (benchmarks/README.md).
"""

ROUND_1 = [
    # one per page, in navigation order
    ("index of all the questions", ""),
    ("my dataset is huge and every experiment takes hours", "questions/q01/"),
    ("why join all the texts together before training a language model", "questions/q02/"),
    ("predict the fourth word from the three before it", "questions/q03/"),
    ("use the same layer several times in pytorch", "questions/q04/"),
    ("next word from the previous two words without looking ahead", "questions/q05/"),
    ("what's a recurrent network", "questions/q06/"),
    ("what does the hidden state store", "questions/q07/"),
    ("where is the hidden state in the first language model", "questions/q08/"),
    ("why must batches keep the text in order", "questions/q09/"),
    ("unrolling a recurrent network", "questions/q10/"),
    ("hidden state keeps growing the graph, out of memory", "questions/q11/"),
    ("backprop through time", "questions/q12/"),
    ("turn token ids back into words for a validation batch", "questions/q13/"),
    ("why reset the model at the start of each epoch", "questions/q14/"),
    ("downside of one prediction per three words", "questions/q15/"),
    ("why a special loss when predicting every word", "questions/q16/"),
    ("why does LMModel4 accuracy jump around between runs", "questions/q17/"),
    ("rnn is already deep when unrolled so why stack layers", "questions/q18/"),
    ("diagram of a two layer rnn", "questions/q19/"),
    ("detach less often for longer memory", "questions/q20/"),
    ("deep network activations explode or vanish", "questions/q21/"),
    ("which floats are most accurate", "questions/q22/"),
    ("why does training stall when gradients vanish", "questions/q23/"),
    ("why does an lstm need a cell state as well as a hidden state", "questions/q24/"),
    ("names of the two lstm states", "questions/q25/"),
    ("difference between tanh and sigmoid", "questions/q26/"),
    ("why join hidden state and input in the lstm cell", "questions/q27/"),
    ("split a tensor into equal pieces", "questions/q28/"),
    ("lstm cell rewritten with one big linear for all four gates", "questions/q29/"),
    ("why can the lstm model train with a bigger learning rate", "questions/q30/"),
    ("three ways awd-lstm regularizes", "questions/q31/"),
    ("randomly zeroing activations during training", "questions/q32/"),
    ("why divide by 1-p in dropout", "questions/q33/"),
    ("dropout forward returns x unchanged when not training", "questions/q34/"),
    ("random tensor of zeros and ones with probability p", "questions/q35/"),
    ("switch model between train and eval", "questions/q36/"),
    ("activation regularization versus weight decay", "questions/q37/"),
    ("why not use TAR on images", "questions/q38/"),
    ("share weights between embedding and output layer", "questions/q39/"),
    ("why h=0 works instead of torch.zeros", "further-research/fr1/"),
    ("write my own lstm from scratch", "further-research/fr2/"),
    ("gated recurrent unit implementation", "further-research/fr3/"),
    ("fastai awd_lstm source code mapped to the chapter", "further-research/fr4/"),
    ("printable sheet of all short answers", "review/"),
    ("how close are the seven models to the book's accuracy", "results/"),
    ("chapter notebook run step by step", "notebooks/chapter/walkthrough/"),
    ("how to add or fix an answer page", "contributing/"),
    # more "why" questions and own words
    ("why is dropout scaling only done in training", "questions/q33/"),
    ("numbers near zero precision float", "questions/q22/"),
    ("gradient shrinks layer after layer", "questions/q23/"),
    ("why does the rnn need the hidden state detached", "questions/q11/"),
    ("sigmoid stretched to minus one to one", "questions/q26/"),
    ("why predict a word after every input word", "questions/q15/"),
    ("torch.nn.GRU vs my own GRU", "further-research/fr3/"),
    ("why tie the embedding weights to the decoder", "questions/q39/"),
    ("model gets worse with shuffled batches of text", "questions/q09/"),
    ("loss over all sixteen outputs flattened", "questions/q16/"),
]

API = [
    ("torch.cat", "questions/q27/"),
    ("torch.stack", "questions/q27/"),
    ("torch.chunk", "questions/q28/"),
    ("torch.Tensor.chunk", "questions/q28/"),
    ("torch.bernoulli", "questions/q35/"),
    ("torch.Tensor.bernoulli_", "questions/q35/"),
    ("torch.sigmoid", "questions/q26/"),
    ("torch.tanh", "questions/q26/"),
    ("torch.zeros", "further-research/fr1/"),
    ("torch.Tensor.detach", "questions/q11/"),
    ("torch.Tensor.view", "questions/q16/"),
    ("torch.Tensor.div_", "questions/q33/"),
    ("torch.finfo", "questions/q22/"),
    ("torch.nn.Embedding", "questions/q03/"),
    ("nn.Embedding", "questions/q03/"),
    ("torch.nn.Linear", "questions/q04/"),
    ("nn.Linear", "questions/q04/"),
    ("torch.nn.RNN", "questions/q06/"),
    ("nn.RNN", "questions/q06/"),
    ("torch.nn.LSTM", "further-research/fr2/"),
    ("nn.LSTM", "further-research/fr2/"),
    ("torch.nn.LSTMCell", "questions/q29/"),
    ("torch.nn.GRU", "further-research/fr3/"),
    ("nn.GRU", "further-research/fr3/"),
    ("torch.nn.Dropout", "questions/q32/"),
    ("nn.Dropout", "questions/q32/"),
    ("torch.nn.functional.cross_entropy", "questions/q16/"),
    ("F.cross_entropy", "questions/q16/"),
    ("torch.nn.Module.train", "questions/q36/"),
    ("torch.nn.Module.eval", "questions/q36/"),
    ("model.train()", "questions/q36/"),
    ("model.eval()", "questions/q36/"),
    ("torch.nn.Module.training", "questions/q34/"),
    ("self.training", "questions/q34/"),
    ("learn.model.reset", "questions/q14/"),
    ("fastai.callback.rnn.ModelResetter", "questions/q14/"),
    ("fastai.callback.rnn.RNNRegularizer", "questions/q37/"),
    ("fastai.callback.rnn.RNNCallback", "further-research/fr4/"),
    ("fastai.callback.rnn.rnn_cbs", "results/"),
    ("fastai.text.learner.TextLearner", "results/"),
    ("fastai.losses.CrossEntropyLossFlat", "questions/q16/"),
    ("fastai.text.models.awdlstm.AWD_LSTM", "further-research/fr4/"),
    ("fastai.text.models.awdlstm.WeightDropout", "further-research/fr4/"),
    ("fastai.text.models.awdlstm.EmbeddingDropout", "further-research/fr4/"),
    ("fastai.text.models.awdlstm.RNNDropout", "further-research/fr4/"),
    ("fastai.text.models.awdlstm.dropout_mask", "further-research/fr4/"),
    ("fastai.text.models.core.LinearDecoder", "further-research/fr4/"),
    ("fastai.data.external.untar_data", "questions/q01/"),
    ("URLs.HUMAN_NUMBERS", "questions/q01/"),
    ("group_chunks", "questions/q09/"),
    ("fastai.learner.Learner", "notebooks/chapter/walkthrough/"),
    ("learn.fit_one_cycle", "notebooks/chapter/walkthrough/"),
    ("fastai.data.core.DataLoaders.from_dsets", "notebooks/chapter/walkthrough/"),
    ("torch.nn.functional.relu", "notebooks/chapter/walkthrough/"),
]

TUNING = [
    # the earlier evaluation set (the chapter's exact terms; Material's page boosts were tuned to it)
    ("dropout scaling", "questions/q33/"),
    ("why scale activations dropout", "questions/q33/"),
    ("what is dropout", "questions/q32/"),
    ("hidden state", "questions/q07/"),
    ("BPTT", "questions/q12/"),
    ("backpropagation through time", "questions/q12/"),
    ("ModelResetter", "questions/q14/"),
    ("weight tying", "questions/q39/"),
    ("temporal activation regularization", "questions/q38/"),
    ("activation regularization", "questions/q37/"),
    ("vanishing gradients", "questions/q23/"),
    ("floating point precision", "questions/q22/"),
    ("tanh sigmoid", "questions/q26/"),
    ("torch.cat LSTMCell", "questions/q27/"),
    ("chunk", "questions/q28/"),
    ("bernoulli_", "questions/q35/"),
    ("training mode evaluation mode", "questions/q36/"),
    ("stacked RNN", "questions/q19/"),
    ("AWD-LSTM", "further-research/fr4/"),
    ("GRU", "further-research/fr3/"),
    ("GRU from scratch", "further-research/fr3/"),
    ("LSTM from scratch", "further-research/fr2/"),
    ("unrolled RNN", "questions/q10/"),
    ("two states LSTM", "questions/q24/"),
    ("higher learning rate LMModel6", "questions/q30/"),
    ("colab", "notebooks/chapter/walkthrough/"),
    ("anki deck", ""),
    ("results book accuracy", "results/"),
    # added while tuning, in a learner's words (one per page), written apart from ROUND_1
    ("how do I make experiments faster with a big corpus", "questions/q01/"),
    ("why one long stream of text for the language model", "questions/q02/"),
    ("fully connected model that reads three words", "questions/q03/"),
    ("same weights used by several layers", "questions/q04/"),
    ("module that guesses word three from words one and two", "questions/q05/"),
    ("what makes a network recurrent", "questions/q06/"),
    ("what is the state an rnn carries between steps", "questions/q07/"),
    ("hidden state LMModel1", "questions/q08/"),
    ("why not shuffle the batches for a stateful rnn", "questions/q09/"),
    ("draw the rnn loop as a sequence of layers", "questions/q10/"),
    ("why does keeping the state make training slow and memory hungry", "questions/q11/"),
    ("truncated backpropagation", "questions/q12/"),
    ("decode validation batches back to english", "questions/q13/"),
    ("why call reset before validation", "questions/q14/"),
    ("why only predicting the last word is wasteful", "questions/q15/"),
    ("flatten predictions and targets for cross entropy", "questions/q16/"),
    ("LMModel4 exploding gradients", "questions/q17/"),
    ("why more than one rnn layer", "questions/q18/"),
    ("picture of stacked rnn layers", "questions/q19/"),
    ("backprop through more time steps", "questions/q20/"),
    ("why do activations get huge or tiny in deep nets", "questions/q21/"),
    ("float precision far from zero", "questions/q22/"),
    ("gradients too small to learn", "questions/q23/"),
    ("what is the cell state for", "questions/q24/"),
    ("what are lstm states called", "questions/q25/"),
    ("tanh formula", "questions/q26/"),
    ("concatenate h and input LSTMCell", "questions/q27/"),
    ("what does tensor chunk return", "questions/q28/"),
    ("is the refactored lstm cell the same", "questions/q29/"),
    ("lstm learning rate 1e-2", "questions/q30/"),
    ("awd-lstm regularization techniques", "questions/q31/"),
    ("dropout definition", "questions/q32/"),
    ("dropout at inference time scaling", "questions/q33/"),
    ("why return x when not training in dropout", "questions/q34/"),
    ("experiment with bernoulli", "questions/q35/"),
    ("put the model in evaluation mode", "questions/q36/"),
    ("penalize large activations", "questions/q37/"),
    ("penalize changes between time steps", "questions/q38/"),
    ("embedding and output weights the same", "questions/q39/"),
    ("why start hidden state at zero", "further-research/fr1/"),
    ("build lstm layer by hand", "further-research/fr2/"),
    ("gru vs lstm", "further-research/fr3/"),
    ("awd lstm fastai code", "further-research/fr4/"),
    ("review all answers", "review/"),
    ("accuracy table of LMModel1 to LMModel7", "results/"),
    ("walkthrough of chapter 12 code", "notebooks/chapter/walkthrough/"),
    ("run the tests before a pull request", "contributing/"),
]

TUNING += ROUND_1
HELD_OUT: list = []   # the fresh set: added when it is scored

# Targets (issue 27): the answering page first for at least 90% of the queries and among the
# first three for at least 95% (the goal for HELD_OUT; guarded on TUNING); every API query first.
MIN_FIRST_SHARE = 0.90
MIN_TOP3_SHARE = 0.95
