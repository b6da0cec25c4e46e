// Wide tables and wide display formulas scroll sideways inside their own box; keyboard users must
// be able to focus such a box to scroll it (axe: scrollable-region-focusable). Notebook code
// cells (.highlight-ipynb) scroll the same way. This runs after
// katex-render.js, which is subscribed first, so the formula boxes exist by now when KaTeX came
// with the page; when katex-render.js has to fetch KaTeX first, it marks its formula boxes itself.
document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap, .katex-display, .highlight-ipynb").forEach((el) => {
    el.setAttribute("tabindex", "0");
  });
});
