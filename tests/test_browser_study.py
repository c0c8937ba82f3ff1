"""Study mode in a real Chromium: the practice exam, quizzes and flashcards from disk with the network cut,
progress and history kept across reloads, accessibility in both colour schemes, the phone layout, layout
shift and the exam page's weight. Expectations come from the built data (the exam's bank script, the
bank), never from fixed lists."""

from __future__ import annotations

import datetime
import gzip
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import real_registry, serious_accessibility_violations
from playwright.sync_api import expect

from serverless_notes import study_pages
from serverless_notes.study import build_bank

pytestmark = pytest.mark.browser

REGISTRY = real_registry()
BANK = build_bank(REGISTRY)
EXAM_KEY = "sn-study-v2:quiz:" + study_pages.PRACTICE_EXAM[: -len(".md")]


def html_path(doc_path: str) -> str:
    return study_pages.link_target(doc_path, directory_urls=False)


def exam_bank(site: Path) -> dict:
    """The practice exam's pool as the page gets it: `window.snStudyExamBank = {...};`."""
    text = (site / study_pages.EXAM_BANK).read_text(encoding="utf-8")
    return json.loads(text[text.index("{"): text.rindex("}") + 1])


def busiest_service():
    """The service with the most questions (any would do; this one exercises the most)."""
    service_id = max(REGISTRY.services, key=lambda sid: len(BANK.questions_for(service_id=sid)))
    return REGISTRY.services[service_id]


def current_question(page, by_id: dict) -> dict:
    return by_id[page.locator("form.sn-q").get_attribute("data-sn-question")]


def answer(page, question: dict, right: bool) -> None:
    """Answers the question on screen: right at once, or wrong first and then "Show answer" (left wrong)."""
    if right:
        picks = question["a"]
    else:
        wrong = [i for i in range(len(question["c"])) if i not in question["a"]]
        picks = (wrong + question["a"])[: len(question["a"])]
    for choice in picks:
        page.locator(f'form.sn-q input[value="{choice}"]').check()
    page.get_by_role("button", name="Check answer").click()
    if not right:
        assert page.locator(".sn-q__verdict").inner_text().startswith("Not right")
        assert page.locator(".sn-q__explanation").count() == 0  # not before the answer is settled
        page.get_by_role("button", name="Show answer").click()
    page.locator(".sn-q__answer").wait_for()  # the explanations' script loads with the first settled answer


def only_these_questions(page, questions: list[dict]) -> None:
    """Makes the exam page's bank hold just `questions` (the page's own script still draws and scores them)."""
    page.add_init_script(f"""Object.defineProperty(window, "snStudyExamBank", {{
        configurable: true, get: function () {{ return this._bank; }},
        set: function (data) {{ data.questions = {json.dumps(questions)}; data.quotas = {{}}; this._bank = data; }}
    }});""")


# --- the practice exam ------------------------------------------------------------------------------

def test_a_choose_two_question_is_right_only_with_both_answers(offline_page, built_site):
    bank = exam_bank(built_site)
    two = next((q for q in bank["questions"] if len(q["a"]) == 2), None)
    if two is None:  # a bank without one yet: make one of its questions "Choose TWO" (the page is what is tested)
        two = dict(bank["questions"][0])
        two["a"] = [two["a"][0], next(i for i in range(len(two["c"])) if i != two["a"][0])]
    only_these_questions(offline_page, [two])
    offline_page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    form = offline_page.locator("form.sn-q")
    assert form.locator(".sn-q__hint").inner_text() == "Choose TWO."
    assert form.locator('input[type="checkbox"]').count() == len(two["c"])
    wrong = next(i for i in range(len(two["c"])) if i not in two["a"])
    form.locator(f'input[value="{two["a"][0]}"]').check()
    offline_page.get_by_role("button", name="Check answer").click()  # one of two: not a try yet
    assert offline_page.locator(".sn-q__verdict").inner_text() == "Pick 2 answers."
    form.locator(f'input[value="{wrong}"]').check()
    offline_page.get_by_role("button", name="Check answer").click()  # one right and one wrong: not right
    assert offline_page.locator(".sn-q__verdict").inner_text().startswith("Not right")
    form.locator(f'input[value="{wrong}"]').uncheck()
    form.locator(f'input[value="{two["a"][1]}"]').check()
    offline_page.get_by_role("button", name="Check answer").click()
    expect(offline_page.locator(".sn-q__verdict")).to_have_text(re.compile(r"^Correct, on try 2"))
    assert form.locator(".sn-choice--right").count() == 2
    offline_page.get_by_role("button", name="See your score").click()
    assert offline_page.locator(".sn-quiz__score").inner_text().startswith("Your score: 0 of 1")
    offline_page.get_by_role("button", name="New draw").click()  # both at once, and nothing else: right
    for choice in two["a"]:
        form.locator(f'input[value="{choice}"]').check()
    offline_page.get_by_role("button", name="Check answer").click()
    expect(offline_page.locator(".sn-q__verdict")).to_have_text("Correct.")
    offline_page.get_by_role("button", name="See your score").click()
    assert offline_page.locator(".sn-quiz__score").inner_text().startswith("Your score: 1 of 1")
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_a_finished_exam_keeps_its_score_and_joins_the_history_and_reset_asks_first(offline_page, built_site):
    bank = exam_bank(built_site)
    by_id = {q["id"]: q for q in bank["questions"]}
    exam = (built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri()
    offline_page.goto(exam)
    total = min(study_pages.EXAM_QUESTIONS, len(by_id))
    right = 0
    categories: dict[str, list[int]] = {}
    for index in range(total):
        question = current_question(offline_page, by_id)
        is_right = index % 3 != 0  # every third one left wrong
        answer(offline_page, question, is_right)
        right += is_right
        label = bank["labels"][question["k"]]
        categories.setdefault(label, [0, 0])
        categories[label][0] += is_right
        categories[label][1] += 1
        status = offline_page.locator(".sn-quiz__status").inner_text()
        assert status.startswith(f"{index + 1} of {total} answered · {right} right")
        offline_page.locator(".sn-q__next").click()
    score = f"Your score: {right} of {total}"
    assert offline_page.locator(".sn-quiz__score").inner_text().startswith(score)
    review = offline_page.locator(".sn-quiz__review > li")
    assert review.count() == total
    assert review.filter(has_text="✗ You picked:").count() == total - right
    offline_page.reload()
    assert offline_page.locator(".sn-quiz__score").inner_text().startswith(score)

    offline_page.goto((built_site / html_path(study_pages.PRACTICE_INDEX)).as_uri())
    attempts = offline_page.locator(".sn-progress__history > li")
    assert attempts.count() == 1
    assert attempts.first.locator(".sn-history__what").inner_text() == "Practice exam"
    assert attempts.first.locator(".sn-history__score").inner_text().startswith(f"{right} of {total}")
    for label, (got, asked) in categories.items():
        assert f"{label} {got}/{asked}" in attempts.first.locator(".sn-history__categories").inner_text()
    offline_page.get_by_role("button", name="Reset all my answers, history and flashcards").click()
    assert offline_page.locator(".sn-reset__confirm").is_visible()
    assert offline_page.locator(".sn-reset__ask").is_hidden()
    offline_page.get_by_role("button", name="Cancel").click()  # asked, declined: nothing is lost
    offline_page.reload()
    assert offline_page.locator(".sn-progress__history > li").count() == 1
    offline_page.get_by_role("button", name="Reset all my answers, history and flashcards").click()
    offline_page.get_by_role("button", name="Yes, reset").click()
    assert offline_page.get_by_role("status").filter(has_text="cleared").count() == 1
    assert offline_page.locator(".sn-progress__history").count() == 0
    assert offline_page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sn-study')).length") == 0
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_in_a_timed_draw_questions_left_when_time_runs_out_count_as_missed(offline_page, built_site):
    by_id = {q["id"]: q for q in exam_bank(built_site)["questions"]}
    total = min(study_pages.EXAM_QUESTIONS, len(by_id))
    offline_page.clock.install()
    offline_page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    offline_page.locator(".sn-quiz__timed").click()
    assert offline_page.locator(".sn-quiz__timer").inner_text().startswith("Time left: ")
    answer(offline_page, current_question(offline_page, by_id), right=True)
    offline_page.clock.run_for("01:00:00")  # longer than any draw is given
    expect(offline_page.locator(".sn-quiz__score")).to_have_text(re.compile(rf"^Your score: 1 of {total}"))
    assert offline_page.locator(".sn-review__picked", has_text="No answer given").count() == total - 1
    offline_page.reload()  # finished: no timer, the score stays
    assert offline_page.locator(".sn-quiz__timer").inner_text() == ""
    assert offline_page.locator(".sn-quiz__score").inner_text().startswith(f"Your score: 1 of {total}")
    assert offline_page.js_errors == []


def drawn(page) -> list[str]:
    return page.evaluate(f"JSON.parse(localStorage.getItem({json.dumps(EXAM_KEY)})).ids")


def test_no_question_comes_back_before_the_pool_is_used_up_except_the_missed_ones(offline_page, built_site):
    bank = exam_bank(built_site)
    by_id = {q["id"]: q for q in bank["questions"]}
    size = min(study_pages.EXAM_QUESTIONS, len(by_id))
    offline_page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    first = drawn(offline_page)
    assert len(first) == size
    for ids in [first]:  # the draw follows the blueprint: its quotas, and one question per fact
        per_category: dict[str, int] = {}
        for question_id in ids:
            per_category[by_id[question_id]["k"]] = per_category.get(by_id[question_id]["k"], 0) + 1
        assert per_category == {k: v for k, v in bank["quotas"].items() if v}
        facts = [fact for question_id in ids for fact in by_id[question_id]["f"]]
        assert len(facts) == len(set(facts))
    missed = set()
    for index in range(size):
        question = current_question(offline_page, by_id)
        answer(offline_page, question, index >= 2)  # the first two missed
        if index < 2:
            missed.add(question["id"])
        offline_page.locator(".sn-q__next").click()
    seen = set(first)
    facts_of = {question_id: set(q["f"] or [question_id]) for question_id, q in by_id.items()}
    for number in range(len(by_id) // size + 2):
        offline_page.get_by_role("button", name="New draw").click()
        ids = drawn(offline_page)
        assert len(ids) == size
        if number == 0:
            assert missed <= set(ids)  # the missed ones come back in the next draw
        if (set(ids) - missed) & seen:  # a new round: only once no unseen question fits this draw
            in_draw = set().union(*(facts_of[question_id] for question_id in ids))
            unseen = set(by_id) - seen - set(ids)
            assert all(facts_of[question_id] & in_draw for question_id in unseen), \
                f"draw {number + 2} repeats a question while an unseen one would fit"
            if unseen:  # what that draw could not take opens the new round: the next draw has some of it
                offline_page.get_by_role("button", name="New draw").click()
                assert unseen & set(drawn(offline_page)), "questions left unseen wait a whole round"
            break
        seen |= set(ids)
    else:
        raise AssertionError("no draw ever started a new round: the pool is never used up")
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_a_service_quiz_from_its_data_file_keeps_answers_after_a_reload(offline_page, built_site):
    service = busiest_service()
    page = built_site / html_path(study_pages.category_quiz(service.category))
    offline_page.goto(page.as_uri() + "#" + study_pages.service_quiz_anchor(service.id))
    assert offline_page.locator(".sn-quiz__title").inner_text() == f"Quiz: {service.short_name}"
    questions = BANK.questions_for(service_id=service.id)
    question = questions[0]
    assert offline_page.locator(".sn-q__stem").inner_text() == question.stem
    data = {"a": list(question.answers), "c": list(question.choices)}
    answer(offline_page, data, right=False)
    feedback = offline_page.locator(".sn-q__feedback")
    assert feedback.locator(".sn-q__explanation").inner_text() == question.explanation
    note_link = feedback.locator("a").first.get_attribute("href")
    assert note_link.split("#")[1] == question.note_anchor or not question.note_anchor
    offline_page.reload()
    assert offline_page.locator(".sn-q__verdict").inner_text().startswith("The answer is shown")
    assert offline_page.locator(".sn-quiz__status").inner_text().startswith(f"1 of {len(questions)} answered · 0")
    assert offline_page.requests.external == [] and offline_page.js_errors == []


# --- flashcards --------------------------------------------------------------------------------------

def card_category():
    """A category with at least two cards (one graded Again needs another to come first)."""
    return next(c for c in REGISTRY.categories if len(BANK.cards_for(c)) >= 2)


def test_fsrs_due_dates_survive_a_reload(offline_page, built_site):
    category = card_category()
    total = len(BANK.cards_for(category))
    offline_page.goto((built_site / html_path(study_pages.flashcards(category))).as_uri())
    assert offline_page.locator('[data-sn-count="new"]').inner_text() == f"{total} new"
    card_id = offline_page.locator(".sn-card").get_attribute("data-sn-card")
    offline_page.keyboard.press("Space")  # show the answer from the keyboard
    assert offline_page.locator(".sn-card__back").is_visible()
    offline_page.get_by_role("button", name="Good").click()
    due = offline_page.evaluate(f"JSON.parse(localStorage.getItem('sn-study-v2:cards'))[{json.dumps(card_id)}].due")
    assert datetime.datetime.fromisoformat(due.replace("Z", "+00:00")) > datetime.datetime.now(datetime.UTC)
    offline_page.reload()
    assert offline_page.locator('[data-sn-count="later"]').inner_text() == "1 later"
    assert offline_page.locator('[data-sn-count="new"]').inner_text() == f"{total - 1} new"
    assert offline_page.locator(".sn-card").get_attribute("data-sn-card") != card_id
    after = offline_page.evaluate(f"JSON.parse(localStorage.getItem('sn-study-v2:cards'))[{json.dumps(card_id)}].due")
    assert after == due
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_a_card_graded_again_is_not_the_next_card_even_when_due_again_or_after_a_reload(offline_page, built_site):
    category = card_category()
    offline_page.clock.install()
    offline_page.goto((built_site / html_path(study_pages.flashcards(category))).as_uri())
    card = offline_page.locator(".sn-card")
    top = card.bounding_box()["y"]
    missed = card.get_attribute("data-sn-card")
    offline_page.keyboard.press("Space")
    offline_page.keyboard.press("1")  # Again
    assert card.get_attribute("data-sn-card") != missed
    assert card.bounding_box()["y"] == top  # the next card is where this one was: no jump
    offline_page.clock.fast_forward("05:00")  # the missed card is due again (FSRS: after a minute)
    offline_page.reload()
    assert offline_page.locator('[data-sn-count="due"]').inner_text() == "1 due"
    assert offline_page.locator(".sn-card").get_attribute("data-sn-card") != missed
    assert offline_page.requests.external == [] and offline_page.js_errors == []


def test_a_reverse_card_asks_for_the_service_from_the_situation(offline_page, built_site):
    """A reverse card from the data (the first one, or the first card made reverse when the bank has none yet)."""
    category = card_category()
    page = built_site / html_path(study_pages.flashcards(category))
    html = page.read_text(encoding="utf-8")
    start = html.index('class="sn-study-data">') + len('class="sn-study-data">')
    end = html.index("</script>", start)
    cards = json.loads(html[start:end])
    reverse = next((card for card in cards if card["r"]), None)
    if reverse is None:
        reverse = cards[0]
        reverse.update(r=True, f="A company wants X. Which AWS service should it use?", b="Amazon Example")
    copy = page.with_name("reverse-test.html")  # beside the page, so its relative links still resolve
    copy.write_text(html[:start] + json.dumps([reverse]).replace("<", "\\u003c") + html[end:], encoding="utf-8")
    try:
        offline_page.goto(copy.as_uri())
        assert "situation → service" in offline_page.locator(".sn-card__meta").inner_text()
        assert offline_page.locator(".sn-card__front").inner_text() == reverse["f"]
        offline_page.keyboard.press("Space")
        assert offline_page.locator(".sn-card__value").inner_text() == reverse["b"]
    finally:
        copy.unlink()
    assert offline_page.requests.external == [] and offline_page.js_errors == []


# --- every study page: accessibility, phones, layout shift, weight --------------------------------------

PRACTICE_PAGES = [study_pages.PRACTICE_INDEX, study_pages.PRACTICE_EXAM, study_pages.WHICH_SERVICE,
                  study_pages.EXAM_TRAPS, study_pages.FLASHCARDS_INDEX]


# One test per page and scheme, not one loop: xdist then spreads them over the workers (a loop over every page
# was the suite's slowest test, finishing alone), and a failure names its page.
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("doc_path", [*PRACTICE_PAGES, study_pages.flashcards(card_category()),
                                      study_pages.category_quiz(card_category())])
def test_practice_pages_have_no_serious_accessibility_violation(browser, built_site, doc_path, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto((built_site / html_path(doc_path)).as_uri())
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected  # axe sees the scheme
    if doc_path == study_pages.PRACTICE_EXAM:  # with a wrong answer and the answer showing
        by_id = {q["id"]: q for q in exam_bank(built_site)["questions"]}
        answer(page, current_question(page, by_id), right=False)
    if doc_path.startswith("practice/flashcards/") and not doc_path.endswith("index.md"):
        page.get_by_role("button", name="Show answer").click()
        # The answer's buttons take focus: Material then fades the header's title in; axe measures the
        # settled page, not the fade.
        page.wait_for_timeout(500)
    serious = serious_accessibility_violations(page)
    context.close()
    assert serious == []


def test_practice_exam_and_flashcards_fit_a_375px_phone_and_work_with_the_keyboard(browser, built_site):
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((built_site / html_path(study_pages.PRACTICE_EXAM)).as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator("form.sn-q input").first.focus()
    page.keyboard.press("Space")  # select the focused choice
    page.keyboard.press("Enter")  # and check it
    assert page.locator(".sn-q__verdict").inner_text() != ""
    page.goto((built_site / html_path(study_pages.flashcards(card_category()))).as_uri())
    counts = page.locator(".sn-flashcards__counts")
    line = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.sn-flashcards__counts')).lineHeight)")
    assert counts.bounding_box()["height"] < 2 * line  # the counts take one line
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


CLS_SCRIPT = """new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(total), 500);
})"""


@pytest.mark.parametrize("doc_path", [study_pages.PRACTICE_EXAM, study_pages.PRACTICE_INDEX])
def test_study_pages_do_not_shift_after_load(browser, hosted_site, doc_path):
    """Cumulative layout shift at 375 px while the script fills the page: the space is reserved (< 0.1)."""
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(hosted_site + html_path(doc_path))
    page.wait_for_load_state("networkidle")
    assert page.evaluate(CLS_SCRIPT) < 0.1
    context.close()


def test_practice_exam_first_view_stays_under_120_kib_transferred(browser, hosted_site, built_site):
    """Everything the first view fetches, as gzip would send it (GitHub Pages compresses text)."""
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(hosted_site + html_path(study_pages.PRACTICE_EXAM))
    page.wait_for_load_state("networkidle")
    assert page.locator("form.sn-q").count() == 1
    context.close()
    total = 0
    for url in set(fetched):
        path = built_site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_file():
            data = path.read_bytes()
            total += len(data) if path.suffix in (".png", ".jpg", ".woff2", ".zip") else len(gzip.compress(data))
    assert 0 < total < 120 * 1024, total
    Path(built_site.parent / "exam-first-view-bytes.txt").write_text(str(total))
