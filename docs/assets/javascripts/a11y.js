// Wide tables and wide display formulas scroll sideways inside their own box; keyboard users must
// be able to focus such a box to scroll it (axe: scrollable-region-focusable). Notebook code
// cells (.highlight-ipynb) scroll the same way. This runs after
// katex-render.js, which is subscribed first, so the formula boxes exist by now.
document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap, .katex-display, .highlight-ipynb").forEach((el) => {
    el.setAttribute("tabindex", "0");
  });
});
