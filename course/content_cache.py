"""The course's content as a build loads it: from the user's cache (`course.cache`) when an earlier process loaded
the same files, else read and checked by `course.content`, which is imported only then.

Reading and checking the real course's content, with the YAML and Markdown readers it needs, is a seventh of a
fresh build; loading it kept, 2 ms. The key is every content file's name (as messages show it) and bytes, each read
as `course.content` reads it (a link out, a pipe or a file too large is refused there, and then reported by the
full reading); a folder whose names `course.content_files` questions, or a kept course whose linked files are not
all there and fit to ship any more, is read in full, so that every problem is reported as before.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from course.assets import file_targets, read_asset, target_problem
from course.cache import Store, from_cache
from course.content_files import content_files
from course.inputs import InputError, read_input
from course.model import Course
from course.paths import CONTENT_FILE_LIMIT, display_path

# Every course module `course.content.load_course` runs (tests/test_cache.py checks the list), and the libraries
# whose versions shape what it makes, by their packages' first file (each names its version there).
CONTENT = Store(
    "content",
    (
        "course.assets",
        "course.cache",
        "course.commonmark",
        "course.content",
        "course.content_cache",
        "course.content_files",
        "course.decisions",
        "course.errors",
        "course.inputs",
        "course.markdown",
        "course.model",
        "course.objectives",
        "course.paths",
        "course.prose",
        "course.questions",
        "course.reader",
        "babel",
        "markdown_it",
        "yaml",
    ),
    most_entries=8,
    dump=pickle.dumps,
    load=pickle.loads,
)


def load_course(root: Path) -> Course:
    """The course under `root`, as `course.content.load_course` reads it (and with the same ContentError)."""
    files = content_bytes(root)
    if files is None:
        return read_course(root)
    key = b"".join(b"%s\0%d\0%s" % (display_path(path).encode(), len(data), data) for path, data in files.items())
    course = from_cache(CONTENT, key, lambda: read_course(root, files))
    return course if links_ship(root, course) else read_course(root)


def content_bytes(root: Path) -> dict[Path, bytes] | None:
    """Every content file's bytes, or None when a file cannot be read or a name is not a content file's."""
    lessons, problems = content_files(root)
    if problems:
        return None
    try:
        return {
            path: read_input(path, root, CONTENT_FILE_LIMIT)
            for path in (root / "course.yaml", *lessons, root / "assessment.yaml")
        }
    except (OSError, InputError):
        return None


def links_ship(root: Path, course: Course) -> bool:
    """Whether every file the course's texts link to is still there and can still ship, as loading it checked."""
    for target in {target for text in course.texts() for target in file_targets(text.source)}:
        try:
            if target_problem(root, target) is not None:
                return False
            read_asset(root, target)
        except (OSError, InputError):
            return False
    return True


def read_course(root: Path, files: dict[Path, bytes] | None = None) -> Course:
    from course.content import load_course as read  # the readers, YAML's and Markdown's: only when nothing is kept

    return read(root, files)
