"""What the study pages hand the browser: the practice exam's two data scripts and its draw quotas
(pure functions on the real bank; the browser side is in test_browser_study.py)."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter

import pytest
from conftest import real_registry

from serverless_notes import study_pages
from serverless_notes.study import build_bank

REGISTRY = real_registry()
BANK = build_bank(REGISTRY)
POOL = study_pages.exam_pool(BANK)


def script_data(script: bytes) -> dict:
    """`window.name = {...};` as the browser reads it."""
    text = script.decode("utf-8")
    return json.loads(text[text.index("{"): text.rindex("}") + 1])


@pytest.mark.parametrize("draw", [1, 7, study_pages.EXAM_QUESTIONS])
def test_quotas_share_a_draw_between_categories_in_proportion_to_the_pool(draw):
    quotas = study_pages.quotas(POOL, draw)
    counts = Counter(question.category for question in POOL)
    assert sum(quotas.values()) == draw and set(quotas) == set(counts)
    for category, quota in quotas.items():  # each within one of its exact share
        assert abs(quota - draw * counts[category] / len(POOL)) < 1


def test_the_exam_page_gets_its_pool_in_two_scripts_what_asks_first_and_the_explanations_later():
    scripts = study_pages.exam_bank_scripts(REGISTRY, POOL, directory_urls=False)
    bank = script_data(scripts[study_pages.EXAM_BANK])
    why = script_data(scripts[study_pages.EXAM_WHY])
    assert [q["id"] for q in bank["questions"]] == [q.id for q in POOL] and set(why) == {q.id for q in POOL}
    assert all(q.in_practice_exam for q in POOL)
    by_id = {q.id: q for q in POOL}
    for item in bank["questions"]:
        question = by_id[item["id"]]
        assert not set(item) & set(study_pages.WHY_KEYS)
        assert (item["q"], item["c"], item["a"], item["k"]) == (question.stem, list(question.choices),
                                                                list(question.answers), question.category)
        assert why[item["id"]]["e"] == question.explanation
        assert why[item["id"]]["cn"] == list(question.choice_notes)
    assert bank["quotas"] == study_pages.quotas(POOL, min(study_pages.EXAM_QUESTIONS, len(POOL)))
    assert bank["labels"] == {cid: category.label for cid, category in REGISTRY.categories.items()}


def test_data_that_would_close_a_script_stays_text():
    question = POOL[0]
    hostile = dataclasses.replace(question, explanation="</script><script>alert(1)</script>")
    script = study_pages.exam_bank_scripts(REGISTRY, [hostile], directory_urls=False)[study_pages.EXAM_WHY]
    assert b"</script>" not in script
    assert script_data(script)[question.id]["e"] == "</script><script>alert(1)</script>"
