"""The learning objectives on the page: after each lesson's quote, and on the start page under each lesson; the
quote's caption says when the quote is the course's translation."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import html

from course.build import BuildRequest, build
from course.content import load_course
from tests.packages import locale_html, views_html
from tests.projects import translated_project


def pages(tmp_path: Path) -> tuple[dict[str, html.HtmlElement], list[tuple[str, str, list[str], list[str]]]]:
    """The launch page's locale (sv) and the translated one (de) of the mini course, parsed; and each lesson's id,
    Swedish title, objective ids and Swedish objective texts."""
    project = translated_project(tmp_path)
    course = load_course(project.content)
    [package] = build(
        BuildRequest(project, tmp_path / "out", locales=("sv", "de"), standards=("scorm2004",), one_package=True)
    ).packages
    with zipfile.ZipFile(package.path) as archive:
        parsed = {
            "sv": html.fromstring(archive.read("index.html").decode() + views_html(archive, "sv")),
            "de": html.fromstring(locale_html(archive, "de")),
        }
    lessons = [
        (lesson.id, lesson.title.source, [o.id for o in lesson.objectives], [o.text.source for o in lesson.objectives])
        for lesson in course.lessons
    ]
    return parsed, lessons


def text(element: html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_each_lesson_lists_its_objectives_after_the_quote_and_before_the_teaching(tmp_path: Path) -> None:
    parsed, lessons = pages(tmp_path)
    for code, page in parsed.items():
        prefix = "DE " if code == "de" else ""
        for lesson, _, ids, texts in lessons:
            [view] = page.xpath(f"//section[@data-view='lesson/{lesson}']")
            figure = view.find("figure")
            section = figure.getnext()
            assert section.get("class") == "objectives", f"{code} {lesson}: right after the quote"
            heading = section.find("h2")
            assert section.get("aria-labelledby") == heading.get("id")
            assert text(heading) == prefix + "Efter lektionen kan du:"
            items = section.findall("ul/li")
            assert [item.get("data-objective") for item in items] == ids
            assert [text(item) for item in items] == [prefix + t for t in texts]
            assert section.getnext().tag == "p", "the lesson's introduction follows"


def test_the_start_page_lists_the_lessons_in_order_with_their_objectives(tmp_path: Path) -> None:
    parsed, lessons = pages(tmp_path)
    for code, page in parsed.items():
        prefix = "DE " if code == "de" else ""
        [outline] = page.xpath("//section[@data-view='start']//section[@class='outline']")
        assert text(outline.find("h2")) == prefix + "Det här lär du dig"
        entries = outline.findall("ol/li")
        assert len(entries) == len(lessons)
        for entry, (_, title, _, texts) in zip(entries, lessons, strict=True):
            assert text(entry.find("strong")) == prefix + title
            assert [text(item) for item in entry.findall("ul/li")] == [prefix + t for t in texts]
        assert not outline.xpath(".//*[@data-objective]"), "the lesson's list is the one the runtime describes from"


def test_a_translated_quote_is_captioned_as_the_courses_translation_and_the_source_as_the_author(
    tmp_path: Path,
) -> None:
    parsed, _ = pages(tmp_path)
    author = text(parsed["sv"].xpath("//figure[@class='principle']/figcaption/bdi")[0])
    for caption in parsed["sv"].xpath("//figure[@class='principle']/figcaption"):
        assert text(caption) == author
    for caption in parsed["de"].xpath("//figure[@class='principle']/figcaption"):
        assert text(caption) == f"DE {author} (kursens översättning)"
        assert text(caption.find("bdi")) == author, "the name in its own direction"
