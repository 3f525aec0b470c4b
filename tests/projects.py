"""Throwaway projects for tests: a copy of a fixture course with the real templates and Babel mapping."""

from __future__ import annotations

import shutil
from pathlib import Path

from course.project import Project

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def make_project(tmp: Path, fixture: str = "mini-course") -> Project:
    """A project folder under `tmp`: the fixture's content, the real templates, pyproject's extraction mapping."""
    root = tmp / fixture
    shutil.copytree(FIXTURES / fixture, root)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    shutil.copytree(REPO / "course" / "templates", root / "course" / "templates")
    return Project(root)


def real_project() -> Project:
    return Project(REPO)
