"""Every page in the navigation, as Chromium shows it: loads cleanly, formulas rendered, figures drawn.

Each page is loaded once (fixture page_reports in conftest.py); these tests read that visit.
"""

from tests.browser import site


def test_every_nav_page_is_built(site_dir, page_path):
    assert site.page_file(site_dir, page_path).is_file(), f"{page_path!r} is in the nav but was not built"


def test_page_loads_without_console_error_or_outside_request(page_reports, page_path):
    problems = page_reports[page_path].load_problems()
    assert not problems, "\n".join(problems)


def test_every_formula_is_rendered_by_katex(page_reports, page_path):
    problems = page_reports[page_path].math
    assert not problems, "\n".join(problems)


def test_every_figure_and_diagram_renders(page_reports, page_path):
    problems = page_reports[page_path].figures
    assert not problems, "\n".join(problems)
