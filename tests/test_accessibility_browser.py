"""WCAG 2.2 AA in practice: axe-core (its WCAG 2.2 AA and best-practice rules) on every page type in every
language, a keyboard-only journey, no horizontal scrolling at phone, tablet and desktop sizes, and screenshots for
review in build/screenshots/. The 2.2 criteria axe cannot judge are in test_wcag22_browser.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from tests.browser import WCAG_TAGS, StaticServer, describe_axe, page_record, run_axe, screenshot, unzip
from tests.course_driver import (
    LOCALES,
    before_placeholder,
    config,
    current_view,
    focus_until,
    goto,
    launch,
    read_all_lessons,
    root,
    strings,
    switch_locale,
    take_assessment,
    walk_first_path,
)

# The three sizes of the issue, and the desktop at 200 % text zoom (the same CSS pixels as half the window).
VIEWPORTS = {"phone": (360, 640), "tablet": (768, 1024), "desktop": (1366, 768), "desktop-zoom-200": (683, 384)}
# WCAG 2.2 AA as axe can judge it, and axe's best practices (landmarks, one main, headings in order).
WCAG_22_TAGS = (*WCAG_TAGS, "wcag22aa", "best-practice")


def axe_findings(frame: Frame, where: str) -> list[str]:
    """What axe (WCAG 2.2 AA and best practice) finds on the page shown, described under `where`; [] for nothing."""
    violations = run_axe(frame, WCAG_22_TAGS)
    return [f"{where}:\n{describe_axe(violations)}"] if violations else []


def page_types(frame: Frame) -> Iterator[str]:
    """Visit one page of each type, leaving it shown while the caller looks; feedback shown on the check."""
    data = config(frame)
    lesson = data["lessons"][0]
    for view in ("start", f"lesson/{lesson}", f"check/{lesson}"):
        goto(frame, view)
        if view.startswith("lesson/"):  # its decision scenario walked to an ending: every part of it shows
            walk_first_path(frame, lesson)
            frame.evaluate("() => window.scrollTo(0, 0)")  # as a page opens: at its top
        if view.startswith("check/"):
            form = root(frame).locator("form[data-check-question]").first
            form.locator("input").first.check()
            form.locator("button[type=submit]").click()
            form.locator(".feedback:not([hidden])").first.wait_for()
        yield view
    goto(frame, "assessment")
    yield "assessment"
    take_assessment(frame, right_answers=len(data["assessment"]) // 2)
    yield "results"
    goto(frame, "summary")
    yield "summary"


@pytest.mark.parametrize("code", LOCALES)  # one test per language, so that parallel workers share them out
def test_axe_finds_no_wcag_22_aa_or_best_practice_violation_on_any_page_type_in_any_language(
    page: Page, course_server: StaticServer, code: str
) -> None:
    frame = launch(page, course_server, "scorm2004")
    read_all_lessons(frame)
    switch_locale(frame, code)
    found = []
    for view in page_types(frame):
        found += axe_findings(frame, f"{code} {view}")
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("line", ["notice", "mode"])
def test_axe_finds_nothing_with_the_no_lms_notice_or_the_review_line_shown(
    page: Page, course_server: StaticServer, disk_course: Path, line: str
) -> None:
    if line == "notice":  # opened from disk, without an LMS: the notice says where progress is kept
        page.goto((disk_course / "index.html").as_uri())
        frame = page.main_frame
        frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    else:
        frame = launch(page, course_server, "scorm2004", initial={"cmi.mode": "review"})
    assert root(frame).locator(f"[data-slot={line}]").inner_text().strip()
    found = []
    for locale in ("sv", "ar"):
        switch_locale(frame, locale)
        for view in ("start", "assessment"):
            goto(frame, view)
            found += axe_findings(frame, f"{locale} {view}")
    assert found == [], "\n".join(found)


def keyboard_answer(page: Page, frame: Frame, qid: str, spec: dict[str, list[str] | str]) -> None:
    """Answer one assessment question rightly with Tab, Space and the arrow keys only."""
    scope = f".locale:not([hidden]) li[data-assessment-question='{qid}']"
    kind, correct = spec["type"], list(spec["correct"])
    if kind in ("single", "true-false"):
        focus_until(page, frame, f"{scope} input")
        page.keyboard.press("Space")  # Tab lands on one radio of the group; Space checks it
        order = frame.evaluate("s => Array.from(document.querySelectorAll(s + ' input')).map(e => e.value)", scope)
        here, target = order.index(frame.evaluate("() => document.activeElement.value")), order.index(correct[0])
        for _ in range(abs(target - here)):  # arrows move the check within the group
            page.keyboard.press("ArrowDown" if target > here else "ArrowUp")
    elif kind == "multiple":
        for choice in correct:
            focus_until(page, frame, f"{scope} input[value='{choice}']")
            page.keyboard.press("Space")
    else:
        for position, item in enumerate(correct, start=1):
            focus_until(page, frame, f"{scope} select[data-item='{item}']")
            values = frame.evaluate("() => Array.from(document.activeElement.options).map(o => o.value)")
            for _ in range(values.index(str(position) if kind == "sequencing" else item)):
                page.keyboard.press("ArrowDown")


def test_a_keyboard_user_completes_the_whole_course_and_passes_without_a_mouse(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm12")
    data = config(frame)
    page.keyboard.press("Tab")
    focus_until(page, frame, ".locale:not([hidden]) [data-view=start] a.button.primary:not([hidden])")
    page.keyboard.press("Enter")
    for lesson in data["lessons"]:
        frame.wait_for_function(
            "v => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === v",
            arg=f"lesson/{lesson}",
        )
        assert frame.evaluate("() => document.activeElement.tagName") == "H1"  # focus moved to the new page
        for step in ("lesson", "check"):
            focus_until(page, frame, f".locale:not([hidden]) [data-view='{step}/{lesson}'] .pager-next")
            page.keyboard.press("Enter")
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'assessment'"
    )
    order = (
        root(frame)
        .locator("li[data-assessment-question]")
        .evaluate_all("items => items.map(item => item.dataset.assessmentQuestion)")
    )
    for qid in order:
        keyboard_answer(page, frame, qid, data["questions"][qid])
    focus_until(page, frame, ".locale:not([hidden]) form[data-assessment] button[type=submit]")
    page.keyboard.press("Enter")
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'results'"
    )
    verdict = root(frame).locator("[data-view=results] [data-slot=verdict]").inner_text()
    assert verdict.startswith(before_placeholder(strings(frame)["passed"])), verdict
    assert current_view(frame) == "results"
    assert page_record(page).errors == []


@pytest.fixture
def disk_course(course_zips: dict[str, Path], tmp_path: Path) -> Path:
    return unzip(course_zips["scorm12"], tmp_path / "course")


@pytest.mark.parametrize("locale", ["sv", "ar"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_no_horizontal_overflow_on_any_page_type_and_screenshots_for_review(
    page: Page, disk_course: Path, locale: str, size: str
) -> None:
    width, height = VIEWPORTS[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto((disk_course / "index.html").as_uri())
    frame = page.main_frame
    frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    switch_locale(frame, locale)
    read_all_lessons(frame)
    overflowing = []
    for view in page_types(frame):
        scroll = frame.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll[0] > scroll[1]:
            overflowing.append(f"{view}: {scroll[0]} px wide in a {scroll[1]} px window")
        if size in ("phone", "desktop"):
            screenshot(page, f"{locale}-{size}-{view.replace('/', '-')}")
    assert overflowing == []


def test_the_summary_prints_as_a_certificate_with_the_learners_name_and_no_page_chrome(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004", initial={"cmi.learner_name": "Andersson, Maja"})
    read_all_lessons(frame)
    take_assessment(frame, right_answers=len(config(frame)["assessment"]))
    goto(frame, "summary")
    certificate = root(frame).locator("[data-slot=certificate]")
    assert "Maja Andersson" in certificate.inner_text()  # "Last, First" as a person reads it
    page.emulate_media(media="print")
    shown = frame.evaluate(
        """() => Object.fromEntries(['.topbar', '.menu', '.pager', '.notice', '[data-action=print]',
              '[data-slot=certificate]', '[data-view=summary] h1', '.certificate-title'].map(selector => {
              const el = document.querySelector('.locale:not([hidden]) ' + selector);
              return [selector, !!el && getComputedStyle(el).display !== 'none'];
            }))"""
    )
    assert shown == {
        ".topbar": False,
        ".menu": False,
        ".pager": False,
        ".notice": False,
        "[data-action=print]": False,
        "[data-slot=certificate]": True,
        "[data-view=summary] h1": False,  # the certificate's own title replaces "Summary" on paper
        ".certificate-title": True,
    }
    screenshot(page, "certificate-print")


def test_reduced_motion_and_forced_colors_are_respected(page: Page, course_server: StaticServer) -> None:
    page.emulate_media(reduced_motion="reduce", forced_colors="active")
    frame = launch(page, course_server, "scorm12")
    durations = frame.evaluate(
        """() => ['.progress-fill', '.button'].map(selector =>
              getComputedStyle(document.querySelector('.locale:not([hidden]) ' + selector)).transitionDuration)"""
    )
    assert durations == ["0s", "0s"]
    goto(frame, "assessment")
    box = root(frame).locator("input[type=radio]").first
    box.focus()
    page.keyboard.press("Tab")
    outline = frame.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("none", "")  # focus stays visible in high-contrast mode
