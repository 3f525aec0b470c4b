"""The build, one stage after another: content → catalogs → pages → manifests → zips. It holds no logic of its own
but how the work is spread: locales over worker processes when a build is large, zips over threads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment

from course.assets import asset_files
from course.catalogs import LocaleCatalog, load_locale
from course.content import load_course
from course.errors import CatalogError, Problem, UsageError
from course.extract import extract_catalog
from course.inputs import InputError, language_tag, shown
from course.limits import check_suspend_limit
from course.manifest import ManifestInput, PackageText, build_manifest, control_files
from course.model import STANDARDS, Course, Standard
from course.package import Package, left_as_it_was, write_packages
from course.parallel import map_in_processes, usable_cores
from course.project import Project
from course.pseudo import PSEUDO_DIRECTIONS, is_pseudo, pseudo_catalog
from course.render import LAUNCH_PAGE, LocaleInfo, RenderedLocale, Site, assemble_site, make_environment, render_locale
from course.timestamps import build_epoch

MANIFEST = "imsmanifest.xml"


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

    def __post_init__(self) -> None:
        checked_locales(self.locales)
        unknown = [shown(standard) for standard in self.standards if standard not in STANDARDS]
        if unknown or not self.standards:
            raise UsageError(f"the standards are {', '.join(STANDARDS)}; got {', '.join(unknown) or 'none'}")


@dataclass(frozen=True)
class BuildResult:
    packages: tuple[Package, ...]
    fallbacks: dict[str, int]


# Texts times locales from which rendering in worker processes (each about 0.3 s to start) beats one process.
PARALLEL_FROM = 20_000


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


def check_locales(course: Course, codes: tuple[str, ...]) -> None:
    unknown = [code for code in codes if code not in course.info.locales and not is_pseudo(code)]
    if unknown:
        raise UsageError(
            f"the course does not ship {', '.join(unknown)}; it ships {', '.join(course.info.locales)} "
            f"(and the pseudo-locales {', '.join(PSEUDO_DIRECTIONS)})"
        )


def load_catalog(course: Course, project: Project, code: str) -> LocaleCatalog:
    if is_pseudo(code):
        return pseudo_catalog(code, extract_catalog(project.root))
    return load_locale(project.locales, code, course.info.source_locale)


def render_task(shared: RenderInput, env: Environment, task: LocaleTask) -> RenderedLocale | tuple[Problem, ...]:
    """The rendered locale, or the problems of its catalog (returned, so that every catalog gets reported)."""
    try:
        catalog = load_catalog(shared.course, shared.project, task.code)
    except CatalogError as error:
        return error.problems
    return render_locale(env, shared.course, catalog, list(task.package_locales), task.visible)


worker_input: tuple[RenderInput, Environment] | None = None  # set by start_worker, in worker processes only


def start_worker(shared: RenderInput) -> None:
    global worker_input
    worker_input = (shared, make_environment())


def render_in_worker(task: LocaleTask) -> RenderedLocale | tuple[Problem, ...]:
    assert worker_input is not None, "start_worker runs first in every worker"
    return render_task(*worker_input, task)


def render_locales(env: Environment, shared: RenderInput, tasks: list[LocaleTask]) -> list[RenderedLocale]:
    """Every task's locale, in order: spread over the cores when the work is large, with every broken catalog
    reported together."""
    units = sum(1 for _ in shared.course.texts()) * len(tasks)
    parallel = len(tasks) > 1 and usable_cores() > 1 and units >= PARALLEL_FROM
    results = map_in_processes(render_in_worker, tasks, start_worker, (shared,)) if parallel else None
    if results is None:
        results = [render_task(shared, env, task) for task in tasks]
    problems = [problem for result in results if isinstance(result, tuple) for problem in result]
    if problems:
        raise CatalogError(problems)
    return [result for result in results if isinstance(result, RenderedLocale)]


def render_sites(
    course: Course, project: Project, groups: list[tuple[str, ...]], standards: tuple[Standard, ...]
) -> list[Site]:
    """One site per group of locales (a package's languages), for each standard; all locales rendered in one go."""
    check_locales(course, tuple(code for group in groups for code in group))
    assets = asset_files(project.content, course.texts())
    infos = {code: LocaleInfo.of(code) for group in groups for code in group}
    tasks = [
        LocaleTask(code, tuple(infos[c] for c in group), index == 0)
        for group in groups
        for index, code in enumerate(group)
    ]
    env = make_environment()  # templates are parsed once per process
    rendered = iter(render_locales(env, RenderInput(course, project), tasks))
    return [assemble_site(env, course, [next(rendered) for _ in group], assets, standards) for group in groups]


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
    controls = control_files(standard)
    assert not controls.keys() & site.packages[standard].keys(), "no page, script or asset is named like a schema"
    return {**site.packages[standard], **controls, MANIFEST: build_manifest(spec)}


def plan_packages(course: Course, project: Project, request: BuildRequest) -> list[tuple[str, Site]]:
    """(name suffix, rendered site) for each package: all locales in one, or one per requested locale."""
    if not request.locales:
        (site,) = render_sites(course, project, [course.info.locales], request.standards)
        return [("", site)]
    codes = tuple(dict.fromkeys(request.locales))  # `--locale fi --locale fi` asks for one package
    sites = render_sites(course, project, [(code,) for code in codes], request.standards)
    return [(f"-{code}", site) for code, site in zip(codes, sites, strict=True)]


def build(request: BuildRequest) -> BuildResult:
    """Render everything in memory first, then write the zips all or nothing: a failure or an interruption leaves
    the output folder as it was."""
    epoch = build_epoch()
    try:
        course = load_course(request.project.content)
        for standard in request.standards:
            check_suspend_limit(course, standard)
        plans = plan_packages(course, request.project, request)
        packages = [
            Package(
                request.out / f"{course.info.id}{suffix}-{standard}.zip",
                package_files(course, site, standard, suffix),
            )
            for suffix, site in plans
            for standard in request.standards
        ]
    except KeyboardInterrupt as stop:
        stop.add_note(left_as_it_was(request.out))
        raise
    write_packages(request.out, packages, epoch, usable_cores())
    fallbacks: dict[str, int] = {}
    for _, site in plans:
        fallbacks.update(site.fallbacks)
    return BuildResult(tuple(packages), fallbacks)
