"""The code the pages include and import: data, models, the chapter's classes, small page helpers.

Each module's docstring names the pages that use it. Nothing here trains on import, caches or
tests: that machinery lives in `reproduce/` (runs, caches, figures) and `pagetest/` (pages as tests).
"""

SEED = 42   # the seed of every figure the site quotes
