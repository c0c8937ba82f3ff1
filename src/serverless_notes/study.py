"""Study mode: practice questions, flashcards, the "which service?" guide and the exam traps, from the facts.

Everything here is derived from the validated registry, deterministically: the same notes give the
same bank, with the same ids (hashes of what a question is about, never of its position), so
progress a student keeps in the browser survives rebuilds. No MkDocs imports.

Kinds of question:
- fact: "What is the maximum message size of Amazon SQS?"; wrong choices are the same attribute's
  values of other services and variants (same category first), and the fact's former values.
- scenario: a `use_when` fact, "Which service fits best?"; wrong choices are the services most
  often confused with it (sibling variants, then the same category, then the others).
- which-has: the fact the other way round, "Which one has this maximum message size: 1 MiB?"; wrong
  choices are services and variants that state a clearly different value.
- trap: an exam trap that names its service, with the name masked: "Which service is this about?".
- keywords: three of a service's aliases (the words exam questions use): "Which service?".
- written: hand-written in a note's `questions:` list.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from .model import NOT_STATED
from .registry import Item, Registry, Service, fact_anchor

CHOICES = 4  # the right answer and three wrong ones, as in the exam
SIMILAR = 0.6  # texts sharing this share of their words (Jaccard index) count as the same choice
KEYWORDS_PER_QUESTION = 3
CANDIDATES_TRIED = 40  # wrong choices looked at per question, at most: the bank stays linear in the notes


@dataclass(frozen=True)
class Question:
    id: str
    kind: str  # fact | which-has | scenario | trap | keywords | written
    service_id: str
    category: str
    prompt: str
    choices: tuple[str, ...]  # in display order, shuffled by the question's id
    answer: int  # index of the right choice
    explanation: str
    note_path: str  # the note (path relative to docs/) and the anchor of the fact's row
    note_anchor: str
    note_label: str  # what the note link points at, e.g. "Amazon SQS: Maximum message size"
    source: str  # the AWS page that proves the answer
    # Shim: the study UI's contract fields, derived from the ones above until the bank sets them.
    stem: str = ""
    answers: tuple[int, ...] = ()
    choice_notes: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    facts: tuple[str, ...] = ()
    exam_level: str = "clf"
    in_practice_exam: bool = True

    def __post_init__(self) -> None:
        derived = {"stem": self.stem or self.prompt, "answers": self.answers or (self.answer,),
                   "choice_notes": self.choice_notes or tuple(
                       self.explanation if index == self.answer else "" for index in range(len(self.choices))),
                   "services": self.services or (self.service_id,),
                   "facts": self.facts or ((f"{self.note_path}#{self.note_anchor}",) if self.note_anchor else ())}
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    @property
    def right_answer(self) -> str:
        return self.choices[self.answer]


@dataclass(frozen=True)
class Flashcard:
    id: str
    service_id: str
    category: str
    front: str  # "Amazon SQS: Maximum message size"
    back: str  # the value as the tables show it
    details: str  # the fact's note, former values, exam trap
    note_path: str
    note_anchor: str
    source: str
    checked: str
    must_know: bool
    # Shim: the study UI's contract fields, until the bank sets them.
    exam_level: str = "clf"
    reverse: bool = False
    tags: tuple[str, ...] = ()


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

    def summary(self) -> str:
        """The one line the build logs: counts per kind, and what was skipped and why."""
        kinds = Counter(q.kind for q in self.questions)
        made = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
        skipped = "; ".join(f"{count} {reason}" for reason, count in sorted(self.skipped.items()))
        return (f"Study bank: {len(self.questions)} questions ({made or 'none'}), {len(self.cards)} flashcards"
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


def _with_choices(question_id: str, right: str, wrong: list[str]) -> tuple[tuple[str, ...], int]:
    """The right answer among the wrong ones, at a position chosen by the id (stable across builds)."""
    position = int(question_id[8:12], 16) % (len(wrong) + 1)
    choices = wrong[:position] + [right] + wrong[position:]
    return tuple(choices), position


def _pick_wrong(right: str, candidates, needed: int = CHOICES - 1, same=_same_text) -> list[str]:
    """The first `needed` candidates that differ from the answer and from each other."""
    picked: list[str] = []
    for text in itertools.islice(candidates, CANDIDATES_TRIED):
        if not same(text, right) and not any(same(text, other) for other in picked):
            picked.append(text)
            if len(picked) == needed:
                break
    return picked


def _owner_name(service: Service, variant) -> str:
    return variant.name if variant is not None else service.short_name


class _BankBuilder:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.skipped: Counter = Counter()
        # attribute -> category -> [(item id, service id, formatted value)]: the pool of wrong choices
        self.values: dict[str, dict[str, list[tuple[str, str, str]]]] = {}
        self.variant_values: dict[tuple[str, str], list[tuple[str, str, str]]] = {}  # (attribute, service): variants'

        for service in registry.services.values():
            for variant, key, fact in service.own_facts():
                if fact.status == NOT_STATED:
                    continue
                item_id = f"{service.id}.{variant.id}" if variant else service.id
                text = registry.attributes[key].format(fact)
                entry = (item_id, service.id, text)
                self.values.setdefault(key, {}).setdefault(service.category, []).append(entry)
                if variant is not None:
                    self.variant_values.setdefault((key, service.id), []).append(entry)
        # category -> [(service id, service id, short name)]: the services a student confuses
        self.names: dict[str, list[tuple[str, str, str]]] = {}
        for service in registry.services.values():
            self.names.setdefault(service.category, []).append((service.id, service.id, service.short_name))

    # --- fact questions ----------------------------------------------------------------------

    def fact_question(self, service: Service, variant, key: str, fact) -> Question | None:
        attribute = self.registry.attributes[key]
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        question_id = stable_id("fact", item_id, key)
        right = attribute.format(fact)
        former = [attribute.format_value(old.value) for old in fact.previously]
        others = self._other_values(key, service, variant, question_id)
        wrong = _pick_wrong(right, itertools.chain(former, others))
        if len(wrong) < CHOICES - 1:
            self.skipped["fact questions with fewer than three distinct wrong choices"] += 1
            return None
        owner = _owner_name(service, variant)
        choices, answer = _with_choices(question_id, right, wrong)
        explanation = f"{owner}: {attribute.label.lower()} is {right}."
        if fact.note:
            explanation += f" {fact.note}"
        for old in fact.previously:
            explanation += (f" It was {attribute.format_value(old.value)} until {old.until.isoformat()},"
                            " as older material may still say.")
        return Question(question_id, "fact", service.id, service.category,
                        f"{owner}: {attribute.label.lower()}?", choices, answer, explanation,
                        service.doc_path, fact_anchor(key, variant.id if variant else None),
                        f"{owner}: {attribute.label}", fact.source)

    def _other_values(self, key: str, service: Service, variant, seed: str) -> Iterator[str]:
        """The attribute's values elsewhere, lazily: sibling variants, the same category, then the others."""
        by_category = self.values.get(key, {})
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        pool = by_category.get(service.category, [])
        if variant is not None:  # a service's own fact is true of its variants: only a variant borrows a sibling's
            yield from (e[2] for e in self.variant_values.get((key, service.id), []) if e[0] != item_id)
        yield from (e[2] for e in _rotated(pool, seed) if e[1] != service.id)
        for category, entries in by_category.items():
            if category != service.category:
                yield from (e[2] for e in _rotated(entries, seed))

    def which_has_question(self, service: Service, variant, key: str, fact) -> Question | None:
        """The fact the other way round: "Which one has this maximum message size: 1 MiB?"

        Wrong choices are services and variants that state a clearly different value for the attribute
        (one that gives no value might have the same one, so it is never offered as wrong).
        """
        attribute = self.registry.attributes[key]
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        question_id = stable_id("which-has", item_id, key)
        right_value = attribute.format(fact)
        entries = self.values.get(key, {})
        pool = entries.get(service.category, [])
        candidates = itertools.chain(
            (e for e in self.variant_values.get((key, service.id), []) if variant is not None and e[0] != item_id),
            (e for e in _rotated(pool, question_id) if e[1] != service.id),
            *(_rotated(other, question_id) for category, other in entries.items() if category != service.category))
        wrong_names: list[str] = []
        right = _owner_name(service, variant)
        for other_item, _, text in itertools.islice(candidates, CANDIDATES_TRIED):
            name = self.registry.items[other_item].name
            if _same_text(text, right_value) or name == right or name in wrong_names:
                continue
            wrong_names.append(name)
            if len(wrong_names) == CHOICES - 1:
                break
        if len(wrong_names) < CHOICES - 1:
            self.skipped["'which one has this value?' questions with fewer than three services that differ"] += 1
            return None
        choices, answer = _with_choices(question_id, right, wrong_names)
        explanation = f"{right}: {attribute.label.lower()} is {right_value}." + (f" {fact.note}" if fact.note else "")
        return Question(question_id, "which-has", service.id, service.category,
                        f"{attribute.label}: “{right_value}”. Which one is it?", choices, answer, explanation,
                        service.doc_path, fact_anchor(key, variant.id if variant else None),
                        f"{right}: {attribute.label}", fact.source)

    # --- "which service?" questions -------------------------------------------------------------

    def which_service(self, kind: str, question_id: str, service: Service, variant, prompt: str,
                      explanation: str, anchor: str, label: str, source: str) -> Question | None:
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        right = _owner_name(service, variant)
        wrong = _pick_wrong(right, self._confusable(service, item_id, question_id, prompt),
                            same=lambda a, b: _normal(a) == _normal(b))  # names: "Synthetic 0017" is not 0018
        if len(wrong) < CHOICES - 1:
            self.skipped[f"{kind} questions with fewer than three other services to choose from"] += 1
            return None
        choices, answer = _with_choices(question_id, right, wrong)
        return Question(question_id, kind, service.id, service.category, prompt, choices, answer, explanation,
                        service.doc_path, anchor, label, source)

    def _confusable(self, service: Service, item_id: str, seed: str, scenario: str) -> Iterator[str]:
        """Names most often confused with the answer: its sibling variants, its category, then the rest.

        A service whose own `use_when` reads like the scenario is left out: it would be right too.
        """
        # The answer's sibling variants are its closest confusions; the answer being the service, its
        # variants are not wrong answers at all.
        siblings = [(f"{service.id}.{v.id}", service.id, v.name) for v in service.variants.values()
                    if item_id != service.id and f"{service.id}.{v.id}" != item_id]
        same = (n for n in _rotated(self.names.get(service.category, []), seed) if n[1] != service.id)
        others = (_rotated(entries, seed) for category, entries in self.names.items() if category != service.category)
        for other_item, _, name in itertools.chain(siblings, same, *others):  # lazily: the first few are enough
            use_when = self.registry.items[other_item].facts.get("use_when")
            if not (use_when and use_when[0].fact.value and _same_text(str(use_when[0].fact.value), scenario)):
                yield name

    def scenario_question(self, service: Service, variant, fact) -> Question | None:
        owner = _owner_name(service, variant)
        text = str(fact.value).rstrip(".")
        return self.which_service(
            "scenario", stable_id("scenario", f"{service.id}.{variant.id}" if variant else service.id),
            service, variant, f"{text}. Which service fits best?",
            f"{owner} is the choice when: {text}." + (f" {fact.note}" if fact.note else ""),
            fact_anchor("use_when", variant.id if variant else None), f"{owner}: Use it when", fact.source)

    def trap_question(self, service: Service, variant, key: str, fact) -> Question | None:
        masked = mask_names(fact.exam_trap, service)
        if masked is None:
            self.skipped["exam traps that do not name their service (too vague for 'which service?')"] += 1
            return None
        owner = _owner_name(service, variant)
        attribute = self.registry.attributes[key]
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        return self.which_service(
            "trap", stable_id("trap", item_id, key), service, None,
            f"Exam trap: “{masked}” Which service is this about?",
            f"{fact.exam_trap} ({owner}: {attribute.label.lower()} is {attribute.format(fact)}.)",
            fact_anchor(key, variant.id if variant else None), f"{owner}: {attribute.label}", fact.source)

    def keyword_questions(self, service: Service) -> list[Question]:
        names = _name_words(service)
        keywords = [alias for alias in service.aliases if not (set(_words(alias)) & names)]
        questions = []
        for start in range(0, len(keywords) - KEYWORDS_PER_QUESTION + 1, KEYWORDS_PER_QUESTION):
            group = keywords[start:start + KEYWORDS_PER_QUESTION]
            question = self.which_service(
                "keywords", stable_id("keywords", service.id, *sorted(group)), service, None,
                f"Which service do these keywords point to: {', '.join(group)}?",
                f"{service.short_name}: {service.summary}", "", service.short_name, "")  # aliases cite no page
            if question:
                questions.append(question)
        return questions

    def written_questions(self, service: Service) -> list[Question]:
        questions = []
        for written in service.questions:
            question_id = stable_id("written", service.id, _normal(written.question))
            choices, answer = _with_choices(question_id, written.answer, list(written.wrong))
            questions.append(Question(question_id, "written", service.id, service.category, written.question,
                                      choices, answer, written.explanation, service.doc_path, "",
                                      service.short_name, written.source))
        return questions

    # --- flashcards ------------------------------------------------------------------------------

    def card(self, service: Service, variant, key: str, fact) -> Flashcard:
        attribute = self.registry.attributes[key]
        owner = _owner_name(service, variant)
        details = [fact.note or ""]
        details += [f"Until {old.until.isoformat()}: {attribute.format_value(old.value)}." for old in fact.previously]
        if fact.exam_trap:
            details.append(f"Exam trap: {fact.exam_trap}")
        item_id = f"{service.id}.{variant.id}" if variant else service.id
        return Flashcard(stable_id("card", item_id, key), service.id, service.category,
                         f"{owner}: {attribute.label}", attribute.format(fact),
                         " ".join(part for part in details if part), service.doc_path,
                         fact_anchor(key, variant.id if variant else None), fact.source,
                         fact.checked.isoformat(), fact.must_know)


def build_bank(registry: Registry) -> StudyBank:
    builder = _BankBuilder(registry)
    questions: list[Question] = []
    cards: list[Flashcard] = []
    for category in registry.categories:
        for service in registry.services_in(category):
            for variant, key, fact in service.own_facts():
                if fact.status == NOT_STATED:  # AWS gives no value: nothing to ask or to learn
                    builder.skipped["facts AWS does not state"] += 1
                    continue
                cards.append(builder.card(service, variant, key, fact))
                candidates = []
                if registry.attributes[key].quiz:
                    candidates.append(builder.fact_question(service, variant, key, fact))
                    if key != "use_when":  # the scenario question asks that one the other way round
                        candidates.append(builder.which_has_question(service, variant, key, fact))
                if key == "use_when":
                    candidates.append(builder.scenario_question(service, variant, fact))
                if fact.exam_trap:
                    candidates.append(builder.trap_question(service, variant, key, fact))
                questions += [q for q in candidates if q is not None]
            questions += builder.keyword_questions(service)
            questions += builder.written_questions(service)
    cards.sort(key=lambda card: not card.must_know)  # must-know facts first; stable otherwise
    return StudyBank(questions, cards, builder.skipped)


WORD = re.compile(r"[A-Za-z0-9]+")
GENERIC_WORDS = {"amazon", "aws", "simple", "service", "the", "of", "for", "and", "a"}


def _words(text: str) -> list[str]:
    return [word.casefold() for word in WORD.findall(text)]


def _name_words(service: Service) -> set[str]:
    """Words that give the service away: those of its names, without "Amazon", "AWS", "Service"."""
    return {word for name in (service.short_name, service.name) for word in _words(name)} - GENERIC_WORDS


def mask_names(text: str, service: Service) -> str | None:
    """The text with the service's names replaced by "this service"; None if it never names the service.

    None too if a word of its name is still there after masking (the answer would show).
    """
    names = sorted({service.name, service.short_name, *(_strip_vendor(n) for n in (service.name, service.short_name))},
                   key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names if name) + r")\b")
    masked, count = pattern.subn("this service", text)
    if count == 0 or set(_words(masked)) & _name_words(service):
        return None
    return re.sub(r"(^|[.!?]\s+)this service", lambda m: m.group(1) + "This service", masked)


def _strip_vendor(name: str) -> str:
    return re.sub(r"^(Amazon|AWS)\s+", "", name)


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
            for variant, key, fact in service.own_facts():
                owner = registry.items[f"{service.id}.{variant.id}" if variant else service.id]
                anchor = fact_anchor(key, variant.id if variant else None)
                if key == "use_when" and fact.status != NOT_STATED:
                    cues.append(Cue(str(fact.value), "use when", owner, anchor))
                if fact.exam_trap:
                    cues.append(Cue(fact.exam_trap, "exam trap", owner, anchor))
        if cues:
            guide[category] = cues
    return guide


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
            for variant, key, fact in service.own_facts():
                if fact.exam_trap:
                    attribute = registry.attributes[key]
                    traps.append(Trap(service, _owner_name(service, variant), attribute.label, attribute.format(fact),
                                      fact.exam_trap, fact_anchor(key, variant.id if variant else None),
                                      fact.source, fact.checked.isoformat()))
    return traps


# --- what the browser gets -------------------------------------------------------------------------

def sample(questions: list[Question], cap: int) -> list[Question]:
    """At most `cap` questions, spread evenly over the list (which is in category and service order)."""
    if len(questions) <= cap:
        return questions
    step = len(questions) / cap
    return [questions[int(index * step)] for index in range(cap)]


def question_data(question: Question, link) -> dict:
    """A question as the page's script reads it (short keys: the exam page carries hundreds)."""
    return {"id": question.id, "q": question.prompt, "c": list(question.choices), "a": question.answer,
            "e": question.explanation, "n": link(question.note_path, question.note_anchor),
            "nl": question.note_label, "s": question.source}


def card_data(card: Flashcard, link) -> dict:
    return {"id": card.id, "f": card.front, "b": card.back, "d": card.details,
            "n": link(card.note_path, card.note_anchor), "s": card.source, "m": card.must_know}
