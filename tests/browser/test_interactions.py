"""A reader's actions: open an answer, switch light/dark, search for a word from an answer."""

import pytest

from tests.browser import checks, site


@pytest.fixture(scope="module")
def answer_page(site_dir):
    """The first question page with an answer (else any page with one), and a word of its answer
    that few other pages contain."""
    pages = site.nav_pages()
    htmls = {p: site.page_file(site_dir, p).read_text(encoding="utf-8") for p in pages}
    for path in sorted(pages, key=lambda p: not p.startswith("questions/")):  # stable: nav order
        html = htmls[path]
        answer = checks.answer_text(html)
        word = checks.rare_answer_word(answer, list(htmls.values()))
        if word:
            return path, word
    pytest.fail("no page in the nav has an answer (a details element with text)")


def test_an_answer_opens_on_click(browser_session, base_url, answer_page, new_page):
    path, _ = answer_page
    context, page = new_page()
    browser_session.run(page.goto(base_url + path))
    problems = browser_session.run(checks.check_answer_opens(page))
    assert not problems, f"{path}: {problems}"
    assert not context.console_errors, context.console_errors


def test_light_dark_toggle_switches_the_palette(browser_session, base_url, new_page):
    context, page = new_page()
    browser_session.run(page.goto(base_url))
    assert browser_session.run(checks.color_scheme(page)) == "default"
    problems = browser_session.run(checks.check_palette_toggle(page))
    assert not problems, problems
    assert not context.console_errors, context.console_errors


def test_dark_preference_selects_the_dark_palette(browser_session, base_url, new_page):
    _, page = new_page(dark=True)
    browser_session.run(page.goto(base_url))
    assert browser_session.run(checks.color_scheme(page)) == "slate"


def test_search_finds_a_page_by_a_word_of_its_answer(browser_session, base_url, answer_page, new_page):
    path, word = answer_page
    context, page = new_page()
    browser_session.run(page.goto(base_url))
    problems = browser_session.run(checks.check_search(page, word, base_url + path))
    assert not problems, problems
    # The page audits load an empty search index (checks._empty_search_index); this is the real one.
    assert not context.console_errors, context.console_errors
    assert not context.outside_requests, context.outside_requests
