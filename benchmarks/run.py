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
from typing import TYPE_CHECKING

from benchmarks.figures import KB, Figure
from benchmarks.journeys import cmi5_journey_figures, scorm_journey_figures
from benchmarks.synthetic import make_course
from course.build import BuildRequest, build
from course.content import load_course
from course.limits import worst_case_suspend_length
from course.model import STANDARDS
from course.project import Project
from course.render import RUNTIME, RUNTIME_STYLES, runtime_scripts, shipped

REPO = Path(__file__).resolve().parent.parent

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

RUNTIME_BUDGET_KB = 84  # the issue asked for 40; README, Performance, says why this is 84


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh_build(out: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "course", "build", "--out", str(out)], cwd=REPO, check=True, capture_output=True
    )


def real_course_figures(runs: int, work: Path) -> list[Figure]:
    seconds = median_seconds(lambda: fresh_build(work / "real"), runs)
    return [
        Figure(
            "full build, real course, fresh process (median)",
            seconds,
            "s",
            1.0,
            f"{runs} runs, 4 locales x {len(STANDARDS)} standards",
        )
    ]


def scaling_figures(grid: list[tuple[int, int]], work: Path) -> list[Figure]:
    figures = []
    per_page = []
    for lessons, locales in grid:
        project = make_course(work / f"synthetic-{lessons}-{locales}", lessons, locales)
        seconds = median_seconds(partial(build, BuildRequest(project, project.build)), 1)
        pages = lessons * locales
        per_page.append((lessons * locales, seconds))
        budget = 20.0 if (lessons, locales) == (200, 20) else None
        figures.append(
            Figure(
                f"build {lessons} lessons x {locales} locales x {len(STANDARDS)} standards",
                seconds,
                "s",
                budget,
                f"{1000 * seconds / pages:.2f} ms per lesson page",
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
    figures = [Figure(f"zip {p.path.name}", p.path.stat().st_size / KB, "KB", 250) for p in all_languages.packages]
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
    sizes, runtime = shipped_sizes["scorm2004"]  # what a learner loads: the largest runtime of the SCORM packages
    languages = {name: size for name, size in sizes.items() if name.startswith("locales/")}
    heaviest = max(languages, key=lambda name: languages[name])
    own_language = sizes["index.html"] + runtime
    figures += [
        Figure("largest page (index.html, holds sv)", sizes["index.html"] / KB, "KB", None),
        Figure(f"largest language script ({heaviest})", languages[heaviest] / KB, "KB", None),
        Figure(
            "what a learner loads, all-languages package, sv",
            own_language / KB,
            "KB",
            None,
            "index.html + runtime",
        ),
        Figure(
            "what a learner loads, all-languages package, other",
            (own_language + languages[heaviest]) / KB,
            "KB",
            None,
            f"+ {heaviest}; every language: {(own_language + sum(languages.values())) / KB:.0f} KB",
        ),
    ]
    return figures


def suspend_figures() -> list[Figure]:
    course = load_course(Project(REPO).content)
    return [Figure("worst-case suspend_data", worst_case_suspend_length(course), "chars", 1000)]


def requests_from_now(page: Page) -> list[str]:
    """The URLs `page` requests from now on, filled in as it loads."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def browser_figures(work: Path) -> list[Figure]:
    """First contentful paint and requests from the unzipped package, in headless Chromium: for a learner who reads
    the language the launch page holds (Swedish), and, for one who reads another, when their language shows."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return [Figure("first contentful paint", float("nan"), "ms", 200, "SKIP: playwright not installed")]
    chromium = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
    if not Path(chromium).exists():
        return [Figure("first contentful paint", float("nan"), "ms", 200, f"SKIP: no Chromium at {chromium}")]
    package = build(BuildRequest(Project(REPO), work / "fcp", standards=("scorm12",))).packages[0].path
    folder = work / "fcp" / "unzipped"
    with zipfile.ZipFile(package) as archive:
        archive.extractall(folder)
    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for label, view in (("start page", "start"), ("a lesson", "lesson/world-in-change")):
            paints, requests = [], []
            for _ in range(9):  # first paint varies with machine load: the median of nine
                page = browser.new_page(locale="sv-SE")
                seen = requests_from_now(page)
                page.goto(f"{(folder / 'index.html').as_uri()}#{view}")
                page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
                paints.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
                requests.append(seen)
                page.close()
            outside = [url for url in requests[0] if not url.startswith(folder.as_uri())]
            figures.append(
                Figure(
                    f"first contentful paint, {label}",
                    statistics.median(paints),
                    "ms",
                    200,
                    f"{len(requests[0])} requests, {len(outside)} outside the package",
                )
            )
        figures += language_figures(browser, folder)
        browser.close()
    return figures + scorm_journey_figures(work, chromium) + cmi5_journey_figures(work, chromium)


# Lighthouse's "slow 4G": what a learner on a poor mobile connection gets, for the figures that include the network.
SLOW_4G: dict[str, object] = {
    "offline": False,
    "latency": 150,
    "downloadThroughput": 1.6e6 / 8,
    "uploadThroughput": 750e3 / 8,
}
START_SHOWN = """tag => document.querySelector(
    '.locale[data-locale=' + tag + ']:not([hidden]) [data-view=start]:not([hidden]) h1') ? performance.now() : false"""


def start_page_shown(
    browser: Browser, url: str, tag: str, runs: int, network: dict[str, object] | None = None
) -> float:
    """Median milliseconds from navigation until the start page shows in `tag`, for a browser set to that language."""
    shown = []
    for _ in range(runs):
        context = browser.new_context(locale=tag)
        page = context.new_page()
        if network:
            session = context.new_cdp_session(page)
            session.send("Network.enable")
            session.send("Network.emulateNetworkConditions", network)
        page.goto(url, wait_until="commit")
        shown.append(float(page.wait_for_function(START_SHOWN, arg=tag, polling="raf", timeout=60_000).json_value()))
        context.close()
    return statistics.median(shown)


def language_figures(browser: Browser, folder: Path) -> list[Figure]:
    """When the start page shows in the learner's language: from disk, and over slow 4G from a local web server,
    for Swedish (the launch page's own) and Finnish (loaded after the runtime starts)."""
    from tests.browser import serve

    figures = [
        Figure(
            "start page in the learner's language, fi",
            start_page_shown(browser, f"{folder.as_uri()}/index.html#start", "fi", 9),
            "ms",
            None,
            "after locales/fi.js loads",
        )
    ]
    server, httpd, _ = serve(folder)
    try:
        for tag in ("sv", "fi"):
            shown = start_page_shown(browser, server.url_for("index.html#start"), tag, 5, SLOW_4G)
            figures.append(Figure(f"start page shown on slow 4G, {tag}", shown, "ms", None, "150 ms, 1.6 Mbit/s"))
    finally:
        httpd.shutdown()
    return figures


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
