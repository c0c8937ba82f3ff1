"""Pydantic's validation errors as problems a contributor can act on: `file:line: field: what and how to fix`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .limits import HOW_TO
from .model import FIELD_HELP
from .problems import Problem
from .yaml_source import Loc, YamlDocument


def problems_from(error: ValidationError, document: YamlDocument, path: Path, context: str,
                  prefix: str = "") -> list[Problem]:
    """The one translator of pydantic's errors: one Problem per error, with its line and its field.

    `prefix` names the mapping the document sits in (e.g. "compare" for a compare block's keys).
    """
    problems = []
    for detail in error.errors():
        loc = tuple(detail["loc"])
        field = ".".join(str(part) for part in (*([prefix] if prefix else []), *loc))
        problems.append(Problem(path, document.line_of(loc), field, _message(detail, loc, document, context)))
    return problems


def _message(detail: dict[str, Any], loc: Loc, document: YamlDocument, context: str) -> str:
    kind, name = detail["type"], str(loc[-1]) if loc else ""
    given = detail.get("input")
    if kind == "missing":
        hint = FIELD_HELP.get(name, "")
        return f"required field is missing; add '{name}:'" + (f" with {hint}" if hint else "")
    if kind == "extra_forbidden":
        return _unknown_key_message(loc, context)
    if kind == "literal_error":
        expected = detail.get("ctx", {}).get("expected", "")
        return f"unknown {name} '{given}'; use one of {expected}"
    if kind == "float_type" and isinstance(given, str) and ":" in given:
        return (f"'{given}' is read as text, not as a number (YAML 1.1 would read it as base 60); "
                "write the number in decimal, e.g. 685230")
    if kind in ("string_type", "bool_type", "bool_parsing", "float_type", "float_parsing"):
        expected = {"string_type": "text", "bool_type": "true or false",
                    "bool_parsing": "true or false"}.get(kind, "a number")
        return f"expected {expected}, got {type(given).__name__} {given!r}; " + (
            "quote the value" if expected == "text" else f"write {expected}")
    if kind.startswith("date") or kind == "datetime_type":
        return f"'{given}' is not a valid date; write the day you checked the source as YYYY-MM-DD (e.g. 2026-11-27)"
    if kind == "string_pattern_mismatch":
        return f"'{given}' is not a valid id; use lowercase letters, digits and hyphens"
    if kind == "string_too_short":
        return "is empty; write a value"
    if kind in ("too_short",):
        return "is empty; add at least one entry"
    if kind == "too_long":
        actual = len(given) if isinstance(given, (list, dict)) else detail.get("ctx", {}).get("actual_length")
        return f"has {actual} entries; at most {detail.get('ctx', {}).get('max_length')} are allowed ({HOW_TO})"
    if kind in ("dict_type", "model_type"):
        return f"expected a mapping of fields, got {type(given).__name__}; indent its fields under '{name}:'"
    if kind == "list_type":
        return f"expected a list, e.g. [a, b], got {type(given).__name__}"
    if kind == "value_error":
        return str(detail.get("ctx", {}).get("error", detail["msg"]))
    return detail["msg"]


def _unknown_key_message(loc: Loc, context: str) -> str:
    name = loc[-1]
    if len(loc) >= 2 and loc[-2] == "facts":
        return (f"unknown attribute '{name}'; use a key declared in docs/_data/catalog.yml "
                "(or declare the new attribute there first)")
    return f"unknown field '{name}'; check its spelling and indentation (see CONTRIBUTING.md for the {context} format)"
