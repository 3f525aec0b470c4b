"""Content ids that collided once rendered: in the built page every id is unique, and in the browser (scorm-again
as the LMS) each label ticks its own question's option, in the launch page's language and in one loaded later.

The ids that did collide: an option `hint` (against the question's hint), a question `q` with an option
`signals-true` beside a question `q-signals` with its `true`, and question and option ids that echo the page's
own section ids (`scenario` + a lesson id, `keys`, `reflect`, `main`, `option`).
"""

from __future__ import annotations

import zipfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from playwright.sync_api import Frame, Page

from course.build import BuildRequest, build
from course.project import Project
from tests.browser import StaticServer, lms_errors, page_record, unzip
from tests.course_driver import goto, launch, root, switch_locale
from tests.packages import page_text
from tests.projects import translated_project

LESSON, ASSESSMENT = "lessons/01-alpha.yaml", "assessment.yaml"


COLLIDING_CHECKS = """
  - id: q
    type: single
    stem: Fråga q.
    options:
      - id: signals-true
        text: Signaler
        correct: true
        feedback: Rätt.
      - id: hint
        text: Ledtråd
        feedback: Fel.
  - id: q-signals
    type: true-false
    stem: Fråga q-signals.
    correct: true
    feedback_true: Rätt.
    feedback_false: Fel.
  - id: scenario
    type: multiple
    stem: Fråga scenario.
    options:
      - id: alpha
        text: Alfa
        correct: true
        feedback: Rätt.
      - id: hint
        text: Ledtråd
        feedback: Fel.
"""
COLLIDING_ASSESSMENT = """
  - id: keys
    type: single
    objectives: [beta-goal]
    stem: Fråga keys.
    options:
      - id: beta
        text: Beta
        correct: true
        feedback: Rätt.
      - id: main
        text: Huvud
        feedback: Fel.
  - id: reflect
    type: sequencing
    objectives: [alpha-goal]
    stem: Fråga reflect.
    items:
      - id: alpha
        text: Först
        feedback: Först.
      - id: hint
        text: Sedan
        feedback: Sedan.
      - id: option
        text: Sist
        feedback: Sist.
"""


def colliding_project(tmp_path: Path) -> Project:
    """The mini course, translated, with ids that collided once rendered: an option `hint`, `q` + `signals-true`
    beside `q-signals` + `true`, and question and option ids that echo the page's section ids."""
    project = translated_project(tmp_path)
    lesson = project.content / LESSON
    text = lesson.read_text(encoding="utf-8")
    assert "\nobjectives:" in text, "the checks go at the end of `check:`, before `objectives:`"
    lesson.write_text(
        text.replace("\nobjectives:", COLLIDING_CHECKS.rstrip("\n") + "\nobjectives:", 1), encoding="utf-8"
    )
    with open(project.content / ASSESSMENT, "a", encoding="utf-8") as assessment:
        assessment.write(COLLIDING_ASSESSMENT)
    return project


class Ids(HTMLParser):
    """Every id of a page, and every label's `for` with the question (fieldset) the label stands in."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.controls: dict[str, tuple[str, str]] = {}  # id -> (tag, question)
        self.labels: list[tuple[str, str]] = []  # (for, question)
        self.question = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "fieldset":
            self.question = found.get("data-question", "")
        if "id" in found:
            self.ids.append(found["id"])
            self.controls[found["id"]] = (tag, self.question)
        if tag == "label":
            self.labels.append((found.get("for", ""), self.question))

    def handle_endtag(self, tag: str) -> None:
        if tag == "fieldset":
            self.question = ""


def colliding_package(tmp_path: Path) -> Path:
    project = colliding_project(tmp_path)
    return build(BuildRequest(project, tmp_path / "out", standards=("scorm2004",))).packages[0].path


def test_every_rendered_id_is_unique_and_every_label_names_a_control_of_its_own_question(tmp_path: Path) -> None:
    with zipfile.ZipFile(colliding_package(tmp_path)) as archive:
        page = Ids()
        page.feed(page_text(archive))
    repeated = sorted({found for found in page.ids if page.ids.count(found) > 1})
    assert repeated == [], f"ids used twice in one page: {repeated}"
    assert len(page.labels) > 20
    for target, question in page.labels:
        tag, owner = page.controls[target]
        assert tag in ("input", "select"), f"label for {target} in {question} names a {tag}"
        assert owner == question, f"label for {target} in {question} names {owner}"


TICKED = """() => Array.from(document.querySelectorAll('fieldset[data-question] input'), el => [
  el.closest('.locale').dataset.locale, el.closest('fieldset').dataset.question, el.value, el.checked, el.type])"""
FOCUSED = """() => { const el = document.activeElement, fs = el && el.closest('fieldset[data-question]');
  return fs ? [el.closest('.locale').dataset.locale, fs.dataset.question, el.getAttribute('data-item')] : null; }"""


def ticked(frame: Frame) -> dict[tuple[str, ...], tuple[bool, str]]:
    """Every option of the page, in every loaded language: (locale, question, option) -> (ticked, input type)."""
    found: list[list[Any]] = frame.evaluate(TICKED)
    return {(locale, question, option): (state, kind) for locale, question, option, state, kind in found}


def click_every_label(frame: Frame, locale: str, view: str) -> list[str]:
    """Click each label of the view's questions; what went wrong: a label that ticked anything but its own
    question's option, or for a drop-down (ordering, matching) focused another."""
    goto(frame, view)
    wrong = []
    labels = root(frame).locator(f"[data-view='{view}'] fieldset[data-question] label")
    for index in range(labels.count()):
        label = labels.nth(index)
        question = str(label.evaluate("el => el.closest('fieldset').dataset.question"))
        option = str(label.evaluate("el => el.closest('[data-choice]').dataset.choice"))
        own = (locale, question, option)
        before = ticked(frame)
        label.click()
        after = ticked(frame)
        changed = sorted(key for key in after if after[key] != before[key])
        if own in after:  # a radio button is ticked, a checkbox toggled (it may be ticked from another language)
            state, kind = after[own]
            right = state == (not before[own][0] if kind == "checkbox" else True)
            right = right and all(key[:2] == own[:2] for key in changed)
        else:
            right = tuple(frame.evaluate(FOCUSED) or ()) == own and not changed
        if not right:
            wrong.append(f"{locale} {view}: the label of {question}/{option} changed {changed}")
    return wrong


def test_each_label_ticks_its_own_questions_option_in_every_language(
    page: Page, lms_server: StaticServer, tmp_path: Path
) -> None:
    unzip(colliding_package(tmp_path), lms_server.root / "course")
    frame = launch(page, lms_server, "scorm2004")
    wrong = []
    for locale in ("sv", "de"):
        switch_locale(frame, locale)
        for view in ("check/alpha", "assessment"):
            wrong += click_every_label(frame, locale, view)
    assert wrong == []
    assert frame.evaluate("document.querySelectorAll('.locale').length") == 2, "both languages live in one page"
    assert lms_errors(page) == []
    assert page_record(page).errors == []
