"""The build: the README's pipeline, one named stage after another (load, limits, catalogs, render, assemble,
manifest, write), each logged as it starts, with the time taken at the end. Every stage but the last works in
memory, so a failure leaves the output as it was. The preview goes through the same stages and writes folders
instead of zips.

It holds no logic of its own but how a package is named and which work goes to worker processes: a large build
renders its locales side by side (`parallel.py`), each worker loading the catalogs of the locales it renders.
What only some builds need (organisation profiles, the pseudo-locales' messages, --strict's checks, which bring in
translate-toolkit) is imported where it is used, so that a plain build does not spend its time loading it.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from course.assets import asset_files
from course.bytecode import bytecode_cache
from course.catalogs import LocaleCatalog, load_locale
from course.content_cache import load_course
from course.errors import BuildError, CatalogError, Problem, UsageError, counted
from course.inputs import InputError, language_tag, shown
from course.limits import check_suspend_limit
from course.manifests import ManifestInput, PackageText, build_manifest, control_files, manifest_name
from course.model import STANDARDS, Course, Organisation, Standard
from course.package import Package, left_as_it_was, write_packages
from course.parallel import map_spread, usable_cores
from course.paths import display_path
from course.project import Project
from course.pseudo import PSEUDO_DIRECTIONS, is_pseudo, pseudo_catalog
from course.render import LAUNCH_PAGE, LocaleCatalogs, LocaleInfo, make_environment, render_locale
from course.site import PackagedLocale, Site, assemble_site, packaged
from course.timestamps import build_epoch

# Texts times locales from which rendering beside a worker process beats this process alone. Measured on 2 cores,
# whole builds with the catalogs kept compiled (a worker takes some 0.3 s to start, import and receive the course,
# while this process renders): the real course, 2,548, builds in 0.14 s alone and 0.33 s with a worker; 12,264
# (20 lessons x 6 locales) in 0.52 s and 0.60 s; 23,520 (40 x 6) in 0.98 s and 0.95 s.
PARALLEL_FROM = 20_000
log = logging.getLogger(__name__)


def checked_locales(codes: tuple[str, ...]) -> tuple[str, ...]:
    """`codes` when each is a language tag or a pseudo-locale; UsageError otherwise."""
    for code in codes:
        try:
            language_tag(code)
        except InputError as error:
            raise UsageError(f"locale {error}") from None
    return codes


@dataclass(frozen=True)
class BuildRequest:
    """What to build. Locale codes become file, zip entry and manifest names, so a request with a code that is not a
    language tag is refused here, for the CLI and library callers alike."""

    project: Project
    out: Path
    locales: tuple[str, ...] = ()  # empty: one package with every shipped locale
    standards: tuple[Standard, ...] = STANDARDS
    strict: bool = False  # fail on what `course check --strict` fails on, so a CI that only builds ships no fallbacks
    one_package: bool = False  # the given locales side by side in one package (the preview), not one package each
    organisations: tuple[str, ...] = ()  # build these organisation profiles' packages; empty: the generic course

    def __post_init__(self) -> None:
        checked_locales(self.locales)
        unknown = [shown(standard) for standard in self.standards if standard not in STANDARDS]
        if unknown or not self.standards:
            raise UsageError(f"the standards are {', '.join(STANDARDS)}; got {', '.join(unknown) or 'none'}")


@dataclass(frozen=True)
class PackagePlan:
    """One package to build: its languages, the first shown before the script picks the learner's."""

    suffix: str  # what its identifier and zip name add to the course id: "" for every locale, else "-<code>"
    locales: tuple[str, ...]


@dataclass(frozen=True)
class PackageFiles:
    """One package, ready to write: its identifier (also its zip's name), its standard and its files by path."""

    identifier: str
    standard: Standard
    files: dict[str, bytes]


@dataclass(frozen=True)
class BuildResult:
    packages: tuple[Package, ...]
    fallbacks: dict[str, int]


# The write stage: given the output folder and the packages, it writes them and returns the zips it wrote.
Writer = Callable[[Path, Sequence[PackageFiles]], tuple[Package, ...]]


def build(request: BuildRequest, write: Writer | None = None) -> BuildResult:
    """Every stage in memory first, then the write: the zips all or nothing (or, for the preview, `write`), so a
    failure or an interruption leaves the output folder as it was."""
    started = time.perf_counter()
    write = write or zip_writer(build_epoch())  # a bad SOURCE_DATE_EPOCH is refused before any work
    try:
        courses = organised(load(request.project), request)
        plans = []
        for course in courses:
            check_limits(course, request.standards)
            plans.append(plan_catalogs(course, request))
        if request.strict:
            check_strictly(request.project, request.organisations)
        packages: list[PackageFiles] = []
        fallbacks: dict[str, int] = {}
        for course, course_plans in zip(courses, plans, strict=True):
            rendered = render(course, request.project, course_plans)
            sites = assemble(course, request.project, rendered, request.standards)
            packages += add_manifests(course, course_plans, sites, request.standards)
            fallbacks |= {fallback_key(course, code): count for site in sites for code, count in site.fallbacks.items()}
    except KeyboardInterrupt as stop:
        stop.add_note(left_as_it_was(request.out))
        raise
    log.debug("write: %s into %s", counted(len(packages), "package"), display_path(request.out))
    written = write(request.out, packages)
    log.info("built %s in %.2f seconds", counted(len(packages), "package"), time.perf_counter() - started)
    return BuildResult(written, fallbacks)


def fallback_key(course: Course, code: str) -> str:
    """How the build names a locale's fallbacks: its code, after the organisation's slug in an organisation's."""
    return code if course.organisation is None else f"{course.organisation.slug}/{code}"


# --- 1. load ---


def load(project: Project) -> Course:
    log.debug("load: the content in %s", display_path(project.content))
    return load_course(project.content)


def organised(course: Course, request: BuildRequest) -> list[Course]:
    """The course as each requested organisation's packages show it (its profile applied), or the generic course
    when none is requested. Every profile is loaded before any is built, so that all their problems show at once."""
    if not request.organisations:
        return [course]
    from course.organisation import applied  # profiles only
    from course.organisation_catalogs import load_organisations

    slugs = tuple(dict.fromkeys(request.organisations))
    log.debug("load: the organisation profiles %s", ", ".join(slugs))
    return [applied(course, organisation) for organisation in load_organisations(request.project, slugs, course)]


# --- 2. limits ---


def check_limits(course: Course, standards: tuple[Standard, ...]) -> None:
    for standard in standards:
        length = check_suspend_limit(course, standard)
        log.debug("limits: %s suspend_data reaches at most %d characters", standard, length)


# --- 3. catalogs ---


def plan_catalogs(course: Course, request: BuildRequest) -> list[PackagePlan]:
    """Each package's languages, every one shipped or a pseudo-locale; in --strict, every catalog as `course check
    --strict` holds it. The catalogs are loaded where their locales are rendered (in worker processes when the
    build is large), since loading one costs more than rendering it."""
    plans = package_plans(course, request)
    codes = tuple(code for plan in plans for code in plan.locales)
    log.debug("catalogs: %s, in %s", ", ".join(dict.fromkeys(codes)), counted(len(plans), "package"))
    unknown = [code for code in codes if code not in course.info.locales and not is_pseudo(code)]
    if unknown:
        shipper = "the course" if course.organisation is None else f"{course.organisation.name}'s package"
        raise UsageError(
            f"{shipper} does not ship {', '.join(unknown)}; it ships {', '.join(course.info.locales)} "
            f"(and the pseudo-locales {', '.join(PSEUDO_DIRECTIONS)})"
        )
    return plans


def package_plans(course: Course, request: BuildRequest) -> list[PackagePlan]:
    """All locales in one package, or one package per requested locale (or all requested in one)."""
    if not request.locales:
        return [PackagePlan("", course.info.locales)]
    codes = tuple(dict.fromkeys(request.locales))  # `--locale fi --locale fi` asks for one package
    if request.one_package:
        return [PackagePlan("-" + "-".join(codes), codes)]
    return [PackagePlan(f"-{code}", (code,)) for code in codes]


def check_strictly(project: Project, organisations: tuple[str, ...]) -> None:
    """A BuildError listing every warning `course check --strict` fails on (its errors fail this build too), the
    built organisations' catalogs included."""
    log.debug("catalogs: checked as `course check --strict` checks them")
    from course.organisation_checks import check_all  # --strict only: the checks bring in translate-toolkit

    warnings = check_all(project, tuple(dict.fromkeys(organisations)), course_too=True).warnings
    if warnings:
        found = "\n".join(f"  {warning}" for warning in warnings)
        raise BuildError(
            f"a --strict build stops at {counted(len(warnings), 'warning')}, as `course check --strict` does; nothing "
            f"was written. Fix each at its place (the catalogs' own warnings: translate, or run `course extract` and "
            f"`course update`), or build without --strict:\n{found}"
        )


# --- 4. render ---


@dataclass(frozen=True)
class LocaleTask:
    """One locale of one package: its catalog is loaded and its part of the launch page rendered together."""

    code: str
    package_locales: tuple[LocaleInfo, ...]  # the package's languages, for its language switcher
    visible: bool  # the first locale of a package shows before the script picks the learner's


@dataclass(frozen=True)
class RenderInput:
    """What every locale task reads; sent once to each worker process."""

    course: Course
    project: Project


RenderState = tuple[RenderInput, Environment]


@functools.cache
def environment() -> Environment:
    """The templates' Environment, one per process for render and assemble and every build the process runs, so
    that each template is compiled once (Jinja compiles it again when its file changes), and loaded compiled from
    the user's cache when an earlier process compiled it (`course.bytecode`)."""
    env = make_environment()
    env.bytecode_cache = bytecode_cache(env)
    return env


def start_rendering(shared: RenderInput) -> RenderState:
    """A process's state for its locale tasks: the shared input and the templates."""
    return shared, environment()


def load_catalogs(course: Course, project: Project, code: str) -> LocaleCatalogs:
    """The locale's course catalog, and its organisation catalog in an organisation's package."""
    organisation = course.organisation
    source = course.info.source_locale
    own = None if organisation is None else organisation_catalog(project, organisation, code, source)
    if is_pseudo(code):
        from course.extract import extract_catalog  # only a pseudo-locale's build reads the sources' messages

        return LocaleCatalogs(pseudo_catalog(code, extract_catalog(project.root)), own)
    return LocaleCatalogs(load_locale(project.locales, code, source), own)


def organisation_catalog(project: Project, organisation: Organisation, code: str, source: str) -> LocaleCatalog:
    """The organisation's catalog of the locale; for a pseudo-locale, its template made pseudo."""
    from course.organisation_catalogs import load_organisation_catalog, organisation_template  # profiles only

    if is_pseudo(code):
        return pseudo_catalog(code, organisation_template(project, organisation))
    return load_organisation_catalog(project, organisation, code, source)


def render_task(state: RenderState, task: LocaleTask) -> PackagedLocale | tuple[Problem, ...]:
    """The rendered locale as its package ships it, or the problems of its catalog (returned, so that every catalog
    gets reported)."""
    shared, env = state
    try:
        catalogs = load_catalogs(shared.course, shared.project, task.code)
    except CatalogError as error:
        return error.problems
    return packaged(render_locale(env, shared.course, catalogs, list(task.package_locales), task.visible), task.visible)


def render(course: Course, project: Project, plans: list[PackagePlan]) -> list[list[PackagedLocale]]:
    """Every package's locales, rendered once for all its standards, with every broken catalog reported together;
    side by side in worker processes when the work is large."""
    infos = {code: LocaleInfo.of(code) for plan in plans for code in plan.locales}
    tasks = [
        LocaleTask(code, tuple(infos[c] for c in plan.locales), index == 0)
        for plan in plans
        for index, code in enumerate(plan.locales)
    ]
    log.debug("render: %s", counted(len(tasks), "locale"))
    units = sum(1 for _ in course.texts()) * len(tasks)
    shared = RenderInput(course, project)
    results = map_spread(render_task, tasks, start_rendering, (shared,), worth_it=units >= PARALLEL_FROM)
    problems = [problem for result in results if isinstance(result, tuple) for problem in result]
    if problems:
        raise CatalogError(problems)
    done = iter(result for result in results if isinstance(result, PackagedLocale))
    return [[next(done) for _ in plan.locales] for plan in plans]


# --- 5. assemble ---


def assemble(
    course: Course, project: Project, rendered: list[list[PackagedLocale]], standards: tuple[Standard, ...]
) -> list[Site]:
    """Each package's files for each standard: launch page, locale scripts, runtime, the content's files."""
    log.debug("assemble: %s for %s", counted(len(rendered), "package"), ", ".join(standards))
    assets = asset_files(project.content, course.texts())
    return [assemble_site(environment(), course, locales, assets, standards) for locales in rendered]


# --- 6. manifest ---


def add_manifests(
    course: Course, plans: list[PackagePlan], sites: list[Site], standards: tuple[Standard, ...]
) -> list[PackageFiles]:
    log.debug("manifest: each package's manifest, and the schema files a SCORM one names")
    return [
        package_files(course, site, standard, f"{course.info.id}{plan.suffix}-{standard}")
        for plan, site in zip(plans, sites, strict=True)
        for standard in standards
    ]


def package_files(course: Course, site: Site, standard: Standard, identifier: str) -> PackageFiles:
    files = site.packages[standard]
    spec = ManifestInput(
        course=course,
        standard=standard,
        identifier=identifier,
        texts=tuple(
            PackageText(code, package_title(course, title), description, site.objectives[code])
            for code, (title, description) in site.metadata.items()
        ),
        launch=LAUNCH_PAGE,
        files=tuple(sorted(files)),
    )
    controls = control_files(standard)
    assert not controls.keys() & files.keys(), "no page, script or asset is named like a schema"
    return PackageFiles(identifier, standard, {**files, **controls, manifest_name(standard): build_manifest(spec)})


def package_title(course: Course, title: str) -> str:
    """The title an LMS lists the package by: an organisation's package names the organisation too, so that two
    organisations' packages in one LMS (or one organisation's beside the generic course) tell themselves apart."""
    return title if course.organisation is None else f"{title} \N{EN DASH} {course.organisation.name}"


# --- 7. write ---


def zip_writer(epoch: int) -> Writer:
    """The build's write stage: each package a deterministic zip named by its identifier, all or nothing."""

    def write(out: Path, packages: Sequence[PackageFiles]) -> tuple[Package, ...]:
        zips = tuple(Package(out / f"{package.identifier}.zip", package.files) for package in packages)
        write_packages(out, zips, epoch, usable_cores())
        return zips

    return write
