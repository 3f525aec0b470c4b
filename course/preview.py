"""`course preview`: build into a temporary folder and serve the course on 127.0.0.1 inside a page that plays the
LMS and shows the tracking data live, showing every saved change to content, catalogs, templates or the runtime.

Every change is built in full through every stage of `course build` (a course the build refuses is refused here
too), and only the write differs: one folder per standard instead of zips. A change to content files or to the
catalogs of the package's languages alone is shown sooner: `course.preview_live` renders the locales the page
shows, and the page, which waits for events (a long poll of /__events), puts the views that changed in place without
a reload; for anything else it reloads (with resume) once the full build is served.

It serves the player's own files and the built course, nothing else: a request naming any other path (`..`,
encoded or not, a NUL byte, a link leading out) gets 404. A rebuild that fails, for any reason, is shown on the
page and in the terminal, and the next change is built again.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from course.build import BuildRequest, PackageFiles, build
from course.errors import CourseError, UsageError
from course.model import Standard
from course.package import Package
from course.preview_live import Fingerprint, LiveCourse, ViewChanges, Watched, changed_files, fingerprint
from course.project import Project

PLAYER = Path(__file__).parent / "preview"
PLAYER_FILES = frozenset(path.name for path in PLAYER.iterdir() if path.is_file())
COURSE_FOLDER = "course"  # the built course, under the URL /course/
# The standards the player plays: it hands the course a SCORM API (scorm-again); cmi5 needs an LMS and an LRS.
PLAYED: tuple[Standard, ...] = ("scorm12", "scorm2004")
POLL_SECONDS = 0.02  # how often the files' times are looked at: a look costs well under a millisecond
WAIT_SECONDS = 5  # how long a page's wait for events is held open before it asks again (saying what it holds)
KEPT_EVENTS = 32
# The builder starts this long after a change: the page has had its live update, and saves in quick succession (an
# editor writing a file in steps, a `git checkout`) are built together.
SETTLE_SECONDS = 0.15


@dataclass
class PreviewState:
    """What the page waits for: a version that changes on every successful full build, the change (generation)
    that build read, the last error, and the events since the page last asked (the changed views of a saved content
    file, a build done, an error), each of which wakes every page waiting."""

    version: int = 0
    error: str = ""
    generation: int = 0  # the last change the watcher saw
    built: int = 0  # the change the last successful full build read
    shown: tuple[str, ...] = ()  # the locales the page last said it holds, the one it shows first
    events: list[dict[str, Any]] = field(default_factory=list)
    last: int = 0  # the id of the last event
    closed: bool = False
    changed: threading.Condition = field(default_factory=threading.Condition)

    def publish(self, kind: str, error: str = "", **fields: Any) -> None:
        with self.changed:
            self.error = error
            self.last += 1
            self.events = [*self.events[1 - KEPT_EVENTS :], {"id": self.last, "kind": kind, **fields}]
            self.changed.notify_all()

    def close(self) -> None:
        """Wake every page waiting, for the server to stop."""
        with self.changed:
            self.closed = True
            self.changed.notify_all()

    def since(self, after: int, seconds: float) -> dict[str, Any]:
        """The state and the events after `after` as soon as there is one (or `seconds` have passed); a negative
        `after` asks for the state alone, at once. A page more events behind than are kept is told it `lost` some."""
        with self.changed:
            self.changed.wait_for(lambda: self.closed or self.last > after or after < 0, seconds)
            events = [event for event in self.events if event["id"] > after] if after >= 0 else []
            lost = 0 <= after < self.last and events[0]["id"] != after + 1
            return {**self.status(), "events": events, "lost": lost}

    def status(self) -> dict[str, Any]:
        return {"version": self.version, "error": self.error, "built": self.built, "last": self.last}


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


def attempt(action: Callable[[], object], state: PreviewState) -> bool:
    """Run `action`; any failure goes into the state (the page shows it) instead of ending the preview."""
    try:
        action()
    except CourseError as error:
        failure = str(error)
    except Exception as error:  # noqa: BLE001 (a bug: say so, show where in the terminal, keep the preview running)
        traceback.print_exc()
        failure = f"unexpected {type(error).__name__} (a bug in the tool; the terminal shows where): {error}"
    else:
        return True
    state.publish("error", failure)
    print(f"error: {failure}", flush=True)
    return False


def rebuild(request: BuildRequest, state: PreviewState, generation: int = 0) -> bool:
    """Build once in full, the files as they were at change `generation`; tell the page when it is served."""
    if not attempt(partial(build, request, write=swap_folders), state):
        return False
    with state.changed:
        state.version += 1
        state.built = generation
        version = state.version
    state.publish("built", version=version, generation=generation)
    print(f"built version {version}", flush=True)
    return True


def hand_over(
    state: PreviewState, generation: int, seen: float, since: int, covered: list[str], changes: ViewChanges
) -> None:
    """The views a change to content files or catalogs changed, from the markup of change `since`, in the `covered`
    locales (a page holding another reloads), to every page waiting."""
    state.publish("views", since=since, generation=generation, covered=covered, locales=changes)
    views = sorted({view for found in changes.values() for view in found})
    took = (time.perf_counter() - seen) * 1000
    print(f"change {generation}, {took:.0f} ms after it was seen: {', '.join(views) or 'no view changed'}", flush=True)


def watch(
    request: BuildRequest,
    state: PreviewState,
    live: LiveCourse,
    stop: threading.Event,
    seen: Fingerprint,
    dirty: threading.Event,
) -> None:
    """Look for changes every POLL_SECONDS, from `seen`, the files as they were when the first build began (a change
    saved while that build ran is seen too). A change to content files or the package's catalogs alone goes to the page
    at once (`LiveCourse.update`); every change goes to the builder (`dirty`), which builds it in full."""
    watched = Watched(request)
    while not stop.wait(POLL_SECONDS):
        current = watched.look()
        if current == seen:
            live.settle()
            continue
        changed, seen = changed_files(seen, current), current
        with state.changed:
            state.generation += 1
            generation, shown = state.generation, state.shown
        show = partial(hand_over, state, generation, time.perf_counter())
        attempt(partial(live.update, changed, generation, shown, show), state)
        dirty.set()


def build_changes(
    request: BuildRequest,
    state: PreviewState,
    live: LiveCourse,
    stop: threading.Event,
    seen: Fingerprint,
    dirty: threading.Event,
) -> None:
    """Build in full whenever `dirty` is set (the changes saved meanwhile, and up to SETTLE_SECONDS after, together).
    After the first build, and after any the fast path could not follow, read afresh what the page now holds; if a
    file changed while that was read, read again after the next build."""
    built = state.version > 0
    while not stop.is_set():
        refreshed = built and not live.ready and attempt(partial(live.refresh, state.built), state)
        if refreshed and fingerprint(request) != seen:
            live.invalidate()
            dirty.set()
        dirty.wait()
        stop.wait(SETTLE_SECONDS)
        dirty.clear()
        if stop.is_set():
            return
        with state.changed:
            generation = state.generation
        seen = fingerprint(request)
        built = rebuild(request, state, generation)


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


def events_answer(state: PreviewState, query: str) -> dict[str, Any]:
    """/__events?after=<event id>&locales=<the page's locales, the shown one first>: what happened since."""
    asked = parse_qs(query)
    try:
        after = int(asked.get("after", ["-1"])[0])
    except ValueError:
        after = -1
    locales = tuple(code for code in asked.get("locales", [""])[0].split(",") if code)[:16]
    with state.changed:
        state.shown = locales or state.shown
    return state.since(after, WAIT_SECONDS)


def handler_for(state: PreviewState, folder: Path) -> type[SimpleHTTPRequestHandler]:
    class PreviewHandler(SimpleHTTPRequestHandler):
        """Serves the player at /, the built course under /course/, the build state at /__status and the events
        the page waits for at /__events."""

        def do_GET(self) -> None:
            address = urlsplit(self.path)
            if address.path in ("/__status", "/__events"):
                with state.changed:
                    answer = state.status()
                if address.path == "/__events":
                    answer = events_answer(state, address.query)
                body = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(ConnectionError):  # the page went away while it waited
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
    """Build, serve until Ctrl-C (or SIGTERM, which the CLI turns into the same), then stop the server, the watcher
    and the builder and remove the temporary folder."""
    with tempfile.TemporaryDirectory(prefix="course-preview-", ignore_cleanup_errors=True) as name:
        folder = Path(name)
        request = preview_request(project, locales, folder / COURSE_FOLDER, organisation)
        state = PreviewState()
        seen = fingerprint(request)
        rebuild(request, state)
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(state, folder))
        except (OSError, OverflowError) as error:
            reason = error.strerror if isinstance(error, OSError) else "not a port"
            raise UsageError(f"cannot serve on 127.0.0.1:{port} ({reason}); choose another with --port") from None
        stop, dirty, live = threading.Event(), threading.Event(), LiveCourse(request)
        threads = [
            threading.Thread(target=task, args=(request, state, live, stop, seen, dirty), daemon=True)
            for task in (watch, build_changes)
        ]
        for thread in threads:
            thread.start()
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
            dirty.set()
            state.close()
            server.server_close()
            for thread in threads:
                thread.join()  # a build under way finishes first, so that the folder can be removed whole
