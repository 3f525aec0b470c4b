"""The LMS origin of the cmi5 harness: one-time fetch URLs, the State and Agent Profile APIs in memory, /xapi/about,
the returnURL page, and /xapi/statements forwarded to ralph, with CORS for the content origin.

The proxy rejects nothing that is off-spec: it stores what the AU sends, as ralph accepts it, and rules.check judges
the stored statements afterwards, so one test sees every fault at once with its requirement id. It refuses only what
an LMS must refuse for the protocol to mean anything: a missing or unknown token (401), a second fetch, and an AU
writing LMS.LaunchData (403); and, on cue (Endpoint.outage), everything an LRS outage would refuse.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from tests.cmi5 import lms_statements as lms
from tests.cmi5.lrs import Ralph, Reply

LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"
CORS_HEADERS = "Authorization, Content-Type, X-Experience-API-Version"
Outage = Literal["refuse", "hang"]
StateKey = tuple[str, str, str, str]  # activityId, agent (agent_key), registration, stateId


@dataclass(frozen=True)
class Logged:
    """One request to the LMS origin, in arrival order: tests count requests and statements with it."""

    method: str
    path: str
    status: int
    statement_ids: tuple[str, ...] = ()


def agent_key(agent: str | dict[str, Any]) -> str:
    """An agent's identity (its inverse functional identifier), the same whatever the key order or name."""
    parsed = json.loads(agent) if isinstance(agent, str) else agent
    if not isinstance(parsed, dict):
        raise ValueError(f"an agent is a JSON object, got {agent!r}")
    ifi = {key: parsed[key] for key in ("mbox", "mbox_sha1sum", "openid", "account") if key in parsed}
    return json.dumps(ifi, sort_keys=True)


def json_reply(status: int, value: Any) -> Reply:
    """A JSON answer."""
    return Reply(status, json.dumps(value).encode(), "application/json")


def text_reply(status: int, text: str) -> Reply:
    """A plain-text answer (errors: the message says why)."""
    return Reply(status, text.encode(), "text/plain; charset=utf-8")


def merge(stored: bytes, sent: bytes) -> bytes | None:
    """xAPI's POST to a document: the sent object's properties over the stored one's; None unless both are objects."""
    try:
        old, new = json.loads(stored), json.loads(sent)
    except ValueError:
        return None
    return json.dumps(old | new).encode() if isinstance(old, dict) and isinstance(new, dict) else None


class Endpoint:
    """What the LMS origin holds and answers; its methods run on the server's threads, under one lock."""

    def __init__(self, lrs: Ralph, hang_s: float) -> None:
        self.lrs = lrs
        self.hang_s = hang_s
        self.content_origin = ""  # the one origin CORS allows; the launcher sets it once the content server runs
        self.state: dict[StateKey, bytes] = {}
        self.profiles: dict[tuple[str, str], bytes] = {}  # (agent, profileId) -> document
        self.fetches: dict[str, tuple[str, bool]] = {}  # fetch id -> (token, used)
        self.tokens: dict[str, str] = {}  # token -> session id
        self.log: list[Logged] = []
        self.lock = threading.Lock()
        self.answered = threading.Condition(self.lock)  # notified after each request is logged
        self._outage: Outage | None = None
        self.malformed: set[str] = set()  # verbs whose statements are refused with 400, as an LRS refuses a bad one
        self._outage_over = threading.Event()

    def prepare(self, launch_data: StateKey, document: dict[str, Any], preferences: dict[str, str]) -> str:
        """Before a launch: store LMS.LaunchData (and the learner preferences, when any), issue the session's
        token; the one-time fetch id that hands it out."""
        session_id = document["contextTemplate"]["extensions"][lms.SESSION_ID]
        token = base64.b64encode(f"{session_id}:{secrets.token_hex(16)}".encode()).decode()
        fetch_id = secrets.token_urlsafe(16)
        with self.lock:
            self.state[launch_data] = json.dumps(document).encode()
            if preferences:
                self.profiles[(launch_data[1], PREFERENCES)] = json.dumps(preferences).encode()
            self.fetches[fetch_id] = (token, False)
            self.tokens[token] = session_id
        return fetch_id

    def find_state(self, registration: str, state_id: str) -> Any:
        """A state document of a registration, parsed (None when there is none)."""
        with self.lock:
            for (_activity, _agent, reg, sid), body in self.state.items():
                if reg == registration and sid == state_id:
                    return json.loads(body)
        return None

    @property
    def requests(self) -> list[Logged]:
        """Every request the LMS origin answered so far, in order."""
        with self.lock:
            return list(self.log)

    def wait_for_request(self, seen: int, timeout_s: float) -> int:
        """Block until more than `seen` requests were answered (or the timeout passes); how many there are now."""
        with self.answered:
            self.answered.wait_for(lambda: len(self.log) > seen, timeout_s)
            return len(self.log)

    @contextmanager
    def outage(self, mode: Outage) -> Iterator[None]:
        """While inside: statement requests and state writes are refused with 503 ("refuse"), or held until the
        block ends (or hang_s passes) and then refused ("hang"), as a timing-out LRS. Nothing sent is stored."""
        self._outage_over.clear()
        self._outage = mode
        try:
            yield
        finally:
            self.release()

    def release(self) -> None:
        """End an outage: requests held by a hang are answered (503) at once."""
        self._outage = None
        self._outage_over.set()

    def handle(self, method: str, target: str, authorization: str, body: bytes) -> tuple[Reply, tuple[str, ...]]:
        """Answer one request to the LMS origin; also return the statement ids it carried (for the log)."""
        parts = urlsplit(target)
        path = parts.path
        if method == "OPTIONS":
            return Reply(204, b"", ""), ()
        if path.startswith("/fetch/"):
            return self._fetch(method, path.removeprefix("/fetch/")), ()
        if path == "/returned":
            return Reply(200, b"<!doctype html><title>Returned</title><p>Returned to the LMS.</p>", "text/html"), ()
        if not path.startswith("/xapi/"):
            return text_reply(404, f"no such LMS page: {path}"), ()
        with self.lock:
            known = authorization.removeprefix("Basic ") in self.tokens
        if not known:
            return text_reply(401, "8.1.2.0-5: xAPI requests need Authorization: Basic <the fetched auth-token>"), ()
        return self._xapi(method, path.removeprefix("/xapi/"), parts.query, body)

    def _xapi(self, method: str, resource: str, raw_query: str, body: bytes) -> tuple[Reply, tuple[str, ...]]:
        query = {name: values[0] for name, values in parse_qs(raw_query).items()}
        if resource == "statements":
            return self._statements(method, raw_query, query, body)
        try:
            if resource == "activities/state":
                return self._state(method, query, body), ()
            if resource == "agents/profile" and method == "GET":
                return self._profile(query), ()
        except ValueError as error:  # an agent parameter that is not JSON
            return text_reply(400, f"{resource}: {error}"), ()
        if resource == "about" and method == "GET":
            return json_reply(200, {"version": ["1.0.3"]}), ()
        return text_reply(404 if method == "GET" else 405, f"{method} {resource}: not served by this LMS"), ()

    def _fetch(self, method: str, fetch_id: str) -> Reply:
        if method != "POST":
            return text_reply(405, "8.2.1.0-2: the fetch URL takes POST only")
        with self.lock:
            token, used = self.fetches.get(fetch_id, ("", True))
            self.fetches[fetch_id] = (token, True)
        if used or not token:
            return json_reply(200, {"error-code": "1", "error-text": "8.2.3.0-1: this fetch URL was used already"})
        return json_reply(200, {"auth-token": token})

    def _refused(self) -> Reply | None:
        """The outage's answer while lrs_down is on, else None."""
        mode = self._outage
        if mode == "hang":
            self._outage_over.wait(self.hang_s)
        return text_reply(503, f"the LRS is down ({mode}, injected by the test)") if mode else None

    def _malformed(self, body: bytes) -> str | None:
        """The verb of the first statement in `body` that lrs_refuses_as_malformed names, else None."""
        sent = json.loads(body)
        for statement in sent if isinstance(sent, list) else [sent]:
            verb = str(statement.get("verb", {}).get("id", "")).rsplit("/", 1)[-1]
            if verb in self.malformed:
                return verb
        return None

    def _statements(
        self, method: str, raw_query: str, query: dict[str, str], body: bytes
    ) -> tuple[Reply, tuple[str, ...]]:
        sent = lms.statement_ids(body) if method == "POST" else (query.get("statementId", ""),)
        if method not in ("GET", "PUT", "POST"):
            return text_reply(405, f"{method} statements: not allowed"), sent
        if method != "GET" and (refused := self._refused()):
            return refused, sent
        if method != "GET" and (verb := self._malformed(body)):
            return text_reply(400, f"a {verb} statement is malformed (injected by the test)"), sent
        reply = self.lrs.request(method, "statements" + (f"?{raw_query}" if raw_query else ""), body or None)
        if method == "POST" and reply.status == 200:
            sent = tuple(json.loads(reply.body))
        return reply, sent if method != "GET" else ()

    def _state(self, method: str, query: dict[str, str], body: bytes) -> Reply:
        missing = [name for name in ("activityId", "agent") if name not in query]
        if missing:
            return text_reply(400, f"state: missing {', '.join(missing)}")
        scope = (query["activityId"], agent_key(query["agent"]), query.get("registration", ""))
        state_id = query.get("stateId")
        if method != "GET" and state_id in (LAUNCH_DATA, None):
            return text_reply(403, f"10.2.1.0-5: the AU must not modify or delete {LAUNCH_DATA}")
        if method != "GET" and (refused := self._refused()):
            return refused
        key = (*scope, state_id or "")
        with self.lock:
            stored = self.state.get(key)
            if method == "GET" and state_id is None:
                return json_reply(200, [other[3] for other in self.state if other[:3] == scope])
            if method == "GET":
                return Reply(200, stored, "application/json") if stored is not None else text_reply(404, "no state")
            if method == "DELETE":
                self.state.pop(key, None)
            elif method == "PUT" or stored is None:
                self.state[key] = body
            elif (merged := merge(stored, body)) is not None:
                self.state[key] = merged
            else:
                return text_reply(400, "state POST: the stored and the sent document must both be JSON objects")
        return Reply(204, b"", "")

    def _profile(self, query: dict[str, str]) -> Reply:
        if "agent" not in query:
            return text_reply(400, "agents/profile: missing agent")
        with self.lock:
            profiles = self.profiles
            agent = agent_key(query["agent"])
            if "profileId" not in query:
                return json_reply(200, [profile for who, profile in profiles if who == agent])
            document = profiles.get((agent, query["profileId"]))
        return Reply(200, document, "application/json") if document else text_reply(404, "no such profile")


class LmsHandler(BaseHTTPRequestHandler):
    """The LMS origin's HTTP plumbing: CORS for the content origin, the xAPI version header, the request log."""

    protocol_version = "HTTP/1.1"

    def __init__(self, endpoint: Endpoint, *args: Any) -> None:
        self.endpoint = endpoint
        super().__init__(*args)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: ARG002  (http.server's signature)
        return

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        method = self.command
        reply, ids = self.endpoint.handle(method, self.path, self.headers.get("Authorization", ""), body)
        with self.endpoint.answered:
            self.endpoint.log.append(Logged(method, urlsplit(self.path).path, reply.status, ids))
            self.endpoint.answered.notify_all()
        try:
            self.send_response(reply.status)
            self.send_header("Access-Control-Allow-Origin", self.endpoint.content_origin)
            self.send_header("Vary", "Origin")
            self.send_header("Access-Control-Allow-Headers", CORS_HEADERS)
            self.send_header("Access-Control-Allow-Methods", "GET, PUT, POST, DELETE, OPTIONS")
            self.send_header("Access-Control-Expose-Headers", "X-Experience-API-Version")
            if self.path.startswith("/xapi/"):
                self.send_header("X-Experience-API-Version", "1.0.3")
            if reply.status == 405:
                self.send_header("Allow", "POST" if self.path.startswith("/fetch/") else "GET, PUT, POST, DELETE")
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            return  # the AU gave up waiting (a hanging LRS): nothing to tell it

    # http.server's names for the methods it dispatches
    def do_GET(self) -> None:
        self._answer()

    def do_PUT(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def do_OPTIONS(self) -> None:
        self._answer()
