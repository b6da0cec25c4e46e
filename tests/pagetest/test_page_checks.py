"""pagetest/page_checks.py: the short answer's limits (the other page problems are run through
pytest in test_doc_pipeline.py)."""

from pagetest.page_checks import MAX_ANSWER_CODE_LINES, MAX_ANSWER_WORDS, answer_problems, answer_words


def page(answer: str) -> str:
    return f"# Q1\n\nThe question.\n\n/// details | Answer\n    type: success\n\n{answer}\n///\n"


def test_words_count_inline_code_formulas_and_fences_as_one_each():
    answer = "Use `nn.Linear(64, 30)` so that $h_t = \\tanh(W h_{t-1})$ holds.\n\n```python\nx = 1\ny = 2\n```"
    assert answer_words(page(answer)) == 7   # Use, CODE, so, that, MATH, holds., CODE


def test_an_answer_within_the_limits_passes():
    assert answer_problems(page(" ".join(["word"] * MAX_ANSWER_WORDS))) == []


def test_a_long_answer_fails_with_its_line():
    problems = answer_problems(page(" ".join(["word"] * (MAX_ANSWER_WORDS + 1))))
    assert problems == [problems[0]] and problems[0].startswith(
        f"line 5: the short answer has {MAX_ANSWER_WORDS + 1} words")


def test_a_long_code_fence_fails_with_its_line():
    code = "\n".join(f"x{i} = {i}" for i in range(MAX_ANSWER_CODE_LINES + 1))
    problems = answer_problems(page(f"Like this:\n\n```python\n{code}\n```"))
    assert len(problems) == 1 and problems[0].startswith(
        f"line 10: the short answer's code fence has {MAX_ANSWER_CODE_LINES + 1} lines"), problems


def test_a_page_without_an_answer_block_fails():
    assert answer_problems("# Q1\n\nNo answer here.\n") == [
        "line 1: no short answer: an answer page needs a `/// details | Answer` block"]
