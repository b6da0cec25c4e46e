// Wide tables and notebook code cells (.highlight-ipynb) scroll sideways inside their own box;
// keyboard users must be able to focus such a box to scroll it (axe: scrollable-region-focusable).
// Display formulas scroll the same way: katex-render.js marks them when it renders them, since only
// it knows when they exist (KaTeX may still be loading when this runs).
document$.subscribe(() => {
  document.querySelectorAll(".md-typeset__scrollwrap, .highlight-ipynb").forEach((el) => {
    el.setAttribute("tabindex", "0");
  });
});
