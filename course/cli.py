"""The command line: a thin layer that parses arguments, calls the library and prints domain errors.

Every argument is checked where it enters, by its argparse type (`course.arguments`), so that what reaches the
library is valid data: a refused argument, like any refused input, prints one "error: ..." line naming it and exits
with status 1. Each verb is one function (`set_defaults(func=...)`): build and preview here, the translation
workflow's in `course.cli_translation`; `-v` shows the library's log, a line per build stage.
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
import gc
import logging
from collections.abc import Callable, Iterator, Sequence

from course.arguments import (
    Parser,
    locale_option,
    organisation_options,
    out_argument,
    port_argument,
    project_argument,
    slug_argument,
)
from course.build import BuildRequest, build
from course.cli_translation import PROFILES, Run, Verbs, add_agency_verbs, add_catalog_verbs, add_report_verbs, chosen
from course.errors import CourseError, counted
from course.model import STANDARDS
from course.paths import display_path
from course.project import Project, known_organisations


def parser() -> argparse.ArgumentParser:
    main = Parser(prog="course", description="Build the course into SCORM packages and keep its translations in step.")
    main.add_argument(
        "--project", type=project_argument, help="project folder (default: the one around the working directory)"
    )
    common = Parser(add_help=False)
    common.add_argument("-v", "--verbose", action="store_true", help="show what the tool does, a line per stage")
    verbs = main.add_subparsers(dest="verb", required=True, metavar="COMMAND")

    def verb(name: str, run: Run, help: str, under: Verbs | None = None) -> argparse.ArgumentParser:
        added = (under or verbs).add_parser(name, help=help, parents=[common])
        added.set_defaults(func=run)
        return added

    def group(name: str, help: str) -> Verbs:
        """A noun whose verbs follow it (`course xliff export`)."""
        return verbs.add_parser(name, help=help).add_subparsers(dest=f"{name}_verb", required=True, metavar="COMMAND")

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
    add_catalog_verbs(verb)
    preview_verb = verb(
        "preview", run_preview, "serve the course on 127.0.0.1 in a stand-in LMS, rebuilding on every change"
    )
    locale_option(preview_verb, "only these locales (repeatable; a pseudo-locale such as qps-ploc works too)")
    preview_verb.add_argument(
        "--port", type=port_argument, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks one)"
    )
    preview_verb.add_argument("--organisation", type=slug_argument, metavar="SLUG", help=f"the package of {PROFILES}")
    add_report_verbs(verb)
    add_agency_verbs(verb, group)
    return main


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


def run_preview(arguments: argparse.Namespace, project: Project) -> int:
    from course.preview import serve  # its server (http.server, email) is for this verb alone

    organisation = arguments.organisation and known_organisations(project, [arguments.organisation])[0]
    serve(project, tuple(arguments.locale), arguments.port, organisation)
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


def command() -> NoReturn:
    """The `course` command, and `python -m course`: `main` in a process of its own. What is in memory once the tool
    is imported (its modules, Babel's and Jinja's) lives as long as the process, so the cycle collector is told
    never to look at it again, which it would do over and over while a build makes its objects (a twentieth of a
    fresh build of the real course)."""
    gc.freeze()
    raise SystemExit(main())
