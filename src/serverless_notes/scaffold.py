"""A new service note with the required front matter and placeholders the validator rejects."""

from __future__ import annotations

from pathlib import Path

from .loader import SERVICES_DIR
from .model import PLACEHOLDER, UNIT_FAMILIES, Attribute, Catalog, is_slug


def new_note_text(catalog: Catalog, service_id: str, name: str, category: str, short_name: str | None = None) -> str:
    attributes = {key: attribute for key, attribute in catalog.attributes.items() if attribute.applies_to(category)}
    facts = "".join(
        f"  {key}:  # {attribute.description}\n"
        f"    value: \"{PLACEHOLDER}: {attribute.label.lower()}\"\n"
        + (f"    amount: {{number: {PLACEHOLDER}, unit: {_unit_hint(attribute)}}}  # the number, for the table\n"
           if attribute.is_quantity else "")
        + f"    source: {PLACEHOLDER}  # https://docs.aws.amazon.com/... page that states it\n"
        f"    checked: {PLACEHOLDER}  # the day you read that page, YYYY-MM-DD\n"
        f"    quote: \"{PLACEHOLDER}: the words of that page that state it\"\n"
        for key, attribute in attributes.items()
    )
    title = short_name or name
    return (
        "---\n"
        f"name: {name}\n"
        f"short_name: {title}\n"
        f"category: {category}\n"
        f"summary: \"{PLACEHOLDER}: one sentence saying what {title} is\"\n"
        f"aliases: []  # words a student might search for\n"
        "exam_scope:  # where the official exam guide lists the service (in_scope: false if it does not)\n"
        "  in_scope: true\n"
        f"  value: \"{PLACEHOLDER}: e.g. On the CLF-C02 in-scope services list\"\n"
        f"  source: {PLACEHOLDER}  # https://docs.aws.amazon.com/aws-certification/... the guide's page\n"
        f"  checked: {PLACEHOLDER}  # the day you read that page, YYYY-MM-DD\n"
        "# Give each fact from the official AWS page that states it; delete facts you cannot source.\n"
        "facts:\n"
        f"{facts}"
        "---\n\n"
        f"# {title}\n\n"
        + "".join(f"## {section}\n\n{PLACEHOLDER}: {hint}\n\n" for section, hint in (
            ("What it is", "the service and the problem it solves, in your own words."),
            ("When to use it", "typical situations."),
            ("When not to use it", "and what to use instead."),
            ("How it is priced", "what is billed, in words; no prices."),
            ("Key limits", "the limits that matter, each with a link to the AWS page."),
            ("Works well with", "links to the other notes, e.g. [AWS Lambda](lambda.md)."),
            ("Exam tips and traps", "a bullet list."),
        ))
    )


def _unit_hint(attribute: Attribute) -> str:
    """The unit to write, e.g. "bytes" or "messages, per: second"."""
    if attribute.kind in UNIT_FAMILIES:
        return next(iter(UNIT_FAMILIES[attribute.kind]))
    return f"{attribute.unit}, per: {attribute.per}"


def write_new_note(docs_dir: Path, catalog: Catalog, service_id: str, name: str, category: str,
                   short_name: str | None = None) -> Path:
    if not is_slug(service_id):
        raise ValueError(f"'{service_id}' is not a valid id; use lowercase letters, digits and hyphens, e.g. 'kinesis'")
    if category not in catalog.categories:
        raise ValueError(f"unknown category '{category}'; use one of {', '.join(catalog.categories)}")
    path = Path(docs_dir) / SERVICES_DIR / f"{service_id}.md"
    if path.exists():
        raise ValueError(f"{path} already exists; edit it instead")
    path.write_text(new_note_text(catalog, service_id, name, category, short_name), encoding="utf-8")
    return path
