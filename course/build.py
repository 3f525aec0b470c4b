"""The build, one stage after another: content → catalogs → pages → manifests → zips. No logic of its own."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from course.assets import asset_files
from course.catalogs import LocaleCatalog, load_locale
from course.content import load_course
from course.errors import CatalogError, Problem, UsageError
from course.extract import extract_catalog
from course.limits import check_suspend_limit
from course.manifest import ManifestInput, PackageText, build_manifest
from course.model import STANDARDS, Course, Standard
from course.package import write_package
from course.project import Project
from course.pseudo import PSEUDO_DIRECTIONS, is_pseudo, pseudo_catalog
from course.render import LAUNCH_PAGE, Site, render_site
from course.timestamps import build_epoch

MANIFEST = "imsmanifest.xml"


@dataclass(frozen=True)
class BuildRequest:
    project: Project
    out: Path
    locales: tuple[str, ...] = ()  # empty: one package with every shipped locale
    standards: tuple[Standard, ...] = STANDARDS


@dataclass(frozen=True)
class Package:
    path: Path
    files: dict[str, bytes]


@dataclass(frozen=True)
class BuildResult:
    packages: tuple[Package, ...]
    fallbacks: dict[str, int]


def load_catalogs(course: Course, project: Project, codes: tuple[str, ...]) -> list[LocaleCatalog]:
    """Every requested catalog, with all their problems reported together."""
    unknown = [code for code in codes if code not in course.info.locales and not is_pseudo(code)]
    if unknown:
        raise UsageError(
            f"the course does not ship {', '.join(unknown)}; it ships {', '.join(course.info.locales)} "
            f"(and the pseudo-locales {', '.join(PSEUDO_DIRECTIONS)})"
        )
    catalogs: list[LocaleCatalog] = []
    problems: list[Problem] = []
    for code in codes:
        if is_pseudo(code):
            catalogs.append(pseudo_catalog(code, extract_catalog(project.root)))
            continue
        try:
            catalogs.append(load_locale(project.locales, code, course.info.source_locale))
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    return catalogs


def package_files(course: Course, site: Site, standard: Standard, suffix: str) -> dict[str, bytes]:
    files = sorted(site.packages[standard])
    spec = ManifestInput(
        course=course,
        standard=standard,
        identifier=f"{course.info.id}{suffix}-{standard}",
        texts=tuple(PackageText(code, title, description) for code, (title, description) in site.metadata.items()),
        launch=LAUNCH_PAGE,
        files=tuple(files),
    )
    return {**site.packages[standard], MANIFEST: build_manifest(spec)}


def plan_packages(course: Course, project: Project, request: BuildRequest) -> list[tuple[str, Site]]:
    """(name suffix, rendered site) for each package: all locales in one, or one per requested locale."""
    assets = asset_files(project.content, course.texts())
    standards = request.standards
    if not request.locales:
        return [("", render_site(course, load_catalogs(course, project, course.info.locales), assets, standards))]
    catalogs = load_catalogs(course, project, request.locales)
    return [(f"-{catalog.locale}", render_site(course, [catalog], assets, standards)) for catalog in catalogs]


def build(request: BuildRequest) -> BuildResult:
    """Render everything in memory first, then write each zip atomically: a failure leaves build/ as it was."""
    course = load_course(request.project.content)
    for standard in request.standards:
        check_suspend_limit(course, standard)
    plans = plan_packages(course, request.project, request)
    epoch = build_epoch()
    packages = [
        Package(
            request.out / f"{course.info.id}{suffix}-{standard}.zip",
            package_files(course, site, standard, suffix),
        )
        for suffix, site in plans
        for standard in request.standards
    ]
    for package in packages:
        write_package(package.path, package.files, epoch)
    fallbacks: dict[str, int] = {}
    for _, site in plans:
        fallbacks.update(site.fallbacks)
    return BuildResult(tuple(packages), fallbacks)
