"""Limits AWS changed: each fact's former values, newest change first (the "What changed" page)."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Attribute, Fact, FormerValue
from .registry import Registry, Service, Variant, fact_anchor


@dataclass(frozen=True)
class Change:
    service: Service
    variant: Variant | None
    key: str
    attribute: Attribute
    fact: Fact  # the current value
    former: FormerValue  # what it was until `former.until`

    @property
    def owner(self) -> str:
        return f"{self.service.short_name} ({self.variant.name})" if self.variant else self.service.short_name

    @property
    def anchor(self) -> str:
        return fact_anchor(self.key, self.variant.id if self.variant else None)


def changes(registry: Registry) -> list[Change]:
    """Every former value of every fact, newest change first (then by service and attribute, for a stable page)."""
    found = [Change(service, variant, key, registry.attributes[key], fact, former)
             for service in registry.services.values()
             for variant, key, fact in service.own_facts()
             for former in fact.previously]
    return sorted(found, key=lambda change: (-change.former.until.toordinal(), change.owner.lower(), change.key))
