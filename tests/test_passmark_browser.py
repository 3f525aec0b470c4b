"""One pass mark on screen: with an LMS mastery score, every figure the learner reads is that one, in every language."""

from __future__ import annotations

import re

from babel.numbers import format_percent
from playwright.sync_api import Page

from course.model import Standard
from tests.browser import StaticServer, page_record
from tests.course_driver import LOCALES, goto, launch, root, switch_locale

MASTERY = {"scorm12": {"cmi.student_data.mastery_score": "50"}, "scorm2004": {"cmi.scaled_passing_score": "0.5"}}
BIDI_MARKS = re.compile("[\u200e\u200f\u061c]")
SPACES = re.compile(r"[\s\u00a0\u202f]+")
PACKAGE_MARK = ("80", "\u0668\u0660")  # the package's passing score, in Western and in Arabic-Indic digits


def readable(text: str) -> str:
    """Text as a learner reads it: no invisible direction marks, every kind of space one space."""
    return SPACES.sub(" ", BIDI_MARKS.sub("", text)).strip()


def test_an_lms_mastery_score_is_the_one_pass_mark_in_every_language(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard, initial=MASTERY[standard])
    for code in LOCALES:
        switch_locale(frame, code)
        figure = readable(format_percent(0.5, locale=code))
        # The start page names it in its prose and in its facts, the assessment in its introduction.
        for view, times in (("start", 2), ("assessment", 1)):
            goto(frame, view)
            text = readable(root(frame).locator(f"[data-view='{view}']").inner_text())
            assert text.count(figure) >= times, f"{code} {view}: {figure!r} shown fewer than {times} times: {text!r}"
            for mark in PACKAGE_MARK:
                assert mark not in text, f"{code} {view}: the package's pass mark is still on screen: {text!r}"
    assert page_record(page).errors == []
