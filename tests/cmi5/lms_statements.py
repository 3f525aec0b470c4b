"""The cmi5 vocabulary (IRIs) and what the LMS itself writes: LMS.LaunchData, `launched`, `abandoned`."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.cmi5.launcher import Launch

ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
LAUNCHED = ADL_VERBS + "launched"
INITIALIZED = ADL_VERBS + "initialized"
COMPLETED = ADL_VERBS + "completed"
PASSED = ADL_VERBS + "passed"
FAILED = ADL_VERBS + "failed"
TERMINATED = ADL_VERBS + "terminated"
VOIDED = ADL_VERBS + "voided"
ABANDONED = "https://w3id.org/xapi/adl/verbs/abandoned"
WAIVED = "https://w3id.org/xapi/adl/verbs/waived"
SATISFIED = "https://w3id.org/xapi/adl/verbs/satisfied"
LMS_VERBS = frozenset({LAUNCHED, ABANDONED, WAIVED, SATISFIED})  # cmi5 defined verbs only the LMS uses
CMI5_VERBS = LMS_VERBS | {INITIALIZED, COMPLETED, PASSED, FAILED, TERMINATED}
CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon"
EXTENSIONS = "https://w3id.org/xapi/cmi5/context/extensions/"
SESSION_ID = EXTENSIONS + "sessionid"
MASTERY_SCORE = EXTENSIONS + "masteryscore"
LAUNCH_MODE = EXTENSIONS + "launchmode"
LAUNCH_URL = EXTENSIONS + "launchurl"
MOVE_ON = EXTENSIONS + "moveon"
LAUNCH_PARAMETERS = EXTENSIONS + "launchparameters"
PROGRESS = "https://w3id.org/xapi/cmi5/result/extensions/progress"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"


def context_template(launch: Launch) -> dict[str, Any]:
    """The contextTemplate of a session's LMS.LaunchData: its session id and the publisher id grouping."""
    return {
        "extensions": {SESSION_ID: launch.session_id},
        "contextActivities": {"grouping": [{"objectType": "Activity", "id": launch.publisher_id}]},
    }


def launch_data(launch: Launch, launch_parameters: str | None) -> dict[str, Any]:
    """The LMS.LaunchData state document (spec 10.2) the LMS writes before launching."""
    data: dict[str, Any] = {
        "contextTemplate": context_template(launch),
        "launchMode": launch.launch_mode,
        "moveOn": launch.move_on,
    }
    optional = {"masteryScore": launch.mastery_score, "returnURL": launch.return_url}
    optional["launchParameters"] = launch_parameters
    return data | {name: value for name, value in optional.items() if value is not None}


def lms_statement(launch: Launch, verb: str, timestamp: str, extensions: dict[str, Any]) -> dict[str, Any]:
    """A cmi5 defined statement the LMS makes about the session's AU."""
    template = context_template(launch)
    name = verb.rsplit("/", 1)[1]
    return {
        "id": str(uuid.uuid4()),
        "timestamp": timestamp,
        "actor": launch.actor,
        "verb": {"id": verb, "display": {"en-US": name.capitalize()}},
        "object": {"objectType": "Activity", "id": launch.activity_id},
        "context": {
            "registration": launch.registration,
            "contextActivities": template["contextActivities"] | {"category": [{"id": CMI5_CATEGORY}]},
            "extensions": template["extensions"] | extensions,
        },
    }


def launched_statement(launch: Launch, content_url: str, launch_parameters: str | None) -> dict[str, Any]:
    """`launched` (spec 9.3.1, 9.6.3): launch mode, moveOn, the launch URL without the cmi5 parameters, and the
    mastery score and launch parameters when the launch data has them."""
    extensions: dict[str, Any] = {LAUNCH_MODE: launch.launch_mode, MOVE_ON: launch.move_on, LAUNCH_URL: content_url}
    if launch.mastery_score is not None:
        extensions[MASTERY_SCORE] = launch.mastery_score
    if launch_parameters is not None:
        extensions[LAUNCH_PARAMETERS] = launch_parameters
    return lms_statement(launch, LAUNCHED, launch.launched_at, extensions)


def abandoned_statement(launch: Launch, stored: list[dict[str, Any]], timestamp: str) -> dict[str, Any] | None:
    """`abandoned` for a session that neither terminated nor was abandoned (spec 9.3.6), None for one that did;
    its duration runs from `launched` to the session's last statement (9.5.4.2-2)."""
    mine = [s for s in stored if s.get("context", {}).get("extensions", {}).get(SESSION_ID) == launch.session_id]
    if any(s["verb"]["id"] in (TERMINATED, ABANDONED) for s in mine):
        return None
    last = max((parse_time(s.get("timestamp")) for s in mine), default=parse_time(launch.launched_at))
    seconds = max(0.0, (last - parse_time(launch.launched_at)).total_seconds())
    statement = lms_statement(launch, ABANDONED, timestamp, {})
    return statement | {"result": {"duration": f"PT{seconds:.2f}S"}}


def parse_time(value: object) -> datetime:
    """An xAPI timestamp as a datetime; anything unreadable sorts first (rules.check reports it)."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def statement_ids(body: bytes) -> tuple[str, ...]:
    """The ids of the statements in a POST body (one statement or an array), as far as it reads."""
    try:
        sent = json.loads(body)
    except ValueError:
        return ()
    return tuple(str(s.get("id", "")) for s in (sent if isinstance(sent, list) else [sent]) if isinstance(s, dict))
