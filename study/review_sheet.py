"""The review sheet: every question on one page, each short answer folded away.

The page is generated from the question pages at build time (never committed), so it cannot
drift from them. Each answer keeps the pages' `/// details | Answer` markup, so the site's
"Show all answers" toggle (docs/assets/javascripts/self-test.js) and the print stylesheet treat
it like an answer page's.
"""

from __future__ import annotations

import posixpath
import re

from study.answers import Item

PAGE = "review.md"
# A Markdown link or image target: `](target)`. Short answers have no `](` inside code spans.
TARGET = re.compile(r"(\]\()([^)\s]+)(\))")


def rebased(markdown: str, page_src: str) -> str:
    """Relative link targets of a page, rewritten to work from the review page at the docs root."""
    def fix(m: re.Match) -> str:
        target = m[2]
        if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("/"):
            return m[0]
        path, hash_, anchor = target.partition("#")
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), path)) if path else page_src
        return f"{m[1]}{path}{hash_}{anchor}{m[3]}"

    return TARGET.sub(fix, markdown)


def review_markdown(items: list[Item], deck_file: str) -> str:
    """The review page's Markdown: the questions in the book's order, answers folded."""
    out = [
        "---",
        "description: All 43 questions of chapter 12 on one page, each with its short answer folded"
        " away, to test yourself or to print as a review sheet.",
        "---",
        "",
        "# Review sheet",
        "",
        "Every question of the chapter with its short answer, folded so that you can answer first.",
        "Each heading leads to the full answer with its code. Printed, the page shows every answer;",
        f"to review on your phone instead, import the [Anki deck]({deck_file}) into Anki.",
    ]
    section = None
    for item in items:
        heading = "Further research" if item.src.startswith("further-research/") else "Questionnaire"
        if heading != section:
            out += ["", f"## {heading}"]
            section = heading
        kind, number = item.label.rsplit(" ", 1)
        out += [
            "",
            f"### [{item.title}]({item.src}) {{#{item.id}}}",
            "",
            f"> **{kind.capitalize()} {number}.** {item.question}",
            "",
            "/// details | Answer",
            "    type: success",
            "",
            rebased(item.answer, item.src),
            "///",
        ]
    return "\n".join(out) + "\n"
