"""An organisation's package as its staff see it in Chromium: the logo and name in the header at a fixed size, the
organisation's note in every lesson, its contact and documents, the organisation on the printed certificate, its
accent colour in force with WCAG AA contrast (axe, every language, Arabic right to left), and the generic course
without any of it."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from course.build import BuildRequest, build
from course.model import Standard
from tests.browser import WCAG_TAGS, StaticServer, describe_axe, run_axe, screenshot, unzip
from tests.course_driver import config, goto, launch, read_all_lessons, root, switch_locale, take_assessment
from tests.projects import real_project

EXAMPLES = ("exempelkommun", "exempelregion")
LANGUAGES = {"exempelkommun": ("sv", "en", "ar"), "exempelregion": ("sv", "fi")}
NAMES = {"exempelkommun": "Exempelkommun", "exempelregion": "Exempelregion"}
LOGO_HEIGHT_PX = 40  # course.css: .organisation-logo{block-size:2.5rem}
AXE_TAGS = (*WCAG_TAGS, "wcag22aa", "best-practice")


@pytest.fixture(scope="module")
def organisation_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("organisation-packages")
    build(BuildRequest(real_project(), out, standards=("scorm2004",), organisations=EXAMPLES))
    return {slug: out / f"ledarskap-digitala-varderingar-{slug}-scorm2004.zip" for slug in EXAMPLES}


def open_organisation(page: Page, server: StaticServer, zips: dict[str, Path], slug: str) -> Frame:
    unzip(zips[slug], server.root / "course")
    standard: Standard = "scorm2004"
    return launch(page, server, standard, initial={"cmi.learner_name": "Andersson, Maja"})


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_header_shows_the_logo_at_its_fixed_height_and_the_name_beside_the_course_title(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path], slug: str
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, slug)
    header = root(frame).locator("header .organisation")
    assert header.inner_text().strip() == NAMES[slug]
    logo = header.locator("img.organisation-logo")
    assert frame.evaluate("img => img.complete && img.naturalWidth > 0", logo.element_handle()), "the logo loads"
    box = logo.bounding_box()
    assert box is not None
    assert round(box["height"]) == LOGO_HEIGHT_PX
    assert logo.get_attribute("alt") == "", "the name beside it says what the logo would"
    brand = root(frame).locator(".brand").inner_text().strip()
    assert brand
    assert NAMES[slug] not in brand, "the course title stays the course's, beside the organisation"
    screenshot(page, f"{slug}-start")


def test_every_lesson_shows_the_kommuns_note_in_the_learners_language(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path]
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, "exempelkommun")
    headings = {"sv": "Hos oss", "en": "In our organisation", "ar": "في مؤسستنا"}
    for code in LANGUAGES["exempelkommun"]:
        switch_locale(frame, code)
        for lesson in config(frame)["lessons"]:
            goto(frame, f"lesson/{lesson}")
            note = root(frame).locator(f"[data-view='lesson/{lesson}'] .local-note")
            assert note.is_visible(), f"{code} {lesson}"
            assert note.locator("h2").inner_text().strip() == headings[code]
            assert len(note.inner_text()) > 80, "the note has its text"


def test_the_region_has_no_notes_and_its_links_open_its_own_documents(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path]
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, "exempelregion")
    assert root(frame).locator(".local-note").count() == 0
    links = root(frame).locator("[data-view=start] .organisation-info a")
    assert links.count() >= 3  # two or three documents and the intranet contact page
    for index in range(links.count()):
        link = links.nth(index)
        assert (link.get_attribute("href") or "").startswith("https://")
        assert link.get_attribute("target") == "_blank"
        assert "noopener" in (link.get_attribute("rel") or "")


def test_the_certificate_names_the_organisation_and_shows_its_logo_with_its_alt_text_in_print(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path]
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, "exempelkommun")
    switch_locale(frame, "sv")
    read_all_lessons(frame)
    take_assessment(frame, right_answers=len(config(frame)["assessment"]))
    goto(frame, "summary")
    page.emulate_media(media="print")
    issuer = root(frame).locator(".certificate-issuer")
    assert issuer.is_visible()
    assert issuer.inner_text().strip() == "Utfärdat av Exempelkommun"
    assert (issuer.locator("img").get_attribute("alt") or "").strip(), "the logo alone on paper has its alt text"
    assert "Maja Andersson" in root(frame).locator("[data-slot=certificate]").inner_text()
    assert not root(frame).locator("[data-view=summary] .organisation-info").is_visible(), "links do not print"
    assert root(frame).locator(".topbar").is_hidden()
    screenshot(page, "exempelkommun-certificate-print")


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_accent_is_in_force_and_axe_finds_no_contrast_or_other_problem_in_any_language(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path], slug: str
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, slug)
    accent = str(frame.evaluate("() => getComputedStyle(document.documentElement).getPropertyValue('--ac')")).strip()
    assert accent != "#0b5876", "the organisation's accent replaces the course's"
    button = root(frame).locator("[data-view=start] a.button.primary").first
    assert button.evaluate("el => getComputedStyle(el).backgroundColor") == rgb(accent)
    read_all_lessons(frame)
    take_assessment(frame, right_answers=len(config(frame)["assessment"]))
    found = []
    for code in LANGUAGES[slug]:
        switch_locale(frame, code)
        for view in ("start", f"lesson/{config(frame)['lessons'][0]}", "summary"):
            goto(frame, view)
            violations = run_axe(frame, AXE_TAGS)
            if violations:
                found.append(f"{slug} {code} {view}:\n{describe_axe(violations)}")
    assert found == [], "\n".join(found)


def test_in_arabic_the_page_reads_right_to_left_with_the_organisation_at_the_start_of_the_line(
    page: Page, lms_server: StaticServer, organisation_zips: dict[str, Path]
) -> None:
    frame = open_organisation(page, lms_server, organisation_zips, "exempelkommun")
    switch_locale(frame, "ar")
    assert frame.evaluate("() => document.documentElement.dir") == "rtl"
    organisation = root(frame).locator("header .organisation").bounding_box()
    brand = root(frame).locator("header .brand").bounding_box()
    assert organisation is not None
    assert brand is not None
    assert organisation["x"] > brand["x"], "right to left, the organisation comes first: on the right"
    assert root(frame).locator("header .organisation bdi").inner_text() == "Exempelkommun"
    goto(frame, f"lesson/{config(frame)['lessons'][0]}")
    note = root(frame).locator(".view:not([hidden]) .local-note")
    assert note.evaluate("el => getComputedStyle(el).direction") == "rtl"
    screenshot(page, "exempelkommun-ar-lesson")
