"""The browser checks can fail: a small site with a broken formula, a console error, a request to
another host, a missing figure and an image without alt text must be reported by the same
functions the real tests use (checks.py), while a clean page next to them passes.

The small site inherits the real mkdocs.yml (theme, extensions, vendored KaTeX) and replaces only
the pages.
"""


import pytest

from tests.browser import checks, site

SQUARE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="#c00"/></svg>\n'
)

PAGES = {
    "index.md": r"""
        # A clean page

        Inline $\frac{1}{1-p}$ and display math:

        $$
        \sum_{i=1}^{n} x_i
        $$

        ![A red square](square.svg)

        <svg role="img" aria-label="A blue circle" width="60" height="60">
          <circle cx="30" cy="30" r="25" fill="#00c"/>
        </svg>

        /// details | Answer
            type: success

        The hidden state carries information along the sequence: quokkas.
        ///
        """,
    "broken-math.md": r"""
        # Broken formula

        This formula does not parse: $\frac{1}{$ and the rest of the sentence.

        This one uses a command KaTeX does not know: $\notacommand{x}$.
        """,
    "console-error.md": """
        # Console error

        <script>console.error("deliberate console error")</script>

        A page whose script logs an error.
        """,
    "outside-request.md": """
        # Request to another host

        <img src="https://example.com/pixel.png" alt="a remote pixel">

        <script>new WebSocket("wss://example.com/socket");</script>
        """,
    "missing-figure.md": """
        # Missing figure

        <img src="../no-such-figure.png" alt="a figure that is not there">
        """,
    "no-alt.md": """
        # Image without alt text

        <img src="../square.svg">
        """,
}




@pytest.fixture(scope="module")
def bad_site(tmp_path_factory, browser_session):
    tmp = tmp_path_factory.mktemp("negative")
    config = site.small_project(tmp, PAGES, extra={"square.svg": SQUARE_SVG})
    site_dir = site.build_site(config, tmp / "site")
    with site.serve(site_dir) as base:
        urls = {name: base + ("" if name == "index.md" else name[:-3] + "/") for name in PAGES}
        reports = browser_session.run(checks.audit_pages(browser_session.browser, list(urls.values())))
        yield base, {name: reports[url] for name, url in urls.items()}


def test_clean_page_passes_every_check(bad_site):
    _, reports = bad_site
    clean = reports["index.md"]
    assert clean.load_problems() == []
    assert clean.math == []
    assert clean.figures == []
    assert "image-alt" not in {v["id"] for v in clean.axe}


def test_broken_formula_is_reported(bad_site):
    report = bad_site[1]["broken-math.md"]
    assert any("\\frac{1}{" in p for p in report.math), report.math  # unbalanced: KaTeX never tries it
    assert any("\\notacommand" in p for p in report.math), report.math
    # KaTeX's auto-render logs the parse error of the second: the page fails the load check as well.
    assert any("KaTeX" in m for m in report.console_errors), report.console_errors


def test_console_error_is_reported(bad_site):
    report = bad_site[1]["console-error.md"]
    assert any("deliberate console error" in p for p in report.load_problems()), report.load_problems()
    assert report.math == [] and report.figures == []


def test_request_to_another_host_is_blocked_and_reported(bad_site):
    report = bad_site[1]["outside-request.md"]
    assert "GET https://example.com/pixel.png" in report.outside_requests, report.outside_requests
    assert "WebSocket wss://example.com/socket" in report.outside_requests, report.outside_requests
    assert any("example.com" in p for p in report.load_problems())
    assert any("example.com" in p for p in report.figures), report.figures


def test_missing_figure_is_reported(bad_site):
    report = bad_site[1]["missing-figure.md"]
    assert any("no-such-figure.png" in p for p in report.figures), report.figures
    assert any("404" in r for r in report.failed_requests), report.failed_requests


def test_image_without_alt_fails_accessibility(bad_site):
    report = bad_site[1]["no-alt.md"]
    assert any(p.startswith("[critical] image-alt") for p in report.axe_problems()), report.axe_problems()


def test_interactions_on_the_small_site(bad_site, browser_session, new_page):
    """The interaction checks pass where they should and fail where they should."""
    base, _ = bad_site
    context, page = new_page()
    run = browser_session.run
    run(page.goto(base))
    assert run(checks.check_answer_opens(page)) == []
    assert run(checks.check_answer_opens(page)) == ["no closed answer (details element) on the page"]
    assert run(checks.check_palette_toggle(page)) == []
    assert run(checks.check_search(page, "quokkas", base)) == []
    run(page.goto(base))
    assert run(checks.check_search(page, "xylophonic", base)) != []
    assert context.outside_requests == []
