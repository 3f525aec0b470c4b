"""`course check`: is the content valid, is the template current, and how complete is each catalog?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from course.catalogs import forms, is_translated, po_path, read_catalog
from course.content import load_course
from course.errors import CatalogError, ContentError, Problem, ProblemsError, counted
from course.extract import catalog_signature, extract_catalog
from course.lint import describe_message, lint_catalog, literal_pass_mark, pass_mark_errors
from course.markdown import PASSING
from course.paths import POT_NAME, display_path
from course.project import Project


@dataclass(frozen=True)
class LocaleStats:
    locale: str
    translated: int
    fuzzy: int
    untranslated: int
    obsolete: int

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0

    @property
    def complete(self) -> bool:
        return self.translated == self.total


@dataclass(frozen=True)
class CheckReport:
    stats: tuple[LocaleStats, ...]
    warnings: tuple[Problem, ...]


def locale_stats(locale: str, catalog: Catalog, template: Catalog) -> LocaleStats:
    """Counts against the template, so a message missing from the .po counts as untranslated."""
    translated = fuzzy = untranslated = 0
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        if found is not None and found.fuzzy:
            fuzzy += 1
        elif is_translated(found):
            translated += 1
        else:
            untranslated += 1
    return LocaleStats(locale, translated, fuzzy, untranslated, len(catalog.obsolete))


def source_pass_marks(project: Project, messages: Catalog, score: int) -> list[Problem]:
    """Source texts (content and templates) that write the pass mark as a figure, at each place they come from."""
    problems = []
    for message in messages:
        found = message.id and literal_pass_mark(" ".join(forms(message.id)), score)
        for filename, line in message.locations if found else ():
            fix = (
                f"write {PASSING}, which shows the pass mark in force"
                if (project.root / filename).is_relative_to(project.content)
                else "pass it in as a placeholder filled with `passing`, as the start page's facts do"
            )
            problems.append(
                Problem(
                    display_path(project.root / filename),
                    line,
                    f"the pass mark written as a figure ({found!r}); the LMS may set another one: {fix}",
                )
            )
    return problems


def stray_problems(catalog: Catalog, template: Catalog, path: Path) -> list[Problem]:
    """Entries of a catalog that the template does not have and that are not marked obsolete: a msgctxt or msgid
    changed by hand, whose translation the course never uses."""
    name = display_path(path)
    return [
        Problem(
            name,
            message.lineno or 1,
            f"{describe_message(message)}: not in {POT_NAME} (is its msgctxt or msgid changed?); the course never "
            "shows it: correct it, or run `course update`, which marks it obsolete",
        )
        for message in catalog
        if message.id and template.get(message.id, message.context) is None
    ]


def catalog_findings(
    project: Project, code: str, template: Catalog, score: int
) -> tuple[LocaleStats | None, list[Problem], list[Problem]]:
    """One locale's coverage, warnings and errors; no coverage when its catalog cannot be read (the errors say why)."""
    path = po_path(project.locales, code)
    try:
        catalog = read_catalog(path, code, project.locales)
    except CatalogError as error:
        return None, [], list(error.problems)
    item = locale_stats(code, catalog, template)
    warnings = lint_catalog(catalog, path) + stray_problems(catalog, template, path)
    missing = sum(1 for message in template if message.id and catalog.get(message.id, message.context) is None)
    if missing:
        warnings.append(
            Problem(
                display_path(path),
                1,
                f"{POT_NAME} has {counted(missing, 'message')} this catalog does not have yet; run `course update`",
            )
        )
    if not item.complete:
        warnings.append(
            Problem(
                display_path(path),
                1,
                f"untranslated: {item.untranslated}, fuzzy: {item.fuzzy}; these show in Swedish until translated",
            )
        )
    return item, warnings, pass_mark_errors(catalog, path, score)


def check(project: Project) -> CheckReport:
    """Raise ContentError/CatalogError for what breaks a build or shows a wrong pass mark; return stats and
    warnings for the rest."""
    course = load_course(project.content)
    pot_file = project.locales / POT_NAME
    problems: list[Problem] = []
    template: Catalog = Catalog()
    try:
        template = read_catalog(pot_file, inside=project.locales)
    except CatalogError as error:
        problems += error.problems
    warnings: list[Problem] = []
    extracted = extract_catalog(project.root)
    source_problems = source_pass_marks(project, extracted, course.info.passing_score)
    if not problems and catalog_signature(extracted) != catalog_signature(template):
        warnings.append(
            Problem(
                display_path(pot_file),
                1,
                "out of date with the content and templates; run `course extract` then `course update`",
            )
        )
    stats: list[LocaleStats] = []
    for code in course.info.locales:
        if code != course.info.source_locale:
            item, found_warnings, found_problems = catalog_findings(project, code, template, course.info.passing_score)
            stats += [item] if item else []
            warnings += found_warnings
            problems += found_problems
    if source_problems and problems:
        raise ProblemsError(source_problems + problems)
    if source_problems:
        raise ContentError(source_problems)
    if problems:
        raise CatalogError(problems)
    return CheckReport(tuple(stats), tuple(warnings))
