"""The cmi5 rule checker: what stored statements break of the spec (Quartz), each named by its requirement id.

The texts come from ADL's @cmi5/requirements (node_modules), the ids and their grouping follow CATAPULT's player
(player/service/plugins/routes/lrs.js), which rejects the same faults at the door; here they are found afterwards, in
what ralph stored, so one journey reports all of them. Order is by timestamp (spec 9.3), as Launcher.statements sorts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.cmi5 import lms_statements as lms

if TYPE_CHECKING:
    from tests.cmi5.launcher import Launch

REQUIREMENTS = Path(__file__).resolve().parents[2] / "node_modules" / "@cmi5" / "requirements" / "requirements.json"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", re.IGNORECASE)
UTC_SUFFIX = re.compile(r"(Z|\+00:?(00)?)$")  # CATAPULT's reading of 9.7.0.0-2
RESULT_VERBS = {lms.COMPLETED, lms.PASSED, lms.FAILED}  # the verbs that set completion or success (the AU's)
DURATION_RULES = {lms.TERMINATED: "9.5.4.1-1", lms.COMPLETED: "9.5.4.1-2", lms.PASSED: "9.5.4.1-3"}
DURATION_RULES |= {lms.FAILED: "9.5.4.1-4", lms.ABANDONED: "9.5.4.2-1"}
INTERACTION_TYPES = {"true-false", "choice", "fill-in", "long-fill-in", "matching", "performance", "sequencing"}
INTERACTION_TYPES |= {"likert", "numeric", "other"}
XAPI = "4.1.0.0-1"  # "An Assignable Unit MUST conform to all requirements as specified in the xAPI specification."
PROGRESS_RULE = "9.5.5.1"  # a spec section: the requirements list has no id for the progress extension


@cache
def requirement_texts() -> dict[str, str]:
    """Requirement id -> text, from @cmi5/requirements ({} when node_modules lacks it: messages keep the ids)."""
    if not REQUIREMENTS.is_file():
        return {}
    return {rid: entry["txt"] for rid, entry in json.loads(REQUIREMENTS.read_text(encoding="utf-8")).items()}


def violation(rid: str, statement: dict[str, Any] | None, detail: str) -> str:
    """One message: the requirement id and text, the statement (verb and id), what was found."""
    text = requirement_texts().get(rid)
    where = f"{verb_name(statement)} {statement.get('id')}" if statement else "the session"
    return f"{rid}{f' ({text})' if text else ''}: {where}: {detail}"


def verb_name(statement: dict[str, Any]) -> str:
    """The verb's last path segment ("initialized"), for messages."""
    return str(statement.get("verb", {}).get("id", "?")).rsplit("/", 1)[-1]


def verb(statement: dict[str, Any]) -> str:
    return str(statement.get("verb", {}).get("id", ""))


def context(statement: dict[str, Any]) -> dict[str, Any]:
    found = statement.get("context")
    return found if isinstance(found, dict) else {}


def activity_ids(statement: dict[str, Any], kind: str) -> list[str]:
    """The ids in one contextActivities list ("category", "grouping")."""
    listed = context(statement).get("contextActivities", {}).get(kind, [])
    return [str(a.get("id")) for a in (listed if isinstance(listed, list) else [listed]) if isinstance(a, dict)]


def is_defined(statement: dict[str, Any]) -> bool:
    """cmi5 defined: the cmi5 category activity (spec 7.1.3); everything else is cmi5 allowed."""
    return lms.CMI5_CATEGORY in activity_ids(statement, "category")


def result(statement: dict[str, Any]) -> dict[str, Any]:
    found = statement.get("result")
    return found if isinstance(found, dict) else {}


def check(statements: list[dict[str, Any]], launches: Iterable[Launch]) -> list[str]:
    """Every rule the statements break, for the sessions the LMS launched ([] when none is broken)."""
    sessions = {launch.session_id: launch for launch in launches}
    ordered = sorted(statements, key=lambda s: lms.parse_time(s.get("timestamp")))
    by_session: dict[str, list[dict[str, Any]]] = {session_id: [] for session_id in sessions}
    problems: list[str] = []
    for statement in ordered:
        launch = sessions.get(context(statement).get("extensions", {}).get(lms.SESSION_ID))
        if launch is None:
            problems.append(violation("9.6.3.1-4", statement, "no session id of a session the LMS launched"))
            continue
        by_session[launch.session_id].append(statement)
        problems += statement_problems(statement, launch)
    for session_id, launch in sessions.items():
        problems += session_problems(by_session[session_id], launch)
    registrations = {launch.registration for launch in sessions.values()}
    for registration in sorted(registrations):
        mine = [s for s in ordered if context(s).get("registration") == registration]
        problems += registration_problems(mine)
    return problems


def statement_problems(statement: dict[str, Any], launch: Launch) -> list[str]:
    """The rules one statement must keep on its own (spec 9.1, 9.2, 9.5, 9.6, 9.7, 10.2.1)."""
    found = identity_problems(statement, launch) + template_problems(statement, launch)
    found += interaction_problems(statement)
    score = result(statement).get("score", {})
    if isinstance(score, dict) and "raw" in score and not ("min" in score and "max" in score):
        found.append(violation("9.5.1.0-3", statement, f"score {score} has raw without min and max"))
    if is_defined(statement):
        found += defined_problems(statement, launch)
    return found


def identity_problems(statement: dict[str, Any], launch: Launch) -> list[str]:
    found = []
    if not UUID.match(str(statement.get("id", ""))):
        found.append(violation("9.1.0.0-1", statement, f"id {statement.get('id')!r} is not a UUID"))
    timestamp = statement.get("timestamp")
    if timestamp is None:
        found.append(violation("9.7.0.0-1", statement, "no timestamp"))
    elif not UTC_SUFFIX.search(str(timestamp)):
        found.append(violation("9.7.0.0-2", statement, f"timestamp {timestamp!r} is not in UTC"))
    actor = statement.get("actor", {})
    if not isinstance(actor, dict) or actor.get("account") != launch.actor["account"]:
        found.append(violation("8.1.3.0-3", statement, f"actor {actor} is not the launch actor {launch.actor}"))
    if context(statement).get("registration") != launch.registration:
        found.append(violation("9.6.1.0-1", statement, f"registration is not {launch.registration}"))
    if verb(statement) == lms.VOIDED:
        found.append(violation("6.3.0.0-1", statement, "the AU voided a statement"))
    return found


def template_problems(statement: dict[str, Any], launch: Launch) -> list[str]:
    """The context built from contextTemplate, and the moveOn category only where the result moves on (9.6.2)."""
    found = []
    if launch.publisher_id not in activity_ids(statement, "grouping"):
        found.append(violation("10.2.1.0-6", statement, f"the grouping lacks the publisher id {launch.publisher_id}"))
    moves_on = is_defined(statement) and ("completion" in result(statement) or "success" in result(statement))
    has_moveon = lms.MOVEON_CATEGORY in activity_ids(statement, "category")
    if moves_on and not has_moveon:
        found.append(violation("9.6.2.2-1", statement, "completion or success without the moveOn category"))
    if has_moveon and not moves_on:
        found.append(violation("9.6.2.2-2", statement, "the moveOn category on a statement that moves nothing on"))
    return found


def defined_problems(statement: dict[str, Any], launch: Launch) -> list[str]:
    """cmi5 defined statements: the AU as object, an Agent with an account, a cmi5 verb, its result rules."""
    found, verb_id = [], verb(statement)
    if verb_id != lms.SATISFIED and statement.get("object", {}).get("id") != launch.activity_id:
        found.append(violation("8.1.5.0-6", statement, f"the object is not the activityId {launch.activity_id}"))
    if statement.get("actor", {}).get("objectType", "Agent") != "Agent":
        found.append(violation("9.2.0.0-2", statement, "the actor is not an Agent"))
    if verb_id not in lms.CMI5_VERBS:
        found.append(violation("9.3.0.0-1", statement, f"{verb_id} is not a cmi5 verb but has the cmi5 category"))
    if verb_id in RESULT_VERBS and launch.launch_mode != "Normal":
        rid = "10.2.2.0-2" if launch.launch_mode == "Browse" else "10.2.2.0-3"
        found.append(violation(rid, statement, f"sent in a {launch.launch_mode} session"))
    if verb_id in DURATION_RULES and "duration" not in result(statement):
        found.append(violation(DURATION_RULES[verb_id], statement, "no result.duration"))
    if verb_id == lms.LAUNCHED:
        found += launched_problems(statement, launch)
    return found + result_problems(statement, verb_id) + mastery_problems(statement, verb_id, launch)


def result_problems(statement: dict[str, Any], verb_id: str) -> list[str]:
    """completion and success where the verb says so, and nowhere else; score only on passed or failed (9.5)."""
    found, outcome = [], result(statement)
    if verb_id == lms.COMPLETED and outcome.get("completion") is not True:
        found.append(violation("9.5.3.0-1", statement, f"completion is {outcome.get('completion')!r}, not true"))
    if "completion" in outcome and verb_id not in (lms.COMPLETED, lms.WAIVED):
        found.append(violation("9.5.3.0-2", statement, "completion on a verb other than completed"))
    if verb_id == lms.PASSED and outcome.get("success") is not True:
        found.append(violation("9.5.2.0-1", statement, f"success is {outcome.get('success')!r}, not true"))
    if verb_id == lms.FAILED and outcome.get("success") is not False:
        found.append(violation("9.5.2.0-2", statement, f"success is {outcome.get('success')!r}, not false"))
    if "success" in outcome and verb_id not in (lms.PASSED, lms.FAILED, lms.WAIVED):
        found.append(violation("9.5.2.0-3", statement, "success on a verb other than passed or failed"))
    if "score" in outcome and verb_id not in (lms.PASSED, lms.FAILED):
        found.append(violation("9.5.1.0-2", statement, "a score on a verb other than passed or failed"))
    return found


def mastery_problems(statement: dict[str, Any], verb_id: str, launch: Launch) -> list[str]:
    """passed and failed against the mastery score in force, which they carry (9.3.4, 9.3.5, 9.6.3.2)."""
    mastery = launch.mastery_score
    if mastery is None or verb_id not in (lms.PASSED, lms.FAILED):
        return []
    found = []
    carried = context(statement).get("extensions", {}).get(lms.MASTERY_SCORE)
    if carried != mastery:
        found.append(violation("9.6.3.2-2", statement, f"masteryscore extension {carried!r}, launch data {mastery}"))
    scaled = result(statement).get("score", {}).get("scaled")
    if isinstance(scaled, int | float):
        if verb_id == lms.PASSED and scaled < mastery:
            found.append(violation("9.3.4.0-2", statement, f"scaled {scaled} is below the mastery score {mastery}"))
        if verb_id == lms.FAILED and scaled >= mastery:
            found.append(violation("9.3.5.0-2", statement, f"scaled {scaled} reaches the mastery score {mastery}"))
    return found


def launched_problems(statement: dict[str, Any], launch: Launch) -> list[str]:
    """The LMS's own `launched`: the launch data it records (9.6.3.2-1, 9.6.3.3-1, 9.6.3.4-1, 9.6.3.6-1)."""
    extensions = context(statement).get("extensions", {})
    expected: dict[str, tuple[str, object]] = {
        "9.6.3.3-1": (lms.LAUNCH_MODE, launch.launch_mode),
        "9.6.3.6-1": (lms.MOVE_ON, launch.move_on),
    }
    if launch.mastery_score is not None:
        expected["9.6.3.2-1"] = (lms.MASTERY_SCORE, launch.mastery_score)
    found = [
        violation(rid, statement, f"{name} is {extensions.get(name)!r}, launch data {value!r}")
        for rid, (name, value) in expected.items()
        if extensions.get(name) != value
    ]
    if not str(extensions.get(lms.LAUNCH_URL, "")).startswith("http"):
        found.append(violation("9.6.3.4-1", statement, "no launchurl extension"))
    return found


def session_problems(statements: list[dict[str, Any]], launch: Launch) -> list[str]:
    """Order within one session (9.3): launched once and first, initialized first of the AU's, terminated last,
    nothing after terminated or abandoned, each cmi5 verb once, one of passed and failed, allowed statements inside."""
    found = []
    verbs = [verb(s) for s in statements]
    if not verbs or verbs[0] != lms.LAUNCHED or verbs.count(lms.LAUNCHED) != 1:
        found.append(violation("9.3.1.0-2", None, f"session {launch.session_id}: not one launched first: {verbs}"))
    mine = [s for s in statements if verb(s) not in lms.LMS_VERBS or not is_defined(s)]  # the AU's statements
    if mine and verb(mine[0]) != lms.INITIALIZED:
        found.append(violation("9.3.0.0-4", mine[0], "the session's first statement of the AU is not initialized"))
    for ending, rid in ((lms.TERMINATED, "9.3.0.0-5"), (lms.ABANDONED, "9.3.6.0-2")):
        if ending in verbs:
            after = [s for s in statements[verbs.index(ending) + 1 :] if verb(s) != lms.SATISFIED]
            found += [violation(rid, s, f"after {ending.rsplit('/', 1)[1]}") for s in after]
    if lms.TERMINATED not in verbs and lms.ABANDONED not in verbs:
        found.append(violation("9.3.8.0-1", None, f"session {launch.session_id} has no terminated (nor abandoned)"))
    if verbs.count(lms.ABANDONED) > 1:
        found.append(violation("9.3.0.0-10", None, f"session {launch.session_id} was abandoned twice"))
    defined = Counter(verb(s) for s in statements if is_defined(s))
    found += [violation("9.3.0.0-2", None, f"{v.rsplit('/', 1)[1]} {n} times") for v, n in defined.items() if n > 1]
    if defined[lms.PASSED] and defined[lms.FAILED]:
        found.append(violation("9.3.0.0-3", None, f"session {launch.session_id} has both passed and failed"))
    return found + allowed_order_problems(statements)


def allowed_order_problems(statements: list[dict[str, Any]]) -> list[str]:
    """cmi5 allowed statements only between initialized and terminated (7.1.3.0-1)."""
    inside, found = False, []
    for statement in statements:
        inside = (inside or verb(statement) == lms.INITIALIZED) and verb(statement) != lms.TERMINATED
        if not is_defined(statement) and not inside:
            found.append(violation("7.1.3.0-1", statement, "a cmi5 allowed statement outside initialized-terminated"))
    return found


def registration_problems(statements: list[dict[str, Any]]) -> list[str]:
    """Per registration (9.3): one completed, one passed, no failed after passed; progress 0-100 until completed."""
    found, completed, passed = [], False, False
    for statement in statements:
        verb_id, defined = verb(statement), is_defined(statement)
        if defined and verb_id == lms.COMPLETED and completed:
            found.append(violation("9.3.0.0-6", statement, "a second completed in the registration"))
        if defined and verb_id == lms.PASSED and passed:
            found.append(violation("9.3.0.0-7", statement, "a second passed in the registration"))
        if defined and verb_id == lms.FAILED and passed:
            found.append(violation("9.3.0.0-8", statement, "failed after passed in the registration"))
        progress = result(statement).get("extensions", {}).get(lms.PROGRESS)
        if progress is not None:
            found += progress_problems(statement, progress, completed or (defined and verb_id == lms.COMPLETED))
        completed = completed or (defined and verb_id == lms.COMPLETED)
        passed = passed or (defined and verb_id == lms.PASSED)
    return found


def progress_problems(statement: dict[str, Any], progress: object, completed: bool) -> list[str]:
    """The progress result extension: an integer 0-100, not on or after completed (spec 9.5.5.1)."""
    found = []
    if not isinstance(progress, int) or isinstance(progress, bool) or not 0 <= progress <= 100:
        found.append(violation(PROGRESS_RULE, statement, f"progress {progress!r} is not an integer from 0 to 100"))
    if completed:
        found.append(violation(PROGRESS_RULE, statement, "progress on or after completed (SHOULD NOT)"))
    return found


def interaction_problems(statement: dict[str, Any]) -> list[str]:
    """A cmi.interaction activity: a known interactionType, and correctResponsesPattern and the response in the
    form xAPI gives that type (2.4.4.1, 'Interaction Activities'), naming only ids the definition lists."""
    definition = statement.get("object", {}).get("definition", {})
    if not isinstance(definition, dict) or definition.get("type") != lms.INTERACTION:
        return []
    kind = definition.get("interactionType")
    if kind not in INTERACTION_TYPES:
        return [violation(XAPI, statement, f"interactionType {kind!r} is not one of xAPI's")]
    patterns = definition.get("correctResponsesPattern", [])
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        return [violation(XAPI, statement, f"correctResponsesPattern {patterns!r} is not a list of strings")]
    response = result(statement).get("response")
    answers = [*patterns, *([response] if isinstance(response, str) else [])]
    return [
        violation(XAPI, statement, f"{kind} response {answer!r}: {error}")
        for answer in answers
        if (error := response_error(str(kind), answer, definition))
    ]


def component_ids(definition: dict[str, Any], name: str) -> set[str]:
    """The ids of one interaction component list (choices, source, target, scale, steps)."""
    return {str(c.get("id")) for c in definition.get(name, []) if isinstance(c, dict)}


def response_error(kind: str, answer: str, definition: dict[str, Any]) -> str | None:
    """Why `answer` is not a response of this interaction type (None when it is, or the type is not checked)."""
    items = answer.split("[,]") if answer else []
    if kind == "true-false":
        return None if answer in ("true", "false") else "expected true or false"
    lists = {"choice": "choices", "sequencing": "choices", "likert": "scale"}
    if kind in lists:
        known = component_ids(definition, lists[kind])
        unknown = [item for item in items if known and item not in known]
        if kind == "likert" and len(items) != 1:
            return "expected one scale id"
        return f"ids {unknown} are not in {lists[kind]}" if unknown else None
    if kind == "matching":
        pairs = [item.split("[.]") for item in items]
        sources, targets = component_ids(definition, "source"), component_ids(definition, "target")
        bad = [
            item
            for item, pair in zip(items, pairs, strict=True)
            if len(pair) != 2 or not ((not sources or pair[0] in sources) and (not targets or pair[1] in targets))
        ]
        return f"pairs {bad} are not source[.]target of the listed ids" if bad else None
    return None
