"""YAML parsing that keeps line numbers and refuses duplicate keys.

PyYAML composes a node tree (which knows where each key sits) and then constructs plain
Python data from it; we keep both so that schema errors can point at a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import NotesError, Problem, escape_control

Loc = tuple[str | int, ...]


# libyaml's parser is ~10x faster than PyYAML's own and keeps the same marks (lines).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):
    """A safe loader that leaves an impossible date such as 2026-13-01 as text, for the schema to report,
    and reads YAML 1.1's base-60 numbers (`190:20:30`, which PyYAML makes 685230) as the text written."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)

    def construct_yaml_int(self, node):
        return self.construct_scalar(node) if ":" in node.value else super().construct_yaml_int(node)

    def construct_yaml_float(self, node):
        return self.construct_scalar(node) if ":" in node.value else super().construct_yaml_float(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_yaml_float)
# Tags that build something other than text, numbers, booleans, dates, lists and mappings. `!!binary`
# hides text as base64, which a reviewer cannot read.
REFUSED_TAGS = ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set", "tag:yaml.org,2002:omap",
                "tag:yaml.org,2002:pairs")


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


# What PyYAML raises besides its own errors: bad `!!int`/`!!float`/`!!bool`/`!!timestamp` values
# (ValueError, IndexError, KeyError, AttributeError), and surrogates it cannot encode.
CONSTRUCTION_ERRORS = (ValueError, IndexError, KeyError, AttributeError, TypeError, OverflowError)
QUOTE_HINT = "check indentation, and quote values that contain ': ' or start with a special character"


def parse_yaml(text: str, path: Path, first_line: int = 1, what: str = "YAML") -> YamlDocument:
    """Parse one YAML document; every problem in it is a NotesError at its line, never another exception.

    Anchors and aliases are refused while the node tree is walked, before any value is built:
    an alias can repeat a subtree exponentially ("billion laughs") or point at itself.
    """
    def problem(line: int, field: str, message: str) -> NotesError:
        return NotesError([Problem(path, line, field, message)])

    try:
        loader = _Loader(text)
    except UnicodeEncodeError as error:  # a lone surrogate: not text a file can hold
        raise problem(first_line + text.count("\n", 0, error.start), "",
                      f"{what}: character {escape_control(text[error.start])} is not valid text; remove it") from None
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        scalars: list[tuple[Loc, yaml.ScalarNode]] = []
        if node is not None:
            _walk(node, (), lines, scalars, path, first_line, set())
        try:
            data = loader.construct_document(node) if node is not None else None
        except CONSTRUCTION_ERRORS as error:
            raise _value_problem(scalars, path, first_line, error) from None
    except yaml.reader.ReaderError as error:  # control characters, invalid code points
        line = first_line + text.count("\n", 0, max(error.position, 0))
        raise problem(line, "", f"{what}: character {escape_control(chr(error.character))} is not allowed "
                      "(a control character?); delete it or retype the line") from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        reason = error.problem or error.context or "invalid YAML"
        raise problem(line, "", f"{what} syntax error: {reason}; {QUOTE_HINT}") from None
    except yaml.YAMLError as error:
        raise problem(first_line, "", f"{what} error: {error}; {QUOTE_HINT}") from None
    except RecursionError:
        raise problem(first_line, "", f"{what} is nested too deeply; flatten it") from None
    finally:
        loader.dispose()
    return YamlDocument(data, lines, first_line)


def _value_problem(scalars: list[tuple[Loc, yaml.ScalarNode]], path: Path, first_line: int,
                   error: Exception) -> NotesError:
    """Find the value PyYAML could not build (only runs on that error) and point at it."""
    for loc, node in scalars:
        probe = _Loader("")  # a fresh constructor: the failed one keeps half-built state
        try:
            probe.construct_object(node, deep=True)
        except CONSTRUCTION_ERRORS:
            field = ".".join(str(part) for part in loc)
            return NotesError([Problem(path, first_line + node.start_mark.line, field,
                                       f"cannot read {escape_control(node.value)!s} as {node.tag.rsplit(':', 1)[-1]}; "
                                       "write a plain value without a '!!' tag")])
        except yaml.YAMLError:
            pass
        finally:
            probe.dispose()
    return NotesError([Problem(path, first_line, "", f"a value cannot be read ({type(error).__name__}); "
                               "remove any '!!' tags")])


def _walk(node: yaml.Node, loc: Loc, lines: dict[Loc, int], scalars: list, path: Path, first_line: int,
          seen_nodes: set[int]) -> None:
    """Record each key's line; refuse aliases, complex keys and duplicate keys."""
    if id(node) in seen_nodes:
        field = ".".join(str(part) for part in loc)
        raise NotesError([Problem(path, lines.get(loc, first_line + node.start_mark.line), field,
                                  "YAML aliases (*name) and anchors (&name) are not supported; write the value out")])
    seen_nodes.add(id(node))
    if node.tag in REFUSED_TAGS:
        field = ".".join(str(part) for part in loc)
        raise NotesError([Problem(path, first_line + node.start_mark.line, field,
                                  f"the tag '!!{node.tag.rsplit(':', 1)[-1]}' is not supported; write the value "
                                  "as plain text")])
    if isinstance(node, yaml.ScalarNode):
        scalars.append((loc, node))
    elif isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            line = first_line + key_node.start_mark.line
            if not isinstance(key_node, yaml.ScalarNode):
                field = ".".join(str(part) for part in loc)
                raise NotesError([Problem(path, line, field, "a key must be plain text, not a list or mapping; "
                                          "write 'name: value'")])
            key = key_node.value
            if key == "<<" and key_node.tag.endswith(":merge"):
                raise NotesError([Problem(path, line, ".".join(str(part) for part in loc),
                                          "YAML merge keys ('<<') are not supported; write the fields out")])
            if key in seen:
                field = ".".join(str(part) for part in (*loc, key))
                raise NotesError([Problem(path, line, field, f"duplicate key '{escape_control(key)}' (first defined "
                                          f"on line {seen[key]}); keep one and merge the two")])
            seen[key] = line
            lines[(*loc, key)] = line
            scalars.append(((*loc, key), key_node))
            _walk(value_node, (*loc, key), lines, scalars, path, first_line, seen_nodes)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[(*loc, index)] = first_line + item.start_mark.line
            _walk(item, (*loc, index), lines, scalars, path, first_line, seen_nodes)
