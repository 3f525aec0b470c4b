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


def translated_project(tmp: Path) -> Project:
    """The mini course with a complete catalog for the test locale `de`: each translation is "DE <Swedish>"."""
    from course.catalogs import po_path, read_catalog, write_catalog
    from course.cli import main

    project = make_project(tmp)
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "init", "de"]) == 0
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    for message in catalog:
        if message.id:
            message.string = tuple(f"DE {f}" for f in message.id) if message.pluralizable else f"DE {message.id}"
    write_catalog(path, catalog)
    return project


def real_project() -> Project:
    return Project(REPO)


def real_copy(tmp: Path) -> Project:
    """The real course (content, templates, catalogs, organisation profiles) in a throwaway folder under `tmp`, to
    change freely."""
    root = tmp / "real"
    for part in ("course/content", "course/templates", "locales", "organisations"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")
    return Project(root)
