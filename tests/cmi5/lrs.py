"""ralph-malph as the tests' LRS: start it on a free loopback port, talk to it, stop it; and its strict xAPI model.

ralph runs in its own venv (.venv-lrs, `make .venv-lrs/.installed`) because its `lrs` extra pins exact versions of
fastapi, uvicorn and more. It stores statements only (no State or Agent Profile API, no About), so the launcher
(tests/cmi5/launcher.py) serves those itself and forwards statements here.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

HERE = Path(__file__).resolve().parent
VENV = HERE.parent.parent / ".venv-lrs"
USERNAME = "harness"
PASSWORD = "harness"
# bcrypt of PASSWORD at cost 4, the lowest: ralph checks it on a user's first request, and at its default cost 12
# that check alone takes 0.4 s. Made with `.venv-lrs/bin/python -c 'import bcrypt; print(bcrypt.hashpw(b"harness",
# bcrypt.gensalt(4)))'`; writing auth.json directly saves the 2 s that `ralph auth` takes to start.
PASSWORD_HASH = "$2b$04$A9Ryq/lW.hGUXULGft4QdO7yUyeWHcRoavPzv62S13y7JNYYCmTzi"
RUNNING = re.compile(r"Uvicorn running on (http://127\.0\.0\.1:\d+)")
START_TIMEOUT_S = 30.0  # a passing start takes about 2 s; a loaded 2-core CI with every worker starting one, more
REQUEST_TIMEOUT_S = 10.0


class LrsError(RuntimeError):
    """ralph is missing, did not start, or answered a harness request with an error."""


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, the body, and the Content-Type."""

    status: int
    body: bytes
    content_type: str


@dataclass(frozen=True)
class Ralph:
    """A running ralph: its base URL (the xAPI endpoint is `<url>/xAPI/`) and the harness's credentials."""

    url: str
    pid: int

    @property
    def authorization(self) -> str:
        """The Basic authorization header value the harness (the LMS) uses."""
        return "Basic " + base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()

    def request(self, method: str, path: str, body: bytes | None = None, timeout: float = REQUEST_TIMEOUT_S) -> Reply:
        """One request to ralph's xAPI `path` (e.g. "statements?registration=…"), answered as ralph answered."""
        headers = {"Authorization": self.authorization, "X-Experience-API-Version": "1.0.3"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = Request(f"{self.url}/xAPI/{path}", data=body, method=method, headers=headers)
        try:
            with urlopen(request, timeout=timeout) as response:
                return Reply(response.status, response.read(), response.headers.get("Content-Type", ""))
        except HTTPError as error:
            return Reply(error.code, error.read(), error.headers.get("Content-Type", ""))

    def post(self, statements: list[dict[str, Any]]) -> list[str]:
        """Store statements as the LMS (launched, abandoned); their ids."""
        reply = self.request("POST", "statements", json.dumps(statements).encode())
        if reply.status != 200:
            raise LrsError(f"ralph refused the harness's statements: {reply.status} {reply.body[:500]!r}")
        ids: list[str] = json.loads(reply.body)
        return ids

    def query(self, registration: str) -> list[dict[str, Any]]:
        """Every statement of a registration, in ralph's order (following `more` links)."""
        found: list[dict[str, Any]] = []
        path = "statements?" + urlencode({"registration": registration, "limit": 500})
        while path:
            reply = self.request("GET", path)
            if reply.status != 200:
                raise LrsError(f"ralph refused a query: {reply.status} {reply.body[:500]!r}")
            page = json.loads(reply.body)
            found += page["statements"]
            path = page.get("more", "").partition("/xAPI/")[2]
        return found


def python() -> Path:
    """The venv's python, or an error saying how to make the venv."""
    executable = VENV / "bin" / "python"
    if not (VENV / ".installed").is_file():
        raise LrsError(f"{VENV} is missing or incomplete: run `make .venv-lrs/.installed` (the LRS for the cmi5 tests)")
    return executable


def write_auth(app_dir: Path) -> None:
    """ralph's auth.json with the harness user, allowed everything."""
    app_dir.mkdir(parents=True, exist_ok=True)
    agent = {"account": {"homePage": "https://lrs.example.org", "name": USERNAME}, "objectType": "Agent"}
    user = {"agent": agent, "scopes": ["all"], "hash": PASSWORD_HASH, "username": USERNAME}
    (app_dir / "auth.json").write_text(json.dumps([user]), encoding="utf-8")


def environment(folder: Path) -> dict[str, str]:
    """The process environment for ralph: its app dir (auth.json) and fs data under `folder`."""
    return {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
    }


class OutputWatch:
    """Drains a process's output on a thread (a full pipe would block ralph) and signals uvicorn's "running" line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self.url: str | None = None
        self.ready = threading.Event()  # set on the running line, or when the output ends
        self._thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self._thread.start()

    def _read(self, process: subprocess.Popen[str]) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            self.lines.append(line.rstrip())
            if self.url is None and (match := RUNNING.search(line)):
                self.url = match.group(1)
                self.ready.set()
        self.ready.set()


@contextmanager
def running_ralph(folder: Path) -> Iterator[Ralph]:
    """ralph on 127.0.0.1 and a port the OS picks (uvicorn --port 0 prints the one it got), its data in `folder`;
    stopped on exit."""
    write_auth(folder / "app")
    command = [str(python().parent / "uvicorn"), "ralph_app:app", "--app-dir", str(HERE)]
    command += ["--host", "127.0.0.1", "--port", "0", "--no-access-log", "--log-level", "info"]
    process = subprocess.Popen(
        command, cwd=folder, env=environment(folder), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        watch = OutputWatch(process)
        if not watch.ready.wait(START_TIMEOUT_S) or watch.url is None:
            output = "\n".join(watch.lines[-30:])
            raise LrsError(f"ralph did not start within {START_TIMEOUT_S:.0f} s; its output:\n{output}")
        yield Ralph(watch.url, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def xapi_problems(statements: list[dict[str, Any]]) -> list[str]:
    """What ralph's strict xAPI model (BaseXapiStatement) finds wrong in each statement, run in ralph's venv
    by tests/cmi5/validate.py."""
    completed = subprocess.run(
        [str(python()), str(HERE / "validate.py")],
        input=json.dumps(statements),
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    if completed.returncode != 0:
        raise LrsError(f"tests/cmi5/validate.py failed:\n{completed.stderr}")
    problems: list[str] = json.loads(completed.stdout)
    return problems
