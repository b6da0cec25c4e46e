"""sitebuild/search_index.py: what the search hook adds to a page's HTML for the Pagefind index,
and the fields it hands search.js. (The search itself, in Chromium: tests/browser/test_search.py.)"""

import gzip
import json
from types import SimpleNamespace

import pytest

from sitebuild import search_index as si
from study.review_sheet import PAGE as REVIEW_SHEET


def test_terms_line_shows_code_names_as_code_and_escapes_the_rest():
    line = si.terms_html(["inverted dropout", "torch.nn.Dropout", "a < b & c"])
    assert line.startswith('<p class="search-terms" data-pagefind-weight=')
    assert "Also known as:" in line
    assert "<code>torch.nn.Dropout</code>" in line
    assert "inverted dropout;" in line and "<code>inverted" not in line
    assert "a &lt; b &amp; c" in line


def test_answer_page_gets_weights_its_question_meta_and_terms_at_the_end():
    content = ('<h1 id="q">Q33. Why</h1>\n<blockquote>\n<p><strong>Question 33.</strong> Why?</p>'
               '\n</blockquote>\n<h2 id="e">Explanation</h2><p>text</p>')
    out = si.indexed_html(content, "questions/q33.md", ["rescale"])
    assert f'<h1 data-pagefind-weight="{si.WEIGHT["h1"]}" id="q">' in out
    assert f'<h2 data-pagefind-weight="{si.WEIGHT["h2"]}" id="e">' in out
    assert 'data-pagefind-meta="question"' in out
    assert out.rstrip().endswith("</p>") and out.index("search-terms") > out.index("Explanation")
    # a page that is not an answer has no question to mark
    assert "data-pagefind-meta" not in si.indexed_html(content, "results.md", None)


def test_review_sheet_is_indexed_by_its_title_and_introduction_only():
    content = ('<h1 id="r">Review sheet</h1><p>Every question.</p>'
               '<h2 id="q">Questionnaire</h2><h3>Q1</h3><details><p>answer</p></details>')
    out = si.indexed_html(content, REVIEW_SHEET, None)
    ignored = out[out.index("<div data-pagefind-ignore>"):]
    assert "Every question." not in ignored and "answer" in ignored and "Questionnaire" in ignored


@pytest.mark.parametrize("terms", [["ok", 3], "not a list"])
def test_malformed_search_terms_warn(caplog, terms):
    page = SimpleNamespace(meta={"search_terms": terms}, url="questions/q99/",
                           file=SimpleNamespace(src_uri="questions/q99.md"))
    si.on_page_content("<h1>Q99. T</h1>", page, None, None)
    assert "must be a list of strings" in caplog.text


def test_answer_page_without_search_terms_warns(caplog):
    page = SimpleNamespace(meta={}, url="questions/q99/", file=SimpleNamespace(src_uri="questions/q99.md"))
    si.on_page_content("<h1>Q99. T</h1>", page, None, None)
    assert "no `search_terms`" in caplog.text


def test_fields_are_keyed_by_pagefind_page_id(tmp_path, monkeypatch):
    page = SimpleNamespace(meta={"search_terms": ["rescale"]}, url="questions/q33/",
                           file=SimpleNamespace(src_uri="questions/q33.md"))
    monkeypatch.setattr(si, "FIELDS", {})
    si.on_page_content('<h1 id="x">Q33. Why dropout rescales<a class="headerlink" href="#x">¶</a></h1>'
                       "<blockquote><p><strong>Question 33.</strong> Why do we scale?</p></blockquote>",
                       page, None, None)
    (tmp_path / "fragment").mkdir()
    record = json.dumps({"url": "/questions/q33/", "content": "..."}).encode()
    (tmp_path / "fragment" / "en_abc1234.pf_fragment").write_bytes(gzip.compress(b"pagefind_dcd" + record))
    (tmp_path / "fragment" / "en_other00.pf_fragment").write_bytes(
        gzip.compress(b"pagefind_dcd" + json.dumps({"url": "/elsewhere/"}).encode()))
    assert si.fields_by_id(tmp_path) == {
        "en_abc1234": {"title": "Why dropout rescales", "question": "Why do we scale?", "terms": ["rescale"]}}


def test_pagefind_command_indexes_the_article_of_the_pages_only(tmp_path):
    cmd = si.pagefind_command(tmp_path)
    assert cmd[1:3] == ["-m", "pagefind"] and str(tmp_path) in cmd
    assert cmd[cmd.index("--root-selector") + 1] == "article.md-content__inner"
    assert cmd[cmd.index("--glob") + 1] == "**/index.html"
    excluded = [cmd[i + 1] for i, a in enumerate(cmd) if a == "--exclude-selectors"]
    assert ".arithmatex" in excluded and ".page-run" in excluded
