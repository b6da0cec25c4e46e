"""MkDocs hook: leave out of the published site what no reader's browser asks for.

Material copies into every site the source maps of its two scripts (1.2 MiB, read only by a
developer's tools) and lunr's stemmers and word splitters for 30 languages (about 1 MB), of which
a site searched in English (theme.language: en, search lang [en]) loads none: Material's search
worker imports lunr.<lang>.min.js only for a language other than "en", lunr.multi only for more
than one language, tinyseg.js only for Japanese and wordcut.js only for Hindi and Thai.

After the build this hook deletes those files, and removes the `//# sourceMappingURL=` comment
from the scripts that pointed at a deleted map, so no browser's developer tools request a file
that is not there. If the site is ever searched in another language, the files it needs are kept.
"""

import logging
import re
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.slim")

SOURCE_MAP_COMMENT = re.compile(rb"\n?//# sourceMappingURL=(?P<name>\S+?\.map)\s*$")


def needed_lunr_files(langs: list[str]) -> set[str]:
    """The files under assets/javascripts/lunr/ that Material's search worker loads for langs."""
    files = {f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
    if "ja" in langs:
        files.add("tinyseg.js")
    if {"hi", "th"} & set(langs):
        files.add("wordcut.js")
    if len(langs) > 1:
        files.add("min/lunr.multi.min.js")
    if files:
        files.add("min/lunr.stemmer.support.min.js")
    return files


def search_langs(config) -> list[str]:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    langs = plugin.config.get("lang") if plugin is not None else None
    if not langs:
        langs = [config.theme.get("language", "en")]
    return [langs] if isinstance(langs, str) else list(langs)


def slim(site_dir: Path, langs: list[str]) -> tuple[int, int]:
    """Delete the unused files; returns (files removed, bytes removed)."""
    removed = size = 0
    maps = {p for p in site_dir.joinpath("assets").rglob("*.map")}
    for script in site_dir.joinpath("assets").rglob("*.js"):
        body = script.read_bytes()
        found = SOURCE_MAP_COMMENT.search(body)
        if found and script.with_name(found["name"].decode()).resolve() in {m.resolve() for m in maps}:
            script.write_bytes(body[: found.start()] + b"\n")
    lunr = site_dir / "assets" / "javascripts" / "lunr"
    keep = needed_lunr_files(langs)
    unused = [p for p in lunr.rglob("*.js") if p.relative_to(lunr).as_posix() not in keep] if lunr.is_dir() else []
    for path in [*maps, *unused]:
        size += path.stat().st_size
        path.unlink()
        removed += 1
    return removed, size


def on_post_build(config):
    removed, size = slim(Path(config.site_dir), search_langs(config))
    log.info(f"slim: removed {removed} files ({size / 1024:.0f} KiB) that no page loads")
