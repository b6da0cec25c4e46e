// Render $...$ and $$...$$ (emitted by pymdownx.arithmatex generic mode) with the vendored KaTeX.
// document$ is Material's observable of the page's document: it fires once the page has loaded.
//
// Pages with Markdown formulas load KaTeX themselves (overrides/main.html). Any other page loads
// it from here, and only when its content has a formula: a notebook's Markdown cells, which keep
// their TeX as text.
(() => {
  const KATEX = new URL("../katex/", document.currentScript.src); // assets/javascripts/ -> assets/katex/
  const OPTIONS = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: true,
  };
  // Formula delimiters in text that auto-render would look at (not inside the elements it skips).
  const SKIP = "script, noscript, style, textarea, pre, code, option";
  const TEX = /\$|\\\(|\\\[/;

  function hasMath(root) {
    if (root.querySelector(".arithmatex")) return true;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (TEX.test(n.data) && !n.parentElement.closest(SKIP)) return true;
    }
    return false;
  }

  let loading = null;
  function loadKatex() {
    if (window.renderMathInElement) return Promise.resolve();
    if (!loading) {
      const add = (el) => new Promise((resolve, reject) => {
        el.onload = resolve;
        el.onerror = () => reject(new Error(`KaTeX: could not load ${el.src || el.href}`));
        document.head.appendChild(el);
      });
      const script = (path) => Object.assign(document.createElement("script"), { src: new URL(path, KATEX), async: false });
      const css = Object.assign(document.createElement("link"), { rel: "stylesheet", href: new URL("katex.min.css", KATEX) });
      loading = Promise.all([add(css), add(script("katex.min.js")), add(script("contrib/auto-render.min.js"))]);
    }
    return loading;
  }

  function render(body) {
    renderMathInElement(body, OPTIONS);
    // Wide display formulas scroll sideways; keyboard users must be able to focus them (see a11y.js).
    body.querySelectorAll(".katex-display").forEach((el) => el.setAttribute("tabindex", "0"));
  }

  document$.subscribe(({ body }) => {
    if (window.renderMathInElement) render(body);
    else if (hasMath(body)) loadKatex().then(() => render(body), (e) => console.error(e.message));
  });
})();
