"""Smoke tests for the browser harness: scorm-again plays the LMS for real SCOs in real Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser import (
    StaticServer,
    close_course,
    describe_axe,
    describe_calls,
    find_chromium,
    install_mini_sco,
    lms_cmi,
    lms_commits,
    lms_errors,
    lms_events,
    lms_log,
    offsite_requests,
    open_in_lms,
    page_record,
    relaunch_data,
    run_axe,
    screenshot,
    unavailable,
    wait_for_call,
)
from tests.course_driver import before_placeholder


def test_scorm12_sco_is_tracked_and_resumes_from_stored_data(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    lms_data = {"cmi.student_data.mastery_score": "80", "cmi.student_preference.language": "fi-FI"}
    open_in_lms(page, lms_server, "scorm12", initial=lms_data)
    wait_for_call(page, "set_value", "cmi.core.lesson_location")
    calls = lms_log(page)
    assert (calls[0]["method"], calls[0]["result"]) == ("LMSInitialize", "true"), describe_calls(calls)
    status = [c for c in calls if c["op"] == "set_value" and c["args"][0] == "cmi.core.lesson_status"]
    assert [(c["args"][1], c["result"], c["error"]) for c in status] == [("incomplete", "true", "0")]
    location = next(c["args"][1] for c in calls if c["op"] == "set_value" and "location" in c["args"][0])

    close_course(page)  # the learner leaves: the SCO's unload handler suspends and finishes
    wait_for_call(page, "terminate")
    assert lms_commits(page)[-1]["data"]["cmi.core.exit"] == "suspend"
    assert not lms_errors(page), lms_errors(page)
    stored = relaunch_data(page)
    assert stored["cmi.core.entry"] == "resume"
    assert stored["cmi.core.lesson_location"] == str(location)
    assert stored["cmi.student_data.mastery_score"] == "80"

    second = page.context.new_page()
    again = open_in_lms(second, lms_server, "scorm12", initial=stored)
    wait_for_call(second, "get_value", "cmi.core.lesson_location")
    read = next(c for c in lms_log(second, "get_value") if c["args"][0] == "cmi.core.lesson_location")
    assert read["result"] == str(location)
    cmi = lms_cmi(second)
    assert (cmi["cmi.core.entry"], cmi["cmi.student_preference.language"]) == ("resume", "fi-FI")
    again.locator("#status").filter(has_text=f"Resumed at {location}").wait_for()  # the SCO read it back
    assert not page_record(second).errors
    assert not lms_server.not_found()
    assert not offsite_requests(page)


def test_scorm2004_sco_completes_and_next_launch_is_new_attempt(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    frame = open_in_lms(page, lms_server, "scorm2004", initial={"cmi.learner_preference.language": "ar"})
    wait_for_call(page, "commit")
    frame.get_by_role("button", name="Complete").click()
    wait_for_call(page, "terminate")

    calls = lms_log(page)
    ops = [(c["method"], c["args"][:2]) for c in calls if c["op"] in ("initialize", "set_value", "terminate")]
    assert ops[0] == ("Initialize", [""])
    assert ("SetValue", ["cmi.completion_status", "incomplete"]) in ops
    assert ("SetValue", ["cmi.completion_status", "completed"]) in ops
    assert ops[-1] == ("Terminate", [""])
    assert all(c["result"] == "true" for c in calls if c["op"] in ("set_value", "commit", "terminate"))
    assert not lms_errors(page), lms_errors(page)
    final = lms_commits(page)[-1]
    assert final["terminate"]
    assert final["data"]["cmi.completion_status"] == "completed"
    assert {"event": "SetValue", "element": "cmi.completion_status", "value": "completed"}.items() <= next(
        e for e in reversed(lms_events(page)) if e.get("element") == "cmi.completion_status"
    ).items()
    stored = relaunch_data(page)
    assert stored["cmi.entry"] == "ab-initio"
    assert "cmi.location" not in stored
    assert stored["cmi.learner_preference.language"] == "ar"


def test_initialize_fails_on_cue_and_the_sco_reads_the_error(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    open_in_lms(page, lms_server, "scorm12", failures={"initialize": {}})
    wait_for_call(page, "get_last_error")
    calls = lms_log(page)
    assert (calls[0]["method"], calls[0]["result"], calls[0]["error"], calls[0]["injected"]) == (
        "LMSInitialize",
        "false",
        "101",
        True,
    ), describe_calls(calls)
    assert calls[1]["method"] == "LMSGetLastError"
    assert calls[1]["result"] == "101"
    assert page.evaluate("() => window.lms.api.isInitialized()") is False  # scorm-again never saw the call


def test_set_value_fails_twice_then_works(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    failures = {"set_value": {"elements": ["cmi.completion_status"], "times": 2, "code": 351}}
    open_in_lms(page, lms_server, "scorm2004", failures=failures)
    wait_for_call(page, "commit")
    calls = lms_log(page)
    status = [c for c in calls if c["op"] == "set_value" and c["args"][0] == "cmi.completion_status"]
    assert [(c["result"], c["error"], c["injected"]) for c in status] == [
        ("false", "351", True),
        ("false", "351", True),
        ("true", "0", False),
    ], describe_calls(calls)
    assert [c["result"] for c in calls if c["op"] == "get_last_error"] == ["351", "351"]
    assert lms_cmi(page)["cmi.completion_status"] == "incomplete"
    assert not lms_errors(page), lms_errors(page)


def test_commit_fails_for_the_first_calls_then_reaches_the_lms(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    open_in_lms(page, lms_server, "scorm2004", failures={"commit": {"times": 2}})
    wait_for_call(page, "commit", count=3)
    commits = [c for c in lms_log(page) if c["op"] == "commit"]
    assert [(c["result"], c["error"]) for c in commits] == [("false", "391"), ("false", "391"), ("true", "0")]
    stored = lms_commits(page)
    assert len(stored) == 1
    assert stored[0]["data"]["cmi.location"] == "page-1"


@pytest.mark.parametrize("then", ["throw", "false"])
def test_api_is_removed_mid_session(page: Page, lms_server: StaticServer, then: str) -> None:
    install_mini_sco(lms_server)
    frame = open_in_lms(page, lms_server, "scorm2004", failures={"remove_api": {"after": 3, "then": then}})
    wait_for_call(page, "commit")
    calls = lms_log(page)
    assert [c["removed"] for c in calls[:4]] == [False, False, False, True], describe_calls(calls)
    assert page.evaluate("() => 'API_1484_11' in window") is False
    if then == "throw":
        assert all(c["threw"] for c in calls[3:])
    else:
        assert all(c["result"] in ("false", "", "101") and not c["threw"] for c in calls[3:])
    assert frame.evaluate("() => window.sco.trace.length") > 0
    assert not page_record(page).errors  # the SCO caught what the dead API threw


def test_course_in_a_popup_finds_the_api_through_its_opener(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    frame = open_in_lms(page, lms_server, "scorm12", popup=True)
    assert frame.page is not page
    wait_for_call(page, "commit")
    assert frame.evaluate("() => window.sco.version") == "API"
    assert [c["method"] for c in lms_log(page)][:2] == ["LMSInitialize", "LMSGetValue"]
    frame.get_by_role("button", name="Suspend").click()
    wait_for_call(page, "terminate")
    assert relaunch_data(page)["cmi.core.lesson_location"] == "page-2"


def test_axe_runs_under_the_course_csp(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    frame = open_in_lms(page, lms_server, "scorm2004")
    wait_for_call(page, "commit")
    violations = run_axe(frame)
    assert violations == [], describe_axe(violations)
    # The CSP is really in force: an inline script added to the page does not run ...
    frame.evaluate(
        """() => {
            const s = document.createElement('script');
            s.textContent = 'window.inlineRan = true';
            document.body.append(s);
            const img = document.createElement('img');
            img.src = 'sco.css';
            document.body.append(img);
        }"""
    )
    assert frame.evaluate("() => window.inlineRan === undefined")
    # ... and axe, injected anyway, sees the image without alt text.
    assert "image-alt" in [v["id"] for v in run_axe(frame)]
    assert screenshot(page, "lms-harness-mini-sco-2004").stat().st_size > 0


def test_the_test_lms_flags_what_scorm_again_lets_through(page: Page, lms_server: StaticServer) -> None:
    install_mini_sco(lms_server)
    open_in_lms(page, lms_server, "scorm12", launch="sco.css")  # no SCO: the test drives the API itself
    page.evaluate(
        """() => {
            API.LMSInitialize('');
            API.LMSSetValue('cmi.suspend_data', 'x'.repeat(4097));
            API.LMSFinish('');
            API.LMSGetValue('cmi.core.lesson_status');
        }"""
    )
    assert any("4096" in m["message"] for m in lms_errors(page))
    assert lms_log(page)[-1]["state"] == "terminated"  # scorm-again 1.2 answers GetValue after LMSFinish


def test_missing_chromium_skips_here_fails_in_ci(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COURSE_CHROMIUM", str(tmp_path / "no-chromium"))
    assert find_chromium() is None
    monkeypatch.delenv("COURSE_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="install Debian's chromium"):
        unavailable("Chromium not found at x; install Debian's chromium (apt-get install -y chromium)")
    monkeypatch.setenv("COURSE_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="COURSE_REQUIRE_BROWSER=1"):
        unavailable("Chromium not found at x")


def test_before_placeholder_gives_a_message_s_fixed_start_and_refuses_one_without() -> None:
    """Tests recognise a shown message by `startswith(before_placeholder(...))`: an empty start would match any."""
    assert before_placeholder("Godkänt! Du hade {percent} rätt.") == "Godkänt! Du hade"
    assert before_placeholder("Klart.") == "Klart."
    with pytest.raises(ValueError, match="begins with a placeholder"):
        before_placeholder("{percent} rätt, godkänt!")
    with pytest.raises(ValueError, match="begins with a placeholder"):
        before_placeholder("  {percent}")
