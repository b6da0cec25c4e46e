"""The code the pages include and import: data, models, the chapter's classes, small
page helpers.

Each module's docstring names the pages that include or import it
(tests/snippets/test_docstrings.py keeps those lists true). Nothing here trains on
import, caches or tests: that machinery lives in `reproduce/` (runs, caches, figures)
and `pagetest/` (pages as tests).

No page imports the package itself (its modules do, for SEED).

Included by: none; imported by: none
"""

SEED = 42   # the seed of every figure the site quotes
