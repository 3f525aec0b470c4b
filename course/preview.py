"""`course preview`: build into a temporary folder and serve the course on 127.0.0.1 inside a page that plays the
LMS and shows the tracking data live, rebuilding when content, catalogs, templates or the runtime change."""

from __future__ import annotations

import json
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from course.build import render_sites
from course.content import load_course
from course.errors import CourseError, UsageError
from course.model import STANDARDS
from course.project import Project
from course.render import RUNTIME, TEMPLATES

PLAYER = Path(__file__).parent / "preview"
POLL_SECONDS = 0.5


@dataclass
class PreviewState:
    """What the page polls: a version that changes on every successful build, and the last build error."""

    version: int = 0
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


def watched_files(project: Project) -> list[Path]:
    folders = (project.content, project.locales, TEMPLATES, RUNTIME)
    return [path for folder in folders if folder.exists() for path in folder.rglob("*") if path.is_file()]


def fingerprint(project: Project) -> tuple[tuple[str, int], ...]:
    return tuple(sorted((str(path), path.stat().st_mtime_ns) for path in watched_files(project)))


def build_into(project: Project, locales: tuple[str, ...], target: Path) -> None:
    """Render the site, one folder per standard, and swap it into `target` whole, so the browser never sees half a
    build."""
    course = load_course(project.content)
    (site,) = render_sites(course, project, [locales or course.info.locales], STANDARDS)
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    for standard, files in site.packages.items():
        for name, data in files.items():
            (fresh / standard / name).parent.mkdir(parents=True, exist_ok=True)
            (fresh / standard / name).write_bytes(data)
    old = target.with_name(target.name + ".old")
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def rebuild(project: Project, locales: tuple[str, ...], target: Path, state: PreviewState) -> None:
    try:
        build_into(project, locales, target)
    except CourseError as error:
        with state.lock:
            state.error = str(error)
        print(f"error: {error}", flush=True)
        return
    with state.lock:
        state.version += 1
        state.error = ""
    print(f"built version {state.version}", flush=True)


def watch(project: Project, locales: tuple[str, ...], target: Path, state: PreviewState, stop: threading.Event) -> None:
    seen = fingerprint(project)
    while not stop.wait(POLL_SECONDS):
        current = fingerprint(project)
        if current != seen:
            seen = current
            rebuild(project, locales, target, state)


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves the player at /, the built course under /course/, and the build state at /__status."""

    state: PreviewState

    def do_GET(self) -> None:
        if self.path.split("?")[0] == "/__status":
            with self.state.lock:
                body = json.dumps({"version": self.state.version, "error": self.state.error}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def translate_path(self, path: str) -> str:
        clean = path.split("?")[0].split("#")[0]
        if clean.startswith("/course/"):
            return super().translate_path(path)
        name = clean.strip("/") or "index.html"
        return str(PLAYER / name) if (PLAYER / name).is_file() else str(PLAYER / "missing")

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the terminal shows builds, not requests
        return


def serve(project: Project, locales: tuple[str, ...], port: int) -> None:
    """Build, serve until Ctrl-C, then stop the server and the watcher and remove the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="course-preview-") as folder:
        target = Path(folder) / "course"
        state = PreviewState()
        rebuild(project, locales, target, state)
        handler = partial(PreviewHandler, directory=folder)
        PreviewHandler.state = state
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        except OSError as error:
            raise UsageError(
                f"cannot serve on 127.0.0.1:{port} ({error.strerror}); choose another with --port"
            ) from None
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(project, locales, target, state, stop), daemon=True)
        watcher.start()
        # Ctrl-C (SIGINT) stops the preview even where it was started with SIGINT ignored, as a shell does for a
        # command it runs in the background.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print(f"previewing at http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C stops)", flush=True)
        try:
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            print("\nstopping the preview", flush=True)
        finally:
            stop.set()
            server.server_close()
            watcher.join(timeout=2)
            time.sleep(0)
