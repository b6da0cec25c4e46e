// The light/dark toggle (the form in overrides/partials/palette.html), in place of Material's
// palette component.
//
// Why: when a page starts, Material's component re-applies the palette the page already has. It
// sets data-md-color-switching on <body>, which a `[data-md-color-switching] *` rule in its
// stylesheet watches, then reads the header's computed style: the whole document is styled again,
// twice. Measured with a CPU profile of results/ at full CPU speed, that was about 50 ms of the
// page's 570 ms of main-thread work, and a phone's CPU is several times slower. This version does
// the same job and touches <body> only when the palette really changes: on a click, or on a first
// visit whose system preference is the dark palette.
//
// Same storage as Material (__md_get/__md_set, key "__palette"), so Material's inline script in
// the header still applies a stored choice before the first paint.
(() => {
  const form = document.querySelector("form[data-md-palette]");
  if (!form) return;
  const inputs = [...form.querySelectorAll("input.md-option")];
  const KEYS = ["media", "scheme", "primary", "accent"];
  const colorOf = (input) => Object.fromEntries(KEYS.map((key) => [key, input.getAttribute(`data-md-color-${key}`)]));
  const body = document.body;

  function apply(index) {
    const color = colorOf(inputs[index]);
    // media alone is not compared: the HTML's <body> has none until a palette is applied.
    if (["scheme", "primary", "accent"].some((key) => body.getAttribute(`data-md-color-${key}`) !== color[key])) {
      // No colour transitions during the switch: the attribute stays until a frame has been styled
      // with the new colours (the second animation frame), else they would fade in, and a reader
      // or an accessibility check would meet half-way colours.
      body.setAttribute("data-md-color-switching", "");
      for (const key of KEYS) body.setAttribute(`data-md-color-${key}`, color[key]);
      requestAnimationFrame(() => requestAnimationFrame(() => body.removeAttribute("data-md-color-switching")));
    }
    inputs.forEach((input, i) => {
      input.checked = i === index;
      // Each option's label is the button that selects the next option: show the current one's.
      const label = input.nextElementSibling;
      if (label instanceof HTMLLabelElement) label.hidden = i !== index;
    });
    current = index;
  }

  const stored = __md_get("__palette");
  const preferred = inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches);
  let current = Math.max(0, Math.min(stored ? stored.index : preferred, inputs.length - 1));
  apply(current);

  inputs.forEach((input, index) => {
    input.addEventListener("change", () => {
      apply(index);
      __md_set("__palette", { index, color: colorOf(input) });
    });
  });
  // Keyboard: Enter on the focused option selects the next one, as in Material.
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
