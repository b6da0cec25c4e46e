"""Issue 19, on a laptop (1280 px) and a phone (390 px): nothing cut off, nothing given away, a
site that carries nothing a reader does not load. (Search that finds the answer: test_search.py.)
"""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from tests.browser import checks, layout, site, weight

ANSWER_PAGES = [p for p in site.nav_pages() if p.startswith(("questions/", "further-research/"))]
WALKTHROUGH = "notebooks/chapter/walkthrough/"


# ------------------------------------------------------------------------------------------------
# Nothing cut off


@pytest.fixture(scope="module")
def reading_reports(browser_session, base_url, site_dir, selected_pages):
    """Reading mode ("Show all answers" chosen, remembered) on a phone, loaded afresh: the first
    question, the heaviest question page and the heaviest Further Research page. (Every page's
    layout at the phone's width is in the main audit, page_reports: each page is resized there.)"""
    answers = [p for p in ANSWER_PAGES if p in selected_pages]
    if not answers:
        return {}
    questions = [p for p in answers if p.startswith("questions/")] or answers
    research = [p for p in answers if p.startswith("further-research/")] or answers
    pages = list(dict.fromkeys([answers[0], site.heaviest_page(site_dir, questions),
                                site.heaviest_page(site_dir, research)]))
    reports = browser_session.run(checks.audit_pages(
        browser_session.browser, [base_url + p for p in pages], axe=False, width="phone", reading=True))
    return {p: reports[base_url + p] for p in pages}


def test_nothing_wider_than_its_column_and_no_page_scrolls_sideways(page_reports, reading_reports):
    """Every nav page, everything shown: code blocks, tables, formulas, figures and notebook cells
    fit their column or scroll inside their own box; the page never scrolls sideways; a formula
    that scrolls shows its scroll shadows. At 1280 px and at 390 px (the main audit resizes each
    page), and on a phone loaded in reading mode."""
    problems = [f"{width} {page or 'index'}: {p}"
                for page, r in page_reports.items()
                for width, found in [("laptop", r.layout), *r.layout_at.items()] for p in found]
    assert all("phone" in r.layout_at for r in page_reports.values()), "the audit skipped the phone width"
    problems += [f"phone, reading mode {page}: {p}" for page, r in reading_reports.items() for p in r.layout]
    assert not problems, "\n".join(problems)


def test_the_layout_check_sees_a_page_that_scrolls_sideways(browser_session, base_url, new_page):
    """Negative: a block wider than the column, outside any scroll box, is reported."""
    _, page = new_page()
    run = browser_session.run
    run(page.goto(base_url + "questions/q38/"))
    run(page.evaluate("""() => {
      document.querySelectorAll('details').forEach(d => d.open = true);   // all of it shown
      const d = document.createElement('div'); d.style.width = '3000px'; d.textContent = 'wide';
      document.querySelector('article').append(d);
      const k = document.querySelector('.katex-display'); if (k) k.style.background = 'none';
      if (k) k.style.width = '3000px';
    }"""))
    problems = run(page.evaluate(layout.LAYOUT_JS))
    assert any("scrolls sideways" in p for p in problems), problems


def test_results_table_shows_book_and_ours_side_by_side_on_a_phone(browser_session, base_url, new_page):
    context, page = new_page()
    run = browser_session.run
    run(page.set_viewport_size({"width": 390, "height": 844}))
    run(page.goto(base_url + "results/"))
    boxes = run(page.evaluate("""() => {
      const row = document.querySelector('table.results-table tbody tr');
      const cell = label => row.querySelector(`td[data-label="${label}"]`).getBoundingClientRect();
      const book = cell('Book'), ours = cell('Ours, seed 42');
      return {book: [book.left, book.top, book.right], ours: [ours.left, ours.top, ours.right],
              width: document.documentElement.clientWidth};
    }"""))
    (bl, bt, br), (ol, ot, orr) = boxes["book"], boxes["ours"]
    assert abs(bt - ot) < 2 and br <= ol, f"book and ours are not side by side: {boxes}"
    assert orr <= boxes["width"], f"ours is off-screen: {boxes}"


# ------------------------------------------------------------------------------------------------
# Nothing given away (self-test mode)

def test_self_test_hides_what_follows_the_answer_on_every_answer_page(page_reports, reading_reports):
    """Self-test mode (the main audit): on every answer page, everything after the folded answer
    (explanation, code, figures, warnings) is not drawn until the answer opens, and a hint says
    so; the run box stays. Reading mode ("Show all answers", remembered) shows all of it from the
    first paint (three pages, reading_reports; test_interactions.py chooses it on one page and
    loads another)."""
    problems = []
    for path in ANSWER_PAGES:
        if path not in page_reports:
            continue   # narrowed with -k
        states = page_reports[path].answer_states
        loaded, opened = states.get("loaded"), states.get("opened")
        if (not loaded or loaded["open"] or not loaded["rest"] or loaded["shown"] or not loaded["run"]
                or not loaded["hint"]):
            problems.append(f"{path} self-test mode: {states}")
        elif opened["shown"] != opened["rest"] or opened["hint"]:
            problems.append(f"{path} after opening the answer: {opened}")
    for path, report in reading_reports.items():
        reading = report.answer_states.get("loaded")
        if not reading or not reading["open"] or reading["shown"] != reading["rest"] or reading["hint"]:
            problems.append(f"{path} reading mode: {reading}")
    assert not problems, "\n".join(problems)


def test_a_link_to_a_hidden_section_opens_the_answer(browser_session, base_url, new_page):
    _, page = new_page()
    run = browser_session.run
    run(page.goto(base_url + "questions/q33/#explanation"))
    assert run(page.is_visible("#explanation"))
    assert run(page.evaluate("() => document.querySelector('article > details').open"))


# ------------------------------------------------------------------------------------------------
# Figures, the walkthrough page


def test_figures_open_full_size(browser_session, base_url, new_page):
    """mkdocs-glightbox: a figure is a link that opens the lightbox, with the same image."""
    context, page = new_page()
    run = browser_session.run
    run(page.set_viewport_size({"width": 390, "height": 844}))
    run(page.goto(base_url + "questions/q19/"))
    run(page.evaluate("() => localStorage.setItem('ch12-answers-open', '1')"))
    run(page.reload())
    link = page.locator("article a.glightbox img").first
    assert run(link.count()), "no figure is wrapped for the lightbox"
    run(link.click())
    slide = page.locator(".glightbox-container .gslide-image img").first
    run(slide.wait_for(state="visible", timeout=5000))
    run(page.wait_for_timeout(800))   # the opening animation (effect: zoom)
    width = run(slide.evaluate("img => img.getBoundingClientRect().width"))
    assert width > 300, f"the opened figure is {width} px wide"
    assert not context.console_errors, context.console_errors


MIN_FIGURE_TEXT_PX = 11   # the smallest text of a figure, as shown on a 360 px phone


def _smallest_text(svg_file) -> tuple[float, float]:
    """(smallest font-size, viewBox width) of an SVG figure, in its user units."""
    root = ElementTree.parse(svg_file).getroot()
    sizes = [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
    return min(sizes), float(root.get("viewBox").split()[2])


# (page, figure) of each figure drawn twice: NAME.svg for a laptop, NAME-narrow.svg for a phone
NARROW_FIGURES = [("questions/q19/", "q19-stacked-rnn"),
                  ("questions/q10/", "q10-rnn-unrolled"),
                  ("questions/q11/", "q10-detach-batches")]


@pytest.mark.parametrize("path, stem", NARROW_FIGURES, ids=[s for _, s in NARROW_FIGURES])
def test_figure_on_a_phone_is_the_narrow_one_with_legible_text(
        browser_session, base_url, site_dir, new_page, path, stem):
    """A figure with a narrow version (sitebuild/hooks.py puts both in a <picture>): a 360 px
    phone shows the narrow one, no text under MIN_FIGURE_TEXT_PX CSS px; a laptop, the wide one.
    In reading mode, so that a figure after the folded answer is shown too."""
    context, page = new_page()
    run = browser_session.run
    run(page.set_viewport_size({"width": 360, "height": 800}))
    run(page.goto(base_url + path))
    run(page.evaluate("() => localStorage.setItem('ch12-answers-open', '1')"))
    shown = []
    for width in (360, 1280):
        run(page.set_viewport_size({"width": width, "height": 800}))
        run(page.reload())
        # the <img> names the wide file; currentSrc is the one the browser chose
        src, px = run(page.locator(f'article img[src$="/{stem}.svg"]').first.evaluate(
            "img => img.decode().then(() =>"
            " [img.currentSrc, img.getBoundingClientRect().width])"))
        shown.append(src.rsplit("/", 1)[-1])
        if width == 360:
            font, units = _smallest_text(site_dir / src[len(base_url):])
            smallest = font * px / units
            assert smallest >= MIN_FIGURE_TEXT_PX, (
                f"{shown[0]} is shown {px:.0f} px wide: its {font:g}-unit text (of "
                f"{units:g}) is {smallest:.1f} px")
            print(f"{shown[0]}: shown {px:.0f} px wide, smallest text {font:g} units = "
                  f"{smallest:.1f} px")
    assert shown == [f"{stem}-narrow.svg", f"{stem}.svg"], shown
    assert not context.console_errors, context.console_errors


def test_walkthrough_page_numbers_from_one_and_shows_no_warning(browser_session, base_url, new_page):
    _, page = new_page()
    run = browser_session.run
    run(page.goto(base_url + WALKTHROUGH))
    prompts = run(page.locator(".jp-InputPrompt").all_inner_texts())
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", " ".join(prompts))]
    assert numbers[:3] == [1, 2, 3], prompts[:3]
    outputs = run(page.locator(".jp-OutputArea").all_inner_texts())
    bad = [o[:120] for o in outputs if re.search(r"/work/|/root/|/home/|Warning", o)]
    assert not bad, bad
    assert not run(page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count())
    colab = run(page.get_attribute(".page-run a:has-text('Open in Colab')", "href"))
    assert colab.endswith("/docs/notebooks/chapter/walkthrough.ipynb"), colab
    edit = run(page.get_attribute("a.md-content__button[rel=edit]", "href"))
    assert edit.endswith("/notebooks/walkthrough.md"), edit


def test_walkthrough_code_is_full_width_on_a_phone(browser_session, base_url, new_page):
    _, page = new_page()
    run = browser_session.run
    run(page.set_viewport_size({"width": 390, "height": 844}))
    run(page.goto(base_url + WALKTHROUGH))
    ratio = run(page.evaluate("""() => {
      const code = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-editor')]
        .find(e => e.getClientRects().length && e.textContent.trim());
      const column = document.querySelector('article.md-content__inner');
      return code.getBoundingClientRect().width / column.getBoundingClientRect().width;
    }"""))
    assert ratio > 0.9, f"the code area takes {ratio:.0%} of its cell"


# ------------------------------------------------------------------------------------------------
# Weight


def test_no_source_maps_nor_unused_search_languages(site_dir):
    maps = sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.map"))
    assert not maps, maps
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    packs = sorted(p.name for p in lunr.rglob("*.js")) if lunr.is_dir() else []
    assert not packs, f"search language files an English site never loads: {packs}"
    pointing = [p.name for p in site_dir.joinpath("assets").rglob("*.js")
                if b"sourceMappingURL=" in p.read_bytes()[-300:]]
    assert not pointing, f"scripts still point at a deleted source map: {pointing}"


def test_heaviest_first_visit_is_under_600_kib(browser_session, base_url, site_dir):
    """Bytes over the wire (served gzip-compressed, as GitHub Pages does) of a first visit."""
    pages = sorted(site.nav_pages(), key=lambda p: -site.page_weight(site_dir, p))[:3]
    with site.serve(site_dir, gzip_text=True) as gz:
        visits = {p: browser_session.run(weight.first_visit(browser_session.browser, gz + p)) for p in pages}
    print(visits)
    heavy = {p: v for p, v in visits.items() if v["bytes"] > 600 * 1024}
    assert not heavy, heavy
