"""course.css's states as a learner sees them: a result, a verdict and a decision's ending are never told by colour
alone. Each state has its colour, its line (solid, dashed, dotted) and its icon, on the rows, the explanations, the
verdicts, the review, an unanswered question and the endings, on screen and on paper."""

from __future__ import annotations

from typing import Any, Literal

import pytest
from playwright.sync_api import Frame, Page

from tests.browser import StaticServer
from tests.course_driver import config, goto, launch

# state -> (colour, line, icon) as course.css gives them
OK, BAD, WARN = "--ok", "--bad", "--warn"
ROWS = {"correct": (OK, "solid", "✓ "), "incorrect": (BAD, "dashed", "✗ "), "missed": (WARN, "dotted", "! ")}
VERDICTS = {
    "correct": (OK, "solid", "✓"),
    "passed": (OK, "solid", "✓"),
    "incorrect": (BAD, "dashed", "✗"),
    "failed": (BAD, "dashed", "✗"),
    "unanswered": (BAD, "dashed", "!"),
    "partly": (WARN, "dotted", "½"),
}
ENDINGS = {"good": (OK, "solid"), "bad": (BAD, "dashed"), "mixed": (WARN, "dotted")}

LOOK = """([selector, attribute, value]) => {
  const NAMES = ['--ok', '--bad', '--warn', '--ok-bg', '--bad-bg', '--warn-bg'];
  const el = document.querySelector('.locale:not([hidden]) ' + selector);
  el.hidden = false;
  if (attribute) el.setAttribute(attribute, value);
  if (!el.textContent.trim()) el.textContent = 'x';
  const s = getComputedStyle(el), b = getComputedStyle(el, '::before');
  const root = getComputedStyle(document.documentElement);
  const colour = (name) => { const probe = document.createElement('i'); probe.style.color = root.getPropertyValue(name);
    document.body.append(probe); const c = getComputedStyle(probe).color; probe.remove(); return c; };
  return {line: s.borderTopStyle, border: s.borderTopColor, background: s.backgroundColor, icon: b.content,
    iconBackground: b.backgroundColor,
    colours: Object.fromEntries(NAMES.map((n) => [n, colour(n)])),
  };
}"""


def look(frame: Frame, selector: str, attribute: str | None = None, value: str = "") -> dict[str, Any]:
    found: dict[str, Any] = frame.evaluate(LOOK, [selector, attribute, value])
    return found


@pytest.mark.parametrize("media", ["screen", "print"])
def test_every_state_has_its_colour_line_and_icon(
    page: Page, course_server: StaticServer, media: Literal["screen", "print"]
) -> None:
    frame = launch(page, course_server, "scorm2004")
    lesson = config(frame)["lessons"][0]
    goto(frame, f"check/{lesson}")
    page.emulate_media(media=media)
    for state, (colour, line, icon) in ROWS.items():
        row = look(frame, "[data-choice]", "data-result", state)
        assert (row["line"], row["border"]) == (line, row["colours"][colour]), state
        feedback = look(frame, "[data-feedback]", "data-result", state)
        assert (feedback["border"], feedback["background"]) == (
            feedback["colours"][colour],
            feedback["colours"][colour + "-bg"],
        )
        assert feedback["line"] == line, "the explanation's line, beside its solid edge"
        assert feedback["icon"] == f'"{icon}"', state
    for state, (colour, line, icon) in VERDICTS.items():
        verdict = look(frame, "[data-slot=verdict]", "data-result", state)
        assert (verdict["line"], verdict["border"], verdict["background"]) == (
            line,
            verdict["colours"][colour],
            verdict["colours"][colour + "-bg"],
        ), state
        assert (verdict["icon"], verdict["iconBackground"]) == (f'"{icon}"', verdict["colours"][colour]), state
    goto(frame, "assessment")
    unanswered = look(frame, "li[data-assessment-question]", "data-unanswered", "")
    assert (unanswered["line"], unanswered["border"]) == ("dashed", unanswered["colours"][BAD])
    error = look(frame, ".form-error")
    assert (error["line"], error["border"], error["icon"]) == ("dashed", error["colours"][BAD], '"!"')
    goto(frame, f"lesson/{lesson}")
    for outcome, (colour, line) in ENDINGS.items():
        ending = look(frame, f".decision-ending[data-outcome={outcome}]")
        assert (ending["line"], ending["border"], ending["background"]) == (
            line,
            ending["colours"][colour],
            ending["colours"][colour + "-bg"],
        ), outcome
