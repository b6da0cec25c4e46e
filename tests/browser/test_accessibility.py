"""axe-core (vendored in vendor/) on every page of the navigation: no serious or critical violation.

Pages are audited with their answers open. Moderate and minor findings are not failures; run
`pytest tests/browser/test_accessibility.py -rP` to see them printed.
"""

import pytest

from tests.browser import checks, site


def test_no_serious_accessibility_violation(page_reports, page_path):
    report = page_reports[page_path]
    minor = report.axe_problems(impacts=("minor", "moderate"))
    if minor:
        print("\n".join(minor))
    problems = report.axe_problems()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def dark_reports(browser_session, base_url, site_dir, heaviest_page):
    questions = [p for p in site.nav_pages() if p.startswith("questions/")]
    pages = ["", heaviest_page] + ([site.heaviest_page(site_dir, questions)] if questions else [])
    urls = [base_url + p for p in dict.fromkeys(pages)]
    return browser_session.run(checks.audit_pages(browser_session.browser, urls, dark=True))


def test_no_serious_accessibility_violation_in_dark_mode(dark_reports):
    """The dark palette (slate) on the home page, the heaviest page and the heaviest question page."""
    problems = [f"{url}: {p}" for url, report in dark_reports.items() for p in report.axe_problems()]
    assert not problems, "\n".join(problems)
