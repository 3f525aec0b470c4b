"""`course check`: is the content valid, is the template current, how complete is each catalog, and do the questions
test learning rather than test-wiseness (`pedagogy`)?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from course.catalogs import COURSE_HINTS, CatalogPlace, LocaleCatalog, forms, is_translated, load_locale, read_catalog
from course.content import load_course
from course.errors import CatalogError, ContentError, Problem, ProblemsError, counted
from course.extract import catalog_signature, extract_catalog
from course.lint import lint_catalog, literal_pass_mark, pass_mark_errors
from course.markdown import PASSING
from course.paths import POT_NAME, display_path
from course.pedagogy import PedagogyReport, measure, pedagogy_problems
from course.project import Project
from course.qa import describe_message
from course.translations import LocaleTexts


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
    pedagogy: PedagogyReport
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class CatalogFindings:
    """One locale's catalog as check reads it: its usable translations and coverage (None when it cannot be read,
    which its errors say), its warnings and its errors."""

    translations: LocaleCatalog | None
    stats: LocaleStats | None
    warnings: list[Problem]
    errors: list[Problem]


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


def stray_problems(
    catalog: Catalog, template: Catalog, path: Path, place: CatalogPlace = COURSE_HINTS
) -> list[Problem]:
    """Entries of a catalog that the template does not have and that are not marked obsolete: a msgctxt or msgid
    changed by hand, whose translation the course never uses."""
    name = display_path(path)
    return [
        Problem(
            name,
            message.lineno or 1,
            f"{describe_message(message)}: not in {place.template_name} (is its msgctxt or msgid changed?); the "
            f"course never shows it: correct it, or run {place.command('update')}, which marks it obsolete",
        )
        for message in catalog
        if message.id and template.get(message.id, message.context) is None
    ]


def catalog_findings(place: CatalogPlace, code: str, template: Catalog, score: int) -> CatalogFindings:
    """What check says of one locale's catalog in `place` (the course's, or an organisation's with its own
    template and pass mark)."""
    path = place.po(code)
    try:
        catalog = read_catalog(path, code, place.locales, place)
    except CatalogError as error:
        return CatalogFindings(None, None, [], list(error.problems))
    item = locale_stats(code, catalog, template)
    warnings = lint_catalog(catalog, path) + stray_problems(catalog, template, path, place)
    missing = sum(1 for message in template if message.id and catalog.get(message.id, message.context) is None)
    if missing:
        warnings.append(
            Problem(
                display_path(path),
                1,
                f"{place.template_name} has {counted(missing, 'message')} this catalog does not have yet; "
                f"run {place.command('update')}",
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
    return CatalogFindings(LocaleCatalog.of(code, catalog), item, warnings, pass_mark_errors(catalog, path, score))


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
    source = course.info.source_locale
    stats: list[LocaleStats] = []
    translations = {source: load_locale(project.locales, source, source)}
    for code in course.info.locales:
        if code != source:
            found = catalog_findings(CatalogPlace(project.locales), code, template, course.info.passing_score)
            stats += [found.stats] if found.stats else []
            if found.translations:
                translations[code] = found.translations
            warnings += found.warnings
            problems += found.errors
    if source_problems and problems:
        raise ProblemsError(source_problems + problems)
    if source_problems:
        raise ContentError(source_problems)
    if problems:
        raise CatalogError(problems)
    shown = {code: LocaleTexts(translations[code], source).translate for code in course.info.locales}
    pedagogy = measure(course, shown)
    return CheckReport(tuple(stats), pedagogy, tuple(warnings + pedagogy_problems(pedagogy)))
