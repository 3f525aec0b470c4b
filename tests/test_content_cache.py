"""content_cache.py: the content a build loads in one process is loaded kept in the next, and is exactly the content
read in full; an edited file, a new file, a file that can no longer be read, a linked file that went, and content
with a problem are read in full again, with every problem reported as reading it in full reports it."""

from __future__ import annotations

from pathlib import Path

import pytest

from course import content
from course.content_cache import load_course
from course.errors import ContentError
from course.model import Course
from tests.projects import make_project

LESSON = Path("lessons") / "01-alpha.yaml"
read_in_full = content.load_course  # uncounted


pytestmark = pytest.mark.usefixtures("cache_home")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_project(tmp_path).content


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The content folders read in full (not loaded kept), in order."""
    read: list[Path] = []

    def counted(root: Path, given: dict[Path, bytes] | None = None) -> Course:
        read.append(root)
        return read_in_full(root, given)

    monkeypatch.setattr(content, "load_course", counted)
    return read


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        read_in_full(root)
    return [str(problem) for problem in raised.value.problems]


def test_content_loaded_kept_is_the_content_read(root: Path, reads: list[Path]) -> None:
    first, second = load_course(root), load_course(root)
    assert reads == [root], "the second process reads nothing in full"
    assert first == second == read_in_full(root)


def test_an_edited_file_is_read_again(root: Path, reads: list[Path]) -> None:
    load_course(root)
    lesson = root / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("sociala medier", "nätet"), encoding="utf-8")
    edited = load_course(root)
    assert reads == [root, root]
    assert edited == read_in_full(root)
    assert "nätet" in str(edited.lessons[0])


def test_content_with_a_problem_is_read_and_reported_every_time(root: Path, reads: list[Path]) -> None:
    load_course(root)
    (root / LESSON).write_text("id: alpha\n", encoding="utf-8")
    expected = problems_of(root)
    for _ in range(2):
        with pytest.raises(ContentError) as raised:
            load_course(root)
        assert [str(problem) for problem in raised.value.problems] == expected
    assert reads == [root, root, root]


@pytest.mark.parametrize(
    "change",
    [
        "a .yaml file that is no content file",
        "a lesson that became a link out of the folder",
        "a lesson too large to read",
    ],
)
def test_files_that_cannot_be_read_are_reported_as_the_full_reading_reports_them(
    root: Path, tmp_path: Path, reads: list[Path], change: str
) -> None:
    load_course(root)
    lesson = root / LESSON
    if change.startswith("a .yaml"):
        (root / "notes.yaml").write_text("a: b\n", encoding="utf-8")
    elif change.endswith("out of the folder"):
        outside = tmp_path / "elsewhere.yaml"
        outside.write_bytes(lesson.read_bytes())
        lesson.unlink()
        lesson.symlink_to(outside)
    else:
        lesson.write_bytes(lesson.read_bytes() + b"#" * 1_000_001)
    expected = problems_of(root)
    with pytest.raises(ContentError) as raised:
        load_course(root)
    assert [str(problem) for problem in raised.value.problems] == expected
    assert reads == [root, root]


def test_a_linked_file_that_went_is_reported_as_the_full_reading_reports_it(root: Path, reads: list[Path]) -> None:
    lesson = root / LESSON
    (root / "images").mkdir()
    (root / "images" / "meeting.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("se [exemplet]", "se ![ett möte](images/meeting.png) och [exemplet]"), "utf-8")
    kept = load_course(root)
    assert load_course(root) == kept
    (root / "images" / "meeting.png").unlink()
    expected = problems_of(root)
    assert any("images/meeting.png" in problem for problem in expected)
    with pytest.raises(ContentError) as raised:
        load_course(root)
    assert [str(problem) for problem in raised.value.problems] == expected
    assert reads == [root, root]


def test_a_course_is_kept_by_the_names_its_messages_show(
    root: Path, reads: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every text carries its file as the author's messages name it, relative to where the tool runs."""
    here = load_course(root)
    monkeypatch.chdir(root)
    there = load_course(root)
    assert reads == [root, root]
    assert here.lessons[0].file != there.lessons[0].file
    assert there == read_in_full(root)
