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


def test_strict_build_succeeds(tmp_path):
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-4000:]
    assert (tmp_path / "site" / "index.html").is_file()


@pytest.fixture
def project_copy(tmp_path):
    """A copy of the site's sources that a test may break."""
    copy = tmp_path / "project"
    copy.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", copy / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", copy / "docs")
    for folder in ("snippets", "overrides", "sitebuild", "study"):   # includes, theme overrides, the hooks
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def append(page: Path, text: str):
    page.write_text(page.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize("breakage, expected", [
    ("\nSee [a missing page](questions/no-such-page.md).\n", "no-such-page.md"),
    ("\nSee [a missing anchor](contributing.md#no-such-anchor).\n", "no-such-anchor"),
    ('\n```python\n--8<-- "snippets/no_such_file.py"\n```\n', "no_such_file.py"),
    # Python-Markdown needs no space after '#': a wrapped line starting "#3108;" became a heading.
    ("\nSee fastai issue\n#3108; it explains why.\n", "index.md: more than one top-level heading: '3108; it explains why.'"),
])
def test_broken_link_anchor_or_include_fails_the_build(project_copy, tmp_path, breakage, expected):
    append(project_copy / "docs" / "index.md", breakage)
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, "the build should have failed"
    assert expected in result.stderr, result.stderr[-3000:]


def test_page_missing_from_nav_fails_the_build(project_copy, tmp_path):
    (project_copy / "docs" / "orphan.md").write_text("# Orphan\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, "the build should have failed"
    assert "orphan.md" in result.stderr, result.stderr[-3000:]


def test_short_answer_a_card_cannot_show_fails_the_build(project_copy, tmp_path):
    """study/mkdocs_hook.py builds the Anki deck from every short answer: one it cannot convert
    (here an unbalanced '$') fails the strict build, naming the page and the line."""
    page = project_copy / "docs" / "questions" / "q05.md"
    text = page.read_text(encoding="utf-8")
    first = "Take `LMModel1` down to two steps"
    assert first in text
    page.write_text(text.replace(first, "Take $LMModel1 down to two steps"), encoding="utf-8")
    line = text[:text.index(first)].count("\n") + 1
    result = mkdocs_build(project_copy, tmp_path / "site")
    assert result.returncode != 0, "the build should have failed"
    assert f"questions/q05.md:{line}: an unbalanced '$'" in result.stderr, result.stderr[-3000:]
