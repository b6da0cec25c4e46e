"""sitebuild/self_test.py: what the built page holds for self-test mode before any script runs."""

from sitebuild.self_test import HINT, TOGGLE, with_self_test

ANSWER = '<p>Q</p>\n<details class="success">\n<summary>Answer</summary>\n<p>A.</p>\n</details>\n<h2>Explanation</h2>'


def test_an_answer_page_gets_the_toggle_the_answer_class_and_the_hint():
    built = with_self_test(ANSWER, answer_page=True)
    assert built == ('<p>Q</p>\n' + TOGGLE + '<details class="success answer">\n<summary>Answer</summary>\n'
                     '<p>A.</p>\n</details>' + HINT + '\n<h2>Explanation</h2>')


def test_other_pages_with_answers_get_only_the_toggle():
    for article, answer_page in [(ANSWER, False), (ANSWER + ANSWER.replace("<p>Q</p>\n", ""), True)]:
        built = with_self_test(article, answer_page)
        assert built == article.replace("<details", TOGGLE + "<details", 1)


def test_a_page_without_details_is_unchanged():
    assert with_self_test("<p>No answers here.</p>", answer_page=True) == "<p>No answers here.</p>"


def test_only_pages_of_answers_get_the_toggle():
    """The answer pages and the review sheet; not the results page, whose folded table is no answer."""
    from types import SimpleNamespace

    from sitebuild.self_test import on_post_page

    html = f'<html><article class="md-content__inner md-typeset">{ANSWER}</article></html>'
    for src, toggled in [("questions/q05.md", True), ("review.md", True), ("results.md", False)]:
        page = SimpleNamespace(file=SimpleNamespace(src_uri=src))
        assert ("answers-toggle" in on_post_page(html, page, config=None)) is toggled, src
