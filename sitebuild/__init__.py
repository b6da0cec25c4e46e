"""What the site build adds to MkDocs: its hooks, and what is derived from the pages.

- `hooks`: the MkDocs hooks (mkdocs.yml `hooks:`): figure sizes, the verified-versions record,
  one top-level heading per page;
- `index`: the question list of docs/index.md, from the book's questions and the pages that exist;
- `prune_notebook_css`: `python -m sitebuild.prune_notebook_css site out.html`, the notebook styles
  a static notebook page needs.
"""
