"""The chapter's models, one file per model.

No page imports the package itself; pages include or import its modules.

Included by: none; imported by: none
"""
