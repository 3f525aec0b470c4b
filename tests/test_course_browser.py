"""The real course in a real browser inside a real SCORM runtime: every language, every page, the assessment."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from playwright.sync_api import Frame, Page

from course.catalogs import po_path, read_catalog
from course.markdown import inline_html
from course.model import Standard
from tests.browser import StaticServer, lms_errors, page_record
from tests.course_driver import (
    LOCALES,
    all_views,
    answer,
    before_placeholder,
    config,
    current_locale,
    current_view,
    goto,
    launch,
    read_all_lessons,
    root,
    strings,
    switch_locale,
    take_assessment,
)
from tests.projects import real_project

TEXT_ELEMENTS = "h1, h2, p, li, label, legend, button, a, summary, figcaption, option, th, td"
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def plain(markdown: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", str(inline_html(markdown)))).split())


def swedish_with_translation(locale: str) -> set[str]:
    """Swedish texts that the locale's catalog translates into something else: they must not show in it."""
    catalog: Catalog = read_catalog(po_path(real_project().locales, locale), locale)
    found = set()
    for message in catalog:
        if not message.id or message.pluralizable or PLACEHOLDER.search(str(message.id)):
            continue
        source, target = plain(str(message.id)), plain(str(message.string))
        if target and source != target and len(source) > 3:
            found.add(source)
    return found


def visible_texts(frame: Frame) -> list[dict[str, str]]:
    """Text of every visible text-bearing element of the shown locale (menu, header and footer included)."""
    result: list[dict[str, str]] = frame.evaluate(
        """selector => Array.from(document.querySelectorAll('.locale:not([hidden]) ' + selector.split(', ').join(
              ', .locale:not([hidden]) ')))
            .filter(el => el.checkVisibility({visibilityProperty: true}) && !el.closest('[hidden]'))
            .map(el => ({tag: el.tagName.toLowerCase(), text: el.textContent.replace(/\\s+/g, ' ').trim(),
                         slot: el.closest('[data-slot]') ? 'slot' : ''}))""",
        TEXT_ELEMENTS,
    )
    return result


def test_each_package_opens_in_the_lms_and_shows_every_shipped_language(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    assert current_view(frame) == "start"
    titles = {}
    for code in LOCALES:
        switch_locale(frame, code)
        assert frame.evaluate("document.documentElement.dir") == ("rtl" if code == "ar" else "ltr")
        titles[code] = root(frame).locator("[data-view=start] h1").inner_text()
        assert root(frame).locator("[data-view=start] p").first.inner_text().strip()
    assert len(set(titles.values())) == 4, titles
    assert titles["sv"] == "Ledarskap och digitala värderingar"
    assert lms_errors(page) == []
    assert page_record(page).errors == []


@pytest.mark.parametrize("standard", ["scorm2004"])
def test_every_page_in_every_language_is_translated_and_has_no_empty_text(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    views = all_views(frame)
    read_all_lessons(frame)
    take_assessment(frame, right_answers=0)
    problems = []
    for code in LOCALES:
        switch_locale(frame, code)
        forbidden = swedish_with_translation(code) if code != "sv" else set()
        for view in views:
            goto(frame, view)
            for item in visible_texts(frame):
                if not item["text"] and not item["slot"]:
                    problems.append(f"{code} {view}: empty <{item['tag']}>")
                elif item["text"] in forbidden:
                    problems.append(f"{code} {view}: Swedish left: {item['text'][:80]!r}")
    assert problems == []
    assert page_record(page).errors == []


def test_the_assessment_can_be_failed_then_passed_and_a_retake_reorders_the_questions(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard)
    total = len(config(frame)["assessment"])
    first_order = take_assessment(frame, right_answers=total // 2)
    texts = strings(frame)
    verdict = root(frame).locator("[data-view=results] [data-slot=verdict]")
    assert verdict.inner_text().startswith(before_placeholder(texts["failed"]))
    assert root(frame).locator("li[data-revisit]:not([hidden])").count() >= 1
    root(frame).locator("[data-action=retake]").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) .view:not([hidden])').dataset.view === 'assessment'"
    )
    second_order = take_assessment(frame, right_answers=total)
    assert second_order != first_order
    assert sorted(second_order) == sorted(first_order)
    assert verdict.inner_text().startswith(before_placeholder(texts["passed"]))
    assert root(frame).locator("li[data-revisit]:not([hidden])").count() == 0
    assert lms_errors(page) == []


def locale_requests(page: Page) -> list[str]:
    """The locale scripts the page asked for, in order: locales/<code>.js -> code."""
    return [url.rsplit("/", 1)[1].removesuffix(".js") for url in page_record(page).requests if "/locales/" in url]


@pytest.mark.browser_context(locale="fi-FI")
def test_a_learner_downloads_the_page_with_its_first_language_and_their_own_and_each_other_one_once(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004")
    assert current_locale(frame) == "fi"
    assert locale_requests(page) == ["fi"]
    assert frame.evaluate("Array.from(document.querySelectorAll('.locale'), el => el.dataset.locale)") == ["sv", "fi"]
    switch_locale(frame, "ar")
    switch_locale(frame, "fi")
    switch_locale(frame, "ar")
    switch_locale(frame, "sv")
    assert locale_requests(page) == ["fi", "ar"]
    assert frame.evaluate("document.title") == root(frame).locator("[data-view=start] h1").inner_text()
    assert page_record(page).errors == []


@pytest.mark.browser_context(locale="sv-SE")
def test_a_language_first_opened_mid_course_shows_the_answers_and_verdicts_given_so_far(
    page: Page, course_server: StaticServer
) -> None:
    frame = launch(page, course_server, "scorm2004")
    data = config(frame)
    lesson = data["lessons"][0]
    question_id = next(q for q in data["checks"][lesson] if data["questions"][q]["type"] in ("single", "multiple"))
    goto(frame, f"lesson/{lesson}")
    goto(frame, f"check/{lesson}")
    form = root(frame).locator(f"form[data-check-question='{question_id}']")
    answer(form, data["questions"][question_id], right=True)
    form.locator("button[type=submit]").click()
    chosen = sorted(form.locator("input:checked").evaluate_all("els => els.map(e => e.value)"))
    assert chosen
    switch_locale(frame, "en")
    assert locale_requests(page) == ["en"]
    assert current_view(frame) == f"check/{lesson}"
    form = root(frame).locator(f"form[data-check-question='{question_id}']")
    assert sorted(form.locator("input:checked").evaluate_all("els => els.map(e => e.value)")) == chosen
    assert form.locator("[data-slot=verdict]").inner_text() == strings(frame)["correct"]
    seen = root(frame).locator(f"[data-menu-lesson='{lesson}'] .menu-state[data-state=seen]")
    assert seen.is_visible()
    assert page_record(page).errors == []


@pytest.mark.browser_context(locale="fi-FI")
def test_a_language_file_missing_from_the_package_falls_back_and_a_failed_switch_says_so(
    page: Page, course_zips: dict[str, Path], tmp_path: Path
) -> None:
    from tests.browser import unzip

    folder = unzip(course_zips["scorm12"], tmp_path / "disk")
    (folder / "locales" / "fi.js").unlink()
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert current_locale(page.main_frame) == "sv"
    assert any("locales/fi.js could not be loaded" in text for _, text in page_record(page).console)
    notice = root(page.main_frame).locator("[data-slot=notice]")
    page.locator(".locale:not([hidden]) button[data-switch-locale=fi]").click()
    page.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind === 'languageFailed'"
    )
    assert notice.inner_text() == strings(page.main_frame)["languageFailed"]
    switch_locale(page.main_frame, "en")  # a language that loads: back to the calm notice of a course without an LMS
    assert root(page.main_frame).locator("[data-slot=notice]").get_attribute("data-kind") == "noLms"
    assert current_locale(page.main_frame) == "en"
    assert page_record(page).errors == []


def test_the_course_opens_from_disk_without_an_lms(page: Page, course_zips: dict[str, Path], tmp_path: Path) -> None:
    from tests.browser import unzip

    folder = unzip(course_zips["scorm12"], tmp_path / "disk")
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert page.locator(".locale:not([hidden]) [data-view=start] h1").is_visible()
    assert page_record(page).errors == []


def test_a_page_that_cannot_be_wired_still_shows_its_start_page_and_says_why(
    page: Page, course_zips: dict[str, Path], tmp_path: Path
) -> None:
    from tests.browser import unzip

    folder = unzip(course_zips["scorm12"], tmp_path / "disk")
    launch_page = folder / "index.html"
    html = launch_page.read_text(encoding="utf-8")
    config = re.compile(r'(<script type="application/json" id="course-config">).*?(</script>)', re.DOTALL)
    broken = config.sub(r'\1{"locales":["sv"],"lessons":7}\2', html, count=1)  # lessons: not a list
    assert broken != html
    launch_page.write_text(broken, encoding="utf-8")
    page.goto(launch_page.as_uri())
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    assert page.locator(".locale:not([hidden]) [data-view=start] h1").is_visible()
    said = [text for _, text in page_record(page).console if "could not be wired" in text]
    assert len(said) == 1, said
    assert said[0].startswith("[course-runtime] the page could not be wired: TypeError"), said
    assert page_record(page).errors == []


def shown_check_orders(frame: Frame) -> dict[str, list[str]]:
    """Each knowledge check's options (ids) in the order the shown language's page lays them out."""
    orders: dict[str, list[str]] = frame.evaluate(
        """() => Object.fromEntries(Array.from(
              document.querySelectorAll('.locale:not([hidden]) form[data-check-question]'),
              (form) => [form.dataset.checkQuestion, Array.from(
                form.querySelectorAll('[data-choices] > [data-choice]'), (li) => li.dataset.choice)]))"""
    )
    return orders


@pytest.mark.parametrize("standard", ["scorm2004"])
def test_knowledge_checks_show_their_options_shuffled_the_same_in_every_language(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    """The source lists a check's key first more often than not; the learner must not be able to tell: options show
    shuffled (true/false aside), ordering items never in order, and in the same order in every language."""
    frame = launch(page, course_server, standard)
    data = config(frame)
    questions = data["questions"]
    checks = [qid for lesson in data["lessons"] for qid in data["checks"][lesson]]
    swedish = shown_check_orders(frame)
    assert sorted(swedish) == sorted(checks)
    for qid in checks:
        assert sorted(swedish[qid]) == sorted(questions[qid]["choices"]), qid
    shuffled = [qid for qid in checks if questions[qid]["type"] != "true-false"]
    moved = [qid for qid in shuffled if swedish[qid] != questions[qid]["choices"]]
    assert len(moved) >= len(shuffled) - 2, f"shown in source order: {sorted(set(shuffled) - set(moved))}"
    singles = [qid for qid in checks if questions[qid]["type"] == "single"]
    key_first = [qid for qid in singles if swedish[qid][0] in questions[qid]["correct"]]
    assert len(key_first) <= len(singles) // 2, f"the key shows first in {key_first}"
    for qid in checks:
        if questions[qid]["type"] == "sequencing":
            assert swedish[qid] != questions[qid]["choices"], qid
    for code in LOCALES[1:]:
        switch_locale(frame, code)
        assert shown_check_orders(frame) == swedish, code
