"""The LMS side of cmi5 for tests: import a package, launch its AU, read back what ralph stored.

Two loopback servers, as a real LMS with a CDN has: the content origin serves the unzipped package, and the LMS
origin (tests/cmi5/endpoint.py) is the AU's xAPI endpoint, which forwards statements to ralph.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlencode, urljoin

from lxml import etree

from tests.cmi5 import lms_statements as lms
from tests.cmi5 import rules
from tests.cmi5.endpoint import LAUNCH_DATA, Endpoint, LmsHandler, Logged, Outage, agent_key
from tests.cmi5.lrs import Ralph, xapi_problems

REPO_SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "cmi5" / "CourseStructure.xsd"
NS = "{https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd}"
HOME_PAGE = "https://lms.example.org"  # the learner accounts' homePage: an LMS's, never fetched


class PackageError(Exception):
    """The zip is not a cmi5 package the launcher can import: the message names the file and line."""


@dataclass(frozen=True)
class Au:
    """The AU as cmi5.xml declares it."""

    id: str
    url: str
    move_on: str
    mastery_score: float | None
    launch_method: str
    launch_parameters: str | None


@dataclass(frozen=True)
class Launch:
    """One launch session as the LMS knows it: open `url` in the browser; `return_url` is where the AU goes on exit."""

    url: str
    registration: str
    session_id: str
    actor: dict[str, Any]
    activity_id: str
    publisher_id: str
    launch_mode: str
    move_on: str
    mastery_score: float | None
    return_url: str | None
    launched_at: str


def read_au(folder: Path, schema: Path | None) -> Au:
    """The one AU of the package unzipped in `folder`, after checking cmi5.xml against `schema` (when given)."""
    manifest = folder / "cmi5.xml"
    if not manifest.is_file():
        raise PackageError(f"{manifest}: missing: a cmi5 package has cmi5.xml at its root")
    try:
        root = etree.parse(manifest, etree.XMLParser(no_network=True, resolve_entities=False)).getroot()
    except etree.XMLSyntaxError as error:
        raise PackageError(f"{manifest}:{error.lineno}: {error.msg}") from None
    if schema is not None:
        checker = etree.XMLSchema(etree.parse(schema))
        if not checker.validate(root):
            problems = [f"{manifest}:{e.line}: {e.message}" for e in checker.error_log]
            raise PackageError("cmi5.xml is not valid against the CourseStructure schema:\n" + "\n".join(problems))
    aus = list(root.iter(f"{NS}au"))
    if len(aus) != 1:
        raise PackageError(f"{manifest}: expected exactly one <au>, found {len(aus)}: the launcher plays one AU")
    au = aus[0]
    mastery = au.get("masteryScore")
    return Au(
        id=au.get("id", ""),
        url=(au.findtext(f"{NS}url") or "").strip(),
        move_on=au.get("moveOn", "NotApplicable"),
        mastery_score=float(mastery) if mastery is not None else None,
        launch_method=au.get("launchMethod", "AnyWindow"),
        launch_parameters=au.findtext(f"{NS}launchParameters"),
    )


def now() -> str:
    """The time as xAPI wants it: UTC, milliseconds."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Launcher:
    """A mini LMS for one cmi5 package: `with Launcher(zip, ralph) as lms: launch = lms.launch(actor_name="Ada")`."""

    def __init__(self, zip_path: Path, lrs: Ralph, schema: Path | None = None, hang_s: float = 60.0) -> None:
        """`schema` defaults to tests/schemas/cmi5/CourseStructure.xsd when that file exists; a hanging LRS (see
        lrs_down) answers 503 after `hang_s` at the latest."""
        self.zip_path = zip_path
        self.lrs = lrs
        self.schema = schema if schema is not None else (REPO_SCHEMA if REPO_SCHEMA.is_file() else None)
        self.activity_id = f"{HOME_PAGE}/activities/{uuid.uuid4()}"  # LMS-generated, stable for this launcher
        self.launches: list[Launch] = []
        self.endpoint = Endpoint(lrs, hang_s)
        self._servers: list[ThreadingHTTPServer] = []

    def __enter__(self) -> Launcher:
        self.folder = Path(tempfile.mkdtemp(prefix="cmi5-launcher-"))
        try:
            with zipfile.ZipFile(self.zip_path) as package:
                package.extractall(self.folder / "content")
            self.au = read_au(self.folder / "content", self.schema)
            self.content_origin = self._serve(partial(QuietFiles, directory=str(self.folder / "content")))
            self.endpoint.content_origin = self.content_origin
            self.lms_origin = self._serve(partial(LmsHandler, self.endpoint))
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.endpoint.release()
        for server in self._servers:
            server.shutdown()
            server.server_close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _serve(self, handler: Any) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        self._servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    @property
    def requests(self) -> list[Logged]:
        """Every request the LMS origin answered so far, in the order answered."""
        return self.endpoint.requests

    def lrs_down(self, mode: Outage) -> AbstractContextManager[None]:
        """`with lms.lrs_down("refuse"|"hang"):` statement requests and state writes fail (503 at once, or after
        hanging until the block ends); nothing sent meanwhile is stored. See Endpoint.outage."""
        return self.endpoint.outage(mode)

    @contextmanager
    def lrs_refuses_as_malformed(self, verb: str) -> Iterator[None]:
        """While inside: a statement request that carries a statement with `verb` is refused with 400, as an LRS
        refuses one it finds malformed; nothing of that request is stored."""
        self.endpoint.malformed.add(verb)
        try:
            yield
        finally:
            self.endpoint.malformed.discard(verb)

    def launch(
        self,
        actor_name: str = "Learner",
        registration: str | None = None,
        launch_mode: str = "Normal",
        mastery_score: float | None = None,
        move_on: str | None = None,
        return_url: bool = True,
        language_preference: str | None = None,
        audio_preference: str | None = None,
        launch_parameters: str | None = None,
    ) -> Launch:
        """Prepare a session as an LMS does before launching (abandon an open one of the same registration, write
        LMS.LaunchData and the learner preferences, record `launched`) and return the URL to open. A mastery score
        or moveOn given here overrides the package's in LMS.LaunchData."""
        registration = registration or str(uuid.uuid4())
        self._abandon_open_sessions(registration)
        session_id = str(uuid.uuid4())
        actor = {"objectType": "Agent", "name": actor_name, "account": {"homePage": HOME_PAGE, "name": actor_name}}
        return_to = f"{self.lms_origin}/returned?{urlencode({'session': session_id})}"
        launch = Launch(
            url="",
            registration=registration,
            session_id=session_id,
            actor=actor,
            activity_id=self.activity_id,
            publisher_id=self.au.id,
            launch_mode=launch_mode,
            move_on=move_on or self.au.move_on,
            mastery_score=mastery_score if mastery_score is not None else self.au.mastery_score,
            return_url=return_to if return_url else None,
            launched_at=now(),
        )
        parameters = launch_parameters if launch_parameters is not None else self.au.launch_parameters
        preferences = {"languagePreference": language_preference, "audioPreference": audio_preference}
        fetch_id = self.endpoint.prepare(
            (self.activity_id, agent_key(actor), registration, LAUNCH_DATA),
            lms.launch_data(launch, parameters),
            {name: value for name, value in preferences.items() if value is not None},
        )
        query = {
            "endpoint": f"{self.lms_origin}/xapi/",
            "fetch": f"{self.lms_origin}/fetch/{fetch_id}",
            "actor": json.dumps(actor, separators=(",", ":")),
            "registration": registration,
            "activityId": self.activity_id,
        }
        content_url = urljoin(self.content_origin + "/", self.au.url)
        launch = replace(launch, url=content_url + ("&" if "?" in content_url else "?") + urlencode(query))
        self.lrs.post([lms.launched_statement(launch, content_url, parameters)])
        self.launches.append(launch)
        return launch

    def _abandon_open_sessions(self, registration: str) -> None:
        """Spec 9.3.6: a new launch of a registration abandons its earlier sessions that did not terminate."""
        earlier = [launch for launch in self.launches if launch.registration == registration]
        if not earlier:
            return
        stored = self.statements(registration)
        abandoned = [lms.abandoned_statement(launch, stored, now()) for launch in earlier]
        if todo := [statement for statement in abandoned if statement is not None]:
            self.lrs.post(todo)

    def statements(self, registration: str) -> list[dict[str, Any]]:
        """What ralph stored for a registration, in timestamp order (ralph's own order is inverted); statements
        stored in the same millisecond keep the order they were stored in."""
        stored = self.lrs.query(registration)
        return sorted(stored, key=lambda s: (lms.parse_time(s.get("timestamp")), lms.parse_time(s.get("stored"))))

    def wait_for_verb(self, registration: str, verb: str, timeout_s: float = 15.0) -> list[dict[str, Any]]:
        """The registration's statements once one with `verb` (e.g. "terminated") is stored: looked for again after
        each request the LMS origin answers, as a page that has gone sends its last ones by itself."""
        deadline = time.monotonic() + timeout_s
        seen = len(self.endpoint.requests)
        while True:
            stored = self.statements(registration)
            if any(statement["verb"]["id"].endswith("/" + verb) for statement in stored):
                return stored
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {verb} statement was stored for {registration} in {timeout_s} s")
            seen = self.endpoint.wait_for_request(seen, left)

    def state(self, registration: str, state_id: str) -> Any:
        """The AU's state document `state_id` in a registration, parsed as JSON (None when it has none)."""
        return self.endpoint.find_state(registration, state_id)

    def problems(self, registration: str) -> list[str]:
        """Every cmi5 rule the registration's stored statements break (rules.check), then what ralph's strict xAPI
        model finds wrong in them: [] when all is well."""
        stored = self.statements(registration)
        sessions = [launch for launch in self.launches if launch.registration == registration]
        return rules.check(stored, sessions) + xapi_problems(stored)


class QuietFiles(SimpleHTTPRequestHandler):
    """The content origin: the unzipped package as static files, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: ARG002  (http.server's signature)
        return
