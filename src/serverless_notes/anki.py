"""The flashcards as downloads: an Anki deck (.apkg, written by genanki) and a CSV of the same cards.

Model and deck ids are fixed and each note's GUID comes from the card's stable id, so a student who
imports a newer deck gets the changed cards updated, not duplicated.
"""

from __future__ import annotations

import csv
import html
import io
import os
import tempfile
import zipfile
from pathlib import Path

import genanki

from .offline_zip import entry_time
from .study import Flashcard

MODEL_ID = 1_607_392_319  # fixed: Anki matches notes of a re-imported deck by model and GUID
DECK_ID = 2_059_400_110
DECK_NAME = "Serverless on AWS - study notes"
CSV_COLUMNS = ["id", "service", "front", "back", "details", "source", "checked"]

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
)


def anki_deck(cards: list[Flashcard]) -> bytes:
    """The .apkg file. Anki fields are HTML, so every value from the notes is escaped."""
    deck = genanki.Deck(DECK_ID, DECK_NAME)
    for card in cards:
        fields = [card.id, card.front, card.back, card.details, card.source]
        deck.add_note(genanki.Note(model=MODEL, fields=[html.escape(field) for field in fields],
                                   guid=genanki.guid_for(card.id), tags=[card.service_id, card.category]))
    # genanki writes an SQLite file on disk before zipping it: give it a private temp folder.
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "deck.apkg"
        timestamp = float(os.environ.get("SOURCE_DATE_EPOCH", "0")) or None
        genanki.Package(deck).write_to_file(str(path), timestamp=timestamp)
        return _with_fixed_entry_times(path.read_bytes())


def _with_fixed_entry_times(apkg: bytes) -> bytes:
    """The same archive with its entries stamped from SOURCE_DATE_EPOCH, not the clock (genanki zips
    its temporary files as they are): two builds of one commit give the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(apkg)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in sorted(source.infolist(), key=lambda entry: entry.filename):
            target.writestr(zipfile.ZipInfo(info.filename, date_time=entry_time()), source.read(info),
                            compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def cards_csv(cards: list[Flashcard]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for card in cards:
        writer.writerow([card.id, card.service_id, card.front, card.back, card.details, card.source, card.checked])
    return buffer.getvalue()
