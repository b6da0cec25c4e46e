"""The machinery that turns the pages of docs/ into tests, one room per job.

A Python fence on a page becomes a pytest test (collected by pytest-markdown-docs), rewritten
before it runs so that it checks what the reader sees:

- `fences`    finding a page's Python fences and the rules they must follow (brace options,
              not indented, no option that switches a test off);
- `includes`  `--8<-- "snippets/x.py:section"` lines run the snippet's own code and lines;
- `output`    the `#>` lines under a print: expected, compared, placed, rewritten by
              `pytest --update-output`;
- `continuation` a `{.python continuation}` fence runs on from the state the fence before it
              left, instead of re-running its chain (`CH12_FENCE_MEMO=0`: re-run, as before);
- `plugin`    the pytest hooks that wire the above together (one `PageRun` object per run);
- `verified`  the record of the versions each page last passed with;
- `notebooks` one notebook per page, made from the same fences (`python -m pagetest.notebooks`).
"""
