"""Makes every Python fence in docs/ a pytest test that runs exactly what the reader sees.

pytest-markdown-docs collects the fences. This file adds what the site needs on top:
- includes: a fence line `--8<-- "snippets/x.py:name"` runs the included section, compiled with the
  snippet's real file name and line numbers (so a traceback points at snippets/x.py), while the
  fence keeps its own line count (so a traceback in the fence points at the right page line);
- printed output: lines written as `#> ...` under a print are the expected output of the fence, and a
  fence that prints must show its output that way: what a page displays as a result is checked;
- the same seeded start for every fence.
"""

import builtins
import io
import random
import sys
from pathlib import Path

import pytest

from snippets.doc_checks import (compare_output, compile_include, expand_include_line, expected_output,
                                 line_sources, misplaced_output, output_positions, python_fences,
                                 rewrite_output_lines)

_real_print = builtins.print
_prints = []   # (page line of the printing statement, text) of each print of the current fence
ROOT = Path(__file__).parent
VERIFIED = ROOT / "docs" / "assets" / "verified-with.json"   # the versions each page last passed with


def _statement_line():
    """The page line of the fence statement running now: the outermost frame of the page's code
    (pytest-markdown-docs compiles each fence under the page's path, padded to its page lines)."""
    page, line = _current_page.get("path"), None
    frame = sys._getframe(2)
    while frame is not None:
        if frame.f_code.co_filename == page:
            line = frame.f_lineno
        frame = frame.f_back
    return line


def _recording_print(*args, **kwargs):
    """print as usual, and keep a copy of what went to stdout for the `#>` check."""
    if kwargs.get("file") is None:
        buf = io.StringIO()
        _real_print(*args, **{**kwargs, "file": buf})
        _prints.append((_statement_line(), buf.getvalue()))
    _real_print(*args, **kwargs)


_current_page = {}
_updates = {}   # (page, fence line) -> (printed output, line_sources), for --update-output


def _check_output(expected: str, fence_line: int, positions: list[int]) -> None:
    """Appended to each fence: compare what it printed with its `#>` lines (what, and that each one
    sits below the print that wrote it), then start afresh."""
    actual = "".join(text for _, text in _prints)
    sources = line_sources(_prints)
    _prints.clear()
    problem = compare_output(expected, actual) or misplaced_output(positions, sources)
    if problem and _current_page.get("update"):
        _updates[(_current_page["path"], fence_line)] = (actual, sources)
    elif problem:
        raise AssertionError(
            f"the fence starting at page line {fence_line} printed something else than its #> lines,"
            f" or in another place\n{problem}\n(pytest --update-output rewrites the #> lines from this run)")


def pytest_configure(config):
    import torch

    # One thread: as fast as two for the chapter's small models, gives the same numbers, and
    # leaves the second core to the other process when tests or training run two at a time.
    torch.set_num_threads(1)


def pytest_addoption(parser):
    parser.addoption("--update-output", action="store_true",
                     help="rewrite the #> lines of doc fences with what the fences print now")


_page_outcomes = {}   # docs page -> outcomes of its fences in this run (True = passed)


def pytest_runtest_logreport(report):
    path = report.location[0]
    if path.startswith("docs/") and path.endswith(".md") and report.when == "call":
        _page_outcomes.setdefault(path, []).append(report.passed)


def pytest_sessionfinish(session):
    done, left = rewrite_output_lines(_updates)
    for path, count in done.items():
        print(f"\nupdated {count} fence(s) in {path}")
    for path, line in left:
        print(f"\nnot updated: {path}:{line} shows output in several places; edit its #> lines by hand")
    if not _updates and _page_outcomes:
        record_verified_pages(_page_outcomes)


def verified_record(outcomes):
    """Per page, the versions its blocks last passed a full run with: the committed record
    (docs/assets/verified-with.json) updated with this run's outcomes. A page that failed loses its
    entry; a page counts as verified only when all its fences ran."""
    import json
    import platform

    import fastai
    import torch

    record = json.loads(VERIFIED.read_text(encoding="utf-8")) if VERIFIED.is_file() else {}
    versions = {"python": ".".join(platform.python_version_tuple()[:2]), "torch": torch.__version__.split("+")[0],
                "fastai": fastai.__version__}
    for page, results in outcomes.items():
        key = page.removeprefix("docs/")
        every_fence = len(python_fences((ROOT / page).read_text(encoding="utf-8")))
        if not all(results):
            record.pop(key, None)
        elif len(results) == every_fence:
            record[key] = versions
    return dict(sorted(record.items()))


def record_verified_pages(outcomes):
    """Write verified_record(outcomes) to docs/assets/verified-with.json; the site shows it under each page."""
    import json

    text = json.dumps(verified_record(outcomes), indent=1) + "\n"
    if not VERIFIED.is_file() or VERIFIED.read_text(encoding="utf-8") != text:
        VERIFIED.write_text(text, encoding="utf-8")


@pytest.fixture
def verified_now():
    """verified_record() with the outcomes of this run so far (for the test that checks it)."""
    return verified_record(_page_outcomes)


VERIFIED_CHECK = "tests/test_notebooks.py::test_verified_versions_are_this_runs"


def pytest_collection_modifyitems(session, config, items):
    # Check the record last, after the pages have run: a page fixed since the last run counts as
    # verified by this run, instead of failing the check until the run after.
    items.sort(key=lambda item: item.nodeid == VERIFIED_CHECK)


def pytest_markdown_docs_globals():
    import numpy as np
    import torch

    random.seed(0)
    np.random.seed(0)
    torch.manual_seed(0)
    _prints.clear()
    return {"print": _recording_print, "__check_output__": _check_output, "__include__": compile_include}


@pytest.hookimpl(tryfirst=True)   # win over the plugin's default parser, also when loaded with -p
def pytest_markdown_docs_markdown_it():
    """The parser the plugin uses, plus a rule that rewrites fence bodies before they run."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def rewrite_python_fences(state):
        for token in state.tokens:
            if token.type != "fence" or not _is_python(token.info):
                continue
            lines = token.content.splitlines(keepends=True)
            body = "".join(expand_include_line(line) for line in lines)
            fence_line = token.map[0] + 1
            expected, positions = expected_output(token.content), output_positions(token.content, fence_line)
            token.content = body + f"__check_output__({expected!r}, {fence_line}, {positions!r})\n"

    md.core.ruler.after("block", "site_fence_rewrite", rewrite_python_fences)
    return md


def _is_python(info: str) -> bool:
    words = info.strip().strip("{}").split()
    return bool(words) and words[0].lstrip(".") in ("py", "python", "python3")


@pytest.fixture(autouse=True)
def _fresh_output_buffer(request):
    _prints.clear()
    _current_page.update(path=str(request.node.path), update=request.config.getoption("update_output"))
    yield
