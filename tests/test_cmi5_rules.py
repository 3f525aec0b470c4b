"""The cmi5 rule checker (tests/cmi5/rules.py) on hand-made statements: a good session passes, and each break of
the spec is named by its requirement id."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import pytest

from tests.cmi5 import lms_statements as lms
from tests.cmi5.au import Au, Statement, good_session
from tests.cmi5.launcher import Launch
from tests.cmi5.lrs import xapi_problems
from tests.cmi5.rules import check

AU_ID = "urn:harness-course:test/au"


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
