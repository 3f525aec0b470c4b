"""The command line: a thin layer that parses arguments, calls the library and prints domain errors.

Every argument is checked where it enters, by its argparse type, so that what reaches the library is valid data:
a refused argument, like any refused input, prints one "error: ..." line naming it and exits with status 1. Each verb
is one function (`set_defaults(func=...)`); `-v` shows the library's log, a line per build stage.
"""

# ruff: noqa: E402 (Ctrl-C is taken care of before the library loads: see stop_while_loading)

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType
from typing import NoReturn

STATUS_INTERRUPTED = 130  # 128 + SIGINT, what a shell reports for a command stopped by Ctrl-C
STATUS_TERMINATED = 143  # 128 + SIGTERM


def stop_while_loading(signum: int, frame: FrameType | None) -> NoReturn:  # noqa: ARG001 (a signal handler's)
    """Ctrl-C while the library loads (about a quarter of a second), before any command runs: nothing is started
    that needs cleaning up, so it is one line and exit 130, not a traceback from somewhere inside an import."""
    print("error: interrupted", file=sys.stderr)
    raise SystemExit(STATUS_INTERRUPTED)


# Only in the main thread (where handlers live), only in place of Python's own handler (a SIGINT the shell set to be
# ignored, for a command started in the background, stays ignored) and not at an interactive prompt (which Ctrl-C
# must not end). The previous handler is back at the end of this module, so that importing it (a test, a script)
# leaves Ctrl-C as it was; `main` catches it from then on.
HANDLER_BEFORE_LOADING = signal.getsignal(signal.SIGINT)
LOADING_GUARDED = (
    threading.current_thread() is threading.main_thread()
    and HANDLER_BEFORE_LOADING is signal.default_int_handler
    and not hasattr(sys, "ps1")
)
if LOADING_GUARDED:
    signal.signal(signal.SIGINT, stop_while_loading)

import argparse
import contextlib
import logging
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from course.build import BuildRequest, build
from course.catalogs import init_catalog, update_catalogs
from course.check import LocaleStats
from course.content import load_course
from course.errors import CourseError, counted
from course.extract import write_pot
from course.inputs import PSEUDO_LOCALES, InputError, language_tag, shown
from course.model import STANDARDS
from course.organisation_catalogs import (
    check_all,
    chosen_organisations,
    known_organisations,
    organisation_place,
    update_organisations,
    write_organisation_pots,
)
from course.paths import ORGANISATION_POT_NAME, POT_NAME, display_path
from course.pedagogy import ITEMS_PER_LESSON, PedagogyReport, Tally
from course.preview import serve
from course.project import Project
from course.reader import SLUG

PROJECT_FILES = ("course/content/course.yaml", "pyproject.toml")
PROJECT_HINT = "give the project folder, the one holding course/content/course.yaml and pyproject.toml"
PROFILES = "the profile organisations/SLUG/"


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


def parser() -> argparse.ArgumentParser:
    main = Parser(prog="course", description="Build the course into SCORM packages and keep its translations in step.")
    main.add_argument(
        "--project", type=project_argument, help="project folder (default: the one around the working directory)"
    )
    common = Parser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="show what the tool does, a line per stage")
    verbs = main.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    def verb(name: str, run: Callable[[argparse.Namespace, Project], int], help: str) -> argparse.ArgumentParser:
        added = verbs.add_parser(name, help=help, parents=[common])
        added.set_defaults(func=run)
        return added

    build_verb = verb("build", run_build, "write the SCORM zips into build/")
    locale_option(
        build_verb,
        "one single-language package per given locale (repeatable); default: one package with every language",
    )
    build_verb.add_argument(
        "--standard",
        action="append",
        choices=STANDARDS,
        default=[],
        help="limit to this standard (repeatable); default: every standard",
    )
    build_verb.add_argument("--out", type=out_argument, help="output folder (default: build/)")
    build_verb.add_argument(
        "--strict", action="store_true", help="fail, writing nothing, where `course check --strict` fails (CI)"
    )
    organisation_options(build_verb, f"the packages of {PROFILES}", "every profile's packages")
    extract_verb = verb("extract", run_extract, f"collect the messages into locales/{POT_NAME} (like pybabel extract)")
    own_template = f"instead, {PROFILES}'s texts into its locales/{ORGANISATION_POT_NAME}"
    organisation_options(extract_verb, own_template, "instead, every profile's template")
    update_verb = verb("update", run_update, "merge the template into every catalog (like pybabel update)")
    organisation_options(update_verb, f"instead, the catalogs of {PROFILES}", "instead, every profile's catalogs")
    init_verb = verb("init", run_init, "start a catalog for a new locale (like pybabel init)")
    init_verb.add_argument("--organisation", type=slug_argument, metavar="SLUG", help=f"instead, one of {PROFILES}")
    init_verb.add_argument("locale", type=new_locale_argument, metavar="LOCALE")
    preview_verb = verb(
        "preview", run_preview, "serve the course on 127.0.0.1 in a stand-in LMS, rebuilding on every change"
    )
    locale_option(preview_verb, "only these locales (repeatable; a pseudo-locale such as qps-ploc works too)")
    preview_verb.add_argument(
        "--port", type=port_argument, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks one)"
    )
    preview_verb.add_argument("--organisation", type=slug_argument, metavar="SLUG", help=f"the package of {PROFILES}")
    stats_verb = verb("stats", run_stats, "a table of translation coverage per language")
    organisation_options(stats_verb, f"instead, the catalogs of {PROFILES}", "instead, every profile's catalogs")
    check_verb = verb("check", run_check, "validate content and catalogs and show translation coverage")
    check_verb.add_argument("--strict", action="store_true", help="fail on warnings too (CI)")
    organisation_options(
        check_verb, f"instead, {PROFILES} and its catalogs", "the course and every profile with its catalogs (for CI)"
    )
    return main


def print_stats(stats: Sequence[LocaleStats], organisation: str | None = None) -> None:
    if organisation is not None:
        print(f"organisation {organisation}")
    print(f"{'locale':<8}{'translated':>12}{'fuzzy':>8}{'untranslated':>14}{'obsolete':>10}{'percent':>9}")
    for item in stats:
        print(
            f"{item.locale:<8}{item.translated:>12}{item.fuzzy:>8}{item.untranslated:>14}{item.obsolete:>10}"
            f"{item.percent:>8.0f}%"
        )


def share(tally: Tally) -> str:
    return f"{tally.count}/{tally.total}"


def print_pedagogy(report: PedagogyReport) -> None:
    """The test-wiseness measures, in bounds or not, so that an author sees how near a limit the course is."""
    keys = report.true_keys
    print(f"{'language':<10}{'key longest (single)':>22}{'keys longer (multiple)':>24}{'true keys (true/false)':>24}")
    for language in report.languages:
        print(
            f"{language.locale:<10}{share(language.key_longest):>22}{share(language.keys_longer):>24}"
            f"{f'{keys.true}/{keys.total}':>24}"
        )
    first = report.languages[0]  # the limits depend on the questions and their options, not on the language
    limits = (f"at most {first.key_longest.limit}", f"at most {first.keys_longer.limit}", f"{keys.low} to {keys.high}")
    print(f"{'limit':<10}{limits[0]:>22}{limits[1]:>24}{limits[2]:>24}")
    items = ", ".join(f"{coverage.lesson.id} {coverage.items}" for coverage in report.lessons)
    print(f"assessment items per lesson (at least {ITEMS_PER_LESSON}): {items}")
    print(f"objectives no assessment question tests (none allowed): {len(report.untested)}")


def chosen(arguments: argparse.Namespace, project: Project) -> tuple[str, ...]:
    """The profiles a verb acts on; with --all-organisations none is an error, but for check (the course is left)."""
    every = arguments.all_organisations
    return chosen_organisations(project, arguments.organisation, every, needed=arguments.func is not run_check)


def run_build(arguments: argparse.Namespace, project: Project) -> int:
    request = BuildRequest(
        project,
        arguments.out or project.build,
        tuple(arguments.locale),
        tuple(arguments.standard) or STANDARDS,
        strict=arguments.strict,
        organisations=chosen(arguments, project),
    )
    result = build(request)
    for package in result.packages:
        print(f"wrote {display_path(package.path)}")
    for code, count in sorted(result.fallbacks.items()):
        if count:
            print(
                f"warning: {code}: {counted(count, 'text')} not translated, shown in the source language",
                file=sys.stderr,
            )
    return 0


def run_extract(arguments: argparse.Namespace, project: Project) -> int:
    if arguments.organisation or arguments.all_organisations:
        for template, changed in write_organisation_pots(project, chosen(arguments, project)):
            print(f"{'wrote' if changed else 'unchanged:'} {display_path(template)}")
        return 0
    changed = write_pot(project.root, project.locales)
    state = "wrote" if changed else "unchanged:"
    print(f"{state} {display_path(project.locales / POT_NAME)}")
    return 0


def run_update(arguments: argparse.Namespace, project: Project) -> int:
    if arguments.organisation or arguments.all_organisations:
        for path in update_organisations(project, chosen(arguments, project)):
            print(f"updated {display_path(path)}")
        return 0
    course = load_course(project.content)
    codes = [code for code in course.info.locales if code != course.info.source_locale]
    for path in update_catalogs(project.locales, codes):
        print(f"updated {display_path(path)}")
    return 0


def run_init(arguments: argparse.Namespace, project: Project) -> int:
    slug = arguments.organisation
    place = project.locales if slug is None else organisation_place(project, known_organisations(project, [slug])[0])
    print(f"created {display_path(init_catalog(place, arguments.locale))}")
    return 0


def run_preview(arguments: argparse.Namespace, project: Project) -> int:
    organisation = arguments.organisation and known_organisations(project, [arguments.organisation])[0]
    serve(project, tuple(arguments.locale), arguments.port, organisation)
    return 0


def run_stats(arguments: argparse.Namespace, project: Project) -> int:
    found = check_all(project, chosen(arguments, project), not (arguments.organisation or arguments.all_organisations))
    if found.course is not None:
        print_stats(found.course.stats)
    for slug, report in found.organisations:
        print_stats(report.stats, slug)
    return 0


def run_check(arguments: argparse.Namespace, project: Project) -> int:
    """The course alone, the given organisations alone, or with --all-organisations the course and every one."""
    found = check_all(project, chosen(arguments, project), not arguments.organisation)
    if found.course is not None:
        print_stats(found.course.stats)
        print_pedagogy(found.course.pedagogy)
    for slug, report in found.organisations:
        print_stats(report.stats, slug)
    for warning in found.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if found.warnings and arguments.strict:
        print(f"check failed: {counted(len(found.warnings), 'warning')} in --strict mode", file=sys.stderr)
        return 1
    print("content OK")
    return 0


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C's KeyboardInterrupt so that the same cleanup runs for both."""


def raise_terminated(signum: int, frame: FrameType | None) -> NoReturn:  # noqa: ARG001 (a signal handler's)
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


class LevelFormatter(logging.Formatter):
    """Log lines as the CLI's other lines read: `debug: load: ...`, `info: built ...`."""

    def format(self, record: logging.LogRecord) -> str:
        return f"{record.levelname.lower()}: {record.getMessage()}"


@contextlib.contextmanager
def log_shown(verbose: bool) -> Iterator[None]:
    """The library's log on stderr while the command runs: every line with -v, else only warnings and worse (it
    writes none today, so the output without -v is what it always was)."""
    logger = logging.getLogger("course")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(LevelFormatter())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def run(arguments: argparse.Namespace) -> int:
    project: Project = arguments.project or Project.find()
    with log_shown(arguments.verbose):
        verb: Callable[[argparse.Namespace, Project], int] = arguments.func
        return verb(arguments, project)


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


if LOADING_GUARDED:
    signal.signal(signal.SIGINT, HANDLER_BEFORE_LOADING)
