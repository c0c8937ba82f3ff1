"""The rules every item of the question bank must keep, checked over the whole bank (not item by item).

Each rule is a function (bank, registry) -> problems, one line each naming the item and its note. The
tests run them on the real bank and on planted bad notes; a failing rule means: fix the generator or
the note's data, never hand-edit one generated item.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable

from .registry import Registry
from .study import (
    ASK_ONE,
    ASK_TWO,
    MAX_KEY_SHARE,
    POOL_KINDS,
    Question,
    StudyBank,
    _normal,
    _same_text,
    _strip_vendor,
    _words,
    describe,
    names_in,
)

MIN_NEW_WORDS = 3  # an explanation says at least this many words the stem and the key do not already say
FILLER = {"a", "an", "the", "is", "it", "of", "to", "and", "or", "for", "in", "on", "as", "this", "that", "with",
          "be", "are", "by", "its", "right", "answer", "correct", "choice", "so", "because", "use", "should"}


def _where(question: Question) -> str:
    return f"{question.note_path} [{question.kind} {question.id}] “{question.stem[:70]}”"


def one_key_per_stem(bank: StudyBank, registry: Registry) -> list[str]:
    """No two items with the same stem and different keys (a student could not tell which is meant)."""
    keys: dict[str, set[frozenset[str]]] = defaultdict(set)
    items: dict[str, list[Question]] = defaultdict(list)
    for question in bank.questions:
        keys[_normal(question.stem)].add(frozenset(map(_normal, question.right_answers)))
        items[_normal(question.stem)].append(question)
    return [f"{_where(items[stem][0])}: the same stem has different keys in "
            f"{', '.join(sorted({q.note_path for q in items[stem]}))}: "
            f"{'; '.join(sorted(' + '.join(sorted(k)) for k in found))}"
            for stem, found in keys.items() if len(found) > 1]


def stem_names_no_choice(bank: StudyBank, registry: Registry) -> list[str]:
    """A stem never names one of its choices (the answer would show, or a wrong one would be ruled out)."""
    problems = []
    for question in bank.questions:
        if question.kind == "fact":  # the stem names the service; its choices are values, not services
            continue
        for choice in question.choices:
            if names_in(question.stem, choice):
                problems.append(f"{_where(question)}: the stem names the choice {choice!r}; "
                                "reword the situation without service names")
    return problems


def no_wrong_choice_fits(bank: StudyBank, registry: Registry) -> list[str]:
    """Every key meets a need the stem asks for, together they meet all, and no wrong choice meets any."""
    problems = []
    for question in bank.questions:
        if question.needs and question.choice_ids:
            needs = set(question.needs)
            keys = [question.choice_ids[i] for i in question.answers]
            met = set().union(*(registry.choice_does(key) & needs for key in keys))
            if met != needs or any(not registry.choice_does(key) & needs for key in keys):
                problems.append(f"{_where(question)}: the keys {keys} do not meet the needs {sorted(needs)}; "
                                "fix the scenario's 'use' or 'needs', or the services' 'does'")
            for index, choice in enumerate(question.choice_ids):
                if index not in question.answers and registry.choice_does(choice) & needs:
                    problems.append(f"{_where(question)}: the wrong choice {question.choices[index]!r} also meets "
                                    f"{sorted(registry.choice_does(choice) & needs)}")
        elif not question.choice_ids:  # values: a wrong value that says the same as the key is also right
            for index, choice in enumerate(question.choices):
                if index not in question.answers and any(_same_text(choice, question.choices[key])
                                                         for key in question.answers):
                    problems.append(f"{_where(question)}: the wrong choice {choice!r} says the same as the key")
    return problems


def _name_forms(name: str) -> set[str]:
    return {_normal(name), _normal(_strip_vendor(name))}


def choices_differ(bank: StudyBank, registry: Registry) -> list[str]:
    """No two choices of an item mean the same: one service under two names, or two values saying one thing."""
    full_names = {}  # every form of a service's names -> its id, so "Amazon Simple Queue Service" = "Amazon SQS"
    for service in registry.services.values():
        for name in (service.name, service.short_name):
            for form in _name_forms(name):
                full_names.setdefault(form, service.id)
    problems = []
    for question in bank.questions:
        services = question.choice_ids or question.kind in ("scenario", "multi")
        for a in range(len(question.choices)):
            for b in range(a + 1, len(question.choices)):
                first, second = question.choices[a], question.choices[b]
                same_service = bool(_name_forms(first) & _name_forms(second)) or (
                    {full_names.get(f) for f in _name_forms(first)} & {full_names.get(f) for f in _name_forms(second)}
                    - {None})
                if same_service or (not services and _same_text(first, second)):
                    problems.append(f"{_where(question)}: the choices {first!r} and {second!r} mean the same")
    return problems


def explanations_explain(bank: StudyBank, registry: Registry) -> list[str]:
    """The explanation and each right choice's own note say why the key is right (more than the stem and the
    key's name; the explanation's contrast with a wrong choice does not count for the key's note), and every
    choice has a note saying why it is right or wrong."""
    problems = []
    for question in bank.questions:
        said = set(_words(question.stem)) | {w for key in question.right_answers for w in _words(key)} | FILLER
        for text in [question.explanation, *(question.choice_notes[i] for i in question.answers
                                             if i < len(question.choice_notes))]:
            new = [word for word in _words(text) if word not in said and not re.fullmatch(r"\d+", word)]
            if len(set(new)) < MIN_NEW_WORDS:
                problems.append(f"{_where(question)}: the explanation only restates the key ({text!r}); "
                                "say why it is right")
                break
        if len(question.choice_notes) != len(question.choices) or not all(n.strip() for n in question.choice_notes):
            problems.append(f"{_where(question)}: every choice needs a note saying why it is right or wrong")
    return problems


def _pool_candidate(question: Question, registry: Registry) -> bool:
    """An item the practice exam may draw (before the blueprint's balancing): what the exam's rules bind."""
    service = registry.services.get(question.service_id)
    return (question.kind in POOL_KINDS and question.exam_level == "clf" and service is not None
            and service.in_exam_scope and all(choice not in registry.services or registry.services[choice].in_exam_scope
                                               for choice in question.choice_ids))


def notes_fit_the_question(bank: StudyBank, registry: Registry) -> list[str]:
    """Every choice note of a practice item says why that choice is right or wrong FOR THIS situation:
    never the service's generic one-line description (true in every item, so it explains nothing)."""
    problems = []
    for question in bank.questions:
        if not _pool_candidate(question, registry):
            continue
        for index, choice in enumerate(question.choice_ids):
            note = question.choice_notes[index] if index < len(question.choice_notes) else ""
            if _normal(describe(registry, choice)) in _normal(note) or len(_words(note)) < MIN_NEW_WORDS + 1:
                what = "key" if index in question.answers else "wrong choice"
                fix = ("say in the scenario's 'why' why it fits this situation" if index in question.answers else
                       f"declare it in the scenario's 'distractors:' ({choice}: why it is wrong here), or add "
                       "distractors so no filler is needed")
                problems.append(f"{_where(question)}: the {what} {question.choices[index]!r} has only a generic "
                                f"note; {fix}")
    return problems


def signature_terms(registry: Registry, choice_id: str) -> set[str]:
    """The words that name a service or give it away: its names, short names, aliases and variant names."""
    if choice_id in registry.foils:
        name = registry.foils[choice_id].name
        return {name, _strip_vendor(name)}
    service = registry.services[choice_id]
    names = [service.name, service.short_name, *service.aliases, *(v.name for v in service.variants.values())]
    return {term for name in names for term in (name, _strip_vendor(name)) if term.strip()}


def stem_gives_no_key_away(bank: StudyBank, registry: Registry) -> list[str]:
    """A stem describes the need in plain business words: it never uses a key's signature terms (SNS's
    "topic", SQS's "queue"), or the item tests word matching, not understanding."""
    problems = []
    for question in bank.questions:
        if not question.choice_ids or not _pool_candidate(question, registry):
            continue  # an out-of-scope service's own items may name its protocols (JMS, AMQP)
        for index in question.answers:
            found = sorted(term for term in signature_terms(registry, question.choice_ids[index])
                           if names_in(question.stem, term))
            if found:
                problems.append(f"{_where(question)}: the stem uses {found}, the vocabulary of the key "
                                f"{question.choices[index]!r}; describe the business need in plain words")
    return problems


# Wordings that argue against one option inside the stem ("only needs ...; there are no further steps").
ARGUING = re.compile(r"\bonly (?:needs?|wants?|requires?)\b|\bno (?:further|other|more) steps?\b"
                     r"|\bnothing (?:else|more)\b", re.IGNORECASE)


def stem_argues_for_no_option(bank: StudyBank, registry: Registry) -> list[str]:
    return [f"{_where(q)}: the stem argues against an option ({m.group(0)!r}); state the need, let the choices compete"
            for q in bank.questions if q.kind != "fact" and (m := ARGUING.search(q.stem))]


# Technical words that rule a wrong choice out by themselves ("REST" rules out AppSync, "no servers" rules out
# RDS and EC2): a stem using one lets a student pick by word matching. Flagged only where a wrong choice's note
# cites the same term, i.e. where the item's own data says the word is what rules that choice out.
GIVEAWAYS = re.compile(r"\bREST\b|\bserverless\b|\b(?:no|without(?: managing)?|not? run(?:ning)?)"
                       r"(?: \w+)? servers?\b|\bservers? to (?:run|manage)\b", re.IGNORECASE)
_GIVEAWAY_NOTE = {"rest": re.compile(r"\bREST\b", re.IGNORECASE)}
_SERVERS = re.compile(r"\bservers?\b|\bserverless\b|\binstances?\b", re.IGNORECASE)


def stem_rules_out_no_choice_by_one_word(bank: StudyBank, registry: Registry) -> list[str]:
    """The distractors' side of "stem gives no key away": no stem uses a give-away term (GIVEAWAYS) that a
    wrong choice's note cites as the reason it is wrong; say the business need instead (what must not be
    patched, sized or paid for while idle; what the clients send)."""
    problems = []
    for question in bank.questions:
        if not question.choice_ids or not _pool_candidate(question, registry):
            continue
        for found in {m.group(0) for m in GIVEAWAYS.finditer(question.stem)}:
            cites = _GIVEAWAY_NOTE.get(found.casefold(), _SERVERS)
            ruled_out = [question.choices[i] for i in range(len(question.choices))
                         if i not in question.answers and cites.search(question.choice_notes[i])]
            if ruled_out:
                problems.append(f"{_where(question)}: the word {found!r} alone rules out {ruled_out}; "
                                "describe the business need in plain words instead")
    return problems


def notes_differ_from_the_explanation(bank: StudyBank, registry: Registry) -> list[str]:
    """Each right choice has its own note saying why THAT choice fits, and the explanation teaches more than
    any one note (why the key fits and why the closest distractor does not): no choice note equals the
    explanation, and the two keys of a Choose TWO item never share one note."""
    problems = []
    for question in bank.questions:
        bare = [_normal(note.removeprefix("Right.").removeprefix("Wrong.")) for note in question.choice_notes]
        if _normal(question.explanation) in bare:
            problems.append(f"{_where(question)}: a choice note repeats the explanation word for word; "
                            "contrast the key with the closest wrong choice in the explanation")
        keys = [bare[i] for i in question.answers if i < len(bare)]
        if len(set(keys)) < len(keys):
            problems.append(f"{_where(question)}: the right choices share one note; give each its own reason "
                            "(a scenario's 'why_each', a written question's 'right_notes')")
    return problems


STEM_STOP = FILLER | {"company", "wants", "want", "needs", "need", "which", "two", "aws", "service", "services",
                      "choose", "its", "their", "from", "without", "at", "each", "every", "can"}
# Stems of one key sharing this share of their content words (Jaccard) ask the same thing twice. Calibrated on
# the graded sample: its near-copies of one Fargate item ("long-running containers, vCPU and memory") scored
# 0.31 and 0.35 (closest pairs), so 0.5 would have let them all through.
DUPLICATE = 0.35


def _stem_words(stem: str) -> set[str]:
    return set(_words(stem)) - STEM_STOP


def no_near_duplicates(bank: StudyBank, registry: Registry) -> list[str]:
    """No two items with the same keys whose stems share DUPLICATE of their words: a draw holding both
    asks one thing twice, and one gives the other away."""
    by_keys: dict[frozenset[str], list[Question]] = defaultdict(list)
    for question in bank.questions:
        if question.kind != "fact":
            by_keys[question.keys].append(question)
    problems = []
    for items in by_keys.values():
        for a in range(len(items)):
            for b in range(a + 1, len(items)):
                first, second = _stem_words(items[a].stem), _stem_words(items[b].stem)
                similarity = len(first & second) / max(1, len(first | second))
                if similarity >= DUPLICATE:
                    problems.append(f"{_where(items[a])}: nearly the same item as {_where(items[b])} "
                                    f"({similarity:.0%} of the words); reword one or drop it")
    return problems


def keys_balanced(bank: StudyBank, registry: Registry) -> list[str]:
    """In the practice pool no service is the key of more than MAX_KEY_SHARE of the items, so a 30-item
    draw holds it about MAX_KEY_SHARE * 30 times at most."""
    pool = bank.practice_pool
    keys = Counter(key for q in pool for key in q.keys)
    return [f"practice pool: {service} is the key of {count} of {len(pool)} items ({count * 30 / len(pool):.1f} per "
            f"30-item draw; at most {MAX_KEY_SHARE * 30:.1f}); write scenarios for other services or drop some"
            for service, count in keys.items() if count > MAX_KEY_SHARE * len(pool)]


def every_key_rests_on_a_fact(bank: StudyBank, registry: Registry) -> list[str]:
    """Each key with a note is backed by one of the item's facts (a Choose TWO item cited only its own note's)."""
    problems = []
    for question in bank.questions:
        if not _pool_candidate(question, registry):
            continue
        cited = {fact.split(":")[0].split(".")[0] for fact in question.facts}
        unbacked = sorted(key for key in question.keys if key in registry.services and key not in cited)
        if unbacked:
            problems.append(f"{_where(question)}: no fact of {', '.join(unbacked)} backs this key; list one under "
                            "the scenario's facts, or give that note the fact that says when to use it")
    return problems


LONGEST_KEY_RATIO = 1.25  # a key this much longer than every wrong choice stands out before it is read


def no_longest_answer_cue(bank: StudyBank, registry: Registry) -> list[str]:
    """Sentence choices (written items) give no length cue: no key stands out as far the longest choice, and in
    at most half of the practice items is the key the longest, or "pick the longest" would beat chance."""
    pool = [q for q in bank.questions if q.kind == "written" and _pool_candidate(q, registry)]
    problems, longest = [], []
    for question in pool:
        wrong = max(len(choice) for index, choice in enumerate(question.choices) if index not in question.answers)
        key = max(len(question.choices[index]) for index in question.answers)
        if key > LONGEST_KEY_RATIO * wrong:
            problems.append(f"{_where(question)}: the key ({key} characters) is far longer than every wrong choice "
                            f"(at most {wrong}); shorten it or give the wrong choices the same detail")
        if key > wrong:
            longest.append(question)
    if len(longest) * 2 > len(pool):
        problems.append(f"practice pool: the key is the longest choice in {len(longest)} of {len(pool)} written items "
                        f"({'; '.join(_where(q) for q in longest)}); balance the lengths of some of their choices")
    return problems


PHRASE_WORDS = 4  # a phrase: this many consecutive words of a situation (lowercased)
PHRASE_STEMS = 3  # shared by this many practice stems of one key (and no other), it is a cue for that key


def _situation_words(question: Question) -> list[str]:
    """The stem's words without the ask every scenario ends with (boilerplate, never a cue)."""
    stem = question.stem
    for ask in (ASK_ONE, ASK_TWO):
        stem = stem.removesuffix(ask)
    return _words(stem)


def _phrases(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i:i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)]


def _runs(words: list[str], flagged: set[tuple[str, ...]]) -> list[tuple[str, set[tuple[str, ...]]]]:
    """The flagged phrases in `words`, overlapping ones joined ("it never has to size or patch"): each
    run's text and the phrases it is made of."""
    runs: list[tuple[list[int], set[tuple[str, ...]]]] = []
    for start, phrase in enumerate(_phrases(words)):
        if phrase in flagged:
            if runs and start < runs[-1][0][1]:  # overlaps the run before: extend it
                runs[-1][0][1] = start + PHRASE_WORDS
                runs[-1][1].add(phrase)
            else:
                runs.append(([start, start + PHRASE_WORDS], {phrase}))
    return [(" ".join(words[a:b]), phrases) for (a, b), phrases in runs]


def no_stock_phrase_per_key(bank: StudyBank, registry: Registry) -> list[str]:
    """No phrase of PHRASE_WORDS words is shared by PHRASE_STEMS or more practice stems that all have one key
    while no practice stem without that key uses it: a student would learn the phrase, not the service.
    Phrases many items share ("a company wants to") come with several keys, so they never count.
    Practice stems: every item the practice exam may draw, so the rule holds whatever the blueprint keeps."""
    pool = [question for question in bank.questions if _pool_candidate(question, registry)]
    words = {question.id: _situation_words(question) for question in pool}
    users: dict[tuple[str, ...], list[Question]] = defaultdict(list)
    for question in pool:
        for phrase in set(_phrases(words[question.id])):
            users[phrase].append(question)
    cues: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # key -> the phrases that give it away
    for phrase, items in users.items():
        if len(items) >= PHRASE_STEMS:
            for key in frozenset.intersection(*(q.keys for q in items)):
                cues[key].add(phrase)
    # Phrases that overlap in some stem are one cue ("it never has to" + "never has to size" ...), reported
    # once: under its most common wording, with every stem that uses any part of it.
    found: dict[tuple[str, str], list[Question]] = {}
    for key, phrases in cues.items():
        cue_of = {phrase: frozenset({phrase}) for phrase in phrases}
        runs = {question.id: _runs(words[question.id], phrases) for question in pool}
        for run in (run for each in runs.values() for run in each):
            joined = frozenset().union(*(cue_of[phrase] for phrase in run[1]))
            cue_of.update(dict.fromkeys(joined, joined))
        for cue in set(cue_of.values()):
            items = [q for q in pool if any(phrases & cue for _, phrases in runs[q.id])]
            texts = Counter(text for q in items for text, phrases in runs[q.id] if phrases & cue)
            found[key, max(texts, key=lambda text: (texts[text], len(text)))] = items
    return [f"practice stems: the phrase “{text}” is in {len(items)} stems, all keyed {registry.choice_name(key)!r} "
            f"and no other, so it gives the key away: {'; '.join(_where(q) for q in items)}; "
            "say the need in different words in each scenario"
            for (key, text), items in sorted(found.items())]


RULES: dict[str, Callable[[StudyBank, Registry], list[str]]] = {
    "one key per stem": one_key_per_stem,
    "stem names no choice": stem_names_no_choice,
    "no wrong choice fits": no_wrong_choice_fits,
    "choices differ": choices_differ,
    "explanations explain": explanations_explain,
    "notes fit the question": notes_fit_the_question,
    "stem gives no key away": stem_gives_no_key_away,
    "stem argues for no option": stem_argues_for_no_option,
    "stem rules out no choice by one word": stem_rules_out_no_choice_by_one_word,
    "notes differ from the explanation": notes_differ_from_the_explanation,
    "no near duplicates": no_near_duplicates,
    "keys balanced": keys_balanced,
    "every key rests on a fact": every_key_rests_on_a_fact,
    "no longest-answer cue": no_longest_answer_cue,
    "no stock phrase per key": no_stock_phrase_per_key,
}


def bank_problems(bank: StudyBank, registry: Registry) -> dict[str, list[str]]:
    """Rule name -> its problems, for every rule (empty lists when the bank keeps them all)."""
    return {name: rule(bank, registry) for name, rule in RULES.items()}
