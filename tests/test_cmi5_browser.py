"""The cmi5 package in a real browser against a real LRS: the launcher (tests/cmi5/) plays the LMS, ralph stores
the statements, and every journey ends with the spec's rules and the xAPI data model checked over what it stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser import unzip
from tests.cmi5.browser import exit_course, open_au
from tests.cmi5.launcher import Launch, Launcher
from tests.cmi5.lms_statements import ADL_VERBS, MASTERY_SCORE, PROGRESS, SESSION_ID
from tests.course_driver import (
    config,
    current_locale,
    current_view,
    decision_paths,
    goto,
    read_all_lessons,
    scenario_of,
    seen_lessons,
    steps_of,
    take_assessment,
    take_assessment_after_retake,
    walk_first_path,
)

STATE = "course.progress"  # the course's own state document (cmi5.js STATE_ID)


@pytest.fixture
def lms(cmi5_launcher: Callable[..., Launcher], course_zips: dict[str, Path]) -> Launcher:
    return cmi5_launcher(course_zips["cmi5"])


def tracker_state(page: Page) -> dict[str, Any]:
    state: dict[str, Any] = page.evaluate("() => CourseRuntime.app.page.tracker.state()")
    return state


def pass_and_exit(page: Page, launch: Launch) -> int:
    """Read every lesson, answer every assessment question right, leave by Exit; how many questions there were."""
    frame = page.main_frame
    questions = len(config(frame)["assessment"])
    read_all_lessons(frame)
    take_assessment(frame, right_answers=questions)
    exit_course(page, launch)
    return questions


def verbs(statements: list[dict[str, Any]]) -> list[str]:
    return [statement["verb"]["id"].removeprefix(ADL_VERBS) for statement in statements]


def defined(statements: list[dict[str, Any]]) -> list[str]:
    """The verbs of the AU's cmi5 defined statements (and the LMS's own), in order: without answered and progressed."""
    return [verb for verb in verbs(statements) if verb not in ("answered", "progressed")]


def test_a_learner_who_reads_every_lesson_and_passes_completes_and_passes_in_one_session(
    page: Page, lms: Launcher
) -> None:
    launch = lms.launch(actor_name="Ada")
    open_au(page, launch)
    assert tracker_state(page)["version"] == "cmi5"
    questions = pass_and_exit(page, launch)
    stored = lms.statements(launch.registration)
    assert defined(stored) == ["launched", "initialized", "completed", "passed", "terminated"]
    assert lms.problems(launch.registration) == []
    passed = next(s for s in stored if s["verb"]["id"] == ADL_VERBS + "passed")
    assert passed["result"]["score"]["scaled"] == 1
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.8
    answers = [s for s in stored if s["verb"]["id"] == ADL_VERBS + "answered"]
    assert len(answers) == questions
    progress = [s["result"]["extensions"][PROGRESS] for s in stored if s["verb"]["id"] == ADL_VERBS + "progressed"]
    assert progress == sorted(progress)
    assert progress
    assert max(progress) < 100


def by_verb(statements: list[dict[str, Any]], verb: str) -> list[dict[str, Any]]:
    return [statement for statement in statements if statement["verb"]["id"] == ADL_VERBS + verb]


def notice_kind(page: Page) -> str:
    """Which message the page's notice shows (its strings key), or ""."""
    kind: str = page.evaluate(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind || ''"
    )
    return kind


def wait_for_notice(page: Page, kind: str) -> None:
    page.wait_for_function(
        "kind => (document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind || '') === kind",
        arg=kind,
        timeout=30_000,
    )


def test_answers_and_decisions_are_answered_statements_with_ids_the_same_in_every_language(
    page: Page, lms: Launcher
) -> None:
    launch = lms.launch(actor_name="Bo", language_preference="fi-FI,en-US")
    open_au(page, launch)
    frame = page.main_frame
    assert current_locale(frame) == "fi"  # the first language of the preference the course ships
    data = config(frame)
    lesson = data["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    sid, scenario = scenario_of(frame, lesson)
    walk_first_path(frame, lesson)
    take_assessment(frame, right_answers=0)
    exit_course(page, launch)
    stored = lms.statements(launch.registration)
    assert lms.problems(launch.registration) == []
    answered = by_verb(stored, "answered")
    base = f"{launch.publisher_id}/"
    decisions = [s for s in answered if s["object"]["id"].startswith(base + "decisions/")]
    taken = steps_of(scenario, decision_paths(scenario)[0])
    assert [s["object"]["id"] for s in decisions] == [f"{base}decisions/{sid}.{step}" for step, _, _ in taken]
    assert [s["result"]["response"] for s in decisions] == [choice for _, choice, _ in taken]
    for statement in decisions:  # never scored: no right answer, no success
        assert statement["object"]["definition"]["interactionType"] == "other"
        assert "success" not in statement["result"]
        assert "correctResponsesPattern" not in statement["object"]["definition"]
    questions = [s for s in answered if s["object"]["id"].startswith(base + "questions/")]
    assert sorted(s["object"]["id"].removeprefix(base + "questions/") for s in questions) == sorted(data["assessment"])
    for statement in questions:
        definition = statement["object"]["definition"]
        assert list(definition["description"]) == ["fi"]  # the question in the learner's language
        assert statement["result"]["success"] is False
        assert statement["result"]["response"] not in definition["correctResponsesPattern"]
    # Failed at the end of the session, once, below the mastery score, with the moveon category.
    (failed,) = by_verb(stored, "failed")
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == 0
    assert defined(stored)[-2:] == ["failed", "terminated"]


def test_a_learner_who_fails_passes_in_a_second_session_of_the_same_registration(page: Page, lms: Launcher) -> None:
    first = lms.launch(actor_name="Cai")
    open_au(page, first)
    frame = page.main_frame
    questions = len(config(frame)["assessment"])
    read_all_lessons(frame)
    take_assessment(frame, right_answers=1)
    take_assessment_after_retake(frame, right_answers=2)  # a second fail in one session sends one failed
    exit_course(page, first)
    second = lms.launch(actor_name="Cai", registration=first.registration)
    open_au(page, second)
    frame = page.main_frame
    assert tracker_state(page)["resumed"] is True
    goto(frame, "results")
    take_assessment_after_retake(frame, right_answers=questions)
    exit_course(page, second)
    stored = lms.statements(first.registration)
    assert defined(stored) == [
        "launched",
        "initialized",
        "completed",
        "failed",
        "terminated",
        "launched",
        "initialized",
        "passed",
        "terminated",
    ]
    assert lms.problems(first.registration) == []
    assert lms.state(first.registration, STATE)["record"]["success"] == "passed"


def test_a_learner_who_leaves_half_way_resumes_where_they_were(page: Page, lms: Launcher) -> None:
    first = lms.launch(actor_name="Dag")
    open_au(page, first)
    frame = page.main_frame
    lessons = config(frame)["lessons"]
    goto(frame, f"lesson/{lessons[0]}")
    goto(frame, f"lesson/{lessons[1]}")
    page.goto("about:blank")  # the window closed: pagehide ends the session, the last requests go by themselves
    stored = lms.wait_for_verb(first.registration, "terminated")
    assert defined(stored) == ["launched", "initialized", "terminated"]
    assert lms.state(first.registration, STATE)["bookmark"] == f"lesson/{lessons[1]}"
    second = lms.launch(actor_name="Dag", registration=first.registration)
    open_au(page, second)
    frame = page.main_frame
    assert tracker_state(page)["resumed"] is True
    assert current_view(frame) == f"lesson/{lessons[1]}"
    assert seen_lessons(frame)[:2] == lessons[:2]
    exit_course(page, second)
    stored = lms.statements(first.registration)
    progress = [s["result"]["extensions"][PROGRESS] for s in by_verb(stored, "progressed")]
    assert progress == [20, 40]  # two of five lessons, each reported once
    assert lms.problems(first.registration) == []


@pytest.mark.parametrize("mode", ["Browse", "Review"])
def test_browse_and_review_send_only_initialized_and_terminated_and_change_nothing(
    page: Page, lms: Launcher, mode: str
) -> None:
    passed = lms.launch(actor_name="Eva")
    open_au(page, passed)
    pass_and_exit(page, passed)
    kept = lms.state(passed.registration, STATE)
    again = lms.launch(actor_name="Eva", registration=passed.registration, launch_mode=mode)
    open_au(page, again)
    frame = page.main_frame
    state = tracker_state(page)
    assert state["lmsMode"] == mode.lower()
    assert state["recording"] is False
    assert state["passed"] is True  # what the LMS holds shows
    goto(frame, f"lesson/{config(frame)['lessons'][0]}")
    goto(frame, "results")
    exit_course(page, again)
    stored = lms.statements(passed.registration)
    session = [s for s in stored if s["context"]["extensions"].get(SESSION_ID) == again.session_id]
    assert verbs(session) == ["launched", "initialized", "terminated"]
    assert lms.state(passed.registration, STATE) == kept
    assert lms.problems(passed.registration) == []


def test_the_mastery_score_in_launch_data_overrides_the_package_s(page: Page, lms: Launcher) -> None:
    launch = lms.launch(actor_name="Fia", mastery_score=0.5)
    open_au(page, launch)
    frame = page.main_frame
    questions = len(config(frame)["assessment"])
    read_all_lessons(frame)
    take_assessment(frame, right_answers=-(-questions // 2))  # half, rounded up: passed at 0.5, failed at 0.8
    assert tracker_state(page)["passed"] is True
    exit_course(page, launch)
    stored = lms.statements(launch.registration)
    (passed,) = by_verb(stored, "passed")
    assert passed["context"]["extensions"][MASTERY_SCORE] == 0.5
    assert 0.5 <= passed["result"]["score"]["scaled"] < 0.8
    assert lms.problems(launch.registration) == []


def test_arabic_preference_opens_the_course_in_arabic_right_to_left(page: Page, lms: Launcher) -> None:
    launch = lms.launch(actor_name="Hadi", language_preference="ar")
    open_au(page, launch)
    assert current_locale(page.main_frame) == "ar"
    assert page.evaluate("document.documentElement.dir") == "rtl"


@pytest.mark.parametrize("outage", ["refuse", "hang"])
def test_an_lrs_that_refuses_or_times_out_loses_nothing_the_learner_is_told_calmly(
    page: Page, lms: Launcher, outage: str
) -> None:
    launch = lms.launch(actor_name="Gun")
    open_au(page, launch)
    frame = page.main_frame
    lessons = config(frame)["lessons"]
    wait_for_idle(lms)
    with lms.lrs_down(outage):  # type: ignore[arg-type]
        goto(frame, f"lesson/{lessons[0]}")
        wait_for_notice(page, "saveProblem")
        goto(frame, f"lesson/{lessons[1]}")  # the learner keeps working
        assert current_view(frame) == f"lesson/{lessons[1]}"
    wait_for_notice(page, "")  # resent once the LRS is back, and the notice leaves
    exit_course(page, launch)
    stored = lms.statements(launch.registration)
    assert [s["result"]["extensions"][PROGRESS] for s in by_verb(stored, "progressed")] == [20, 40]
    assert lms.state(launch.registration, STATE)["bookmark"] == f"lesson/{lessons[1]}"
    assert lms.problems(launch.registration) == []


def test_the_page_may_reach_the_launch_s_endpoint_and_nothing_else(page: Page, lms: Launcher) -> None:
    launch = lms.launch(actor_name="Ines")
    open_au(page, launch)
    blocked = page.evaluate(
        """async (origin) => {
            const tried = async (url) => { try { await fetch(url, {method: 'POST'}); return 'reached'; }
                                              catch (e) { return 'blocked'; } };
            return [await tried(origin + '/returned'), await tried(location.origin + '/index.html'),
                    await tried('http://127.0.0.1:9/elsewhere')];
        }""",
        lms.lms_origin,
    )
    assert blocked == ["blocked", "blocked", "blocked"]
    answered = page.evaluate("async (url) => (await fetch(url + 'about')).status", f"{lms.lms_origin}/xapi/")
    assert answered == 401


def wait_for_idle(lms: Launcher) -> None:
    """Until the session's first requests (token, launch data, preferences, state, initialized) are answered."""
    seen = len(lms.endpoint.requests)
    while not any(r.method == "POST" and r.path == "/xapi/statements" for r in lms.endpoint.requests):
        seen = lms.endpoint.wait_for_request(seen, 15)


def test_opened_from_disk_the_cmi5_package_runs_on_the_browser_s_store_and_may_fetch_nothing(
    page: Page, course_zips: dict[str, Path], tmp_path: Path
) -> None:
    folder = unzip(course_zips["cmi5"], tmp_path / "course")
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("() => window.CourseRuntime && CourseRuntime.app.page")
    assert tracker_state(page)["version"] == "local"
    policies = page.evaluate(
        "[...document.querySelectorAll('meta[http-equiv=Content-Security-Policy]')].map((m) => m.content)"
    )
    assert policies[-1] == "connect-src 'none'"  # added by the runtime: no launch, no endpoint


def test_a_statement_the_lrs_refuses_as_malformed_is_dropped_alone_and_holds_back_none_after_it(
    page: Page, lms: Launcher
) -> None:
    launch = lms.launch(actor_name="Jon")
    open_au(page, launch)
    frame = page.main_frame
    lesson = config(frame)["lessons"][0]
    sid, scenario = scenario_of(frame, lesson)
    taken = steps_of(scenario, decision_paths(scenario)[0])
    wait_for_idle(lms)
    with lms.lrs_refuses_as_malformed("progressed"):
        with lms.lrs_down("refuse"):  # what the learner does meanwhile waits, then goes as one batch
            goto(frame, f"lesson/{lesson}")
            wait_for_notice(page, "saveProblem")
            walk_first_path(frame, lesson)
        wait_for_notice(page, "")
    exit_course(page, launch)
    stored = lms.statements(launch.registration)
    assert by_verb(stored, "progressed") == []  # the one refused, and only it
    decisions = [s["object"]["id"].rsplit("/", 1)[-1] for s in by_verb(stored, "answered")]
    assert decisions == [f"{sid}.{step}" for step, _, _ in taken]
    assert defined(stored)[-1] == "terminated"
    assert lms.problems(launch.registration) == []
