"""Python fences on the pages are written so that Material renders them and pytest runs them."""

from pathlib import Path

import pytest

from pagetest.fences import lint_fences, python_fences
from reproduce.paths import DOCS

PAGES = sorted(DOCS.rglob("*.md"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_page_fences_are_well_formed(page):
    problems = lint_fences(page.read_text(encoding="utf-8"))
    assert not problems, f"{page.relative_to(DOCS.parent)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("source, message", [
    ("```python continuation\nx = 1\n```\n", "bare fence options"),
    ("```python notest\nx = 1\n```\n", "bare fence options"),
    ("```{.python notest}\nx = 1\n```\n", "not allowed"),
    ("??? note\n    ```python\n    x = 1\n    ```\n", "shown but never run"),
    ("=== \"Tab\"\n\n    ```python\n    x = 1\n    ```\n", "shown but never run"),
])
def test_lint_rejects(source, message):
    problems = lint_fences(source)
    assert any(message in p for p in problems), problems


def test_lint_accepts_good_fences_and_skips_nested_examples():
    source = ("```python\nx = 1\n```\n\n```{.python continuation}\ny = x\n```\n\n"
              "````markdown\n```python continuation\nnot a real fence\n```\n````\n")
    assert lint_fences(source) == []
    assert [line for line, _, _ in python_fences(source)] == [1, 5]


def test_pinned_reaches_the_fences_that_continue_from_it():
    from pagetest.fences import pinned_lines

    page = ("```python\nx = 1\n```\n\n```{.python continuation pinned}\ny = x\n```\n\n"
            "```{.python continuation}\nz = y\n```\n\n```python\nw = 2\n```\n")
    assert pinned_lines(page) == {5, 9}
