"""Which files a course's content is: course.yaml, assessment.yaml and lessons/NN-<id>.yaml in the content folder,
found by their names alone (no file is read here), so that a build can tell whether the content it loaded before
is the content it has now (`course.content_cache`) without the readers of `course.content`.
"""

from __future__ import annotations

import re
from pathlib import Path

from course.errors import Problem
from course.paths import SLUG, display_path

LESSON_FILE = re.compile(rf"([0-9]{{1,4}})-({SLUG.pattern})\.yaml")
LESSON_FILE_HINT = "a number, a hyphen and the lesson's id, e.g. 01-world-in-change.yaml"


def lesson_number(path: Path) -> int:
    """The NN of lessons/NN-<id>.yaml: the lesson's place in the course."""
    match = LESSON_FILE.fullmatch(path.name)
    return int(match.group(1)) if match else 0


def name_problem(root: Path, path: Path) -> Problem | None:
    """Why a .yaml file in the content folder `root` is not a content file, by its name and place; or None."""
    place = path.relative_to(root).parts
    if place in (("course.yaml",), ("assessment.yaml",)) or (
        len(place) == 2 and place[0] == "lessons" and LESSON_FILE.fullmatch(place[1])
    ):
        return None
    if len(place) == 2 and place[0] == "lessons":
        message = f"a lesson file's name is {LESSON_FILE_HINT}; rename this file"
    else:
        message = (
            "not a content file (course.yaml, assessment.yaml, lessons/NN-<id>.yaml), but every .yaml file in the "
            "content folder is read for translation; move it out of the folder"
        )
    return Problem(display_path(path), 1, message)


def content_files(root: Path) -> tuple[list[Path], list[Problem]]:
    """The lesson files in the order of their numbers, and a problem for every other .yaml file in the folder
    that is not a content file, and for a lesson that shares its number with another."""
    problems: list[Problem] = []
    lessons: dict[int, Path] = {}
    # rglob does not enter linked folders (nor does the extractor); lessons/ is read even when it is a link.
    for path in sorted({*root.rglob("*.yaml"), *(root / "lessons").glob("*.yaml")}):
        if found := name_problem(root, path):
            problems.append(found)
        elif path.parent != root:
            number = lesson_number(path)
            if number in lessons:
                problems.append(
                    Problem(
                        display_path(path),
                        1,
                        f"lesson number {number} is also the number of {display_path(lessons[number])}; "
                        "give each lesson its own",
                    )
                )
            else:
                lessons[number] = path
    return [lessons[number] for number in sorted(lessons)], problems
