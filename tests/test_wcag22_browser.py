"""WCAG 2.2 AA where axe cannot judge: each criterion new in 2.2 checked in the browser on every page type.

2.4.11 Focus Not Obscured: nothing fixed or sticky (the notice, a header, the side menu) covers what Tab focuses.
2.5.8 Target Size: every target is at least 24 x 24 CSS px, or is a link inside a sentence (the inline exception).
2.5.7 Dragging Movements: nothing is draggable and no script listens for drags or pointer movement.
3.2.6 Consistent Help: the course has no help mechanism of its own (no contact, no chat); what a learner looks for
on every page (the skip link, the course title, the language switch, the exit button, the menu) comes in the same
order and at the same place on every page.
3.3.7 Redundant Entry: answers given stay filled after a language switch and after a relaunch. A retake is a new
attempt the learner asks for, so its form starts empty on purpose (the last attempt's answers stay on the results).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Frame, Page

from course.render import RUNTIME
from tests.browser import StaticServer, unzip
from tests.course_driver import (
    LOCALES,
    answer,
    config,
    goto,
    launch,
    root,
    switch_locale,
    take_assessment,
    walk_first_path,
)

SIZES = {"phone": (360, 640), "desktop": (1366, 768)}
TARGETS = "a[href], button, input, select, summary, textarea, label:has(+ input), input + label"


def page_types(frame: Frame) -> Iterator[str]:
    """Show one page of each type in turn (results after a handed-in attempt), left shown while the caller looks."""
    data = config(frame)
    lesson = data["lessons"][0]
    for view in ("start", f"lesson/{lesson}", f"check/{lesson}", "assessment"):
        goto(frame, view)
        if view.startswith("lesson/"):  # its decision scenario walked to an ending: every part of it shows
            walk_first_path(frame, lesson)
            frame.evaluate("() => window.scrollTo(0, 0)")  # as a page opens: at its top
        yield view
    take_assessment(frame, right_answers=1)
    yield "results"
    goto(frame, "summary")
    yield "summary"


@pytest.fixture
def disk_course(course_zips: dict[str, Path], tmp_path: Path) -> Path:
    """The SCORM 1.2 package opened from disk: no LMS, so the "no LMS" notice is shown."""
    return unzip(course_zips["scorm12"], tmp_path / "course")


# The calm "no LMS" notice leaves after NOTICE_FADE_MS (app.js). A round of every page type can take longer on a
# loaded machine, and the tests below are about the notice being there, so that one timer is held back.
FADE = re.search(r"NOTICE_FADE_MS = (\d+)", (RUNTIME / "app.js").read_text(encoding="utf-8"))
assert FADE is not None, "app.js names how long the notice stays"
NOTICE_FADE_MS = int(FADE.group(1))
HOLD_THE_NOTICE = f"""{{ const later = window.setTimeout;
    window.setTimeout = (fn, ms, ...rest) => (ms === {NOTICE_FADE_MS} ? 0 : later(fn, ms, ...rest)); }}"""


def open_from_disk(page: Page, course: Path, size: str) -> Frame:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.add_init_script(HOLD_THE_NOTICE)
    page.goto((course / "index.html").as_uri())
    frame = page.main_frame
    frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    return frame


# For the focused element: the fixed or sticky elements (not holding it) painted over some of it, found by asking
# which element is on top at its centre and near its corners.
COVERING = """() => {
    const focused = document.activeElement;
    if (!focused || focused === document.body) return [];  // Tab between the last element and the first
    const r = focused.getBoundingClientRect();
    const xs = [r.left + 2, (r.left + r.right) / 2, r.right - 2];
    const ys = [r.top + 2, (r.top + r.bottom) / 2, r.bottom - 2];
    const over = new Set();
    for (const x of xs) for (const y of ys) {
        if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
        for (let el = document.elementFromPoint(x, y); el && !el.contains(focused); el = el.parentElement) {
            if (['fixed', 'sticky'].includes(getComputedStyle(el).position)) over.add(el.className || el.tagName);
        }
    }
    return [...over];
}"""


def tab_round(page: Page, frame: Frame, key: str) -> Iterator[str]:
    """Press `key` (Tab or Shift+Tab) until focus comes back to where it first landed; yield each element focused."""
    frame.evaluate("() => { window.scrollTo(0, 0); document.activeElement.blur(); window.__first = null; }")
    for _ in range(400):
        page.keyboard.press(key)
        if frame.evaluate("() => document.activeElement === window.__first"):
            return
        frame.evaluate("() => { window.__first = window.__first || document.activeElement; }")
        yield str(frame.evaluate("() => document.activeElement.outerHTML.slice(0, 80)"))
    raise AssertionError(f"{key} never came back to where it started")


@pytest.mark.parametrize("key", ["Tab", "Shift+Tab"])
@pytest.mark.parametrize("size", list(SIZES))
def test_no_element_focused_by_tab_is_covered_by_the_notice_or_anything_sticky(
    page: Page, disk_course: Path, size: str, key: str
) -> None:
    frame = open_from_disk(page, disk_course, size)
    covered = []
    for view in page_types(frame):
        focused = 0
        for here in tab_round(page, frame, key):
            focused += 1
            hidden_by = frame.evaluate(COVERING)
            if hidden_by:
                covered.append(f"{view}: {here} under {hidden_by}")
        assert focused > 5, view  # the round went through the page
        # The notice was there the whole time: else the test would have proved nothing.
        assert root(frame).locator("[data-slot=notice]").inner_text().strip(), view
    assert covered == []


# Every visible target smaller than 24 x 24 that is not a link inside a sentence (a text node beside it).
SMALL_TARGETS = """selector => [...document.querySelectorAll('.locale:not([hidden]) :is(' + selector + ')')]
    .filter(el => el.checkVisibility())
    .map(el => ({el, r: el.getBoundingClientRect()}))
    .filter(({r}) => r.width > 0 && r.height > 0 && (r.width < 24 || r.height < 24))
    .filter(({el}) => !(el.matches('a') && getComputedStyle(el).display === 'inline'
        && [...el.parentElement.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())))
    .map(({el, r}) => `${Math.round(r.width)}x${Math.round(r.height)} ${el.outerHTML.slice(0, 90)}`)"""


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("locale", LOCALES)
def test_every_target_is_at_least_24_by_24_px_on_every_page_type(
    page: Page, disk_course: Path, size: str, locale: str
) -> None:
    frame = open_from_disk(page, disk_course, size)
    switch_locale(frame, locale)
    small = []
    for view in page_types(frame):
        if view == "check/" + config(frame)["lessons"][0]:
            form = root(frame).locator("form[data-check-question]").first
            form.locator("input").first.check()
            form.locator("button[type=submit]").click()
            form.locator(".feedback:not([hidden])").first.wait_for()
        small += [f"{view}: {target}" for target in frame.evaluate(SMALL_TARGETS, TARGETS)]
    assert small == []


DRAG_EVENTS = ("drag", "dragstart", "dragend", "dragover", "drop", "pointermove", "mousemove", "touchmove")
# Records the events the course's own scripts (those under runtime/ and locales/) listen for, from the call stack.
RECORD_LISTENERS = r"""() => {
    window.__listened = [];
    const add = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (type, ...rest) {
        if (/\/(runtime|locales)\//.test(new Error().stack)) window.__listened.push(type);
        return add.call(this, type, ...rest);
    };
}"""


def test_nothing_needs_dragging_every_answer_is_given_with_single_clicks_or_selects(
    page: Page, disk_course: Path
) -> None:
    page.add_init_script(f"({RECORD_LISTENERS})()")
    frame = open_from_disk(page, disk_course, "desktop")
    draggable = []
    for view in page_types(frame):
        draggable += frame.evaluate(
            """() => [...document.querySelectorAll('[draggable=true], [ondragstart], [ondrop], [onpointermove]')]
                .map(el => el.outerHTML.slice(0, 80))"""
        )
        draggable += [
            f"{view}: a listener for {kind}" for kind in frame.evaluate("window.__listened") if kind in DRAG_EVENTS
        ]
    assert draggable == []
    # The ordering and matching questions are answered with one select per item, not by moving items.
    goto(frame, "assessment")
    kinds = root(frame).locator("fieldset[data-type=sequencing], fieldset[data-type=matching]")
    assert kinds.count() >= 1
    for index in range(kinds.count()):
        items = kinds.nth(index).locator("li.choice")
        assert kinds.nth(index).locator("li.choice select").count() == items.count() > 0


# The controls every page offers, in DOM order, with where they are on the page.
CONSISTENT = """() => [...document.querySelectorAll(
        '.locale:not([hidden]) :is(.skip-link, .brand, .languages, .exit, .menu-toggle > summary)')].map(el => {
    const r = el.getBoundingClientRect();
    return [el.className || el.tagName, Math.round(r.left + scrollX), Math.round(r.top + scrollY),
            Math.round(r.width), Math.round(r.height)];
})"""


@pytest.mark.parametrize("size", list(SIZES))
def test_the_language_switch_and_the_help_are_in_the_same_order_and_place_on_every_page(
    page: Page, course_server: StaticServer, size: str
) -> None:
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    frame = launch(page, course_server, "scorm2004")
    places: dict[str, Any] = {}
    for locale in ("sv", "ar"):
        switch_locale(frame, locale)
        for view in page_types(frame):
            places[f"{locale} {view}"] = frame.evaluate(CONSISTENT)
        goto(frame, "start")
    names = {key: [name for name, *_ in where] for key, where in places.items()}
    assert set(map(tuple, names.values())) == {("skip-link", "brand", "languages", "exit", "SUMMARY")}
    for locale in ("sv", "ar"):
        shown = {key: where for key, where in places.items() if key.startswith(locale)}
        first = next(iter(shown.values()))
        assert {key: where for key, where in shown.items() if where != first} == {}


# What the form holds: per question, the checked values or the chosen option of each select.
FORM_STATE = """() => Object.fromEntries([...document.querySelectorAll(
        '.locale:not([hidden]) :is(form[data-check-question], li[data-assessment-question]) fieldset')].map(q => [
    q.dataset.question,
    [...q.querySelectorAll('input:checked')].map(i => i.value).concat(
        [...q.querySelectorAll('select')].map(s => s.dataset.item + '=' + s.value)),
]))"""


def test_answers_given_are_never_asked_again_after_a_language_switch_or_a_relaunch(
    page: Page, disk_course: Path
) -> None:
    frame = open_from_disk(page, disk_course, "desktop")
    data = config(frame)
    lesson = data["lessons"][0]
    goto(frame, f"check/{lesson}")
    check = data["checks"][lesson][0]
    answer(root(frame).locator(f"form[data-check-question='{check}']"), data["questions"][check], right=True)
    root(frame).locator(f"form[data-check-question='{check}'] button[type=submit]").click()
    goto(frame, "assessment")
    kinds = {data["questions"][qid]["type"]: qid for qid in data["assessment"]}
    for qid in kinds.values():  # one question of each type, the rest left for later
        answer(root(frame).locator(f"li[data-assessment-question='{qid}']"), data["questions"][qid], right=True)
    goto(frame, f"check/{lesson}")
    given = frame.evaluate(FORM_STATE)
    goto(frame, "assessment")
    given.update(frame.evaluate(FORM_STATE))
    filled = {qid: values for qid, values in given.items() if any(not v.endswith("=") for v in values)}
    assert set(filled) == {check, *kinds.values()}

    def shown_now() -> dict[str, list[str]]:
        goto(frame, f"check/{lesson}")
        state: dict[str, list[str]] = frame.evaluate(FORM_STATE)
        goto(frame, "assessment")
        state.update(frame.evaluate(FORM_STATE))
        return state

    switch_locale(frame, "ar")
    assert shown_now() == given
    page.reload()
    frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert shown_now() == given
