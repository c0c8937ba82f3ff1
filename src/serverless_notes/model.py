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
    MAX_SCENARIOS,
    MAX_VARIANTS,
)
from .text_safety import check_visible, fold

AWS_DOC_HOSTS = ("docs.aws.amazon.com", "aws.amazon.com")
# A fact's status, when it is not a plain value. Each reads differently from "No sourced fact yet" (not researched).
NOT_STATED = "not_stated"  # AWS's pages are silent: no value, the page that was checked
NOT_SUPPORTED = "not_supported"  # a sourced "no": `value` is what a student should read (and do instead)
NOT_APPLICABLE = "not_applicable"  # the question does not arise for this service: `note` says why
NOT_STATED_TEXT = "AWS does not state this"
NOT_APPLICABLE_TEXT = "Not applicable"
# Switch for the quote rule (`quote_problems`): every fact with a number, limit, price or date quotes its page.
REQUIRE_QUOTES = True

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


# Students read a fact's note, exam trap and former-value note (fact boxes, What changed, cards). Phrases
# about how a source was read make sense only to reviewers: they go in a '# For reviewers: ...' YAML comment.
REVIEWER_PHRASES = ("stored copy", "stored copies", "markdown copy", "verbatim cop", "for this note",
                    "could not be read", "read here", "readable here", "verify-sources", "search tool",
                    "build machine", "second source")
# A web address in text: with a scheme, "www.", or a bare domain followed by a path ("github.com/aws/...").
WEB_ADDRESS = re.compile(r"(?:https?://|www\.)[^\s'\"()<>]+|\b(?:[a-z0-9-]+\.)+[a-z]{2,}/[^\s'\"()<>]*",
                         re.IGNORECASE)
FOR_REVIEWERS = "move it to a '# For reviewers: ...' YAML comment above the fact"


def _for_students(text: str) -> str:
    folded = fold(text)
    for phrase in REVIEWER_PHRASES:
        if phrase in folded:
            raise ValueError(f"'{phrase}' is a note for reviewers (how a source was read), but students read "
                             f"this field; keep what a student needs in plain words and {FOR_REVIEWERS}")
    for address in WEB_ADDRESS.findall(text):
        host = urlsplit(address if "://" in address else f"https://{address}").hostname or ""
        if host not in AWS_DOC_HOSTS:
            raise ValueError(f"cites {address}, which is not an AWS page; an AWS page belongs in 'source:', "
                             f"any other citation is for reviewers: {FOR_REVIEWERS}")
    return text


AwsUrl = Annotated[str, AfterValidator(_primary_url)]  # a current fact: primary documentation only
AnnouncementUrl = Annotated[str, AfterValidator(_aws_url)]  # a former value: an announcement is fine
Prose = Annotated[Text, AfterValidator(_not_placeholder)]
StudentProse = Annotated[Prose, AfterValidator(_for_students)]  # read by students: no reviewer notes
CheckedDate = Annotated[date, AfterValidator(_not_in_future)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the catalog -------------------------------------------------------------------------

class Category(Strict):
    label: NavTitle
    description: Text


# What an attribute's values measure. A quantity kind's facts give `amount:` beside the text, in one unit
# family per attribute: a row of a table never compares bytes with seconds, or requests with messages.
# Units of sizes and durations convert within their family (the table shows binary units for sizes);
# rates, counts and prices count one thing (`unit`, e.g. messages) per one scope (`per`, e.g. second).
SIZE_UNITS = {"bytes": 1, "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12,
              "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40}
DURATION_UNITS = {"milliseconds": 0.001, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86400,
                  "years": 365 * 86400}
UNIT_FAMILIES = {"size": SIZE_UNITS, "duration": DURATION_UNITS}
QUANTITY_KINDS = ("size", "duration", "rate", "count", "price")
Kind = Literal["text", "boolean", "date", "size", "duration", "rate", "count", "price"]


class Amount(Strict):
    """A quantity beside a fact's text, e.g. {number: 1048576, unit: bytes, per: message, limit: hard}."""

    number: Annotated[float, StrictInput(), AllowInfNan(False), Field(ge=0)]
    unit: Text
    per: Text | None = None  # the scope: per message, per second, per account and Region, ...
    limit: Literal["hard", "default", "adjustable"] | None = None  # a quota: fixed, a default, or raisable


class Attribute(Strict):
    label: Text
    description: Text
    type: Literal["text", "number", "boolean"] = "text"
    kind: Kind = "text"
    unit: Text | None = None  # a number's unit; for a rate, count or price: what is counted (e.g. messages)
    per: Text | None = None  # for a rate, count or price: the scope every value shares (e.g. second)
    categories: list[Text] = Field(min_length=1)
    # false: values read too alike across services ("fully managed", "serverless") to make fair wrong choices
    quiz: bool = True
    # clf: what the CLF-C02 exam guide's task statements cover (what a service is for, choosing one, pricing,
    # management model, responsibility, security defaults); beyond: quotas and sub-product detail.
    # Only clf facts reach the practice exam and count as must-know on flashcards.
    exam_level: Literal["clf", "beyond"] = "beyond"

    @model_validator(mode="after")
    def _kind_has_units(self) -> Attribute:
        if self.kind in ("rate", "count", "price") and not (self.unit and self.per):
            raise ValueError(f"a {self.kind} says what it counts and per what, e.g. 'unit: messages' and "
                             "'per: second'; add 'unit:' and 'per:'")
        return self

    @property
    def is_quantity(self) -> bool:
        return self.kind in QUANTITY_KINDS

    @property
    def unit_text(self) -> str:
        """What every value of the row measures, e.g. "size", "messages per second"."""
        return self.kind if self.kind in UNIT_FAMILIES else f"{self.unit} per {self.per}"

    @property
    def amount_example(self) -> str:
        unit = {"size": "bytes, per: message", "duration": "seconds"}.get(self.kind, f"{self.unit}, per: {self.per}")
        return f"{{number: 1048576, unit: {unit}, limit: hard}}" if self.kind == "size" else \
            f"{{number: 300, unit: {unit}, limit: default}}"

    def amount_problem(self, amount: Amount) -> tuple[str, str] | None:
        """(field, message) when `amount` does not measure what this attribute's row measures."""
        if not self.is_quantity:
            return "amount", (f"the attribute is {self.kind}, not a quantity; remove 'amount:', or declare its "
                              "'kind:' in docs/_data/catalog.yml")
        family = UNIT_FAMILIES.get(self.kind)
        if family is not None:
            if amount.unit not in family:
                return "unit", (f"'{amount.unit}' is not a {self.kind} unit, and this row compares {self.kind}s; "
                                f"use one of {', '.join(family)}, or give the value under another attribute")
        elif amount.unit != self.unit or amount.per != self.per:
            given = f"{amount.unit} per {amount.per}" if amount.per else amount.unit
            return ("unit" if amount.unit != self.unit else "per"), (
                f"'{given}' mixes kinds: this row compares {self.unit_text}; convert the value, or give it "
                "under an attribute that measures that (declare one in docs/_data/catalog.yml)")
        return None

    def applies_to(self, category: str) -> bool:
        return "all" in self.categories or category in self.categories

    def format(self, fact: Fact) -> str:
        """A fact's value as readers see it; a status says what kind of answer it is."""
        if fact.status == NOT_STATED:
            return NOT_STATED_TEXT
        if fact.status == NOT_APPLICABLE:
            return f"{NOT_APPLICABLE_TEXT}: {fact.note}"
        return self.format_value(fact.value)  # a sourced "no" is written to start with it: "No server-side ..."

    def format_amount(self, amount: Amount) -> str:
        """The amount in the row's one unit family: binary units for sizes, the largest whole time unit."""
        family = UNIT_FAMILIES.get(self.kind)
        if family is None:
            text = _number(amount.number)
            return f"{text} {amount.unit} per {amount.per}" if amount.per else f"{text} {amount.unit}"
        base = amount.number * family[amount.unit]
        if self.kind == "size":
            units = [("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10), ("bytes", 1)]
        else:
            units = [("days", 86400), ("hours", 3600), ("minutes", 60), ("seconds", 1), ("milliseconds", 0.001)]
        # Sizes: the largest binary unit that fits (128 MB is "about 122.07 MiB", not "125,000 KiB").
        # Durations: the largest unit that divides exactly (90 seconds stays 90 seconds).
        name, size = next(((n, s) for n, s in units if base >= s and (self.kind == "size" or (base / s).is_integer())),
                          units[-1])
        if (base / size).is_integer():
            text = f"{_number(base / size)} {name}"
            if base / size == 1 and name.endswith("s"):
                text = text[:-1]  # "1 day", "1 byte"
        else:  # not a whole unit (AWS's "5 GB"): AWS's own figure first, then what it comes to
            text = f"{_number(amount.number)} {amount.unit} (about {_number(round(base / size, 2))} {name})"
        return f"{text} per {amount.per}" if amount.per else text

    def format_value(self, value: Any) -> str:
        """Yes/No for booleans, numbers with the unit, text as it is."""
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, float):
            text = _number(value)
            return f"{text} {self.unit}" if self.unit else text
        return str(value)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


# Roles code relies on, each played by one attribute the catalog names (so renaming an attribute never
# silently drops what depends on it): the loader checks that every role names a declared attribute.
ROLES = {"scenario": "the attribute whose value is the situation a service is chosen for (e.g. use_when)"}
ExamLevel = Literal["clf", "beyond"]


class Catalog(Strict):
    categories: dict[Slug, Category] = Field(min_length=1, max_length=MAX_CATEGORIES)
    roles: dict[Literal[tuple(ROLES)], Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]] = {}  # type: ignore[valid-type]
    attributes: dict[Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")], Attribute] = Field(
        min_length=1, max_length=MAX_ATTRIBUTES)

    def role(self, name: str) -> str | None:
        """The attribute key that plays a role (see ROLES), or None if the catalog gives it to none."""
        if name not in ROLES:
            raise KeyError(f"unknown catalog role {name!r}; roles: {', '.join(ROLES)}")
        return self.roles.get(name)


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
    definition: StudentProse
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
    note: StudentProse | None = None


class Fact(Strict):
    value: Any = None  # absent when AWS does not state it, or it does not apply
    amount: Amount | None = None  # a quantity attribute's value as number, unit and scope
    status: Literal["not_stated", "not_supported", "not_applicable"] | None = None
    source: AwsUrl  # for a not_stated fact: the page that was checked
    checked: CheckedDate
    quote: Prose | None = None  # the source page's own words that state the fact, verbatim
    note: StudentProse | None = None
    exam_trap: StudentProse | None = None
    must_know: bool = False  # a fact a CLF-C02 candidate must know: boxes and study pages show it first
    previously: list[FormerValue] = Field([], max_length=MAX_FORMER_VALUES)  # newest first
    quote: Prose | None = None  # the source page's own words that state the fact, verbatim

    @property
    def has_value(self) -> bool:
        """A value to show, ask and learn: a plain value or a sourced "no" (not_supported)."""
        return self.status in (None, NOT_SUPPORTED)

    @model_validator(mode="after")
    def _value_matches_status(self) -> Fact:
        if self.status in (NOT_STATED, NOT_APPLICABLE):
            if self.value is not None or self.amount is not None:
                raise ValueError(f"has both a value and 'status: {self.status}'; keep the value and remove the "
                                 "status, or remove the value (and amount)")
            if self.previously:
                raise ValueError(f"a fact with 'status: {self.status}' has no former values; remove 'previously:'")
            if self.status == NOT_APPLICABLE and not self.note:
                raise ValueError("'status: not_applicable' needs a 'note:' saying why the question does not arise, "
                                 "e.g. 'A queue delivers each message to one consumer'")
        elif self.value is None:
            raise ValueError("has no 'value:'; write the fact itself, e.g. '1 MiB', or 'status: not_stated' "
                             "with the page you checked if AWS does not state it")
        elif self.status == NOT_SUPPORTED:
            if self.amount is not None:
                raise ValueError("a 'not_supported' fact has no amount; remove 'amount:'")
            if not str(self.value).lower().startswith("no"):
                raise ValueError("a 'not_supported' value starts with the no, then says what to do instead, e.g. "
                                 "'No server-side filtering: filter with SNS subscription filter policies'")
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
    note: StudentProse | None = None


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
    # Choose TWO: why EACH key fits this situation (use id -> reason), so each right choice has its own note.
    why_each: dict[Slug, Prose] = {}
    trap: Prose | None = None  # for an avoid-when: why the note's own service is not the answer
    distractors: dict[Slug, Prose] = {}  # plausible wrong choice (note or foil id) -> why it is wrong here
    facts: list[FactKey] = []  # the note's facts it rests on: "use_when" or "fifo.ordering"
    source: AwsUrl | None = None  # default: the first fact's source
    checked: CheckedDate | None = None
    # beyond: the item hinges on one associate-level feature (authorizer types, direct service integrations,
    # request validation, pricing details); it stays a quiz item, out of the practice exam's pool.
    exam_level: ExamLevel = "clf"

    @model_validator(mode="after")
    def _sourced(self) -> Scenario:
        if self.source is None and not self.facts:
            raise ValueError("has neither 'source' nor 'facts'; cite the AWS page (source and checked) or name the "
                             "note's facts it rests on")
        if (self.source is None) != (self.checked is None):
            raise ValueError("give 'source' and 'checked' together (the AWS page and the date you read it)")
        if len(set(self.use)) != len(self.use):
            raise ValueError("'use' names the same service twice")
        if len(self.use) == 2 and set(self.why_each) != set(self.use):
            raise ValueError(f"a Choose TWO scenario needs 'why_each' with one reason per service in 'use' "
                             f"({', '.join(self.use)}): why THAT service fits this situation")
        if len(self.use) == 1 and self.why_each:
            raise ValueError("'why_each' is for Choose TWO scenarios (two services in 'use'); say it in 'why'")
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
    right_notes: list[Prose] = []  # Choose TWO: why each right answer (answer, also) is right, one note each
    explanation: Prose
    facts: list[FactKey] = []
    exam_level: ExamLevel = "clf"
    source: AwsUrl
    checked: CheckedDate

    @model_validator(mode="after")
    def _choices_differ(self) -> WrittenQuestion:
        if self.wrong_notes and len(self.wrong_notes) != len(self.wrong):
            raise ValueError("'wrong_notes' must give one note per entry of 'wrong', in the same order")
        if self.also and len(self.right_notes) != 2:
            raise ValueError("a Choose TWO question needs 'right_notes': two notes, why 'answer' and why 'also' "
                             "is right, each on its own")
        if not self.also and self.right_notes:
            raise ValueError("'right_notes' is for Choose TWO questions (with 'also'); say it in 'explanation'")
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
    """Pydantic models for a service note, generated from the catalog (`NoteSchema.of`: once per catalog)."""

    @classmethod
    def of(cls, catalog: Catalog) -> NoteSchema:
        """The schema of this catalog, generated the first time (a hundred models: about 0.15 s per build)."""
        key = catalog.model_dump_json()  # an edited catalog (`mkdocs serve`) gets a schema of its own
        if key not in _SCHEMAS:
            if len(_SCHEMAS) >= 4:
                _SCHEMAS.clear()
            _SCHEMAS[key] = cls(catalog)
        return _SCHEMAS[key]

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
            does: list[Slug] = []  # the needs (declared in docs/_data/foils.yml) this service meets
            scenarios: list[Scenario] = Field([], max_length=MAX_SCENARIOS)
            exam_scope: ExamScope | None = None
            facts: facts_model  # type: ignore[valid-type]
            variants: dict[Slug, Variant] = Field({}, max_length=MAX_VARIANTS)
            questions: list[WrittenQuestion] = Field([], max_length=MAX_QUESTIONS)

        self.note_model = ServiceNote


_SCHEMAS: dict[str, NoteSchema] = {}  # catalog JSON -> its schema


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
        for key, fact in facts.items():
            attribute = catalog.attributes[key]
            if fact.amount is not None and (wrong := attribute.amount_problem(fact.amount)):
                field, message = wrong
                problems.append(((*loc, key, "amount", *([field] if field != "amount" else [])), message))
            elif fact.amount is not None and not amount_in_text(fact.amount, str(fact.value),
                                                                UNIT_FAMILIES.get(attribute.kind)):
                problems.append(((*loc, key, "amount", "number"), f"{_number(fact.amount.number)} is not in the value "
                                 f"'{fact.value}'; change the value and its amount together (the value keeps AWS's "
                                 "wording, the amount the same number)"))
            elif (attribute.is_quantity and fact.status is None and fact.amount is None
                  and any(char.isdigit() for char in str(fact.value))):  # "Nearly unlimited" has no number to give
                problems.append(((*loc, key, "value"), f"'{attribute.label}' is a {attribute.kind}: give the number "
                                 f"on the line after 'value:', e.g. 'amount: {attribute.amount_example}'"))
            if not attribute.applies_to(category):
                problems.append(((*loc, key), f"attribute '{key}' is not used by the category '{category}'; "
                                 "remove it, or add the category to its 'categories' in docs/_data/catalog.yml"))
            elif loc != ("facts",) and key in own:
                problems.append(((*loc, key), f"'{key}' is also given for the whole service under 'facts'; "
                                 "give it once: on the service if all variants share it, else on each variant"))
    return problems


def amount_in_text(amount: Amount, text: str, family: dict[str, float] | None = None) -> bool:
    """Whether a value's text states its amount, so the two cannot drift apart: the number in its own unit
    or any unit of its family ("1 MiB" for 1,048,576 bytes), with or without separators, or in millions;
    a text without digits ("Per second") has nothing to disagree with."""
    if not any(char.isdigit() for char in text):
        return True
    base = amount.number * (family or {}).get(amount.unit, 1)
    numbers = {amount.number} | {base / size for size in (family or {}).values() if (base / size).is_integer()}
    forms = set()
    for number in numbers:
        forms |= {_number(number), _number(number).replace(",", "")}
        forms |= {f"{_number(number / size)} {word}" for word, size in (("million", 10**6), ("billion", 10**9))
                  if number >= size}
    return any(re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d]|[.,]\d)", text) for form in forms)


def needs_quote(fact: Fact, attribute: Attribute) -> bool:
    """A fact that states a number, limit, price or date: a quantity or date attribute, or digits in its value."""
    if not fact.has_value:
        return False
    digits = any(char.isdigit() for char in str(fact.value))
    if fact.status is not None:  # a sourced "no" on a quantity row states no quantity unless it names one
        return digits
    return attribute.is_quantity or attribute.kind == "date" or digits


def present_facts(facts: BaseModel) -> dict[str, Fact]:
    """The facts a note actually gives, in catalog order (the model's fields are the catalog's, in its order;
    its __dict__ is read directly, as iterating a model with a hundred fields is slow at a thousand notes)."""
    return {key: fact for key, fact in vars(facts).items() if fact is not None}


FIELD_HELP = {
    "name": "the full AWS name, e.g. 'Amazon Simple Queue Service'",
    "short_name": "the short name used in tables, e.g. 'Amazon SQS'",
    "category": "one of the categories in docs/_data/catalog.yml",
    "summary": "one sentence saying what the service is",
    "facts": "a mapping of attribute keys to facts",
    "value": "the fact itself, e.g. '1 MiB'",
    "quote": "the words on the source page that state the fact, copied verbatim",
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
