"""A scripted cmi5 AU that speaks HTTP as the spec's AU does (launch URL, fetch, LMS.LaunchData, statements built
from contextTemplate): for the harness's own tests, and for journeys that need a registration's earlier sessions
without a browser."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.error import HTTPError
from urllib.parse import parse_qs, urlencode, urlsplit
from urllib.request import Request, urlopen

from tests.cmi5 import lms_statements as lms

if TYPE_CHECKING:
    from tests.cmi5.launcher import Launch

Statement = dict[str, Any]


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
