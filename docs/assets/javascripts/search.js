// The search box in the header (overrides/partials/search.html), on the Pagefind index that
// sitebuild/search_index.py builds into pagefind/. Material's stylesheet lays it out: the
// `#__search` toggle opens it (a full-screen panel on a phone), as with Material's own search.
//
// Nothing is loaded until the reader focuses the box: then Pagefind's script and its WebAssembly
// (about 120 KB), and per query only the index chunks and page fragments it needs.
//
// A result shows the page's title and, on an answer page, its question: never the folded answer
// (the index leaves formulas out, so no TeX either). Sections of the page that match are listed
// under it with their excerpt.
(() => {
  const form = document.querySelector("form[data-site-search]");
  const toggle = document.getElementById("__search");
  if (!form || !toggle) return;
  const input = form.querySelector("input");
  const meta = document.getElementById("site-search-meta");
  const list = document.getElementById("site-search-results");
  const script = document.currentScript;
  // This script is assets/javascripts/search.js: the site's root is two folders up.
  const root = new URL("../../", script ? script.src : location.href);
  const MAX_RESULTS = 10;
  const MAX_SECTIONS = 3;
  // Pagefind's ranking parameters: its defaults (tried on the tuning queries of
  // benchmarks/search_eval.py, no other setting did better), but for its title boost. Pagefind 1.5
  // boosts a page by how much of the query its title covers; searched one word at a time (below),
  // every title holding the word would jump ahead, and so would a title holding a longer word
  // that starts with it ("lstm" in "LSTMCell"). The fields score below weighs titles instead.
  const RANKING = { metaWeights: { title: 0 } };
  let pagefind = null;
  let latest = 0;

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", root).href).then(async (pf) => {
        await pf.options({ baseUrl: root.pathname, ranking: RANKING });
        return pf;
      });
      pagefind.catch(() => { pagefind = null; });
    }
    return pagefind;
  }

  // A name written in code style: a dot, an underscore or a hyphen in it, or a capital inside it
  // ("ModelResetter", "LSTMCell", "LMModel4").
  const CODE_LIKE = /[-._]|[a-z][A-Z]|[A-Z][A-Z][a-z]/;

  // A code name is found by its parts too: "torch.nn.Embedding" also searches "torch", "nn" and
  // "embedding", "learn.model.reset" "learn", "model" and "reset", "ModelResetter" "model" and
  // "resetter". Pagefind keeps the whole name as one word ("torchnnembedding"), which the page
  // that writes it out matches best; the parts find the pages that write it another way
  // (`nn.Embedding`).
  function pieces(text) {
    const found = [];
    for (const word of String(text).split(/\s+/)) {
      if (!word) continue;
      found.push({ word, part: false });
      if (!CODE_LIKE.test(word)) continue;
      for (const part of word.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
        .split(/[^A-Za-z0-9]+/)) {
        if (part.length > 1) found.push({ word: part, part: true });
      }
    }
    return found;
  }
  const words = (text) => pieces(text).map((p) => p.word);

  // Words that say nothing about a page ("why does the ..."): left out unless that is all there is.
  const STOP = new Set(("a about an and are as at be between by can could do does for from how i if "
    + "has have in into is it its me my of on or should so than that the their them then there these they "
    + "this to use used using was we what when where which while who why will with would you your").split(" "));

  // Ranking. Pagefind matches a page only if it holds every word of the query, and a learner's
  // query often has a word the answering page does not ("why does X need Y as well as Z"). So
  // each word is searched on its own, and a page's text score is the sum of Pagefind's scores for
  // the words it holds (BM25-like: rarer words weigh more). That score favours the pages that use
  // a word most, which are not always the page whose question it is: the fields score adds, per
  // query word (rarer words weigh more), whether the page's title, question or search terms hold
  // it (fields.json, written with the index). Both are scaled to the best page's, then added.
  // A title the query covers entirely ("hidden state" and "Hidden state") adds TITLE_COVERED,
  // less in proportion to the title words the query leaves out ("The hidden state of LMModel1").
  const FIELD_WEIGHT = { title: 1, question: 1, terms: 2 };
  const FIELDS_SHARE = 2;
  const TITLE_COVERED = 3;

  // A crude English stemmer, enough to match "states" to "state" or "rescales" to "rescale".
  // A consonant doubled before -ing or -ed is undoubled ("overfitting", "dropped" to "overfit",
  // "drop"), unless that leaves fewer than 3 letters ("added" stays "add"); l, s and z stay
  // doubled ("called", "missed").
  function stem(w) {
    if (w.length <= 3) return w;
    if (w.endsWith("ies")) w = w.slice(0, -3) + "y";
    else if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("s") && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    const suffix = w.length > 5 && w.endsWith("ing") ? 3 : w.length > 4 && w.endsWith("ed") ? 2 : 0;
    if (suffix) {
      w = w.slice(0, -suffix);
      if (/([b-df-hj-km-np-rtv-y])\1$/.test(w) && !/[lsz]$/.test(w) && w.length > 3) w = w.slice(0, -1);
    }
    return w;
  }

  // The tokens of a text, each with its weight: each word (letters and digits only) stemmed, a
  // code name whole and unstemmed ("torch.nn.Module.training" is not "torch.nn.Module.train"),
  // and the parts of a code name stemmed, at PART_WEIGHT: a page whose question names
  // `LSTMCell` is about that class, less about cells in general.
  const PART_WEIGHT = 0.5;
  function tokens(text) {
    const found = new Map();
    for (const { word, part } of pieces(text)) {
      const plain = word.toLowerCase().replace(/[^a-z0-9]/g, "");
      if (!plain) continue;
      const token = CODE_LIKE.test(word) ? plain : stem(plain);
      found.set(token, Math.max(found.get(token) || 0, part ? PART_WEIGHT : 1));
    }
    return found;
  }

  let fields = null;
  function loadFields() {
    if (!fields) {
      fields = fetch(new URL("pagefind/fields.json", root)).then((r) => r.json()).then((raw) => {
        const pages = {};
        for (const [id, f] of Object.entries(raw)) {
          const title = tokens(f.title);
          pages[id] = { title, question: tokens(f.question), terms: tokens(f.terms.join(" ")),
                        titleWords: [...tokens(words(f.title).filter((w) => !STOP.has(w.toLowerCase())).join(" ")).keys()] };
        }
        return pages;
      });
      fields.catch(() => { fields = null; });
    }
    return fields;
  }

  async function rank(pf, query) {
    const all = [...new Set(words(query).map((w) => w.toLowerCase()))];
    const kept = all.filter((w) => !STOP.has(w));
    const asked = kept.length ? kept : all;
    const [searches, pageFields] = await Promise.all([Promise.all(asked.map((w) => pf.search(w))), loadFields()]);
    const pages = new Map();
    for (const found of searches) {
      for (const result of found.results) {
        const page = pages.get(result.id) || { result, text: 0, fields: 0 };
        page.text += result.score;
        pages.set(result.id, page);
      }
    }
    const ids = Object.keys(pageFields);
    const queryTokens = tokens(asked.join(" "));
    for (const [token, asWeight] of queryTokens) {
      const holding = ids.filter((id) => ["title", "question", "terms"].some((f) => pageFields[id][f].has(token)));
      if (!holding.length) continue;
      const idf = Math.log(1 + ids.length / holding.length);
      for (const id of holding) {
        const page = pages.get(id);
        if (!page) continue;
        for (const f of ["title", "question", "terms"]) {
          if (pageFields[id][f].has(token)) page.fields += idf * FIELD_WEIGHT[f] * pageFields[id][f].get(token) * asWeight;
        }
      }
    }
    for (const [id, page] of pages) {
      const title = pageFields[id] ? pageFields[id].titleWords : [];
      if (title.length) page.fields += TITLE_COVERED * title.filter((t) => queryTokens.has(t)).length / title.length;
    }
    const best = (key) => Math.max(1e-9, ...[...pages.values()].map((p) => p[key]));
    const maxText = best("text");
    const maxFields = best("fields");
    for (const page of pages.values()) page.score = page.text / maxText + FIELDS_SHARE * page.fields / maxFields;
    return [...pages.values()].sort((a, b) => b.score - a.score).map((page) => page.result);
  }

  const escape = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
  // Pagefind's excerpts are escaped text with <mark> around the matches: keep only those tags.
  // Formulas are not indexed, but a code block may hold TeX (a docstring): shown as an ellipsis.
  const TEX = /\$\$[\s\S]*?(\$\$|$)|\\[()[\]]|\\[A-Za-z]+(\{[^{}<]*\})*|[_^]\{[^{}<]*\}/g;
  const excerpt = (html) => String(html || "").replace(/<(?!\/?mark>)[^>]*>/g, "").replace(TEX, "…")
    .replace(/(…\s*)+/g, "… ");

  function item(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const teaser = data.meta.question ? escape(data.meta.question) : excerpt(data.excerpt);
    let html = `<a href="${escape(data.url)}" class="md-search-result__link" tabindex="-1">`
      + '<article class="md-search-result__article md-typeset"><div class="md-search-result__icon md-icon"></div>'
      + `<h1>${escape(data.meta.title || data.url)}</h1><p class="md-search-result__teaser">${teaser}</p></article></a>`;
    // Sections below the page's top (where the question and its folded answer are).
    const sections = (data.sub_results || []).filter((s) => s.url.includes("#") && s.anchor && s.anchor.element !== "h1");
    for (const s of sections.slice(0, MAX_SECTIONS)) {
      html += `<a href="${escape(s.url)}" class="md-search-result__link" tabindex="-1">`
        + `<article class="md-search-result__article md-typeset"><h2>${escape(s.title)}</h2>`
        + `<p class="md-search-result__teaser">${excerpt(s.excerpt)}</p></article></a>`;
    }
    li.innerHTML = html;
    return li;
  }

  async function search() {
    const query = input.value.trim();
    const mine = ++latest;
    if (!query) {
      list.replaceChildren();
      meta.textContent = "Type to start searching";
      return;
    }
    let pf;
    try {
      pf = await load();
    } catch (e) {
      meta.textContent = "Search is not available (the search index did not load)";
      return;
    }
    const results = await rank(pf, query);
    const data = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (mine !== latest) return;    // a newer query is on its way
    list.replaceChildren(...data.map(item));
    const n = results.length;
    meta.textContent = n === 0 ? "No matching pages" : n === 1 ? "1 matching page" : `${n} matching pages`;
    list.dataset.query = query;     // what the list shows results of (for tests)
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function close() {
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    input.blur();
  }

  const links = () => [...list.querySelectorAll("a.md-search-result__link")];

  input.addEventListener("focus", () => { open(); load(); loadFields(); });
  input.addEventListener("input", search);
  form.addEventListener("reset", () => setTimeout(() => { search(); input.focus(); }));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const first = links()[0];
    if (first) location.href = first.href;
  });
  toggle.addEventListener("change", () => {
    if (toggle.checked && document.activeElement !== input) input.focus();
  });

  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLElement
      && (event.target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName));
    if (!toggle.checked) {
      // "/" or "s" opens the search, as in Material, unless the reader is typing elsewhere.
      if (!typing && !event.ctrlKey && !event.metaKey && !event.altKey && (event.key === "/" || event.key === "s")) {
        event.preventDefault();
        open();
      }
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      const all = [input, ...links()];
      const at = all.indexOf(document.activeElement);
      if (at < 0) return;
      event.preventDefault();
      const next = Math.max(0, Math.min(all.length - 1, at + (event.key === "ArrowDown" ? 1 : -1)));
      all[next].focus();
    }
  });
})();
