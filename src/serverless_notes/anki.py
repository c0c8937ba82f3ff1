"""The flashcards as downloads: an Anki deck (.apkg, written by genanki) and a CSV of the same cards.

Model and deck ids are fixed and each note's GUID comes from the card's stable id, so a student who
imports a newer deck gets the changed cards updated, not duplicated. Deck fields escape only & < >
(an apostrophe as &#39; breaks Anki's search); the CSV carries Anki's header lines so it imports as is,
and neutralises cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import itertools
import sqlite3
import time
import zipfile

import genanki

from .offline_zip import entry_time, source_date_epoch
from .study import Flashcard

MODEL_ID = 1_607_392_319  # fixed: Anki matches notes of a re-imported deck by model and GUID
DECK_ID = 2_059_400_110
DECK_NAME = "Serverless on AWS - study notes"
CSV_COLUMNS = ["id", "service", "front", "back", "details", "source", "checked", "tags"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell starting with these as a formula

# Light and dark (Anki adds .nightMode to the card in dark mode); no web fonts, no remote assets.
CARD_CSS = """\
.card { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; font-size: 20px;
  line-height: 1.4; text-align: left; color: #1f2328; background: #ffffff; padding: 0 0.5em; }
.card small { color: #57606a; }
.card a { color: #0969da; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #0d1117; }
.nightMode.card small, .night_mode .card small { color: #9da7b3; }
.nightMode.card a, .night_mode .card a { color: #58a6ff; }
.nightMode hr#answer, .night_mode hr#answer { border-top-color: #30363d; }
"""

MODEL = genanki.Model(
    MODEL_ID, "Serverless study notes fact",
    fields=[{"name": "Id"}, {"name": "Front"}, {"name": "Back"}, {"name": "Details"}, {"name": "Source"}],
    templates=[{
        "name": "Fact",
        "qfmt": "{{Front}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<p><small>{{Details}}</small></p>'
                '<p><small><a href="{{Source}}">AWS source</a></small></p>',
    }],
    sort_field_index=1,
    css=CARD_CSS,
)


def anki_deck(cards: list[Flashcard]) -> bytes:
    """The .apkg file: a zip of the deck's SQLite collection (built in memory) and its empty media list.

    Anki fields are HTML, so every value from the notes is escaped (& < > only). Not genanki's own
    `write_to_file`: it leaves its SQLite file behind in the system's temp folder at every build, and
    stamps the zip's entries with the clock; here they come from SOURCE_DATE_EPOCH, so two builds of
    one commit give the same bytes."""
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in cards:
        fields = [card.id, card.front, card.back, card.details, card.source]
        deck.add_note(genanki.Note(model=MODEL, fields=[html.escape(field, quote=False) for field in fields],
                                   guid=genanki.guid_for(card.id), tags=anki_tags(card)))
    timestamp = source_date_epoch() or time.time()  # genanki's ids and modification times
    with contextlib.closing(sqlite3.connect(":memory:")) as connection:
        genanki.Package(deck).write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    buffer, stamp = io.BytesIO(), entry_time()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in (("collection.anki2", collection), ("media", b"{}")):  # "{}": no media files
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def anki_tags(card: Flashcard) -> list[str]:
    """Tags without spaces (Anki splits tags on spaces): service, category, exam level, must-know."""
    return [tag.replace(" ", "_") for tag in card.tags or (card.service_id, card.category)]


def neutralised(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting with = + - @ (or a tab or CR) gets a leading quote.

    OWASP's advice for CSV injection; Anki shows the quote, a small price for a file students open in Excel.
    """
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def cards_csv(cards: list[Flashcard]) -> str:
    """The cards as CSV with Anki's header lines, so File > Import reads it as is (comma, plain text, columns)."""
    buffer = io.StringIO()
    buffer.write("#separator:comma\n#html:false\n")
    buffer.write(f"#columns:{','.join(CSV_COLUMNS)}\n")
    buffer.write(f"#guid column:{CSV_COLUMNS.index('id') + 1}\n#tags column:{CSV_COLUMNS.index('tags') + 1}\n")
    writer = csv.writer(buffer, lineterminator="\n")
    for card in cards:
        row = [card.id, card.service_id, card.front, card.back, card.details, card.source, card.checked,
               " ".join(anki_tags(card))]
        writer.writerow([neutralised(cell) for cell in row])
    return buffer.getvalue()
