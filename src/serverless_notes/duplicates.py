"""One service, one note: no two notes may share an id, a name, a short name or an alias.

A copy of a note under another file name would otherwise build a second column, card and set
of questions for the same service. Names are compared as a reader sees them (`text_safety.fold`:
case, fullwidth and compatibility forms do not make a new name).
"""

from __future__ import annotations

from .problems import Problem, display_path
from .registry import Service
from .text_safety import fold


def names_of(service: Service) -> list[tuple[str, str, int]]:
    """(field, name, line) for everything a reader may call the service by."""
    lines = service.lines
    names = [("id", service.id, 1), ("name", service.name, lines.get(("name",), 1)),
             ("short_name", service.short_name, lines.get(("short_name",), 1))]
    names += [(f"aliases[{index}]", alias, lines.get(("aliases", index), 1))
              for index, alias in enumerate(service.aliases)]
    return names


def duplicate_services(services: list[Service]) -> list[Problem]:
    """A problem at each name that an earlier note (in file order) already uses, naming both places."""
    first: dict[str, tuple[Service, str, str, int]] = {}
    problems = []
    for service in sorted(services, key=lambda service: service.id):
        for field, name, line in names_of(service):
            key = fold(name)
            owner = first.get(key)
            if owner is None:
                first[key] = (service, field, name, line)
            elif owner[0] is not service:
                other, other_field, other_name, other_line = owner
                problems.append(Problem(service.path, line, field, f"'{name}' already names another service: "
                                        f"{other_field} '{other_name}' at {display_path(other.path)}:{other_line}; "
                                        "one service has one note (merge the two notes, or rename one)"))
    return problems
