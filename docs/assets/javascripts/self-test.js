// Self-test mode: answers stay folded until the reader opens them. A button above the first
// answer opens or closes every answer on the page; the choice is remembered between pages.
//
// On an answer page (one folded "Answer" right in the article) everything after the answer
// (explanation, code, figures, warning boxes) would give it away: it gets the `hidden` attribute
// (hidden from screen readers too) until the reader opens the answer or chooses "Show all
// answers". The "Run this page" box stays. A link to a hidden section (the table of contents, a
// #fragment) opens the answer first.
(() => {
  const KEY = "ch12-answers-open";
  const remembered = () => localStorage.getItem(KEY) === "1";

  function setAll(article, open) {
    article.querySelectorAll("details").forEach((d) => { d.open = open; });
  }

  // The page's single top-level answer, if this is an answer page.
  function answerOf(article) {
    const all = article.querySelectorAll("details");
    const d = article.querySelector(":scope > details");
    if (all.length !== 1 || !d) return null;
    const summary = d.querySelector("summary");
    return summary && summary.textContent.trim() === "Answer" ? d : null;
  }

  function guardRest(article, answer) {
    const rest = [];
    for (let el = answer.nextElementSibling; el; el = el.nextElementSibling) {
      if (el.matches(".page-run, .md-source-file, aside.md-source-file, script, style")) continue;
      el.setAttribute("data-answer-reveal", "");
      rest.push(el);
    }
    if (!rest.length) return;
    const hint = document.createElement("p");
    hint.className = "answer-hint";
    hint.textContent = "The explanation and the code follow once you open the answer.";
    answer.insertAdjacentElement("afterend", hint);
    const sync = () => {
      rest.forEach((el) => { el.hidden = !answer.open; });
      hint.hidden = answer.open;
      // Material makes a code block that scrolls focusable when it measures the page, and a
      // hidden block measures 0: once shown, one that scrolls gets its tabindex here.
      if (answer.open) {
        rest.forEach((el) => el.querySelectorAll("pre > code:not([tabindex])").forEach((code) => {
          if (code.scrollWidth > code.clientWidth) code.setAttribute("tabindex", "0");
        }));
      }
    };
    answer.addEventListener("toggle", sync);
    sync();
    const reveal = () => {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id && document.getElementById(id);
      if (target && target.closest("[data-answer-reveal]") && !answer.open) {
        answer.open = true;
        sync();
        target.scrollIntoView();
      }
    };
    window.addEventListener("hashchange", reveal);
    reveal();
  }

  document$.subscribe(() => {
    const article = document.querySelector("article.md-content__inner");
    if (!article || !article.querySelector("details")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button answers-toggle";
    const label = (open) => { button.textContent = open ? "Hide all answers" : "Show all answers"; };
    button.setAttribute("aria-pressed", String(remembered()));
    label(remembered());
    if (remembered()) setAll(article, true);
    button.addEventListener("click", () => {
      const open = !remembered();
      localStorage.setItem(KEY, open ? "1" : "0");
      setAll(article, open);
      label(open);
      button.setAttribute("aria-pressed", String(open));
    });
    const first = article.querySelector("details");
    first.parentNode.insertBefore(button, first);
    const answer = answerOf(article);
    if (answer) guardRest(article, answer);
  });

  // Printed pages show every answer, and everything after it.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    document.querySelectorAll("[data-answer-reveal]").forEach((el) => { el.hidden = false; });
  });
})();
