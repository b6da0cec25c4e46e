"""pagetest/continuation.py: a continuation fence runs on from where the fence before it stopped,
and gives what re-running its chain from the top gives.

Each page's first fence appends to the file named by $FENCE_LOG, so a test sees how often the
chain's earlier code ran: once with the memo, once per later fence of the chain without it.
"""

import pytest

from pagetest import continuation
from pagetest.fences import python_fences
from tests.pagetest.conftest import write_page

# Every fence draws from the three generators the plugin seeds: a continuation that found them
# seeded afresh, or its namespace rebuilt, would print other numbers than the full re-run.
CHAIN = """\
```python
import os
import random

import numpy as np
import torch

open(os.environ["FENCE_LOG"], "a").write("1")
x = random.random() + np.random.rand() + torch.rand(1).item()
```

```{.python continuation}
open(os.environ["FENCE_LOG"], "a").write("2")
print(round(x, 6), random.random(), np.random.rand(), torch.rand(2))
```

```{.python continuation}
print(random.random(), np.random.rand(), torch.rand(2))
```
"""


@pytest.fixture
def fence_log(tmp_path, monkeypatch):
    """The file the pages' first fences append to: read() gives what ran, and empties it."""
    log = tmp_path / "fence.log"
    monkeypatch.setenv("FENCE_LOG", str(log))
    monkeypatch.delenv(continuation.ENV, raising=False)   # on, unless a test turns it off

    class Log:
        @staticmethod
        def read():
            text = log.read_text() if log.exists() else ""
            log.unlink(missing_ok=True)
            return text
    return Log


def test_a_chain_prints_what_its_full_rerun_prints_and_runs_each_block_once(
        tmp_path, run_pytest, monkeypatch, fence_log):
    """`--update-output` writes the #> lines of the three fences from the full re-run
    (CH12_FENCE_MEMO=0), then from the memo: the same page, every fence's lines rewritten."""
    page = write_page(tmp_path, CHAIN)
    monkeypatch.setenv(continuation.ENV, "0")
    result = run_pytest("--update-output", str(page))
    assert result.returncode == 0 and "updated 2 fence(s)" in result.stdout, result.stdout[-2000:]
    assert fence_log.read() == "1" + "12" + "12"   # each fence re-runs the fences before it
    by_rerun = page.read_text()
    assert by_rerun.count("#> ") == 2, by_rerun

    monkeypatch.delenv(continuation.ENV)
    page = write_page(tmp_path, CHAIN)
    result = run_pytest("--update-output", str(page))
    assert result.returncode == 0 and "updated 2 fence(s)" in result.stdout, result.stdout[-2000:]
    assert fence_log.read() == "12"
    assert page.read_text() == by_rerun
    result = run_pytest(str(page))
    assert result.returncode == 0 and "3 passed" in result.stdout, result.stdout[-2000:]
    assert fence_log.read() == "12"


def test_update_output_rewrites_each_fence_of_a_chain_once_run(tmp_path, run_pytest, fence_log):
    """In the full re-run a fence's output check ran again inside every later fence; with the
    memo it runs once, and still every fence whose output changed is rewritten."""
    page = write_page(tmp_path, """\
        ```python
        import os
        open(os.environ["FENCE_LOG"], "a").write("1")
        print("one")
        #> old one
        ```

        ```{.python continuation}
        print("two")
        #> old two
        ```

        ```{.python continuation}
        print("three")
        ```
        """)
    result = run_pytest("--update-output", str(page))
    assert result.returncode == 0 and "updated 3 fence(s)" in result.stdout, result.stdout[-2000:]
    assert fence_log.read() == "1"
    text = page.read_text()
    assert all(f"print({word!r})\n#> {word}\n" in text.replace('"', "'")
               for word in ("one", "two", "three")), text
    assert "old" not in text, text


def test_a_continuation_run_alone_reruns_its_chain(tmp_path, run_pytest, fence_log):
    page = write_page(tmp_path, CHAIN)
    assert run_pytest("--update-output", str(page)).returncode == 0
    fence_log.read()
    last = python_fences(page.read_text())[-1][0]
    result = run_pytest(str(page), "-k", f"line:{last}")
    assert result.returncode == 0 and "1 passed, 2 deselected" in result.stdout, \
        result.stdout[-2000:]
    assert fence_log.read() == "12"


def test_after_a_failing_fence_the_next_reruns_the_chain_and_fails_as_before(
        tmp_path, run_pytest, fence_log):
    page = write_page(tmp_path, """\
        ```python
        import os
        open(os.environ["FENCE_LOG"], "a").write("1")
        x = 1 / 0
        ```

        ```{.python continuation}
        y = x + 1
        ```
        """)
    result = run_pytest(str(page))
    out = result.stdout
    assert result.returncode == 1 and "2 failed" in out, out[-2000:]
    # Count in the failure reports only: with CI set, pytest's short summary repeats each message.
    reports = out.split("short test summary info")[0]
    assert reports.count('contributed.md", line 4') == 2 and "ZeroDivisionError" in reports, out[-3000:]
    assert fence_log.read() == "11"


def test_a_continued_fence_reports_page_lines(tmp_path, run_pytest, fence_log):
    """Its traceback, and the places of its #> lines, are counted in page lines."""
    page = write_page(tmp_path, """\
        ```python
        import os
        open(os.environ["FENCE_LOG"], "a").write("1")
        def half(n):
            return n // 0
        ```

        ```{.python continuation}
        n = 4
        half(n)
        ```

        ```python
        import os
        open(os.environ["FENCE_LOG"], "a").write("3")
        ```

        ```{.python continuation}
        #> first
        print("first")
        ```
        """)
    result = run_pytest(str(page))
    out = result.stdout
    assert result.returncode == 1 and "2 failed, 2 passed" in out, out[-2000:]
    assert 'contributed.md", line 10, in <module>' in out, out[-3000:]
    assert 'contributed.md", line 5, in half' in out, out[-3000:]
    assert "the #> line at page line 19 is printed by the statement at page line 20" in out, \
        out[-3000:]
    assert fence_log.read() == "13"   # both continuations ran on from their first fence


def test_a_continuation_sees_the_namespace_as_its_chain_left_it(tmp_path, run_pytest):
    """A function of an earlier fence reads the globals the later fence sets (one namespace),
    and a name the earlier code rebound (here `print`) is not given afresh."""
    page = write_page(tmp_path, """\
        ```python
        def shown():
            return y
        ```

        ```{.python continuation}
        y = 3
        print(shown())
        #> 3
        ```

        ```{.python continuation}
        import builtins
        print = builtins.print   # what it prints is no longer recorded
        ```

        ```{.python continuation}
        print("not recorded, so no #> line")
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 0 and "4 passed" in result.stdout, result.stdout[-2000:]
