"""Rewrite the question list of docs/index.md (between its two markers) from reproduce/book_questions.py.

A question whose page exists is linked; tests/site/test_site_structure.py fails when the list is stale.
Run: python -m sitebuild.index
"""

import re

from reproduce.book_questions import QUESTIONS
from reproduce.paths import DOCS

START, END = "<!-- questions:start -->", "<!-- questions:end -->"


def question_list() -> str:
    out = [START, "", "### Questionnaire", ""]
    for page, text in QUESTIONS.items():
        if page.startswith("further-research/") and "### Further research" not in out:
            out += ["", "### Further research", ""]
        number = int(re.search(r"(\d+)\.md$", page)[1])
        entry = f"[{text}]({page})" if (DOCS / page).is_file() else f"{text} *(not answered yet)*"
        out.append(f"{number}. {entry}")
    return "\n".join(out + ["", END])


def updated_index(current: str) -> str:
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    if not pattern.search(current):
        raise SystemExit(f"docs/index.md has no {START} ... {END} markers")
    return pattern.sub(lambda _: question_list(), current)


def main():
    index = DOCS / "index.md"
    index.write_text(updated_index(index.read_text(encoding="utf-8")), encoding="utf-8")
    print("updated", index)


if __name__ == "__main__":
    main()
