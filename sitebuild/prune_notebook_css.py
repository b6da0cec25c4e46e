"""Prune mkdocs-jupyter's inlined JupyterLab stylesheet (index.css, ~575 KB) to the rules a static
notebook page can use. A rule is kept when every class its selector requires (outside :not())
is one that nbconvert's lab template, mkdocs-jupyter's template, nbconvert's ANSI filter or the
site's rendered notebooks emit, or a Material class (md-*). Custom properties are kept when
something kept (or the page, or the theme CSS) references them, transitively.

usage (after `mkdocs build`, which writes site/):
    python -m sitebuild.prune_notebook_css site overrides/partials/notebook-styles.html
(tests/browser/test_built_site.py fails when the committed partial is not what this makes.)
The built site supplies the classes and custom properties its notebook pages use.
"""
import re
import sys
from pathlib import Path
import tinycss2
import mkdocs_jupyter, nbconvert



def main(argv=None):
    PLUGIN = Path(mkdocs_jupyter.__file__).parent / "templates" / "mkdocs_html"
    INDEX_CSS = PLUGIN / "assets" / "index.css"
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]); out = Path(args[1])

    # --- the classes that may appear
    allowed = set()
    venv_share = Path(sys.prefix) / "share" / "jupyter" / "nbconvert" / "templates"
    templates = list(venv_share.glob("lab/*.j2")) + list(venv_share.glob("base/*.j2")) + [PLUGIN / "notebook.html.j2"]
    for t in templates:
        for attr in re.findall(r'class="([^"]*)"', t.read_text()):
            allowed.update(tok for tok in attr.split() if re.fullmatch(r"[A-Za-z_][\w-]*", tok))
    ansi = Path(nbconvert.__file__).parent / "filters" / "ansi.py"
    colors = set(re.findall(r'"(ansi-[a-z-]+)"', ansi.read_text()))
    for c in colors:
        allowed.update({c, c + "-fg", c + "-bg"})
    allowed.update({"ansi-bold", "ansi-underline", "ansi-default-inverse-fg", "ansi-default-inverse-bg"})
    pages = [p for p in site.rglob("*.html") if "jupyter-wrapper" in p.read_text(errors="ignore")]
    page_text = ""
    for p in pages:
        s = p.read_text()
        page_text += s
        for attr in re.findall(r'class="([^"]*)"', s):
            allowed.update(attr.split())

    def needed_classes(sel: str):
        sel = re.sub(r":not\((?:[^()]|\([^()]*\))*\)", "", sel)
        sel = re.sub(r'\[[^\]]*\]', "", sel)  # attribute values may contain dots
        return set(re.findall(r"\.(-?[_a-zA-Z][\w-]*)", sel))

    def selector_ok(sel: str) -> bool:
        if re.search(r"\.jupyter-wrapper\s*(:root|body|html)\b", sel):
            return False
        return all(c in allowed or c.startswith("md-") for c in needed_classes(sel))

    def split_selectors(prelude_tokens):
        text = tinycss2.serialize(prelude_tokens)
        parts, depth, cur = [], 0, ""
        for ch in text:
            if ch in "([": depth += 1
            if ch in ")]": depth -= 1
            if ch == "," and depth == 0:
                parts.append(cur.strip()); cur = ""
            else:
                cur += ch
        parts.append(cur.strip())
        return [p for p in parts if p]

    VAR = re.compile(r"var\(\s*(--[\w-]+)")
    kept = []   # (kind, data)

    def walk(rules, sink):
        for r in rules:
            if r.type == "qualified-rule":
                sels = [s for s in split_selectors(r.prelude) if selector_ok(s)]
                if not sels:
                    continue
                decls = [d for d in tinycss2.parse_declaration_list(r.content, skip_whitespace=True, skip_comments=True) if d.type == "declaration"]
                sink.append(("rule", ",".join(sels), decls))
            elif r.type == "at-rule" and r.lower_at_keyword in ("media", "supports"):
                inner = []
                walk(tinycss2.parse_rule_list(r.content, skip_whitespace=True, skip_comments=True), inner)
                if inner:
                    sink.append(("at", "@" + r.at_keyword + tinycss2.serialize(r.prelude), inner))
            elif r.type == "at-rule" and r.lower_at_keyword.endswith("keyframes"):
                sink.append(("keyframes", tinycss2.serialize(r.prelude).strip(), r))
            # @charset and anything else: dropped

    css = INDEX_CSS.read_text()
    walk(tinycss2.parse_stylesheet(css, skip_whitespace=True, skip_comments=True), kept)

    def all_rules(items):
        for it in items:
            if it[0] == "rule": yield it
            elif it[0] == "at": yield from all_rules(it[2])

    # --- custom properties: keep the referenced ones (transitively)
    defs = {}
    refs = set(VAR.findall(page_text.replace(css, "")))
    site_css = (site / "assets" / "stylesheets" / "site.css").read_text()
    refs |= set(VAR.findall(site_css))
    refs |= set(re.findall(r'getPropertyValue\("(--[\w-]+)"\)', page_text))
    animations = set()
    for _, _, decls in all_rules(kept):
        for d in decls:
            val = tinycss2.serialize(d.value)
            if d.name.startswith("--"):
                defs.setdefault(d.name, set()).update(VAR.findall(val))
            else:
                refs.update(VAR.findall(val))
                if d.lower_name in ("animation", "animation-name", "-webkit-animation", "-webkit-animation-name"):
                    animations.update(re.findall(r"[\w-]+", val))
    todo = list(refs)
    while todo:
        n = todo.pop()
        for m in defs.get(n, ()):
            if m not in refs:
                refs.add(m); todo.append(m)

    def emit(items):
        out = []
        for it in items:
            if it[0] == "rule":
                decls = [d for d in it[2] if not d.name.startswith("--") or d.name in refs]
                if not decls: continue
                body = ";".join(f"{d.name}:{tinycss2.serialize(d.value).strip()}{' !important' if d.important else ''}" for d in decls)
                out.append(f"{it[1]}{{{body}}}")
            elif it[0] == "at":
                inner = emit(it[2])
                if inner: out.append(f"{it[1].strip()}{{{''.join(inner)}}}")
            elif it[0] == "keyframes":
                if it[1] in animations: out.append(it[2].serialize())
        return out

    import mkdocs_jupyter.__about__ as about
    text = (
        f"{{#- JupyterLab's notebook styles as mkdocs-jupyter {about.__version__} inlines them"
        " (templates/mkdocs_html/assets/index.css, 575 KB), pruned to the rules a static notebook page can use."
        " overrides/main.html puts this in place of the full copy on notebook pages."
        " Generated by sitebuild/prune_notebook_css.py: regenerate it when mkdocs-jupyter changes. -#}\n"
        "<style>{% raw %}\n" + "\n".join(emit(kept)) + "\n{% endraw %}</style>\n"
    )
    out.write_text(text)
    print(len(css), "->", len(text), "bytes;", len(refs), "custom properties kept of", len(defs), file=sys.stderr)


if __name__ == "__main__":
    main()
