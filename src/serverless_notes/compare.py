"""Comparison tables: the ```compare block, the table it describes, and where items differ.

Pure data and text; rendering to HTML lives in `render.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .limits import MAX_COMPARE_BLOCKS, too_many
from .model import MAX_ITEMS, Attribute, Fact
from .problems import NotesError, Problem
from .registry import FactEntry, Item, Registry, Service, UnknownIds
from .schema_errors import problems_from
from .yaml_source import parse_yaml

FENCE_NAME = "compare"


class CompareSpec(BaseModel):
    """What an author writes inside a ```compare block."""

    model_config = ConfigDict(extra="forbid")
    services: list[str] = Field(min_length=1)
    rows: list[str] | None = Field(default=None, min_length=1)
    title: str | None = None


@dataclass(frozen=True)
class Row:
    key: str
    attribute: Attribute
    cells: list[list[FactEntry]]  # one list per item; empty when the item has no such fact

    @property
    def differs(self) -> bool:
        values = {tuple(self.attribute.format(entry.fact) for entry in cell) for cell in self.cells}
        return len(values) > 1


@dataclass
class Source:
    """An AWS page and the values that cite it."""

    url: str
    checked: date  # the latest check of any value citing it
    uses: list[str] = field(default_factory=list)  # "Amazon SQS: Delivery model", ...


def collect_sources(cited: Iterable[tuple[str, Fact]]) -> list[Source]:
    """Each AWS page once, in the order first cited, with what cites it: from (what, fact) pairs."""
    found: dict[str, Source] = {}
    for use, fact in cited:
        source = found.setdefault(str(fact.source), Source(str(fact.source), fact.checked))
        source.uses.append(use)
        source.checked = max(source.checked, fact.checked)
    return list(found.values())


def service_sources(service: Service, registry: Registry) -> list[Source]:
    """The AWS pages behind a note's facts, its variants' too."""
    label = lambda key: registry.attributes[key].label  # noqa: E731
    return collect_sources([(label(key), fact) for key, fact in service.facts.items()] +
                           [(f"{variant.name}: {label(key)}", fact) for variant in service.variants.values()
                            for key, fact in variant.facts.items()])


@dataclass(frozen=True)
class ComparisonTable:
    items: list[Item]
    rows: list[Row]
    title: str | None = None

    @classmethod
    def build(cls, registry: Registry, item_ids: list[str], row_keys: list[str] | None = None,
              title: str | None = None) -> ComparisonTable:
        """Raises UnknownIds (field "items" or "rows") with a message for the author."""
        unknown = registry.unknown_items(item_ids)
        if unknown:
            raise UnknownIds("items", unknown)
        items = [registry.item(item_id) for item_id in item_ids]
        if row_keys is None:
            # Every attribute that at least two of the items have, in catalog order.
            row_keys = [key for key in registry.attributes if sum(key in item.facts for item in items) >= 2]
        else:
            unknown = registry.unknown_attributes(row_keys)
            if unknown:
                raise UnknownIds("rows", unknown)
        rows = [Row(key, registry.attributes[key], [item.facts.get(key, []) for item in items]) for key in row_keys]
        return cls(items, rows, title)

    def _split_at_the_fold(self) -> tuple[list[Row], list[Row]]:
        """The exam's rows (the catalog's exam_level), then the rows beyond it, folded so a phone shows the exam's
        first; nothing is folded when every row is one or the other, as there is nothing to put first."""
        exam = [row for row in self.rows if row.attribute.exam_level == "clf"]
        beyond = [row for row in self.rows if row.attribute.exam_level != "clf"]
        return (exam, beyond) if exam and beyond else (self.rows, [])

    @property
    def open_rows(self) -> list[Row]:
        return self._split_at_the_fold()[0]

    @property
    def folded_rows(self) -> list[Row]:
        return self._split_at_the_fold()[1]

    @property
    def differing_rows(self) -> list[Row]:
        return [row for row in self.rows if row.differs]

    @property
    def shared_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.differs]

    def sources(self) -> list[Source]:
        """The AWS pages behind the table, each once, in the order the table first cites them."""
        def use(item: Item, row: Row, entry: FactEntry) -> str:
            return f"{entry.label or item.name}: {row.attribute.label}"  # a variant's label names its service

        return collect_sources((use(item, row, entry), entry.fact) for row in self.rows
                               for item, cell in zip(self.items, row.cells, strict=True) for entry in cell)

    def exam_traps(self) -> list[tuple[Item, Row, FactEntry]]:
        return [(item, row, entry) for row in self.rows for item, cell in zip(self.items, row.cells, strict=True)
                for entry in cell if entry.fact.exam_trap]


# --- finding blocks in Markdown ---------------------------------------------------------

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*?)[ \t]*$")


@dataclass(frozen=True)
class CompareBlock:
    start: int  # index of the opening fence line (0-based, in the text given)
    end: int  # index of the closing fence line
    indent: str
    source: str


def find_compare_blocks(lines: list[str]) -> list[CompareBlock]:
    """Compare fences, skipping any that sit inside another fenced code block (e.g. a how-to example)."""
    blocks, index = [], 0
    while index < len(lines):
        opening = FENCE_OPEN.match(lines[index])
        if not opening:
            index += 1
            continue
        indent, fence, info = opening["indent"], opening["fence"], opening["info"]
        close = re.compile(rf"^{re.escape(indent)}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = next((i for i in range(index + 1, len(lines)) if close.match(lines[i])), len(lines))
        if info.split(" ")[0].lstrip(".{") == FENCE_NAME:
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[index + 1:end]]
            blocks.append(CompareBlock(index, end, indent, "\n".join(body)))
        index = end + 1
    return blocks


def parse_compare_block(block: CompareBlock, registry: Registry, path: Path, first_line: int,
                        max_items: int | None = MAX_ITEMS) -> ComparisonTable:
    """`first_line` is the file line of the text's first line; problems point at the block's lines.

    An author's block compares at most `max_items` items (20,000 ids once took 108 s and wrote
    139 MB pages); generated pages (a category's table of all its services) pass None.
    """
    block_line = first_line + block.start
    document = parse_yaml(block.source, path, first_line=block_line + 1, what="compare block YAML")
    if not isinstance(document.data, dict):
        raise NotesError([Problem(path, block_line, "compare", "the block must be a mapping such as "
                                  "'services: [sqs, sns]' with optional 'rows: [...]'")])
    try:
        spec = CompareSpec.model_validate(document.data)
    except ValidationError as error:
        raise NotesError(problems_from(error, document, path, context="compare block", prefix="compare")) from None
    if max_items is not None and len(spec.services) > max_items:
        raise NotesError([Problem(path, document.line_of(("services",)), "compare.services",
                                  f"lists {len(spec.services)} ids; compare at most {max_items} at a time")])
    try:
        return ComparisonTable.build(registry, spec.services, spec.rows, spec.title)
    except UnknownIds as error:
        key = {"items": "services", "rows": "rows"}[error.field]
        raise NotesError([Problem(path, document.line_of((key,)), f"compare.{key}", str(error))]) from None


def expand_compare_blocks(text: str, registry: Registry, render: Callable[[ComparisonTable, str], str],
                          path: Path, first_line: int = 1, max_items: int | None = MAX_ITEMS) -> str:
    """Replace each compare block in `text` with `render(table, indent)`; all problems raised together."""
    lines = text.split("\n")
    blocks = find_compare_blocks(lines)
    if not blocks:
        return text
    if len(blocks) > MAX_COMPARE_BLOCKS:  # each is a table: cap them, or one page can write gigabytes
        raise NotesError(too_many(path, first_line + blocks[MAX_COMPARE_BLOCKS].start, "compare", len(blocks),
                                  MAX_COMPARE_BLOCKS, "compare blocks in one page"))
    problems, pieces, position = [], [], 0
    for block in blocks:
        try:
            table = parse_compare_block(block, registry, path, first_line, max_items)
        except NotesError as error:
            problems.extend(error.problems)
            continue
        pieces.extend(lines[position:block.start])
        pieces.append(render(table, block.indent))
        position = block.end + 1
    if problems:
        raise NotesError(problems)
    pieces.extend(lines[position:])
    return "\n".join(pieces)
