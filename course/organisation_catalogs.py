"""An organisation's own catalogs: organisations/<slug>/locales/organisation.pot and <lang>/LC_MESSAGES/organisation.po.

The texts of a profile are in their own gettext domain, so that the course's catalogs stay the same for every
organisation. The template is built straight from the loaded profile (each text already has its context, comment
and line), and init, update, check and the build's lookups are the course's own functions at another
`CatalogPlace`, with the same coverage rules: a missing or fuzzy translation falls back to the Swedish source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

import course as package
from course.catalogs import CatalogPlace, LocaleCatalog, load_locale, merged_catalogs, read_catalog, write_merged
from course.check import CheckReport, LocaleStats, catalog_findings, check
from course.content import load_course
from course.errors import CatalogError, ContentError, Problem, ProblemsError, ProfileError, UsageError
from course.extract import PROJECT, catalog_signature, write_template
from course.lint import literal_pass_mark
from course.markdown import PASSING
from course.model import Course, Organisation
from course.organisation import PROFILE, load_organisation, organisation_slugs, unknown_profile
from course.paths import ORGANISATION_POT_NAME, display_path
from course.project import Project
from course.timestamps import build_datetime

DOMAIN = "organisation"


@dataclass(frozen=True)
class OrganisationReport:
    """What `course check` says of one organisation's catalogs that does not stop a build: coverage per locale and
    warnings (each at file:line)."""

    stats: tuple[LocaleStats, ...]
    warnings: tuple[Problem, ...]


def organisation_place(project: Project, slug: str) -> CatalogPlace:
    """Where the organisation's catalogs live, and how its verbs are typed (`course update --organisation <slug>`)."""
    locales = project.organisations / slug / "locales"
    return CatalogPlace(locales, DOMAIN, ORGANISATION_POT_NAME, f" --organisation {slug}", relative(project, locales))


def relative(project: Project, path: Path) -> str:
    """A path inside the project as a catalog names it: relative to the project folder, with forward slashes."""
    return path.relative_to(project.root).as_posix()


def profile_path(project: Project, slug: str) -> Path:
    return project.organisations / slug / PROFILE


def organisation_template(project: Project, organisation: Organisation) -> Catalog:
    """The organisation's template: one message per text of its profile, with its context, its translator comment
    and where it stands in organisation.yaml (no extractor needed: the profile's loader has read all of that)."""
    profile = relative(project, profile_path(project, organisation.slug))
    catalog = Catalog(
        project=f"{PROJECT}: {organisation.name}",
        version=package.__version__,
        copyright_holder=organisation.name,
        msgid_bugs_address="",
        charset="utf-8",
        creation_date=build_datetime(),
        fuzzy=False,
    )
    for text in organisation.texts():
        comments = [text.comment] if text.comment else []
        catalog.add(text.source, None, [(profile, text.line)], auto_comments=comments, context=text.context)
    return catalog


def write_organisation_pot(project: Project, organisation: Organisation) -> bool:
    """Write organisations/<slug>/locales/organisation.pot; False, leaving it alone, when no message changed."""
    place = organisation_place(project, organisation.slug)
    return write_template(organisation_template(project, organisation), place.template, place.locales)


def translated_locales(organisation: Organisation, source_locale: str) -> list[str]:
    return [code for code in organisation.locales if code != source_locale]


def update_organisation_catalogs(project: Project, organisation: Organisation, source_locale: str) -> list[Path]:
    """Merge the organisation's template into the catalog of each locale it ships but the source: all are read and
    checked before the first is written, as `update_catalogs` does."""
    return write_merged(organisation_merged(project, organisation, source_locale))


def organisation_merged(project: Project, organisation: Organisation, source_locale: str) -> list[tuple[Path, bytes]]:
    place = organisation_place(project, organisation.slug)
    return merged_catalogs(place, translated_locales(organisation, source_locale))


def write_organisation_pots(project: Project, slugs: Sequence[str]) -> list[tuple[Path, bool]]:
    """`course extract --organisation`: each profile's template (every profile loaded before the first is written)
    and whether it was written."""
    organisations = load_organisations(project, slugs, load_course(project.content))
    return [
        (organisation_place(project, organisation.slug).template, write_organisation_pot(project, organisation))
        for organisation in organisations
    ]


def update_organisations(project: Project, slugs: Sequence[str]) -> list[Path]:
    """`course update --organisation`: the catalogs of every given profile, all read, merged and checked before the
    first is written, so that one broken catalog changes none."""
    course = load_course(project.content)
    merged: list[tuple[Path, bytes]] = []
    problems: list[Problem] = []
    for organisation in load_organisations(project, slugs, course):
        try:
            merged += organisation_merged(project, organisation, course.info.source_locale)
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    return write_merged(merged)


def load_organisation_catalog(
    project: Project, organisation: Organisation, code: str, source_locale: str
) -> LocaleCatalog:
    """The organisation's usable translations for one locale: none needed for the source locale; for any other
    shipped locale a missing or broken catalog is a CatalogError at its path."""
    return load_locale(organisation_place(project, organisation.slug), code, source_locale)


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


def known_organisations(project: Project, slugs: Sequence[str]) -> tuple[str, ...]:
    """The given slugs, once each, when each is a profile of the project; a UsageError naming the profiles if not."""
    found = organisation_slugs(project)
    for slug in slugs:
        if slug not in found:
            raise UsageError(unknown_profile(project, slug, found))
    return tuple(dict.fromkeys(slugs))


def chosen_organisations(project: Project, given: Sequence[str], every: bool, needed: bool) -> tuple[str, ...]:
    """The profiles a verb acts on: the `given` ones (each must exist) or, when `every`, all of them; finding none
    then is a UsageError when the verb `needed` one (it would do nothing, or build the generic course unasked)."""
    if not every:
        return known_organisations(project, given)
    found = organisation_slugs(project)
    if not found and needed:
        where = display_path(project.organisations)
        raise UsageError(f"--all-organisations: {where}/ holds no profile (each is {where}/<slug>/{PROFILE})")
    return found


def load_organisations(project: Project, slugs: Sequence[str], course: Course) -> tuple[Organisation, ...]:
    """The given profiles, every one loaded before any is used, so that all their problems show at once."""
    found: list[Organisation] = []
    problems: list[Problem] = []
    for slug in slugs:
        try:
            found.append(load_organisation(project, slug, course))
        except ContentError as error:
            problems += error.problems
    if problems:
        raise ProfileError(problems)
    return tuple(found)


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
