"""The course text as a learner reads it, in each language: counts agree with their number (issue #16)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from course.build import BuildRequest, build
from course.project import Project
from tests.projects import real_copy


def real_course_with(tmp_path: Path, minutes: int) -> Project:
    """The real course in a throwaway folder, saying it takes `minutes`."""
    project = real_copy(tmp_path)
    settings = project.content / "course.yaml"
    text, replaced = re.subn(r"(?m)^minutes: \d+$", f"minutes: {minutes}", settings.read_text(encoding="utf-8"))
    assert replaced == 1
    settings.write_text(text, encoding="utf-8")
    return project


def start_page_facts(project: Project, tmp_path: Path, code: str) -> str:
    package = build(BuildRequest(project, tmp_path / "out", locales=(code,), standards=("scorm12",))).packages[0]
    with zipfile.ZipFile(package.path) as archive:
        page = archive.read("index.html").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


@pytest.mark.parametrize(
    ("code", "minutes", "said"),
    [
        ("sv", 1, "Tid: cirka 1 minut"),
        ("sv", 30, "Tid: cirka 30 minuter"),
        ("en", 1, "Time: about 1 minute"),
        ("fi", 1, "Kesto: noin 1 minuutti"),
        ("fi", 30, "Kesto: noin 30 minuuttia"),
        ("ar", 2, "المدة: دقيقتان (2) تقريبًا"),
        ("ar", 5, "المدة: 5 دقائق تقريبًا"),  # 3 to 10: the plural
        ("ar", 30, "المدة: 30 دقيقة تقريبًا"),  # 11 to 99: the singular
    ],
)
def test_the_duration_agrees_with_its_number_in_every_language(
    tmp_path: Path, code: str, minutes: int, said: str
) -> None:
    assert said in start_page_facts(real_course_with(tmp_path, minutes), tmp_path, code)


@pytest.mark.parametrize(
    ("code", "said"),
    [
        ("sv", "5 lektioner med kunskapskontroller"),
        ("en", "5 lessons with knowledge checks"),
        ("fi", "5 oppituntia ja niiden tietotestit"),
        ("ar", "عدد الدروس: 5، ولكل درس اختبار قصير للمعرفة"),  # a count that needs no agreement
    ],
)
def test_the_lesson_count_agrees_with_its_number(tmp_path: Path, code: str, said: str) -> None:
    assert said in start_page_facts(real_course_with(tmp_path, 30), tmp_path, code)


def test_every_credit_of_the_source_links_its_licence_as_the_source_gives_it(tmp_path: Path) -> None:
    """CC BY asks for the licence to be named and linked wherever the work is credited: the start page's credit
    line and the footer under every page (review F3, F4)."""
    project = real_copy(tmp_path)
    package = build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("scorm12",))).packages[0]
    with zipfile.ZipFile(package.path) as archive:
        page = archive.read("index.html").decode("utf-8")
    link = '<a href="https://creativecommons.org/share-your-work/cclicenses/" rel="license noopener noreferrer"'
    footer = page[page.index("<footer") :]
    assert link in footer
    assert page.count(link) == 2
