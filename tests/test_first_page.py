"""The learner's first page (issue #21): the launch page holds its language's frame and start view only, each other
language's frame is a small script of its own, and every language's other views come in one more script, listed
with its integrity hash like the frames."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zipfile
from pathlib import Path

from lxml import html

from course.build import BuildRequest, build
from tests.packages import locale_frame, locale_scripts, view_keys, views_html
from tests.projects import real_project

CONFIG = re.compile(r'<script type="application/json" id="course-config">(.*?)</script>', re.DOTALL)
KB = 1024
# The budgets before the start page shows are 100 KB (Swedish) and 140 KB (another language) with the
# runtime at most 80 KB: what the launch page and a language's frame may weigh, with room for the course to grow.
LAUNCH_PAGE_MAX = 26 * KB
FRAME_MAX = 20 * KB


def package(tmp_path: Path) -> zipfile.ZipFile:
    [built] = build(BuildRequest(real_project(), tmp_path / "out", standards=("scorm2004",))).packages
    return zipfile.ZipFile(built.path)


def views_in(markup: str) -> list[str]:
    return [str(view) for view in html.fromstring(markup).xpath("//section[contains(@class, 'view')]/@data-view")]


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def test_the_launch_page_and_every_frame_hold_the_start_view_only_and_are_small(tmp_path: Path) -> None:
    with package(tmp_path) as archive:
        page = archive.read("index.html")
        config = json.loads(CONFIG.search(page.decode())[1])  # type: ignore[index]
        assert views_in(page.decode()) == ["start"]
        assert len(page) <= LAUNCH_PAGE_MAX, f"index.html is {len(page) / KB:.1f} KB"
        assert locale_scripts(archive) == sorted(config["locales"][1:])
        for code in config["locales"][1:]:
            frame = archive.read(f"locales/{code}.js")
            assert views_in(locale_frame(archive, code)) == ["start"], code
            assert len(frame) <= FRAME_MAX, f"locales/{code}.js is {len(frame) / KB:.1f} KB"


def test_every_language_has_its_other_views_in_a_script_listed_with_its_hash(tmp_path: Path) -> None:
    with package(tmp_path) as archive:
        config = json.loads(CONFIG.search(archive.read("index.html").decode())[1])  # type: ignore[index]
        lessons = [view for lesson in config["lessons"] for view in (f"lesson/{lesson}", f"check/{lesson}")]
        assert sorted(config["views"]) == sorted(config["locales"])
        for code in config["locales"]:
            script = archive.read(f"views/{code}.js")
            assert config["views"][code] == sri(script), code
            assert views_in(views_html(archive, code)) == [*lessons, "assessment", "results", "summary"], code
        for code, integrity in config["scripts"].items():
            assert integrity == sri(archive.read(f"locales/{code}.js")), code


def test_the_answer_keys_and_the_scenarios_graphs_come_once_with_the_views_and_the_launch_keeps_the_shapes(
    tmp_path: Path,
) -> None:
    with package(tmp_path) as archive:
        config = json.loads(CONFIG.search(archive.read("index.html").decode())[1])  # type: ignore[index]
        assert {name for question in config["questions"].values() for name in question} == {"type", "choices"}
        assert {name for decision in config["decisions"].values() for name in decision} == {"depth"}
        assert config["keys"] == {"course": sri(archive.read("views/course.js"))}
        keys = view_keys(archive)
        assert sorted(keys["questions"]) == sorted(config["questions"])
        assert all(set(q) == {"correct", "lessons", "objectives"} for q in keys["questions"].values())
        assert sorted(keys["decisions"]) == sorted(config["decisions"])
        assert all(set(d) == {"start", "steps"} for d in keys["decisions"].values())
