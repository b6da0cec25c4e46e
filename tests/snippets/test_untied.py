"""snippets/untied.py: the untied twin starts where LMModel7 starts, and trains like it."""

import pytest
import torch
from torch import nn

from snippets.models.lm_model7 import LMModel7
from snippets.untied import UntiedLMModel7


def test_same_starting_numbers_as_lmmodel7_in_a_tensor_of_its_own():
    torch.manual_seed(42)
    tied = LMModel7(30, 64, 2, 0.4)
    torch.manual_seed(42)
    untied = UntiedLMModel7(30, 64, 2, 0.4)
    assert tied.h_o.weight is tied.i_h.weight
    assert isinstance(untied.h_o.weight, nn.Parameter)
    assert untied.h_o.weight.data_ptr() != untied.i_h.weight.data_ptr()
    assert tied.state_dict().keys() == untied.state_dict().keys()
    assert all(torch.equal(tied.state_dict()[k], untied.state_dict()[k]) for k in tied.state_dict())
    assert sum(p.numel() for p in untied.parameters()) == 68510 + 30 * 64 == 70430


@pytest.mark.slow
def test_trains_to_within_a_few_points_of_lmmodel7():
    from reproduce import training
    from snippets.untied import train_untied

    untied, tied = train_untied(42), training.train("LMModel7", 42)
    assert len(untied.accuracy) == 15
    assert abs(untied.final_accuracy - tied.final_accuracy) < 0.03, (untied.final_accuracy, tied.final_accuracy)
