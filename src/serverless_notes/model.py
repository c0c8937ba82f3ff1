"""The shape of the data: the catalog (categories, attributes) and service notes.

The note schema is generated from the catalog, so an unknown attribute or category is a
schema error like any other, reported at its exact field.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    TypeAdapter,
    create_model,
    model_validator,
)
from pydantic import Strict as StrictInput

from .limits import (
    MAX_ALIASES,
    MAX_ATTRIBUTES,
    MAX_CATEGORIES,
    MAX_COMPARISON_PAGES,
    MAX_CONCEPT_PHRASES,
    MAX_CONCEPTS,
    MAX_FORMER_VALUES,
    MAX_QUESTIONS,
    MAX_VARIANTS,
)
from .text_safety import check_visible

AWS_DOC_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com")
NOT_STATED = "not_stated"  # a fact's status when AWS documents no value: shown, and distinct from "not researched"
NOT_STATED_TEXT = "AWS does not state this"

# Pages that restate or announce AWS documentation rather than being it. Each rule: path prefix -> why.
# A fact cites a primary page (user or developer guide, API reference, FAQ, features or pricing page).
SECONDARY_SOURCES = {
    "docs.aws.amazon.com": {
        ("/sdkfor", "/sdk-for-", "/AWSJavaScriptSDK", "/cdk/api/", "/cli/", "/powershell/", "/sdkref/",
         "/code-library/"): "is an SDK, CDK or CLI reference",
        ("/AmazonS3/latest/dev/", "/AmazonS3/latest/developerguide/"):
            "is a legacy S3 path (the current guide is under /AmazonS3/latest/userguide/)",
    },
    "aws.amazon.com": {
        ("/premiumsupport/", "/knowledge-center/"): "is a Knowledge Center article, not the service documentation",
        ("/marketplace/", "/training/"): "is not service documentation",
    },
}
# What's New posts and blogs date a change: allowed in `previously`, not as the source of a current value.
ANNOUNCEMENTS = {"aws.amazon.com": ("/about-aws/whats-new/", "/blogs/")}
PLACEHOLDER = "TODO"
SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"  # ids of services, variants, categories and pages
MAX_ID_LENGTH = 64  # ids become file names (compare/<id>.html, practice/quiz/<id>/...): 255 bytes at most
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG_PATTERN}$", max_length=MAX_ID_LENGTH)]
MAX_ITEMS = 20  # services or variants in one comparison: wider tables are unreadable (and costly to build)
# Control characters and line breaks: data lands in titles, front matter, one-line Markdown and error lines.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    if CONTROL.search(text):
        raise ValueError("must be one line of plain text, without line breaks or control characters; "
                         "write it on one line (or as a folded '>-' block)")
    return check_visible(text)


def _no_tag(text: str) -> str:
    """Material copies a truncated navigation or footer title into a tooltip as HTML (`.md-ellipsis`):
    a '<' there would become markup on hover."""
    if "<" in text or ">" in text:
        raise ValueError("is shown in the navigation, where '<' and '>' could become markup; remove them")
    return text


# Strict: PyYAML builds bytes from `!!binary`, which pydantic would otherwise turn into text a reviewer cannot read.
Text = Annotated[str, StrictInput(), StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)]
NavTitle = Annotated[Text, AfterValidator(_no_tag)]  # a name the navigation shows


def _aws_url(url: str) -> str:
    """Exactly https://<AWS documentation host>/...: no user, port, backslash or space to hide another host."""
    parts = urlsplit(url)
    if (parts.scheme != "https" or parts.netloc not in AWS_DOC_HOSTS
            or any(char in url for char in "\\@") or CONTROL.search(url) or " " in url):
        raise ValueError("not an https URL on an AWS documentation domain "
                         f"({' or '.join(AWS_DOC_HOSTS)}); cite the official AWS page that states the fact")
    check_visible(url)
    for prefixes, why in SECONDARY_SOURCES.get(parts.hostname, {}).items():
        if parts.path.startswith(prefixes):
            raise ValueError(f"{why}; cite the primary AWS page that states the fact (a user or developer guide, "
                             "API reference, FAQ, features or pricing page)")
    return url


def _primary_url(url: str) -> str:
    url = _aws_url(url)
    parts = urlsplit(url)
    if parts.path.startswith(ANNOUNCEMENTS.get(parts.hostname or "", ())):
        raise ValueError("is a What's New post or blog, which dates a change but is not the reference for a "
                         "current value; cite the guide, FAQ or pricing page, and put the announcement under "
                         "'previously'")
    return url


def _not_placeholder(text: str) -> str:
    if PLACEHOLDER in text:
        raise ValueError(f"still contains the placeholder '{PLACEHOLDER}'; replace it with real content")
    return text


def _not_in_future(day: date) -> date:
    if day > date.today():
        raise ValueError(f"{day.isoformat()} is in the future; use the date you read the AWS page (YYYY-MM-DD)")
    return day


AwsUrl = Annotated[str, AfterValidator(_primary_url)]  # a current fact: primary documentation only
AnnouncementUrl = Annotated[str, AfterValidator(_aws_url)]  # a former value: an announcement is fine
Prose = Annotated[Text, AfterValidator(_not_placeholder)]
CheckedDate = Annotated[date, AfterValidator(_not_in_future)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the catalog -------------------------------------------------------------------------

class Category(Strict):
    label: NavTitle
    description: Text


class Attribute(Strict):
    label: Text
    description: Text
    type: Literal["text", "number", "boolean"] = "text"
    unit: Text | None = None
    categories: list[Text] = Field(min_length=1)
    # false: values read too alike across services ("fully managed", "serverless") to make fair wrong choices
    quiz: bool = True

    def applies_to(self, category: str) -> bool:
        return "all" in self.categories or category in self.categories

    def format(self, fact: Fact) -> str:
        """A fact's value as readers see it; a fact AWS does not state says so."""
        return NOT_STATED_TEXT if fact.status == NOT_STATED else self.format_value(fact.value)

    def format_value(self, value: Any) -> str:
        """Yes/No for booleans, numbers with the unit, text as it is."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, float):
            text = f"{value:,.0f}" if value.is_integer() else f"{value:,}"
            return f"{text} {self.unit}" if self.unit else text
        return str(value)


class Catalog(Strict):
    categories: dict[Slug, Category] = Field(min_length=1, max_length=MAX_CATEGORIES)
    attributes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Attribute] = Field(
        min_length=1, max_length=MAX_ATTRIBUTES)


class ComparisonPage(Strict):
    """A generated comparison page, declared in docs/_data/comparisons.yml."""

    slug: Slug
    title: NavTitle
    intro: Text
    items: list[Text] = Field(min_length=2, max_length=MAX_ITEMS)
    rows: list[Text] | None = None


ComparisonPages = TypeAdapter(Annotated[list[ComparisonPage], Field(max_length=MAX_COMPARISON_PAGES)])


class Concept(Strict):
    """A glossary concept (decoupling, fan-out, ...), declared in docs/_data/concepts.yml."""

    id: Slug
    term: Prose
    also: list[Text] = Field([], max_length=MAX_CONCEPT_PHRASES)  # other phrases in the notes that link to it
    definition: Prose
    source: AwsUrl
    checked: CheckedDate
    services: list[Slug] = []  # notes that explain it


Concepts = TypeAdapter(Annotated[list[Concept], Field(max_length=MAX_CONCEPTS)])


# --- service notes -----------------------------------------------------------------------

class FormerValue(Strict):
    """A value AWS has since changed: what it was, until when, and the page that announced the change."""

    value: Any
    until: CheckedDate  # the day AWS changed it
    source: AnnouncementUrl
    checked: CheckedDate
    note: Prose | None = None


class Fact(Strict):
    value: Any = None  # absent only when status is not_stated
    status: Literal["not_stated"] | None = None
    source: AwsUrl  # for a not_stated fact: the page that was checked
    checked: CheckedDate
    note: Prose | None = None
    exam_trap: Prose | None = None
    must_know: bool = False  # a fact a CLF-C02 candidate must know: boxes and study pages show it first
    previously: list[FormerValue] = Field([], max_length=MAX_FORMER_VALUES)  # newest first

    @model_validator(mode="after")
    def _value_matches_status(self) -> Fact:
        if self.status == NOT_STATED:
            if self.value is not None:
                raise ValueError("has both a value and 'status: not_stated'; keep the value and remove the status, "
                                 "or remove the value if AWS does not state it")
            if self.previously:
                raise ValueError("a fact AWS does not state has no former values; remove 'previously:'")
        elif self.value is None:
            raise ValueError("has no 'value:'; write the fact itself, e.g. '1 MiB', or 'status: not_stated' "
                             "with the page you checked if AWS does not state it")
        days = [former.until for former in self.previously]
        if days != sorted(days, reverse=True):
            raise ValueError("'previously' must list former values newest first (by 'until')")
        return self


class ExamScope(Strict):
    """Where the official exam guide lists the service (cited in every note)."""

    value: Prose
    source: AwsUrl
    checked: CheckedDate
    note: Prose | None = None


class WrittenQuestion(Strict):
    """A practice question written by hand in a note's front matter (`questions:`), sourced like a fact."""

    question: Prose
    answer: Prose
    wrong: list[Prose] = Field(min_length=1)  # wrong choices shown beside the answer
    explanation: Prose
    source: AwsUrl
    checked: CheckedDate

    @model_validator(mode="after")
    def _choices_differ(self) -> WrittenQuestion:
        seen = {_choice_key(self.answer)}
        for choice in self.wrong:
            if _choice_key(choice) in seen:
                raise ValueError(f"the choice {choice!r} appears twice (or repeats the answer); "
                                 "make every choice different")
            seen.add(_choice_key(choice))
        return self


def _choice_key(text: str) -> str:
    """Choices that only differ in case or spacing read as the same choice."""
    return " ".join(text.split()).casefold()


# Numbers are finite and not booleans: YAML reads `true`, `.nan` and `1e400` (infinity) as floats.
Number = Annotated[float, StrictInput(), AllowInfNan(False)]
VALUE_TYPES = {"text": Prose, "number": Number, "boolean": StrictBool}


class NoteSchema:
    """Pydantic models for a service note, generated from the catalog."""

    def __init__(self, catalog: Catalog):
        self.catalog = catalog
        fact_fields: dict[str, Any] = {}
        for key, attribute in catalog.attributes.items():
            value_type = VALUE_TYPES[attribute.type]
            former = create_model(f"FormerValue_{key}", __base__=FormerValue, value=(value_type, ...))
            typed_fact = create_model(f"Fact_{key}", __base__=Fact, value=(value_type | None, None),
                                      previously=(list[former], Field([], max_length=MAX_FORMER_VALUES)))
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
            short_name: Annotated[Prose, AfterValidator(_no_tag)]
            category: Literal[category_ids]  # type: ignore[valid-type]
            summary: Prose
            aliases: list[Text] = Field([], max_length=MAX_ALIASES)
            facts: facts_model  # type: ignore[valid-type]
            variants: dict[Slug, Variant] = Field({}, max_length=MAX_VARIANTS)
            exam_scope: ExamScope | None = None
            questions: list[WrittenQuestion] = Field([], max_length=MAX_QUESTIONS)

        self.note_model = ServiceNote


def meaning_problems(note: BaseModel, catalog: Catalog) -> list[tuple[tuple[str, ...], str]]:
    """What the schema cannot see: (location in the front matter, message) for each problem.

    Each attribute belongs to the note's category, and is given at one level only: on the
    service (shared by its variants) or on each variant, never both.
    """
    problems = []
    category = note.category
    own = present_facts(note.facts)
    places = [(("facts",), own)]
    places += [(("variants", vid, "facts"), present_facts(v.facts)) for vid, v in note.variants.items()]
    for loc, facts in places:
        for key in facts:
            if not catalog.attributes[key].applies_to(category):
                problems.append(((*loc, key), f"attribute '{key}' is not used by the category '{category}'; "
                                 "remove it, or add the category to its 'categories' in docs/_data/catalog.yml"))
            elif loc != ("facts",) and key in own:
                problems.append(((*loc, key), f"'{key}' is also given for the whole service under 'facts'; "
                                 "give it once: on the service if all variants share it, else on each variant"))
    return problems


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
    "until": "the day AWS changed the value, as YYYY-MM-DD",
    "services": "the items to compare, e.g. 'services: [sqs, sns, mq]'",
    "question": "the question text, e.g. 'Which service pushes messages to subscribers?'",
    "answer": "the right answer",
    "wrong": "a list of wrong choices, e.g. [Amazon SQS, Amazon MQ]",
    "explanation": "one or two sentences saying why the answer is right",
}


def is_slug(text: str) -> bool:
    return re.fullmatch(SLUG_PATTERN, text) is not None
