"""What a learner types into the site's search, and the page that should come first.

test_layout_and_search.py types each query into Material's search box in Chromium and reads the
first result; at least MIN_FIRST of these must come first. Written from the questionnaire: a
reader who half-remembers a question, a term of the chapter, or a thing to do on the site.
"""

# (query, path of the page that answers it)
QUERIES = [
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
]

MIN_FIRST = len(QUERIES) - 2
