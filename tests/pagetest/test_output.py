"""How a fence's printed output is compared with its `#>` lines (pagetest/output.py)."""

from pagetest.output import compare_output

TOLERANT = {"rel_tol": 0.1, "abs_tol": 0.15}


def test_exact_mode_wants_every_digit():
    assert compare_output("acc 0.778483", "acc 0.778483") is None
    assert compare_output("acc 0.778483", "acc 0.778484") is not None


def test_tolerant_mode_lets_numbers_move_within_the_tolerance_only():
    assert compare_output("acc 0.811035", "acc 0.703451", **TOLERANT) is None
    assert compare_output("acc 0.811035", "acc 0.494414", **TOLERANT) is not None


def test_a_difference_may_cross_zero_where_numbers_may_move():
    """ours - book printed with its sign (results page): -0.004086 on one CPU, +0.003846 on another."""
    assert compare_output("LMModel3  -0.004086", "LMModel3  +0.003846", **TOLERANT) is None
    assert compare_output("LMModel3  -0.004086", "LMModel3  +0.003846") is not None


def test_text_around_the_numbers_must_match():
    assert compare_output("widest: LMModel6, 11.3 points", "widest: LMModel3, 11.3 points", **TOLERANT) is not None
    assert compare_output("a\nb", "a", **TOLERANT) is not None
