"""Reader features in the built HTML: link previews, the Colab and download links, the 404 page.

These read the files of the site the browser tests build (no browser needed, but the same build).
"""

import html
import json
import re
from pathlib import Path

import pytest
import yaml

from tests.browser import site

from reproduce.paths import ROOT
DOCS = ROOT / "docs"
ANSWER_PAGES = [p for p in site.nav_pages() if p.startswith(("questions/", "further-research/"))]


def front_matter(page: str) -> dict:
    text = (DOCS / (page.rstrip("/") + ".md")).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) if text.startswith("---\n") else {}


def meta(page_html: str, attr: str, name: str) -> str | None:
    found = re.search(rf'<meta {attr}="{re.escape(name)}" content="([^"]*)"', page_html)
    return html.unescape(found.group(1)) if found else None


def repo_slug() -> str:
    return site._load_yaml(site.CONFIG)["repo_url"].rstrip("/").removeprefix("https://github.com/")


@pytest.mark.parametrize("page", ANSWER_PAGES)
def test_link_preview_is_the_pages_own_description(site_dir, page):
    description = front_matter(page).get("description")
    assert description, f"{page}: no description in the front matter"
    built = site.page_file(site_dir, page).read_text(encoding="utf-8")
    assert meta(built, "property", "og:description") == description
    assert meta(built, "name", "description") == description
    assert meta(built, "property", "og:title")


@pytest.mark.parametrize("page", ANSWER_PAGES)
def test_colab_and_download_links_reach_the_pages_notebook(site_dir, page):
    built = site.page_file(site_dir, page).read_text(encoding="utf-8")
    notebook = f"notebooks/pages/{page.rstrip('/')}.ipynb"
    # the deploy publishes the built site's notebooks/ folder on the `notebooks` branch
    colab = f"https://colab.research.google.com/github/{repo_slug()}/blob/notebooks/{notebook}"
    assert f'href="{colab}"' in built, f"{page}: no Open in Colab link to {colab}"
    assert (site_dir / notebook).is_file(), f"the Colab link points at a file the build did not make: {notebook}"
    download = re.search(r'href="([^"]+\.ipynb)" download', built)
    assert download, f"{page}: no download link"
    target = (site.page_file(site_dir, page).parent / download.group(1)).resolve()
    assert target == (site_dir / notebook).resolve() and target.is_file(), target


def test_each_answer_page_shows_the_versions_it_was_verified_with(tmp_path):
    """A build with a verified record (the test run writes it; pagetest/verified.py) shows each
    page's entry under the page, and a page without an entry shows none. A small site with the
    real theme and hooks: the real site's build reads the run's own record."""
    record = {"questions/q05.md": {"python": "3.11", "torch": "9.9.1", "fastai": "8.8.8"}}
    pages = {f"questions/q0{n}.md": f"""\
        ---
        description: A question page.
        search_terms: [question]
        ---

        # Q{n}. A question

        > **Question {n}.** What is it?

        /// details | Answer
            type: success

        An answer.
        ///
        """ for n in (5, 6)}
    project = site.small_project(tmp_path, pages, repo=True, nav_also=("review.md",))
    built_dir = site.build_site(project, tmp_path / "site", env={
        "CH12_VERIFIED_RECORD": str(_write_json(tmp_path / "verified.json", record))})
    q05 = site.page_file(built_dir, "questions/q05/").read_text(encoding="utf-8")
    q06 = site.page_file(built_dir, "questions/q06/").read_text(encoding="utf-8")
    assert "torch 9.9.1" in q05 and "fastai 8.8.8" in q05, "q05 does not show its record"
    assert "page-run__verified" not in q06, "q06 shows a record it does not have"


def _write_json(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_404_page_offers_a_way_back(site_dir):
    page = (site_dir / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page
    assert "results/" in page and "questions/q17/" in page
    assert 'class="md-search' in page, "the 404 page keeps the search box"


WALKTHROUGH = "notebooks/chapter/walkthrough/"


def test_notebook_page_carries_the_pruned_styles_only(site_dir):
    """overrides/main.html swaps mkdocs-jupyter's 575 KB stylesheet for the pruned partial and drops
    two dead blocks; if a new mkdocs-jupyter changes their first bytes, the swap silently stops."""
    built = site.page_file(site_dir, WALKTHROUGH).read_text(encoding="utf-8")
    assert '.jupyter-wrapper{--md-red-50:' not in built, "mkdocs-jupyter's full JupyterLab CSS is back"
    assert "['pre { line-height: 125%; }" not in built, "the plugin's Python-list style block is back"
    assert '<script src="data:text/javascript,">' not in built
    assert ".jupyter-wrapper{--md-red-100:" in built, "the pruned notebook styles are missing"
    assert len(built.encode()) < 400_000, len(built.encode())


def test_pruned_notebook_styles_are_current(site_dir, tmp_path):
    """overrides/partials/notebook-styles.html is what scripts/prune_notebook_css.py makes of the
    installed mkdocs-jupyter's stylesheet for the notebook pages of this build."""
    import subprocess
    import sys

    out = tmp_path / "notebook-styles.html"
    subprocess.run([sys.executable, "-m", "sitebuild.prune_notebook_css", str(site_dir), str(out)],
                   check=True, capture_output=True, cwd=ROOT)
    committed = (ROOT / "overrides" / "partials" / "notebook-styles.html").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, \
        "stale: python -m sitebuild.prune_notebook_css site overrides/partials/notebook-styles.html (after mkdocs build)"


def test_walkthrough_setup_cell_is_in_the_download_not_on_the_page(site_dir):
    built = site.page_file(site_dir, WALKTHROUGH).read_text(encoding="utf-8")
    assert "writes the parts of the site" in built and "Setup: makes this notebook" not in built
    notebook = json.loads((DOCS / "notebooks" / "chapter" / "walkthrough.ipynb").read_text(encoding="utf-8"))
    setup = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert "".join(setup["source"]).startswith("# Setup: makes this notebook")
    assert setup["metadata"].get("tags") == ["hide-input-on-site"]


def test_every_figure_has_its_size_in_the_html(site_dir):
    """The browser reserves a figure's box before the SVG arrives, so the text below never jumps."""
    from sitebuild.hooks import DOCS, svg_size

    figures = 0
    for page in site.nav_pages():
        built = site.page_file(site_dir, page).read_text(encoding="utf-8")
        for tag in re.findall(r"<img\b[^>]*>", built):
            src = re.search(r'src="([^"]+)"', tag)[1]
            if not src.endswith(".svg"):
                continue
            figures += 1
            width, height = re.search(r'width="(\d+)"', tag), re.search(r'height="(\d+)"', tag)
            assert width and height, f"{page}: {src} has no width and height: {tag[:120]}"
            svg = DOCS / src[src.index("assets/"):]
            assert (int(width[1]), int(height[1])) == svg_size(svg), f"{page}: {src} size differs from its viewBox"
    assert figures >= 8, figures
