"""The cmi5 harness itself: ralph, the launcher's LMS and xAPI endpoint (spoken to as an AU would), the rule checker."""

from __future__ import annotations

import base64
import copy
import json
import os
import socket
import uuid
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

import pytest

from tests.cmi5 import lms_statements as lms
from tests.cmi5.launcher import Launch, Launcher, PackageError
from tests.cmi5.lrs import running_ralph, xapi_problems
from tests.cmi5.rules import check

if TYPE_CHECKING:
    from tests.cmi5.fixtures import OpenLauncher

pytest_plugins = ["tests.cmi5.fixtures"]

SHARED_XSD = Path(__file__).resolve().parents[2] / "shared" / "scorm-xsd" / "cmi5" / "CourseStructure.xsd"
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
Statement = dict[str, Any]


def package(folder: Path, manifest: str = CMI5_XML) -> Path:
    """A cmi5 zip: cmi5.xml and a launch page."""
    path = folder / "course-cmi5.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("cmi5.xml", manifest)
        archive.writestr("index.html", "<!doctype html><title>AU</title><p>The AU.</p>")
    return path


def call(method: str, url: str, body: Any = None, token: str = "", timeout: float = 5.0) -> tuple[int, Any, Any]:
    """One request as the AU's browser makes it; (status, parsed body, headers)."""
    headers = {"X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Basic {token}"
    data = json.dumps(body).encode() if body is not None else None
    try:
        with urlopen(Request(url, data=data, method=method, headers=headers), timeout=timeout) as response:
            raw, status, answer_headers = response.read(), response.status, response.headers
    except HTTPError as error:
        raw, status, answer_headers = error.read(), error.code, error.headers
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode()
    return status, parsed, answer_headers


class Au:
    """What a cmi5 AU does over HTTP: read the launch URL, fetch the token, read LMS.LaunchData, send statements."""

    def __init__(self, launch: Launch) -> None:
        query = {name: values[0] for name, values in parse_qs(urlsplit(launch.url).query).items()}
        self.endpoint, self.fetch, self.actor = query["endpoint"], query["fetch"], json.loads(query["actor"])
        self.registration, self.activity_id = query["registration"], query["activityId"]
        self.token = ""
        self.clock = datetime.now(UTC)
        self.step = timedelta(milliseconds=1)  # the least time between two statements

    def start(self) -> dict[str, Any]:
        """Fetch the token and read the launch data."""
        self.token = call("POST", self.fetch)[1]["auth-token"]
        status, data, _ = call("GET", self.state_url("LMS.LaunchData"), token=self.token)
        assert status == 200
        self.launch_data = data
        return dict(data)

    def state_url(self, state_id: str) -> str:
        query = {"stateId": state_id, "activityId": self.activity_id, "registration": self.registration}
        return f"{self.endpoint}activities/state?" + urlencode(query | {"agent": json.dumps(self.actor)})

    def statement(self, verb: str, result: dict[str, Any] | None = None, defined: bool = True) -> Statement:
        """A statement built from the context template, timestamped now and after the previous one."""
        self.clock = max(datetime.now(UTC), self.clock + self.step)
        context = copy.deepcopy(self.launch_data["contextTemplate"]) | {"registration": self.registration}
        if defined:
            moves_on = result is not None and ("completion" in result or "success" in result)
            categories = [{"id": lms.CMI5_CATEGORY}] + ([{"id": lms.MOVEON_CATEGORY}] if moves_on else [])
            context["contextActivities"]["category"] = categories
        if verb in (lms.PASSED, lms.FAILED):
            context["extensions"][lms.MASTERY_SCORE] = self.launch_data["masteryScore"]
        statement = {
            "id": str(uuid.uuid4()),
            "timestamp": self.clock.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "actor": self.actor,
            "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
            "object": {"objectType": "Activity", "id": self.activity_id},
            "context": context,
        }
        return statement | ({"result": result} if result is not None else {})

    def post(self, *statements: Statement, timeout: float = 5.0) -> int:
        return call("POST", f"{self.endpoint}statements", list(statements), self.token, timeout)[0]


def good_session(au: Au) -> list[Statement]:
    """initialized, completed, passed (0.9 against 0.8), terminated: as the spec wants them."""
    return [
        au.statement(lms.INITIALIZED),
        au.statement(lms.COMPLETED, {"completion": True, "duration": "PT10S"}),
        au.statement(lms.PASSED, {"success": True, "score": {"scaled": 0.9}, "duration": "PT11S"}),
        au.statement(lms.TERMINATED, {"duration": "PT12S"}),
    ]


@pytest.fixture
def lms_for(cmi5_launcher: OpenLauncher, tmp_path: Path) -> Launcher:
    """A launcher of the test package, checking cmi5.xml against the cmi5 schema beside the clone."""
    return cmi5_launcher(package(tmp_path), schema=SHARED_XSD if SHARED_XSD.is_file() else None)


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
            schema=SHARED_XSD,
        ).__enter__()


# The rule checker on hand-made statements: a good session passes; each break is named by its requirement id.

Mutation = Callable[[list[Statement], Au], object]  # changes the statements in place


def offline(launch_mode: str = "Normal", mastery: float | None = 0.8, registration: str = "") -> tuple[Launch, Au]:
    """A launch as the launcher makes it, and an AU that has read its launch data, without any server."""
    actor = {"objectType": "Agent", "name": "Ada", "account": {"homePage": "https://lms.example.org", "name": "Ada"}}
    registration = registration or str(uuid.uuid4())
    query = {"endpoint": "http://lms.test/xapi/", "fetch": "http://lms.test/fetch/1", "actor": json.dumps(actor)}
    query |= {"registration": registration, "activityId": "https://lms.example.org/activities/1"}
    launch = Launch(
        url="http://content.test/index.html?" + urlencode(query),
        registration=registration,
        session_id=str(uuid.uuid4()),
        actor=actor,
        activity_id="https://lms.example.org/activities/1",
        publisher_id=AU_ID,
        launch_mode=launch_mode,
        move_on="CompletedAndPassed",
        mastery_score=mastery,
        return_url=None,
        launched_at=datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    )
    au = Au(launch)
    au.launch_data = lms.launch_data(launch, None)
    au.step = timedelta(seconds=1)  # room for insert() between two statements
    return launch, au


def session(launch: Launch, au: Au, statements: list[Statement] | None = None) -> list[Statement]:
    return [lms.launched_statement(launch, "http://content.test/index.html", None), *(statements or good_session(au))]


def named(statements: list[Statement], verb: str) -> Statement:
    return next(s for s in statements if s["verb"]["id"] == verb)


def insert(statements: list[Statement], index: int, statement: Statement) -> None:
    """Put a statement at `index` in time too: half a second after the one before it."""
    before = datetime.fromisoformat(statements[index - 1]["timestamp"]) + timedelta(milliseconds=500)
    statements.insert(index, statement | {"timestamp": before.isoformat(timespec="milliseconds")})


def swap_times(first: Statement, second: Statement) -> None:
    first["timestamp"], second["timestamp"] = second["timestamp"], first["timestamp"]


ALLOWED = "http://adlnet.gov/expapi/verbs/experienced"
CASES: dict[str, tuple[str, Mutation]] = {
    "id is not a UUID": ("9.1.0.0-1", lambda ss, _: named(ss, lms.COMPLETED).update(id="completed-1")),
    "no timestamp": ("9.7.0.0-1", lambda ss, _: named(ss, lms.COMPLETED).pop("timestamp")),
    "local time": ("9.7.0.0-2", lambda ss, _: named(ss, lms.COMPLETED).update(timestamp="2030-01-01T12:00:00+02:00")),
    "another actor": (
        "8.1.3.0-3",
        lambda ss, _: named(ss, lms.PASSED).update(
            actor={"account": {"homePage": "https://lms.example.org", "name": "Eve"}}
        ),
    ),
    "another registration": (
        "9.6.1.0-1",
        lambda ss, _: named(ss, lms.PASSED)["context"].update(registration=str(uuid.uuid4())),
    ),
    "no session id": ("9.6.3.1-4", lambda ss, _: named(ss, lms.PASSED)["context"]["extensions"].clear()),
    "no publisher grouping": (
        "10.2.1.0-6",
        lambda ss, _: named(ss, lms.PASSED)["context"]["contextActivities"].pop("grouping"),
    ),
    "completed before initialized": ("9.3.0.0-4", lambda ss, _: swap_times(ss[1], ss[2])),
    "a statement after terminated": ("9.3.0.0-5", lambda ss, au: ss.append(au.statement(ALLOWED, defined=False))),
    "allowed before initialized": ("7.1.3.0-1", lambda ss, au: insert(ss, 1, au.statement(ALLOWED, defined=False))),
    "no terminated": ("9.3.8.0-1", lambda ss, _: ss.pop()),
    "launched twice": ("9.3.1.0-2", lambda ss, _: insert(ss, 1, ss[0] | {"id": str(uuid.uuid4())})),
    "initialized twice": ("9.3.0.0-2", lambda ss, au: insert(ss, 2, au.statement(lms.INITIALIZED))),
    "passed and failed": (
        "9.3.0.0-3",
        lambda ss, au: insert(
            ss, -1, au.statement(lms.FAILED, {"success": False, "score": {"scaled": 0.1}, "duration": "PT1S"})
        ),
    ),
    "object is the publisher id": ("8.1.5.0-6", lambda ss, _: named(ss, lms.COMPLETED)["object"].update(id=AU_ID)),
    "not a cmi5 verb": ("9.3.0.0-1", lambda ss, au: insert(ss, -1, au.statement(ALLOWED))),
    "completed without completion": ("9.5.3.0-1", lambda ss, _: named(ss, lms.COMPLETED)["result"].pop("completion")),
    "completion on terminated": (
        "9.5.3.0-2",
        lambda ss, _: named(ss, lms.TERMINATED)["result"].update(completion=True),
    ),
    "passed without success": ("9.5.2.0-1", lambda ss, _: named(ss, lms.PASSED)["result"].update(success=False)),
    "success on completed": ("9.5.2.0-3", lambda ss, _: named(ss, lms.COMPLETED)["result"].update(success=True)),
    "score on completed": ("9.5.1.0-2", lambda ss, _: named(ss, lms.COMPLETED)["result"].update(score={"scaled": 1})),
    "raw without min and max": ("9.5.1.0-3", lambda ss, _: named(ss, lms.PASSED)["result"]["score"].update(raw=9)),
    "terminated without duration": ("9.5.4.1-1", lambda ss, _: named(ss, lms.TERMINATED)["result"].pop("duration")),
    "passed without duration": ("9.5.4.1-3", lambda ss, _: named(ss, lms.PASSED)["result"].pop("duration")),
    "completed without moveon": (
        "9.6.2.2-1",
        lambda ss, _: named(ss, lms.COMPLETED)["context"]["contextActivities"]["category"].pop(),
    ),
    "moveon on initialized": (
        "9.6.2.2-2",
        lambda ss, _: named(ss, lms.INITIALIZED)["context"]["contextActivities"]["category"].append(
            {"id": lms.MOVEON_CATEGORY}
        ),
    ),
    "passed below mastery": ("9.3.4.0-2", lambda ss, _: named(ss, lms.PASSED)["result"]["score"].update(scaled=0.5)),
    "passed without masteryscore": (
        "9.6.3.2-2",
        lambda ss, _: named(ss, lms.PASSED)["context"]["extensions"].pop(lms.MASTERY_SCORE),
    ),
    "launched with another mode": (
        "9.6.3.3-1",
        lambda ss, _: ss[0]["context"]["extensions"].update({lms.LAUNCH_MODE: "Browse"}),
    ),
    "progress above 100": (
        "9.5.5.1",
        lambda ss, au: insert(ss, 2, au.statement(ALLOWED, {"extensions": {lms.PROGRESS: 150}}, defined=False)),
    ),
    "progress after completed": (
        "9.5.5.1",
        lambda ss, au: insert(ss, 3, au.statement(ALLOWED, {"extensions": {lms.PROGRESS: 50}}, defined=False)),
    ),
}


def answered(kind: str, pattern: str, **components: list[str]) -> Mutation:
    """Add an answered statement with a cmi.interaction definition of that type and pattern."""
    definition: dict[str, Any] = {
        "type": lms.INTERACTION,
        "interactionType": kind,
        "correctResponsesPattern": [pattern],
    }
    definition |= {name: [{"id": i, "description": {"en-US": i}} for i in ids] for name, ids in components.items()}

    def mutate(statements: list[Statement], au: Au) -> None:
        statement = au.statement("http://adlnet.gov/expapi/verbs/answered", defined=False)
        statement["object"] = {"objectType": "Activity", "id": f"{AU_ID}/questions/q1", "definition": definition}
        insert(statements, 2, statement)

    return mutate


GOOD_INTERACTIONS = [
    answered("choice", "b", choices=["a", "b"]),
    answered("true-false", "false"),
    answered("sequencing", "c[,]a[,]b", choices=["a", "b", "c"]),
    answered("matching", "1[.]x[,]2[.]y", source=["1", "2"], target=["x", "y"]),
]
CASES |= {
    "unknown interactionType": ("4.1.0.0-1", answered("multiple-choice", "a", choices=["a"])),
    "choice of an unlisted id": ("4.1.0.0-1", answered("choice", "c", choices=["a", "b"])),
    "true-false as yes": ("4.1.0.0-1", answered("true-false", "yes")),
    "matching without pairs": ("4.1.0.0-1", answered("matching", "1[,]x", source=["1"], target=["x"])),
}


@pytest.mark.parametrize("interaction", GOOD_INTERACTIONS)
def test_a_good_session_has_no_problems(interaction: Mutation) -> None:
    launch, au = offline()
    statements = session(launch, au)
    interaction(statements, au)
    assert check(statements, [launch]) == []
    assert xapi_problems(statements) == []


@pytest.mark.parametrize(("rid", "mutate"), CASES.values(), ids=CASES.keys())
def test_each_break_is_named_by_its_requirement(rid: str, mutate: Mutation) -> None:
    launch, au = offline()
    statements = session(launch, au)
    mutate(statements, au)
    found = check(statements, [launch])
    assert any(message.startswith((f"{rid} ", f"{rid}:")) for message in found), found


@pytest.mark.parametrize(("mode", "rid"), [("Browse", "10.2.2.0-2"), ("Review", "10.2.2.0-3")])
def test_browse_and_review_record_no_outcome(mode: str, rid: str) -> None:
    launch, au = offline(launch_mode=mode)
    assert [m.split(" ")[0] for m in check(session(launch, au), [launch])] == [rid, rid]  # completed, passed
    quiet = session(launch, au, [au.statement(lms.INITIALIZED), au.statement(lms.TERMINATED, {"duration": "PT1S"})])
    assert check(quiet, [launch]) == []


def test_the_registration_rules_span_sessions() -> None:
    first, au = offline()
    statements = session(first, au)
    second, again = offline(registration=first.registration)
    again.clock = au.clock  # the second session comes after the first
    completed, passed = good_session(again)[1:3]  # a second completed and passed in the registration
    failed = again.statement(lms.FAILED, {"success": False, "score": {"scaled": 0.2}, "duration": "PT1S"})
    statements += session(second, again, [again.statement(lms.INITIALIZED), completed, passed, failed])
    rids = {message.split(" ")[0] for message in check(statements, [first, second])}
    assert {"9.3.0.0-6", "9.3.0.0-7", "9.3.0.0-8"} <= rids


def test_messages_carry_the_requirement_text() -> None:
    launch, au = offline()
    statements = session(launch, au)
    swap_times(statements[1], statements[2])
    assert any("MUST be the first statement (cmi5 allowed or defined)" in m for m in check(statements, [launch]))
