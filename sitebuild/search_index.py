"""MkDocs hook: the site's search, a Pagefind index built from the finished HTML (issue 27).

Pagefind (`pagefind[bin]` on PyPI) reads the built pages and writes a static index into
site/pagefind/ (on_post_build runs `python -m pagefind`); the search box in the header
(overrides/partials/search.html, assets/javascripts/search.js) loads it on first use, offline.
Nothing of the index depends on the theme: any generator that writes the same article HTML gets
the same search.

What this hook adds for the search:

- The page's vocabulary: the front matter's `search_terms`, the words a learner would use for the
  page's question (synonyms, the book's and the common name of the concept, the API names with
  and without their module; an API name goes on the one page whose subject it is). Shown as a
  small "Also known as" line at the end of the article: visible, so that a page is never found
  by words its reader cannot see, and after the answer, so that self-test mode hides it with the
  explanation (it names the answer's concepts). Pages without front matter of their own for it
  (the walkthrough notebook) or that are no answers take theirs from OTHER_TERMS.
- fields.json next to the index: each page's title, question and search terms, by Pagefind's page
  id. search.js adds a score for the query words these hold to Pagefind's score of the whole text:
  that is what puts the page whose question it is above the pages that use its words most.
  (Pagefind's element weights below help little: a word's weight adds to its count on the page,
  and counts saturate.)
- Left out of the index: formulas (TeX source in the HTML until KaTeX renders it), the review
  sheet's answers (it repeats every short answer; its title and introduction stay findable), and
  buttons, permalinks and the "Run this page" box that every answer page repeats.
- The question of an answer page as `data-pagefind-meta="question"`: the preview search.js shows,
  never the folded answer.
"""

from __future__ import annotations

import gzip
import html
import json
import logging
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from study.review_sheet import PAGE as REVIEW_SHEET

log = logging.getLogger("mkdocs.hooks.search")   # a warning fails `mkdocs build --strict`

ANSWER_PAGES = ("questions/", "further-research/")
TERMS_KEY = "search_terms"
# The search terms of the pages without front matter of their own to hold them (a notebook) or
# that are not answers: by source file.
OTHER_TERMS = {
    "index.md": ["home page", "list of questions", "index of the questions", "questionnaire", "answer key", "Anki deck",
                 "flashcards", "how to use this site", "self-test"],
    "review.md": ["review sheet", "printable", "print all answers", "every short answer on one page",
                  "revision", "cheat sheet", "summary of the answers", "study before an exam"],
    "results.md": ["results", "reproduced results", "accuracy of the seven models", "accuracy table",
                   "LMModel1 to LMModel7", "all seven models compared",
                   "the book's figures", "training runs", "seeds", "TextLearner",
                   "fastai.text.learner.TextLearner", "rnn_cbs", "fastai.callback.rnn.rnn_cbs"],
    "notebooks/chapter/walkthrough.ipynb": [
        "chapter notebook", "walkthrough", "12_nlp_dive", "the chapter's code", "Open in Colab",
        "download the notebook", "Learner", "fastai.learner.Learner", "learn.fit_one_cycle",
        "DataLoaders.from_dsets", "fastai.data.core.DataLoaders.from_dsets", "F.relu",
        "torch.nn.functional.relu"],
    "contributing.md": ["contribute", "fix an answer", "report a mistake", "pull request",
                        "run the tests", "add a page", "style"],
}

# Weights (Pagefind: 1 is body text, h1 7, h2 6, h3 5). Tried on the TUNING part of
# tests/browser/search_queries.py (benchmarks/search_eval.py): titles at 1 to 7, terms at 2 to 5 and
# questions at 2 to 4 changed the first places by at most 5 of 129 queries.
WEIGHT = {
    "terms": 3.0,       # the "Also known as" line
    "question": 3.0,    # an answer page's question
    "h1": 4.0,          # page titles
    "h2": 2.0,          # section headings ("Explanation", "Shown in code", ...)
    "h3": 2.0,
}

# Left out of the index: permalink signs, buttons, the self-test hint, the "Run this page" box
# (on every answer page: "colab" or "anki" would match them all), formulas as TeX.
EXCLUDE = [".headerlink", ".anchor-link", ".md-content__button", ".answers-toggle", ".answer-hint",
           ".page-run", ".arithmatex", ".md-source-file"]
# Written by Pagefind but never loaded: search.js uses the JavaScript API, not Pagefind's UIs.
UNUSED = ["pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js"]

CODE_LIKE = re.compile(r"[._()\[\]]|[a-z][A-Z]")
TAGS = re.compile(r"<[^>]+>")
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
QUESTION = re.compile(r"<blockquote\b[^>]*>(.*?)</blockquote>", re.S)

# The fields search.js ranks by, besides Pagefind's score of the whole text: each page's title,
# question and search terms, by page URL (filled while the pages are built).
FIELDS: dict[str, dict] = {}


def text_of(fragment: str) -> str:
    text = html.unescape(TAGS.sub("", re.sub(r'<a class="headerlink".*?</a>', "", fragment)))
    return re.sub(r"\s+", " ", text).strip()


def terms_html(terms: list[str]) -> str:
    """The "Also known as" line: code names as code, the rest as words."""
    shown = []
    for term in terms:
        text = html.escape(str(term).strip())
        shown.append(f"<code>{text}</code>" if CODE_LIKE.search(str(term)) and " " not in str(term) else text)
    return (f'<p class="search-terms" data-pagefind-weight="{WEIGHT["terms"]}">'
            f'<span class="search-terms__label">Also known as:</span> {"; ".join(shown)}</p>')


def weigh(tag: str, weight: float, text: str, first_only: bool = False) -> str:
    pattern = re.compile(rf"<{tag}\b(?![^>]*data-pagefind-weight)")
    return pattern.sub(f'<{tag} data-pagefind-weight="{weight}"', text, count=1 if first_only else 0)


def indexed_html(content: str, src: str, terms: list[str] | None) -> str:
    """The page's content HTML with what the index needs (see the module docstring)."""
    for tag in ("h1", "h2", "h3"):
        content = weigh(tag, WEIGHT[tag], content)
    if src.startswith(ANSWER_PAGES):
        content = re.sub(r"<blockquote>", f'<blockquote data-pagefind-weight="{WEIGHT["question"]}"'
                         ' data-pagefind-meta="question">', content, count=1)
    if src == REVIEW_SHEET:
        # Only the title and the introduction: everything from the first section on repeats
        # the answer pages.
        first = re.search(r"<h2\b", content)
        if first:
            content = (content[:first.start()] + "<div data-pagefind-ignore>" + content[first.start():]
                       + "</div>")
    if terms:
        content += "\n" + terms_html(terms)
    return content


def on_pre_build(config):
    FIELDS.clear()   # `mkdocs serve` builds again in the same process


def on_page_content(html_text, page, config, files):
    terms = page.meta.get(TERMS_KEY, OTHER_TERMS.get(page.file.src_uri))
    if terms is not None and not (isinstance(terms, list) and all(isinstance(t, str) for t in terms)):
        log.warning(f"{page.file.src_uri}: `{TERMS_KEY}` must be a list of strings")
        terms = None
    elif terms is None and page.file.src_uri.startswith(ANSWER_PAGES):
        log.warning(f"{page.file.src_uri}: no `{TERMS_KEY}` in the front matter (the words a learner "
                    "would search this page by)")
    title = H1.search(html_text)
    question = QUESTION.search(html_text) if page.file.src_uri.startswith(ANSWER_PAGES) else None
    # without the numbering ("Q27.", "Question 27.", "FR 1.", "Further research 1.")
    number = re.compile(r"^(?:Q\d+|FR \d+|Question \d+|Further research \d+)\.\s*")
    FIELDS["/" + page.url] = {"title": number.sub("", text_of(title[1])) if title else "",
                              "question": number.sub("", text_of(question[1])) if question else "",
                              "terms": terms or []}
    return indexed_html(html_text, page.file.src_uri, terms)


def fields_by_id(bundle: Path) -> dict[str, dict]:
    """FIELDS by Pagefind's page id (the name of the page's fragment file), which is what a search
    result carries before its fragment is fetched."""
    by_id = {}
    for fragment in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        url = json.loads(data[data.index(b"{"):])["url"]
        if url in FIELDS:
            by_id[fragment.name.removesuffix(".pf_fragment")] = FIELDS[url]
    return by_id


def pagefind_command(site_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet",
           "--root-selector", "article.md-content__inner",
           "--glob", "**/index.html"]      # the pages, not 404.html nor the notebooks' HTML
    for selector in EXCLUDE:
        cmd += ["--exclude-selectors", selector]
    return cmd


def on_post_build(config):
    site_dir = Path(config.site_dir)
    start = time.perf_counter()
    run = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if run.returncode != 0 or not (site_dir / "pagefind" / "pagefind.js").is_file():
        log.warning(f"pagefind failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
        return
    for name in UNUSED:
        (site_dir / "pagefind" / name).unlink(missing_ok=True)
    # Material's own search (its lunr worker and folder), which the site no longer runs.
    for leftover in site_dir.glob("assets/javascripts/workers/search.*.js"):
        leftover.unlink()
    shutil.rmtree(site_dir / "assets" / "javascripts" / "lunr", ignore_errors=True)
    fields = fields_by_id(site_dir / "pagefind")
    (site_dir / "pagefind" / "fields.json").write_text(
        json.dumps(fields, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    log.info(f"search: Pagefind index written in {time.perf_counter() - start:.1f} s")
