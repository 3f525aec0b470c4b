"""A hostile or buggy LMS, a tampered package and a shared computer, with the real packages in Chromium and scorm-again
as the LMS: no language code from anywhere loads a script the build did not list, a language script whose bytes
changed never runs, a browser record is never another package's or another person's, and no LMS answer makes the
course walk, index or show what it could not have written."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Frame, Page

from course.model import Standard
from tests.browser import StaticServer, open_in_lms, page_record, serve, unzip
from tests.course_driver import LOCALES, NAMES, config, goto, read_all_lessons, root, take_assessment
from tests.hostile import HOSTILE_LOCALES, resealed
from tests.packages import SCORM_STANDARDS

EVIL = "window.evilRan = (window.evilRan || []).concat(document.currentScript && document.currentScript.src);\n"
# The files a learner's browser may ask for in a package: the page, its runtime, the listed language frames and each
# language's other views with what they need of the config (views/course.js).
SHIPPED = {
    "index.html",
    "runtime/course.js",
    "runtime/course.css",
    *(f"locales/{code}.js" for code in LOCALES[1:]),
    *(f"views/{code}.js" for code in (*LOCALES, "course")),
}
# A language preference a BCP 47 reader rightly takes for Finnish; every other hostile code names no shipped language.
FINNISH = {"FI", " fi", "fi ", "fi\n", "fi\r\nX"}
# A count that would have the course walk millions of entries, and one parseInt reads as Infinity (a walk for ever).
BAD_COUNT = {"scorm12": "9" * 400, "scorm2004": "5000000"}  # tests/js/hostile.test.js tries every one in both

# Relaunch the course frame on a fresh scorm-again API that answers `answers` for some elements (a hostile LMS); every
# GetValue and SetValue is kept in window.hostile. The test LMS's own page, with scorm-again loaded, stays.
RELAUNCH = """async ([standard, href, answers]) => {
    const is12 = standard === 'scorm12';
    const api = new (is12 ? window.Scorm12API : window.Scorm2004API)({ autocommit: false, logLevel: 5 });
    const [get, set] = is12 ? ['LMSGetValue', 'LMSSetValue'] : ['GetValue', 'SetValue'];
    const log = window.hostile = { reads: [], writes: [] };
    const realGet = api[get].bind(api);
    const realSet = api[set].bind(api);
    api[get] = (name) => {
        const value = realGet(name);
        log.reads.push(name);
        return Object.prototype.hasOwnProperty.call(answers, name) ? answers[name] : value;
    };
    api[set] = (name, value) => {
        const result = realSet(name, value);
        log.writes.push([name, String(value), String(result)]);
        return result;
    };
    window.evilRan = undefined;
    window[is12 ? 'API' : 'API_1484_11'] = api;
    const frame = document.getElementById('course');
    await new Promise((resolve) => { frame.onload = resolve; frame.src = href; });
}"""
BOOTED = "() => { const p = window.CourseRuntime && CourseRuntime.app.page; return !!(p && p.ui.view); }"


@dataclass
class Site:
    """The loopback server with the test LMS and each standard's package, evil.js inside, in /<standard>/."""

    server: StaticServer
    root: Path


@pytest.fixture(scope="module")
def site(course_zips: dict[str, Path], node_modules: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("hostile-site")
    (folder / "lms").symlink_to(Path(__file__).parent / "lms", target_is_directory=True)
    (folder / "scorm-again").symlink_to(node_modules / "scorm-again" / "dist", target_is_directory=True)
    for standard in SCORM_STANDARDS:
        package = unzip(course_zips[standard], folder / standard)
        (package / "assets" / "files").mkdir(parents=True, exist_ok=True)
        (package / "assets" / "files" / "evil.js").write_text(EVIL, encoding="utf-8")
        tampered = folder / f"{standard}-tampered"
        shutil.copytree(package, tampered)
        fi = tampered / "locales" / "fi.js"
        fi.write_bytes(EVIL.encode() + fi.read_bytes())
    server, httpd, thread = serve(folder)
    try:
        yield Site(server, folder)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


class Lms:
    """One LMS page per standard with scorm-again loaded; each launch reloads only the course frame."""

    def __init__(self, page: Page, site: Site, standard: Standard) -> None:
        self.page, self.site, self.standard = page, site, standard
        self.frame: Frame = open_in_lms(page, site.server, standard, course=standard)
        self.seen = 0
        self.package: str = standard  # the folder served: the standard's, or a tampered copy

    def launch(self, answers: dict[str, str], package: str | None = None) -> Frame:
        self.seen = len(self.site.server.request_log)
        self.package = package or self.standard
        self.page.evaluate(RELAUNCH, [self.standard, f"../{self.package}/index.html", answers])
        self.frame.wait_for_function(BOOTED)
        return self.frame

    def requested(self) -> list[str]:
        """The package files the course asked for since the last launch."""
        prefix = f"/{self.package}/"
        paths = [path.split("?")[0] for _, path, _ in self.site.server.request_log[self.seen :]]
        return [path.removeprefix(prefix) for path in paths if path != "/favicon.ico"]

    def log(self) -> dict[str, list[Any]]:
        value: dict[str, list[Any]] = self.page.evaluate("() => window.hostile")
        return value

    def assert_nothing_evil(self) -> None:
        assert self.frame.evaluate("() => window.evilRan") is None, "a script outside the build's list ran"
        assert self.page.evaluate("() => window.evilRan") is None
        assert set(self.requested()) <= SHIPPED, self.requested()
        assert page_record(self.page).errors == []


@pytest.fixture(scope="module", params=SCORM_STANDARDS)
def lms(request: pytest.FixtureRequest, browser: Browser, site: Site) -> Iterator[Lms]:
    # de-DE: the browser's language is not shipped, so a refused code leaves the launch page's language.
    context = browser.new_context(locale="de-DE")
    context.set_default_timeout(10_000)
    try:
        yield Lms(context.new_page(), site, request.param)
    finally:
        context.close()


def shown(frame: Frame) -> str:
    return str(frame.evaluate("() => CourseRuntime.app.page.ui.locale + ' ' + document.documentElement.lang"))


def record(frame: Frame, state: dict[str, Any]) -> str:
    """Suspend data the course itself would write for this state."""
    return str(
        frame.evaluate(
            "s => CourseRuntime.suspend.encode(s, CourseRuntime.app.shapeOf(JSON.parse("
            "document.getElementById('course-config').textContent)))",
            state,
        )
    )


def resume(standard: str, suspend: str, **more: str) -> dict[str, str]:
    """What an LMS answers on the relaunch of a started attempt with this suspend data."""
    names = NAMES[standard]
    entry = "cmi.core.entry" if standard == "scorm12" else "cmi.entry"
    return {entry: "resume", names["status"]: "incomplete", "cmi.suspend_data": suspend, **more}


# ------------------------------------------------------------------------------------------------------------
# Class 1: language scripts.


@pytest.mark.parametrize("code", [*HOSTILE_LOCALES, "fi"], ids=repr)
def test_a_language_preference_from_the_lms_loads_only_a_listed_script(lms: Lms, code: str) -> None:
    frame = lms.launch({NAMES[lms.standard]["language"]: code})
    expected = "fi" if code in FINNISH or code == "fi" else "sv"
    assert shown(frame) == f"{expected} {expected}"
    lms.assert_nothing_evil()


@pytest.mark.parametrize("code", HOSTILE_LOCALES, ids=repr)
def test_a_language_in_suspend_data_loads_only_a_listed_script(lms: Lms, code: str) -> None:
    lesson = config(lms.frame)["lessons"][1]
    fields = record(lms.frame, {"view": f"lesson/{lesson}", "seen": [lesson], "locale": "fi"}).split("~")
    fields[9] = code
    frame = lms.launch(resume(lms.standard, resealed("~".join(fields))))
    assert shown(frame) == "sv sv"
    lms.assert_nothing_evil()


def test_a_language_script_whose_bytes_changed_never_runs(lms: Lms) -> None:
    """Over http(s) the browser checks each language script against the hash the build listed in the page."""
    frame = lms.launch({NAMES[lms.standard]["language"]: "fi"}, package=f"{lms.standard}-tampered")
    assert shown(frame) == "sv sv", "the launch page's language, since Finnish could not be loaded"
    root(frame).locator("button[data-switch-locale=fi]").click()
    frame.wait_for_function(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind === 'languageFailed'"
    )
    root(frame).locator("button[data-switch-locale=en]").click()
    frame.wait_for_function("() => document.documentElement.lang === 'en'")
    assert frame.evaluate("() => window.evilRan") is None
    assert "locales/fi.js" in lms.requested()
    assert page_record(lms.page).errors == []


@pytest.mark.browser_context(locale="fi-FI")
def test_from_disk_languages_load_without_a_hash_and_a_script_handing_over_another_language_is_refused(
    page: Page, course_zips: dict[str, Path], tmp_path: Path
) -> None:
    """Chromium refuses every integrity check from file:// (it needs CORS), so there the build's list alone holds."""
    folder = unzip(course_zips["scorm12"], tmp_path / "disk")
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function(BOOTED)
    assert shown(page.main_frame) == "fi fi"
    english = (folder / "locales" / "en.js").read_text(encoding="utf-8")
    as_finnish = english.replace('CourseRuntime.locales.add("en",', 'CourseRuntime.locales.add("fi",', 1)
    (folder / "locales" / "fi.js").write_text(english + as_finnish, encoding="utf-8")  # English, as "en" and as "fi"
    page.reload()
    page.wait_for_function(BOOTED)
    assert shown(page.main_frame) == "sv sv"
    assert page.evaluate("() => document.querySelectorAll('.locale[data-locale=en]').length") == 0
    assert any("locales/fi.js handed over no page for it" in text for _, text in page_record(page).console)


# ------------------------------------------------------------------------------------------------------------
# Class 11: browser storage.


def stored(page: Page) -> dict[str, str]:
    value: dict[str, str] = page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)]))"
    )
    return value


def open_without_lms(page: Page, site: Site, package: str) -> dict[str, Any]:
    page.goto(site.server.url_for(f"{package}/index.html"))
    page.wait_for_function(BOOTED)
    state: dict[str, Any] = page.evaluate("() => CourseRuntime.app.page.tracker.state()")
    return state


def read_lessons(frame: Frame, count: int) -> None:
    for lesson in config(frame)["lessons"][:count]:
        goto(frame, f"lesson/{lesson}")
    frame.wait_for_function("n => CourseRuntime.app.page.tracker.state().commits > n", arg=count)


def test_two_packages_of_one_course_id_keep_a_record_each(page: Page, site: Site) -> None:
    first = open_without_lms(page, site, "scorm12")
    assert first["mode"] == "local"
    read_lessons(page.main_frame, 2)
    assert len(stored(page)) == 1
    second = open_without_lms(page, site, "scorm2004")
    assert [second["mode"], second["resumed"], second["seen"]] == ["local", False, []], "a package starts fresh"
    read_lessons(page.main_frame, 1)
    again = open_without_lms(page, site, "scorm12")
    assert again["resumed"], "and the first resumes its own record"
    assert len(again["seen"]) == 2, "with what it had seen"
    keys = sorted(stored(page))
    assert len(keys) == 2
    assert keys[0].split(":")[1] == keys[1].split(":")[1] == config(page.main_frame)["id"]


def test_an_lms_whose_initialize_fails_never_resumes_nor_overwrites_someone_elses_record(
    page: Page, site: Site
) -> None:
    open_without_lms(page, site, "scorm12")  # an earlier learner, on this computer, without the LMS
    read_lessons(page.main_frame, 3)
    earlier = stored(page)
    frame = open_in_lms(page, site.server, "scorm12", failures={"initialize": {"code": 101}}, course="scorm12")
    frame.wait_for_function(BOOTED)
    state = frame.evaluate("() => CourseRuntime.app.page.tracker.state()")
    assert [state["mode"], state["resumed"], state["seen"]] == ["memory", False, []]
    assert frame.evaluate("() => CourseRuntime.app.page.ui.view") == "start"
    assert root(frame).locator("[data-slot=notice]").get_attribute("data-kind") == "lmsFailed"
    read_lessons(frame, 1)
    frame.evaluate("() => CourseRuntime.app.page.tracker.terminate()")
    assert frame.evaluate("() => JSON.stringify(Object.entries(localStorage))") == json.dumps(
        list(earlier.items()), separators=(",", ":"), ensure_ascii=False
    )
    assert page_record(page).errors == []


# ------------------------------------------------------------------------------------------------------------
# Class 12: LMS answers.


def test_a_nonsense_count_makes_no_walk_and_the_journey_lands_from_index_0(lms: Lms) -> None:
    bad = BAD_COUNT[lms.standard]
    frame = lms.launch({"cmi.objectives._count": bad, "cmi.interactions._count": bad})
    read_all_lessons(frame)
    take_assessment(frame, right_answers=8)
    frame.evaluate("() => CourseRuntime.app.page.tracker.flush()")
    log = lms.log()
    assert [name for name in log["reads"] if name.startswith("cmi.objectives.")] == ["cmi.objectives._count"]
    ids = [(name, result) for name, _, result in log["writes"] if re.fullmatch(r"cmi\.\w+\.\d+\.id", name)]
    objectives, questions = len(config(frame)["objectives"]), len(config(frame)["assessment"])
    assert [name for name, _ in ids] == [
        *(f"cmi.objectives.{n}.id" for n in range(objectives)),
        *(f"cmi.interactions.{n}.id" for n in range(questions)),
    ]
    assert all(result == "true" for _, result in ids), ids
    assert len(log["reads"]) < 60
    lms.assert_nothing_evil()


def test_a_learner_name_with_markup_shows_as_text_and_a_script_bookmark_leads_nowhere(lms: Lms) -> None:
    data = config(lms.frame)
    finished = record(lms.frame, {"view": "summary", "seen": data["lessons"], "attempt": 1, "best": 100, "last": 100})
    name = '<img src=x onerror="window.evilRan=1">Åsa, <b>Berg</b>'
    names = NAMES[lms.standard]
    answers = resume(lms.standard, finished, **{names["location"]: "javascript:window.evilRan=2"})
    answers.update(
        {names["status"]: "passed" if lms.standard == "scorm12" else "completed", "cmi.success_status": "passed"}
    )
    answers["cmi.core.student_name" if lms.standard == "scorm12" else "cmi.learner_name"] = name
    frame = lms.launch(answers)
    assert frame.evaluate("() => CourseRuntime.app.page.ui.view") == "summary"
    certificate = root(frame).locator("[data-slot=certificate]")
    assert '<b>Berg</b> <img src=x onerror="window.evilRan=1">Åsa' in certificate.inner_text()
    assert certificate.locator("*").count() == 0
    lms.assert_nothing_evil()
