"""Notebooks made from the site's own sources.

- One notebook per answer page: the page's Python blocks, includes expanded, in page order, after
  a setup cell that writes the parts of `snippets/` and `reproduce/` the page imports. The site
  build writes them (sitebuild/derived.py); nothing is committed. The notebook needs nothing but
  fastai (installed by the setup cell where missing, as on a bare Colab), and it generates
  HUMAN_NUMBERS itself.
- The chapter walkthrough: notebooks/walkthrough.md (Markdown with Python blocks, like a page)
  becomes docs/notebooks/chapter/walkthrough.ipynb, executed, outputs committed.

python -m pagetest.notebooks --walkthrough   re-executes the walkthrough (trains the models)
python -m pagetest.notebooks --walkthrough-setup   rewrites only its setup cell (a module it carries
    changed) and keeps the outputs, which the walkthrough's tests still compare with a fresh run
tests/pagetest/test_notebooks.py fails when the committed walkthrough differs from its source.
"""

import ast
import re
import sys
from pathlib import Path

import nbformat

from pagetest.fences import python_fences
from pagetest.includes import INCLUDE, read_include
from reproduce.book_questions import ANSWER_FOLDERS
from reproduce.paths import DOCS, ROOT

PACKAGES = ("snippets", "reproduce")   # the project's code a page may import
WALKTHROUGH_SOURCE = ROOT / "notebooks" / "walkthrough.md"
WALKTHROUGH = DOCS / "notebooks" / "chapter" / "walkthrough.ipynb"


def answer_pages(docs_dir: Path = DOCS) -> list[Path]:
    return sorted(p for folder in ANSWER_FOLDERS for p in (docs_dir / folder).glob("*.md"))


def expand_includes(code: str) -> str:
    """A fence's code as the reader sees it on the page: include lines replaced by their text."""
    out = []
    for line in code.split("\n"):
        match = INCLUDE.match(line)
        out.append(read_include(match["target"])[0].rstrip("\n") if match else line)
    return "\n".join(out)


def fence_blocks(markdown: str):
    """Split a page into ("markdown", text) and ("code", python) parts, in order."""
    lines = markdown.split("\n")
    starts = {number - 1 for number, _, _ in python_fences(markdown)}
    parts, text, i = [], [], 0
    while i < len(lines):
        if i in starts:
            fence = lines[i].strip()[:3]
            end = next(j for j in range(i + 1, len(lines)) if lines[j].strip() == fence)
            parts.append(("markdown", "\n".join(text)))
            parts.append(("code", expand_includes("\n".join(lines[i + 1:end]))))
            text, i = [], end + 1
        else:
            text.append(lines[i])
            i += 1
    parts.append(("markdown", "\n".join(text)))
    return [(kind, body.strip("\n")) for kind, body in parts if body.strip()]


def snippet_modules(code: str) -> list[str]:
    """Module names of the project's packages that the code imports, with what those import, recursively.

    Every package on the way counts as imported too (Python runs its __init__.py), with what it imports.
    """
    found, todo = set(), [code]
    while todo:
        tree = ast.parse(todo.pop())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in PACKAGES:
                names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names if a.name.split(".")[0] in PACKAGES]
            for name in names:
                parts = name.split(".")
                for k in range(1, len(parts) + 1):
                    module = ".".join(parts[:k])
                    path = module_file(module)
                    if path and module not in found:
                        found.add(module)
                        todo.append(path.read_text(encoding="utf-8"))
    return sorted(found)


def module_file(name: str) -> Path | None:
    base = ROOT.joinpath(*name.split("."))
    if (base / "__init__.py").is_file():
        return base / "__init__.py"
    if base.with_suffix(".py").is_file():
        return base.with_suffix(".py")
    return None


SETUP = '''\
# Setup: makes this notebook self-contained. It installs fastai where it is missing (a bare Colab),
# then writes the parts of the site's `snippets` and `reproduce` packages that this page imports,
# and caps the CPU code paths and threads as the tests do, before torch loads, so trained figures
# come out as the page shows them. HUMAN_NUMBERS is generated offline by snippets/human_numbers.py.
import importlib, importlib.util, pathlib, subprocess, sys
if importlib.util.find_spec("fastai") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "fastai=={fastai}"], check=True)
FILES = {files}
for name, source in FILES.items():
    pathlib.Path(name).parent.mkdir(parents=True, exist_ok=True)
    pathlib.Path(name).write_text(source)
importlib.invalidate_caches()
from reproduce import cpu_paths
cpu_paths.pin()
cpu_paths.report({{"torch": {torch!r}, "fastai": {fastai!r}}})'''

# Always written out: the setup cell itself runs them.
SETUP_MODULES = ("reproduce", "reproduce.cpu_paths", "reproduce.recorded_numerics")


def setup_cell(code: str) -> str:
    modules = sorted(set(snippet_modules(code)) | set(SETUP_MODULES))
    files = {str(module_file(m).relative_to(ROOT)): module_file(m).read_text(encoding="utf-8")
             for m in modules}
    body = "{\n" + "".join(f"    {name!r}: {source!r},\n" for name, source in files.items()) + "}"
    return SETUP.format(files=body, fastai=fastai_version(), torch=pinned_version("torch"))


def pinned_version(package: str) -> str:
    """The version of `package` the pages are verified with: its pin in requirements.txt."""
    return re.search(rf"^{package}==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)[1]


def fastai_version() -> str:
    """The fastai version the pages are verified with: the pin in requirements.txt."""
    return pinned_version("fastai")


def build_notebook(parts, title_note: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}
    cells = []
    if title_note:
        cells.append(nbformat.v4.new_markdown_cell(title_note))
    cells.append(nbformat.v4.new_code_cell(setup_cell("\n".join(b for k, b in parts if k == "code"))))
    for kind, body in parts:
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        cells.append(make(body))
    for number, cell in enumerate(cells):
        cell["id"] = f"cell-{number}"      # stable ids: regenerating gives the same file
    nb.cells = cells
    return nb


def page_markdown(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)          # front matter
    text = re.sub(r"^/// details \| (.*)\n(    .*\n)*\n?", r"**\1**\n\n", text, flags=re.M)
    text = re.sub(r"^/// (\w+) \| (.*)$", r"**\2**", text, flags=re.M)
    return re.sub(r"^///\s*$", "", text, flags=re.M)


def page_notebook(page: Path, site_url: str, docs_dir: Path = DOCS) -> nbformat.NotebookNode:
    url = site_url.rstrip("/") + "/" + str(page.relative_to(docs_dir).with_suffix("")) + "/"
    note = f"*This notebook is generated from the page [{url}]({url}): the same code, run the same way.*"
    return build_notebook(fence_blocks(page_markdown(page)), note)


def dumps(nb) -> str:
    return nbformat.writes(nb) + "\n"


def site_url() -> str:
    return re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(), re.M)[1]


def write_page_notebooks(out_dir: Path) -> list[Path]:
    """Every answer page's notebook under out_dir (questions/q05.ipynb, ...). The site build does
    this itself (sitebuild/derived.py); this is for having them locally."""
    written = []
    for page in answer_pages():
        path = out_dir / page.relative_to(DOCS).with_suffix(".ipynb")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(page_notebook(page, site_url())), encoding="utf-8")
        written.append(path)
    return written


# The walkthrough's setup cell (the snippets modules written out, 40 KB of code) is for running the
# notebook elsewhere; the site hides its input (mkdocs.yml: remove_tag_config), which also spares
# the browser styling two thousand highlighted tokens before anything else.
HIDE_ON_SITE = "hide-input-on-site"
WALKTHROUGH_NOTE = ("*The first code cell of this notebook sets it up to run anywhere: it writes the parts of "
                    "the site's `snippets` package that the notebook imports. The site hides that cell; "
                    "it is in the downloaded notebook.*")


def walkthrough_notebook() -> nbformat.NotebookNode:
    nb = build_notebook(fence_blocks(WALKTHROUGH_SOURCE.read_text(encoding="utf-8")), WALKTHROUGH_NOTE)
    setup = nb.cells[1]
    assert setup.cell_type == "code" and setup.source.startswith("# Setup:"), "the setup cell moved"
    setup.metadata["tags"] = [HIDE_ON_SITE]
    return quiet_walkthrough(nb)


def execute(nb, cwd: Path, timeout=1800):
    from nbclient import NotebookClient

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.execute()
    return nb


# What a reader of the walkthrough page should not see (issue 19): warnings printed by the libraries
# (torch.jit.script's deprecation notice, which also names a file of this machine), and a first
# visible cell numbered In [2] because the hidden setup cell took 1.
WALKTHROUGH_WARNING_FILTER = (
    "\n\nimport warnings  # torch's own deprecation notices are not the chapter's subject\n"
    'warnings.filterwarnings("ignore", message=r".*torch\\.jit\\.script.* is deprecated", category=FutureWarning)\n'
)


def quiet_walkthrough(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Append the warning filter to the setup cell (before execution)."""
    nb.cells[1].source = nb.cells[1].source.rstrip("\n") + WALKTHROUGH_WARNING_FILTER
    return nb


def tidy_walkthrough(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """After execution: the cells the site shows are numbered from 1 (the hidden setup cell gets
    no number), and no cell keeps the run's timestamps, so regenerating changes only what ran."""
    number = 0
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type != "code":
            continue
        hidden = HIDE_ON_SITE in cell.metadata.get("tags", [])
        if not hidden:
            number += 1
        cell.execution_count = None if hidden else number
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = cell.execution_count
    return nb


def write_walkthrough(cwd: Path) -> Path:
    nb = tidy_walkthrough(execute(walkthrough_notebook(), cwd))
    WALKTHROUGH.parent.mkdir(parents=True, exist_ok=True)
    WALKTHROUGH.write_text(dumps(nb), encoding="utf-8")
    return WALKTHROUGH


def rewrite_walkthrough_setup() -> Path:
    """Put the current setup cell into the committed walkthrough and keep every output as it is.

    For a change to a module the setup cell carries (reproduce/cpu_paths.py, say) made on a machine
    that does not compute the figures' bits: re-executing there would write that machine's outputs.
    The outputs stay checked: the walkthrough's tests compare them with a fresh run."""
    import nbformat

    nb = nbformat.read(WALKTHROUGH, as_version=4)
    fresh = walkthrough_notebook().cells[1]
    assert nb.cells[1].source.startswith("# Setup:"), "the setup cell moved"
    nb.cells[1].source = fresh.source
    WALKTHROUGH.write_text(dumps(nb), encoding="utf-8")
    return WALKTHROUGH


def main(argv=None):
    """python -m pagetest.notebooks --walkthrough        re-execute the walkthrough (trains the models)
    python -m pagetest.notebooks --walkthrough-setup  rewrite only its setup cell, keep its outputs
    python -m pagetest.notebooks DIR                  write every page notebook under DIR"""
    import tempfile

    argv = sys.argv[1:] if argv is None else argv
    if "--walkthrough-setup" in argv:
        print("wrote", rewrite_walkthrough_setup().relative_to(ROOT))
    if "--walkthrough" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            print("wrote", write_walkthrough(Path(tmp)).relative_to(ROOT))
    for out in (a for a in argv if not a.startswith("--")):
        for path in write_page_notebooks(Path(out)):
            print("wrote", path)
    if not argv:
        print(main.__doc__)


if __name__ == "__main__":
    main()
