"""Self-test mode, decided before the first paint (MkDocs hook).

A reader in self-test mode must not see an answer's explanation before opening the answer, not
even for the moment a script takes to hide it. So the built page already holds what the mode
needs, and the stylesheet applies it from the first frame:

- on the pages whose folded blocks are answers (the answer pages and the review sheet), the
  "Show all answers" button before the first `details` (self-test.js makes it work); a folded
  block elsewhere (the results page's table of every epoch) is not an answer;
- on an answer page (one folded "Answer" right in the article), the class `answer` on that
  `details`, and a hint after it. site.css then hides everything after a folded `details.answer`
  (explanation, code, figures) and shows the hint instead, while `<html data-answers="folded">`,
  which an inline script in <head> sets from the stored choice (overrides/main.html).

Done on the finished HTML (on_post_page), after the search plugin has read the page: the button
and the hint are not words of the page.
"""

from __future__ import annotations

import re

from study.review_sheet import PAGE as REVIEW_SHEET   # every question with its answer

TOGGLE = ('<button type="button" class="md-button answers-toggle" aria-pressed="false">'
          "Show all answers</button>\n")
HINT = '\n<p class="answer-hint">The explanation and the code follow once you open the answer.</p>'
ANSWER_PAGES = ("questions/", "further-research/")

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(?P<body>.*?)</article>', re.S)
DETAILS = re.compile(r"<details\b")
# The answer as pymdownx.blocks writes `/// details | Answer` (with `type: success`).
ANSWER = re.compile(r'<details class="(?P<cls>[^"]*)">(?P<summary>\s*<summary>Answer</summary>)')


def with_self_test(article: str, answer_page: bool) -> str:
    """The article's HTML with the toggle before its first `details`, and on an answer page with
    exactly one `details`, the Answer, that one marked `answer` and followed by the hint."""
    first = DETAILS.search(article)
    if not first:
        return article
    answer = ANSWER.match(article, first.start()) if answer_page else None
    if answer and len(DETAILS.findall(article)) == 1:
        end = article.index("</details>", answer.end()) + len("</details>")
        article = (article[:end] + HINT + article[end:])
        article = (article[:answer.start()] + f'<details class="{answer["cls"]} answer">'
                   + answer["summary"] + article[answer.end():])
    return article[:first.start()] + TOGGLE + article[first.start():]


def on_post_page(output, page, config):
    answer_page = page.file.src_uri.startswith(ANSWER_PAGES)
    found = ARTICLE.search(output)
    if not found or not (answer_page or page.file.src_uri == REVIEW_SHEET):
        return output
    body = with_self_test(found["body"], answer_page)
    return output[:found.start("body")] + body + output[found.end("body"):]
