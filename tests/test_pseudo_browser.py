"""Pseudo-localisation end to end: every text the learner sees comes from a catalog (none is hard-coded in a
template or in the JavaScript), and 40% longer text still fits a 360 px phone screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from course.build import BuildRequest, build
from course.content import load_course
from tests.browser import page_record, screenshot, unzip
from tests.course_driver import all_views, config, goto, read_all_lessons, take_assessment
from tests.projects import real_project

# Data, not messages: names and titles from course.yaml that stay as written in every language.
ATTRIBUTION = load_course(real_project().content).info.attribution
DATA = (ATTRIBUTION.author, ATTRIBUTION.licence, ATTRIBUTION.work)

UNLOCALISED_TEXT = """data => {
  const found = [];
  const walker = document.createTreeWalker(document.querySelector('.locale:not([hidden])'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest('[hidden], script') || !element.checkVisibility()) continue;
    let text = node.textContent;
    // Today's date is CLDR data, formatted by the browser as the page's script does, not a message.
    const today = new Intl.DateTimeFormat(undefined, {dateStyle: 'long', numberingSystem: 'latn'}).format(new Date());
    for (const item of [...data, today]) text = text.split(item).join('');
    if (/[A-Za-z]{2,}/.test(text)) found.push(text.trim().slice(0, 80));
  }
  return found;
}"""
OUTSIDE_THE_SCREEN = """() => Array.from(document.querySelectorAll('.locale:not([hidden]) *'))
  .filter(el => el.checkVisibility() && !el.closest('[hidden]'))
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, box]) => box.width > 0 && (box.right > window.innerWidth + 1 || box.left < -1))
  .map(([el, box]) => el.tagName + '.' + el.className + ' ' + Math.round(box.left) + '..' + Math.round(box.right))"""


@pytest.mark.parametrize("locale", ["qps-ploc", "qps-plocm"])
def test_every_visible_text_is_pseudo_localised_and_fits_a_phone(page: Page, tmp_path: Path, locale: str) -> None:
    package = build(BuildRequest(real_project(), tmp_path / "out", locales=(locale,), standards=("scorm12",)))
    folder = unzip(package.packages[0].path, tmp_path / "course")
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto((folder / "index.html").as_uri())
    frame = page.main_frame
    frame.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert frame.evaluate("() => document.documentElement.dir") == ("rtl" if locale == "qps-plocm" else "ltr")
    read_all_lessons(frame)
    take_assessment(frame, right_answers=len(config(frame)["assessment"]))
    unlocalised, overflowing = [], []
    for view in all_views(frame):
        goto(frame, view)
        unlocalised += [f"{view}: {text!r}" for text in frame.evaluate(UNLOCALISED_TEXT, list(DATA))]
        overflowing += [f"{view}: {item}" for item in frame.evaluate(OUTSIDE_THE_SCREEN)]
        if view in ("start", "assessment", "results"):
            screenshot(page, f"{locale}-phone-{view}")
    assert unlocalised == []
    assert overflowing == []
    assert page_record(page).errors == []
