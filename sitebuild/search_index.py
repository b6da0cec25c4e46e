"""MkDocs hook: what the search results show (after Material's search plugin wrote its index).

- No raw TeX in the previews: a formula is written in the index as its TeX source (`\\(x\\)`),
  which the results list prints as is. Each formula becomes an ellipsis; the words around it, the
  page title and the rest of the text still find the page.
- No folded answer in the previews: an answer page's first section holds the question, then the
  folded short answer (and each section of the review sheet holds one of them). The answer's words stay in the index (searching for them still finds the
  page), but wrapped in an element that the results list does not show (site.css:
  `.md-search-result__teaser s`). So a reader in self-test mode is not given the answer by a
  search preview. (Material's `data-search-exclude` would drop them from the index altogether,
  and with them the page for a search on the answer's words.)
- Titles without the "¶" permalink sign mkdocs-jupyter leaves in a notebook's headings.
- "Open in Colab" and "Download notebook", which overrides/main.html adds under each page that has
  a notebook, are findable: one short section per such page, pointing at the buttons.
"""

import json
import re
from pathlib import Path

INLINE_TEX = re.compile(r"\\\((?:.|\n)*?\\\)")
DISPLAY_TEX = re.compile(r"\\\[(?:.|\n)*?\\\]|\$\$(?:.|\n)*?\$\$")
# The section of an answer page that holds its folded answer: "...</p> Answer <p>the short
# answer</p>..." (Material's index keeps no tag of the summary), up to the next heading.
ANSWER = re.compile(r"(?P<head></p>\s*Answer\s+)(?P<body><.*)$", re.S)
RUN_BOX = "Run this page: Open in Colab, Download notebook"


CODE = re.compile(r"(<code>.*?</code>)", re.S)


def plain(text: str) -> str:
    """The text with each formula an ellipsis (code, which may show TeX on purpose, kept as is)."""
    parts = CODE.split(text)
    for i in range(0, len(parts), 2):
        parts[i] = INLINE_TEX.sub("…", DISPLAY_TEX.sub(" … ", parts[i]))
    return re.sub(r"[ \t]+", " ", "".join(parts))


def has_notebook(location: str) -> bool:
    return location.startswith(("questions/", "further-research/", "notebooks/chapter/"))


def rewrite(index: dict) -> dict:
    docs = []
    for doc in index["docs"]:
        doc = dict(doc)
        doc["title"] = doc["title"].rstrip("¶ \u00b6").strip()
        doc["text"] = plain(doc["text"])
        location = doc["location"]
        top = "#" not in location
        if location.startswith(("questions/", "further-research/", "review/")):   # review: every short answer
            found = ANSWER.search(doc["text"])
            if found:
                doc["text"] = doc["text"][: found.start("body")] + "<s>" + found["body"] + "</s>"
        docs.append(doc)
        if top and has_notebook(location):
            run = {"location": location + "#run-this-page", "title": "Open in Colab or download",
                   "text": f"<p>{RUN_BOX}.</p>"}
            if location.startswith("notebooks/chapter/"):
                run["boost"] = 2   # "colab": the chapter's own notebook before the pages' ones
            docs.append(run)
    return {**index, "docs": docs}


def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(rewrite(index), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
