"""No broken internal link or anchor in the built site (its HTML, after `mkdocs build --strict`).

The strict build already rejects broken Markdown links; this also covers what the theme, raw HTML
and plugins write. Run alone: pytest tests/test_links.py
"""

from tests.browser import links, site


def test_no_broken_internal_link_or_anchor(site_dir):
    problems = links.check_links(site_dir, links.site_url(site.CONFIG))
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems)


def test_link_check_reports_broken_links_and_anchors(tmp_path):
    """The checker itself: a missing page, a missing anchor and an escaping path are reported."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">A</h2><a href="#here">ok</a>', encoding="utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="https://example.com/x">not checked</a>'
        '<a href="https://site.test/docs/a/">ok</a>'
        '<a href="b/">missing page</a> <a href="a/#nowhere">missing anchor</a> <a href="#gone">missing here</a>'
        '<img src="img/x.png" alt=""> <a href="/elsewhere/">outside the base path</a>',
        encoding="utf-8",
    )
    problems = links.check_links(tmp_path, "https://site.test/docs/")
    assert problems == [
        "index.html: #gone (no id 'gone' in index.html)",
        "index.html: /elsewhere/ (outside the site's base path /docs/)",
        "index.html: a/#nowhere (no id 'nowhere' in a/index.html)",
        "index.html: b/ (no file b/)",
        "index.html: img/x.png (no file img/x.png)",
    ], problems
