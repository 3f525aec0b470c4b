"""The learner's side of a cmi5 launch in Playwright: open the AU as the LMS launches it, leave it by Exit."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.cmi5.launcher import Launch
from tests.course_driver import root


def open_au(page: Page, launch: Launch) -> None:
    """Open the AU as an LMS does with launchMethod AnyWindow; wait until the page is wired to its session and shows
    the learner's language."""
    page.goto(launch.url)
    page.wait_for_function(
        "() => { const wired = window.CourseRuntime && CourseRuntime.app.page;"
        " const shown = document.querySelector('.locale:not([hidden])');"
        " return wired && shown && shown.dataset.locale === wired.tracker.state().locale; }"
    )


def exit_course(page: Page, launch: Launch) -> None:
    """The learner's Exit: the AU terminates and then goes to the LMS's returnURL."""
    root(page.main_frame).locator("[data-action=exit]").first.click()
    page.wait_for_url(f"{launch.return_url}*")
