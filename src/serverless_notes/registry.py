"""The validated notes, addressable as services and variants (`sqs`, `sqs.fifo`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .model import Attribute, Catalog, Category, ExamScope, Fact, WrittenQuestion


@dataclass(frozen=True)
class FactEntry:
    """One value in a table cell; `label` names the variant when a service sums up its variants."""

    fact: Fact
    label: str | None = None


@dataclass(frozen=True)
class Item:
    """A comparable thing: a service, or one variant of it."""

    id: str  # "sqs" or "sqs.fifo"
    name: str  # short display name
    summary: str
    service: Service
    facts: dict[str, list[FactEntry]]

    @property
    def doc_path(self) -> str:
        return self.service.doc_path

    @property
    def anchor(self) -> str:
        return "" if self.id == self.service.id else f"variant-{self.id.split('.', 1)[1]}"


@dataclass
class Service:
    id: str
    name: str
    short_name: str
    category: str
    summary: str
    aliases: list[str]
    facts: dict[str, Fact]
    variants: dict[str, Variant]
    path: Path
    body: str
    lines: dict = field(repr=False, default_factory=dict)
    exam_scope: ExamScope | None = None  # where the official exam guide lists the service
    questions: list[WrittenQuestion] = field(default_factory=list)  # hand-written practice questions

    @property
    def doc_path(self) -> str:
        return paths.note(self.id)

    @property
    def search_terms(self) -> list[str]:
        """Names and aliases a student may search for."""
        return [self.short_name, self.name, *self.aliases]

    def own_facts(self) -> Iterator[tuple[Variant | None, str, Fact]]:
        """Every fact as written in the note: the service's own, then each variant's (variant None: the service)."""
        yield from ((None, key, fact) for key, fact in self.facts.items())
        for variant in self.variants.values():
            yield from ((variant, key, fact) for key, fact in variant.facts.items())

    def fact_loc(self, variant: Variant | None, key: str) -> tuple[str, ...]:
        """Where the fact sits in the front matter, e.g. ("variants", "fifo", "facts", "throughput")."""
        return ("facts", key) if variant is None else ("variants", variant.id, "facts", key)


@dataclass
class Variant:
    id: str
    name: str
    summary: str | None
    facts: dict[str, Fact]


def fact_anchor(key: str, variant: str | None = None) -> str:
    return f"fact-{variant}-{key}" if variant else f"fact-{key}"


class Registry:
    def __init__(self, catalog: Catalog, services: list[Service]):
        self.catalog = catalog
        self.services = {service.id: service for service in services}
        self.items: dict[str, Item] = {}
        for service in services:
            self.items[service.id] = self._service_item(service)
            for variant in service.variants.values():
                item_id = f"{service.id}.{variant.id}"
                facts = {key: [FactEntry(fact)] for key, fact in {**service.facts, **variant.facts}.items()}
                self.items[item_id] = Item(item_id, variant.name, variant.summary or service.summary,
                                           service, self._in_catalog_order(facts))

    def _service_item(self, service: Service) -> Item:
        """A service's own facts, plus one entry per variant for facts only its variants give."""
        facts = {key: [FactEntry(fact)] for key, fact in service.facts.items()}
        for variant in service.variants.values():
            for key, fact in variant.facts.items():
                if key not in service.facts:
                    facts.setdefault(key, []).append(FactEntry(fact, variant.name))
        return Item(service.id, service.short_name, service.summary, service, self._in_catalog_order(facts))

    def _in_catalog_order(self, facts: dict) -> dict:
        return {key: facts[key] for key in self.catalog.attributes if key in facts}

    @property
    def attributes(self) -> dict[str, Attribute]:
        return self.catalog.attributes

    @property
    def categories(self) -> dict[str, Category]:
        return self.catalog.categories

    def services_in(self, category: str) -> list[Service]:
        return sorted((s for s in self.services.values() if s.category == category), key=lambda s: s.short_name.lower())

    def item(self, item_id: str) -> Item:
        return self.items[item_id]

    # The rule for unknown ids, written once: name them, and list the known ones.

    def unknown_items(self, item_ids: list[str]) -> str | None:
        unknown = [item_id for item_id in item_ids if item_id not in self.items]
        return (f"unknown service or variant {', '.join(map(repr, unknown))}; known ids: {', '.join(self.items)}"
                if unknown else None)

    def unknown_attributes(self, keys: list[str]) -> str | None:
        unknown = [key for key in keys if key not in self.attributes]
        return (f"unknown attribute {', '.join(map(repr, unknown))}; known attributes (declared in "
                f"docs/_data/catalog.yml): {', '.join(self.attributes)}" if unknown else None)


class UnknownIds(ValueError):
    """Ids that name nothing in the registry; `field` says which list held them ("items" or "rows")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
