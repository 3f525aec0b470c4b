"""Failing parts on the learner's side: an LMS that fails on cue (scorm-again wrapped by tests/lms/lms.js), broken
suspend data, and hostile translations. The learner never sees a script error and never loses committed progress."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Page

from course.build import BuildRequest, build
from course.catalogs import po_path
from tests.browser import (
    StaticServer,
    close_course,
    lms_cmi,
    lms_errors,
    lms_log,
    page_record,
    remove_api,
    unzip,
    wait_for_call,
)
from tests.course_driver import config, current_view, goto, launch, read_all_lessons, root, strings
from tests.projects import make_project

LOCATION = {"scorm12": "cmi.core.lesson_location", "scorm2004": "cmi.location"}


def notice_kind(page_frame: object) -> str:
    kind: str = page_frame.evaluate(  # type: ignore[attr-defined]
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind || ''"
    )
    return kind


def test_initialize_fails_the_course_runs_without_tracking_and_says_so_calmly(
    page: Page, course_server: StaticServer, standard: str
) -> None:
    frame = launch(
        page, course_server, standard, failures={"initialize": {"code": 101 if standard == "scorm12" else 102}}
    )
    lesson = config(frame)["lessons"][1]
    goto(frame, f"lesson/{lesson}")
    notice = root(frame).locator("[data-slot=notice]")
    assert notice.inner_text() == strings(frame)["lmsFailed"]
    assert notice_kind(frame) == "lmsFailed"
    assert [call["op"] for call in lms_log(page) if call["op"] in ("set_value", "commit")] == []
    assert page_record(page).errors == []


def test_setvalue_returns_false_the_course_logs_the_code_keeps_going_and_retries_what_it_needs(
    page: Page, course_server: StaticServer, standard: str
) -> None:
    element = LOCATION[standard]
    frame = launch(page, course_server, standard, failures={"set_value": [{"elements": [element], "times": 2}]})
    lesson = config(frame)["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    wait_for_call(page, "set_value", element, count=3)
    attempts = [call for call in lms_log(page, "set_value") if call["args"][0] == element]
    assert [call["injected"] for call in attempts[:3]] == [True, True, False]
    assert any(code == "get_last_error" for code in (call["op"] for call in lms_log(page)))
    messages = [text for kind, text in page_record(page).console if kind == "warning"]
    assert any(element in text for text in messages), messages  # the code is logged, not shown
    goto(frame, f"check/{lesson}")
    assert current_view(frame) == f"check/{lesson}"
    assert page_record(page).errors == []


def test_commit_fails_intermittently_the_course_retries_and_the_data_reaches_the_lms(
    page: Page, course_server: StaticServer, standard: str
) -> None:
    frame = launch(page, course_server, standard, failures={"commit": {"skip": 1, "times": 3}})
    lessons = config(frame)["lessons"]
    for lesson in lessons[:3]:
        goto(frame, f"lesson/{lesson}")
    page.wait_for_function(  # the three failures, then a retry that gets through
        "() => { const c = window.lms.calls.filter(x => x.op === 'commit');"
        " return c.length >= 5 && c[c.length - 1].result === 'true'; }",
        timeout=15_000,
    )
    commits = lms_log(page, "commit")
    assert any(call["injected"] for call in commits) and commits[-1]["result"] == "true"
    assert lms_cmi(page)[LOCATION[standard]] == f"lesson/{lessons[2]}"
    assert lms_errors(page) == []
    assert page_record(page).errors == []


@pytest.mark.parametrize("then", ["throw", "false"])
def test_the_api_disappears_mid_session_no_script_error_reaches_the_learner(
    page: Page, course_server: StaticServer, standard: str, then: str
) -> None:
    frame = launch(page, course_server, standard)
    lessons = config(frame)["lessons"]
    goto(frame, f"lesson/{lessons[0]}")
    wait_for_call(page, "commit")
    stored = dict(lms_cmi(page))
    remove_api(page) if then == "throw" else page.evaluate("() => window.lms.removeApi('false')")
    for lesson in lessons[1:]:
        goto(frame, f"lesson/{lesson}")
    goto(frame, "assessment")
    close_course(page)
    assert page_record(page).errors == []
    assert lms_cmi(page)[LOCATION[standard]] == stored[LOCATION[standard]]  # what was committed stays intact


def test_the_window_closes_during_a_commit_no_script_error_and_earlier_data_stays(
    page: Page, course_server: StaticServer, standard: str
) -> None:
    frame = launch(page, course_server, standard, failures={"commit": {"skip": 2}})
    lesson = config(frame)["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    close_course(page)
    wait_for_call(page, "terminate")
    assert page_record(page).errors == []
    assert len(lms_log(page, "terminate")) == 1


@pytest.mark.parametrize("suspend", ["0~garbage~~", "1~deadbeef~start~1~~~~~~sv~1~x", "x" * 3000, '{"v":1}'])
def test_suspend_data_from_an_older_version_or_garbage_starts_fresh(
    page: Page, course_server: StaticServer, standard: str, suspend: str
) -> None:
    entry = {"scorm12": "cmi.core.entry", "scorm2004": "cmi.entry"}[standard]
    frame = launch(
        page,
        course_server,
        standard,
        initial={"cmi.suspend_data": suspend, entry: "resume", LOCATION[standard]: "summary"},
    )
    assert current_view(frame) in ("start", "summary")
    read_all_lessons(frame)
    assert page_record(page).errors == []
    assert lms_errors(page) == []


@pytest.mark.parametrize("packaged", ["in the launch page", "in its own script"])
def test_injected_script_in_translations_never_runs(
    page: Page, static_server: StaticServer, tmp_path: Path, packaged: str
) -> None:
    project = make_project(tmp_path)
    from course.cli import main

    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "init", "de"]) == 0
    path = po_path(project.locales, "de")
    hostile = {
        "Nästa": "</script><script>window.__pwned=1</script>",
        "Start": '<img src=x onerror="window.__pwned=2">',
        "Rätt svar.": '"};window.__pwned=3;//</script>',
        "Minikurs": "[klick](javascript:window.__pwned=4)",
        "Hoppa till innehållet": '");window.__pwned=5;("',
    }
    text = path.read_text(encoding="utf-8")
    for source, evil in hostile.items():
        escaped = evil.replace("\\", "\\\\").replace('"', '\\"')
        text = text.replace(f'msgid "{source}"\nmsgstr ""', f'msgid "{source}"\nmsgstr "{escaped}"')
    path.write_text(text, encoding="utf-8")
    locales = ("de",) if packaged == "in the launch page" else ()  # all languages: de comes as locales/de.js
    package = build(BuildRequest(project, tmp_path / "out", locales=locales, standards=("scorm12",))).packages[0]
    folder = unzip(package.path, static_server.root / "course")
    page.goto(static_server.url_for("course/index.html"))
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    if locales is None:
        page.locator(".locale:not([hidden]) button[data-switch-locale=de]").click()
        page.wait_for_function("() => document.documentElement.lang === 'de'")
    page.locator(".locale:not([hidden]) a[data-nav^='lesson/']").first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__pwned") is None
    assert page_record(page).dialogs == []
    with zipfile.ZipFile(package.path) as archive:
        assert "window.__pwned=1</script>" not in archive.read("index.html").decode()
    assert (folder / "index.html").exists()
