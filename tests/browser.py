"""Browser-test harness: Debian Chromium via Playwright, a loopback file server, scorm-again as the LMS."""

from __future__ import annotations

import json
import os
import re
import shutil
import threading
import weakref
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal, NoReturn, TypedDict, Unpack, cast
from urllib.parse import urlencode

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Dialog, Frame, Page, sync_playwright

from course.model import Standard

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"  # beside the clone, locally and in CI
NODE_MODULES = REPO_ROOT / "node_modules"
SCORM_AGAIN_DIST = NODE_MODULES / "scorm-again" / "dist"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
LMS_DIR = Path(__file__).resolve().parent / "lms"
SCREENSHOT_DIR = REPO_ROOT / "build" / "screenshots"
DEFAULT_CHROMIUM = Path("/usr/bin/chromium")
REQUIRE_BROWSER_ENV = "COURSE_REQUIRE_BROWSER"

# We run as root with the network closed: no sandbox, no GPU, nothing that phones home.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
)
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
# How long a browser wait may take before the test fails; a passing test never waits this long. With one Chromium
# per core (make test runs pytest -n auto) a step can take seconds under load: a tighter limit fails working code.
DEFAULT_TIMEOUT_MS = 10_000

Profile = Literal["moodle"]


class LmsCall(TypedDict):
    """One call the course made on the LMS API, as tests/lms/calls.js records it."""

    i: int  # position in the log
    t: int  # milliseconds since the LMS page started
    method: str  # the name the course called: "LMSSetValue", "SetValue", ...
    op: str  # neutral name: initialize, terminate, get_value, set_value, commit, get_last_error, ...
    args: list[Any]
    state: str  # scorm-again's state before the call: "not_initialized", "running" or "terminated"
    result: str | None  # what the course got back
    error: str | None  # the LMS's last error code right after the call ("0" when fine)
    injected: bool  # the failure was injected on cue, scorm-again never saw the call
    refused: str | None  # why the LMS profile (profile="moodle") refused the call, as that LMS would
    removed: bool  # the API had been removed when the course called it
    threw: str | None  # the call threw (removed API) instead of returning


class LmsMessage(TypedDict):
    """One message scorm-again logged (WARN and up)."""

    t: int
    level: str  # "WARN" or "ERROR"
    message: str
    after_call: int  # index of the last call before the message, -1 before any call


class LmsCommit(TypedDict):
    """One commit that reached the LMS "server": scorm-again's flattened commit data."""

    i: int
    t: int
    terminate: bool
    beacon: bool  # profile="moodle": the final commit, delivered as Moodle's navigator.sendBeacon does
    trigger: str | None
    after_call: int
    data: dict[str, Any]


# --------------------------------------------------------------------------------------------------------
# Availability: skip locally when a part is missing, fail in CI (COURSE_REQUIRE_BROWSER=1).


def unavailable(reason: str) -> NoReturn:
    """Skip the test for this reason, or fail it when COURSE_REQUIRE_BROWSER=1 (as CI sets)."""
    if os.environ.get(REQUIRE_BROWSER_ENV) == "1":
        pytest.fail(f"{reason} ({REQUIRE_BROWSER_ENV}=1, so this fails instead of skipping)", pytrace=False)
    pytest.skip(reason)


def find_chromium() -> Path | None:
    """Return Chromium: $COURSE_CHROMIUM, else `chromium` on PATH, else /usr/bin/chromium; None if absent."""
    override = os.environ.get("COURSE_CHROMIUM")
    candidates = [override] if override else [shutil.which("chromium"), str(DEFAULT_CHROMIUM)]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK) and Path(candidate).is_file():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """The Chromium executable; skips (or fails under COURSE_REQUIRE_BROWSER=1) when it is missing."""
    path = find_chromium()
    if path is None:
        where = os.environ.get("COURSE_CHROMIUM") or DEFAULT_CHROMIUM
        unavailable(f"Chromium not found at {where}; install Debian's chromium (apt-get install -y chromium)")
    return path


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The npm test tools (scorm-again, axe-core); skips (or fails in CI) when `npm ci` has not run."""
    needed = (SCORM_AGAIN_DIST / "scorm12.js", SCORM_AGAIN_DIST / "scorm2004.js", AXE_JS)
    missing = [p for p in needed if not p.is_file()]
    if missing:
        unavailable(f"{missing[0]} is missing; run `npm ci` in {REPO_ROOT}")
    return NODE_MODULES


# --------------------------------------------------------------------------------------------------------
# Browser, context, page.


@pytest.fixture(scope="session")
def browser(chromium_path: Path) -> Iterator[Browser]:
    """One headless Chromium for the whole test session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path), args=list(CHROMIUM_ARGS), headless=True
        )
        yield chromium
        chromium.close()


@dataclass
class PageRecord:
    """What a page did that a test may want to assert on: console, uncaught errors, dialogs, requests."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    errors: list[str] = field(default_factory=list)  # uncaught exceptions, any frame of the page
    dialogs: list[tuple[str, str]] = field(default_factory=list)  # (type, message)
    requests: list[str] = field(default_factory=list)
    accept_dialogs: bool = False


_records: weakref.WeakKeyDictionary[Page, PageRecord] = weakref.WeakKeyDictionary()


def _watch(page: Page) -> PageRecord:
    record = _records.get(page)
    if record is not None:
        return record
    record = _records[page] = PageRecord()

    def on_dialog(dialog: Dialog) -> None:
        record.dialogs.append((dialog.type, dialog.message))
        if record.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    def on_console(message: ConsoleMessage) -> None:
        record.console.append((message.type, message.text))

    page.on("console", on_console)
    page.on("pageerror", lambda error: record.errors.append(f"{error.name}: {error.message}"))
    page.on("dialog", on_dialog)
    page.on("request", lambda request: record.requests.append(request.url))
    return record


def _watch_new_page(page: Page) -> None:
    _watch(page)


def page_record(page: Page) -> PageRecord:
    """Console messages, uncaught errors, dialogs and requests of this page (a popup has its own record)."""
    return _watch(page)


def answer_dialogs(page: Page, accept: bool) -> None:
    """Accept (True) or dismiss (False, the default) every later alert/confirm/prompt on this page."""
    _watch(page).accept_dialogs = accept


def offsite_requests(page: Page) -> list[str]:
    """Requests that left loopback (should always be empty: the course loads nothing from outside)."""
    allowed = re.compile(r"^(https?://127\.0\.0\.1[:/]|data:|blob:|about:)")
    return [url for url in _watch(page).requests if not allowed.match(url)]


@pytest.fixture
def context(browser: Browser, request: pytest.FixtureRequest) -> Iterator[BrowserContext]:
    """A fresh browser context per test; `@pytest.mark.browser_context(locale="fi-FI", ...)` sets options."""
    options: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}, "locale": "en-US"}
    marker = request.node.get_closest_marker("browser_context")
    if marker is not None:
        options.update(marker.kwargs)
    ctx = browser.new_context(**options)
    ctx.set_default_timeout(DEFAULT_TIMEOUT_MS)
    ctx.on("page", _watch_new_page)  # popups too
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    """A new page in the test's context, watched by page_record()."""
    new_page = context.new_page()
    _watch(new_page)
    return new_page


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser_context(**options): options for Browser.new_context (locale, viewport, ...)"
    )


# --------------------------------------------------------------------------------------------------------
# A static file server on loopback.


class _Handler(SimpleHTTPRequestHandler):
    """Serves files quietly, with exact MIME types and no caching, and logs each request on the server."""

    extensions_map = {  # noqa: RUF012 - typeshed declares it an instance attribute, so no ClassVar
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
        ".xsd": "application/xml",
    }

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:  # noqa: ARG002 - http.server's signature
        if isinstance(self.server, _LoggingServer):
            self.server.request_log.append((self.command, self.path, int(code) if str(code).isdigit() else 0))

    def log_message(self, format: str, *args: Any) -> None:
        pass


class _LoggingServer(ThreadingHTTPServer):
    request_log: list[tuple[str, str, int]]  # (method, path, status) of every request


@dataclass
class StaticServer:
    """A running loopback server: `root` is the folder it serves, `url` its origin."""

    root: Path
    url: str
    request_log: list[tuple[str, str, int]]  # (method, path, status) of every request

    def url_for(self, path: str) -> str:
        """The absolute URL of a path under root."""
        return f"{self.url}/{path.lstrip('/')}"

    def not_found(self) -> list[str]:
        """Paths that were requested but are not there (a missing file the course refers to).

        /favicon.ico is left out: Chromium asks every top-level page for it, and a course needs none.
        """
        return [path for _, path, status in self.request_log if status == 404 and path != "/favicon.ico"]


def serve(root: Path) -> tuple[StaticServer, ThreadingHTTPServer, threading.Thread]:
    """Start a ThreadingHTTPServer on 127.0.0.1 (a free port) serving root, in a daemon thread."""
    httpd = _LoggingServer(("127.0.0.1", 0), partial(_Handler, directory=str(root)))
    httpd.daemon_threads = True
    log: list[tuple[str, str, int]] = []
    httpd.request_log = log
    # A short poll interval: shutdown() waits for the loop to notice, 0.5 s by default.
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, name=f"serve-{root.name}", daemon=True
    )
    thread.start()
    host, port = httpd.server_address[:2]
    return StaticServer(root=root, url=f"http://{host!s}:{port}", request_log=log), httpd, thread


@pytest.fixture
def static_server(tmp_path: Path) -> Iterator[StaticServer]:
    """A loopback file server over an empty temporary folder, stopped at teardown."""
    root = tmp_path / "www"
    root.mkdir()
    server, httpd, thread = serve(root)
    try:
        yield server
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


def _link_or_copy(source: Path, target: Path) -> None:
    try:
        target.symlink_to(source, target_is_directory=True)
    except OSError:  # no symlinks here (some CI file systems): copy instead
        shutil.copytree(source, target)


@pytest.fixture
def lms_server(static_server: StaticServer, node_modules: Path) -> StaticServer:  # noqa: ARG001 - see below
    """The static server plus the test LMS (lms/) and scorm-again (scorm-again/); a course goes in course/.

    The node_modules fixture is asked for by name (pytest's protocol) only for its skip, or failure in CI, when
    `npm ci` has not run."""
    _link_or_copy(LMS_DIR, static_server.root / "lms")
    _link_or_copy(SCORM_AGAIN_DIST, static_server.root / "scorm-again")
    return static_server


# --------------------------------------------------------------------------------------------------------
# Packages and the LMS.


MINI_SCO = REPO_ROOT / "tests" / "fixtures" / "mini-sco"  # a small SCO of our own: the same on every machine


def install_mini_sco(server: StaticServer) -> None:
    """Put the mini SCO where the test LMS launches a course from (server.root/course)."""
    shutil.copytree(MINI_SCO, server.root / "course")


def unzip(zip_path: Path, dest: Path) -> Path:
    """Extract a SCORM zip into dest (created if needed) and return dest."""
    dest.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path) as archive:
        for name in archive.namelist():  # zipfile drops "..", but say so loudly if a package tries
            if name.startswith("/") or ".." in Path(name).parts:
                raise ValueError(f"{zip_path}: entry {name!r} points outside the package")
        archive.extractall(dest)
    return dest


def launch_href(course_dir: Path) -> str:
    """The launch file of the first SCO in course_dir/imsmanifest.xml (default organization) or index.html."""
    manifest = course_dir / "imsmanifest.xml"
    if not manifest.is_file():
        return "index.html"
    root = ET.parse(manifest).getroot()
    organizations = root.find("{*}organizations")
    orgs = organizations.findall("{*}organization") if organizations is not None else []
    default = organizations.get("default") if organizations is not None else None
    org = next((o for o in orgs if o.get("identifier") == default), orgs[0] if orgs else None)
    resources = {r.get("identifier"): r for r in root.findall(".//{*}resource")}
    items = org.findall(".//{*}item") if org is not None else []
    for item in items:
        resource = resources.get(item.get("identifierref"))
        if resource is not None and resource.get("href"):
            return str(resource.get("href")) + (item.get("parameters") or "")
    raise ValueError(f"{manifest}: no item points at a resource with an href")


class LmsOptions(TypedDict, total=False):
    """How the test LMS launches the course, beyond its standard: the options of lms_url and open_in_lms."""

    initial: Mapping[str, Any] | None  # CMI data the LMS hands to the course (flattened "cmi.x.y" keys)
    failures: Mapping[str, Any] | None  # failures to inject on cue (see tests/lms/lms.js)
    course: str  # the folder under server.root that holds the course; "course" when not given
    launch: str | None  # the launch file, relative to that folder; the manifest's when not given
    popup: bool  # open the course with window.open instead of in an iframe
    settings: Mapping[str, Any] | None  # scorm-again settings
    profile: Profile | None  # behave as that LMS does (see open_in_lms)


def lms_url(server: StaticServer, standard: Standard = "scorm12", **options: Unpack[LmsOptions]) -> str:
    """The URL of the test LMS page for these options (see open_in_lms)."""
    course = options.get("course", "course")
    launch = options.get("launch")
    href = launch if launch is not None else launch_href(server.root / course)
    window = "popup" if options.get("popup") else "iframe"
    query = {"standard": standard, "launch": f"../{course}/{href}", "window": window}
    for name in ("initial", "failures", "settings"):
        value = options.get(name)
        if value:
            query[name] = json.dumps(value, separators=(",", ":"))
    profile = options.get("profile")
    if profile is not None:
        query["profile"] = profile
        query["manifest"] = f"../{course}/imsmanifest.xml"  # the package root, wherever the launch file is
    return server.url_for("lms/lms.html") + "?" + urlencode(query)


def open_in_lms(
    page: Page, server: StaticServer, standard: Standard = "scorm12", **options: Unpack[LmsOptions]
) -> Frame:
    """Open the test LMS on page and launch server.root/course in it; return the course's frame once loaded.

    The options are LmsOptions: `initial` may be relaunch_data() of an earlier launch; with popup=True the
    returned frame is the popup's main frame, and the LMS stays on page.

    profile="moodle": the LMS behaves as Moodle 4.5 does in ../shared/LMS-QUIRKS.md (details in the header
    of tests/lms/moodle.js). It reads server.root/course/imsmanifest.xml before the launch (a missing manifest
    fails the launch) and, for the item that launches the course, hands the SCO cmi.scaled_passing_score
    (2004: the last objective's minNormalizedMeasure, 1 where an objective has none) or
    cmi.student_data.mastery_score (1.2: adlcp:masteryscore). In 2004 it refuses, with 406, a
    learner_response or correct_responses pattern of a choice/sequencing/matching/likert interaction with
    a token other than ASCII letters, digits, "_" and ".". A Commit made while the course's page is being
    dismissed (beforeunload, pagehide, unload) fails as a synchronous XHR does there: "false", 101 (1.2)
    or 391 (2004), nothing stored; the final commit of Terminate/LMSFinish is stored, with beacon=True.
    The learner is "Åsa Öberg-Lindqvist", with no preferred language. Each refusal sets the call's
    LmsCall["refused"] (the reason) and logs an ERROR "moodle profile: ..." (so lms_errors() shows it).
    `initial` overrides any value the profile sets.
    """
    url = lms_url(server, standard, **options)
    if options.get("popup"):
        with page.expect_popup() as popup_info:
            page.goto(url)
            _wait_for_launch(page)
        course_page = popup_info.value
        _watch(course_page)
        course_page.wait_for_load_state("load")
        return course_page.main_frame
    page.goto(url)
    _wait_for_launch(page)
    # Through the element, not page.frame(name=...): with profile="moodle" the frame is added after the LMS
    # page's load event (the manifest comes first), and Playwright may not have heard of it yet.
    frame = page.locator("iframe#course").element_handle().content_frame()
    if frame is None:
        raise RuntimeError("the test LMS launched but has no course frame")
    frame.wait_for_load_state("load")
    return frame


def _wait_for_launch(page: Page) -> None:
    page.wait_for_function("() => window.lms && (window.lms.launched || window.lms.error)")
    error = page.evaluate("() => window.lms.error")
    if error:
        raise RuntimeError(f"the test LMS failed to start: {error}")


def close_course(page: Page) -> None:
    """Take the course away as an LMS does when the learner leaves: unload the course frame / close the popup.

    The iframe is navigated to about:blank, so the course gets beforeunload, pagehide and unload (removing
    the iframe would skip beforeunload, which some SCOs, like Rustici's golf sample, rely on). A popup is
    closed with beforeunload. The LMS page and its log stay for assertions.
    """
    popup = page.evaluate(
        """() => {
            const frame = document.getElementById('course');
            if (frame) { frame.src = 'about:blank'; return false; }
            return true;
        }"""
    )
    if popup:
        for other in page.context.pages:
            if other is not page and other.opener() == page:
                other.close(run_before_unload=True)


def remove_api(page: Page) -> None:
    """Remove the API from the LMS window now (a course holding a reference then gets exceptions)."""
    page.evaluate("() => window.lms.removeApi()")


def lms_log(page: Page, op: str | None = None) -> list[LmsCall]:
    """Every API call the course made (optionally only one op: "set_value", "commit", ...), in order."""
    calls = cast(list[LmsCall], page.evaluate("() => window.lms.calls"))
    return [c for c in calls if op is None or c["op"] == op]


def lms_messages(page: Page, level: str | None = None) -> list[LmsMessage]:
    """scorm-again's own log messages (WARN and ERROR), optionally only one level."""
    messages = cast(list[LmsMessage], page.evaluate("() => window.lms.messages"))
    return [m for m in messages if level is None or m["level"] == level]


def lms_errors(page: Page) -> list[LmsMessage]:
    """The errors scorm-again logged: a correct course causes none."""
    return lms_messages(page, "ERROR")


def lms_events(page: Page) -> list[dict[str, Any]]:
    """What scorm-again's own listeners (api.on) saw: Initialize/Commit/Terminate and every SetValue."""
    return cast(list[dict[str, Any]], page.evaluate("() => window.lms.events"))


def lms_commits(page: Page) -> list[LmsCommit]:
    """Every commit that reached the LMS server side (flattened CMI), the last one being what it stored."""
    return cast(list[LmsCommit], page.evaluate("() => window.lms.commits"))


def lms_cmi(page: Page) -> dict[str, Any]:
    """The live CMI data model in scorm-again, flattened ("cmi.core.lesson_status": "incomplete", ...)."""
    return cast(dict[str, Any], page.evaluate("() => window.lms.cmi()"))


def relaunch_data(page: Page) -> dict[str, str]:
    """What the LMS stored and hands to the next launch: pass it as open_in_lms(..., initial=...).

    It is the launch data overlaid with the last successful commit, minus session-only elements, with
    entry "resume" after exit "suspend"; otherwise entry "" (1.2) or a new attempt, "ab-initio" (2004).
    """
    return cast(dict[str, str], page.evaluate("() => window.lms.relaunchData()"))


def wait_for_call(page: Page, op: str, element: str | None = None, count: int = 1) -> None:
    """Wait until the course has made `count` calls of op (on element, for get/set_value)."""
    page.wait_for_function(
        """([op, element, count]) => window.lms && window.lms.calls.filter(
               c => c.op === op && (element === null || c.args[0] === element)).length >= count""",
        arg=[op, element, count],
    )


def describe_calls(calls: Sequence[LmsCall]) -> str:
    """The call log as readable lines, for assertion messages."""
    lines = []
    for c in calls:
        args = ", ".join(repr(a) for a in c["args"])
        outcome = f"threw {c['threw']!r}" if c["threw"] else f"-> {c['result']!r} [error {c['error']}]"
        flags = " (injected)" if c["injected"] else " (API removed)" if c["removed"] else ""
        if c.get("refused"):
            flags += f" (refused: {c.get('refused')})"
        lines.append(f"#{c['i']} {c['method']}({args}) {outcome}{flags}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------------------
# Accessibility and screenshots.


def _inject_axe(frame: Frame, source: str) -> None:
    # Evaluated over the DevTools protocol, which a page's Content-Security-Policy does not govern;
    # add_script_tag would insert an inline <script> that a CSP without 'unsafe-inline' blocks.
    if not frame.evaluate("() => typeof window.axe === 'object'"):
        frame.evaluate(source)
    for child in frame.child_frames:
        _inject_axe(child, source)


def run_axe(frame: Frame, tags: Sequence[str] = WCAG_TAGS) -> list[dict[str, Any]]:
    """Run axe-core in frame (and its child frames) for these rule tags; return the violations."""
    if not AXE_JS.is_file():
        unavailable(f"{AXE_JS} is missing; run `npm ci` in {REPO_ROOT}")
    _inject_axe(frame, AXE_JS.read_text(encoding="utf-8"))
    return cast(
        list[dict[str, Any]],
        frame.evaluate(
            """async (tags) => {
                const result = await window.axe.run(document, {
                    runOnly: {type: 'tag', values: tags}, resultTypes: ['violations'],
                });
                return result.violations.map(v => ({
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                    nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary})),
                }));
            }""",
            list(tags),
        ),
    )


def describe_axe(violations: Sequence[Mapping[str, Any]]) -> str:
    """axe violations as readable lines, for assertion messages."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    {node['target']}: {node['html'][:120]}" for node in v["nodes"])
    return "\n".join(lines)


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as build/screenshots/<name>.png and return its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", name).strip("-") or "screenshot"
    path = SCREENSHOT_DIR / f"{safe}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
