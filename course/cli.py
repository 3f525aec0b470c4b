"""The command line: a thin layer that parses arguments, calls the library and prints domain errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from course.build import BuildRequest, build
from course.catalogs import init_catalog, update_catalogs
from course.check import LocaleStats, check
from course.content import display_path, load_course
from course.errors import CourseError
from course.extract import POT_NAME, write_pot
from course.model import STANDARDS
from course.preview import serve
from course.project import Project


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="course", description="Build the course into SCORM packages and keep its translations in step."
    )
    main.add_argument("--project", type=Path, help="project folder (default: the one around the working directory)")
    verbs = main.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    build_verb = verbs.add_parser("build", help="write the SCORM zips into build/")
    build_verb.add_argument(
        "--locale",
        action="append",
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
    build_verb.add_argument("--out", type=Path, help="output folder (default: build/)")
    verbs.add_parser("extract", help=f"collect the messages into locales/{POT_NAME} (like pybabel extract)")
    verbs.add_parser("update", help="merge the template into every catalog (like pybabel update)")
    init_verb = verbs.add_parser("init", help="start a catalog for a new locale (like pybabel init)")
    init_verb.add_argument("locale")
    preview_verb = verbs.add_parser(
        "preview", help="serve the course on 127.0.0.1 in a stand-in LMS, rebuilding on every change"
    )
    preview_verb.add_argument(
        "--locale",
        action="append",
        default=[],
        metavar="LOCALE",
        help="only these locales (repeatable; a pseudo-locale such as qps-ploc works too)",
    )
    preview_verb.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default 8000; 0 picks one)")
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
    project = Project(arguments.project.resolve()) if arguments.project else Project.find()
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


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    try:
        return run(arguments)
    except CourseError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
