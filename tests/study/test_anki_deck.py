"""The Anki deck, checked by Anki itself: its own library (the `anki` package, the desktop app's
backend) imports the built .apkg into a fresh collection, and each card must read as its page does.

Offline, and every file lives under tmp_path.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import re
import sqlite3
import zipfile
from pathlib import Path

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageOptions

from tests.study.page_text import page_view, site_config, text_of
from study import anki_deck
from study.anki_deck import GUID_NAMESPACE, build, card_for, deck_bytes

from reproduce.paths import ROOT
DOCS = ROOT / "docs"
SITE = site_config()["site_url"]
STAMP = 1_800_000_000   # a fixed build time; Anki updates a note only from a newer one


@pytest.fixture(scope="module")
def built():
    data, cards, errors = build(DOCS, SITE, timestamp=STAMP)
    assert not errors, errors
    return data, cards


def import_deck(collection_path: Path, apkg: Path) -> Collection:
    col = Collection(str(collection_path))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=ImportAnkiPackageOptions()))
    return col


def notes_by_id(col: Collection) -> dict:
    """The collection's notes by their Id field ("q05")."""
    return {col.get_note(nid)["Id"]: col.get_note(nid) for nid in col.find_notes("")}


def test_two_builds_are_the_same_file(built):
    data, _ = built
    again, _, _ = build(DOCS, SITE, timestamp=STAMP)
    assert again == data, "two builds of the same pages differ"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {anki_deck.ZIP_DATE}


def test_anki_imports_43_notes_that_read_as_the_pages(built, tmp_path):
    data, _ = built
    apkg = tmp_path / "chapter12.apkg"
    apkg.write_bytes(data)
    col = import_deck(tmp_path / "collection.anki2", apkg)
    try:
        notes = notes_by_id(col)
        assert len(notes) == 43 and col.card_count() == 43, (len(notes), col.card_count())
        assert col.decks.by_name(anki_deck.DECK_NAME), col.decks.all_names_and_ids()
        for src in [f"questions/q{n:02d}.md" for n in range(1, 40)] + [f"further-research/fr{n}.md" for n in range(1, 5)]:
            note_id = Path(src).stem
            note, page = notes[note_id], page_view(DOCS / src)
            assert note.guid == genanki.guid_for(GUID_NAMESPACE, note_id), note_id
            label, wording = re.match(r"(Question|Further research) (\d+)\. (.*)", page["question"]).group(1, 3)
            number = int(re.search(r"\d+", note_id)[0])
            label = f"{'Question' if label == 'Question' else 'Further Research'} {number}"
            rendered = note.cards()[0].render_output()
            front = text_of(rendered.question_text)
            assert front == f"{label} {wording}", (src, front)
            assert text_of(note["Back"]) == page["answer"], f"{src}: the card's answer differs from the page's"
            assert text_of(rendered.answer_text) == f"{front} {page['answer']} Full answer with code: {page['title']}"
            url = f'{SITE}{src.removesuffix(".md")}/'
            assert re.fullmatch(rf'<a href="{re.escape(url)}">.*</a>', note["Link"]), note["Link"]
            for field in ("Front", "Back", "Link"):   # no Markdown left: math is \( \) or \[ \], code is <code>
                bare = re.sub(r"\\\(.*?\\\)|\\\[.*?\\\]", "", note[field], flags=re.S)
                assert not re.search(r"\$|`|\*\*|\]\(", bare), (src, field, bare)
        assert "q19-stacked-rnn.svg" in {p.name for p in Path(col.media.dir()).iterdir()}, "the figure of Q19"
    finally:
        col.close()


def test_a_newer_build_updates_the_changed_note_in_place(built, tmp_path):
    data, cards = built
    first = tmp_path / "first.apkg"
    first.write_bytes(data)
    changed = [card_for(dataclasses.replace(c.item, answer=c.item.answer + " Revised: $x^2$ is **new**."), SITE, DOCS)
               if c.item.id == "q07" else c for c in cards]
    second = tmp_path / "second.apkg"
    second.write_bytes(deck_bytes(changed, STAMP + 60))
    col = import_deck(tmp_path / "collection.anki2", first)
    try:
        before = {key: (note.id, note["Back"]) for key, note in notes_by_id(col).items()}
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(second), options=ImportAnkiPackageOptions()))
        after = {key: (note.id, note["Back"]) for key, note in notes_by_id(col).items()}
        assert len(after) == 43 and col.card_count() == 43, "the second import added notes or cards"
        assert after["q07"][0] == before["q07"][0], "the changed note got a new id"
        assert after["q07"][1].endswith(r"Revised: \(x^2\) is <strong>new</strong>.</p>"), after["q07"][1][-80:]
        assert {k: v for k, v in after.items() if k != "q07"} == {k: v for k, v in before.items() if k != "q07"}
    finally:
        col.close()


def test_a_deck_with_the_same_time_stamp_does_not_update(built, tmp_path):
    """Why the build's time stamp must move with the pages (anki_deck.source_timestamp): Anki
    keeps its note when the incoming one is not newer."""
    data, cards = built
    (tmp_path / "a.apkg").write_bytes(data)
    changed = [card_for(dataclasses.replace(c.item, answer="Changed."), SITE, DOCS) if c.item.id == "q07" else c
               for c in cards]
    (tmp_path / "b.apkg").write_bytes(deck_bytes(changed, STAMP))
    col = import_deck(tmp_path / "collection.anki2", tmp_path / "a.apkg")
    try:
        col.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / "b.apkg"),
                                                         options=ImportAnkiPackageOptions()))
        assert notes_by_id(col)["q07"]["Back"] != "<p>Changed.</p>"
    finally:
        col.close()


def test_time_stamp_is_the_pages_last_commit_unless_set(monkeypatch):
    import subprocess

    sources = ["questions/q01.md", "further-research/fr4.md"]
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    committed = int(subprocess.run(["git", "log", "-1", "--format=%ct", "--", *(f"docs/{s}" for s in sources)],
                                   cwd=ROOT, capture_output=True, text=True, check=True).stdout)
    monkeypatch.chdir(ROOT)   # a relative docs_dir, as `mkdocs build` run from the repository gives
    assert anki_deck.source_timestamp(Path("docs"), sources) >= committed
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1234567890")
    assert anki_deck.source_timestamp(DOCS, sources) == 1234567890


def test_ids_are_fixed_in_the_package(built, tmp_path):
    data, _ = built
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        (tmp_path / "c.anki2").write_bytes(z.read("collection.anki2"))
    db = sqlite3.connect(tmp_path / "c.anki2")
    try:
        mids = {mid for (mid,) in db.execute("select mid from notes")}
        decks = {did for (did,) in db.execute("select did from cards")}
        guids = [guid for (guid,) in db.execute("select guid from notes order by id")]
    finally:
        db.close()
    assert mids == {anki_deck.MODEL_ID} and decks == {anki_deck.DECK_ID}
    assert len(set(guids)) == 43 and guids[4] == genanki.guid_for(GUID_NAMESPACE, "q05")


# --- a page the deck cannot hold fails the strict build -------------------------------------


def test_a_page_that_cannot_become_a_card_is_a_build_warning_with_page_and_line(tmp_path, caplog):
    """The hook logs a warning under mkdocs.*, which `mkdocs build --strict` turns into a failure."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import get_files

    from study import mkdocs_hook

    docs = tmp_path / "docs"
    (docs / "questions").mkdir(parents=True)
    good = (DOCS / "questions" / "q01.md").read_text(encoding="utf-8")
    (docs / "questions" / "q01.md").write_text(good, encoding="utf-8")
    lines = good.split("\n")
    first = lines.index("    type: success") + 2          # the answer's first line of prose
    broken = "\n".join(lines[:first] + [lines[first] + " It costs $5."] + lines[first + 1:])
    (docs / "questions" / "q02.md").write_text(broken.replace("Question 1.", "Question 2."), encoding="utf-8")
    (docs / "questions" / "q03.md").write_text("# Q3. No answer\n\n> **Question 3.** Why?\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "site_dir": str(tmp_path / "site"), "site_url": SITE,
                      "hooks": [mkdocs_hook.__file__]})
    assert config.validate() == ([], [])
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.study"):
        files = config.plugins.on_files(get_files(config), config=config)   # as `mkdocs build` calls it
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    line = first + 1
    assert any(w.startswith(f"questions/q02.md:{line}: an unbalanced '$'") for w in warnings), warnings
    assert any(w.startswith("questions/q03.md:1: no '/// details | Answer' block") for w in warnings), warnings
    assert files.get_file_from_path("review.md") and files.get_file_from_path("chapter12.apkg")
