"""The LMS reports the course's learning objectives: completed when their lesson is seen, scored and passed or
failed at each hand-in on the questions that test them, the best result kept, described (2004) in the learner's
language. The real course in scorm-again, as it is and as Moodle behaves."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from course.model import Standard
from tests.browser import Profile, StaticServer, close_course, lms_cmi, lms_errors, page_record, wait_for_call
from tests.course_driver import (
    NAMES,
    answer,
    config,
    current_locale,
    goto,
    interactions,
    launch,
    read_all_lessons,
    root,
    set_values,
    take_assessment,
    take_assessment_after_retake,
)


def objectives_in_lms(page: Page) -> dict[str, dict[str, str]]:
    """cmi.objectives as the LMS holds them, by id: {"status": …, "score.raw": …, …}."""
    by_index: dict[int, dict[str, str]] = {}
    for element, value in lms_cmi(page).items():
        match = re.fullmatch(r"cmi\.objectives\.(\d+)\.(.+)", element)
        if match:
            by_index.setdefault(int(match.group(1)), {})[match.group(2)] = str(value)
    return {entry["id"]: entry for entry in by_index.values() if entry.get("id")}


def hand_in(frame: Frame, wrong: set[str]) -> None:
    """The final assessment with the questions in `wrong` answered wrongly and the others rightly."""
    data = config(frame)
    goto(frame, "assessment")
    for qid in data["assessment"]:
        answer(root(frame).locator(f"li[data-assessment-question='{qid}']"), data["questions"][qid], qid not in wrong)
    root(frame).locator("form[data-assessment] button[type=submit]").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'results'"
    )


def expected_percent(data: dict[str, Any], objective: str, wrong: set[str]) -> float:
    """As the runtime counts: the share of right answers among the assessment questions that test the objective."""
    tested = [qid for qid in data["assessment"] if objective in data["questions"][qid]["objectives"]]
    assert tested, f"{objective} is tested by no question"
    return round(10000 * sum(qid not in wrong for qid in tested) / len(tested)) / 100


def objective_text(frame: Frame, objective: str) -> str:
    """The objective as the lesson lists it in the language shown."""
    text = root(frame).locator(f"li[data-objective='{objective}']").text_content() or ""
    return " ".join(text.split())


@pytest.mark.parametrize("profile", [None, "moodle"])
def test_a_hand_in_reports_each_learning_objective_with_its_score_and_success(
    page: Page, course_server: StaticServer, standard: Standard, profile: Profile | None
) -> None:
    frame = launch(page, course_server, standard, profile=profile)
    data = config(frame)
    read_all_lessons(frame)
    # The five-principle matching item (it tests the most objectives) and one question of one objective wrong.
    several = max(data["assessment"], key=lambda qid: len(data["questions"][qid]["objectives"]))
    single = next(qid for qid in data["assessment"] if len(data["questions"][qid]["objectives"]) == 1)
    assert len(data["questions"][several]["objectives"]) > 1
    wrong = {several, single}
    hand_in(frame, wrong)
    shown = [str(item.get_attribute("data-revisit")) for item in root(frame).locator("li[data-revisit]:visible").all()]
    lessons_missed = {lesson for qid in wrong for lesson in data["questions"][qid]["lessons"]}
    assert shown == [lesson for lesson in data["lessons"] if lesson in lessons_missed], "every lesson of each wrong one"
    texts = {item["id"]: objective_text(frame, item["id"]) for item in data["objectives"]}
    shown_in = current_locale(frame)
    close_course(page)
    wait_for_call(page, "terminate")

    stored = objectives_in_lms(page)
    assert [oid for oid in stored if oid != "mastery"] == [item["id"] for item in data["objectives"]]
    outcomes = set()
    for item in data["objectives"]:
        entry, percent = stored[item["id"]], expected_percent(data, item["id"], wrong)
        success = "passed" if percent >= data["passingScore"] else "failed"
        outcomes.add(success)
        assert float(entry["score.raw"]) == pytest.approx(percent), item
        if standard == "scorm12":
            assert entry["status"] == success, item
        else:
            assert [entry["completion_status"], entry["success_status"]] == ["completed", success], item
            assert float(entry["score.scaled"]) == pytest.approx(percent / 100, abs=1e-4), item
            assert entry["description"] == f"{{lang={shown_in}}}" + texts[item["id"]], item
    assert outcomes == {"passed", "failed"}, "the attempt gives both"
    recorded = {item["id"]: item for item in interactions(page)}[several]
    named = [recorded[key] for key in sorted(recorded) if re.fullmatch(r"objectives\.\d+\.id", key)]
    assert named == data["questions"][several]["objectives"], "the interaction names every objective it tests"
    assert lms_errors(page) == []
    assert page_record(page).errors == []


def test_a_worse_later_attempt_fails_no_objective_the_learner_passed(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    data = config(frame)
    read_all_lessons(frame)
    take_assessment(frame, right_answers=len(data["assessment"]))
    take_assessment_after_retake(frame, right_answers=0)
    close_course(page)
    wait_for_call(page, "terminate")
    stored = objectives_in_lms(page)
    success = "status" if standard == "scorm12" else "success_status"
    assert {oid: (entry[success], float(entry["score.raw"])) for oid, entry in stored.items()} == {
        item["id"]: ("passed", 100.0) for item in data["objectives"]
    }
    written = [
        value
        for element, values in set_values(page).items()
        if re.fullmatch(r"cmi\.objectives\.\d+\." + success, element)
        for value in values
    ]
    assert "failed" not in written
    assert lms_errors(page) == []


@pytest.mark.parametrize("locale", ["sv", "ar", "fi"])
def test_the_objective_description_is_in_the_learners_language(
    page: Page, course_server: StaticServer, locale: str
) -> None:
    frame = launch(page, course_server, "scorm2004", initial={NAMES["scorm2004"]["language"]: locale})
    frame.wait_for_function("code => document.documentElement.lang === code", arg=locale)
    data = config(frame)
    first = data["lessons"][0]
    goto(frame, f"lesson/{first}")
    frame.evaluate("() => CourseRuntime.app.page.tracker.flush()")
    stored = objectives_in_lms(page)
    own = [item["id"] for item in data["objectives"] if item["lesson"] == first]
    assert {oid: stored[oid]["description"] for oid in own} == {
        oid: f"{{lang={locale}}}" + objective_text(frame, oid) for oid in own
    }
    assert all(len(stored[oid]["description"]) <= len(f"{{lang={locale}}}") + 250 for oid in own)
    assert [stored[oid]["completion_status"] for oid in own] == ["completed"] * len(own)
    later = [item["id"] for item in data["objectives"] if item["lesson"] != first]
    assert not set(later) & set(stored), "objectives of lessons not seen are not reported yet"
    assert lms_errors(page) == []
