"""An organisation's own catalogs: organisations/<slug>/locales/organisation.pot and <lang>/LC_MESSAGES/organisation.po.

The texts of a profile are in their own gettext domain, so that the course's catalogs stay the same for every
organisation. The template is built straight from the loaded profile (each text already has its context, comment
and line), and init, update, check and the build's lookups are the course's own functions at another
`CatalogPlace`, with the same coverage rules: a missing or fuzzy translation falls back to the Swedish source.
`course check` of a profile and its catalogs is `course.organisation_checks`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from babel.messages.catalog import Catalog

import course as package
from course.catalogs import CatalogPlace, LocaleCatalog, load_locale, merged_catalogs, write_merged
from course.content import load_course
from course.errors import CatalogError, ContentError, Problem, ProfileError
from course.model import Course, Organisation
from course.organisation import load_organisation
from course.paths import ORGANISATION_POT_NAME
from course.project import PROFILE, Project
from course.timestamps import build_datetime

DOMAIN = "organisation"


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
    from course.extract import PROJECT  # with Babel's extraction front end: not for a build of the profile's packages

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
    from course.extract import write_template

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
