"""Every error a user can cause, under one base class; the CLI prints these and exits 1, never a traceback."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


def counted(count: int, noun: str) -> str:
    """A count as a reader says it: "1 problem", "5 problems" (the tool's messages are English; nouns regular)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, at a place a person can open in an editor."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CourseError(Exception):
    """Base class: something in the user's input or environment stops the command."""


def in_file_order(problems: Sequence[Problem]) -> list[Problem]:
    """Problems grouped by file, the files in the order they were first named, each file's by line."""
    order = {name: index for index, name in enumerate(dict.fromkeys(problem.file for problem in problems))}
    return sorted(problems, key=lambda problem: (order[problem.file], problem.line))


class ProblemsError(CourseError):
    """Raised with every problem found in one pass, so the user fixes them all at once."""

    headline = "found"

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        super().__init__(f"{counted(len(self.problems), 'problem')} {self.headline}:\n{lines}")


class ContentError(ProblemsError):
    """Raised by the content loader when course files are missing, malformed or inconsistent."""

    headline = "in the course content"


class ProfileError(ContentError):
    """Raised when an organisation profile (organisations/<slug>/) is missing parts, malformed or inconsistent with
    the course; a ContentError, since a profile is content of the organisation's packages."""

    headline = "in the organisation profiles"


class CatalogError(ProblemsError):
    """Raised when a translation catalog (.po) cannot be read or is broken."""

    headline = "in the translation catalogs"


class BuildError(CourseError):
    """Raised when packaging fails for a reason outside the content, e.g. an unwritable output folder."""


class UsageError(CourseError):
    """Raised for a command-line request that cannot be met, e.g. a locale the course does not ship."""
