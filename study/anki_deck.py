"""The Anki deck of the questionnaire: one note per question page, built with genanki.

Identities are fixed, so a newer deck imported over an older one updates the same notes (and
keeps their review history) instead of adding copies: the deck and the note type have constant
ids, and each note's GUID is derived from "fastbook-ch12" and the page's id ("q05", "fr1").

The file is reproducible: genanki is given a fixed timestamp (see `source_timestamp`) and the
zip entries fixed dates, so two builds of the same pages are byte for byte the same.

Run `python -m study.anki_deck chapter12.apkg` to write the deck without building the site.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import genanki

from study.anki_html import MarkdownError, inline, site_resolver, to_card_html
from study.answers import Item, PageError, read_items

DECK_FILE = "chapter12.apkg"
GUID_NAMESPACE = "fastbook-ch12"
# Random once, fixed forever: a new id would make Anki treat the deck or the note type as new.
DECK_ID = 1_733_312_812_012
MODEL_ID = 1_733_312_812_120
DECK_NAME = "fastbook chapter 12: A Language Model from Scratch"
ZIP_DATE = (1980, 1, 1, 0, 0, 0)   # the earliest date a zip entry can hold: no build time in the file

CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; line-height: 1.5; text-align: left;
        max-width: 42em; margin: 0 auto; color: black; background: white; }
.nightMode.card { color: #eee; background: #222; }
.label { font-size: 0.8em; opacity: 0.7; }
code { font-family: ui-monospace, monospace; font-size: 0.9em; padding: 0 0.2em;
       background: rgba(127, 127, 127, 0.15); border-radius: 3px; }
img { max-width: 100%; background: white; }
.page { font-size: 0.8em; margin-top: 1.5em; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    "fastbook chapter 12 question",
    # Id first: it is the sort field, so Anki's browser lists the notes in the book's order.
    fields=[{"name": "Id"}, {"name": "Front"}, {"name": "Back"}, {"name": "Link"}],
    templates=[{
        "name": "Question",
        "qfmt": "{{Front}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p class="page">Full answer with code: {{Link}}</p>',
    }],
    css=CSS,
    sort_field_index=0,
)


@dataclass(frozen=True)
class Card:
    """A note's fields, and the local files (images) its answer shows."""
    item: Item
    front: str
    back: str
    link: str
    media: tuple[str, ...]


def card_for(item: Item, site_url: str, docs_dir: Path) -> Card:
    """The note of one page; raises PageError (page and line) when its Markdown is unsupported."""
    resolve = site_resolver(item.src, site_url, docs_dir)
    try:
        question = inline(item.question, resolve)
        title = inline(item.title, resolve)
    except MarkdownError as e:
        raise PageError(item.src, 1, f"question or title: {e.message}") from None
    try:
        answer = to_card_html(item.answer, resolve)
    except MarkdownError as e:
        raise PageError(item.src, item.answer_line + e.line - 1, e.message) from None
    front = f'<div class="label">{item.label}</div>\n<div class="question">{question}</div>'
    link = f'<a href="{item.url}">{title}</a>'
    return Card(item, front, answer.html, link, tuple(answer.media))


def note_for(card: Card, position: int) -> genanki.Note:
    return genanki.Note(
        model=MODEL,
        fields=[card.item.id, card.front, card.back, card.link],
        guid=genanki.guid_for(GUID_NAMESPACE, card.item.id),
        due=position,   # new cards come in the book's order
    )


def deck_bytes(cards: list[Card], timestamp: int) -> bytes:
    """The .apkg file of these cards. `timestamp` becomes every note's modification time: Anki
    replaces an existing note on import only when the incoming one is newer."""
    deck = genanki.Deck(DECK_ID, DECK_NAME, description="The questionnaire of chapter 12 of Deep Learning"
                        " for Coders (fastai). Answers: https://fastbook-ch12.github.io/answers/")
    for position, card in enumerate(cards, 1):
        deck.add_note(note_for(card, position))
    media = sorted({m for card in cards for m in card.media})
    # What genanki's Package.write_to_file does, less two things: it leaves its SQLite file behind
    # in the system's temporary folder, and it stamps the zip entries with the time of the build.
    with tempfile.TemporaryDirectory(prefix="apkg-") as tmp:
        db_path = Path(tmp) / "collection.anki2"
        db = sqlite3.connect(db_path)
        try:
            genanki.Package(deck, media_files=media).write_to_db(db.cursor(), timestamp, itertools.count(timestamp * 1000))
            db.commit()
        finally:
            db.close()
        entries = [("collection.anki2", db_path.read_bytes()),
                   ("media", json.dumps({str(i): Path(m).name for i, m in enumerate(media)}).encode())]
        entries += [(str(i), Path(m).read_bytes()) for i, m in enumerate(media)]
    return zip_bytes(entries)


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of these entries with nothing from the build in it: fixed dates and permissions."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, data, compresslevel=9)
    return out.getvalue()


def source_timestamp(docs_dir: Path, sources: list[str]) -> int:
    """When the pages last changed, in seconds: the build's time stamp for every note.

    SOURCE_DATE_EPOCH (the reproducible-builds convention) wins if set. Otherwise the latest git
    commit that touched a page, so every checkout of a commit builds the same file, moved up to
    the modification time of any page with uncommitted edits, so a locally edited deck still
    counts as newer when imported. Without git, the pages' modification times.
    """
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    paths = [(docs_dir / src).resolve() for src in sources]
    mtimes = {p: int(p.stat().st_mtime) for p in paths}
    try:
        run = lambda *args: subprocess.run(["git", *args], cwd=docs_dir, capture_output=True, text=True, check=True).stdout  # noqa: E731
        committed = int(run("log", "-1", "--format=%ct", "--", *map(str, paths)).strip() or 0)
        dirty = {line[3:].strip() for line in run("status", "--porcelain", "--", *map(str, paths)).splitlines()}
        top = Path(run("rev-parse", "--show-toplevel").strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return max(mtimes.values())
    if not committed:   # pages git does not know yet
        return max(mtimes.values())
    edited = [mtimes[p] for p in paths if p.relative_to(top.resolve()).as_posix() in dirty]
    return max([committed, *edited])


def build(docs_dir: Path, site_url: str, timestamp: int | None = None) -> tuple[bytes, list[Card], list[PageError]]:
    """The deck of every question page under docs_dir, its cards, and the pages that failed."""
    items, errors = read_items(docs_dir, site_url)
    cards = []
    for item in items:
        try:
            cards.append(card_for(item, site_url, docs_dir))
        except PageError as e:
            errors.append(e)
    if timestamp is None:
        timestamp = source_timestamp(docs_dir, [item.src for item in items])
    return deck_bytes(cards, timestamp), cards, errors


def main(argv: list[str] | None = None) -> int:
    from mkdocs.utils.yaml import yaml_load   # MkDocs' own reader: mkdocs.yml may hold !ENV and other tags

    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0] if argv else DECK_FILE)
    from reproduce.paths import ROOT as root
    with open(root / "mkdocs.yml", encoding="utf-8") as f:
        config = yaml_load(f)
    data, cards, errors = build(root / config.get("docs_dir", "docs"), config["site_url"])
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    out.write_bytes(data)
    print(f"{out}: {len(cards)} notes, {len(data):,} bytes")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
