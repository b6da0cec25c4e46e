"""Internal links and anchors of a built site, checked in its HTML (no browser needed).

Every href/src of every HTML page that points inside the site (relative, root-absolute, or
absolute under site_url) must name a file of the built site, and its #fragment an id (or
<a name>) in that page. Links to other hosts are not followed: the site must work offline.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

_URL_ATTRS = {
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("video", "src"),
    ("audio", "src"),
    ("area", "href"),
    ("use", "href"),
    ("image", "href"),
}


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        if tag == "base" and a.get("href"):
            self.base = a["href"]
        for attr in ("href", "src", "data", "xlink:href"):
            name = "href" if attr == "xlink:href" else attr
            if (tag, name) in _URL_ATTRS and a.get(attr):
                self.urls.append((tag, a[attr].strip()))
        if a.get("srcset") and tag in ("img", "source"):
            for candidate in a["srcset"].split(","):
                if candidate.strip():
                    self.urls.append((tag, candidate.split()[0]))

    handle_startendtag = handle_starttag


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def _target_file(site_dir: Path, url_path: str) -> Path | None:
    rel = unquote(url_path).lstrip("/")
    candidate = site_dir / rel
    if url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_links(site_dir: Path, site_url: str | None = None) -> list[str]:
    """Every broken internal link or anchor in site_dir's HTML, as 'page: url (why)'."""
    site_dir = Path(site_dir)
    prefix = urlsplit(site_url).path if site_url else "/"
    prefix = prefix if prefix.endswith("/") else prefix + "/"
    site_root = urlsplit(site_url)._replace(path=prefix, query="", fragment="").geturl() if site_url else None
    cache: dict[Path, _Page] = {}

    def parsed(path: Path) -> _Page:
        if path not in cache:
            cache[path] = _parse(path)
        return cache[path]

    problems = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        page_url = prefix + rel  # where this file is served, e.g. /answers/questions/q01/index.html
        page = parsed(html)
        base = urljoin(page_url, page.base) if page.base else page_url
        for _tag, url in page.urls:
            if site_root and url.startswith(site_root):
                url = prefix + url[len(site_root) :]  # an absolute link to this site
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # another host (or mailto:, data:, javascript:): not checked offline
            if not parts.path and not parts.fragment:
                continue
            resolved = urlsplit(urljoin(base, url))
            path = resolved.path
            if not path.startswith(prefix):
                problems.append(f"{rel}: {url} (outside the site's base path {prefix})")
                continue
            target = _target_file(site_dir, path[len(prefix) :])
            if target is None:
                problems.append(f"{rel}: {url} (no file {path[len(prefix):] or 'index.html'})")
                continue
            fragment = unquote(resolved.fragment)
            if fragment and target.suffix == ".html" and fragment not in parsed(target).ids:
                problems.append(f"{rel}: {url} (no id {fragment!r} in {target.relative_to(site_dir).as_posix()})")
    return sorted(set(problems))


def site_url(config_file: Path) -> str | None:
    from tests.browser.site import _load_yaml

    return _load_yaml(config_file).get("site_url")
