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

from .model import Attribute, Fact
from .problems import NotesError, Problem
from .registry import FactEntry, Item, Registry, Service
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
        """Raises KeyError-free ValueErrors with a message for the author."""
        unknown = [item_id for item_id in item_ids if item_id not in registry.items]
        if unknown:
            raise ValueError(f"unknown service or variant {', '.join(map(repr, unknown))}; "
                             f"known ids: {', '.join(registry.items)}")
        items = [registry.item(item_id) for item_id in item_ids]
        if row_keys is None:
            # Every attribute that at least two of the items have, in catalog order.
            row_keys = [key for key in registry.attributes if sum(key in item.facts for item in items) >= 2]
        else:
            unknown = [key for key in row_keys if key not in registry.attributes]
            if unknown:
                raise ValueError(f"unknown attribute {', '.join(map(repr, unknown))}; "
                                 f"known attributes: {', '.join(registry.attributes)}")
        rows = [Row(key, registry.attributes[key], [item.facts.get(key, []) for item in items]) for key in row_keys]
        return cls(items, rows, title)

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


def parse_compare_block(block: CompareBlock, registry: Registry, path: Path, first_line: int) -> ComparisonTable:
    """`first_line` is the file line of the text's first line; problems point at the block's lines."""
    block_line = first_line + block.start
    document = parse_yaml(block.source, path, first_line=block_line + 1, what="compare block YAML")
    if not isinstance(document.data, dict):
        raise NotesError([Problem(path, block_line, "compare", "the block must be a mapping such as "
                                  "'services: [sqs, sns]' with optional 'rows: [...]'")])
    try:
        spec = CompareSpec.model_validate(document.data)
    except ValidationError as error:
        raise NotesError([_spec_problem(detail, document, path) for detail in error.errors()]) from None
    try:
        return ComparisonTable.build(registry, spec.services, spec.rows, spec.title)
    except ValueError as error:
        field = "compare.services" if "service" in str(error) else "compare.rows"
        raise NotesError([Problem(path, document.line_of((field.split(".")[1],)), field, str(error))]) from None


def _spec_problem(detail: dict, document, path: Path) -> Problem:
    loc = tuple(detail["loc"])
    field = ".".join(str(part) for part in ("compare", *loc))
    messages = {
        "extra_forbidden": f"unknown key '{loc[-1]}'; a compare block takes 'services', 'rows' and 'title'",
        "missing": "required; list the items to compare, e.g. 'services: [sqs, sns, mq]'",
        "too_short": "is empty; list at least one id",
        "list_type": "expected a list, e.g. [sqs, sns]",
        "string_type": "expected an id (text)",
    }
    return Problem(path, document.line_of(loc), field, messages.get(detail["type"], detail["msg"]))


def expand_compare_blocks(text: str, registry: Registry, render: Callable[[ComparisonTable, str], str],
                          path: Path, first_line: int = 1) -> str:
    """Replace each compare block in `text` with `render(table, indent)`; all problems raised together."""
    lines = text.split("\n")
    blocks = find_compare_blocks(lines)
    if not blocks:
        return text
    problems, pieces, position = [], [], 0
    for block in blocks:
        try:
            table = parse_compare_block(block, registry, path, first_line)
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
