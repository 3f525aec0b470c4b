"""Failing parts on the learner's side: an LMS that fails on cue (scorm-again wrapped by tests/lms/lms.js), broken
suspend data, and hostile translations. The learner never sees a script error and never loses committed progress."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from course.build import BuildRequest, build
from course.catalogs import po_path
from course.model import Standard
from course.project import Project
from tests.browser import (
    StaticServer,
    close_course,
    lms_cmi,
    lms_errors,
    lms_log,
    page_record,
    relaunch_data,
    remove_api,
    unzip,
    wait_for_call,
)
from tests.course_driver import (
    config,
    current_view,
    goto,
    launch,
    read_all_lessons,
    results_handed_in,
    root,
    seen_lessons,
    strings,
    take_assessment,
)
from tests.hostile import suspend_checksum
from tests.projects import translated_project

LOCATION = {"scorm12": "cmi.core.lesson_location", "scorm2004": "cmi.location"}


def notice_kind(frame: Frame) -> str:
    """Which message the page's notice shows (its strings key), or ""."""
    kind: str = frame.evaluate(
        "() => document.querySelector('.locale:not([hidden]) [data-slot=notice]').dataset.kind || ''"
    )
    return kind


def test_initialize_fails_the_course_runs_without_tracking_and_says_so_calmly(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(
        page, course_server, standard, failures={"initialize": {"code": 101 if standard == "scorm12" else 102}}
    )
    lesson = config(frame)["lessons"][1]
    goto(frame, f"lesson/{lesson}")
    notice = root(frame).locator("[data-slot=notice]")
    assert notice.inner_text() == strings(frame)["lmsFailed"]
    assert notice_kind(frame) == "lmsFailed"
    assert [call["op"] for call in lms_log(page) if call["op"] in ("set_value", "commit")] == []
    assert page_record(page).errors == []


def test_setvalue_returns_false_the_course_logs_the_code_keeps_going_and_retries_what_it_needs(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    element = LOCATION[standard]
    frame = launch(page, course_server, standard, failures={"set_value": [{"elements": [element], "times": 2}]})
    lesson = config(frame)["lessons"][0]
    goto(frame, f"lesson/{lesson}")
    wait_for_call(page, "set_value", element, count=3)
    attempts = [call for call in lms_log(page, "set_value") if call["args"][0] == element]
    assert [call["injected"] for call in attempts[:3]] == [True, True, False]
    assert any(code == "get_last_error" for code in (call["op"] for call in lms_log(page)))
    messages = [text for kind, text in page_record(page).console if kind == "warning"]
    assert any(element in text for text in messages), messages  # the code is logged, not shown
    goto(frame, f"check/{lesson}")
    assert current_view(frame) == f"check/{lesson}"
    assert page_record(page).errors == []


def test_commit_fails_intermittently_the_course_retries_and_the_data_reaches_the_lms(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    frame = launch(page, course_server, standard, failures={"commit": {"skip": 1, "times": 3}})
    lessons = config(frame)["lessons"]
    for lesson in lessons[:3]:
        goto(frame, f"lesson/{lesson}")
    page.wait_for_function(  # the three failures, then a retry that gets through
        "() => { const c = window.lms.calls.filter(x => x.op === 'commit');"
        " return c.length >= 5 && c[c.length - 1].result === 'true'; }",
        timeout=15_000,
    )
    commits = lms_log(page, "commit")
    assert any(call["injected"] for call in commits)
    assert commits[-1]["result"] == "true"
    assert lms_cmi(page)[LOCATION[standard]] == f"lesson/{lessons[2]}"
    assert lms_errors(page) == []
    assert page_record(page).errors == []


@pytest.mark.parametrize("then", ["throw", "false"])
def test_the_api_disappears_mid_session_no_script_error_reaches_the_learner(
    page: Page, course_server: StaticServer, standard: Standard, then: str
) -> None:
    """A course holding the API after the LMS took it away gets exceptions ("throw") or a dead API's answers
    ("false": every call fails with error 101); either way the learner sees no error and what was committed stays."""
    removal = {"remove_api": {"after": 10**9, "then": then}}  # never on its own: the test removes it below
    frame = launch(page, course_server, standard, failures=removal)
    lessons = config(frame)["lessons"]
    goto(frame, f"lesson/{lessons[0]}")
    wait_for_call(page, "commit")
    stored = dict(lms_cmi(page))
    before = len(lms_log(page))
    remove_api(page)
    for lesson in lessons[1:]:
        goto(frame, f"lesson/{lesson}")
    goto(frame, "assessment")
    close_course(page)
    assert page_record(page).errors == []
    assert lms_cmi(page)[LOCATION[standard]] == stored[LOCATION[standard]]  # what was committed stays intact
    after = [call for call in lms_log(page)[before:] if call["op"] in ("set_value", "commit", "terminate")]
    assert after, "the course went on calling the API it held"
    if then == "throw":
        assert all(call.get("threw") for call in after)
    else:
        assert [(call.get("threw"), call["result"]) for call in after] == [(None, "false")] * len(after)


def test_the_window_closes_during_a_commit_no_script_error_and_earlier_data_stays(
    page: Page, course_server: StaticServer, standard: Standard
) -> None:
    """The LMS takes the first two commits and refuses every later one, so the commit the course makes as its
    window closes fails. Nothing the learner did before is lost: the next launch resumes with it."""
    frame = launch(page, course_server, standard, failures={"commit": {"skip": 2}})
    lessons = config(frame)["lessons"]
    goto(frame, f"lesson/{lessons[0]}")
    wait_for_call(page, "commit", count=2)  # both taken: lesson one seen, and the LMS has it
    goto(frame, f"lesson/{lessons[1]}")
    close_course(page)
    wait_for_call(page, "terminate")
    assert [call["injected"] for call in lms_log(page, "commit")][2:] == [True]  # the one on the way out failed
    assert len(lms_log(page, "terminate")) == 1
    assert page_record(page).errors == []
    stored = relaunch_data(page)

    frame = launch(page, course_server, standard, initial=stored)
    assert lessons[0] in seen_lessons(frame)
    assert page_record(page).errors == []


def resigned(fields: list[str]) -> str:
    body = "~".join(fields[:-1])
    return f"{body}~{suspend_checksum(body)}"


def field_changed(real: str, index: int, value: str, sign: bool) -> str:
    fields = real.split("~")
    assert len(fields) == 14, "the codec's layout changed"
    assert fields[-1] == suspend_checksum(real.rsplit("~", 1)[0]), "the codec's signature changed"
    fields[index] = value
    return resigned(fields) if sign else "~".join(fields)


# What the LMS might hand back instead of the suspend data the course wrote, made from that data where it says so.
# Each must be refused for one reason only: the signature, the version, the course's shape, or the layout.
MANGLED: dict[str, Callable[[str], str]] = {
    "one-character-changed": lambda real: field_changed(real, 3, "0", sign=False),
    "older-version": lambda real: field_changed(real, 0, "0", sign=True),
    "another-course": lambda real: field_changed(real, 1, "abc", sign=True),
    "garbage": lambda _: "0~garbage~~",
    "forged-short": lambda _: "1~deadbeef~start~1~~~~~~sv~1~x",
    "long-garbage": lambda _: "x" * 3000,
    "json": lambda _: '{"v":1}',
}


@pytest.mark.parametrize("mangled", MANGLED)
def test_suspend_data_from_an_older_version_or_garbage_starts_fresh(
    page: Page, course_server: StaticServer, standard: Standard, mangled: str
) -> None:
    """A learner saw every lesson and handed in an attempt; the next launch gets their bookmark (the summary) and
    entry "resume", but suspend data that does not decode. The course starts fresh: the start page, no lesson seen,
    no attempt. The same checks see the first session's progress, so they can tell."""
    frame = launch(page, course_server, standard)
    lessons = config(frame)["lessons"]
    read_all_lessons(frame)
    take_assessment(frame, right_answers=0)
    goto(frame, "summary")
    assert seen_lessons(frame) == lessons
    assert results_handed_in(frame)
    close_course(page)
    wait_for_call(page, "terminate")
    stored = relaunch_data(page)
    assert stored[LOCATION[standard]] in ("summary", "results")

    suspend = MANGLED[mangled](stored["cmi.suspend_data"])
    frame = launch(page, course_server, standard, initial={**stored, "cmi.suspend_data": suspend})
    assert current_view(frame) == "start"
    assert seen_lessons(frame) == []
    assert not results_handed_in(frame)
    assert page_record(page).errors == []
    assert lms_errors(page) == []


# Translations that try to run a script, each in the message the learner meets it in. Template strings go through
# gettext and Jinja's escaping; the lesson's Markdown paragraphs through course.markdown, whose link check turns a
# `javascript:` or `data:` address into plain text, and through the renderer's fallback, which shows the Swedish
# source instead of a translation that links where the source does not.
HOSTILE_TEMPLATE_TEXTS = {
    "Nästa": "</script><script>window.__pwned=1</script>",
    "Start": '<img src=x onerror="window.__pwned=2">',
    "Rätt svar.": '"};window.__pwned=3;//</script>',
    "Hoppa till innehållet": '");window.__pwned=5;("',
}
JAVASCRIPT_AUTOLINK = "<javascript:window.__pwned=4>"
DATA_AUTOLINK = "<data:text/html;base64,PHNjcmlwdD53aW5kb3cudG9wLl9fcHduZWQ9Njwvc2NyaXB0Pg==>"
ONCLICK_TAG = '<span onclick="window.__pwned=7">klicka</span>'
HOSTILE_LESSON_TEXTS = {  # lesson alpha's paragraphs: rendered as given, but inert
    "Inledningen till lektion ett.": f"Öppna {JAVASCRIPT_AUTOLINK} nu.",
    "Därför spelar det roll.": f"Se {DATA_AUTOLINK} också.",
    "Ett citat om den första principen.": f"Bara {ONCLICK_TAG} här.",
}
SOCIAL = "Så syns det på sociala medier, se [exemplet](https://example.org/)."
RELINKED = {SOCIAL: "Siehe [das Beispiel](javascript:window.__pwned=8)."}  # falls back to the source


def translate_hostile(project: Project) -> None:
    """The complete de catalog with each hostile translation in place of its "DE <Swedish>" (each one found)."""
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    for source, evil in {**HOSTILE_TEMPLATE_TEXTS, **HOSTILE_LESSON_TEXTS, **RELINKED}.items():
        escaped = evil.replace("\\", "\\\\").replace('"', '\\"')
        entry = f'msgid "{source}"\nmsgstr "DE {source}"'
        assert text.count(entry) == 1, f"the catalog has no single translation of {source!r}"
        text = text.replace(entry, f'msgid "{source}"\nmsgstr "{escaped}"')
    path.write_text(text, encoding="utf-8")


SCRIPT_ADDRESSES = """() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
    .filter(a => /^on/i.test(a.name) || (/^(href|src|action|formaction|data)$/i.test(a.name)
                 && !/^(https?:|mailto:|#|[a-z0-9_.\\/-]*$)/i.test(a.value.trim())))
    .map(a => `<${el.localName} ${a.name}="${a.value}">`))"""


@pytest.mark.parametrize("packaged", ["in the launch page", "in its own script"])
def test_injected_script_in_translations_never_runs(
    page: Page, static_server: StaticServer, tmp_path: Path, packaged: str
) -> None:
    """The learner meets every hostile translation, clicks the text a link would be, and nothing runs: no element
    carries an event handler or a script address, the hostile text shows as text, and no sentinel is set."""
    project = translated_project(tmp_path)
    translate_hostile(project)
    locales = ("de",) if packaged == "in the launch page" else ()  # all languages: de comes as locales/de.js
    result = build(BuildRequest(project, tmp_path / "out", locales=locales, standards=("scorm12",)))
    package = result.packages[0]
    assert result.fallbacks["de"] == len(RELINKED)
    with zipfile.ZipFile(package.path) as archive:
        assert "window.__pwned=1</script>" not in archive.read("index.html").decode()
    unzip(package.path, static_server.root / "course")
    page.add_init_script(
        "window.__clicks = []; window.__violations = [];"
        " document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective));"
        " window.addEventListener('click', e => window.__clicks.push(e.target.textContent));"  # after every handler
    )
    page.goto(static_server.url_for("course/index.html"))
    page.wait_for_function("() => document.querySelector('.locale:not([hidden]) .view:not([hidden])') !== null")
    if not locales:
        page.locator(".locale:not([hidden]) button[data-switch-locale=de]").click()
        page.wait_for_function("() => document.documentElement.lang === 'de'")
    page.locator(".locale:not([hidden]) a[data-nav^='lesson/']").first.click()
    lesson = page.locator(".locale:not([hidden]) section.view[data-view='lesson/alpha']")
    lesson.wait_for(state="visible")

    assert page.evaluate(SCRIPT_ADDRESSES) == []
    page.evaluate("() => { window.__clicks = []; }")
    for shown in (JAVASCRIPT_AUTOLINK, DATA_AUTOLINK, ONCLICK_TAG):
        text = lesson.get_by_text(shown, exact=False)
        assert text.count() == 1, shown  # the hostile text is there for the learner to read, as text
        text.click()  # where a link would be, as a learner would
    page.wait_for_function("() => window.__clicks.length === 3")  # every click handler has run by now
    social = lesson.get_by_role("link", name="exemplet")
    assert social.get_attribute("href") == "https://example.org/"  # the source's link, not the translator's
    assert lesson.get_by_text("das Beispiel").count() == 0

    assert page.evaluate("() => [window.__pwned, window.__violations]") == [None, []]
    assert page_record(page).dialogs == []
    assert page_record(page).errors == []
    assert page.context.pages == [page]  # no link opened a window
