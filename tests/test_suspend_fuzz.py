"""Hypothesis fuzzing of what the runtime reads back from an LMS, in the runtime itself (node): the suspend data (random
text, and real records of the real course's shape, mutated and resealed with a valid checksum) and a whole launch's
answers (bookmark, statuses, mode, scores, counts, name, language). Decoding never throws or hangs and gives a record
that re-encodes within the standard's limit, or "start fresh"; a launch never fails, believes nothing out of range."""

from __future__ import annotations

import json
import queue
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content import load_course
from course.limits import SUSPEND_LIMITS
from course.render import runtime_config
from tests.browser import unavailable
from tests.hostile import HOSTILE_LOCALES, resealed
from tests.projects import REPO, real_project

ANSWER_SECONDS = 5  # one answer of the runtime; longer is a hang
LOCALES = ["sv", "en", "fi", "ar"]
VIEW = re.compile(r"[\w.:/-]{1,64}")
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"

# The runtime's classic scripts, loaded as the page loads them (tests/js/runtime.js), answering one JSON line per line.
HELPER = r"""
const readline = require('node:readline');
const path = require('node:path');
const repo = process.argv[1];
require(path.join(repo, 'tests/js/runtime.js')).loadPage();
const CR = globalThis.CourseRuntime;
const app = CR.logic; // shapeOf: the suspend shape of a course config
let config = null;
let shape = null;

/** A fake LMS window whose GetValue answers `answers` (else ""), counting every read. */
function lmsWindow(standard, answers) {
  const reads = [];
  const get = (name) => {
    reads.push(name);
    return Object.prototype.hasOwnProperty.call(answers, name) ? answers[name] : '';
  };
  const ok = () => 'true';
  const api = standard === '1.2'
    ? { LMSInitialize: ok, LMSFinish: ok, LMSGetValue: get, LMSSetValue: ok, LMSCommit: ok,
        LMSGetLastError: () => '0', LMSGetErrorString: () => '', LMSGetDiagnostic: () => '' }
    : { Initialize: ok, Terminate: ok, GetValue: get, SetValue: ok, Commit: ok,
        GetLastError: () => '0', GetErrorString: () => '', GetDiagnostic: () => '' };
  const win = { navigator: { languages: ['de-DE'] } };
  win[standard === '1.2' ? 'API' : 'API_1484_11'] = api;
  win.parent = win;
  win.top = win;
  return { win, reads };
}

function launch(standard, answers) {
  const { win, reads } = lmsWindow(standard, answers);
  const warnings = [];
  const tracker = CR.tracker.create({
    courseId: config.id, packageId: 'fuzz', shape, passingScore: config.passingScore / 100, locales: config.locales,
    defaultLocale: config.sourceLocale, standard, win, logger: { warn: (m) => warnings.push(m) },
    timers: { setTimeout: () => 0, clearTimeout: () => {} },
  });
  const state = tracker.start();
  for (const lesson of shape.lessons) tracker.lessonSeen(lesson);
  tracker.terminate();
  return { state, reads: reads.length, warnings };
}

const ops = {
  config: (m) => {
    config = m.config;
    shape = app.shapeOf(config);
    return { shape, worst: CR.suspend.worstCaseLength(shape) };
  },
  encode: (m) => ({ text: CR.suspend.encode(m.state, shape) }),
  decode: (m) => {
    const state = CR.suspend.decode(m.text, shape);
    return { state, again: state === null ? null : CR.suspend.encode(state, shape) };
  },
  launch: (m) => launch(m.standard, m.answers),
};

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let answer;
  try {
    const m = JSON.parse(line);
    answer = ops[m.op](m);
  } catch (e) {
    answer = { thrown: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});
"""


class Runtime:
    """One node process running the runtime; `ask` sends a request and waits a bounded time for its answer."""

    def __init__(self) -> None:
        node = shutil.which("node")
        if node is None:
            unavailable("node is not installed (the README's prerequisites: node/npm)")
        self.process = subprocess.Popen(
            [node, "-e", HELPER, str(REPO)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
        )
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self.read, daemon=True).start()

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)

    def ask(self, **request: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        try:
            answer: dict[str, Any] = json.loads(self.lines.get(timeout=ANSWER_SECONDS))
        except queue.Empty:
            pytest.fail(f"the runtime gave no answer within {ANSWER_SECONDS} s to {json.dumps(request)[:300]}")
        assert "thrown" not in answer, answer["thrown"]
        return answer

    def close(self) -> None:
        self.process.kill()
        self.process.wait()


@pytest.fixture(scope="module")
def runtime() -> Iterator[tuple[Runtime, dict[str, Any]]]:
    """The runtime with the real course's config; the course's suspend shape and its worst-case length."""
    config = runtime_config(load_course(real_project().content), LOCALES)
    node = Runtime()
    try:
        course = node.ask(op="config", config=config)
        yield node, {**course, "states": course_states(course["shape"])}
    finally:
        node.close()


def course_states(shape: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """States of the real course's shape as the page hands them to encode, some values out of range on purpose."""

    def answers(questions: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, list[int]]]:
        return st.fixed_dictionaries(
            {},
            optional={q["id"]: st.lists(st.integers(-1, q["options"]), max_size=q["options"] + 1) for q in questions},
        )

    score = st.none() | st.floats(-10, 110) | st.sampled_from([0, 100, 87.5, 1e308])  # JSON has no NaN
    views = ["start", "assessment", "results", "summary", *(f"lesson/{lesson}" for lesson in shape["lessons"])]
    return st.fixed_dictionaries(
        {
            "view": st.sampled_from(views) | st.text(max_size=70),
            "seen": st.lists(st.sampled_from(shape["lessons"]), unique=True),
            "checks": answers(shape["checks"]),
            "answers": answers(shape["assessment"]),
            "attempt": st.integers(-2, 2000),
            "best": score,
            "last": score,
            "locale": st.sampled_from(["", *LOCALES, *HOSTILE_LOCALES]),
            "seed": st.integers(-1, 2**33),
            "decisions": st.fixed_dictionaries(
                {},
                optional={d["id"]: st.lists(st.integers(-1, 3), max_size=d["depth"] + 1) for d in shape["decisions"]},
            ),
            "tried": st.lists(st.sampled_from([d["id"] for d in shape["decisions"]]), unique=True),
        }
    )


def mutate(data: st.DataObject, text: str) -> str:
    """One to three edits of a record, often resealed so that the fields themselves are parsed."""
    alphabet = st.sampled_from("~.0123456789abcdefghijklmnopqrstuvwxyz-_/:AZ \x00é😀")
    for _ in range(data.draw(st.integers(1, 3))):
        fields = text.split("~")
        where = data.draw(st.integers(0, len(text)))
        edit = data.draw(st.sampled_from(["put", "insert", "delete", "cut", "field", "swap", "repeat"]))
        if edit == "put" and text:
            spot = min(where, len(text) - 1)
            text = text[:spot] + data.draw(alphabet) + text[spot + 1 :]
        elif edit == "insert":
            text = text[:where] + data.draw(st.text(alphabet, max_size=5)) + text[where:]
        elif edit == "delete":
            text = text[:where] + text[where + 1 :]
        elif edit == "cut":
            text = text[:where]
        elif edit == "field":  # often a value of the right alphabet: then the field's own rules must hold
            value = st.text(alphabet, max_size=12) | st.text(BASE36, min_size=1, max_size=8)
            fields[data.draw(st.integers(0, len(fields) - 1))] = data.draw(value)
            text = "~".join(fields)
        elif edit == "swap" and len(fields) > 2:
            i, j = data.draw(st.integers(0, len(fields) - 2)), data.draw(st.integers(0, len(fields) - 2))
            fields[i], fields[j] = fields[j], fields[i]
            text = "~".join(fields)
        elif edit == "repeat":
            text = text + text[where:] * data.draw(st.integers(1, 300))
    return resealed(text) if data.draw(st.booleans()) else text


def assert_decodes_safely(node: Runtime, course: dict[str, Any], text: str) -> dict[str, Any] | None:
    """Decoding gives "start fresh" (None) or a record that re-encodes, within both standards' limits, to `text`."""
    answer = node.ask(op="decode", text=text)
    state, again = answer["state"], answer["again"]
    if state is None:
        return None
    assert set(state) == {
        *("view", "seen", "checks", "answers", "attempt", "best", "last", "locale", "seed", "decisions", "tried")
    }
    assert len(again) <= course["worst"] <= min(SUSPEND_LIMITS.values())
    assert again == text, "only the record's one canonical spelling decodes"
    assert state["locale"] in ("", *LOCALES) or re.fullmatch(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}", state["locale"])
    assert set(state["seen"]) <= set(course["shape"]["lessons"])
    assert set(state["decisions"]) | set(state["tried"]) <= {d["id"] for d in course["shape"]["decisions"]}
    return dict(state)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400) | st.text(st.sampled_from("~.019abz-/"), max_size=120))
def test_random_suspend_data_decodes_to_a_record_or_a_fresh_start(
    runtime: tuple[Runtime, dict[str, Any]], text: str
) -> None:
    node, course = runtime
    assert_decodes_safely(node, course, text)
    assert_decodes_safely(node, course, resealed(text))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_real_records_decode_to_a_record_or_a_fresh_start(
    runtime: tuple[Runtime, dict[str, Any]], data: st.DataObject
) -> None:
    node, course = runtime
    record = node.ask(op="encode", state=data.draw(course["states"]))["text"]
    assert assert_decodes_safely(node, course, record) is not None, "a record the course wrote always resumes"
    assert_decodes_safely(node, course, mutate(data, record))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), field=st.integers(0, 13))
def test_real_records_with_one_field_rewritten_and_resealed_decode_only_within_that_fields_rules(
    runtime: tuple[Runtime, dict[str, Any]], data: st.DataObject, field: int
) -> None:
    node, course = runtime
    fields = node.ask(op="encode", state=data.draw(course["states"]))["text"].split("~")
    fields[field] = data.draw(st.text(BASE36, min_size=1, max_size=9) | st.text(BASE36 + ".-/:_ABZ", max_size=70))
    assert_decodes_safely(node, course, resealed("~".join(fields)))


# The elements the course reads, in each standard (1.2, 2004).
ELEMENTS = {
    "entry": ("cmi.core.entry", "cmi.entry"),
    "status": ("cmi.core.lesson_status", "cmi.completion_status"),
    "success": ("cmi.core.lesson_status", "cmi.success_status"),
    "raw": ("cmi.core.score.raw", "cmi.score.raw"),
    "location": ("cmi.core.lesson_location", "cmi.location"),
    "name": ("cmi.core.student_name", "cmi.learner_name"),
    "language": ("cmi.student_preference.language", "cmi.learner_preference.language"),
    "mastery": ("cmi.student_data.mastery_score", "cmi.scaled_passing_score"),
    "mode": ("cmi.core.lesson_mode", "cmi.mode"),
    "credit": ("cmi.core.credit", "cmi.credit"),
}
VOCABULARY = ["resume", "ab-initio", "review", "browse", "normal", "credit", "no-credit", "passed", "failed"]
VOCABULARY += ["completed", "incomplete", "not attempted", "unknown"]


def lms_answers(standard: str, record: str) -> st.SearchStrategy[dict[str, str]]:
    """What a buggy or hostile LMS may answer for every element the course reads at launch and on its first writes."""
    noise = st.text(max_size=40) | st.sampled_from(["", "NaN", "-1", "1e309", "5000000", "9" * 400, "1e9", "0x10"])
    number = st.integers(-200, 200).map(str) | st.floats().map(str) | st.decimals(-2, 200, places=3).map(str)
    value = noise | st.sampled_from(VOCABULARY) | number
    special = {
        "entry": st.sampled_from(["resume", "ab-initio"]),
        "success": st.sampled_from(["passed", "failed"]),
        "raw": number,
        "mastery": number,
        "location": st.sampled_from(["javascript:alert(1)", "lesson/x", "summary", "../../x"]),
        "language": st.sampled_from(HOSTILE_LOCALES),
    }
    which = 0 if standard == "1.2" else 1
    elements = {names[which]: special.get(kind, value) | value for kind, names in ELEMENTS.items()}
    elements.update({"cmi.suspend_data": st.just(record) | value, "cmi.objectives.0.id": value})
    elements.update({"cmi.objectives._count": value, "cmi.interactions._count": value})
    return st.fixed_dictionaries({}, optional=elements)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), standard=st.sampled_from(["1.2", "2004"]))
def test_a_launch_on_any_lms_answers_starts_and_believes_nothing_out_of_range(
    runtime: tuple[Runtime, dict[str, Any]], data: st.DataObject, standard: str
) -> None:
    node, course = runtime
    record = node.ask(op="encode", state=data.draw(course["states"]))["text"]
    answer = node.ask(op="launch", standard=standard, answers=data.draw(lms_answers(standard, record)))
    state = answer["state"]
    assert not [w for w in answer["warnings"] if " failed: " in w and "GetValue" not in w], answer["warnings"]
    assert state["mode"] == "lms"
    assert state["phase"] == "running"
    assert state["locale"] in LOCALES
    assert state["lmsMode"] in ("normal", "review", "browse")
    assert state["credit"] in ("credit", "no-credit")
    assert state["entry"] in ("ab-initio", "resume", "")
    assert state["bookmark"] == "" or VIEW.fullmatch(state["bookmark"])
    assert len(state["learnerName"]) <= 255
    assert not CONTROL.search(state["learnerName"])
    assert 0 <= state["passingScore"] <= 1
    assert state["best"] is None or 0 <= state["best"] <= 100
    lessons = len(course["shape"]["lessons"])
    assert answer["reads"] <= 20 + 2 * (lessons + 1), f"{answer['reads']} reads: a walk ran past the course's own data"
