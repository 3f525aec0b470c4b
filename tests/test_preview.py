"""`course preview`: serves on 127.0.0.1 the player and the built course and nothing else, rebuilds when a source
changes, survives any failing rebuild, and stops cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from course.catalogs import po_path
from course.preview import PreviewState, preview_request, rebuild
from course.preview_live import fingerprint
from course.project import Project
from tests.projects import make_project, real_copy, translated_project

TIME_LIMIT = 60  # seconds; a hang is a failure, not a wait


def wait_for(condition: Callable[[], bool], what: str, seconds: float = TIME_LIMIT) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


class Preview:
    """`course preview` in a process of its own, its output collected by a thread so that no read can hang."""

    def __init__(self, project: Project, temporary: Path, *argv: str) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self.output: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "course", "--project", str(project.root), "preview", "--port", "0", *argv],
            cwd=temporary,
            env={**os.environ, "TMPDIR": str(temporary)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        threading.Thread(target=self.read, daemon=True).start()
        found = None
        while found is None:
            line = self.lines.get(timeout=TIME_LIMIT)
            assert line, f"the preview ended: {''.join(self.output)}"
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        self.port = int(found.group(1))

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)
            self.lines.put(line)
        self.lines.put("")

    def get(self, path: bytes) -> tuple[int, bytes]:
        """The status and body of `GET path`, the path sent byte for byte as given (no client tidies it)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(b"GET " + path + b" HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            answer = b"".join(iter(lambda: connection.recv(65536), b""))
        head, _, body = answer.partition(b"\r\n\r\n")
        return int(head.split(b" ")[1]), body

    def page(self, path: str) -> str:
        code, body = self.get(path.encode())
        assert code == 200, f"{path} answered {code}"
        return body.decode()

    def status(self) -> dict[str, object]:
        state: dict[str, object] = json.loads(self.page("/__status"))
        return state

    def stop(self, how: signal.Signals) -> str:
        self.process.send_signal(how)
        try:
            self.process.wait(timeout=TIME_LIMIT)
        finally:
            self.process.kill()
        return "".join(self.output)


def temporary_folder(tmp_path: Path) -> Path:
    """The TMPDIR of a preview, to see its build folder and that it is gone afterwards."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    return temporary


def test_preview_serves_rebuilds_on_change_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    extract = [sys.executable, "-m", "course", "--project", str(project.root), "extract"]
    assert subprocess.run(extract, check=False).returncode == 0
    temporary = temporary_folder(tmp_path)
    running = Preview(project, temporary, "--locale", "sv")
    try:
        assert "Course preview" in running.page("/")
        assert "Minikurs" in running.page("/course/scorm2004/index.html")
        first = running.status()
        lesson = project.content / "lessons" / "01-alpha.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Första principen", "Ny rubrik"), encoding="utf-8")
        wait_for(lambda: running.status()["version"] != first["version"], "a new version")
        assert "Ny rubrik" in running.page("/course/scorm2004/index.html")
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("why:", "whyy:"), encoding="utf-8")
        wait_for(lambda: "whyy: unknown key" in str(running.status()["error"]), "the content error")
        assert "Ny rubrik" in running.page("/course/scorm2004/index.html")  # the last good build stays served
    finally:
        output = running.stop(signal.SIGINT)
    assert running.process.returncode == 0
    assert "stopping the preview" in output
    assert "Traceback" not in output
    assert list(temporary.iterdir()) == []  # the build folder is gone


def test_the_preview_of_an_organisation_serves_its_package_and_rebuilds_when_its_profile_changes(
    tmp_path: Path,
) -> None:
    project = real_copy(tmp_path)
    temporary = temporary_folder(tmp_path)
    running = Preview(project, temporary, "--organisation", "exempelregion", "--locale", "sv")
    try:
        page = running.page("/course/scorm2004/index.html")
        assert "Exempelregion" in page
        assert "Exempelkommun" not in page
        first = running.status()
        profile = project.root / "organisations" / "exempelregion" / "organisation.yaml"
        profile.write_text(
            profile.read_text(encoding="utf-8").replace("name: Exempelregion", "name: Provregion"), "utf-8"
        )
        wait_for(lambda: running.status()["version"] != first["version"], "a new version")
        assert "Provregion" in running.page("/course/scorm2004/index.html")
    finally:
        running.stop(signal.SIGINT)
    assert running.process.returncode == 0


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """One preview of the mini course for the request cases, with links to outside planted in its served folder
    and a secret next to it; stopped by SIGTERM at the end, which must stop it as cleanly as Ctrl-C."""
    tmp = tmp_path_factory.mktemp("served")
    temporary = temporary_folder(tmp)
    (temporary / "secret.txt").write_text("TOPSECRET", encoding="utf-8")
    running = Preview(make_project(tmp), temporary, "--locale", "sv")
    (served,) = temporary.glob("course-preview-*")
    (served / "course" / "scorm2004" / "passwd").symlink_to("/etc/passwd")
    (served / "course" / "scorm2004" / "secret.txt").symlink_to(temporary / "secret.txt")
    (served / "course" / "up").symlink_to(temporary)
    (served / "course.old").mkdir()
    (served / "course.old" / "secret.txt").write_text("TOPSECRET", encoding="utf-8")
    yield running
    output = running.stop(signal.SIGTERM)
    assert running.process.returncode == 0
    assert "stopping the preview" in output
    assert "Traceback" not in output
    assert [path.name for path in temporary.iterdir()] == ["secret.txt"], "the served folder is gone"


OUTSIDE = [
    *(b"/../../etc/passwd", b"/../../../../../../../../etc/passwd", b"/course/../../../etc/passwd"),
    *(b"/course/../../../../../../../../etc/passwd", b"/course/../../secret.txt"),
    *(b"/course/scorm2004/../../../secret.txt", b"/%2e%2e/%2e%2e/etc/passwd"),
    *(b"/%2E%2E/%2E%2E/%2E%2E/%2E%2E/%2E%2E/etc/passwd", b"/course/%2e%2e/%2e%2e/secret.txt"),
    *(b"/course%2f..%2f..%2fsecret.txt", b"/course/scorm2004/..%2f..%2f..%2fsecret.txt"),
    *(b"/%252e%252e/%252e%252e/etc/passwd", b"/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", b"/..%5c..%5cetc%5cpasswd"),
    *(b"/..\\..\\secret.txt", b"/../cli.py", b"/../../pyproject.toml", b"/player.js/../../cli.py"),
    *(b"/etc/passwd", b"//etc/passwd", b"/course//etc/passwd", b"/course/%2fetc%2fpasswd"),
    *(b"http://127.0.0.1/etc/passwd", b"file:///etc/passwd", b"etc/passwd"),  # not a path: absolute URIs
    *(b"/course/scorm2004/index.html%00.png", b"/course/scorm2004/index.html\x00.png", b"/index.html%00"),
    *(b"/course/scorm2004/passwd", b"/course/scorm2004/secret.txt", b"/course/up/secret.txt"),  # links out
    *(b"/course.old/secret.txt", b"/course/", b"/course/scorm2004/", b"/course", b"/missing", b"/%ff%fe"),
]


@pytest.mark.parametrize("path", OUTSIDE, ids=lambda path: path.decode("latin-1").encode("unicode_escape").decode())
def test_the_preview_serves_nothing_outside_the_player_and_the_built_course(preview: Preview, path: bytes) -> None:
    code, body = preview.get(path)
    assert code in (400, 404), f"{path!r} answered {code}"
    assert b"TOPSECRET" not in body
    assert b"root:" not in body
    assert b"def main" not in body


@pytest.mark.parametrize(
    ("path", "expected"),
    [("/", "Course preview"), ("/player.js", "stand-in LMS"), ("/course/scorm2004/index.html", "Minikurs")],
)
def test_the_preview_serves_the_player_and_the_built_course(preview: Preview, path: str, expected: str) -> None:
    assert expected in preview.page(path)


def test_the_preview_survives_a_broken_plural_forms_and_builds_again_once_it_is_fixed(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    running = Preview(project, temporary_folder(tmp_path), "--locale", "de")
    try:
        first = running.status()
        assert first["error"] == ""
        catalog = po_path(project.locales, "de")
        good = catalog.read_text(encoding="utf-8")
        plural = re.search(r'"Plural-Forms: [^"]*"', good)
        assert plural, good[:400]
        catalog.write_text(good.replace(plural.group(), '"Plural-Forms: nplurals=2; plural=(n foo);\\n"'), "utf-8")
        wait_for(lambda: running.status()["error"] != "", "the status to show the broken catalog")
        catalog.write_text(good, encoding="utf-8")
        wait_for(lambda: running.status()["error"] == "", "the status to turn OK again")
        fixed = running.status()
        assert isinstance(fixed["version"], int)
        assert isinstance(first["version"], int)
        assert fixed["version"] > first["version"]
        lesson = project.content / "lessons" / "01-alpha.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("Första principen", "Ny rubrik"), "utf-8")
        wait_for(lambda: running.status()["version"] != fixed["version"], "the watcher to build the next change")
    finally:
        output = running.stop(signal.SIGINT)
    assert running.process.returncode == 0
    assert "stopping the preview" in output


def test_a_rebuild_that_fails_with_any_exception_is_reported_and_the_next_one_builds(tmp_path: Path) -> None:
    """Not only the project's own errors: here the output folder cannot be made (a file is in the way)."""
    project = make_project(tmp_path)
    (tmp_path / "a-file").write_text("in the way", encoding="utf-8")
    state = PreviewState()
    rebuild(preview_request(project, ("sv",), tmp_path / "a-file" / "course"), state)
    assert "NotADirectoryError" in state.error
    assert state.version == 0
    rebuild(preview_request(project, ("sv",), tmp_path / "course"), state)
    assert state.error == ""
    assert state.version == 1


def test_looking_for_changes_survives_links_that_lead_nowhere_or_in_a_circle(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project.content / "dangling.yaml").symlink_to(tmp_path / "nowhere")
    (project.content / "loop").symlink_to(project.content / "loop")
    assert any(name.endswith("01-alpha.yaml") for name in fingerprint(preview_request(project, (), tmp_path / "out")))
