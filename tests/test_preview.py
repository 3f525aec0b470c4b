"""`course preview`: serves on 127.0.0.1, rebuilds when a source changes, stops cleanly on Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.projects import make_project


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:
        data: bytes = response.read()
        return data


def wait_for(condition: object, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_preview_serves_rebuilds_on_change_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert (
        subprocess.run(
            [sys.executable, "-m", "course", "--project", str(project.root), "extract"], capture_output=True
        ).returncode
        == 0
    )
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "course",
            "--project",
            str(project.root),
            "preview",
            "--locale",
            "sv",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "TMPDIR": str(temporary)},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline(), process.stdout.readline()]
        match = re.search(r"http://127\.0\.0\.1:\d+/", "".join(lines))
        assert match, lines
        url = match.group()
        assert b"Course preview" in fetch(url)
        assert b"Minikurs" in fetch(url + "course/scorm2004/index.html")
        first = json.loads(fetch(url + "__status"))
        lesson = project.content / "lessons" / "01-alpha.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Första principen", "Ny rubrik"), encoding="utf-8")
        wait_for(lambda: json.loads(fetch(url + "__status"))["version"] > first["version"])
        assert "Ny rubrik" in fetch(url + "course/scorm2004/index.html").decode()
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("why:", "whyy:"), encoding="utf-8")
        wait_for(lambda: "whyy: unknown key" in json.loads(fetch(url + "__status"))["error"])
        assert "Ny rubrik" in fetch(url + "course/scorm2004/index.html").decode()  # the last good build stays served
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=10)
    assert process.returncode == 0 and "stopping the preview" in output and "Traceback" not in output
    assert list(temporary.iterdir()) == []  # the build folder is gone
