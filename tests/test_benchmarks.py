"""The benchmark's synthetic courses are real courses: the normal pipeline loads, extracts and builds them."""

from __future__ import annotations

import zipfile
from pathlib import Path

from benchmarks.synthetic import make_course
from course.build import BuildRequest, build
from course.check import check
from course.content import load_course
from tests.packages import page_text


def test_the_synthetic_generator_makes_courses_the_normal_pipeline_accepts(tmp_path: Path) -> None:
    project = make_course(tmp_path / "synthetic", lessons=12, locales=6)
    course = load_course(project.content)
    assert len(course.lessons) == 12
    assert len(course.info.locales) == 6
    assert len({question.id for question in course.questions()}) == len(list(course.questions()))
    report = check(project)
    assert all(item.complete for item in report.stats)
    assert len(report.stats) == 5
    result = build(BuildRequest(project, project.build, standards=("scorm2004",)))
    with zipfile.ZipFile(result.packages[0].path) as archive:
        page = page_text(archive)
    assert page.count('class="locale"') == 6
    assert page.count('data-view="lesson/') == 12 * 6
    assert result.fallbacks == dict.fromkeys(course.info.locales, 0)
