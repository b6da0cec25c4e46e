"""The page-test pipeline itself: every fence is collected, and a broken page fails loudly.

Each negative case runs pytest on a small page in a temporary folder, with this project's
conftest.py loaded as a plugin, exactly as a contributed page would be tested: inside this
process (pytester: the `run_pytest` fixture of tests/pagetest/conftest.py), except the runs over
the real docs/, which get a process of their own.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pagetest.fences import python_fences
from reproduce.book_questions import QUESTIONS, pages_beyond_the_questions
from reproduce.paths import DOCS, ROOT
from tests.pagetest.conftest import PYTEST_ARGS, write_page


def run_pytest_process(*args, outside_project=True):
    """pytest in a new process, with the project's settings; for pages outside the project, load
    its conftest.py as a plugin, exactly as a contributed page would be tested."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    plugin = ["-p", "conftest"] if outside_project else []
    cmd = [sys.executable, "-m", "pytest", *PYTEST_ARGS, *plugin, *args]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_every_python_fence_in_docs_is_collected(request):
    """As many fence tests as python_fences finds fences in docs/: this run's own collection when
    it collected every page and selected all (`make test`), else a collect-only run."""
    per_page = {str(p.relative_to(ROOT)): len(python_fences(p.read_text(encoding="utf-8")))
                for p in DOCS.rglob("*.md")}
    own = [item.nodeid for item in request.session.items if "[CodeFence#" in item.nodeid]
    narrowed = request.config.getoption("keyword") or request.config.getoption("markexpr")
    if not narrowed and {nodeid.split("::", 1)[0] for nodeid in own} == {p for p, n in per_page.items() if n}:
        collected = own
    else:
        result = run_pytest_process("--collect-only", "-q", str(DOCS), outside_project=False)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        collected = [line for line in result.stdout.splitlines() if "[CodeFence#" in line]
    fences = sum(per_page.values())
    assert fences > 0
    assert len(collected) == fences, (len(collected), fences)


def test_a_failing_fence_reports_page_and_line(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        # A page

        ```python
        x = 1
        y = undefined_name + x
        ```
        """)
    result = run_pytest(str(page))
    out = result.stdout
    assert result.returncode == 1, out[-2000:]
    assert "contributed.md" in out and "line 5" in out and "NameError" in out, out[-2000:]


def test_wrong_printed_output_fails(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        print(6 * 7)
        #> 41
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 1, result.stdout[-2000:]
    assert "#> 41" in result.stdout and "#> 42" in result.stdout, result.stdout[-2000:]


def test_output_shown_above_its_print_fails(tmp_path, run_pytest):
    """The whole output matches, but one #> line sits above the print that writes it."""
    page = write_page(tmp_path, """\
        ```python
        print("first")
        #> first
        #> second
        for word in ["second"]:
            print(word)
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 1, result.stdout[-2000:]
    assert "the #> line at page line 4 is printed by the statement at page line 6" in result.stdout, \
        result.stdout[-2000:]


def test_output_below_its_print_passes_also_from_a_loop_and_a_continuation(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        def show(x):
            print("value", x)
        ```

        ```{.python continuation}
        for x in [1, 2]:
            show(x)
        #> value 1
        #> value 2
        print("end", end="")
        print("!")
        #> end!
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 0, result.stdout[-2000:]


def test_printing_without_showing_the_output_fails(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        print("a result the page does not show")
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 1, result.stdout[-2000:]
    assert "printed something else than its #> lines" in result.stdout, result.stdout[-2000:]


def test_continuation_runs_after_the_earlier_block(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        x = 20
        ```

        ```{.python continuation}
        print(x + 1)
        #> 21
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode == 0, result.stdout[-2000:]
    assert "2 passed" in result.stdout, result.stdout[-2000:]


def test_include_runs_the_snippet_and_reports_its_real_file(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        --8<-- "snippets/data.py:group_chunks"
        print(group_chunks(list(range(6)), 2))
        #> [0, 3, 1, 4, 2, 5]
        group_chunks([1, 2, 3], 0)
        ```
        """)
    result = run_pytest(str(page))
    out = result.stdout
    assert result.returncode == 1, out[-2000:]
    assert "ZeroDivisionError" in out and "snippets/data.py" in out, out[-3000:]
    assert "contributed.md\", line 5" in out, out[-3000:]


def test_missing_include_fails(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        --8<-- "snippets/no_such_file.py:model"
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode != 0, result.stdout[-2000:]
    assert "include target not found: snippets/no_such_file.py" in result.stdout + result.stderr


def test_missing_section_fails(tmp_path, run_pytest):
    page = write_page(tmp_path, """\
        ```python
        --8<-- "snippets/data.py:no_such_section"
        ```
        """)
    result = run_pytest(str(page))
    assert result.returncode != 0
    assert "section [no_such_section] not found" in result.stdout + result.stderr


def updated(run_pytest, tmp_path, before: str) -> str:
    """The page text after `pytest --update-output` (which must succeed, and leave a passing page)."""
    page = write_page(tmp_path, before)
    result = run_pytest("--update-output", str(page))
    assert result.returncode == 0, result.stdout[-2000:]
    assert run_pytest(str(page)).returncode == 0, "the rewritten page fails"
    return page.read_text()


def test_update_output_rewrites_the_expected_lines(tmp_path, run_pytest):
    before = '```python\nprint(2 + 2)\n#> 5\nprint("done")\n```\n'
    assert updated(run_pytest, tmp_path, before) == '```python\nprint(2 + 2)\n#> 4\nprint("done")\n#> done\n```\n'


def test_update_output_puts_each_line_under_the_statement_that_printed_it(tmp_path, run_pytest):
    code = ["```python", "print(1)", "x = 3", "for i in range(2):", '    print("loop",', "          i)",
            "print(x)", "```", ""]
    with_output = {"print(1)": ["#> 1"], "          i)": ["#> loop 0", "#> loop 1"], "print(x)": ["#> 3"]}
    stale = {"print(1)": ["#> 7", "#> 8"]}   # the page as a contributor left it: old output, one place
    page = lambda output: "\n".join(line + "".join("\n" + o for o in output.get(line, [])) for line in code)
    assert updated(run_pytest, tmp_path, page(stale)) == page(with_output)


def test_update_output_keeps_the_layout_when_only_values_changed(tmp_path, run_pytest):
    """A header printed before a loop, shown with the rows after it: new values, same places."""
    before = textwrap.dedent("""\
        ```python
        print("n  square")
        for n in range(2, 4):
            print(n, n * n)
        #> n  square
        #> 2 4
        #> 3 10
        assert True
        ```
        """)
    assert updated(run_pytest, tmp_path, before) == before.replace("#> 3 10", "#> 3 9")


# What a page can get wrong besides its code: each is a collection error naming page and line.
PAGE_PROBLEMS = {
    "missing include": ('```python\n--8<-- "snippets/no_such_file.py:model"\n```\n',
                        "contributed.md:2: include target not found: snippets/no_such_file.py"),
    "broken link": ("See [the answer](no-such-page.md).\n",
                    "contributed.md:1: link to 'no-such-page.md': no such file"),
    "broken anchor": ("# Title\n\nSee [above](#no-such-heading).\n",
                      "contributed.md:3: link to '#no-such-heading'"),
    "fence that would not run": ("!!! note\n    ```python\n    x = 1\n    ```\n",
                                 "contributed.md:2: a Python fence indented under"),
    "formula KaTeX cannot parse": ("The scale is $\\frac{1}{1-p$.\n",
                                   "contributed.md:1: formula $\\frac{1}{1-p$ does not render"),
    "code line too wide": ("```python\nx = " + "1 + " * 30 + "1\n```\n",
                           f"contributed.md:2: code line of {len('x = ' + '1 + ' * 30 + '1')} characters"),
}


def test_each_page_problem_fails_the_page_test_with_page_and_line(tmp_path, run_pytest):
    """Six pages, one problem each, tested in one run: each problem is reported."""
    pages = []
    for name, (body, _) in PAGE_PROBLEMS.items():
        folder = tmp_path / name.replace(" ", "-")
        folder.mkdir()
        pages.append(folder / "contributed.md")
        pages[-1].write_text(body, encoding="utf-8")
    result = run_pytest(*map(str, pages))
    out = result.stdout + result.stderr
    assert result.returncode != 0, out[-3000:]
    assert out.count("ERROR collecting") >= len(pages), out[-3000:]
    for name, (_, message) in PAGE_PROBLEMS.items():
        assert message in out, (name, out[-3000:])


def test_a_page_test_leaves_the_working_tree_as_it_was():
    """Running a page (its fences pass, so the verified record is written) changes no tracked or
    untracked file of the checkout: the record and the training cache live outside git."""
    status = ["git", "status", "--porcelain", "--untracked-files=all"]
    before = subprocess.run(status, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    result = run_pytest_process(str(DOCS / "questions" / "q04.md"), outside_project=False)
    assert result.returncode == 0, result.stdout[-2000:]
    after = subprocess.run(status, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert after == before, after


PINNED_PAGE = """\
```python
x = 1
```

```{.python continuation pinned}
assert x == 1
```

```{.python continuation}
print(x + 1)
#> 2
```

```python
print("alone")
#> alone
```
"""


def test_a_pinned_fence_and_its_continuations_are_skipped_only_off_the_pinned_path(
        tmp_path, run_pytest, monkeypatch):
    page = write_page(tmp_path, PINNED_PAGE)
    exact = run_pytest("-rs", str(page))
    assert exact.returncode == 0 and "4 passed" in exact.stdout, exact.stdout[-2000:]
    monkeypatch.setenv("CH12_FIGURES", "tolerant")
    tolerant = run_pytest("-rs", str(page))
    out = tolerant.stdout
    assert tolerant.returncode == 0 and "2 passed, 2 skipped" in out, out[-2000:]
    assert "hold only on the pinned CPU path" in out, out[-2000:]


def test_a_page_beyond_the_chapters_questions_stops_the_run_with_one_message(run_pytest, tmp_path,
                                                                              monkeypatch):
    """A contributed docs/further-research/fr5.md: one message saying what the site holds and
    where such material goes, instead of a count mismatch in every test that lists the pages."""
    import pagetest.plugin

    docs = tmp_path / "docs"
    for path in QUESTIONS:
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text("# stub\n", encoding="utf-8")
    (docs / "further-research" / "fr5.md").write_text("# More\n", encoding="utf-8")
    monkeypatch.setattr(pagetest.plugin, "DOCS", docs)
    result = run_pytest("--collect-only", "-q", str(tmp_path / "docs" / "questions" / "q01.md"))
    out = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, out[-2000:]
    assert "docs/further-research/fr5.md: this site answers the 43 questions" in out, out[-2000:]
    assert "open an issue" in out and out.count("this site answers") == 1, out[-2000:]


def test_every_page_of_the_answer_folders_answers_a_question():
    assert pages_beyond_the_questions(DOCS) == []
