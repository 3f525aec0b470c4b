"""The decision scenarios as a learner meets them in the real course: every path of each of the five leads to its
ending in Swedish and Arabic in both standards, the consequence of each choice gets the focus, the learner can go
back to the start, a relaunch shows the path taken and goes on, keyboard alone walks a path of each, axe finds
nothing in any language, a phone shows it without sideways scrolling, print keeps the path and drops the buttons,
and the LMS is told the choices of the first path as neutral interactions (also under Moodle's rules)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Frame, Locator, Page

from course.model import Standard
from tests.browser import (
    StaticServer,
    close_course,
    lms_errors,
    page_record,
    relaunch_data,
    wait_for_call,
)
from tests.course_driver import (
    LOCALES,
    NAMES,
    choose,
    config,
    decision_paths,
    focus_until,
    goto,
    interactions,
    launch,
    restart_scenario,
    root,
    scenario_of,
    set_values,
    steps_of,
    switch_locale,
    walk_first_path,
)
from tests.test_accessibility_browser import axe_findings

DECISION_TYPE = {"scorm12": "performance", "scorm2004": "other"}
FOCUSED = "() => { const f = document.activeElement; return f ? f.outerHTML.slice(0, 120) : null; }"


def section(frame: Frame, sid: str) -> Locator:
    return root(frame).locator(f"section.decision[data-decision='{sid}']")


def shown_path(frame: Frame, sid: str) -> list[str]:
    """The steps and the ending shown, in the order the page shows them."""
    shown: list[str] = section(frame, sid).evaluate(
        "s => [...s.querySelectorAll('[data-step], [data-ending]')].filter(e => !e.hidden)"
        ".map(e => e.dataset.step || e.dataset.ending)"
    )
    return shown


def decisions_reported(page: Page, standard: Standard) -> list[dict[str, Any]]:
    return [entry for entry in interactions(page) if entry.get("type") == DECISION_TYPE[standard]]


def launch_in(page: Page, server: StaticServer, standard: Standard, locale: str, **options: Any) -> Frame:
    frame = launch(page, server, standard, initial={NAMES[standard]["language"]: locale}, **options)
    frame.wait_for_function("code => document.documentElement.lang === code", arg=locale)
    return frame


@pytest.mark.parametrize("locale", ["sv", "ar"])
def test_every_path_of_every_scenario_leads_to_its_ending_and_the_lms_gets_the_first_path(
    page: Page, course_server: StaticServer, standard: Standard, locale: str
) -> None:
    frame = launch_in(page, course_server, standard, locale)
    expected = []
    for lesson in config(frame)["lessons"]:
        goto(frame, f"lesson/{lesson}")
        sid, scenario = scenario_of(frame, lesson)
        here = section(frame, sid)
        if locale == "ar":
            assert here.evaluate("s => [getComputedStyle(s).direction, s.closest('[lang]').lang]") == ["rtl", "ar"]
        paths = decision_paths(scenario)
        assert len({steps_of(scenario, path)[-1][2] for path in paths}) >= 2, "paths end differently"
        for number, path in enumerate(paths):
            if number:
                restart_scenario(frame, sid)
                assert (
                    frame.evaluate("() => document.activeElement.closest('[data-step]').dataset.step")
                    == (scenario["start"])
                ), "back at the start, the focus is on its first question"
                assert shown_path(frame, sid) == [scenario["start"]]
            taken = steps_of(scenario, path)
            for step, choice, _ in taken:
                choose(frame, sid, step, choice)  # waits for the focus on the consequence
                consequence = here.locator(f"[data-step='{step}'] [data-consequence='{choice}']")
                assert consequence.is_visible(), (sid, step, choice)
                assert here.locator(f"[data-step='{step}'] .decision-choices").is_hidden()
            ending = here.locator(f"[data-ending='{taken[-1][2]}']")
            assert ending.is_visible()
            assert ending.locator("h4").is_visible(), "what the principle would have suggested"
            assert shown_path(frame, sid) == [step for step, _, _ in taken] + [taken[-1][2]], "in the order taken"
            assert here.locator("[data-action=restart-decision]").is_visible()
        expected += [(f"{sid}.{step}", choice) for step, choice, _ in steps_of(scenario, paths[0])]
    close_course(page)
    wait_for_call(page, "terminate")
    reported = decisions_reported(page, standard)
    response = NAMES[standard]["response"]
    assert [(entry["id"], entry[response]) for entry in reported] == expected, "each first path, nothing after"
    assert {entry["result"] for entry in reported} == {"neutral"}
    assert not any("correct_responses.0.pattern" in entry for entry in reported), "no right answer"
    if standard == "scorm2004":
        assert all(entry["description"].startswith(f"{{lang={locale}}}") for entry in reported)
    assert NAMES[standard]["raw"] not in set_values(page), "never a score"
    assert lms_errors(page) == []
    assert page_record(page).errors == []


@pytest.mark.parametrize("profile", [None, "moodle"])
def test_a_relaunch_in_the_middle_of_a_scenario_shows_the_path_taken_and_goes_on(
    page: Page, course_server: StaticServer, standard: Standard, profile: Any
) -> None:
    frame = launch(page, course_server, standard, profile=profile)
    lesson = config(frame)["lessons"][1]
    goto(frame, f"lesson/{lesson}")
    sid, scenario = scenario_of(frame, lesson)
    (first, second) = steps_of(scenario, next(path for path in decision_paths(scenario) if len(path) >= 2))[:2]
    choose(frame, sid, first[0], first[1])
    close_course(page)
    wait_for_call(page, "terminate")
    assert [entry["id"] for entry in decisions_reported(page, standard)] == [f"{sid}.{first[0]}"]

    frame = launch(page, course_server, standard, initial=relaunch_data(page), profile=profile)
    goto(frame, f"lesson/{lesson}")
    here = section(frame, sid)
    assert here.locator(f"[data-step='{first[0]}'] [data-consequence='{first[1]}']").is_visible(), "shown again"
    assert shown_path(frame, sid) == [first[0], second[0]]
    switch_locale(frame, "ar")  # the path shows in every language
    assert shown_path(frame, sid) == [first[0], second[0]]
    choose(frame, sid, second[0], second[1])
    close_course(page)
    wait_for_call(page, "terminate")
    assert [(entry["id"], entry[NAMES[standard]["response"]]) for entry in decisions_reported(page, standard)] == [
        (f"{sid}.{second[0]}", second[1])
    ], "the second session reports the choice it saw made, after the first session's entries"
    assert lms_errors(page) == []


@pytest.mark.parametrize("locale", ["sv", "ar"])
def test_a_keyboard_only_journey_goes_through_one_path_of_each_scenario(
    page: Page, course_server: StaticServer, locale: str
) -> None:
    frame = launch_in(page, course_server, "scorm2004", locale)
    for lesson in config(frame)["lessons"]:
        goto(frame, f"lesson/{lesson}")
        sid, scenario = scenario_of(frame, lesson)
        scope = f".locale:not([hidden]) [data-decision='{sid}']"
        taken = steps_of(scenario, decision_paths(scenario)[-1])  # the last path: other choices than the first
        for step, choice, _ in taken:
            focus_until(page, frame, f"{scope} [data-step='{step}'] button[data-choose='{choice}']")
            page.keyboard.press("Enter")
            assert frame.evaluate("() => document.activeElement.dataset.consequence") == choice, frame.evaluate(FOCUSED)
        assert section(frame, sid).locator(f"[data-ending='{taken[-1][2]}']").is_visible()
        focus_until(page, frame, f"{scope} [data-action=restart-decision]", limit=20)
        page.keyboard.press("Enter")
        assert frame.evaluate("() => document.activeElement.closest('[data-step]').dataset.step") == scenario["start"]
    assert page_record(page).errors == []


@pytest.mark.parametrize("code", LOCALES)
def test_axe_finds_nothing_on_any_scenario_walked_to_its_end(
    page: Page, course_server: StaticServer, code: str
) -> None:
    frame = launch_in(page, course_server, "scorm2004", code)
    found = []
    for lesson in config(frame)["lessons"]:
        goto(frame, f"lesson/{lesson}")
        walk_first_path(frame, lesson)
        found += axe_findings(frame, f"{code} {lesson}")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("locale", ["sv", "ar"])
def test_a_scenario_fits_a_phone_and_prints_its_path_without_buttons(
    page: Page, course_server: StaticServer, locale: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 640})
    frame = launch_in(page, course_server, "scorm2004", locale)
    for lesson in config(frame)["lessons"]:
        goto(frame, f"lesson/{lesson}")
        ending = walk_first_path(frame, lesson)
        sid, _ = scenario_of(frame, lesson)
        wide = frame.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= 360, f"{lesson}: the page is {wide} px wide at 360"
        assert section(frame, sid).evaluate(
            "s => s.getBoundingClientRect().right <= 360 && s.getBoundingClientRect().left >= 0"
        )
    page.emulate_media(media="print")
    here = section(frame, sid)
    assert here.locator("[data-action=restart-decision]").is_hidden(), "no buttons on paper"
    assert here.locator(f"[data-ending='{ending}']").is_visible()
    assert here.locator("[data-consequence]:not([hidden])").count() >= 2, "the consequences of the path print"
    page.emulate_media(media="screen")


def test_the_consequence_names_the_choice_made_in_the_words_of_its_button_in_every_language(
    page: Page, course_server: StaticServer
) -> None:
    """The markup holds each choice's text once, in its button: the consequence shown says "Your choice:" and that
    text, in the language shown, after a language switch and after a relaunch too."""
    frame = launch_in(page, course_server, "scorm2004", "sv")
    lesson = config(frame)["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    sid, scenario = scenario_of(frame, lesson)
    here = section(frame, sid)
    assert here.locator(".decision-chosen").evaluate_all("ps => ps.map(p => p.textContent)") == (
        ["Ditt val:"] * here.locator("[data-consequence]").count()
    ), "no second copy of a choice's text in the markup"
    step, choice, _ = steps_of(scenario, decision_paths(scenario)[0])[0]

    def said(frame: Frame) -> list[str]:
        chosen = section(frame, sid).locator(f"[data-step='{step}'] [data-consequence='{choice}'] .decision-chosen")
        button = section(frame, sid).locator(f"[data-step='{step}'] button[data-choose='{choice}']")
        texts = [chosen.evaluate("p => p.textContent"), chosen.locator("strong").evaluate("s => s.textContent")]
        return [*texts, button.evaluate("b => b.textContent")]

    choose(frame, sid, step, choice)
    text, label, words = said(frame)
    assert label == "Ditt val:"
    assert text == f"{label} {words}"
    assert frame.evaluate("() => document.activeElement.textContent.trim()").startswith(f"{label} {words}")
    switch_locale(frame, "ar")
    text, label, words = said(frame)
    assert label != "Ditt val:"
    assert words.strip()
    assert text == f"{label} {words}", "in the language shown"
    close_course(page)
    wait_for_call(page, "terminate")
    frame = launch(page, course_server, "scorm2004", initial=relaunch_data(page))
    goto(frame, f"lesson/{lesson}")
    text, label, words = said(frame)
    assert text == f"{label} {words}", "shown again at a relaunch"
