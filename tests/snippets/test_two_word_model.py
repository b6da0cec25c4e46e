"""Question 5's module: trained on HUMAN_NUMBERS, it beats the baseline and never peeks."""

import torch

from snippets.models.two_word_model import TwoWordModel, train_two_word_model


def test_output_ignores_the_third_word_and_later():
    torch.manual_seed(0)
    model = TwoWordModel(30, 16)
    x = torch.randint(0, 30, (8, 5))
    changed = x.clone()
    changed[:, 2:] = (changed[:, 2:] + 7) % 30            # replace the word to predict and all later
    assert torch.equal(model(x), model(changed))


def test_output_depends_on_both_previous_words():
    torch.manual_seed(0)
    model = TwoWordModel(30, 16)
    x = torch.randint(0, 30, (8, 3))
    for col in (0, 1):
        changed = x.clone()
        changed[:, col] = (changed[:, col] + 1) % 30
        assert not torch.allclose(model(x), model(changed)), col


def test_rejects_input_without_two_words():
    import pytest

    with pytest.raises(ValueError, match="two previous words"):
        TwoWordModel(30, 16)(torch.zeros(4, 1, dtype=torch.long))


def test_trained_model_beats_the_baseline_and_still_does_not_peek():
    learn, baseline, acc = train_two_word_model()
    assert acc > baseline + 0.15, (acc, baseline)
    x, y = learn.dls.valid.one_batch()
    full = torch.cat([x, y[:, None]], dim=1)              # the sentence, third word included
    changed = full.clone()
    changed[:, 2] = (changed[:, 2] + 1) % 30
    model = learn.model.eval()
    assert torch.equal(model(full), model(changed))
