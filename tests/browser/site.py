"""Build the site, serve it on loopback, and list the pages of its navigation.

Used by the browser tests, the link test and the Lighthouse benchmark, so they all look at the
same thing: the output of `mkdocs build --strict`, served over HTTP on 127.0.0.1 only.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import gzip
import http.server
import io
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path
from typing import Iterator
from reproduce.paths import ROOT

REPO = ROOT
# MKDOCS_CONFIG: run the browser and link checks on another config (a trial copy of the site).
CONFIG = Path(os.environ.get("MKDOCS_CONFIG", REPO / "mkdocs.yml")).resolve()


class BuildError(RuntimeError):
    pass


def build_site(config_file: Path = CONFIG, site_dir: Path | None = None, env: dict | None = None) -> Path:
    """`mkdocs build --strict` into site_dir (a fresh temporary directory by default)."""
    if site_dir is None:
        site_dir = Path(tempfile.mkdtemp(prefix="site-"))
        atexit.register(shutil.rmtree, site_dir, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    # Never add --quiet: it hides the warnings from the counter, and --strict then passes anything.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config_file), "-d", str(site_dir)]
    # cwd=REPO: pymdownx.snippets resolves `--8<--` includes against the working directory.
    run = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True)
    if run.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed ({run.returncode}):\n{run.stdout}\n{run.stderr}")
    return site_dir


def small_project(tmp_path: Path, pages: dict[str, str], extra: dict[str, str] | None = None,
                  repo: bool = False, nav_also: tuple[str, ...] = ()) -> Path:
    """A MkDocs project in tmp_path that inherits the real mkdocs.yml (theme, extensions, hooks,
    vendored assets) and has only `pages` ({path under docs/: Markdown}, dedented) and `extra`
    files (written as they are); its mkdocs.yml. `repo`: keep the real repository links (answer
    pages need them; a browser would then fetch the repository's stars). `nav_also`: pages the
    build writes itself that the navigation lists (the review sheet, when there are questions)."""
    docs = tmp_path / "docs"
    parent = _load_yaml(CONFIG)
    shutil.copytree(CONFIG.parent / parent.get("docs_dir", "docs") / "assets", docs / "assets")
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    for name, text in (extra or {}).items():
        (docs / name).write_text(text, encoding="utf-8")
    lines = [
        f"INHERIT: {CONFIG}",
        "docs_dir: docs",
        "watch: []",
        # No repository: Material would fetch its stars from api.github.com (the real site's tests
        # report that); a small site shows only what its own pages do.
        *([] if repo else ["repo_url: null", "edit_uri: null"]),
        "nav:",
        *(f"  - {name}" for name in [*pages, *nav_also]),
    ]
    # Paths the real config gives relative to itself must stay pointing at the real files.
    custom_dir = (parent.get("theme") or {}).get("custom_dir")
    here = CONFIG.parent
    if custom_dir:
        lines += ["theme:", f"  custom_dir: {here / custom_dir}"]
    if parent.get("hooks"):
        lines += ["hooks:", *(f"  - {here / h}" for h in parent["hooks"])]
    config = tmp_path / "mkdocs.yml"
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return config


@functools.cache
def built_site(shared: Path | None = None) -> Path:
    """The real site, built once per process; with `shared` (a folder every process of one test
    run can see), once per run: the first process to ask builds it there, the others wait for it.

    With BUILT_SITE=path in the environment, that directory is used instead of building: the output
    of a `mkdocs build --strict` that CI has just run, to save a second build.
    """
    prebuilt = os.environ.get("BUILT_SITE")
    if prebuilt:
        if not (Path(prebuilt) / "index.html").is_file():
            raise BuildError(f"BUILT_SITE={prebuilt} has no index.html")
        return Path(prebuilt).resolve()
    if shared is not None:
        return _built_once(shared)
    return build_site()


def _built_once(folder: Path) -> Path:
    import fcntl   # POSIX: Linux and macOS, where the tests run

    folder.mkdir(parents=True, exist_ok=True)
    site_dir, done = folder / "site", folder / "site.built"
    with open(folder / "site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)   # released when the file closes
        if not done.exists():              # a failed build leaves no mark: the next one retries
            build_site(site_dir=site_dir)
            done.touch()
    return site_dir


AXE_URL_PATH = "/__tests__/axe.min.js"  # served next to the site for the accessibility test, never part of it
AXE_FILE = Path(__file__).with_name("vendor") / "axe.min.js"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def send_head(self):
        if self.path == AXE_URL_PATH:
            body = AXE_FILE.read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=3600")  # one parse per context, then V8's code cache
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class _GzipHandler(_QuietHandler):
    """Serves text files gzip-compressed when the client asks, as GitHub Pages does."""

    def send_head(self):
        from urllib.parse import urlsplit

        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the stdlib's redirect to the slash form
            path = path / "index.html"
        if path.suffix not in _COMPRESSIBLE or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that leaves a page drops the requests still loading (Broken pipe): normal, not
        # worth a traceback in the test output. Anything else is printed as usual.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path, gzip_text: bool = False) -> Iterator[str]:
    """Serve directory on 127.0.0.1 on a free port; yields the base URL (ending in /)."""
    handler = functools.partial(_GzipHandler if gzip_text else _QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _load_yaml(config_file: Path) -> dict:
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader: knows !ENV, !relative, INHERIT

    with open(config_file, encoding="utf-8") as f:
        return yaml_load(f) or {}


def _page_url(src: str, use_directory_urls: bool) -> str:
    """The site path MkDocs gives a source page: questions/q01.md -> questions/q01/."""
    stem, _, _ = src.rpartition(".")
    parent, _, name = stem.rpartition("/")
    prefix = f"{parent}/" if parent else ""
    if name in ("index", "README"):
        return prefix
    return f"{prefix}{name}/" if use_directory_urls else f"{prefix}{name}.html"


def nav_pages(config_file: Path = CONFIG) -> list[str]:
    """Site paths ("" for the home page, "questions/q01/", ...) of every page in the nav, in nav order.

    Read from mkdocs.yml without building, so tests can be parametrized by page at collection time.
    Without a nav, every Markdown file under docs_dir.
    """
    config = _load_yaml(config_file)
    use_dir = config.get("use_directory_urls", True)
    sources: list[str] = []

    def walk(node):
        if isinstance(node, str):
            sources.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    nav = config.get("nav")
    if nav is None:
        docs = config_file.parent / config.get("docs_dir", "docs")
        sources = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    else:
        from sitebuild.derived import expand_nav

        walk(expand_nav(nav, config_file.parent / config.get("docs_dir", "docs")))
    pages = []
    for src in sources:
        if "://" in src or src.startswith(("/", "#", "mailto:")):
            continue  # external links in the nav
        if not src.endswith((".md", ".ipynb")):
            continue
        url = _page_url(src, use_dir)
        if url not in pages:
            pages.append(url)
    return pages


def page_file(site_dir: Path, page: str) -> Path:
    """The HTML file that serves a site path."""
    return site_dir / page / "index.html" if page == "" or page.endswith("/") else site_dir / page


def page_weight(site_dir: Path, page: str) -> int:
    """Bytes of a page's HTML plus the local images it shows (what differs from page to page)."""
    from html.parser import HTMLParser
    from urllib.parse import unquote, urljoin, urlsplit

    html_file = page_file(site_dir, page)
    srcs: list[str] = []

    class Imgs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("img", "source", "object", "embed") and (a.get("src") or a.get("data")):
                srcs.append(a.get("src") or a.get("data"))

    Imgs().feed(html_file.read_text(encoding="utf-8"))
    total = html_file.stat().st_size
    for src in set(srcs):
        if urlsplit(src).scheme:
            continue
        target = urlsplit(urljoin("/" + page, src)).path
        f = site_dir / unquote(target).lstrip("/")
        if f.is_file():
            total += f.stat().st_size
    return total


def heaviest_page(site_dir: Path, pages: list[str]) -> str:
    return max(pages, key=lambda p: page_weight(site_dir, p))
