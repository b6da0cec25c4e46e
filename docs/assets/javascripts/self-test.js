// Self-test mode: answers stay folded until the reader opens them. A button above the first
// answer opens or closes every answer on the page; the choice is remembered between pages.
//
// What the mode shows is decided before this script runs, so nothing appears and then vanishes:
// an inline script in <head> sets <html data-answers="folded|open"> from the stored choice
// (overrides/main.html); the built page holds the button and, on an answer page, marks the answer
// `details.answer` with a hint after it (sitebuild/self_test.py); site.css hides what follows a
// folded answer in "folded" mode. This script makes the button work, opens the answers in reading
// mode, and opens the answer when a link points into what it hides.
(() => {
  const KEY = "ch12-answers-open";
  const remembered = () => localStorage.getItem(KEY) === "1";

  function setAll(article, open) {
    article.querySelectorAll("details").forEach((d) => { d.open = open; });
  }

  function watchAnswer(answer) {
    // Material makes a code block that scrolls focusable when it measures the page, and a block
    // that is not displayed measures 0: once shown, one that scrolls gets its tabindex here.
    answer.addEventListener("toggle", () => {
      if (!answer.open) return;
      for (let el = answer.nextElementSibling; el; el = el.nextElementSibling) {
        el.querySelectorAll("pre > code:not([tabindex])").forEach((code) => {
          if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
        });
      }
    });
    // A link to a section the folded answer keeps out of sight (the table of contents, a
    // #fragment) opens the answer first.
    const reveal = () => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id && document.getElementById(id);
      if (target && !answer.open && !target.getClientRects().length && answer.parentElement.contains(target)) {
        answer.open = true;
        target.scrollIntoView();
      }
    };
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  document$.subscribe(() => {
    const article = document.querySelector("article.md-content__inner");
    const button = article && article.querySelector(".answers-toggle");
    if (!button) return;
    const show = (open) => {
      button.textContent = open ? "Hide all answers" : "Show all answers";
      button.setAttribute("aria-pressed", String(open));
      document.documentElement.dataset.answers = open ? "open" : "folded";
    };
    show(remembered());
    if (remembered()) setAll(article, true);
    button.addEventListener("click", () => {
      const open = !remembered();
      localStorage.setItem(KEY, open ? "1" : "0");
      setAll(article, open);
      show(open);
    });
    const answer = article.querySelector(":scope > details.answer");
    if (answer) watchAnswer(answer);
  });

  // Printed pages show every answer (site.css hides nothing in print).
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
  });
})();
