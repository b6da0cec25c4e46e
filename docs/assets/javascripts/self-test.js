// Self-test mode: answers stay folded until the reader opens them. A button above the first
// answer opens or closes every answer on the page; the choice is remembered between pages.
(() => {
  const KEY = "ch12-answers-open";
  const remembered = () => localStorage.getItem(KEY) === "1";

  function setAll(article, open) {
    article.querySelectorAll("details").forEach((d) => { d.open = open; });
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
  });

  // Printed pages show every answer.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
  });
})();
