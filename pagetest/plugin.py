"""The pytest plugin that makes every Python fence of docs/ a test of exactly what the reader sees.

pytest-markdown-docs collects the fences. This plugin, loaded by conftest.py
(`pytest_plugins = ["pagetest.plugin"]`), rewrites each fence before it runs:

    x = f(1)                                x = f(1)
    print(x)                       ->       print(x)                       (print records its text)
    #> 2                                   #> 2
    --8<-- "snippets/a.py:s"                exec(__include__('snippets/a.py:s'), globals())
                                            __check_output__('2', <fence line>, [<#> line>])

- includes run the snippet's section, compiled under its own file and lines (pagetest/includes.py);
- `print` records what each statement wrote, and `__check_output__` compares it with the fence's
  `#>` lines, and checks each sits below its print (pagetest/output.py);
- every fence starts from the same seeds (random, numpy, torch);
- a `{.python continuation}` fence whose predecessor just passed in this process runs only its
  own block, in the namespace and with the random generators that fence left, which is what
  re-running the chain from the top recomputes; otherwise it re-runs the chain as
  pytest-markdown-docs does (pagetest/continuation.py). `CH12_FENCE_MEMO=0` turns this off;
- `--update-output` rewrites the `#>` lines from the run instead of failing (pagetest/output.py);
- before a page's fences run, what else a page can get wrong (a fence that would not run, a
  missing include, a broken link or anchor, a formula KaTeX cannot parse, a code line too wide,
  a short answer too long) is reported as a collection error with its page line
  (pagetest/page_checks.py);
- at the end of a run, the pages whose fences all passed are written to the verified record
  (pagetest/verified.py), outside the tracked tree, and `git status` must be what it was.

All of a run's state lives in one `PageRun` object, kept in `config.stash`.
"""

from __future__ import annotations

import builtins
import dataclasses
import functools
import io
import re
import subprocess
import sys

import pytest
from pytest_markdown_docs._runners import DefaultRunner, register_runner   # how a fence runs

from pagetest import continuation, verified
from pagetest.fences import is_python, pinned_lines
from pagetest.includes import IncludeError, compile_include, expand_include_line
from pagetest.page_checks import page_problems
from reproduce import cpu_paths
from reproduce.paths import DOCS, ROOT
from pagetest.output import (compare_output, expected_output, line_sources, misplaced_output,
                             output_positions, rewrite_output_lines)

_real_print = builtins.print


@dataclasses.dataclass
class PageRun:
    """What one pytest run knows about the pages: the fence running now and what it printed,
    the outcomes of every page's fences, and the `--update-output` rewrites to make."""
    update: bool = False
    page: str | None = None                                    # path of the page running now
    prints: list = dataclasses.field(default_factory=list)    # (page line, text) of each print
    outcomes: dict = dataclasses.field(default_factory=dict)  # "docs/x.md" -> [passed, ...]
    updates: dict = dataclasses.field(default_factory=dict)   # (page, fence line) -> (text, sources)
    tree_at_start: str | None = None                           # `git status --porcelain`
    tolerance: dict = dataclasses.field(default_factory=lambda: dict(cpu_paths.EXACT))
    pinned: dict = dataclasses.field(default_factory=dict)    # page path -> its pinned fence lines
    memo: continuation.FenceMemo = dataclasses.field(default_factory=continuation.FenceMemo)

    @property
    def exact(self) -> bool:
        """Whether figures are compared exactly: the pinned CPU path (cpu_paths.figures_mode)."""
        return self.tolerance == cpu_paths.EXACT

    def pinned_lines(self, path) -> set[int]:
        if path not in self.pinned:
            self.pinned[path] = pinned_lines(path.read_text(encoding="utf-8"))
        return self.pinned[path]

    def statement_line(self) -> int | None:
        """The page line of the fence statement running now: the outermost frame of the page's
        code (pytest-markdown-docs compiles each fence under the page's path, padded to its lines)."""
        line, frame = None, sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename == self.page:
                line = frame.f_lineno
            frame = frame.f_back
        return line

    def recording_print(self, *args, **kwargs):
        """print as usual, and keep a copy of what went to stdout for the `#>` check."""
        if kwargs.get("file") is None:
            buf = io.StringIO()
            _real_print(*args, **{**kwargs, "file": buf})
            self.prints.append((self.statement_line(), buf.getvalue()))
        _real_print(*args, **kwargs)

    def check_output(self, expected: str, fence_line: int, positions: list[int]) -> None:
        """Appended to each fence: compare what it printed with its `#>` lines (what, and that
        each sits below the print that wrote it), then start afresh."""
        actual = "".join(text for _, text in self.prints)
        sources = line_sources(self.prints)
        self.prints.clear()
        tol = self.tolerance
        problem = compare_output(expected, actual, tol["rel"], tol["abs"]) \
            or misplaced_output(positions, sources)
        if problem and self.update:
            self.updates[(self.page, fence_line)] = (actual, sources)
        elif problem:
            raise AssertionError(
                f"the fence starting at page line {fence_line} printed something else than its #>"
                f" lines, or in another place\n{problem}\n"
                "(pytest --update-output rewrites the #> lines from this run)")


RUN = pytest.StashKey[PageRun]()
# The runs of this process, innermost last: pytest-markdown-docs' globals hook gets no config, and
# a test may run pytest inside a run (pytester, tests/pagetest/test_doc_pipeline.py).
_active: list[PageRun] = []


def pytest_addoption(parser):
    parser.addoption("--update-output", action="store_true",
                     help="rewrite the #> lines of doc fences with what the fences print now")


def pytest_configure(config):
    import torch

    # One thread: as fast as two for the chapter's small models, and the figures the pages show
    # were written with it (see reproduce/README.md).
    torch.set_num_threads(1)
    run = PageRun(update=config.getoption("update_output", False), tree_at_start=git_status(),
                  tolerance=cpu_paths.figure_tolerance(),
                  memo=continuation.FenceMemo(on=continuation.enabled()))
    config.stash[RUN] = run
    _active.append(run)


def pytest_sessionstart(session):
    """A page that answers none of the chapter's questions stops the run with one message, not
    a count mismatch in every test that lists the pages."""
    from reproduce.book_questions import beyond_the_questions_message, pages_beyond_the_questions

    stray = pages_beyond_the_questions(DOCS)
    if stray:
        raise pytest.UsageError(beyond_the_questions_message(stray))


def pytest_unconfigure(config):
    if RUN in config.stash:
        config.stash[RUN].memo.forget()   # the last fence's namespace: models, tensors
        if config.stash[RUN] in _active:
            _active.remove(config.stash[RUN])


def git_status() -> str | None:
    """The working tree's state (None outside a git checkout): a run must leave it as it found it."""
    try:
        return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                              capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None


class PageChecks(pytest.File):
    """Collects nothing: reports what pagetest/page_checks.py finds wrong with a page as a
    collection error, before its fences run."""

    def collect(self):
        problems = page_problems(self.path)
        if problems:
            page = self.path.relative_to(ROOT) if ROOT in self.path.parents else self.path.name
            raise self.CollectError("\n".join(f"{page}:{p.removeprefix('line ')}" for p in problems))
        return []


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md" and parent.config.getoption("markdowndocs", False):
        return PageChecks.from_parent(parent, path=file_path, name=f"{file_path.name}::page-checks")
    return None


def pytest_runtest_logreport(report):
    path = report.location[0]
    if path.startswith("docs/") and path.endswith(".md") and report.when == "call" and _active:
        _active[-1].outcomes.setdefault(path, []).append(report.passed)


def pytest_report_header(config):
    return cpu_paths.mode_line()


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")   # a pytest-xdist worker (the controller has the reports)


def pytest_sessionfinish(session):
    run = session.config.stash[RUN]
    done, left = rewrite_output_lines(run.updates)   # in the process that ran the page
    for path, count in done.items():
        print(f"\nupdated {count} fence(s) in {path}")
    for path, line in left:
        print(f"\nnot updated: {path}:{line} shows output in several places; edit its #> lines by hand")
    if _is_worker(session.config):
        return
    if not run.updates and run.outcomes:
        verified.write_record(verified.updated_record(verified.read_record(), run.outcomes))
    if run.update is False and run.tree_at_start is not None and git_status() != run.tree_at_start:
        print("\nThe test run changed the working tree (git status differs from its start):\n"
              + git_status())
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture
def verified_now(request):
    """The verified record with the outcomes of this run so far (for the test that checks it)."""
    return verified.updated_record(verified.read_record(), request.config.stash[RUN].outcomes)


def pytest_markdown_docs_globals():
    continuation.seed_generators(0)
    run = _active[-1]
    run.prints.clear()
    return {"print": run.recording_print, "__check_output__": run.check_output,
            "__include__": compile_include}


@register_runner(default=True)
class PageRunner(DefaultRunner):
    """pytest-markdown-docs' runner, but a continuation fence runs on from the state the fence
    before it left when that is what its re-run would compute (pagetest/continuation.py).
    Failures are reported as DefaultRunner reports them: page lines, the fence's code."""

    def runtest(self, test, args, *, asyncio_runner=None):
        full_run = functools.partial(super().runtest, test, args, asyncio_runner=asyncio_runner)
        if not _active:
            return full_run()
        return _active[-1].memo.run(test, args, full_run)


@pytest.hookimpl(tryfirst=True)   # win over the plugin's default parser, also when loaded with -p
def pytest_markdown_docs_markdown_it():
    """The parser the plugin uses, plus a rule that rewrites fence bodies before they run."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark")

    def rewrite_python_fences(state):
        for token in state.tokens:
            if token.type != "fence" or not is_python(token.info):
                continue
            lines = token.content.splitlines(keepends=True)
            fence_line = token.map[0] + 1
            try:
                body = "".join(expand_include_line(line) for line in lines)
            except IncludeError as error:
                line = fence_line + 1 + next(i for i, text in enumerate(lines) if "--8<--" in text)
                raise IncludeError(f"page line {line}: {error}") from None
            expected = expected_output(token.content)
            positions = output_positions(token.content, fence_line)
            token.content = body + f"__check_output__({expected!r}, {fence_line}, {positions!r})\n"

    md.core.ruler.after("block", "site_fence_rewrite", rewrite_python_fences)
    return md


FENCE_LINE = re.compile(r"\[line:(\d+)\]")


def pytest_runtest_setup(item):
    """In a tolerant run (not the pinned CPU path), skip the fences whose figures hold only on
    the pinned path (option `pinned`, pagetest/fences.py), saying so; exact runs check them."""
    found = FENCE_LINE.search(item.name)
    run = item.config.stash[RUN]
    if item.path.suffix != ".md" or not found or run.exact:
        return
    if int(found[1]) in run.pinned_lines(item.path):
        page = item.path.relative_to(ROOT) if ROOT in item.path.parents else item.path.name
        pytest.skip(f"{page}:{found[1]}: its trained figures hold only on the pinned CPU path "
                    f"of the figures' machine (x86 at the AVX2 caps, its CPU vendor and numerics "
                    f"fingerprint): checked by exact runs (fence option `pinned`)")


@pytest.fixture(autouse=True)
def _fresh_output_buffer(request):
    run = request.config.stash[RUN]
    run.prints.clear()
    run.page = str(request.node.path)
    yield
