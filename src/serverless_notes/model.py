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
Slug = Annotated[str, StringConstraints(pattern=rf"^{SLUG_PATTERN}$")]
MAX_ITEMS = 20  # services or variants in one comparison: wider tables are unreadable (and costly to build)
# Control characters and line breaks: data lands in titles, front matter, one-line Markdown and error lines.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    if CONTROL.search(text):
        raise ValueError("must be one line of plain text, without line breaks or control characters; "
                         "write it on one line (or as a folded '>-' block)")
    return text


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_one_line)]


def _aws_url(url: str) -> str:
    """Exactly https://<AWS documentation host>/...: no user, port, backslash or space to hide another host."""
    parts = urlsplit(url)
    if (parts.scheme != "https" or parts.netloc not in AWS_DOC_HOSTS
            or any(char in url for char in "\\@") or CONTROL.search(url) or " " in url):
        raise ValueError("not an https URL on an AWS documentation domain "
                         f"({' or '.join(AWS_DOC_HOSTS)}); cite the official AWS page that states the fact")
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
    label: Text
    description: Text


class Attribute(Strict):
    label: Text
    description: Text
    type: Literal["text", "number", "boolean"] = "text"
    unit: Text | None = None
    categories: list[Text] = Field(min_length=1)
    # false: values read too alike across services ("fully managed", "serverless") to make fair wrong choices
    quiz: bool = True
    # clf: what the CLF-C02 exam guide's task statements cover (what a service is for, choosing one, pricing,
    # management model, responsibility, security defaults); beyond: quotas and sub-product detail.
    # Only clf facts reach the practice exam and count as must-know on flashcards.
    exam_level: Literal["clf", "beyond"] = "beyond"

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


# Roles code relies on, each played by one attribute the catalog names (so renaming an attribute never
# silently drops what depends on it): the loader checks that every role names a declared attribute.
ROLES = {"scenario": "the attribute whose value is the situation a service is chosen for (e.g. use_when)"}
ExamLevel = Literal["clf", "beyond"]


class Catalog(Strict):
    categories: dict[Slug, Category] = Field(min_length=1)
    roles: dict[Literal[tuple(ROLES)], Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]] = {}  # type: ignore[valid-type]
    attributes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Attribute] = Field(min_length=1)

    def role(self, name: str) -> str | None:
        """The attribute key that plays a role (see ROLES), or None if the catalog gives it to none."""
        if name not in ROLES:
            raise KeyError(f"unknown catalog role {name!r}; roles: {', '.join(ROLES)}")
        return self.roles.get(name)


class ComparisonPage(Strict):
    """A generated comparison page, declared in docs/_data/comparisons.yml."""

    slug: Slug
    title: Text
    intro: Text
    items: list[Text] = Field(min_length=2, max_length=MAX_ITEMS)
    rows: list[Text] | None = None


ComparisonPages = TypeAdapter(list[ComparisonPage])


class Concept(Strict):
    """A glossary concept (decoupling, fan-out, ...), declared in docs/_data/concepts.yml."""

    id: Slug
    term: Prose
    also: list[Text] = []  # other phrases in the notes that link to it
    definition: Prose
    source: AwsUrl
    checked: CheckedDate
    services: list[Slug] = []  # notes that explain it


Concepts = TypeAdapter(list[Concept])


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
    previously: list[FormerValue] = []  # newest first

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

    in_scope: StrictBool = True  # false: not on the CLF-C02 in-scope list, kept out of the practice exam
    value: Prose
    source: AwsUrl
    checked: CheckedDate
    note: Prose | None = None


FactKey = Annotated[str, StringConstraints(pattern=rf"^({SLUG_PATTERN}\.)?[a-z][a-z0-9_]*$")]  # key or variant.key


class Scenario(Strict):
    """An exam situation in a note (`scenarios:`): "A company wants to ..." and the service(s) to use.

    `use` names one service ("Which AWS service should it use?") or two ("Choose TWO"), by note id
    or foil id (docs/_data/foils.yml). A scenario whose `use` leaves out the note's own service is an
    avoid-when: the note's service is the tempting wrong choice, and `trap` says why it is wrong.
    `needs` are what the situation asks for (declared in foils.yml): every key does one, no wrong
    choice does any, which is how the generator keeps a wrong choice from also fitting.
    `distractors` are the wrong choices a student could believe here, closest first, each with why it
    is wrong FOR THIS situation (note or foil id -> reason); the generator offers them first.
    """

    situation: Prose
    use: list[Slug] = Field(min_length=1, max_length=2)
    needs: list[Slug] = Field(min_length=1, max_length=2)
    why: Prose  # why the key is right, in the exam's plain words
    trap: Prose | None = None  # for an avoid-when: why the note's own service is not the answer
    distractors: dict[Slug, Prose] = {}  # plausible wrong choice (note or foil id) -> why it is wrong here
    facts: list[FactKey] = []  # the note's facts it rests on: "use_when" or "fifo.ordering"
    source: AwsUrl | None = None  # default: the first fact's source
    checked: CheckedDate | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Scenario:
        if self.source is None and not self.facts:
            raise ValueError("has neither 'source' nor 'facts'; cite the AWS page (source and checked) or name the "
                             "note's facts it rests on")
        if (self.source is None) != (self.checked is None):
            raise ValueError("give 'source' and 'checked' together (the AWS page and the date you read it)")
        if len(set(self.use)) != len(self.use):
            raise ValueError("'use' names the same service twice")
        return self


class WrittenQuestion(Strict):
    """A practice question written by hand in a note's front matter (`questions:`), sourced like a fact.

    It becomes the same Question as a generated one: `also` makes it a "Choose TWO" item, `wrong_notes`
    say why each wrong choice is wrong (one per entry of `wrong`).
    """

    question: Prose
    answer: Prose
    also: Prose | None = None  # a second right answer: the item asks "Choose TWO"
    wrong: list[Prose] = Field(min_length=1)  # wrong choices shown beside the answer
    wrong_notes: list[Prose] = []
    explanation: Prose
    facts: list[FactKey] = []
    exam_level: ExamLevel = "clf"
    source: AwsUrl
    checked: CheckedDate

    @model_validator(mode="after")
    def _choices_differ(self) -> WrittenQuestion:
        if self.wrong_notes and len(self.wrong_notes) != len(self.wrong):
            raise ValueError("'wrong_notes' must give one note per entry of 'wrong', in the same order")
        seen = {_choice_key(self.answer)} | ({_choice_key(self.also)} if self.also else set())
        if self.also and len(seen) == 1:
            raise ValueError("'also' repeats the answer; a Choose TWO item needs two different right answers")
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
                                      previously=(list[former], []))
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
            does: list[Slug] = []  # the needs (declared in docs/_data/foils.yml) this service meets
            scenarios: list[Scenario] = []
            exam_scope: ExamScope | None = None
            facts: facts_model  # type: ignore[valid-type]
            variants: dict[Slug, Variant] = {}
            questions: list[WrittenQuestion] = []

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


# --- the foils: AWS services the exam offers as wrong choices (docs/_data/foils.yml) --------------

class Foil(Strict):
    """A service outside the notes that exam items use as a distractor, with why it is something else."""

    id: Slug
    name: Prose  # as the exam writes it, e.g. "Amazon EC2"
    category: Slug  # the catalog category it is confused with
    does: list[Slug] = Field(min_length=1)  # needs it meets (so it is never wrong where one is asked)
    description: Prose  # one line: what it is, so an explanation can say why it is not the answer
    source: AwsUrl
    checked: CheckedDate


class FoilCatalog(Strict):
    needs: dict[Slug, Prose] = Field(min_length=1)  # what a situation can ask for -> what that means
    foils: list[Foil] = []
