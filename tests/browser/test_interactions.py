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


def test_palette_choice_is_remembered_on_the_next_page(browser_session, base_url, new_page):
    """palette.js stores the choice where Material's inline script reads it before the first paint."""
    context, page = new_page()
    run = browser_session.run
    run(page.goto(base_url))
    run(page.locator("form[data-md-palette] label:visible").first.click())
    run(page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'"))
    run(page.goto(base_url + "results/"))
    # Read before any deferred script runs: the stored palette is applied by the inline script.
    assert run(page.evaluate("document.body.getAttribute('data-md-color-scheme')")) == "slate"
    labels = run(page.eval_on_selector_all("form[data-md-palette] label", "ls => ls.map(l => !l.hidden)"))
    assert labels == [False, True], f"the dark option's label (to switch back to light) should show: {labels}"
    assert not context.console_errors, context.console_errors


def test_palette_toggles_from_the_keyboard(browser_session, base_url, new_page):
    _, page = new_page()
    run = browser_session.run
    run(page.goto(base_url))
    run(page.focus("form[data-md-palette] input:checked"))
    run(page.keyboard.press("Enter"))
    run(page.wait_for_function("document.body.getAttribute('data-md-color-scheme') === 'slate'"))
    assert run(page.evaluate("document.activeElement.id")) == "__palette_1"


def test_search_finds_a_page_by_a_word_of_its_answer(browser_session, base_url, answer_page, new_page):
    path, word = answer_page
    context, page = new_page()
    browser_session.run(page.goto(base_url))
    problems = browser_session.run(checks.check_search(page, word, base_url + path))
    assert not problems, problems
    assert not context.console_errors, context.console_errors
    assert not context.outside_requests, context.outside_requests


def _details_open(browser_session, page):
    """The open state of every answer (details element) of the page's article."""
    return browser_session.run(page.eval_on_selector_all(
        "article.md-content__inner details", "els => els.map(d => d.open)"))


def test_show_all_answers_is_remembered_between_pages(browser_session, base_url, answer_page, new_page):
    """Self-test mode: answers start folded; the page's toggle opens all of them, and the choice
    carries over to the next page and a reload, until the reader hides them again."""
    path, _ = answer_page
    others = [p for p in site.nav_pages() if p.startswith("questions/") and p != path]
    assert others, "need a second question page"
    context, page = new_page()
    run = browser_session.run
    run(page.goto(base_url + path))
    assert _details_open(browser_session, page) and not any(_details_open(browser_session, page))
    run(page.click(".answers-toggle"))
    assert all(_details_open(browser_session, page))
    assert run(page.get_attribute(".answers-toggle", "aria-pressed")) == "true"

    run(page.goto(base_url + others[0]))
    assert all(_details_open(browser_session, page)), f"{others[0]}: the choice was not remembered"
    run(page.click(".answers-toggle"))
    assert not any(_details_open(browser_session, page))
    run(page.reload())
    assert not any(_details_open(browser_session, page)), "hiding was not remembered"
    assert not context.console_errors, context.console_errors


def test_answers_print_open(browser_session, base_url, answer_page, new_page):
    """The print stylesheet shows a folded answer's text, and hides the toggle button."""
    path, _ = answer_page
    _, page = new_page()
    run = browser_session.run
    run(page.goto(base_url + path))
    hidden_text = "article.md-content__inner details > :not(summary)"
    assert not run(page.is_visible(hidden_text)), "answers must start folded on screen"
    run(page.emulate_media(media="print"))
    assert run(page.is_visible(hidden_text)), "a folded answer is not printed"
    assert not run(page.is_visible(".answers-toggle"))
