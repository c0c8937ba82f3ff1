"""The shape of the data: the catalog (categories, attributes) and service notes.

The note schema is generated from the catalog, so an unknown attribute or category is a
schema error like any other, reported at its exact field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, TypeAdapter, create_model

AWS_DOC_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com")
PLACEHOLDER = "TODO"
SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"  # ids of services, variants, categories and pages
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG_PATTERN}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _aws_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or parts.hostname not in AWS_DOC_HOSTS:
        raise ValueError("not an https URL on an AWS documentation domain "
                         f"({' or '.join(AWS_DOC_HOSTS)}); cite the official AWS page that states the fact")
    return url


def _not_placeholder(text: str) -> str:
    if PLACEHOLDER in text:
        raise ValueError(f"still contains the placeholder '{PLACEHOLDER}'; replace it with real content")
    return text


def _not_in_future(day: date) -> date:
    if day > date.today():
        raise ValueError(f"{day.isoformat()} is in the future; use the date you read the AWS page (YYYY-MM-DD)")
    return day


AwsUrl = Annotated[str, AfterValidator(_aws_url)]
Prose = Annotated[Text, AfterValidator(_not_placeholder)]
CheckedDate = Annotated[date, AfterValidator(_not_in_future)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the catalog -------------------------------------------------------------------------

class Category(Strict):
    label: Text
    description: Text


class Attribute(Strict):
    label: Text
    description: Text
    type: Literal["text", "number", "boolean"] = "text"
    unit: Text | None = None
    categories: list[Text] = Field(min_length=1)

    def applies_to(self, category: str) -> bool:
        return "all" in self.categories or category in self.categories

    def format(self, fact: Fact) -> str:
        """A fact's value as readers see it: Yes/No for booleans, numbers with the unit."""
        if isinstance(fact.value, bool):
            return "Yes" if fact.value else "No"
        if isinstance(fact.value, float):
            text = f"{fact.value:,.0f}" if fact.value.is_integer() else f"{fact.value:,}"
            return f"{text} {self.unit}" if self.unit else text
        return str(fact.value)


class Catalog(Strict):
    categories: dict[Slug, Category] = Field(min_length=1)
    attributes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Attribute] = Field(min_length=1)


class ComparisonPage(Strict):
    """A generated comparison page, declared in docs/_data/comparisons.yml."""

    slug: Slug
    title: Text
    intro: Text
    items: list[Text] = Field(min_length=2)
    rows: list[Text] | None = None


ComparisonPages = TypeAdapter(list[ComparisonPage])


# --- service notes -----------------------------------------------------------------------

class Fact(Strict):
    value: Any
    source: AwsUrl
    checked: CheckedDate
    note: Prose | None = None
    exam_trap: Prose | None = None



VALUE_TYPES = {"text": Prose, "number": float, "boolean": bool}


class NoteSchema:
    """Pydantic models for a service note, generated from the catalog."""

    def __init__(self, catalog: Catalog):
        fact_fields: dict[str, Any] = {}
        for key, attribute in catalog.attributes.items():
            value_type = VALUE_TYPES[attribute.type]
            typed_fact = create_model(f"Fact_{key}", __base__=Fact, value=(value_type, ...))
            fact_fields[key] = (typed_fact | None, None)
        self.facts_model = create_model("Facts", __config__=ConfigDict(extra="forbid", frozen=True), **fact_fields)
        category_ids = tuple(catalog.categories)
        facts_model = self.facts_model

        class Variant(Strict):
            name: Prose
            summary: Prose | None = None
            facts: facts_model = facts_model()  # type: ignore[valid-type]

        class ServiceNote(Strict):
            name: Prose
            short_name: Prose
            category: Literal[category_ids]  # type: ignore[valid-type]
            summary: Prose
            aliases: list[Text] = []
            facts: facts_model  # type: ignore[valid-type]
            variants: dict[Slug, Variant] = {}

        self.note_model = ServiceNote


def present_facts(facts: BaseModel) -> dict[str, Fact]:
    """The facts a note actually gives, in catalog order."""
    return {key: fact for key, fact in facts if fact is not None}


FIELD_HELP = {
    "name": "the full AWS name, e.g. 'Amazon Simple Queue Service'",
    "short_name": "the short name used in tables, e.g. 'Amazon SQS'",
    "category": "one of the categories in docs/_data/catalog.yml",
    "summary": "one sentence saying what the service is",
    "facts": "a mapping of attribute keys to facts",
    "value": "the fact itself, e.g. '1 MiB'",
    "source": "the https URL of the AWS page that states the fact",
    "checked": "the date you read that page, as YYYY-MM-DD",
    "services": "the items to compare, e.g. 'services: [sqs, sns, mq]'",
}


def is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None
