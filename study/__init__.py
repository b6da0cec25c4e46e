"""Study material built from the answer pages: an Anki deck and a one-page review sheet.

- `answers`: reads each question page into an `Item` (id, the book's question, the short answer's
  Markdown, the page's URL on the published site);
- `anki_html`: the small Markdown subset a short answer may use, turned into the HTML of a card;
- `anki_deck`: the genanki deck (`python -m study.anki_deck chapter12.apkg` writes it);
- `review_sheet`: the Markdown of the review page;
- `mkdocs_hook`: the MkDocs hook that adds the review page and the deck to every build.
"""
