"""The command line's verbs of the translation workflow: extract, update, init, stats and check, each a thin call
into the library that prints what it did (`course.cli` builds the parser and runs them).

Each verb imports the modules it calls when it runs: the checks, XLIFF and TMX bring in translate-toolkit and the
extractor Babel's frontend, which `course build` (the parser is built for every command) does not need."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeAlias

from course.arguments import (
    Parser,
    input_argument,
    locale_option,
    new_locale_argument,
    organisation_options,
    out_argument,
    slug_argument,
    xliff_version_argument,
)
from course.catalogs import init_catalog, update_catalogs
from course.content_cache import load_course
from course.errors import counted
from course.paths import ORGANISATION_POT_NAME, POT_NAME, display_path
from course.project import Project, chosen_organisations, known_organisations

if TYPE_CHECKING:
    from course.check import LocaleStats
    from course.pedagogy import PedagogyReport, Tally

PROFILES = "the profile organisations/SLUG/"
XLIFF_OUT = "build/xliff/"
TMX_OUT = "build/tmx/"
Run = Callable[[argparse.Namespace, Project], int]
Verbs: TypeAlias = "argparse._SubParsersAction[Parser]"  # a parser's verbs, to add one to (generic for mypy only)


class Verb(Protocol):
    """Adds a verb: its name, its function, its help, and the noun it follows if any (`course xliff export`)."""

    def __call__(self, name: str, run: Run, help: str, under: Verbs | None = None) -> argparse.ArgumentParser: ...


Group = Callable[[str, str], Verbs]  # adds a noun (its name, its help) whose verbs follow it


def add_catalog_verbs(verb: Verb) -> None:
    """extract, update and init: the gettext verbs, like pybabel's."""
    extract_verb = verb("extract", run_extract, f"collect the messages into locales/{POT_NAME} (like pybabel extract)")
    own_template = f"instead, {PROFILES}'s texts into its locales/{ORGANISATION_POT_NAME}"
    organisation_options(extract_verb, own_template, "instead, every profile's template")
    update_verb = verb("update", run_update, "merge the template into every catalog (like pybabel update)")
    organisation_options(update_verb, f"instead, the catalogs of {PROFILES}", "instead, every profile's catalogs")
    init_verb = verb("init", run_init, "start a catalog for a new locale (like pybabel init)")
    init_verb.add_argument("--organisation", type=slug_argument, metavar="SLUG", help=f"instead, one of {PROFILES}")
    init_verb.add_argument("locale", type=new_locale_argument, metavar="LOCALE")


def add_report_verbs(verb: Verb) -> None:
    """stats and check: coverage, and every problem at file:line."""
    stats_verb = verb("stats", run_stats, "a table of translation coverage per language")
    organisation_options(stats_verb, f"instead, the catalogs of {PROFILES}", "instead, every profile's catalogs")
    check_verb = verb("check", run_check, "validate content and catalogs and show translation coverage")
    check_verb.add_argument("--strict", action="store_true", help="fail on warnings too (CI)")
    organisation_options(
        check_verb, f"instead, {PROFILES} and its catalogs", "the course and every profile with its catalogs (for CI)"
    )


def add_agency_verbs(verb: Verb, group: Group) -> None:
    """xliff export and import: a language's catalog as XLIFF 1.2 for a translation agency's CAT tool, and back;
    tmx export: a translation memory of every shipped language, for the agency to reuse."""
    xliff = group("xliff", "XLIFF 1.2 files for translation agencies' CAT tools (Trados, memoQ, Phrase…), out and in")
    export = verb("export", run_xliff_export, f"write one XLIFF file per language into {XLIFF_OUT}", xliff)
    locale_option(export, "a language to export (repeatable); default: every language shipped but the source")
    export.add_argument("--out", type=out_argument, metavar="DIR", help=f"output folder (default: {XLIFF_OUT})")
    export.add_argument(
        "--version",
        type=xliff_version_argument,
        default="1.2",
        help="the XLIFF version: 1.2, the one every CAT tool reads (2.0 is not written; see the README)",
    )
    export.add_argument(
        "--organisation", type=slug_argument, metavar="SLUG", help=f"instead, the catalogs of {PROFILES}"
    )
    imported = verb(
        "import",
        run_xliff_import,
        "merge returned XLIFF files into the catalogs, all checked before any is written",
        xliff,
    )
    imported.add_argument("files", type=input_argument, nargs="+", metavar="FILE", help="returned XLIFF files")
    imported.add_argument(
        "--organisation", type=slug_argument, metavar="SLUG", help=f"instead, into the catalogs of {PROFILES}"
    )
    tmx = group("tmx", "translation memories (TMX 1.4) for translation agencies")
    memory = verb("export", run_tmx_export, f"write a memory of every shipped language into {TMX_OUT}", tmx)
    memory.add_argument("--out", type=out_argument, metavar="DIR", help=f"output folder (default: {TMX_OUT})")


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
    from course.pedagogy import ITEMS_PER_LESSON

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


def run_extract(arguments: argparse.Namespace, project: Project) -> int:
    if arguments.organisation or arguments.all_organisations:
        from course.organisation_catalogs import write_organisation_pots

        for template, changed in write_organisation_pots(project, chosen(arguments, project)):
            print(f"{'wrote' if changed else 'unchanged:'} {display_path(template)}")
        return 0
    from course.extract import write_pot

    changed = write_pot(project.root, project.locales)
    state = "wrote" if changed else "unchanged:"
    print(f"{state} {display_path(project.locales / POT_NAME)}")
    return 0


def run_update(arguments: argparse.Namespace, project: Project) -> int:
    if arguments.organisation or arguments.all_organisations:
        from course.organisation_catalogs import update_organisations

        for path in update_organisations(project, chosen(arguments, project)):
            print(f"updated {display_path(path)}")
        return 0
    course = load_course(project.content)
    codes = [code for code in course.info.locales if code != course.info.source_locale]
    for path in update_catalogs(project.locales, codes):
        print(f"updated {display_path(path)}")
    return 0


def run_init(arguments: argparse.Namespace, project: Project) -> int:
    from course.organisation_catalogs import organisation_place

    slug = arguments.organisation
    place = project.locales if slug is None else organisation_place(project, known_organisations(project, [slug])[0])
    print(f"created {display_path(init_catalog(place, arguments.locale))}")
    return 0


def run_stats(arguments: argparse.Namespace, project: Project) -> int:
    from course.organisation_checks import check_all

    found = check_all(project, chosen(arguments, project), not (arguments.organisation or arguments.all_organisations))
    if found.course is not None:
        print_stats(found.course.stats)
    for slug, report in found.organisations:
        print_stats(report.stats, slug)
    return 0


def run_check(arguments: argparse.Namespace, project: Project) -> int:
    """The course alone, the given organisations alone, or with --all-organisations the course and every one."""
    from course.organisation_checks import check_all

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


def run_xliff_export(arguments: argparse.Namespace, project: Project) -> int:
    from course.xliff import export_xliff, xliff_scope

    slug = arguments.organisation and known_organisations(project, [arguments.organisation])[0]
    scope = xliff_scope(project, slug or None)
    out = arguments.out or project.build / "xliff"
    for locale in [scope.shipped(code) for code in arguments.locale] or scope.locales:
        print(f"wrote {display_path(export_xliff(scope, locale, out, arguments.version))}")
    return 0


def run_xliff_import(arguments: argparse.Namespace, project: Project) -> int:
    from course.xliff import xliff_scope
    from course.xliff_import import import_xliff

    slug = arguments.organisation and known_organisations(project, [arguments.organisation])[0]
    for imported in import_xliff(xliff_scope(project, slug or None), arguments.files):
        units = f"{counted(imported.units, 'unit')} changed" if imported.units else "no unit changed"
        print(f"{'updated' if imported.data else 'unchanged:'} {display_path(imported.catalog)} ({units})")
    return 0


def run_tmx_export(arguments: argparse.Namespace, project: Project) -> int:
    from course.tmx import tmx_folder, write_tmx

    for path in write_tmx(project, arguments.out or tmx_folder(project)):
        print(f"wrote {display_path(path)}")
    return 0
