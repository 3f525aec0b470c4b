"""The command line's argument types: each argument is checked where it enters, so that what reaches the library
is valid data, and a refused one prints one "error: ..." line naming it and exits with status 1."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import NoReturn

from course.inputs import PSEUDO_LOCALES, InputError, language_tag, shown
from course.paths import SLUG
from course.project import Project

PROJECT_FILES = ("course/content/course.yaml", "pyproject.toml")
PROJECT_HINT = "give the project folder, the one holding course/content/course.yaml and pyproject.toml"


class Parser(argparse.ArgumentParser):
    """argparse whose usage errors exit 1, like every other refused input, with the message first."""

    def error(self, message: str) -> NoReturn:
        self.exit(1, f"error: {message}\n{self.format_usage()}")


def path_argument(value: str) -> Path:
    if not value.strip() or "\x00" in value:
        raise argparse.ArgumentTypeError(f"{shown(value)} is not a path; give a folder")
    return Path(value)


def project_argument(value: str) -> Project:
    """The project folder: an existing folder that holds a course."""
    path = path_argument(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"{shown(value)} does not exist; {PROJECT_HINT}")
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"{shown(value)} is a file, not a folder; {PROJECT_HINT}")
    missing = [name for name in PROJECT_FILES if not (path / name).is_file()]
    if missing:
        raise argparse.ArgumentTypeError(f"{shown(value)} holds no course ({missing[0]} is missing); {PROJECT_HINT}")
    return Project(path.resolve())


def out_argument(value: str) -> Path:
    """The output folder: it may not exist yet, but what exists of it must be folders."""
    path = path_argument(value)
    existing = next(folder for folder in (path, *path.parents) if folder.exists())
    if not existing.is_dir():
        place = "is a file" if existing == path else f"is inside {shown(str(existing))}, which is a file"
        raise argparse.ArgumentTypeError(f"{shown(value)} {place}; give a folder (it is created when missing)")
    return path


def locale_argument(value: str) -> str:
    try:
        return language_tag(value)
    except InputError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def new_locale_argument(value: str) -> str:
    """A locale to start a catalog for: a language tag, not a pseudo-locale (those are made from the template)."""
    if value in PSEUDO_LOCALES:
        raise argparse.ArgumentTypeError(f"{value} is a pseudo-locale, built from the template; it needs no catalog")
    return locale_argument(value)


def slug_argument(value: str) -> str:
    """An organisation's slug, the name of its folder in organisations/ (whether it exists is the verb's question)."""
    if not SLUG.fullmatch(value):
        hint = "give its folder's name in organisations/ (a-z, 0-9 and hyphens, a letter first)"
        raise argparse.ArgumentTypeError(f"{shown(value)} is not an organisation's slug; {hint}")
    return value


def port_argument(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", value) or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"{shown(value)} is not a port; give a number up to 65535 (0 picks a free one)"
        )
    return int(value)


def locale_option(verb: argparse.ArgumentParser, help: str) -> None:
    verb.add_argument("--locale", action="append", type=locale_argument, default=[], metavar="LOCALE", help=help)


def organisation_options(verb: argparse.ArgumentParser, one: str, every: str) -> None:
    """`--organisation SLUG` (repeatable) or `--all-organisations`: which profiles the verb acts on."""
    group = verb.add_mutually_exclusive_group()
    one += " (repeatable)"
    group.add_argument("--organisation", action="append", type=slug_argument, default=[], metavar="SLUG", help=one)
    group.add_argument("--all-organisations", action="store_true", help=every)


def input_argument(value: str) -> Path:
    """A file to read: a path (whether it exists and can be read is the verb's question, so that every file's
    problems show at once)."""
    if not value.strip() or "\x00" in value:
        raise argparse.ArgumentTypeError(f"{shown(value)} is not a path; give a file")
    return Path(value)


def xliff_version_argument(value: str) -> str:
    if value == "2.0":
        raise argparse.ArgumentTypeError(
            "XLIFF 2.0 is not written: translate-toolkit's XLIFF 2.0 store puts notes inside <segment> (where XLIFF "
            "2.0 allows none) and has no inline codes or plurals; give 1.2, which every CAT tool reads"
        )
    if value != "1.2":
        raise argparse.ArgumentTypeError(f"{shown(value)} is not an XLIFF version; give 1.2")
    return value
