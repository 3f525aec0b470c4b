"""The learner's first page in Chromium (issue #21): the start page shows from the launch page and the runtime
alone, each language's other views arrive in the background or when one is asked for, and a learner who goes offline
after the start page stays where they are, is told calmly and can try again."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page, Route

from tests.browser import StaticServer, close_course, lms_url, page_record, relaunch_data, unzip, wait_for_call
from tests.course_driver import NAMES, answer, config, goto, launch, root, strings

pytestmark = pytest.mark.browser_context(locale="sv-SE")  # a Swedish learner, unless the LMS says otherwise

VIEWS = "**/views/*.js"
SHOWN = "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])')?.dataset.view"


def course_requests(server: StaticServer) -> list[str]:
    """The package files the browser asked for so far, in order."""
    paths = [path.split("?")[0] for _, path, _ in server.request_log]
    return [path.removeprefix("/course/") for path in paths if path.startswith("/course/")]


def hold(page: Page) -> list[Route]:
    """Keep every request for a views script waiting until the test lets it through (route.continue_())."""
    held: list[Route] = []

    def keep(route: Route) -> None:
        held.append(route)

    page.route(VIEWS, keep)
    return held


def wait_until(page: Page, condition: object) -> None:
    for _ in range(200):
        if callable(condition) and condition():
            return
        page.wait_for_timeout(25)
    raise AssertionError("waited 5 s in vain")


def asked(held: list[Route]) -> list[str]:
    """The views scripts held, by path in the package."""
    return sorted(route.request.url.split("/course/")[1] for route in held)


def release(page: Page, held: list[Route]) -> None:
    for route in held:
        route.continue_()
    page.unroute(VIEWS)


def open_held(page: Page, server: StaticServer, initial: dict[str, str]) -> Frame:
    """Launch in the test LMS without waiting for the course's load event, which a held script holds back."""
    page.goto(lms_url(server, "scorm2004", initial=initial), wait_until="commit")
    element = page.wait_for_selector("iframe#course")
    frame = element.content_frame() if element else None
    assert frame is not None
    return frame


def lessons(frame: Frame) -> list[str]:
    """The lessons' ids, from the launch page's config (which the page has before any views arrive)."""
    found: list[str] = frame.evaluate("JSON.parse(document.getElementById('course-config').textContent).lessons")
    return found


def shown(frame: Frame) -> str | None:
    return frame.evaluate(SHOWN)  # type: ignore[no-any-return]


def test_the_start_page_shows_before_any_other_view_arrives_and_they_follow_in_the_background(
    page: Page, course_server: StaticServer
) -> None:
    held = hold(page)
    frame = launch(page, course_server, "scorm2004")
    assert shown(frame) == "start"
    assert sorted(course_requests(course_server)) == ["index.html", "runtime/course.css", "runtime/course.js"]
    assert frame.locator("section.view[data-view^='lesson/']").count() == 0, "the launch page holds the start view only"
    # Asked for once the start page shows, without a click, with what the views need of the config.
    wait_until(page, lambda: len(held) == 2)
    assert asked(held) == ["views/course.js", "views/sv.js"]
    release(page, held)
    frame.wait_for_function("() => document.querySelectorAll('.locale:not([hidden]) section.view').length > 1")
    lesson = lessons(frame)[0]
    root(frame).locator(f".menu a[data-nav='lesson/{lesson}']").click()
    frame.wait_for_function(f"() => ({SHOWN})() === 'lesson/{lesson}'")
    assert page_record(page).errors == []


def test_a_lesson_asked_for_before_its_part_arrives_shows_as_soon_as_it_does(
    page: Page, course_server: StaticServer
) -> None:
    held = hold(page)
    frame = launch(page, course_server, "scorm2004")
    lesson = lessons(frame)[1]
    root(frame).locator(f".menu a[data-nav='lesson/{lesson}']").click()
    wait_until(page, lambda: len(held) == 2)
    page.wait_for_timeout(100)
    assert shown(frame) == "start", "the learner stays where they are until the lesson has arrived"
    release(page, held)
    frame.wait_for_function(f"() => ({SHOWN})() === 'lesson/{lesson}'")
    focused = frame.evaluate("() => document.activeElement.closest('section.view')?.dataset.view")
    assert focused == f"lesson/{lesson}", "the lesson's heading has the focus, as after any navigation"
    assert page_record(page).errors == []


def test_offline_after_the_start_page_the_learner_stays_is_told_calmly_and_the_retry_recovers(
    page: Page, course_server: StaticServer
) -> None:
    page.route(VIEWS, lambda route: route.abort("internetdisconnected"))
    frame = launch(page, course_server, "scorm2004")
    lesson = lessons(frame)[0]
    notice = root(frame).locator("[data-slot=notice]")
    retry = root(frame).locator("[data-slot=retry] button[data-action=retry]")
    assert not retry.is_visible()
    root(frame).locator(f".menu a[data-nav='lesson/{lesson}']").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind === 'viewsFailed'"
    )
    assert notice.inner_text() == strings(frame)["viewsFailed"]
    assert retry.is_visible()
    assert shown(frame) == "start"
    assert frame.evaluate("location.hash") == "#start", "the address names the page the learner is on"
    page.unroute(VIEWS)
    retry.click()
    frame.wait_for_function(f"() => ({SHOWN})() === 'lesson/{lesson}'")
    assert notice.get_attribute("data-kind") != "viewsFailed"
    assert not retry.is_visible()
    assert page_record(page).errors == []


def test_a_relaunch_into_a_lesson_in_another_language_loads_that_languages_parts_only(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004", initial={NAMES["scorm2004"]["language"]: "fi"})
    lesson = lessons(frame)[2]
    goto(frame, f"lesson/{lesson}")
    close_course(page)
    wait_for_call(page, "terminate")
    stored = relaunch_data(page)
    seen = len(course_server.request_log)
    held = hold(page)
    frame = open_held(page, course_server, stored)
    wait_until(page, lambda: len(held) == 2)
    assert shown(frame) is None, "nothing but the frame shows until the lesson is there: no start page in between"
    release(page, held)
    frame.wait_for_function(f"() => ({SHOWN})() === 'lesson/{lesson}'")
    assert frame.evaluate("document.documentElement.lang") == "fi"
    parts = sorted(path for _, path, _ in course_server.request_log[seen:] if "/locales/" in path or "/views/" in path)
    assert parts == ["/course/locales/fi.js", "/course/views/course.js", "/course/views/fi.js"]
    assert page_record(page).errors == []


def answered_check(frame: Frame) -> tuple[str, str, list[str]]:
    """The first lesson's first choice question answered right and checked: the lesson, the question, the choices."""
    data = config(frame)
    lesson = data["lessons"][0]
    qid = next(q for q in data["checks"][lesson] if data["questions"][q]["type"] in ("single", "multiple"))
    goto(frame, f"check/{lesson}")
    form = root(frame).locator(f"form[data-check-question='{qid}']")
    answer(form, data["questions"][qid], right=True)
    form.locator("button[type=submit]").click()
    return lesson, qid, sorted(form.locator("input:checked").evaluate_all("els => els.map(e => e.value)"))


def test_switching_language_mid_lesson_waits_for_both_parts_and_keeps_the_answers(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004")
    lesson, qid, chosen = answered_check(frame)
    held = hold(page)
    root(frame).locator("button[data-switch-locale=fi]").click()
    wait_until(page, lambda: len(held) == 1)
    assert asked(held) == ["views/fi.js"], "the config's part came with the Swedish views"
    page.wait_for_timeout(100)
    assert frame.evaluate("document.documentElement.lang") == "sv", "no switch before the check is there in Finnish"
    release(page, held)
    frame.wait_for_function("() => document.documentElement.lang === 'fi'")
    assert shown(frame) == f"check/{lesson}"
    form = root(frame).locator(f"form[data-check-question='{qid}']")
    assert sorted(form.locator("input:checked").evaluate_all("els => els.map(e => e.value)")) == chosen
    assert form.locator("[data-slot=verdict]").inner_text() == strings(frame)["correct"]
    assert page_record(page).errors == []


def test_a_deep_link_from_disk_opens_the_lesson(page: Page, course_zips: dict[str, Path], tmp_path: Path) -> None:
    folder = unzip(course_zips["scorm12"], tmp_path / "disk")
    page.goto((folder / "index.html").as_uri() + "#assessment")
    page.wait_for_function(f"() => ({SHOWN})() === 'assessment'")
    assert page.locator(".locale:not([hidden]) form[data-assessment] fieldset").count() > 0
    assert page_record(page).errors == []


def test_a_language_chosen_on_the_start_page_before_any_views_gets_the_restored_answers_with_its_own(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004")
    lesson, qid, chosen = answered_check(frame)
    goto(frame, "start")
    close_course(page)
    wait_for_call(page, "terminate")
    stored = relaunch_data(page)
    held = hold(page)
    frame = open_held(page, course_server, stored)
    frame.wait_for_function(f"() => ({SHOWN})() === 'start'")
    wait_until(page, lambda: len(held) == 2)
    assert asked(held) == ["views/course.js", "views/sv.js"]
    root(frame).locator("button[data-switch-locale=fi]").click()  # only the Finnish frame is needed for this
    frame.wait_for_function("() => document.documentElement.lang === 'fi'")
    release(page, held)  # the Swedish views get the restored answers; the Finnish ones copy them when they come
    root(frame).locator(f".menu a[data-nav='lesson/{lesson}']").click()
    frame.wait_for_function(f"() => ({SHOWN})() === 'lesson/{lesson}'")
    goto(frame, f"check/{lesson}")
    form = root(frame).locator(f"form[data-check-question='{qid}']")
    assert sorted(form.locator("input:checked").evaluate_all("els => els.map(e => e.value)")) == chosen
    assert form.locator("[data-slot=verdict]").inner_text() == strings(frame)["correct"]
    assert frame.evaluate("document.documentElement.lang") == "fi"
    assert page_record(page).errors == []
