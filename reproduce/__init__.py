"""Everything that reproduces the chapter's runs but is not shown on a page.

- `cpu_paths`: the CPU code-path cap that makes trained figures bit-identical across x86 CPUs;
  every entry point calls `cpu_paths.pin()` before torch or numpy is imported;
  `recorded_numerics`: the numerics fingerprint of the machine that wrote the figures.
- `paths`: the project's folders, named once.
- `cache`: the one result cache (in the process and on disk under .cache/).
- `training`: the fast, cached way to train the chapter's models (`train`, `train_many`, ...).
- `book_results`, `book_questions`: what the book printed and asked (reference data).
- `benchmark`: `python -m reproduce.benchmark`, seconds and accuracy of the seven fits.
- `figures`: `python -m reproduce.figures`, the site's SVG figures drawn from code.
- `refresh`: `make refresh`, everything a change of numerics moves, rewritten in one go;
  `moved_figures`: which printed figures moved between two commits (the refresh workflow's summary).

Importing this package does nothing else: no import here loads torch.
"""
