"""YAML parsing that keeps line numbers and refuses duplicate keys.

PyYAML composes a node tree (which knows where each key sits) and then constructs plain
Python data from it; we keep both so that schema errors can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import NotesError, Problem

Loc = tuple[str | int, ...]


# libyaml's parser is ~10x faster than PyYAML's own and keeps the same marks (lines).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader that leaves an impossible date such as 2026-13-01 as text, for the schema to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Loc, int]  # 1-based file line of each mapping key / sequence item
    first_line: int  # file line of the document's first line

    def line_of(self, loc: Loc) -> int:
        """The line of `loc`, or of its closest parent that has one."""
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return self.first_line


def parse_yaml(text: str, path: Path, first_line: int = 1, what: str = "YAML") -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _record_lines(node, (), lines, path, first_line)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        reason = error.problem or error.context or "invalid YAML"
        raise NotesError([Problem(path, line, "", f"{what} syntax error: {reason}; check indentation, "
                                  "and quote values that contain ': ' or start with a special character")]) from None
    finally:
        loader.dispose()
    return YamlDocument(data, lines, first_line)


def _record_lines(node: yaml.Node, loc: Loc, lines: dict[Loc, int], path: Path, first_line: int) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = first_line + key_node.start_mark.line
            if key in seen:
                field = ".".join(str(part) for part in (*loc, key))
                raise NotesError([Problem(path, line, field, f"duplicate key '{key}' (first defined on line "
                                          f"{seen[key]}); keep one and merge the two")])
            seen[key] = line
            lines[(*loc, key)] = line
            _record_lines(value_node, (*loc, key), lines, path, first_line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = first_line + item.start_mark.line
            _record_lines(item, (*loc, index), lines, path, first_line)
