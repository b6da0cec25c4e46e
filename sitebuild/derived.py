"""What the build derives from the pages, so that a page's Markdown file is the whole contribution.

- the navigation: a nav entry written as a folder glob (`- Questions: questions/*.md` in
  mkdocs.yml) becomes that folder's pages, in file-name order;
- the question list of the home page: the block between `<!-- questions:start -->` and
  `<!-- questions:end -->` of docs/index.md is filled in from the book's questions, each linked to
  its page when the page exists (sitebuild/index.py);
- one notebook per answer page, written into the built site under notebooks/pages/ (the page's
  Download button; the deploy also publishes them on the `notebooks` branch for Colab).

None of these is committed: nothing to regenerate by hand, nothing to go stale.
"""

from __future__ import annotations

from pathlib import Path

from reproduce.paths import DOCS

GLOB_SUFFIX = "/*.md"


def expand_nav(nav: list, docs_dir: Path = DOCS) -> list:
    """`nav` with every folder glob replaced by the pages of that folder."""
    def expand(item):
        if isinstance(item, dict):
            return {title: expand(value) for title, value in item.items()}
        if isinstance(item, list):
            return [expand(value) for value in item]
        if isinstance(item, str) and item.endswith(GLOB_SUFFIX):
            folder = item[: -len(GLOB_SUFFIX)]
            pages = sorted((docs_dir / folder).glob("*.md"))
            if not pages:
                raise ValueError(f"mkdocs.yml nav: {item!r} matches no page")
            return [f"{folder}/{page.name}" for page in pages]
        return item
    return expand(nav)


def notebook_file(src_uri: str) -> str:
    """Where the notebook of the page `src_uri` (questions/q05.md) lives in the built site."""
    return f"notebooks/pages/{src_uri[:-3]}.ipynb"


def write_page_notebooks(docs_dir: Path, site_dir: Path, site_url: str) -> list[Path]:
    """Every answer page's notebook, written under site_dir/notebooks/pages/."""
    from pagetest.notebooks import answer_pages, dumps, page_notebook

    written = []
    for page in answer_pages(docs_dir):
        out = site_dir / notebook_file(str(page.relative_to(docs_dir)))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(dumps(page_notebook(page, site_url, docs_dir)), encoding="utf-8")
        written.append(out)
    return written
