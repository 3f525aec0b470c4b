"""Drive the real course in a browser the way a learner does: fixtures that build it once, page helpers, and what
the course sent the LMS."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Unpack

import pytest
from playwright.sync_api import Frame, Locator, Page

from course.build import BuildRequest, build
from course.content import load_course
from course.model import Standard
from tests.browser import LmsOptions, StaticServer, lms_log, open_in_lms, unzip
from tests.packages import SCORM_STANDARDS
from tests.projects import real_project

LOCALES = load_course(real_project().content).info.locales  # the shipped languages, as course.yaml lists them
# The elements the tests read, in each standard.
NAMES = {
    "scorm12": {
        "status": "cmi.core.lesson_status",
        "raw": "cmi.core.score.raw",
        "min": "cmi.core.score.min",
        "max": "cmi.core.score.max",
        "location": "cmi.core.lesson_location",
        "exit": "cmi.core.exit",
        "session": "cmi.core.session_time",
        "response": "student_response",
        "time": "time",
        "mastery": "cmi.student_data.mastery_score",
        "language": "cmi.student_preference.language",
    },
    "scorm2004": {
        "status": "cmi.completion_status",
        "raw": "cmi.score.raw",
        "min": "cmi.score.min",
        "max": "cmi.score.max",
        "location": "cmi.location",
        "exit": "cmi.exit",
        "session": "cmi.session_time",
        "response": "learner_response",
        "time": "timestamp",
        "mastery": "cmi.scaled_passing_score",
        "language": "cmi.learner_preference.language",
    },
}


@pytest.fixture(scope="session")
def course_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real course's all-languages packages, built once per test session through the real pipeline."""
    out = tmp_path_factory.mktemp("packages")
    result = build(BuildRequest(real_project(), out))
    return {package.path.stem.rsplit("-", 1)[1]: package.path for package in result.packages}


@pytest.fixture(params=SCORM_STANDARDS)
def standard(request: pytest.FixtureRequest) -> Standard:
    chosen: Standard = request.param
    return chosen


@pytest.fixture
def course_server(
    lms_server: StaticServer, course_zips: dict[str, Path], request: pytest.FixtureRequest
) -> StaticServer:
    """The test LMS with a package unzipped under /course/: the one of the test's `standard` when it is
    parametrized by standard (so each zip is tried in its own runtime), else the SCORM 2004 one."""
    callspec = getattr(request.node, "callspec", None)
    chosen = callspec.params.get("standard", "scorm2004") if callspec else "scorm2004"
    unzip(course_zips[chosen], lms_server.root / "course")
    return lms_server


def launch(page: Page, server: StaticServer, standard: Standard, **options: Unpack[LmsOptions]) -> Frame:
    frame = open_in_lms(page, server, standard, **options)
    frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    return frame


def config(frame: Frame) -> dict[str, Any]:
    """The course's config as the runtime holds it once the first views have come: the launch page's, with the
    answer keys and the scenarios' graphs from views/course.js merged in."""
    frame.wait_for_function(
        "() => { const p = window.CourseRuntime && CourseRuntime.app.page;"
        " return !!(p && Object.values(p.config.questions).every(q => q.correct)); }"
    )
    value: dict[str, Any] = frame.evaluate("JSON.parse(JSON.stringify(CourseRuntime.app.page.config))")
    return value


def strings(frame: Frame) -> dict[str, Any]:
    """The texts the page hands its script in the shown locale (from strings.json, translated)."""
    value: dict[str, Any] = frame.evaluate(
        "JSON.parse(document.querySelector('.locale:not([hidden]) .locale-strings').textContent)"
    )
    return value


def before_placeholder(text: str) -> str:
    """The fixed start of a message such as "Godkänt! Du hade {percent} rätt.", to recognise it when shown. A
    message that begins with its placeholder has none, and `startswith("")` would hold for any text: refused."""
    start = text.split("{")[0].strip()
    if not start:
        raise ValueError(f"{text!r} begins with a placeholder: compare the shown text some other way")
    return start


def current_locale(frame: Frame) -> str:
    return str(frame.evaluate("document.querySelector('.locale:not([hidden])').dataset.locale"))


def root(frame: Frame) -> Locator:
    return frame.locator(".locale:not([hidden])")


def current_view(frame: Frame) -> str:
    return str(frame.evaluate("document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view"))


def seen_lessons(frame: Frame) -> list[str]:
    """The lessons the menu shows as seen, in menu order."""
    seen: list[str] = frame.evaluate(
        "() => [...document.querySelectorAll('.locale:not([hidden]) [data-menu-lesson]')]"
        ".filter(li => [...li.querySelectorAll('.menu-state[data-state=seen]')].some(s => !s.hidden))"
        ".map(li => li.dataset.menuLesson)"
    )
    return seen


def results_handed_in(frame: Frame) -> bool:
    """Whether the results view shows (an attempt was handed in): without one, the route leads to the assessment.
    Asked from any other view (so the wait below sees the route taken); the learner is left where it led."""
    if current_view(frame) in ("results", "assessment"):
        raise ValueError("ask from another view: this one would pass the wait before the route is taken")
    frame.evaluate("() => { location.hash = '#results'; }")
    frame.wait_for_function(
        "() => ['results', 'assessment'].includes("
        "document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view)"
    )
    return current_view(frame) == "results"


def goto(frame: Frame, view: str) -> None:
    """Follow the learner's route to a view, as a link in the menu or pager does."""
    frame.evaluate("view => { location.hash = '#' + view; }", view)
    frame.wait_for_function(
        "view => { const v = document.querySelector('.locale:not([hidden]) .view:not([hidden])');"
        " return v && v.dataset.view === view; }",
        arg=view,
    )


def switch_locale(frame: Frame, code: str) -> None:
    root(frame).locator(f"button[data-switch-locale='{code}']").click()
    frame.wait_for_function("code => document.documentElement.lang === code", arg=code)


def all_views(frame: Frame) -> list[str]:
    data = config(frame)
    views = ["start"]
    for lesson in data["lessons"]:
        views += [f"lesson/{lesson}", f"check/{lesson}"]
    return [*views, "assessment", "results", "summary"]


def answer(question: Locator, spec: dict[str, Any], right: bool) -> None:
    """Answer one question through its controls: rightly from the answer key, or wrongly on purpose."""
    kind, choices, correct = spec["type"], spec["choices"], spec["correct"]
    if kind in ("single", "true-false"):
        pick = correct[0] if right else next(choice for choice in choices if choice not in correct)
        question.locator(f"input[value='{pick}']").check()
    elif kind == "multiple":
        for choice in choices:
            box = question.locator(f"input[value='{choice}']")
            box.set_checked((choice in correct) if right else (choice not in correct))
    elif kind == "sequencing":
        order = correct if right else list(reversed(correct))
        for position, item in enumerate(order, start=1):
            question.locator(f"select[data-item='{item}']").select_option(str(position))
    else:  # matching: each premise's right target has the premise's own id
        targets = correct if right else correct[1:] + correct[:1]
        for premise, target in zip(correct, targets, strict=True):
            question.locator(f"select[data-item='{premise}']").select_option(target)


def take_assessment(frame: Frame, right_answers: int) -> list[str]:
    """Answer the final assessment with the first `right_answers` questions right; submit; return the order seen."""
    data = config(frame)
    goto(frame, "assessment")
    items = root(frame).locator("li[data-assessment-question]")
    order = [str(items.nth(index).get_attribute("data-assessment-question")) for index in range(items.count())]
    for index, qid in enumerate(order):
        question = root(frame).locator(f"li[data-assessment-question='{qid}']")
        answer(question, data["questions"][qid], right=index < right_answers)
    root(frame).locator("form[data-assessment] button[type=submit]").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'results'"
    )
    return order


def read_all_lessons(frame: Frame) -> None:
    for lesson in config(frame)["lessons"]:
        goto(frame, f"lesson/{lesson}")


def take_assessment_after_retake(frame: Frame, right_answers: int) -> None:
    root(frame).locator("[data-action=retake]").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'assessment'"
    )
    take_assessment(frame, right_answers=right_answers)


# ----------------------------------------------------------------------------------------------------
# What the course sent the LMS.


def set_values(page: Page) -> dict[str, list[str]]:
    """Every value the course set, per element, in order."""
    values: dict[str, list[str]] = {}
    for call in lms_log(page, "set_value"):
        if call["result"] == "true":
            values.setdefault(call["args"][0], []).append(str(call["args"][1]))
    return values


def interactions(page: Page) -> list[dict[str, Any]]:
    """Interactions as the LMS recorded them, from the course's successful SetValue calls."""
    found: dict[int, dict[str, Any]] = {}
    for element, history in set_values(page).items():
        match = re.match(r"cmi\.interactions\.(\d+)\.(.+)$", element)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2)] = history[-1]
    return [found[index] for index in sorted(found)]


# ----------------------------------------------------------------------------------------------------
# Decision scenarios.


def decision_paths(scenario: dict[str, Any]) -> list[list[int]]:
    """Every path of a scenario as the page's config has it: the index of each choice, from the start to an ending."""

    def paths_from(at: str, path: list[int]) -> list[list[int]]:
        if at not in scenario["steps"]:
            return [path]
        return [found for i, (_, to) in enumerate(scenario["steps"][at]) for found in paths_from(to, [*path, i])]

    return paths_from(scenario["start"], [])


def scenario_of(frame: Frame, lesson: str) -> tuple[str, dict[str, Any]]:
    """The decision scenario of a lesson: its id and its graph."""
    sid = str(root(frame).locator(f"[data-view='lesson/{lesson}'] section.decision").get_attribute("data-decision"))
    return sid, config(frame)["decisions"][sid]


def steps_of(scenario: dict[str, Any], path: list[int]) -> list[tuple[str, str, str]]:
    """(step, choice, where it leads) for each choice of a path."""
    taken, at = [], scenario["start"]
    for index in path:
        choice, to = scenario["steps"][at][index]
        taken.append((at, choice, to))
        at = to
    return taken


def choose(frame: Frame, sid: str, step: str, choice: str) -> None:
    """Click a choice and wait until its consequence has the focus, as the page moves it there."""
    root(frame).locator(f"[data-decision='{sid}'] [data-step='{step}'] button[data-choose='{choice}']").click()
    frame.wait_for_function(
        "([step, choice]) => { const f = document.activeElement;"
        " return f && f.dataset.consequence === choice && f.closest('[data-step]').dataset.step === step; }",
        arg=[step, choice],
    )


def restart_scenario(frame: Frame, sid: str) -> None:
    root(frame).locator(f"[data-decision='{sid}'] [data-action=restart-decision]").click()


def walk_first_path(frame: Frame, lesson: str) -> str:
    """Walk a lesson's scenario along its first path, the lesson shown; return the ending reached."""
    sid, scenario = scenario_of(frame, lesson)
    if root(frame).locator(f"[data-decision='{sid}'] [data-action=restart-decision]").is_visible():
        restart_scenario(frame, sid)  # walked before: from the start again
    taken = steps_of(scenario, decision_paths(scenario)[0])
    for step, choice, _ in taken:
        choose(frame, sid, step, choice)
    return taken[-1][2]


def focus_until(page: Page, frame: Frame, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector`, as a keyboard user does."""
    for _ in range(limit):
        if frame.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")
