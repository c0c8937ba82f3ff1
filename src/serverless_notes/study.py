"""Study mode: practice questions, flashcards, the "which service?" guide and the exam traps, from the facts.

Everything here is derived from the validated registry, deterministically: the same notes give the
same bank, with the same ids (hashes of what a question is about, never of its position), so
progress a student keeps in the browser survives rebuilds. No MkDocs imports.

Kinds of question (KINDS: one small function each, service -> questions):
- scenario: a note's `scenarios:` entry with one service to use: "A company wants to ... Which AWS
  service should it use?"; wrong choices are services and foils (docs/_data/foils.yml) that meet none
  of the needs the situation asks for, so no wrong choice also fits.
- multi: a scenario with two services to use: "Which TWO ...? (Choose TWO.)", five choices.
- fact: "What is the message retention of Amazon SQS?"; wrong choices are the attribute's values
  elsewhere and the fact's former values. Category quizzes only: never in the practice exam.
- written: hand-written in a note's `questions:` list.

The practice exam draws from a blueprint (`in_practice_exam`): clf items on in-scope services only,
balanced so no note holds more than MAX_SERVICE_SHARE of the pool.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter

from .model import Scenario
from .registry import FactRef, Item, Registry, Service

CHOICES = 4  # the right answer and three wrong ones, as in the exam
MULTI_CHOICES = 5  # "Choose TWO": two right answers and three wrong ones
SIMILAR = 0.6  # texts sharing this share of their words (Jaccard index) count as the same choice
CANDIDATES_TRIED = 40  # wrong choices looked at per question, at most: the bank stays linear in the notes
POOL_KINDS = ("scenario", "multi", "written")  # what the practice exam asks: situations, not label lookups
MAX_SERVICE_SHARE = 0.20  # of the practice pool, per note
MAX_KEY_SHARE = 0.15  # of the practice pool, per key: a 30-item draw holds one service as the key ~4 times at most
ASK_ONE = "Which AWS service should it use?"  # what a scenario's stem asks after its situation
ASK_TWO = "Which TWO AWS services should it use? (Choose TWO.)"


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # scenario | multi | fact | written
    stem: str
    choices: tuple[str, ...]  # in display order, shuffled by the question's id
    answers: tuple[int, ...]  # indexes of the right choices (two for "Choose TWO")
    explanation: str  # why the key is right, then why the closest wrong choice is not
    choice_notes: tuple[str, ...]  # one per choice: why it is right or wrong
    services: tuple[str, ...]  # the services the item is about, its keys first (note or foil ids)
    facts: tuple[str, ...]  # ids of the facts it rests on (FactRef.id)
    category: str
    exam_level: str  # clf | beyond
    in_practice_exam: bool
    note_path: str  # the note (path relative to docs/) and the anchor of the fact's row
    note_anchor: str
    note_label: str  # what the note link points at, e.g. "Amazon SQS: Maximum message size"
    source: str  # the AWS page that proves the answer
    service_id: str = ""  # the note it comes from
    choice_ids: tuple[str, ...] = ()  # for service choices: the note or foil id of each choice
    needs: tuple[str, ...] = ()  # for a scenario: what the situation asks for (docs/_data/foils.yml)

    @property
    def right_answer(self) -> str:
        return self.choices[self.answers[0]]

    @property
    def right_answers(self) -> tuple[str, ...]:
        return tuple(self.choices[index] for index in self.answers)

    @property
    def keys(self) -> frozenset[str]:
        """The ids of the services it keys (`services` lists them first)."""
        return frozenset(self.services[:len(self.answers)])


@dataclass(frozen=True)
class Flashcard:
    id: str
    service_id: str
    category: str
    front: str  # "Amazon SQS: Maximum message size", or a situation for a reverse card
    back: str  # the value as the tables show it, or the service to use
    details: str  # the fact's note, former values, exam trap; for a reverse card, why
    note_path: str
    note_anchor: str
    source: str
    checked: str
    must_know: bool  # the fact's attribute is on the exam (exam_level clf)
    exam_level: str = "beyond"
    reverse: bool = False  # situation -> service, from a scenario
    tags: tuple[str, ...] = ()  # service, category, exam level, must-know: Anki tags


@dataclass
class StudyBank:
    questions: list[Question]
    cards: list[Flashcard]
    skipped: Counter = field(default_factory=Counter)  # reason -> number of questions not made

    def __post_init__(self) -> None:
        # Indexes, so pages that list every service's questions stay linear in the notes.
        self._by_service: dict[str, list[Question]] = {}
        self._by_category: dict[str, list[Question]] = {}
        self._cards_by_category: dict[str, list[Flashcard]] = {}
        for question in self.questions:
            self._by_service.setdefault(question.service_id, []).append(question)
            self._by_category.setdefault(question.category, []).append(question)
        for card in self.cards:
            self._cards_by_category.setdefault(card.category, []).append(card)

    def questions_for(self, service_id: str | None = None, category: str | None = None) -> list[Question]:
        if service_id is not None:
            return [q for q in self._by_service.get(service_id, []) if category is None or q.category == category]
        return list(self._by_category.get(category, [])) if category is not None else list(self.questions)

    def cards_for(self, category: str) -> list[Flashcard]:
        return list(self._cards_by_category.get(category, []))

    @property
    def practice_pool(self) -> list[Question]:
        return [question for question in self.questions if question.in_practice_exam]

    def summary(self) -> str:
        """The one line the build logs: counts per kind, and what was skipped and why."""
        kinds = Counter(q.kind for q in self.questions)
        made = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        skipped = "; ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        return (f"Study bank: {len(self.questions)} questions ({made or 'none'}; {len(self.practice_pool)} in the "
                f"practice exam), {len(self.cards)} flashcards"
                + (f"; skipped {sum(self.skipped.values())}: {skipped}" if self.skipped else ""))


def stable_id(*parts: str) -> str:
    """An id from what a thing is about (service, attribute, kind), not from where it sits in a list."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@functools.lru_cache(maxsize=65536)  # the same pairs meet in many questions
def _same_text(a: str, b: str) -> bool:
    """Whether two choices say the same thing: equal, nearly the same words, or the same opening claim.

    "Fully managed: X" and "Fully managed: Y", or "Nearly unlimited API calls" and "Nearly unlimited messages",
    make one claim, so neither can be the wrong choice for the other.
    """
    a, b = _normal(a), _normal(b)
    if a == b or _headline(a) == _headline(b):
        return True
    # "1 MiB" and "256 KiB by default; up to 1 MiB": a figure one opens with, found in the other
    if any(re.search(r"\d", h) and h in other for h, other in ((_headline(a), b), (_headline(b), a))):
        return True
    words_a, words_b = _word_set(a), _word_set(b)
    return len(words_a & words_b) >= SIMILAR * len(words_a | words_b)


@functools.lru_cache(maxsize=65536)
def _word_set(text: str) -> frozenset[str]:
    return frozenset(_words(text))


@functools.lru_cache(maxsize=65536)
def _headline(text: str) -> str:
    """The claim a value opens with: its text before the first ':', ';', ',' or '(', at most two words."""
    return " ".join(re.split(r"[:;,(]", text, maxsplit=1)[0].split()[:2])


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


def _rotated(values: list, seed: str) -> Iterator:
    """The list, lazily, from a point chosen by `seed`: a fair, deterministic spread of wrong choices."""
    if not values:
        return iter(())
    start = int(seed[:8], 16) % len(values)
    return itertools.chain(itertools.islice(values, start, None), itertools.islice(values, start))


def _shuffled(question_id: str, entries: list[tuple]) -> list[tuple]:
    """Choices in an order chosen by the question's id (stable across builds, different per question)."""
    return sorted(entries, key=lambda entry: stable_id(question_id, entry[0]))


def _pick_wrong(right: str, candidates, needed: int = CHOICES - 1, same=_same_text) -> list:
    """The first `needed` candidates (text, note) that differ from the answer and from each other."""
    picked: list = []
    for text, note in itertools.islice(candidates, CANDIDATES_TRIED):
        if not same(text, right) and not any(same(text, other) for other, _ in picked):
            picked.append((text, note))
            if len(picked) == needed:
                break
    return picked


def names_in(text: str, name: str) -> bool:
    """Whether `text` names a service: its name, or the name without "Amazon"/"AWS" ("SQS"), as whole words."""
    names = {name, _strip_vendor(name)}
    return any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text, re.IGNORECASE) for n in names if n)


def _strip_vendor(name: str) -> str:
    return re.sub(r"^(Amazon|AWS)\s+", "", name)


def describe(registry: Registry, choice_id: str) -> str:
    """The generic line on what a service is (its summary or foil description): true everywhere, so it
    never says why a choice is wrong for one situation (bank_checks refuses it as a pool item's note)."""
    if choice_id in registry.services:
        service = registry.services[choice_id]
        return f"{service.short_name}: {service.summary}"
    foil = registry.foils[choice_id]
    return f"{foil.name}: {foil.description}"


@dataclass
class _Context:
    """What every kind of question reads: the registry, the pools of wrong choices, what was skipped."""

    registry: Registry
    skipped: Counter = field(default_factory=Counter)
    # attribute -> category -> [(item id, formatted value)]: the pool of wrong values
    values: dict[str, dict[str, list[tuple[str, str]]]] = field(default_factory=dict)
    variant_values: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    # category -> ids of notes (in exam scope) and foils: the services a student confuses
    services_by_category: dict[str, list[str]] = field(default_factory=dict)
    foils_by_category: dict[str, list[str]] = field(default_factory=dict)
    became_note: dict[str, str] = field(default_factory=dict)  # foil id -> the note that now stands for it
    by_name: dict[str, str] = field(default_factory=dict)  # the name a question shows -> its note or foil id

    def __post_init__(self) -> None:
        registry = self.registry
        # Once per bank, not per note: every written question looks its choices up here.
        self.by_name = {registry.choice_name(choice): choice for choice in [*registry.services, *registry.foils]}
        for service in registry.services.values():
            for ref in registry.fact_refs(service):
                if not ref.fact.has_value:
                    continue
                entry = (ref.item_id, ref.value_text)
                self.values.setdefault(ref.key, {}).setdefault(service.category, []).append(entry)
                if ref.variant is not None:
                    self.variant_values.setdefault((ref.key, service.id), []).append(entry)
            if service.in_exam_scope:
                self.services_by_category.setdefault(service.category, []).append(service.id)
        # A foil that has since become a note (same name) is offered as the note, never twice.
        noted = {_normal(name): service.id for service in registry.services.values()
                 for name in (service.name, service.short_name, _strip_vendor(service.short_name))}
        for foil in registry.foils.values():
            note = next((noted[n] for n in (_normal(foil.name), _normal(_strip_vendor(foil.name))) if n in noted), None)
            if note is None:
                self.foils_by_category.setdefault(foil.category, []).append(foil.id)
            else:
                self.became_note[foil.id] = note

    def does(self, choice_id: str) -> set[str]:
        return self.registry.choice_does(choice_id)

    def describe(self, choice_id: str) -> str:
        return describe(self.registry, choice_id)

    def in_scope(self, choice_id: str) -> bool:
        return choice_id not in self.registry.services or self.registry.services[choice_id].in_exam_scope

    def confusable(self, category: str, seed: str) -> Iterator[str]:
        """Fillers when a scenario declares too few distractors: a foil and a note of the key's category in
        turn, then the rest."""
        foils = list(_rotated(self.foils_by_category.get(category, []), seed))
        notes = list(_rotated(self.services_by_category.get(category, []), seed[4:]))
        for pair in itertools.zip_longest(foils, notes):
            yield from (choice for choice in pair if choice)
        others = sorted({choice for ids in (*self.foils_by_category.values(), *self.services_by_category.values())
                         for choice in ids})
        yield from _rotated(others, seed[2:])


# --- the kinds of question: one small function each -------------------------------------------------

def scenario_questions(ctx: _Context, service: Service) -> list[Question]:
    return [q for scenario in service.scenarios if len(scenario.use) == 1
            if (q := _scenario_question(ctx, service, scenario)) is not None]


def multi_questions(ctx: _Context, service: Service) -> list[Question]:
    return [q for scenario in service.scenarios if len(scenario.use) == 2
            if (q := _scenario_question(ctx, service, scenario)) is not None]


def _scenario_question(ctx: _Context, service: Service, scenario: Scenario) -> Question | None:
    registry = ctx.registry
    multi = len(scenario.use) == 2
    kind = "multi" if multi else "scenario"
    situation = scenario.situation.rstrip()
    situation = situation if situation.endswith((".", "?")) else situation + "."
    stem = f"{situation} {ASK_TWO if multi else ASK_ONE}"
    question_id = stable_id(kind, service.id, _normal(scenario.situation))
    needs = set(scenario.needs)
    keys = list(scenario.use)
    # Why each wrong choice is wrong HERE: the declared distractors (closest first); an avoid-when's own
    # service is the tempting wrong choice it was written for, with its trap.
    reasons = {ctx.became_note.get(choice, choice): reason for choice, reason in scenario.distractors.items()}
    if service.id not in keys:
        reasons = {service.id: scenario.trap or reasons.get(service.id, ""),
                   **{choice: reason for choice, reason in reasons.items() if choice != service.id}}
    declared = [choice for choice, reason in reasons.items() if reason]
    wanted = (MULTI_CHOICES if multi else CHOICES) - len(keys)
    wrong: list[str] = []
    # Declared distractors first; only when too few fit, services of the key's category fill in.
    for choice in itertools.chain(declared, ctx.confusable(_category_of(ctx, keys[0]), question_id)):
        if len(wrong) == wanted:
            break
        name = registry.choice_name(choice)
        if (choice in keys or choice in wrong or ctx.does(choice) & needs or names_in(stem, name)
                or (choice not in reasons and not ctx.in_scope(choice))):
            continue
        wrong.append(choice)
    if len(wrong) < wanted:
        ctx.skipped[f"{kind} questions with too few services that meet none of their needs"] += 1
        return None
    refs = [ref for ref in (registry.fact_ref(service, name) for name in scenario.facts) if ref is not None]
    refs += _key_facts(registry, keys, refs)
    # The page that proves the key: the scenario's own, a foil key's, else the note fact it rests on.
    source = scenario.source or (registry.foils[keys[0]].source if keys[0] in registry.foils else refs[0].fact.source)
    entries = [(choice, choice in keys) for choice in keys + wrong]
    order = _shuffled(question_id, entries)
    def wrong_note(choice: str) -> str:  # a filler has only its generic line (bank_checks flags it)
        return reasons.get(choice) or ctx.describe(choice)

    notes = [f"Right. {scenario.why_each.get(choice, scenario.why)}" if right else f"Wrong. {wrong_note(choice)}"
             for choice, right in order]
    in_scope = scenario.exam_level == "clf" and all(ctx.in_scope(choice) for choice, _ in order)
    first = refs[0] if refs else None
    return Question(
        question_id, kind, stem, tuple(registry.choice_name(choice) for choice, _ in order),
        tuple(index for index, (_, right) in enumerate(order) if right),
        contrast(scenario.why, registry.choice_name(wrong[0]), wrong_note(wrong[0])), tuple(notes),
        tuple(keys), tuple(ref.id for ref in refs), service.category, scenario.exam_level, in_scope,
        service.doc_path,
        first.anchor if first else "", first.label if first else service.short_name, source, service.id,
        tuple(choice for choice, _ in order), tuple(scenario.needs))


def _key_facts(registry: Registry, keys: list[str], refs: list[FactRef]) -> list[FactRef]:
    """For each key with a note that none of `refs` comes from (the other key of a Choose TWO item), the fact
    that says when to use it (the catalog's scenario role), so every key rests on a fact of its own."""
    role = registry.role("scenario")
    cited = {ref.service.id for ref in refs}
    found = []
    for key in keys:
        if role and key in registry.services and key not in cited:
            service = registry.services[key]  # the note's own fact, else its first kind's (SQS: standard)
            names = [role, *(f"{variant}.{role}" for variant in service.variants)]
            found += [ref for ref in (registry.fact_ref(service, name) for name in names) if ref is not None][:1]
    return found


def contrast(why: str, closest: str, reason: str) -> str:
    """The explanation: why the key fits, then why the closest wrong choice (the first declared) does not,
    so it teaches the distinction instead of repeating the key's note."""
    reason = reason.removeprefix("Wrong. ").strip()
    return f"{why.rstrip()} Why not {closest}: {reason}"


def _category_of(ctx: _Context, choice_id: str) -> str:
    return ctx.registry.choice_category(choice_id)


def fact_questions(ctx: _Context, service: Service) -> list[Question]:
    """A label lookup, for the category quizzes: "What is the message retention of Amazon SQS?"."""
    registry = ctx.registry
    scenario_key = registry.role("scenario")
    questions = []
    for ref in registry.fact_refs(service):
        if not ref.fact.has_value or not ref.attribute.quiz or ref.key == scenario_key:
            continue  # the scenario attribute is asked the exam's way, from the note's scenarios
        if not ref.fact.note:
            ctx.skipped["fact questions without a note to explain them"] += 1
            continue
        question = _fact_question(ctx, ref)
        if question is not None:
            questions.append(question)
    return questions


def _fact_question(ctx: _Context, ref: FactRef) -> Question | None:
    registry = ctx.registry
    question_id = stable_id("fact", ref.item_id, ref.key)
    right = ref.value_text
    label = ref.attribute.label.lower()
    former = [(ref.attribute.format_value(old.value), f"Wrong. This was the value until {old.until.isoformat()}, "
               "as older material may still say.") for old in ref.fact.previously]
    others = ((text, f"Wrong. This is the {label} of {registry.items[item].name}.")
              for item, text in _other_values(ctx, ref, question_id))
    wrong = _pick_wrong(right, itertools.chain(former, others))
    if len(wrong) < CHOICES - 1:
        ctx.skipped["fact questions with fewer than three distinct wrong choices"] += 1
        return None
    order = _shuffled(question_id, [(right, f"Right. {ref.fact.note}")] + wrong)
    explanation = f"{ref.owner}: {label} is {right}. {ref.fact.note}"
    for old in ref.fact.previously:
        explanation += (f" It was {ref.attribute.format_value(old.value)} until {old.until.isoformat()},"
                        " as older material may still say.")
    return Question(
        question_id, "fact", f"What is the {label} of {ref.owner}?", tuple(text for text, _ in order),
        tuple(i for i, (text, _) in enumerate(order) if text == right), explanation,
        tuple(note for _, note in order), (ref.service.id,), (ref.id,), ref.service.category,
        ref.attribute.exam_level, False, ref.doc_path, ref.anchor, ref.label, ref.fact.source, ref.service.id)


def _other_values(ctx: _Context, ref: FactRef, seed: str) -> Iterator[tuple[str, str]]:
    """The attribute's values elsewhere, lazily: sibling variants, the same category, then the others."""
    by_category = ctx.values.get(ref.key, {})
    service = ref.service
    if ref.variant is not None:  # a service's own fact is true of its variants: only a variant borrows a sibling's
        yield from (e for e in ctx.variant_values.get((ref.key, service.id), []) if e[0] != ref.item_id)
    yield from (e for e in _rotated(by_category.get(service.category, []), seed)
                if ctx.registry.items[e[0]].service.id != service.id)
    for category, entries in by_category.items():
        if category != service.category:
            yield from _rotated(entries, seed)


def written_questions(ctx: _Context, service: Service) -> list[Question]:
    registry = ctx.registry
    names = ctx.by_name
    questions = []
    for written in service.questions:
        question_id = stable_id("written", service.id, _normal(written.question))
        keys = [written.answer] + ([written.also] if written.also else [])
        wrong_notes = list(written.wrong_notes) or [
            ("Wrong. " + ctx.describe(names[text])) if text in names else "" for text in written.wrong]
        right_notes = list(written.right_notes) or [written.explanation]
        entries = [(text, "Right. " + note) for text, note in zip(keys, right_notes, strict=True)] + [
            (text, note if note.startswith("Wrong") or not note else f"Wrong. {note}")
            for text, note in zip(written.wrong, wrong_notes, strict=True)]
        order = _shuffled(question_id, entries)
        refs = [ref for ref in (registry.fact_ref(service, name) for name in written.facts) if ref is not None]
        choice_ids = tuple(names.get(text, "") for text, _ in order)
        in_scope = (written.exam_level == "clf" and service.in_exam_scope
                    and all(ctx.in_scope(choice) for choice in choice_ids if choice))
        questions.append(Question(
            question_id, "multi" if written.also else "written", written.question, tuple(text for text, _ in order),
            tuple(i for i, (text, _) in enumerate(order) if text in keys),
            contrast(written.explanation, written.wrong[0], entries[len(keys)][1]) if entries[len(keys)][1]
            else written.explanation,
            tuple(note for _, note in order), tuple(names.get(key, service.id) for key in keys),
            tuple(ref.id for ref in refs), service.category, written.exam_level, in_scope, service.doc_path,
            refs[0].anchor if refs else "", refs[0].label if refs else service.short_name, written.source,
            service.id, choice_ids if all(choice_ids) else ()))
    return questions


KINDS: dict[str, Callable[[_Context, Service], list[Question]]] = {
    "scenario": scenario_questions,
    "multi": multi_questions,
    "written": written_questions,
    "fact": fact_questions,
}


# --- flashcards ----------------------------------------------------------------------------------

def _tags(service_id: str, category: str, exam_level: str, must_know: bool) -> tuple[str, ...]:
    return (service_id, category, f"exam-{exam_level}", *(["must-know"] if must_know else []))


def fact_card(ref: FactRef) -> Flashcard:
    details = [ref.fact.note or ""]
    details += [f"Until {old.until.isoformat()}: {ref.attribute.format_value(old.value)}."
                for old in ref.fact.previously]
    if ref.fact.exam_trap:
        details.append(f"Exam trap: {ref.fact.exam_trap}")
    level = ref.attribute.exam_level
    must_know = level == "clf"  # re-derived from the catalog: what the exam asks, not quotas
    service = ref.service
    return Flashcard(stable_id("card", ref.item_id, ref.key), service.id, service.category, ref.label,
                     ref.value_text, " ".join(part for part in details if part), ref.doc_path, ref.anchor,
                     ref.fact.source, ref.fact.checked.isoformat(), must_know, level, False,
                     _tags(service.id, service.category, level, must_know))


def reverse_cards(registry: Registry, service: Service) -> list[Flashcard]:
    """Situation -> service, from the note's one-answer scenarios (what the exam asks)."""
    cards = []
    for scenario in service.scenarios:
        if len(scenario.use) != 1:
            continue
        refs = [ref for ref in (registry.fact_ref(service, name) for name in scenario.facts) if ref is not None]
        source = scenario.source or refs[0].fact.source
        checked = scenario.checked or refs[0].fact.checked
        level = scenario.exam_level  # an associate-level scenario makes a card tagged beyond, not must-know
        cards.append(Flashcard(
            stable_id("reverse-card", service.id, _normal(scenario.situation)), service.id, service.category,
            f"{scenario.situation} Which AWS service?", registry.choice_name(scenario.use[0]), scenario.why,
            service.doc_path, refs[0].anchor if refs else "", source, checked.isoformat(), level == "clf", level,
            True, _tags(service.id, service.category, level, level == "clf")))
    return cards


# --- the bank and its blueprint --------------------------------------------------------------------

def build_bank(registry: Registry) -> StudyBank:
    ctx = _Context(registry)
    questions: list[Question] = []
    cards: list[Flashcard] = []
    for category in registry.categories:
        for service in registry.services_in(category):
            for make in KINDS.values():
                questions += make(ctx, service)
            for ref in registry.fact_refs(service):
                if not ref.fact.has_value:  # AWS gives no value: nothing to learn
                    ctx.skipped["facts AWS does not state"] += 1
                else:
                    cards.append(fact_card(ref))
            cards += reverse_cards(registry, service)
    cards.sort(key=lambda card: not card.must_know)  # must-know facts first; stable otherwise
    return StudyBank(blueprint(questions, set(registry.foils)), cards, ctx.skipped)


def blueprint(questions: list[Question], foil_ids: set[str]) -> list[Question]:
    """The bank with `in_practice_exam` set: clf items of the pool's kinds, and no service above
    MAX_SERVICE_SHARE of the pool, counted both by the note an item comes from and by its keys, and no
    service the key of more than MAX_KEY_SHARE.

    Over the share, a service gives up its generated single-answer items without a foil first; hand-written
    items go last.
    """
    pool = [q for q in questions if q.in_practice_exam and q.kind in POOL_KINDS and q.exam_level == "clf"]
    written = {q.id for q in pool if not q.needs}  # a generated scenario always names its needs

    def about(question: Question) -> set[str]:
        return {question.service_id, *question.services}

    def keep_first(question: Question) -> tuple:  # hand-written items ask what no template can: kept longest
        return (question.id in written, question.kind == "multi",
                bool(foil_ids & set(question.choice_ids)), question.id)

    while pool:
        over = [(count / (share * len(pool)), service, counted)
                for counted, share in ((about, MAX_SERVICE_SHARE), (attrgetter("keys"), MAX_KEY_SHARE))
                for service, count in Counter(s for q in pool for s in counted(q)).items()]
        ratio, service, counted = max(over, key=lambda entry: entry[0])
        if ratio <= 1:
            break
        pool.remove(min((q for q in pool if service in counted(q)), key=keep_first))
    chosen = {q.id for q in pool}
    return [q if (q.id in chosen) == q.in_practice_exam else dataclasses.replace(q, in_practice_exam=q.id in chosen)
            for q in questions]


BARE_QUANTITY = re.compile(r"^[\d.,]+\s*[A-Za-z%]{0,10}$")  # "1 MiB", "15 minutes", "300"


def is_bare_quantity(text: str) -> bool:
    return BARE_QUANTITY.match(text.strip()) is not None


WORD = re.compile(r"[A-Za-z0-9]+")


def _words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


# --- the "which service?" guide and the exam traps ------------------------------------------------

@dataclass(frozen=True)
class Cue:
    text: str
    kind: str  # keyword | use when | exam trap
    item: Item
    anchor: str


def which_service_cues(registry: Registry) -> dict[str, list[Cue]]:
    """Category id -> scenario cues (aliases, use_when, exam traps), each pointing at its service or variant."""
    guide: dict[str, list[Cue]] = {}
    for category in registry.categories:
        cues = []
        for service in registry.services_in(category):
            item = registry.items[service.id]
            cues += [Cue(alias, "keyword", item, "") for alias in service.aliases]
            for ref in registry.fact_refs(service):
                owner = registry.items[ref.item_id]
                if ref.key == registry.role("scenario") and ref.fact.has_value:
                    cues.append(Cue(str(ref.fact.value), "use when", owner, ref.anchor))
                if ref.fact.exam_trap:
                    cues.append(Cue(ref.fact.exam_trap, "exam trap", owner, ref.anchor))
        if cues:
            guide[category] = cues
    return guide


def cues_by_item(cues: list[Cue]) -> list[tuple[Item, list[Cue]]]:
    """A category's cues grouped by their service or variant, in the order each first appears.

    Grouped here, once: filtering every cue for every item in the template was quadratic."""
    groups: dict[str, tuple[Item, list[Cue]]] = {}
    for cue in cues:
        groups.setdefault(cue.item.id, (cue.item, []))[1].append(cue)
    return list(groups.values())


@dataclass(frozen=True)
class Trap:
    service: Service
    owner: str
    label: str
    value: str
    trap: str
    anchor: str
    source: str
    checked: str


def exam_traps(registry: Registry) -> list[Trap]:
    traps = []
    for category in registry.categories:
        for service in registry.services_in(category):
            for ref in registry.fact_refs(service):
                if ref.fact.exam_trap:
                    traps.append(Trap(service, ref.owner, ref.attribute.label, ref.value_text, ref.fact.exam_trap,
                                      ref.anchor, ref.fact.source, ref.fact.checked.isoformat()))
    return traps


# --- what the browser gets -------------------------------------------------------------------------

def sample(questions: list[Question], cap: int) -> list[Question]:
    """At most `cap` questions, spread evenly over the list (which is in category and service order)."""
    if len(questions) <= cap:
        return questions
    step = len(questions) / cap
    return [questions[int(index * step)] for index in range(cap)]


# --- the bank as a download -------------------------------------------------------------------------

BANK_SCHEMA_VERSION = 1


def bank_json(bank: StudyBank) -> dict:
    """site/downloads/question-bank.json: every question, as documented in question-bank.schema.json."""
    return {"schema": BANK_SCHEMA_VERSION, "questions": [
        {"id": q.id, "kind": q.kind, "stem": q.stem, "choices": list(q.choices), "answer": list(q.answers),
         "explanation": q.explanation, "choice_notes": list(q.choice_notes), "services": list(q.services),
         "facts": list(q.facts), "exam_level": q.exam_level, "in_practice_exam": q.in_practice_exam,
         "category": q.category, "source": q.source}
        for q in bank.questions]}
