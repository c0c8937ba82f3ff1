"""The validated notes, addressable as services and variants (`sqs`, `sqs.fifo`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import paths
from .model import Attribute, Catalog, Category, ExamScope, Fact, Foil, Scenario, WrittenQuestion


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
    scenarios: list[Scenario] = field(default_factory=list)  # exam situations this service is (not) for
    does: list[str] = field(default_factory=list)  # needs it meets (docs/_data/foils.yml)

    @property
    def in_exam_scope(self) -> bool:
        """On the CLF-C02 in-scope list, as the note states (a note that says nothing counts as in scope)."""
        return self.exam_scope is None or self.exam_scope.in_scope

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

    def at_a_glance(self, size: int = 3) -> list[tuple[Variant | None, str, Fact]]:
        """The few facts the note's box shows first: those marked must_know (the service's own, then its
        variants'), else the first ones of the note."""
        facts = list(self.own_facts())
        return ([entry for entry in facts if entry[2].must_know] or facts)[:size]

    @property
    def fact_count(self) -> int:
        return len(self.facts) + sum(len(variant.facts) for variant in self.variants.values())

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


@dataclass(frozen=True)
class FactRef:
    """One fact's address: its service, variant and attribute, and the id, anchor and label derived once."""

    service: Service
    variant: Variant | None
    key: str
    fact: Fact
    attribute: Attribute

    @property
    def item_id(self) -> str:  # "sqs" or "sqs.fifo"
        return f"{self.service.id}.{self.variant.id}" if self.variant else self.service.id

    @property
    def id(self) -> str:  # "sqs:retention", "sqs.fifo:ordering"
        return f"{self.item_id}:{self.key}"

    @property
    def ref(self) -> str:  # as a note names it: "retention", "fifo.ordering"
        return f"{self.variant.id}.{self.key}" if self.variant else self.key

    @property
    def anchor(self) -> str:
        return fact_anchor(self.key, self.variant.id if self.variant else None)

    @property
    def owner(self) -> str:  # "Amazon SQS" or "FIFO queue"
        return self.variant.name if self.variant else self.service.short_name

    @property
    def label(self) -> str:  # "Amazon SQS: Message retention"
        return f"{self.owner}: {self.attribute.label}"

    @property
    def value_text(self) -> str:
        return self.attribute.format(self.fact)

    @property
    def doc_path(self) -> str:
        return self.service.doc_path


class Registry:
    def __init__(self, catalog: Catalog, services: list[Service], foils: list[Foil] = (),
                 needs: dict[str, str] | None = None):
        self.catalog = catalog
        self.foils = {foil.id: foil for foil in foils}  # services outside the notes, offered as wrong choices
        self.needs = dict(needs or {})  # what a scenario can ask for -> what it means
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

    def fact_refs(self, service: Service) -> Iterator[FactRef]:
        """Every fact of a note as written (the service's own, then each variant's), addressed."""
        for variant, key, fact in service.own_facts():
            yield FactRef(service, variant, key, fact, self.attributes[key])

    def fact_ref(self, service: Service, ref: str) -> FactRef | None:
        """A note's fact by the name the note gives it: "retention" or "fifo.ordering"."""
        variant_id, _, key = ref.rpartition(".")
        variant = service.variants.get(variant_id) if variant_id else None
        facts = variant.facts if variant else (service.facts if not variant_id else {})
        if key not in facts:
            return None
        return FactRef(service, variant, key, facts[key], self.attributes[key])

    def role(self, name: str) -> str | None:
        return self.catalog.role(name)

    def choice_category(self, choice_id: str) -> str:
        return (self.services[choice_id] if choice_id in self.services else self.foils[choice_id]).category

    def choice_does(self, choice_id: str) -> set[str]:
        """The needs a note or foil meets (docs/_data/foils.yml)."""
        return set((self.services[choice_id] if choice_id in self.services else self.foils[choice_id]).does)

    def choice_name(self, choice_id: str) -> str:
        """The name an exam item shows for a service: a note's short name or a foil's name."""
        return self.services[choice_id].short_name if choice_id in self.services else self.foils[choice_id].name

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
