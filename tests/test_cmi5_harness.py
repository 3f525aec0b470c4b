"""The cmi5 harness itself: ralph, and the launcher's LMS and xAPI endpoint, spoken to as an AU would."""

from __future__ import annotations

import base64
import json
import os
import socket
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import pytest

from tests.cmi5 import lms_statements as lms
from tests.cmi5.au import Au, call, good_session
from tests.cmi5.launcher import Launcher, PackageError
from tests.cmi5.lrs import running_ralph
from tests.xsd import CMI5_SCHEMA

if TYPE_CHECKING:
    from tests.cmi5.fixtures import OpenLauncher


AU_ID = "urn:harness-course:test/au"
CMI5_XML = f"""<?xml version="1.0" encoding="utf-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="urn:harness-course:test">
    <title><langstring lang="en-US">Harness course</langstring></title>
    <description><langstring lang="en-US">A package for the harness tests.</langstring></description>
  </course>
  <au id="{AU_ID}" moveOn="CompletedAndPassed" masteryScore="0.8" launchMethod="AnyWindow">
    <title><langstring lang="en-US">The AU</langstring></title>
    <description><langstring lang="en-US">Its only AU.</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>
"""


def package(folder: Path, manifest: str = CMI5_XML) -> Path:
    """A cmi5 zip: cmi5.xml and a launch page."""
    path = folder / "course-cmi5.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cmi5.xml", manifest)
        archive.writestr("index.html", "<!doctype html><title>AU</title><p>The AU.</p>")
    return path


@pytest.fixture
def lms_for(cmi5_launcher: OpenLauncher, tmp_path: Path) -> Launcher:
    """A launcher of the test package, checking cmi5.xml against the cmi5 schema beside the clone."""
    return cmi5_launcher(package(tmp_path), schema=CMI5_SCHEMA)


def test_ralph_starts_appends_and_stops(tmp_path: Path) -> None:
    with running_ralph(tmp_path) as ralph:
        statement = {"actor": {"mbox": "mailto:a@example.org"}, "verb": {"id": lms.INITIALIZED}}
        ids = [ralph.post([statement | {"object": {"id": f"urn:x:{n}"}}])[0] for n in range(2)]  # 2nd: APPEND fix
        assert len(set(ids)) == 2
        port = int(ralph.url.rsplit(":", 1)[1])
    with pytest.raises(ProcessLookupError):
        os.kill(ralph.pid, 0)
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), timeout=2):
        pass


def test_fetch_is_post_only_and_one_time(lms_for: Launcher) -> None:
    fetch = Au(lms_for.launch()).fetch
    assert call("GET", fetch)[0] == 405
    status, first, headers = call("POST", fetch)
    assert (status, headers["Content-Type"]) == (200, "application/json")
    assert base64.b64decode(first["auth-token"])
    again = call("POST", fetch)
    assert again[0] == 200
    assert again[1]["error-code"] == "1"
    assert "auth-token" not in again[1]


def test_xapi_needs_the_fetched_token_and_answers_with_the_version(lms_for: Launcher) -> None:
    au = Au(lms_for.launch())
    assert call("GET", f"{au.endpoint}about")[0] == 401
    assert call("GET", f"{au.endpoint}about", token="bm90OnRoaXM=")[0] == 401
    au.start()
    status, about, headers = call("GET", f"{au.endpoint}about", token=au.token)
    assert (status, about["version"], headers["X-Experience-API-Version"]) == (200, ["1.0.3"], "1.0.3")


def test_launch_data_is_the_lms_s_and_the_au_cannot_write_it(lms_for: Launcher) -> None:
    launch = lms_for.launch(mastery_score=0.6, launch_mode="Review")
    au = Au(launch)
    data = au.start()
    assert data["contextTemplate"]["contextActivities"]["grouping"] == [{"objectType": "Activity", "id": AU_ID}]
    assert data["contextTemplate"]["extensions"][lms.SESSION_ID] == launch.session_id
    assert (data["launchMode"], data["moveOn"], data["masteryScore"]) == ("Review", "CompletedAndPassed", 0.6)
    assert data["returnURL"] == launch.return_url
    assert call("GET", data["returnURL"])[0] == 200
    assert au.activity_id != AU_ID
    for method in ("PUT", "POST", "DELETE"):
        assert call(method, au.state_url("LMS.LaunchData"), {"launchMode": "Normal"}, au.token)[0] == 403
    assert call("GET", au.state_url("LMS.LaunchData"), token=au.token)[1] == data
    assert call("PUT", au.state_url("course.progress"), {"bookmark": 3}, au.token)[0] == 204
    assert lms_for.state(launch.registration, "course.progress") == {"bookmark": 3}


def preferences(au: Au) -> tuple[int, Any]:
    query = urlencode({"profileId": "cmi5LearnerPreferences", "agent": json.dumps(au.actor)})
    status, body, _ = call("GET", f"{au.endpoint}agents/profile?{query}", token=au.token)
    return status, body


def test_learner_preferences_are_served_when_given(lms_for: Launcher) -> None:
    au = Au(lms_for.launch(actor_name="Aino", language_preference="fi-FI,en-US", audio_preference="off"))
    au.start()
    assert preferences(au) == (200, {"languagePreference": "fi-FI,en-US", "audioPreference": "off"})
    other = Au(lms_for.launch(actor_name="Bo"))
    other.start()
    assert preferences(other)[0] == 404


def test_cors_lets_the_content_origin_call_the_lms(lms_for: Launcher) -> None:
    launch = lms_for.launch()
    assert launch.url.startswith(lms_for.content_origin + "/index.html?")
    assert call("GET", launch.url)[0] == 200
    status, _, headers = call("OPTIONS", f"{lms_for.lms_origin}/xapi/statements")
    assert (status, headers["Access-Control-Allow-Origin"]) == (204, lms_for.content_origin)
    assert {"Authorization", "Content-Type", "X-Experience-API-Version"} <= {
        h.strip() for h in headers["Access-Control-Allow-Headers"].split(",")
    }


def test_a_good_session_passes_the_rules_and_the_xapi_model(lms_for: Launcher) -> None:
    launch = lms_for.launch(actor_name="Ada")
    au = Au(launch)
    au.start()
    initialized, *rest, terminated = good_session(au)
    assert au.post(initialized) == 200
    assert au.post(*rest) == 200
    put = call("PUT", f"{au.endpoint}statements?statementId={terminated['id']}", terminated, au.token)
    assert put[0] == 204
    stored = lms_for.statements(launch.registration)
    assert [s["verb"]["id"] for s in stored] == [
        lms.LAUNCHED,
        lms.INITIALIZED,
        lms.COMPLETED,
        lms.PASSED,
        lms.TERMINATED,
    ]
    assert lms_for.problems(launch.registration) == []
    posted = [
        r for r in lms_for.requests if (r.method, r.path) in {("POST", "/xapi/statements"), ("PUT", "/xapi/statements")}
    ]
    assert [list(r.statement_ids) for r in posted] == [[initialized["id"]], [s["id"] for s in rest], [terminated["id"]]]


def test_statements_come_back_in_timestamp_order(lms_for: Launcher) -> None:
    launch = lms_for.launch()
    au = Au(launch)
    au.start()
    first, second, third = (au.statement("http://adlnet.gov/expapi/verbs/experienced", defined=False) for _ in range(3))
    for statement in (third, first, second):
        assert au.post(statement) == 200
    assert [s["id"] for s in lms_for.statements(launch.registration)][1:] == [first["id"], second["id"], third["id"]]


def test_a_relaunch_abandons_the_open_session(lms_for: Launcher) -> None:
    first = lms_for.launch()
    au = Au(first)
    au.start()
    au.post(au.statement(lms.INITIALIZED))
    second = lms_for.launch(registration=first.registration)
    again = Au(second)
    again.start()
    again.post(*good_session(again))
    assert abandoned(lms_for, first.registration) == [first.session_id]
    assert lms_for.problems(first.registration) == []
    lms_for.launch(registration=first.registration)  # the second session terminated: nothing more to abandon
    assert abandoned(lms_for, first.registration) == [first.session_id]


def abandoned(launcher: Launcher, registration: str) -> list[str]:
    """The sessions the launcher recorded as abandoned."""
    stored = launcher.statements(registration)
    return [s["context"]["extensions"][lms.SESSION_ID] for s in stored if s["verb"]["id"] == lms.ABANDONED]


@pytest.mark.parametrize("mode", ["refuse", "hang"])
def test_an_lrs_outage_stores_nothing_and_ends(cmi5_launcher: OpenLauncher, tmp_path: Path, mode: str) -> None:
    launcher = cmi5_launcher(package(tmp_path), hang_s=30)
    launch = launcher.launch()
    au = Au(launch)
    au.start()
    lost = au.statement(lms.INITIALIZED)
    with launcher.lrs_down(mode):  # type: ignore[arg-type]
        if mode == "refuse":
            assert au.post(lost) == 503
            assert call("PUT", au.state_url("course.progress"), {"a": 1}, au.token)[0] == 503
        else:
            with pytest.raises(TimeoutError):
                au.post(lost, timeout=0.5)
        assert call("GET", au.state_url("LMS.LaunchData"), token=au.token)[0] == 200
    assert [s["verb"]["id"] for s in launcher.statements(launch.registration)] == [lms.LAUNCHED]
    assert au.post(lost) == 200
    assert len(launcher.statements(launch.registration)) == 2


def test_a_package_with_a_bad_manifest_is_refused_with_its_line(lms_for: Launcher, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    with pytest.raises(PackageError, match=r"cmi5\.xml:\d+: .*moveOn"):
        Launcher(
            package(broken, CMI5_XML.replace('moveOn="CompletedAndPassed"', 'moveOn="Whenever"')),
            lms_for.lrs,
            schema=CMI5_SCHEMA,
        ).__enter__()
