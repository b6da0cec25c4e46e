"""The 43 questions of chapter 12 as the book words them (typos fixed: "acitvations" in 33).

Keys are the page paths under docs/. Tests use this to check that every question has a page,
that the page states the question and that the index and navigation list it.
"""

QUESTIONS = {
    "questions/q01.md": 'If the dataset for your project is so big and complicated that working with it takes a significant amount of time, what should you do?',
    "questions/q02.md": 'Why do we concatenate the documents in our dataset before creating a language model?',
    "questions/q03.md": 'To use a standard fully connected network to predict the fourth word given the previous three words, what two tweaks do we need to make to our model?',
    "questions/q04.md": 'How can we share a weight matrix across multiple layers in PyTorch?',
    "questions/q05.md": 'Write a module that predicts the third word given the previous two words of a sentence, without peeking.',
    "questions/q06.md": 'What is a recurrent neural network?',
    "questions/q07.md": 'What is "hidden state"?',
    "questions/q08.md": 'What is the equivalent of hidden state in `LMModel1`?',
    "questions/q09.md": 'To maintain the state in an RNN, why is it important to pass the text to the model in order?',
    "questions/q10.md": 'What is an "unrolled" representation of an RNN?',
    "questions/q11.md": 'Why can maintaining the hidden state in an RNN lead to memory and performance problems? How do we fix this problem?',
    "questions/q12.md": 'What is "BPTT"?',
    "questions/q13.md": 'Write code to print out the first few batches of the validation set, including converting the token IDs back into English strings, as we showed for batches of IMDb data in chapter 10.',
    "questions/q14.md": 'What does the `ModelResetter` callback do? Why do we need it?',
    "questions/q15.md": 'What are the downsides of predicting just one output word for each three input words?',
    "questions/q16.md": 'Why do we need a custom loss function for `LMModel4`?',
    "questions/q17.md": 'Why is the training of `LMModel4` unstable?',
    "questions/q18.md": 'In the unrolled representation, we can see that a recurrent neural network actually has many layers. So why do we need to stack RNNs to get better results?',
    "questions/q19.md": 'Draw a representation of a stacked (multilayer) RNN.',
    "questions/q20.md": 'Why should we get better results in an RNN if we call `detach` less often? Why might this not happen in practice with a simple RNN?',
    "questions/q21.md": 'Why can a deep network result in very large or very small activations? Why does this matter?',
    "questions/q22.md": "In a computer's floating-point representation of numbers, which numbers are the most precise?",
    "questions/q23.md": 'Why do vanishing gradients prevent training?',
    "questions/q24.md": 'Why does it help to have two hidden states in the LSTM architecture? What is the purpose of each one?',
    "questions/q25.md": 'What are these two states called in an LSTM?',
    "questions/q26.md": 'What is tanh, and how is it related to sigmoid?',
    "questions/q27.md": 'What is the purpose of this code in `LSTMCell`: `h = torch.cat([h, input], dim=1)`',
    "questions/q28.md": 'What does `chunk` do in PyTorch?',
    "questions/q29.md": 'Study the refactored version of `LSTMCell` carefully to ensure you understand how and why it does the same thing as the non-refactored version.',
    "questions/q30.md": 'Why can we use a higher learning rate for `LMModel6`?',
    "questions/q31.md": 'What are the three regularization techniques used in an AWD-LSTM model?',
    "questions/q32.md": 'What is "dropout"?',
    "questions/q33.md": 'Why do we scale the activations with dropout? Is this applied during training, inference, or both?',
    "questions/q34.md": 'What is the purpose of this line from `Dropout`: `if not self.training: return x`',
    "questions/q35.md": 'Experiment with `bernoulli_` to understand how it works.',
    "questions/q36.md": 'How do you set your model in training mode in PyTorch? In evaluation mode?',
    "questions/q37.md": 'Write the equation for activation regularization (in math or code, as you prefer). How is it different from weight decay?',
    "questions/q38.md": "Write the equation for temporal activation regularization (in math or code, as you prefer). Why wouldn't we use this for computer vision problems?",
    "questions/q39.md": 'What is "weight tying" in a language model?',
    "further-research/fr1.md": "In `LMModel2`, why can `forward` start with `h=0`? Why don't we need to say `h=torch.zeros(...)`?",
    "further-research/fr2.md": "Write the code for an LSTM from scratch (you may refer to the chapter's LSTM section).",
    "further-research/fr3.md": "Search the internet for the GRU architecture and implement it from scratch, and try training a model. See if you can get results similar to those we saw in this chapter. Compare your results to the results of PyTorch's built in `GRU` module.",
    "further-research/fr4.md": 'Take a look at the source code for AWD-LSTM in fastai, and try to map each of the lines of code to the concepts shown in this chapter.',
}

ANSWER_FOLDERS = sorted({path.split("/")[0] for path in QUESTIONS})   # questions, further-research


def pages_beyond_the_questions(docs_dir) -> list[str]:
    """The pages of the answer folders that answer none of the 43 questions (say fr5.md)."""
    return sorted(str(page.relative_to(docs_dir)) for folder in ANSWER_FOLDERS
                  for page in (docs_dir / folder).glob("*.md")
                  if str(page.relative_to(docs_dir)) not in QUESTIONS)


def beyond_the_questions_message(pages: list[str]) -> str:
    """What a contributor reads when a page answers none of the chapter's questions."""
    return (f"{', '.join('docs/' + p for p in pages)}: this site answers the 43 questions of "
            "chapter 12 (questions/q01.md to q39.md and further-research/fr1.md to fr4.md), one "
            "page each, and this page answers none of them. Material that goes further belongs "
            "on the page of the question it extends (a section under its Explanation), or in the "
            "chapter walkthrough (notebooks/walkthrough.md); for anything else, open an issue.")
