"""Each snippets module's docstring names the pages that use it, and no section goes unused.

A module's docstring holds one paragraph of the form

    Included by: questions/q10.md, questions/q11.md; imported by: results.md

(`none` for an empty list; the paragraph may wrap over several lines). Pages are named by their
path under docs/, and the chapter walkthrough as notebooks/walkthrough.md. A page includes a
module when one of its lines is an include of it (`--8<-- "snippets/x.py:section"`, what
pymdownx.snippets expands), and imports it when one of its Python fences does
(`from snippets.x import ...`, `import snippets.x`, `from snippets import x`).
Every `# --8<-- [start:name]` section must be included by some page, `[end:name]` alike.
"""

import ast
import re
from pathlib import Path

import pytest

from pagetest.fences import is_python, scan
from pagetest.includes import INCLUDE
from reproduce.paths import DOCS, ROOT

SNIPPETS = ROOT / "snippets"
WALKTHROUGH = ROOT / "notebooks" / "walkthrough.md"
MODULES = sorted(SNIPPETS.rglob("*.py"))
MARKER = re.compile(r"^\s*#\s*--8<--\s*\[(?P<kind>start|end):(?P<name>[^\]]+)\]\s*$")
PAGES_LINE = re.compile(r"^Included by: (?P<included>.+); imported by: (?P<imported>.+)$")


def pages():
    """{name shown in docstrings: path} of every Markdown page that can use a snippet."""
    found = {str(p.relative_to(DOCS)): p for p in sorted(DOCS.rglob("*.md"))}
    found[str(WALKTHROUGH.relative_to(ROOT))] = WALKTHROUGH
    return found


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_path(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    for path in (base / "__init__.py", base.with_suffix(".py")):
        if path.is_file():
            return path
    return None


def fence_codes(text: str):
    """The code of each Python fence of a page, include lines left out (they are not Python)."""
    codes = []
    for _, line, role, opening in scan(text):
        if role == "open" and is_python(opening["info"]):
            codes.append([])
        elif role == "code" and is_python(opening["info"]):
            codes[-1].append("" if INCLUDE.match(line) else line)
    return ["\n".join(body) for body in codes]


def imported_modules(code: str) -> set[str]:
    """The snippets modules (files) a piece of code imports by name."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from snippets import training` names a module, `from snippets import SEED` not
            subs = [f"{node.module}.{alias.name}" for alias in node.names]
            names = [name for name in subs if module_path(name)]
            if len(names) < len(subs):
                names.append(node.module)
        found |= {n for n in names if n.split(".")[0] == "snippets" and module_path(n)}
    return found


def usage():
    """({module path: pages including it}, {module path: pages importing it}, {(path, section)})."""
    included, imported, sections = {}, {}, set()
    for page, path in pages().items():
        text = path.read_text(encoding="utf-8")
        for line in text.split("\n"):
            match = INCLUDE.match(line)
            if match and match["target"].startswith("snippets/"):
                file, _, section = match["target"].partition(":")
                included.setdefault(ROOT / file, set()).add(page)
                sections.add((ROOT / file, section))
        for code in fence_codes(text):
            for name in imported_modules(code):
                imported.setdefault(module_path(name), set()).add(page)
    return included, imported, sections


USAGE = usage()


def named_pages(docstring: str) -> tuple[set[str], set[str]]:
    """The (included by, imported by) pages the docstring names."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", docstring)]
    lines = [p for p in paragraphs if p.startswith("Included by:")]
    assert len(lines) == 1, "no single 'Included by: ...; imported by: ...' paragraph"
    match = PAGES_LINE.match(lines[0])
    assert match, f"not 'Included by: ...; imported by: ...': {lines[0]}"

    def parse(names):
        return set() if names == "none" else set(names.split(", "))

    return parse(match["included"]), parse(match["imported"])


def expected_line(path: Path) -> str:
    included, imported = (sorted(u.get(path, ())) for u in USAGE[:2])
    return (f"Included by: {', '.join(included) or 'none'}; "
            f"imported by: {', '.join(imported) or 'none'}")


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_docstring_names_the_pages_that_use_it(path):
    docstring = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    assert docstring, f"{module_name(path)} has no docstring"
    included, imported = named_pages(docstring)
    assert (included, imported) == (USAGE[0].get(path, set()), USAGE[1].get(path, set())), \
        f"{path.relative_to(ROOT)}: the docstring should say\n{expected_line(path)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SNIPPETS)))
def test_every_section_is_included_by_a_page(path):
    marks = [MARKER.match(line) for line in path.read_text(encoding="utf-8").splitlines()]
    starts = [m["name"] for m in marks if m and m["kind"] == "start"]
    ends = [m["name"] for m in marks if m and m["kind"] == "end"]
    assert sorted(starts) == sorted(ends), f"unpaired section markers: {starts} / {ends}"
    unused = [name for name in starts if (path, name) not in USAGE[2]]
    assert not unused, f"{path.relative_to(ROOT)}: sections no page includes: {unused}"


def test_pages_are_found():
    """The scan itself: a known include and a known import are seen."""
    included, imported, sections = USAGE
    assert "questions/q09.md" in included[SNIPPETS / "data.py"]
    assert "notebooks/walkthrough.md" in included[SNIPPETS / "data.py"]
    assert "questions/q02.md" in imported[SNIPPETS / "batches.py"]
    assert (SNIPPETS / "gru.py", "cell") in sections
    assert imported_modules("from snippets import training") == {"snippets.training"}
    assert imported_modules("from snippets import SEED") == {"snippets"}
    assert imported_modules("import snippets.models.lm_model7 as m") == \
        {"snippets.models.lm_model7"}
