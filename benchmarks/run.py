"""Measure the build and the packages against their budgets; print a table and write the figures as JSON.

    .venv/bin/python -m benchmarks.run [--quick] [--json build/benchmarks.json]   (from the repository's root)

Needs `make test`'s installs (Playwright, scorm-again) for the browser figures; without Chromium they read SKIP.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import asdict
from functools import partial
from pathlib import Path

from benchmarks.figures import KB, Figure
from benchmarks.journeys import cmi5_journey_figures, scorm_journey_figures
from benchmarks.learner import first_paint_figures, network_figures
from benchmarks.preview_loop import preview_loop_figures
from benchmarks.synthetic import make_course
from course.build import BuildRequest, build
from course.content import load_course
from course.limits import worst_case_suspend_length
from course.model import STANDARDS
from course.project import Project
from course.render import RUNTIME, RUNTIME_STYLES, runtime_scripts, shipped

REPO = Path(__file__).resolve().parent.parent

RUNTIME_BUDGET_KB = 80
ZIP_BUDGET_KB = 200  # every language, with the schema files the standard requires
BUILD_BUDGET_S = 0.25


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_process(*arguments: str, cache: Path | None = None) -> None:
    """Python in a new process as an installed tool runs: with its bytecode written and kept (pip compiles a package
    when it installs it), even where the environment running the benchmark turns that off. With `cache`, the
    build's caches (Jinja's bytecode, the compiled catalogs) are in that folder instead of the benchmark's."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    subprocess.run([sys.executable, *arguments], cwd=REPO, check=True, capture_output=True, env=env)


def cold_build(work: Path, out: Path) -> None:
    """A build with every cache empty: the first on a machine, or after every catalog and template changed."""
    cache = Path(tempfile.mkdtemp(dir=work))
    fresh_process("-m", "course", "build", "--out", str(out), cache=cache)


def real_course_figures(runs: int, work: Path) -> list[Figure]:
    """The build in a fresh process, as an author or a CI job runs it, beside the machine's own floor: Python
    starting and stopping (the figures vary by a factor of three from day to day on this machine)."""
    fresh_process("-m", "course", "build", "--out", str(work / "warm-up"))  # bytecode and the template cache, once
    floor = median_seconds(partial(fresh_process, "-c", "pass"), runs)
    build_s = median_seconds(partial(fresh_process, "-m", "course", "build", "--out", str(work / "real")), runs)
    cold_s = median_seconds(partial(cold_build, work, work / "cold"), runs)
    organisation_s = median_seconds(
        partial(fresh_process, "-m", "course", "build", "--organisation", "exempelkommun", "--out", str(work / "org")),
        runs,
    )
    return [
        Figure("python -c pass, fresh process (the machine's floor)", floor, "s", None, f"median of {runs}"),
        Figure(
            "full build, real course, fresh process",
            build_s,
            "s",
            BUILD_BUDGET_S,
            f"median of {runs}; 4 locales x {len(STANDARDS)} standards; {build_s / floor:.1f}x the floor",
        ),
        Figure(
            "full build, real course, fresh process, caches empty",
            cold_s,
            "s",
            None,
            f"median of {runs}; Jinja's bytecode and the compiled catalogs made again (the budget's row has them)",
        ),
        Figure(
            "build of one organisation's packages, fresh process",
            organisation_s,
            "s",
            None,
            f"median of {runs}; exempelkommun, 3 locales x {len(STANDARDS)} standards",
        ),
    ]


def scaling_figures(grid: list[tuple[int, int]], work: Path) -> list[Figure]:
    figures = []
    per_page = []
    for lessons, locales in grid:
        project = make_course(work / f"synthetic-{lessons}-{locales}", lessons, locales)
        seconds = median_seconds(partial(build, BuildRequest(project, project.build)), 1)  # its catalogs are new
        pages = lessons * locales
        per_page.append((lessons * locales, seconds))
        budget = 10.0 if (lessons, locales) == (200, 20) else None
        figures.append(
            Figure(
                f"build {lessons} lessons x {locales} locales x {len(STANDARDS)} standards",
                seconds,
                "s",
                budget,
                f"{1000 * seconds / pages:.2f} ms per lesson page; the first build of the course",
            )
        )
        if budget is not None:
            again = median_seconds(partial(build, BuildRequest(project, project.build)), 1)
            figures.append(
                Figure(
                    f"the same built again, {lessons} x {locales}",
                    again,
                    "s",
                    None,
                    "nothing changed: the catalogs come compiled from the cache",
                )
            )
    if len(per_page) >= 2:
        (small_pages, small_s), (big_pages, big_s) = min(per_page), max(per_page)
        growth = (big_s / small_s) / (big_pages / small_pages)
        figures.append(
            Figure(
                "growth vs linear (1.0 = linear)",
                growth,
                "x",
                1.5,
                f"time ratio / page ratio, {small_pages} to {big_pages} pages",
            )
        )
    return figures


def size_figures(work: Path) -> list[Figure]:
    out = work / "sizes"
    all_languages = build(BuildRequest(Project(REPO), out))
    single = build(BuildRequest(Project(REPO), out, locales=("sv",)))
    figures = [
        Figure(f"zip {p.path.name}", p.path.stat().st_size / KB, "KB", ZIP_BUDGET_KB) for p in all_languages.packages
    ]
    # 80 KB until the zips held the control files that the standard requires at the root (2004: 35 KB of them).
    figures += [Figure(f"zip {p.path.name}", p.path.stat().st_size / KB, "KB", 120) for p in single.packages]
    shipped_sizes: dict[str, tuple[dict[str, int], int]] = {}
    for package in all_languages.packages:
        with zipfile.ZipFile(package.path) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
        runtime = sum(size for name, size in sizes.items() if name.startswith("runtime/"))
        standard = next(name for name in STANDARDS if package.path.stem.endswith(f"-{name}"))
        shipped_sizes[standard] = sizes, runtime
        sources = runtime_scripts(standard) + RUNTIME_STYLES
        pieces = {name: len(shipped(name)) for name in sources}
        written = sum((RUNTIME / name).stat().st_size for name in sources)
        largest = sorted(pieces, key=lambda name: -pieces[name])[:3]
        figures.append(
            Figure(
                f"runtime JavaScript + CSS as shipped, {standard}",
                runtime / KB,
                "KB",
                RUNTIME_BUDGET_KB,
                ", ".join(f"{name} {pieces[name] / KB:.1f}" for name in largest)
                + f"; {written / KB:.1f} KB as written",
            )
        )
    sizes, _ = shipped_sizes["scorm2004"]
    scripts = {name: size for name, size in sizes.items() if name.endswith(".js") and not name.startswith("runtime/")}
    heaviest = max(scripts, key=lambda name: scripts[name])
    figures += [
        Figure("launch page (index.html)", sizes["index.html"] / KB, "KB", None, "its language's start page"),
        Figure(f"largest content script ({heaviest})", scripts[heaviest] / KB, "KB", None),
        Figure(
            "every language's content, all-languages package",
            (sizes["index.html"] + sum(scripts.values())) / KB,
            "KB",
            None,
            f"index.html and {len(scripts)} scripts, as written (before compression)",
        ),
    ]
    return figures


def suspend_figures() -> list[Figure]:
    course = load_course(Project(REPO).content)
    return [Figure("worst-case suspend_data", worst_case_suspend_length(course), "chars", 1000)]


def browser_figures(work: Path) -> list[Figure]:
    """The learner's figures (benchmarks/learner.py), the author's preview loop (benchmarks/preview_loop.py) and the
    full journeys in an LMS (benchmarks/journeys.py), in headless Chromium."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Figure("first contentful paint", float("nan"), "ms", 120, "SKIP: playwright not installed")]
    chromium = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return [Figure("first contentful paint", float("nan"), "ms", 120, f"SKIP: no Chromium at {chromium}")]
    package = build(BuildRequest(Project(REPO), work / "learner", standards=("scorm2004",))).packages[0].path
    folder = work / "learner" / "unzipped"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        figures = first_paint_figures(browser, folder) + network_figures(browser, folder)
        browser.close()
    figures += preview_loop_figures(work, chromium)
    return figures + scorm_journey_figures(work, chromium) + cmi5_journey_figures(work, chromium)


def print_table(figures: list[Figure]) -> None:
    width = max(len(figure.name) for figure in figures)
    print(f"{'figure':<{width}}  {'value':>10}  {'budget':>10}  verdict  note")
    for figure in figures:
        budget = "" if figure.budget is None else f"{figure.budget:g} {figure.unit}"
        print(
            f"{figure.name:<{width}}  {figure.value:>7.2f} {figure.unit:<2}  {budget:>10}  {figure.verdict:<7}  "
            f"{figure.note}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a smaller grid and fewer runs")
    parser.add_argument("--json", type=Path, default=REPO / "build" / "benchmarks.json")
    arguments = parser.parse_args()
    grid = [(5, 4), (50, 4)] if arguments.quick else [(5, 4), (5, 20), (50, 4), (50, 20), (200, 4), (200, 20)]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # The build's caches start empty in every run of the benchmark, never the user's (course/paths.py).
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        figures = real_course_figures(3 if arguments.quick else 7, work)
        figures += scaling_figures(grid, work)
        figures += size_figures(work)
        figures += suspend_figures()
        figures += browser_figures(work)
    print_table(figures)
    arguments.json.parent.mkdir(parents=True, exist_ok=True)
    arguments.json.write_text(
        json.dumps([asdict(figure) | {"verdict": figure.verdict} for figure in figures], indent=2), encoding="utf-8"
    )
    return 0 if all(figure.verdict != "FAIL" for figure in figures) else 1


if __name__ == "__main__":
    raise SystemExit(main())
