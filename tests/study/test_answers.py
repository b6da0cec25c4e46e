"""study/answers.py reads every question page, and study/review_sheet.py lists them all."""

import re
from pathlib import Path

import pytest

from reproduce.book_questions import QUESTIONS
from study.answers import PageError, page_url, read_item, read_items
from study.review_sheet import rebased, review_markdown

from reproduce.paths import ROOT
DOCS = ROOT / "docs"
SITE = "https://example.test/answers/"


@pytest.fixture(scope="module")
def items():
    found, errors = read_items(DOCS, SITE)
    assert not errors, errors
    return found


def test_every_question_page_is_read_in_the_books_order(items):
    assert [item.src for item in items] == list(QUESTIONS), "the questions, then Further Research, in order"
    for item in items:
        assert item.question == QUESTIONS[item.src], item.src
        number = int(re.search(r"\d+", item.id)[0])
        kind = "Further Research" if item.id.startswith("fr") else "Question"
        assert item.label == f"{kind} {number}", item.label
        assert item.url == f"{SITE}{item.src.removesuffix('.md')}/", item.url


def test_answer_line_is_the_first_line_of_the_answer_on_the_page(items):
    for item in items:
        lines = (DOCS / item.src).read_text(encoding="utf-8").split("\n")
        assert lines[item.answer_line - 1] == item.answer.split("\n")[0], item.src
        assert "type: success" not in item.answer and not item.answer.endswith("///"), item.src


def test_page_url_follows_directory_urls():
    assert page_url("questions/q05.md", "https://x.test/a") == "https://x.test/a/questions/q05/"
    assert page_url("index.md", "https://x.test/a/") == "https://x.test/a/"


PAGE = """---
description: x
---

# Q5. A title

> **Question 5.** The question?

/// details | Answer
    type: success

First line
of the answer.
///
"""


def test_page_without_answer_block_is_an_error_with_page_and_line():
    with pytest.raises(PageError, match=r"^questions/q05\.md:1: no '/// details \| Answer' block"):
        read_item("questions/q05.md", PAGE.replace("/// details | Answer", "/// details | Solution"), SITE)
    with pytest.raises(PageError, match=r"^questions/q05\.md:9: the Answer block has no closing '///'"):
        read_item("questions/q05.md", PAGE.rstrip().removesuffix("///"), SITE)
    with pytest.raises(PageError, match=r"stating the question"):
        read_item("questions/q05.md", PAGE.replace("> **Question 5.**", "Question 5."), SITE)
    item = read_item("questions/q05.md", PAGE, SITE)
    assert (item.answer, item.answer_line) == ("First line\nof the answer.", 12)


def test_review_page_lists_every_question_with_its_answer_folded(items):
    page = review_markdown(items, "chapter12.apkg")
    assert page.count("\n/// details | Answer\n    type: success\n") == 43
    assert page.count("\n///\n") == 43
    for item in items:
        assert f"### [{item.title}]({item.src}) {{#{item.id}}}\n" in page, item.id
        assert f"** {item.question}\n" in page, item.id
    assert "](chapter12.apkg)" in page


def test_review_page_rebases_the_answers_links():
    assert rebased("see [Q12](q12.md) and [r](../results.md#top)", "questions/q10.md") == \
        "see [Q12](questions/q12.md) and [r](results.md#top)"
    assert rebased("![fig](../assets/figures/a.svg)", "questions/q19.md") == "![fig](assets/figures/a.svg)"
    assert rebased("[x](https://a.test/b.md)", "questions/q10.md") == "[x](https://a.test/b.md)"
