"""The few attributes that decide between the items of a comparison ("Where they differ").

Naming every attribute that differs tells a student nothing: in most comparisons that is all of
them. The deciding ones are read from the data: an attribute decides when every item states a
value (not "AWS does not state this"), no two items state the same one, and the values are short
enough to say in a sentence (a category, "pull" or "push", not a paragraph). Among those, the ones
with the shortest values, shown in the table's order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compare import ComparisonTable, Row
from .model import NOT_STATED
from .registry import Item

MOST = 3  # a student keeps three differences in mind, not twelve
SENTENCE_LENGTH = 90  # characters: longer values are explanations, read in the table


@dataclass(frozen=True)
class Difference:
    row: Row
    values: list[tuple[Item, str]]  # each item's value, as the table shows it


def _value(row: Row, cell) -> str:
    """The cell as one line, or "" when it states nothing (no fact, or AWS does not state it)."""
    if not cell or any(entry.fact.status == NOT_STATED for entry in cell):
        return ""
    return "; ".join(f"{entry.label}: {row.attribute.format(entry.fact)}" if entry.label
                     else row.attribute.format(entry.fact) for entry in cell)


def deciding_differences(table: ComparisonTable, most: int = MOST) -> list[Difference]:
    candidates = []
    for row in table.differing_rows:
        values = [_value(row, cell) for cell in row.cells]
        if all(values) and len(set(values)) == len(values) and max(map(len, values)) <= SENTENCE_LENGTH:
            candidates.append((max(map(len, values)), table.rows.index(row), row, values))
    chosen = sorted(sorted(candidates, key=lambda candidate: candidate[0])[:most], key=lambda candidate: candidate[1])
    return [Difference(row, list(zip(table.items, values, strict=True))) for _, _, row, values in chosen]
