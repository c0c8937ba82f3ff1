"""Facts whose check date is older than a given age: the AWS page may have changed since."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from .problems import display_path
from .registry import Registry

STALE_AFTER_MONTHS = 12  # AWS changes limits often; re-read a fact's source at least yearly


@dataclass(frozen=True)
class StaleFact:
    service_id: str
    field: str
    checked: date
    source: str
    line: int
    path: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: checked {self.checked.isoformat()}; re-read {self.source}"


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier, or the month's last day (31 March minus one month: 28/29 February)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    return date(year, month_index + 1, min(day.day, calendar.monthrange(year, month_index + 1)[1]))


def stale_facts(registry: Registry, months: int, today: date) -> list[StaleFact]:
    cutoff = months_before(today, months)
    found = []
    for service in registry.services.values():
        for variant, key, fact in service.own_facts():
            if fact.checked < cutoff:
                loc = (*service.fact_loc(variant, key), "checked")
                found.append(StaleFact(service.id, ".".join(loc), fact.checked, fact.source,
                                       service.lines.get(loc, 1), display_path(service.path)))
    return sorted(found, key=lambda stale: (stale.path, stale.line))
