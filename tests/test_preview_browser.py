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

from course.catalogs import po_path
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
def test_a_learner_in_another_language_sees_a_changed_source_and_its_new_translation_without_a_reload(
    page: Page, tmp_path: Path
) -> None:
    """The page holds German (shown) and Swedish (the launch page's): both are rendered before the views are handed
    over. The German catalog has no translation of the changed paragraph, so German shows it in Swedish, until the
    catalog is saved with one."""
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
        catalog = po_path(project.locales, "de")  # and the translator's loop: the paragraph translated again
        version = preview.status()["version"]
        assert isinstance(version, int)
        text = catalog.read_text(encoding="utf-8").replace(
            'msgid "Därför spelar det roll."\nmsgstr "DE Därför spelar det roll."',
            'msgid "Därför spelar det roll, nu mer än förr."\nmsgstr "DE Deshalb, mehr denn je."',
        )
        assert "DE Deshalb, mehr denn je." in text
        catalog.write_text(text, encoding="utf-8")
        course.wait_for_text("DE Deshalb, mehr denn je.")
        course.wait_for_build_after(version)
        assert course.stayed()
    finally:
        output = preview.stop(signal.SIGINT)
    assert "Traceback" not in output


# The player's live update (course/preview/live.js) on a page of its own: a view as the server sent it, then as the
# runtime and the learner left it.
LIVE_JS = Path(__file__).resolve().parent.parent / "course" / "preview" / "live.js"
SENT = """<section class="view" data-view="lesson/a" hidden><h1>Titel</h1><p>Ett</p><p>Två</p>
<div class="decision-step" data-step="s2" hidden><p>Steg</p></div>
<ul class="decision-path"><li>Första</li><li>Andra</li></ul>
<form data-check-question="q"><label>Fråga <input name="q"></label></form></section>"""
RUNTIME_AND_LEARNER = """() => {
  const view = document.querySelector('[data-view]');
  view.hidden = false;
  view.querySelector('.decision-step').hidden = false;
  view.querySelector('input').value = 'mitt svar';
  for (const el of [view, view.querySelectorAll('p')[1], view.querySelector('form')]) el.kept = true;
}"""


def live_page(page: Page) -> None:
    page.set_content(f'<div class="locale" data-locale="sv"><main>{SENT}</main></div>')
    page.add_script_tag(path=str(LIVE_JS))
    page.evaluate(RUNTIME_AND_LEARNER)


def apply(page: Page, after: str, view: str = "lesson/a", before: str = SENT) -> bool:
    """PreviewLive.apply of change 1, what it leaves for later in the page's `later`."""
    changes = {"sv": {view: [before, after]}}
    return bool(page.evaluate("changes => PreviewLive.apply(document, changes, window.later ??= [], 1)", changes))


def catch_up(page: Page, built: int) -> int | None:
    """PreviewLive.catchUp at the build of change `built`: how many updates it leaves for later, None if refused."""
    left = page.evaluate(
        "built => { const left = PreviewLive.catchUp(document, later, built); return left && left.length; }", built
    )
    return None if left is None else int(left)


def test_the_live_update_changes_what_changed_and_keeps_the_rest_and_what_the_runtime_did(page: Page) -> None:
    live_page(page)
    assert apply(page, SENT.replace("<p>Ett</p>", "<p>Ett nytt</p>").replace("Steg", "Nytt steg"))
    texts = page.evaluate("() => Array.from(document.querySelectorAll('[data-view] p')).map((p) => p.textContent)")
    assert texts == ["Ett nytt", "Två", "Nytt steg"]
    kept = """() => {
      const view = document.querySelector('[data-view]');
      return [view.kept, view.hidden, view.querySelectorAll('p')[1].kept, view.querySelector('.decision-step').hidden];
    }"""
    assert page.evaluate(kept) == [True, False, True, False], "the view, the unchanged paragraph, the step shown"


def test_the_live_update_keeps_a_form_and_what_the_learner_typed_in_it(page: Page) -> None:
    live_page(page)
    assert apply(page, SENT.replace("Fråga", "Ny fråga"))
    form = "() => { const f = document.querySelector('form'); return [f.kept, f.textContent, f.q.value]; }"
    assert page.evaluate(form) == [True, "Ny fråga ", "mitt svar"]


def test_the_live_update_refuses_where_the_runtime_changed_the_part(page: Page) -> None:
    live_page(page)
    page.evaluate("() => { const path = document.querySelector('.decision-path'); path.append(path.firstChild); }")
    assert not apply(page, SENT.replace("<li>Första</li>", "<li>Den första</li>"))


def test_a_view_the_course_has_not_loaded_takes_its_update_when_it_comes_from_an_earlier_build(page: Page) -> None:
    """As the launch page's views on their way when a paragraph is saved: they arrive from the files of the build
    before, and take the update before the course takes the new build's hashes."""
    live_page(page)
    other = SENT.replace("lesson/a", "lesson/b")
    assert apply(page, other.replace("Ett", "Ett nytt"), view="lesson/b", before=other)
    assert catch_up(page, 0) == 1, "not come yet: left for the views to come from this build, which is older"
    assert catch_up(page, 1) == 0, "not come yet: it will come from this build's files, which have the change"
    page.evaluate("html => document.querySelector('main').insertAdjacentHTML('beforeend', html)", other)
    assert catch_up(page, 1) == 0
    texts = "() => document.querySelector('[data-view=\"lesson/b\"] p').textContent"
    assert page.evaluate(texts) == "Ett nytt"
    assert catch_up(page, 1) is None, "the update is in place: it is no longer the markup it was sent"
