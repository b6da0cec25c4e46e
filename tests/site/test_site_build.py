"""`mkdocs build --strict` succeeds, and fails on a broken link, anchor, include or nav entry."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reproduce.paths import ROOT


def mkdocs_build(project: Path, site: Path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def test_strict_build_succeeds_and_derives_what_pages_need(site_dir):
    """Every answer page gets, from its Markdown file alone (nothing committed lists it:
    tests/site/test_site_structure.py), a nav entry, a link in the home page's list, a notebook
    in the built site and an Open in Colab link to where the deploy publishes that notebook.
    (The strict build is the run's shared one, tests/conftest.py: it raised if it failed.)"""
    site = site_dir
    home = (site / "index.html").read_text(encoding="utf-8")
    results_page = (site / "results" / "index.html").read_text(encoding="utf-8")   # any page's nav
    pages = sorted(p for folder in ("questions", "further-research")
                   for p in (ROOT / "docs" / folder).glob("*.md"))
    assert len(pages) == 43
    for page in pages:
        src = page.relative_to(ROOT / "docs").with_suffix("")
        assert f'href="{src}/"' in home, f"{src}: not linked from the home page's list"
        assert f'href="../{src}/"' in results_page, f"{src}: not in the navigation"
        notebook = site / "notebooks" / "pages" / f"{src}.ipynb"
        assert notebook.is_file(), f"{src}: no notebook in the built site"
        built = (site / src / "index.html").read_text(encoding="utf-8")
        assert f"blob/notebooks/notebooks/pages/{src}.ipynb" in built, f"{src}: no Colab link"


def copy_project(into: Path) -> Path:
    """A copy of the site's sources that a test may break."""
    copy = into / "project"
    copy.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", copy / "docs")
    for folder in ("snippets", "overrides", "sitebuild", "study"):   # includes, theme, the hooks
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def append(page: Path, text: str):
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")


# Each breakage must fail the strict build with a message naming it. A strict build reports every
# warning before it aborts, so one build of a copy holding all of them checks each (an include
# error aborts at once, so it gets a build of its own).
BREAKAGES = [
    ("\nSee [a missing page](questions/no-such-page.md).\n", "no-such-page.md"),
    ("\nSee [a missing anchor](contributing.md#no-such-anchor).\n", "no-such-anchor"),
    # Python-Markdown needs no space after '#': a wrapped line starting "#3108;" became a heading.
    ("\nSee fastai issue\n#3108; it explains why.\n",
     "index.md: more than one top-level heading: '3108; it explains why.'"),
]
ANSWER_START = "Take `LMModel1` down to two steps"


@pytest.fixture(scope="module")
def broken_build(tmp_path_factory):
    """One strict build of a copy with every breakage below; (return code, stderr, q05's line)."""
    tmp = tmp_path_factory.mktemp("broken")
    copy = copy_project(tmp)
    append(copy / "docs" / "index.md", "".join(breakage for breakage, _ in BREAKAGES))
    (copy / "docs" / "orphan.md").write_text("# Orphan\n", encoding="utf-8")   # not in the nav
    page = copy / "docs" / "questions" / "q05.md"
    text = page.read_text(encoding="utf-8")
    assert ANSWER_START in text
    page.write_text(text.replace(ANSWER_START, "Take $LMModel1 down to two steps"), encoding="utf-8")
    line = text[:text.index(ANSWER_START)].count("\n") + 1
    result = mkdocs_build(copy, tmp / "site")
    return result.returncode, result.stderr, line


@pytest.mark.parametrize("breakage, expected", BREAKAGES)
def test_broken_link_anchor_or_heading_fails_the_build(broken_build, breakage, expected):
    returncode, stderr, _ = broken_build
    assert returncode != 0, "the build should have failed"
    assert expected in stderr, stderr[-3000:]


def test_page_missing_from_nav_fails_the_build(broken_build):
    returncode, stderr, _ = broken_build
    assert returncode != 0 and "orphan.md" in stderr, stderr[-3000:]


def test_short_answer_a_card_cannot_show_fails_the_build(broken_build):
    """study/mkdocs_hook.py builds the Anki deck from every short answer: one it cannot convert
    (here an unbalanced '$') fails the strict build, naming the page and the line."""
    returncode, stderr, line = broken_build
    assert returncode != 0
    assert f"questions/q05.md:{line}: an unbalanced '$'" in stderr, stderr[-3000:]


def test_missing_include_fails_the_build(tmp_path):
    copy = copy_project(tmp_path)
    append(copy / "docs" / "index.md", '\n```python\n--8<-- "snippets/no_such_file.py"\n```\n')
    result = mkdocs_build(copy, tmp_path / "site")
    assert result.returncode != 0, "the build should have failed"
    assert "no_such_file.py" in result.stderr, result.stderr[-3000:]
