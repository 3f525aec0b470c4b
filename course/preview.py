"""`course preview`: build into a temporary folder and serve the course on 127.0.0.1 inside a page that plays the
LMS and shows the tracking data live, rebuilding when content, catalogs, templates or the runtime change.

Each build goes through every stage of `course build` (a course the build refuses is refused here too) and only
its write differs: one folder per standard instead of zips.

It serves the player's own files and the built course, nothing else: a request naming any other path (`..`,
encoded or not, a NUL byte, a link leading out) gets 404. A rebuild that fails, for any reason, is shown on the
page and in the terminal, and the next change is built again.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import tempfile
import threading
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from course.build import BuildRequest, PackageFiles, build
from course.errors import CourseError, UsageError
from course.model import Standard
from course.package import Package
from course.project import Project
from course.render import RUNTIME, TEMPLATES

PLAYER = Path(__file__).parent / "preview"
PLAYER_FILES = frozenset(path.name for path in PLAYER.iterdir() if path.is_file())
COURSE_FOLDER = "course"  # the built course, under the URL /course/
# The standards the player plays: it hands the course a SCORM API (scorm-again); cmi5 needs an LMS and an LRS.
PLAYED: tuple[Standard, ...] = ("scorm12", "scorm2004")
POLL_SECONDS = 0.5


@dataclass
class PreviewState:
    """What the page polls: a version that changes on every successful build, and the last build error."""

    version: int = 0
    error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)


Fingerprint = tuple[tuple[str, int], ...]


def fingerprint(project: Project, organisation: str | None = None) -> Fingerprint:
    """Every watched file (the organisation's profile folder too, when one is previewed) with its modification
    time. A file or folder removed while this looks is left out, and an unreadable folder skipped (os.walk ignores
    both), so that looking never fails."""
    found = []
    profile = () if organisation is None else (project.organisations / organisation,)
    for folder in (project.content, project.locales, TEMPLATES, RUNTIME, *profile):
        for parent, _, names in os.walk(folder):
            for name in names:
                with contextlib.suppress(OSError):
                    found.append((os.path.join(parent, name), os.stat(os.path.join(parent, name)).st_mtime_ns))
    return tuple(sorted(found))


def preview_request(
    project: Project, locales: tuple[str, ...], target: Path, organisation: str | None = None
) -> BuildRequest:
    """The build the preview serves: each standard the player plays, the given locales (default: all) in one
    package, the organisation's when one is given."""
    organisations = () if organisation is None else (organisation,)
    return BuildRequest(project, target, locales, PLAYED, one_package=True, organisations=organisations)


def swap_folders(target: Path, packages: Sequence[PackageFiles]) -> tuple[Package, ...]:
    """The preview's write stage: each package into a folder named by its standard, the whole set swapped into
    `target` at once, so the browser never sees half a build. It writes no zip."""
    fresh = target.with_name(target.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    for package in packages:
        for name, data in package.files.items():
            (fresh / package.standard / name).parent.mkdir(parents=True, exist_ok=True)
            (fresh / package.standard / name).write_bytes(data)
    old = target.with_name(target.name + ".old")
    if target.exists():
        target.rename(old)
    fresh.rename(target)
    shutil.rmtree(old, ignore_errors=True)
    return ()


def rebuild(request: BuildRequest, state: PreviewState) -> None:
    """Build once; any failure goes into the state (the page shows it) instead of ending the preview."""
    try:
        build(request, write=swap_folders)
    except CourseError as error:
        failure = str(error)
    except Exception as error:  # noqa: BLE001 (a bug: say so, show where in the terminal, keep the preview running)
        traceback.print_exc()
        failure = f"unexpected {type(error).__name__} (a bug in the tool; the terminal shows where): {error}"
    else:
        with state.lock:
            state.version += 1
            state.error = ""
            version = state.version
        print(f"built version {version}", flush=True)
        return
    with state.lock:
        state.error = failure
    print(f"error: {failure}", flush=True)


def watch(request: BuildRequest, state: PreviewState, stop: threading.Event, seen: Fingerprint) -> None:
    """Rebuild whenever a watched file differs from `seen`, the files as they were when the first build began: a
    change saved while that build ran, or before this thread was scheduled, is built too."""
    organisation = request.organisations[0] if request.organisations else None
    while not stop.wait(POLL_SECONDS):
        current = fingerprint(request.project, organisation)
        if current != seen:
            seen = current
            rebuild(request, state)


def served_file(request_path: str, root: Path) -> Path | None:
    """The file a request path names: one of the player's files, or a file of the built course under `root`
    (after resolving links); None for anything else, so that nothing outside these two can ever be sent."""
    path = unquote(request_path.split("?", 1)[0].split("#", 1)[0], errors="strict")
    parts = path.split("/")
    if parts[0] != "" or "\x00" in path or "\\" in path or any(part in (".", "..") for part in parts):
        return None
    if path == "/":
        return PLAYER / "index.html"
    if len(parts) == 2 and parts[1] in PLAYER_FILES:
        return PLAYER / parts[1]
    if len(parts) < 3 or parts[1] != COURSE_FOLDER or "" in parts[2:]:
        return None
    real = root.joinpath(*parts[2:]).resolve()
    return real if real.is_relative_to(root.resolve()) and real.is_file() else None


def handler_for(state: PreviewState, folder: Path) -> type[SimpleHTTPRequestHandler]:
    class PreviewHandler(SimpleHTTPRequestHandler):
        """Serves the player at /, the built course under /course/, and the build state at /__status."""

        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/__status":
                with state.lock:
                    body = json.dumps({"version": state.version, "error": state.error}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().do_GET()

        def translate_path(self, path: str) -> str:
            try:
                found = served_file(path, folder / COURSE_FOLDER)
            except (UnicodeDecodeError, ValueError, OSError):  # undecodable, or a name the system refuses
                found = None
            return str(found) if found else str(folder / "missing")  # a path never created there: 404

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")
            super().end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # noqa: ARG002 (quiet: the terminal shows builds)
            return

    return PreviewHandler


def serve(project: Project, locales: tuple[str, ...], port: int, organisation: str | None = None) -> None:
    """Build, serve until Ctrl-C (or SIGTERM, which the CLI turns into the same), then stop the server and the
    watcher and remove the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="course-preview-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        request = preview_request(project, locales, folder / COURSE_FOLDER, organisation)
        state = PreviewState()
        seen = fingerprint(project, organisation)
        rebuild(request, state)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(state, folder))
        except (OSError, OverflowError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not a port"
            raise UsageError(f"cannot serve on 127.0.0.1:{port} ({reason}); choose another with --port") from None
        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(request, state, stop, seen), daemon=True)
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
            watcher.join()  # a rebuild under way finishes first, so that the folder can be removed whole
