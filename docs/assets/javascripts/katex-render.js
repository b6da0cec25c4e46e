// Render $...$ and $$...$$ (emitted by pymdownx.arithmatex generic mode) with the vendored KaTeX.
// document$ is Material's observable: it fires on first load and after every instant navigation.
document$.subscribe(({ body }) => {
  renderMathInElement(body, {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: true,
  });
});
