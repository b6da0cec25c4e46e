"""The review sheet printed by Chromium: every question and every short answer is on paper, and
the site's navigation is not. The PDF comes from Playwright's page.pdf() (print media, as a
reader's "Print" gives), and its text is read back with pypdf.
"""

import io
import re
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from reproduce.book_questions import QUESTIONS
from tests.browser import checks
from tests.study.page_text import page_view

from reproduce.paths import DOCS
MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]", re.S)


def letters(text: str) -> str:
    """Only letters and digits, lower case: line breaks, hyphenation, ligatures and the spacing of
    code and formulas in a PDF's text then cannot hide a match."""
    return re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKC", text).lower())


def answer_probe(page: str) -> str:
    """The longest stretch of a page's short answer without a formula (KaTeX draws formulas with
    glyphs of its own) and within one sentence (the page text joins list items without the
    numbers the PDF prints between them), cut to 80 characters."""
    stretches = [part for stretch in MATH.split(page_view(DOCS / page)["answer"])
                 for part in re.split(r"[.:;]\s", stretch)]
    return letters(max(stretches, key=lambda s: len(letters(s))))[:80]


def print_review(browser_session, base_url, init_script: str | None = None) -> tuple[int, str]:
    """(number of pages, text) of the review sheet printed to PDF."""
    run = browser_session.run
    context = run(checks.new_context(browser_session.browser))
    try:
        if init_script:
            run(context.add_init_script(init_script))
        page = run(context.new_page())
        run(page.goto(base_url + "review/"))
        run(checks.settle(page))   # KaTeX has rendered the formulas
        pdf = run(page.pdf(format="A4"))
        assert not context.console_errors, context.console_errors
        assert not context.outside_requests, context.outside_requests
    finally:
        run(context.close())
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(p.extract_text() or "" for p in reader.pages)


def missing_answers(text: str) -> list[str]:
    flat = letters(text)
    return [page for page in QUESTIONS if answer_probe(page) not in flat]


@pytest.fixture(scope="module")
def printed(browser_session, base_url):
    return print_review(browser_session, base_url)


def test_printed_review_sheet_has_every_question_and_answer(printed):
    pages, text = printed
    flat = letters(text)
    missing_questions = [page for page, question in QUESTIONS.items() if letters(question) not in flat]
    assert not missing_questions, f"questions missing from the PDF: {missing_questions}"
    folded = missing_answers(text)
    assert not folded, f"answers not printed (folded?): {folded}"
    assert 5 <= pages <= 40, pages


def test_printed_review_sheet_has_no_navigation(printed):
    _, text = printed
    assert "Chapter walkthrough" not in text and "Contributing" not in text, "site navigation printed"
    assert "Show all answers" not in text and "Hide all answers" not in text


# Keeps every details element shut: neither Material's print handler (it toggles the `open`
# attribute of every details element before printing) nor self-test.js can open one.
KEEP_SHUT = """
  Object.defineProperty(HTMLDetailsElement.prototype, "open", {get() { return false; }, set(v) {}});
  for (const name of ["setAttribute", "toggleAttribute"]) {
    const original = Element.prototype[name];
    Element.prototype[name] = function (attr, ...rest) {
      if (this instanceof HTMLDetailsElement && attr === "open") return false;
      return original.call(this, attr, ...rest);
    };
  }
"""


def test_print_stylesheet_alone_prints_folded_answers(browser_session, base_url):
    """site.css's @media print shows a shut answer's body: paper gets the answers even when no
    script opens them (a browser that prints without firing beforeprint)."""
    _, text = print_review(browser_session, base_url, KEEP_SHUT)
    folded = missing_answers(text)
    assert not folded, f"with the answers shut, these were not printed: {folded}"


def test_check_fails_when_answers_are_not_printed(browser_session, base_url):
    """The check can fail: with the answers' bodies hidden, every answer is reported missing."""
    hide = KEEP_SHUT + """
      document.addEventListener("DOMContentLoaded", () => {
        const style = document.createElement("style");
        style.textContent = "details > :not(summary) { display: none !important; }";
        document.head.append(style);
      });
    """
    _, text = print_review(browser_session, base_url, hide)
    assert len(missing_answers(text)) == len(QUESTIONS), "an answer printed although every answer was hidden"
