"""study/anki_html.py: the Markdown of a short answer as card HTML, and what it refuses."""

import pytest

from study.anki_html import MarkdownError, site_resolver, to_card_html

SITE = "https://example.test/answers/"


def card(markdown: str) -> str:
    return to_card_html(markdown, site_resolver("questions/q10.md", SITE, "docs")).html


def test_math_uses_ankis_own_delimiters():
    assert card("a $x_1 < y$ b") == r"<p>a \(x_1 &lt; y\) b</p>"
    assert card("before\n\n$$\nx^2 * y\n$$\n\nafter") == \
        "<p>before</p>\n<div class=\"math\">\\[\nx^2 * y\n\\]</div>\n<p>after</p>"
    assert card(r"costs \$5") == "<p>costs $5</p>"


def test_code_bold_italic_and_links():
    assert card("`a*b` and `<x>` **bold *it* here** _em_ HUMAN_NUMBERS") == (
        "<p><code>a*b</code> and <code>&lt;x&gt;</code> <strong>bold <em>it</em> here</strong>"
        " <em>em</em> HUMAN_NUMBERS</p>")
    assert card("see [Q12](q12.md), [`x`](../results.md#a) and [w](https://w.test/)") == (
        f'<p>see <a href="{SITE}questions/q12/">Q12</a>, <a href="{SITE}results/#a"><code>x</code></a>'
        ' and <a href="https://w.test/">w</a></p>')


def test_lists():
    assert card("1. **one**\n   more\n2. two") == "<ol><li><strong>one</strong>\nmore</li><li>two</li></ol>"
    assert card("- a\n- b") == "<ul><li>a</li><li>b</li></ul>"


def test_images_become_media_files():
    converted = to_card_html("![a figure](../assets/figures/q19-stacked-rnn.svg)",
                             site_resolver("questions/q19.md", SITE, "docs"))
    assert converted.html == '<p><img src="q19-stacked-rnn.svg" alt="a figure"></p>'
    assert converted.media == ["docs/assets/figures/q19-stacked-rnn.svg"]


@pytest.mark.parametrize("markdown, line, message", [
    ("one\ntwo $x\nthree", 2, r"unbalanced '\$'"),
    ("ok $x$\n\nthen $y", 3, r"unbalanced '\$'"),
    ("text\n\n    ```python\n    x = 1\n    ```", 3, "an indented code fence"),
    ("text\n\n!!! note\n    hi", 3, "a nested block"),
    ("text\n\n/// tab | PyTorch\nx\n///", 3, "a nested block"),
    ("a\n\n$$\nx", 3, "never closed"),
    ("a <b>bold</b>", 1, "raw HTML"),
    ("| a | b |\n|---|---|", 1, "a table"),
    ("1. a\n   - b", 2, "a nested list"),
    ("a **b* c", 1, "unmatched '*'"),
    ("a\n\n    code", 3, "an indented block"),
    ("![x](../assets/none.svg)", 1, "does not exist"),
])
def test_unsupported_markdown_is_an_error_with_its_line(markdown, line, message):
    with pytest.raises(MarkdownError, match=message) as caught:
        card(markdown)
    assert caught.value.line == line, caught.value.line
