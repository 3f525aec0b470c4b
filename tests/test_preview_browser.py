"""`course preview` in Chromium: a saved paragraph shows in the running course without a reload (the learner's
place, the LMS session and the tracking panel stay); a save the build refuses shows its error and the next good one
shows; a change beyond the views reloads the course where the learner was; a learner in another language sees the
change in theirs."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.projects import make_project, translated_project
from tests.test_preview import Preview, temporary_folder, wait_for

pytestmark = pytest.mark.browser_context(locale="sv-SE", viewport={"width": 1600, "height": 900})  # side menu open

LESSON = "01-alpha.yaml"
# Whether the course frame shows `text` in an element the learner can see.
SHOWN = """text => {
  const doc = document.getElementById('course').contentDocument;
  const seen = (el) => el.textContent.includes(text) && el.getClientRects().length > 0;
  return !!doc && Array.from(doc.querySelectorAll('p, h1, a')).some(seen);
}"""
VIEW = """() => {
  const doc = document.getElementById('course').contentDocument;
  const view = doc.querySelector('.locale:not([hidden]) section.view[data-view]:not([hidden])');
  return view && view.getAttribute('data-view');
}"""

SHOWN_LOCALE = """() => {
  const doc = document.getElementById('course').contentDocument;
  const shown = doc && doc.querySelector('.locale:not([hidden]) section.view[data-view="start"]:not([hidden])');
  return shown && shown.closest('.locale').lang;
}"""


class Course:
    """The player of a running preview, with the course open at lesson alpha and the frame's window marked, so
    that a reload (which makes a new window) shows."""

    def __init__(self, page: Page, preview: Preview, lesson: Path, locale: str = "sv") -> None:
        self.page, self.preview, self.lesson = page, preview, lesson
        page.goto(f"http://127.0.0.1:{preview.port}/")
        page.wait_for_function(f"() => ({SHOWN_LOCALE})() === {locale!r}")  # the learner's, once the runtime chose
        page.frame_locator("#course").locator('a[data-nav="lesson/alpha"]:visible').first.click()
        self.wait_for_text("Därför spelar det roll.")
        page.evaluate("() => { document.getElementById('course').contentWindow.stayed = true; }")
        self.calls = self.tracked_calls()

    def save(self, old: str, new: str) -> int:
        """Write the lesson with `old` replaced; the version the preview had built before."""
        version = self.preview.status()["version"]
        assert isinstance(version, int)
        text = self.lesson.read_text(encoding="utf-8")
        assert old in text
        self.lesson.write_text(text.replace(old, new), encoding="utf-8")
        return version

    def wait_for_text(self, text: str) -> None:
        self.page.wait_for_function(SHOWN, arg=text, polling="raf")

    def wait_for_build_after(self, version: int) -> None:
        wait_for(lambda: self.preview.status()["version"] != version, "the full build of the change")
        self.page.wait_for_timeout(500)  # what the page does once it is served (a reload, if it wrongly did one)

    def stayed(self) -> bool:
        return bool(self.page.evaluate("() => document.getElementById('course').contentWindow.stayed === true"))

    def view(self) -> str:
        return str(self.page.evaluate(VIEW))

    def tracked_calls(self) -> list[str]:
        return list(self.page.locator("#calls li").all_text_contents())


@pytest.fixture
def course(page: Page, tmp_path: Path) -> Iterator[Course]:
    project = make_project(tmp_path)
    preview = Preview(project, temporary_folder(tmp_path), "--locale", "sv")
    try:
        yield Course(page, preview, project.content / "lessons" / LESSON)
    finally:
        output = preview.stop(signal.SIGINT)
    assert "Traceback" not in output


def test_a_saved_paragraph_shows_without_a_reload_where_the_learner_is(course: Course) -> None:
    built = course.save("Därför spelar det roll.", "Därför spelar det roll, nu mer än förr.")
    course.wait_for_text("Därför spelar det roll, nu mer än förr.")
    course.wait_for_build_after(built)
    assert course.stayed(), "the course was not reloaded: the LMS session goes on"
    assert course.view() == "lesson/alpha"
    assert course.tracked_calls()[-len(course.calls) :] == course.calls, "the tracking panel keeps the session's calls"
    built = course.save("nu mer än förr", "och mer än någonsin")
    course.wait_for_text("Därför spelar det roll, och mer än någonsin.")
    course.wait_for_build_after(built)
    assert course.stayed()


def test_a_save_the_build_refuses_shows_its_error_and_the_next_good_save_shows(course: Course) -> None:
    course.save("why:", "whyy:")
    course.page.wait_for_function("() => /whyy: unknown key/.test(document.getElementById('build').textContent)")
    assert course.page.locator("#build.error").count() == 1
    course.wait_for_text("Därför spelar det roll.")  # the course as it was stays
    built = course.save("whyy: |\n  Därför spelar det roll.", "why: |\n  Därför spelar det roll igen.")
    course.wait_for_text("Därför spelar det roll igen.")
    course.wait_for_build_after(built)
    assert course.page.locator("#build.error").count() == 0
    assert course.stayed()


def test_a_change_beyond_the_views_reloads_the_course_where_the_learner_was(course: Course) -> None:
    """A lesson's title is in the menu too: the course reloads (resuming) once the full build is served."""
    built = course.save("title: Första principen", "title: En ny första princip")
    course.wait_for_text("En ny första princip")
    course.wait_for_build_after(built)
    assert not course.stayed()
    course.page.wait_for_function(f"() => ({VIEW})() === 'lesson/alpha'")


@pytest.mark.browser_context(locale="de-DE", viewport={"width": 1600, "height": 900})
def test_a_learner_in_another_language_sees_the_changed_source_in_their_language_without_a_reload(
    page: Page, tmp_path: Path
) -> None:
    """The page holds German (shown) and Swedish (the launch page's): both are rendered before the views are handed
    over. The German catalog has no translation of the changed paragraph, so German shows it in Swedish."""
    project = translated_project(tmp_path)
    preview = Preview(project, temporary_folder(tmp_path))
    try:
        course = Course(page, preview, project.content / "lessons" / LESSON, "de")
        course.wait_for_text("DE Därför spelar det roll.")
        built = course.save("Därför spelar det roll.", "Därför spelar det roll, nu mer än förr.")
        course.wait_for_text("Därför spelar det roll, nu mer än förr.")
        course.wait_for_build_after(built)
        assert course.stayed()
        assert course.view() == "lesson/alpha"
        assert page.evaluate("() => document.getElementById('course').contentDocument.documentElement.lang") == "de"
    finally:
        output = preview.stop(signal.SIGINT)
    assert "Traceback" not in output
