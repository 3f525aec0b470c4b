"""The benchmark's full learner journeys in Chromium: what one journey costs the LMS, in SCORM 2004 (commits, with
scorm-again as the LMS) and in cmi5 (statements and requests, with the test launcher and ralph as LMS and LRS).

Both walk the same journey: every lesson with a path through its decision scenario, every knowledge check, the
assessment failed and then passed. The test harness's modules are imported inside the functions, so the benchmark
runs (and says SKIP) where the test installs are missing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.figures import Figure
from course.build import BuildRequest, build
from course.model import Standard
from course.project import Project

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Frame

REPO = Path(__file__).resolve().parent.parent


def walk_full_journey(frame: Frame) -> dict[str, Any]:
    """The journey, in the shown course; returns the page's config (what was walked)."""
    from tests.course_driver import answer, config, goto, read_all_lessons, root, take_assessment, walk_first_path

    data: dict[str, Any] = config(frame)
    read_all_lessons(frame)
    for lesson in data["lessons"]:
        goto(frame, f"lesson/{lesson}")
        walk_first_path(frame, lesson)
        goto(frame, f"check/{lesson}")
        for qid in data["checks"][lesson]:
            form = root(frame).locator(f"form[data-check-question='{qid}']")
            answer(form, data["questions"][qid], right=True)
            form.locator("button[type=submit]").click()
    take_assessment(frame, right_answers=0)
    root(frame).locator("[data-action=retake]").click()
    take_assessment(frame, right_answers=len(data["assessment"]))
    return data


def decisions_walked(data: dict[str, Any]) -> int:
    from tests.course_driver import decision_paths

    return sum(len(decision_paths(scenario)[0]) for scenario in data["decisions"].values())


def package(work: Path, standard: Standard) -> Path:
    return build(BuildRequest(Project(REPO), work / "journey", standards=(standard,))).packages[0].path


def launched_browser(playwright: Any, chromium: str) -> Browser:
    browser: Browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
    return browser


def scorm_journey_figures(work: Path, chromium: str) -> list[Figure]:
    """SCORM 2004 with scorm-again as the LMS: the commits of a journey, the suspend_data left behind, and the
    requests the course made for its own files (the test server sends no-store: every load is a request)."""
    from playwright.sync_api import sync_playwright

    from tests.browser import LMS_DIR, SCORM_AGAIN_DIST, lms_cmi, lms_log, open_in_lms, serve, unzip

    if not SCORM_AGAIN_DIST.exists():
        return [Figure("LMS commits per full journey", float("nan"), "", None, "SKIP: run npm ci first")]
    site = work / "journey" / "site"
    unzip(package(work, "scorm2004"), site / "course")
    (site / "lms").symlink_to(LMS_DIR)
    (site / "scorm-again").symlink_to(SCORM_AGAIN_DIST)
    server, httpd, _ = serve(site)
    try:
        with sync_playwright() as playwright:
            browser = launched_browser(playwright, chromium)
            page = browser.new_page()
            data = walk_full_journey(open_in_lms(page, server, "scorm2004"))
            page.wait_for_timeout(300)
            commits = len(lms_log(page, "commit"))
            course_requests = [path for _, path, _ in server.request_log if path.startswith("/course/")]
            suspend = len(lms_cmi(page).get("cmi.suspend_data", ""))
            browser.close()
    finally:
        httpd.shutdown()
    checks = sum(len(ids) for ids in data["checks"].values())
    decisions = decisions_walked(data)
    answers = checks + 2 * len(data["assessment"]) + decisions
    budget = answers + len(data["lessons"]) + 5
    return [
        Figure(
            "LMS commits per full journey",
            commits,
            "",
            budget,
            f"{answers} answers ({decisions} of them decisions), {len(data['lessons'])} lessons "
            "(budget: answers + lessons + 5)",
        ),
        Figure("suspend_data at the end of a full journey", suspend, "chars", 1000),
        Figure(
            "requests for the course's files per full journey",
            len(course_requests),
            "",
            None,
            f"{len(set(course_requests))} distinct files, each one access check in an LMS that checks per request",
        ),
    ]


def cmi5_journey_figures(work: Path, chromium: str) -> list[Figure]:
    """cmi5 with the test launcher as LMS and ralph as LRS: the statements of a journey (every one checked against
    the spec's rules and the xAPI model) and the requests the AU made to the LMS for them."""
    from playwright.sync_api import sync_playwright

    from tests.cmi5.browser import exit_course, open_au
    from tests.cmi5.launcher import Launcher
    from tests.cmi5.lrs import VENV, running_ralph

    if not (VENV / ".installed").is_file():
        return [Figure("cmi5 statements per full journey", float("nan"), "", None, "SKIP: make .venv-lrs/.installed")]
    with running_ralph(work / "ralph") as lrs, Launcher(package(work, "cmi5"), lrs) as lms:
        launch = lms.launch(actor_name="Benchmark")
        with sync_playwright() as playwright:
            browser = launched_browser(playwright, chromium)
            page = browser.new_page()
            open_au(page, launch)
            data = walk_full_journey(page.main_frame)
            exit_course(page, launch)
            browser.close()
        stored = lms.statements(launch.registration)
        problems = lms.problems(launch.registration)
        requests = lms.endpoint.requests
    answered = 2 * len(data["assessment"]) + decisions_walked(data)
    budget = answered + len(data["lessons"]) + 5
    xapi = [r for r in requests if r.path.startswith("/xapi/") and r.method != "OPTIONS"]
    return [
        Figure(
            "cmi5 statements per full journey",
            len(stored),
            "",
            budget,
            f"{answered} answered, {len(data['lessons'])} lessons; {len(problems)} rule or xAPI problems "
            "(budget: answered + lessons + 5)",
        ),
        Figure(
            "cmi5 requests per full journey",
            len(xapi),
            "",
            None,
            f"to the xAPI endpoint, besides {len(requests) - len(xapi)} preflights and fetches; statements in batches",
        ),
    ]
