"""Every question has a page that states it, every page is in the navigation, the index is current."""

import re
from pathlib import Path

import pytest
import yaml

from reproduce.book_questions import QUESTIONS
from reproduce.paths import DOCS, ROOT
from sitebuild.derived import expand_nav
from sitebuild.index import START, END, updated_index
from study.mkdocs_hook import GENERATED_PAGES


def nav_pages():
    class Loader(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name tags (Material's emoji setup): read them as plain strings
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    pages = []

    def walk(item):
        if isinstance(item, str):
            pages.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(expand_nav(config["nav"]))
    return pages


ANSWERED = [page for page in QUESTIONS if (DOCS / page).is_file()]


def test_every_markdown_page_is_in_the_navigation():
    in_nav = set(nav_pages())
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    missing = sorted(pages - in_nav)
    assert not missing, f"pages missing from nav in mkdocs.yml: {missing}"
    generated = set(GENERATED_PAGES)   # written by a build hook (the review sheet), never committed
    assert not sorted(p for p in in_nav - generated if not (DOCS / p).is_file()), "nav names pages that do not exist"
    assert not sorted(p for p in generated if (DOCS / p).exists()), "a generated page is committed in docs/"


def test_question_pages_are_all_known_questions():
    question_pages = {str(p.relative_to(DOCS)) for folder in ("questions", "further-research")
                      for p in (DOCS / folder).glob("*.md")}
    unknown = sorted(question_pages - set(QUESTIONS))
    assert not unknown, f"pages that are not a chapter question: {unknown}"


@pytest.mark.parametrize("page", ANSWERED)
def test_question_page_follows_the_template(page):
    text = (DOCS / page).read_text(encoding="utf-8")
    number = int(re.search(r"(\d+)\.md$", page)[1])
    kind = "Further research" if page.startswith("further-research") else "Question"
    front = re.match(r"^---\n(.*?)\n---\n", text, re.S)
    assert front, f"{page}: front matter with a description"
    meta = yaml.safe_load(front[1])   # a stray ': ' in the description would break the YAML
    assert isinstance(meta, dict) and len(meta.get("description", "")) >= 20, f"{page}: description"
    assert re.search(r"^# (Q|FR ?)%d\. \S" % number, text, re.M), f"{page}: H1 '# Q{number}. title'"
    quote = f"> **{kind} {number}.** {QUESTIONS[page]}"
    assert quote in text, f"{page}: must state the question exactly:\n{quote}"
    assert re.search(r"^/// details \| Answer\n", text, re.M), f"{page}: a hidden '/// details | Answer' block"
    assert re.search(r"^\s*assert\b", text, re.M), f"{page}: code must assert the page's claim"


def test_index_lists_every_question_and_links_the_answered():
    """The home page's list is derived at build time: the committed page holds only the markers,
    and the derived list links every page that exists (so a new page needs no edit here)."""
    committed = (DOCS / "index.md").read_text(encoding="utf-8")
    assert f"{START}\n{END}" in committed, "docs/index.md: the list between the markers is generated"
    derived = updated_index(committed)
    for page in ANSWERED:
        assert f"]({page})" in derived, page
    assert derived.count("*(not answered yet)*") == len(QUESTIONS) - len(ANSWERED)


def test_nothing_committed_lists_the_pages():
    """A new page is its Markdown file alone: no nav entry, no list entry, no notebook to add."""
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "questions/q01.md" not in config_text and "questions/*.md" in config_text
    assert not (DOCS / "notebooks" / "pages").exists(), "page notebooks are built, not committed"
    assert not (DOCS / "assets" / "verified-with.json").exists(), "the record is written by runs"


def test_the_build_stops_on_a_page_beyond_the_chapters_questions(tmp_path):
    """`make serve` and `make build` say what a stray fr5.md is, as the test run does."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from sitebuild import hooks

    (tmp_path / "further-research").mkdir()
    (tmp_path / "further-research" / "fr5.md").write_text("# More\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"fr5\.md: this site answers the 43 questions"):
        hooks.on_config(SimpleNamespace(docs_dir=str(tmp_path)))
