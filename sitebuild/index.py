"""The question list of the home page, between the two markers of docs/index.md.

Filled in at build time (sitebuild/hooks.py) from the book's questions (reproduce/book_questions.py):
a question whose page exists is linked to it. The committed docs/index.md holds only the markers.
`python -m sitebuild.index` prints the list.
"""

import re

from reproduce.book_questions import QUESTIONS
from reproduce.paths import DOCS

START, END = "<!-- questions:start -->", "<!-- questions:end -->"


def question_list(docs_dir=DOCS) -> str:
    out = [START, "", "### Questionnaire", ""]
    for page, text in QUESTIONS.items():
        if page.startswith("further-research/") and "### Further research" not in out:
            out += ["", "### Further research", ""]
        number = int(re.search(r"(\d+)\.md$", page)[1])
        entry = f"[{text}]({page})" if (docs_dir / page).is_file() else f"{text} *(not answered yet)*"
        out.append(f"{number}. {entry}")
    return "\n".join(out + ["", END])


def updated_index(current: str, docs_dir=DOCS) -> str:
    """The home page's Markdown with the question list between its markers (if it has them)."""
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    return pattern.sub(lambda _: question_list(docs_dir), current)


def main():
    print(question_list())


if __name__ == "__main__":
    main()
