"""`course check` of organisation profiles: each profile, its template and its catalogs checked as the course's are,
and the course's check with them, every problem reported at once.

A module of its own, apart from `course.organisation_catalogs`, because the checks bring in translate-toolkit
(`course.qa`), which no build without --strict needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.messages.catalog import Catalog

from course.catalogs import read_catalog
from course.check import CheckReport, LocaleStats, catalog_findings, check
from course.content import load_course
from course.errors import CatalogError, Problem, ProblemsError, ProfileError
from course.extract import catalog_signature
from course.lint import literal_pass_mark
from course.markdown import PASSING
from course.model import Course, Organisation
from course.organisation import load_organisation
from course.organisation_catalogs import (
    organisation_place,
    organisation_template,
    profile_path,
    relative,
    translated_locales,
)
from course.paths import display_path
from course.project import Project


@dataclass(frozen=True)
class OrganisationReport:
    """What `course check` says of one organisation's catalogs that does not stop a build: coverage per locale and
    warnings (each at file:line)."""

    stats: tuple[LocaleStats, ...]
    warnings: tuple[Problem, ...]


def source_pass_marks(organisation: Organisation) -> list[Problem]:
    """Texts of the profile that write its pass mark as a figure, which an LMS may override."""
    return [
        Problem(
            text.file,
            text.line,
            f"the pass mark written as a figure ({found!r}); the LMS may set another one: write {PASSING}, "
            "which shows the pass mark in force",
        )
        for text in organisation.texts()
        if (found := literal_pass_mark(text.source, organisation.passing_score))
    ]


def check_organisation(project: Project, slug: str, course: Course | None = None) -> OrganisationReport:
    """`course check` for one organisation: its profile loads (a ProfileError otherwise), its template is current,
    and each locale it ships but the source has a catalog, checked as the course's are (coverage, lint, stray
    entries; a pass mark of its own is an error, against the organisation's passing score)."""
    course = course or load_course(project.content)
    organisation = load_organisation(project, slug, course)
    place = organisation_place(project, slug)
    problems: list[Problem] = []
    template = Catalog()
    try:
        template = read_catalog(place.template, inside=place.locales, place=place)
    except CatalogError as error:
        problems += error.problems
    warnings: list[Problem] = []
    current = catalog_signature(organisation_template(project, organisation)) == catalog_signature(template)
    if not problems and not current:
        warnings.append(
            Problem(
                display_path(place.template),
                1,
                f"out of date with {relative(project, profile_path(project, slug))}; run {place.command('extract')} "
                f"then {place.command('update')}",
            )
        )
    stats: list[LocaleStats] = []
    for code in translated_locales(organisation, course.info.source_locale):
        found = catalog_findings(place, code, template, organisation.passing_score)
        stats += [found.stats] if found.stats else []
        warnings += found.warnings
        problems += found.errors
    source_problems = source_pass_marks(organisation)
    if source_problems and problems:
        raise ProblemsError(source_problems + problems)
    if source_problems:
        raise ProfileError(source_problems)
    if problems:
        raise CatalogError(problems)
    return OrganisationReport(tuple(stats), tuple(warnings))


@dataclass(frozen=True)
class Checked:
    """What `course check` found: the course's report (when it was checked) and each organisation's."""

    course: CheckReport | None
    organisations: tuple[tuple[str, OrganisationReport], ...]

    @property
    def warnings(self) -> tuple[Problem, ...]:
        own = self.course.warnings if self.course else ()
        return own + tuple(warning for _, report in self.organisations for warning in report.warnings)


def check_all(project: Project, slugs: Sequence[str], course_too: bool) -> Checked:
    """The course's check (when `course_too`) and each organisation's, every one run before an error is raised, so
    that all their problems show at once. Content that does not load is that error alone (nothing else can be
    checked without it), not the same problems once per check."""
    course = load_course(project.content) if slugs else None
    errors: list[ProblemsError] = []
    report = None
    if course_too:
        try:
            report = check(project)
        except ProblemsError as error:
            errors.append(error)
    reports = []
    for slug in slugs:
        try:
            reports.append((slug, check_organisation(project, slug, course)))
        except ProblemsError as error:
            errors.append(error)
    if errors:
        raise joined(errors)
    return Checked(report, tuple(reports))


def joined(errors: Sequence[ProblemsError]) -> ProblemsError:
    """Several checks' errors as one (of their kind when they share it); one alone stays as it was raised."""
    if len(errors) == 1:
        return errors[0]
    kinds = {type(error) for error in errors}
    kind = kinds.pop() if len(kinds) == 1 else ProblemsError
    return kind([problem for error in errors for problem in error.problems])
