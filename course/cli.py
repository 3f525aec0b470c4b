"""The command line: a thin layer that parses arguments, calls the library and prints domain errors.

Every argument is checked where it enters, by its argparse type, so that what reaches the library is valid data:
a refused argument, like any refused input, prints one "error: ..." line naming it and exits with status 1.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType
from typing import NoReturn

from course.build import BuildRequest, build
from course.catalogs import init_catalog, update_catalogs
from course.check import LocaleStats, check
from course.content import display_path, load_course
from course.errors import CourseError
from course.extract import POT_NAME, write_pot
from course.inputs import PSEUDO_LOCALES, InputError, language_tag, shown
from course.model import STANDARDS
from course.preview import serve
from course.project import Project

PROJECT_FILES = ("course/content/course.yaml", "pyproject.toml")
PROJECT_HINT = "give the project folder, the one holding course/content/course.yaml and pyproject.toml"
STATUS_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
STATUS_TERMINATED = 143  # 128 + SIGTERM


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


def port_argument(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", value) or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"{shown(value)} is not a port; give a number up to 65535 (0 picks a free one)"
        )
    return int(value)


def parser() -> argparse.ArgumentParser:
    main = Parser(prog="course", description="Build the course into SCORM packages and keep its translations in step.")
    main.add_argument(
        "--project", type=project_argument, help="project folder (default: the one around the working directory)"
    )
    verbs = main.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    build_verb = verbs.add_parser("build", help="write the SCORM zips into build/")
    build_verb.add_argument(
        "--locale",
        action="append",
        type=locale_argument,
        default=[],
        metavar="LOCALE",
        help="one single-language package per given locale (repeatable); default: one package with every language",
    )
    build_verb.add_argument(
        "--standard",
        action="append",
        choices=STANDARDS,
        default=[],
        help="limit to this standard (repeatable); default: both",
    )
    build_verb.add_argument("--out", type=out_argument, help="output folder (default: build/)")
    verbs.add_parser("extract", help=f"collect the messages into locales/{POT_NAME} (like pybabel extract)")
    verbs.add_parser("update", help="merge the template into every catalog (like pybabel update)")
    init_verb = verbs.add_parser("init", help="start a catalog for a new locale (like pybabel init)")
    init_verb.add_argument("locale", type=new_locale_argument, metavar="LOCALE")
    preview_verb = verbs.add_parser(
        "preview", help="serve the course on 127.0.0.1 in a stand-in LMS, rebuilding on every change"
    )
    preview_verb.add_argument(
        "--locale",
        action="append",
        type=locale_argument,
        default=[],
        metavar="LOCALE",
        help="only these locales (repeatable; a pseudo-locale such as qps-ploc works too)",
    )
    preview_verb.add_argument(
        "--port", type=port_argument, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks one)"
    )
    verbs.add_parser("stats", help="a table of translation coverage per language")
    check_verb = verbs.add_parser("check", help="validate content and catalogs and show translation coverage")
    check_verb.add_argument("--strict", action="store_true", help="fail on warnings too (CI)")
    return main


def print_stats(stats: Sequence[LocaleStats]) -> None:
    print(f"{'locale':<8}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}{'obsolete':>10}{'percent':>9}")
    for item in stats:
        print(
            f"{item.locale:<8}{item.translated:>12}{item.fuzzy:>8}{item.untranslated:>14}{item.obsolete:>10}"
            f"{item.percent:>8.0f}%"
        )


def run(arguments: argparse.Namespace) -> int:
    project: Project = arguments.project or Project.find()
    if arguments.verb == "build":
        request = BuildRequest(
            project,
            arguments.out or project.build,
            tuple(arguments.locale),
            tuple(arguments.standard) or STANDARDS,
        )
        result = build(request)
        for package in result.packages:
            print(f"wrote {display_path(package.path)}")
        for code, count in sorted(result.fallbacks.items()):
            if count:
                print(
                    f"warning: {code}: {count} text(s) not translated, shown in the source language",
                    file=sys.stderr,
                )
        return 0
    if arguments.verb == "extract":
        changed = write_pot(project.root, project.locales)
        state = "wrote" if changed else "unchanged:"
        print(f"{state} {display_path(project.locales / POT_NAME)}")
        return 0
    if arguments.verb == "update":
        course = load_course(project.content)
        codes = [code for code in course.info.locales if code != course.info.source_locale]
        for path in update_catalogs(project.locales, codes):
            print(f"updated {display_path(path)}")
        return 0
    if arguments.verb == "preview":
        serve(project, tuple(arguments.locale), arguments.port)
        return 0
    if arguments.verb == "init":
        print(f"created {display_path(init_catalog(project.locales, arguments.locale))}")
        return 0
    report = check(project)
    print_stats(report.stats)
    if arguments.verb == "stats":
        return 0
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.warnings and arguments.strict:
        print(f"check failed: {len(report.warnings)} warning(s) in --strict mode", file=sys.stderr)
        return 1
    print("content OK")
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that the same cleanup runs for both."""


def raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:
    raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """SIGTERM raises Terminated while the command runs (only the main thread may set a handler)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)


def main(argv: Sequence[str] | None = None) -> int:
    with sigterm_raises():
        try:
            return run(parser().parse_args(argv))
        except CourseError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM: what was left where is in the notes
            notes = "".join(f"; {note}" for note in getattr(stop, "__notes__", ()))
            print(f"error: interrupted{notes}", file=sys.stderr)
            return STATUS_TERMINATED if isinstance(stop, Terminated) else STATUS_INTERRUPTED


if __name__ == "__main__":
    raise SystemExit(main())
