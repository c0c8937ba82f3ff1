"""Study mode in a real Chromium: quizzes and flashcards from disk with the network cut, progress kept
across reloads, accessibility in both colour schemes, the phone layout and the exam page's weight."""

from __future__ import annotations

import gzip
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT

from serverless_notes import study_pages
from serverless_notes.loader import load_registry
from serverless_notes.study import build_bank

pytestmark = pytest.mark.browser

REGISTRY = load_registry(ROOT / "docs")
BANK = build_bank(REGISTRY)


def html_path(doc_path: str) -> str:
    return study_pages.link_target(doc_path, directory_urls=False)


def busiest_service():
    """The service with the most questions (any would do; this one exercises the most)."""
    service_id = max(REGISTRY.services, key=lambda sid: len(BANK.questions_for(service_id=sid)))
    return REGISTRY.services[service_id]


def test_answering_wrong_then_right_shows_verdict_and_explanation_and_a_reload_keeps_it(offline_page, built_site):
    service = busiest_service()
    page = built_site / html_path(study_pages.category_quiz(service.category))
    offline_page.goto(page.as_uri() + "#" + study_pages.service_quiz_anchor(service.id))
    assert offline_page.locator(".sn-quiz__title").inner_text() == f"Quiz: {service.short_name}"
    question = BANK.questions_for(service_id=service.id)[0]
    item = offline_page.locator(f'[data-sn-question="{question.id}"]')
    assert item.locator(".sn-q__prompt").inner_text() == question.prompt
    wrong = next(i for i in range(len(question.choices)) if i != question.answer)
    item.locator(".sn-choice").nth(wrong).click()
    feedback = item.locator(".sn-q__feedback")
    assert feedback.locator(".sn-q__verdict").inner_text().startswith("Not quite")
    assert feedback.locator(".sn-q__explanation").inner_text() == question.explanation
    item.locator(".sn-choice").nth(question.answer).click()
    assert feedback.locator(".sn-q__verdict").inner_text() == "Correct, on try 2."
    note_link = feedback.locator("a").first.get_attribute("href")
    assert note_link.split("#")[1] == question.note_anchor or not question.note_anchor
    offline_page.reload()
    item = offline_page.locator(f'[data-sn-question="{question.id}"]')
    assert item.locator(".sn-q__verdict").inner_text() == "Correct, on try 2."
    assert item.locator(".sn-q__explanation").inner_text() == question.explanation
    assert item.locator(".sn-choice--wrong").count() == 1 and item.locator(".sn-choice--right").count() == 1
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_the_practice_exam_scores_and_reviews_the_misses(offline_page, built_site):
    offline_page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    items = offline_page.locator(".sn-q")
    count = items.count()
    assert count == min(study_pages.EXAM_QUESTIONS, len(BANK.questions))
    by_id = {q.id: q for q in BANK.questions}
    for index in range(count):
        item = items.nth(index)
        question = by_id[item.get_attribute("data-sn-question")]
        if index == 0:  # miss the first one
            item.locator(".sn-choice").nth((question.answer + 1) % len(question.choices)).click()
        item.locator(".sn-choice").nth(question.answer).click()
    score = offline_page.locator(".sn-quiz__score").inner_text()
    assert score.startswith(f"Your score: {count - 1} of {count}")
    review = offline_page.locator(".sn-quiz__review li")
    assert review.count() == 1
    assert review.locator("a").first.get_attribute("href")
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_a_flashcard_marked_got_it_moves_up_a_box_and_stays_there_after_a_reload(offline_page, built_site):
    category = next(c for c in REGISTRY.categories if BANK.cards_for(c))
    offline_page.goto((built_site / html_path(study_pages.flashcards(category))).as_uri())
    total = len(BANK.cards_for(category))
    box = offline_page.locator('[data-sn-box="1"]')
    assert box.inner_text() == f"Box 1: {total}"
    card_id = offline_page.locator(".sn-card").get_attribute("data-sn-card")
    offline_page.keyboard.press("Space")  # show the answer from the keyboard
    assert offline_page.locator(".sn-card__back").is_visible()
    offline_page.get_by_role("button", name="Got it").click()
    assert offline_page.locator('[data-sn-box="2"]').inner_text() == "Box 2: 1"
    assert offline_page.locator(".sn-card").get_attribute("data-sn-card") != card_id or total == 1
    offline_page.reload()
    assert offline_page.locator('[data-sn-box="2"]').inner_text() == "Box 2: 1"
    assert offline_page.locator('[data-sn-box="1"]').inner_text() == f"Box 1: {total - 1}"
    # "Again" from the keyboard sends the next card back to box 1 (where it already is).
    offline_page.keyboard.press("Space")
    offline_page.keyboard.press("1")
    assert offline_page.locator('[data-sn-box="2"]').inner_text() == "Box 2: 1"
    assert offline_page.requests.external == [] and offline_page.js_errors == []


PRACTICE_PAGES = [study_pages.PRACTICE_INDEX, study_pages.PRACTICE_EXAM, study_pages.WHICH_SERVICE,
                  study_pages.EXAM_TRAPS, study_pages.FLASHCARDS_INDEX]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_practice_pages_have_no_serious_accessibility_violation(browser, built_site, scheme):
    category = next(c for c in REGISTRY.categories if BANK.cards_for(c))
    pages = [*PRACTICE_PAGES, study_pages.flashcards(category), study_pages.category_quiz(category)]
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    found = {}
    for doc_path in pages:
        page.goto((built_site / html_path(doc_path)).as_uri())
        if doc_path == study_pages.PRACTICE_EXAM:  # with a wrong and a right answer showing
            first = page.locator(".sn-q").first
            question = next(q for q in BANK.questions if q.id == first.get_attribute("data-sn-question"))
            first.locator(".sn-choice").nth((question.answer + 1) % len(question.choices)).click()
            first.locator(".sn-choice").nth(question.answer).click()
        if doc_path.startswith("practice/flashcards/") and not doc_path.endswith("index.md"):
            page.get_by_role("button", name="Show answer").click()
            # The answer's buttons take focus and the page scrolls: Material then fades the header's
            # title in; axe measures the settled page, not the fade.
            page.wait_for_timeout(500)
        violations = Axe().run(page).response["violations"]
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations
                   if v["impact"] in ("serious", "critical")]
        if serious:
            found[doc_path] = serious
    context.close()
    assert found == {}


def test_practice_exam_fits_a_375px_phone_and_works_with_the_keyboard(browser, built_site):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(".sn-choice").first.focus()
    page.keyboard.press("Enter")
    assert page.locator(".sn-q__feedback").first.inner_text() != ""
    context.close()


def test_practice_exam_first_view_stays_under_300_kib_transferred(browser, hosted_site, built_site):
    """Everything the first view fetches, as gzip would send it (GitHub Pages compresses text)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(hosted_site + html_path(study_pages.PRACTICE_EXAM))
    page.wait_for_load_state("networkidle")
    context.close()
    total = 0
    for url in set(fetched):
        path = built_site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_file():
            data = path.read_bytes()
            total += len(data) if path.suffix in (".png", ".jpg", ".woff2", ".zip") else len(gzip.compress(data))
    assert 0 < total < 300 * 1024, total
    Path(built_site.parent / "exam-first-view-bytes.txt").write_text(str(total))


def test_reset_on_the_practice_page_clears_answers_and_boxes(offline_page, built_site):
    service = busiest_service()
    quiz = (built_site / html_path(study_pages.category_quiz(service.category))).as_uri()
    offline_page.goto(quiz + "#" + study_pages.service_quiz_anchor(service.id))
    offline_page.locator(".sn-choice").first.click()
    assert offline_page.locator(".sn-q__verdict").count() == 1
    offline_page.goto((built_site / html_path(study_pages.PRACTICE_INDEX)).as_uri())
    offline_page.get_by_role("button", name="Reset all my answers and flashcard boxes").click()
    assert offline_page.get_by_role("status").filter(has_text="cleared").count() == 1
    assert offline_page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sn-study')).length") == 0
    offline_page.goto(quiz + "#" + study_pages.service_quiz_anchor(service.id))
    assert offline_page.locator(".sn-q__verdict").count() == 0
