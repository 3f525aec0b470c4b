"""What the LMS sees: the learner journeys of the runtime issue, in SCORM 1.2 and 2004, with scorm-again as the LMS."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from course.model import Standard
from tests.browser import (
    Profile,
    StaticServer,
    close_course,
    lms_cmi,
    lms_errors,
    lms_log,
    page_record,
    relaunch_data,
    wait_for_call,
)
from tests.course_driver import (
    NAMES,
    answer,
    config,
    current_locale,
    current_view,
    goto,
    interactions,
    launch,
    read_all_lessons,
    root,
    set_values,
    strings,
    switch_locale,
    take_assessment,
    take_assessment_after_retake,
)

WRONG = {"scorm12": "wrong", "scorm2004": "incorrect"}  # each standard's token for a wrong answer
SESSION_TIME = {
    "scorm12": re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$"),
    "scorm2004": re.compile(r"^P.*T.*S$|^PT0S$"),
}


def assert_clean(page: Page) -> None:
    assert lms_errors(page) == [], lms_errors(page)
    assert page_record(page).errors == []


@pytest.mark.parametrize("profile", [None, "moodle"])
def test_whole_journey_fail_then_pass_ends_passed_and_completed_with_score_and_interactions(
    page: Page, course_server: StaticServer, standard: Standard, profile: Profile | None
) -> None:
    """In scorm-again as it is, and as Moodle behaves (its pass mark from the manifest, its response tokens)."""
    names = NAMES[standard]
    frame = launch(page, course_server, standard, profile=profile)
    data = config(frame)
    read_all_lessons(frame)
    take_assessment(frame, right_answers=0)
    take_assessment_after_retake(frame, right_answers=len(data["assessment"]))
    goto(frame, "summary")
    close_course(page)
    wait_for_call(page, "terminate")
    values = set_values(page)
    if standard == "scorm12":
        assert [values[names["status"]][0], values[names["status"]][-1]] == ["incomplete", "passed"]
    else:
        assert [values[names["status"]][0], values[names["status"]][-1]] == ["incomplete", "completed"]
        assert values["cmi.success_status"][-1] == "passed"
        assert values["cmi.score.scaled"][-1] == "1"
        assert values["cmi.progress_measure"][-1] == "1"
    assert [values[names[score]][-1] for score in ("raw", "min", "max")] == ["100", "0", "100"]
    recorded = interactions(page)
    questions = len(data["assessment"])
    assert len(recorded) == 2 * questions  # one per answer, both attempts, in the order handed in
    first, second = recorded[:questions], recorded[questions:]
    assert sorted(item["id"] for item in first) == sorted(item["id"] for item in second) == sorted(data["assessment"])
    assert [item["result"] for item in first] == [WRONG[standard]] * questions  # all answered wrongly
    assert [item["result"] for item in second] == ["correct"] * questions
    assert all(names["response"] in item and "correct_responses.0.pattern" in item for item in recorded)
    assert all(item.get("latency") for item in recorded)
    assert SESSION_TIME[standard].match(values[names["session"]][-1])
    assert values[names["exit"]][-1] in ("", "normal")
    assert len(lms_log(page, "terminate")) == 1
    assert not [call for call in lms_log(page) if call["state"] == "terminated"]
    assert_clean(page)


def test_leave_half_way_and_relaunch_resumes_at_the_same_place_with_answers_kept(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    data = config(frame)
    first, second = data["lessons"][:2]
    goto(frame, f"lesson/{first}")
    goto(frame, f"check/{first}")
    question_id = data["checks"][first][0]
    question = root(frame).locator(f"form[data-check-question='{question_id}']")
    answer(question, data["questions"][question_id], right=True)
    question.locator("button[type=submit]").click()
    goto(frame, f"lesson/{second}")
    close_course(page)
    wait_for_call(page, "terminate")
    assert set_values(page)[NAMES[standard]["exit"]][-1] == "suspend"
    stored = relaunch_data(page)
    assert_clean(page)

    frame = launch(page, course_server, standard, initial=stored)
    assert current_view(frame) == f"lesson/{second}"
    goto(frame, f"check/{first}")
    again = root(frame).locator(f"form[data-check-question='{question_id}']")
    checked = again.locator("input:checked")
    assert checked.count() >= 1
    assert sorted(checked.evaluate_all("els => els.map(e => e.value)")) == sorted(
        data["questions"][question_id]["correct"]
    )
    assert_clean(page)


@pytest.mark.parametrize(("preference", "locale", "direction"), [("fi-FI", "fi", "ltr"), ("ar", "ar", "rtl")])
def test_learner_preference_picks_the_language_and_switching_keeps_progress(
    page: Page, course_server: StaticServer, standard: Standard, preference: str, locale: str, direction: str
) -> None:
    frame = launch(page, course_server, standard, initial={NAMES[standard]["language"]: preference})
    assert current_locale(frame) == locale
    assert frame.evaluate("[document.documentElement.lang, document.documentElement.dir]") == [locale, direction]
    data = config(frame)
    goto(frame, f"lesson/{data['lessons'][0]}")
    take_assessment(frame, right_answers=3)
    ids_before = [item["id"] for item in interactions(page)]
    switch_locale(frame, "sv")
    assert current_view(frame) == "results"
    seen = root(frame).locator(f"[data-menu-lesson='{data['lessons'][0]}'] .menu-state[data-state=seen]")
    assert seen.is_visible()
    take_assessment_after_retake(frame, right_answers=3)
    ids_after = [item["id"] for item in interactions(page)][len(ids_before) :]
    assert sorted(ids_before) == sorted(ids_after) == sorted(data["assessment"])
    assert set_values(page)[NAMES[standard]["language"]][-1] == "sv"
    assert_clean(page)


def test_an_lms_mastery_score_overrides_the_packages(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    mastery = {"scorm12": "50", "scorm2004": "0.5"}[standard]
    frame = launch(page, course_server, standard, initial={NAMES[standard]["mastery"]: mastery})
    shown = root(frame).locator('[data-slot="passing"]').first.text_content() or ""
    assert "50" in shown, "the learner is told the LMS's pass mark"
    assert "80" not in shown, "not the package's"
    total = len(config(frame)["assessment"])
    read_all_lessons(frame)
    take_assessment(frame, right_answers=(total + 1) // 2 + 1)  # over 50 %, under the package's 80 %
    values = set_values(page)
    success = values["cmi.core.lesson_status" if standard == "scorm12" else "cmi.success_status"][-1]
    assert success == "passed"
    assert_clean(page)


def test_without_an_lms_the_course_works_and_keeps_progress_in_the_browser(
    page: Page, course_server: StaticServer
) -> None:
    page.goto(course_server.url_for("course/index.html"))
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    frame = page.main_frame
    lesson = config(frame)["lessons"][2]
    goto(frame, f"lesson/{lesson}")
    page.reload()
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert current_view(frame) == f"lesson/{lesson}"
    assert root(frame).locator(f"[data-menu-lesson='{lesson}'] .menu-state[data-state=seen]").is_visible()
    assert page_record(page).errors == []


@pytest.mark.parametrize("failing", ["set_value", "commit"])
def test_an_lms_whose_setvalue_or_commit_fails_keeps_the_page_working_retries_and_shows_the_notice(
    page: Page, course_server: StaticServer, standard: Standard, failing: str
) -> None:
    rule = {"set_value": [{"elements": ["cmi.suspend_data"], "times": 8}], "commit": {"times": 8}}[failing]
    frame = launch(page, course_server, standard, failures={failing: rule})
    lesson = config(frame)["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    notice = root(frame).locator("[data-slot=notice]")
    notice.wait_for(state="visible")
    assert notice.inner_text() == strings(frame)["saveProblem"]
    assert notice.get_attribute("data-kind") == "saveProblem"
    goto(frame, f"check/{lesson}")  # the learner carries on
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').textContent === ''", timeout=15_000
    )
    stored = lms_cmi(page)
    assert stored.get("cmi.suspend_data"), "the data reached the LMS in the end"
    assert page_record(page).errors == []


def test_leave_during_the_assessment_and_relaunch_keeps_the_order_and_the_answers_given_so_far(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    data = config(frame)
    goto(frame, "assessment")
    items = root(frame).locator("li[data-assessment-question]")
    order = items.evaluate_all("items => items.map(item => item.dataset.assessmentQuestion)")
    for qid in order[:3]:
        answer(root(frame).locator(f"li[data-assessment-question='{qid}']"), data["questions"][qid], right=True)
    close_course(page)
    wait_for_call(page, "terminate")
    assert not interactions(page)  # nothing is reported before the learner hands in
    stored = relaunch_data(page)

    frame = launch(page, course_server, standard, initial=stored)
    assert current_view(frame) == "assessment"
    again = root(frame).locator("li[data-assessment-question]")
    assert again.evaluate_all("items => items.map(item => item.dataset.assessmentQuestion)") == order
    for qid in order[:3]:
        question = root(frame).locator(f"li[data-assessment-question='{qid}']")
        assert question.locator("input:checked, select option:checked:not([value=''])").count() >= 1, qid
    untouched = root(frame).locator(f"li[data-assessment-question='{order[3]}']")
    assert untouched.locator("input:checked, select option:checked:not([value=''])").count() == 0
    assert_clean(page)
