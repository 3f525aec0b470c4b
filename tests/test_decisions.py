"""Decision scenarios as content: the graph a learner walks is checked at file:line, every text is a message with a
context naming its scenario, step and choice, the path fits suspend data, and course.yaml can switch reporting off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.errors import ContentError
from course.limits import worst_case_suspend_length
from course.project import Project
from course.render import runtime_config
from tests.hostile import refused_in_process
from tests.projects import make_project, real_project

# A scenario in the mini course's first lesson: start leads to ask or to an ending, ask to the other two endings.
SCENARIO = """\
decision:
  id: bus-post
  title: Ett inlägg om skolskjutsen
  situation: |
    Du är chef. En förälder skriver ilsket i ortens Facebook-grupp.
  steps:
    - id: start
      prompt: Vad gör du först?
      choices:
        - id: ask
          text: Du frågar vad som hände.
          consequence: |
            Föräldern berättar mer.
          next: ask-more
        - id: defend
          text: Du försvarar rutinerna.
          consequence: |
            Tråden växer.
          next: trust-lost
    - id: ask-more
      prompt: Hur följer du upp?
      choices:
        - id: meet
          text: Du bjuder in till ett möte.
          consequence: |
            Ni hittar en lösning.
          next: trust-grows
        - id: wait
          text: Du väntar och ser.
          consequence: |
            Ingen hör av sig.
          next: trust-lost
  endings:
    - id: trust-grows
      outcome: good
      title: Förtroendet växer
      text: |
        Föräldrarna känner sig lyssnade på.
      principle: |
        Principen: du tar in det som händer.
    - id: trust-lost
      outcome: bad
      title: Förtroendet sjunker
      text: |
        Fler skriver argt.
      principle: |
        Principen hade föreslagit att du lyssnar först.
"""
LESSON = "lessons/01-alpha.yaml"


def with_scenario(tmp: Path, scenario: str = SCENARIO) -> Project:
    project = make_project(tmp)
    lesson = project.content / LESSON
    lesson.write_text(lesson.read_text(encoding="utf-8") + scenario, encoding="utf-8")
    return project


def problems(project: Project) -> str:
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    return str(caught.value)


def line_of(project: Project, text: str, after: str = "") -> int:
    """The line of `text` in the lesson file (the first after `after`)."""
    lines = (project.content / LESSON).read_text(encoding="utf-8").splitlines()
    start = next(index for index, line in enumerate(lines) if after in line) if after else 0
    return next(index for index, line in enumerate(lines) if index >= start and text in line) + 1


def test_a_scenario_loads_with_its_graph_its_depth_and_a_context_for_every_text(tmp_path: Path) -> None:
    project = with_scenario(tmp_path)
    course = load_course(project.content)
    [decision] = course.decisions()
    assert [step.id for step in decision.steps] == ["start", "ask-more"]
    assert decision.depth() == 2
    contexts = {text.context for text in decision.texts()}
    assert {
        "decision/bus-post/title",
        "decision/bus-post/situation",
        "decision/bus-post/start/prompt",
        "decision/bus-post/start/ask/text",
        "decision/bus-post/start/ask/consequence",
        "decision/bus-post/end/trust-lost/principle",
    } <= contexts
    assert all("decision scenario 'bus-post'" in text.comment for text in decision.texts())
    config = runtime_config(course, ["sv"])
    assert config["decisions"]["bus-post"] == {
        "start": "start",
        "depth": 2,
        "steps": {
            "start": [["ask", "ask-more"], ["defend", "trust-lost"]],
            "ask-more": [["meet", "trust-grows"], ["wait", "trust-lost"]],
        },
    }
    assert config["reportDecisions"] is True
    # The path (two choices at most) and its scenario's bit in the "gone back" bitset, in the worst case.
    plain = load_course(make_project(tmp_path / "plain").content)
    assert worst_case_suspend_length(course) == worst_case_suspend_length(plain) + 3


def test_every_scenario_text_is_a_message_for_translators(tmp_path: Path) -> None:
    project = with_scenario(tmp_path)
    assert main(["--project", str(project.root), "extract"]) == 0
    pot = (project.root / "locales" / "messages.pot").read_text(encoding="utf-8")
    assert 'msgctxt "decision/bus-post/start/defend/text"\nmsgid "Du försvarar rutinerna."' in pot
    assert "#. Lesson 1, decision scenario 'bus-post': step 'start', choice 'defend'" in pot
    assert f"#: course/content/{LESSON}:{line_of(project, 'Du försvarar rutinerna.')}" in pot


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("          next: trust-grows\n", "          next: trust-grow\n"),
            (
                "choice 'meet' of step 'ask-more' leads nowhere: 'trust-grow' is no step or ending; "
                "did you mean 'trust-grows'?"
            ),
        ),
        (("          next: ask-more\n", ""), "choice 'ask' of step 'start' leads nowhere: it has no `next`"),
        (
            ("          next: ask-more\n", "          next: start\n"),
            "choice 'ask' of step 'start' leads back to step 'start', which is already on its path (a cycle)",
        ),
        (("          next: trust-lost\n    - id: ask-more", "          next: ask-more\n    - id: ask-more"), None),
    ],
)
def test_a_choice_that_leads_nowhere_or_back_is_refused_at_its_line(
    tmp_path: Path, change: tuple[str, str], expected: str | None
) -> None:
    scenario = SCENARIO.replace(*change)
    project = with_scenario(tmp_path, scenario)
    if expected is None:  # both first choices lead to ask-more: trust-lost is still reached, all fine
        load_course(project.content)
        return
    choice = re.search(r"choice '([a-z-]+)'", expected)
    assert choice is not None
    line = line_of(project, f"- id: {choice.group(1)}")
    assert f"{LESSON}:{line}: decision: {expected}" in problems(project)


def test_a_step_or_an_ending_no_path_reaches_is_refused_at_its_line(tmp_path: Path) -> None:
    # "ask" now ends at once: step ask-more and ending trust-grows are left without a way in.
    project = with_scenario(tmp_path, SCENARIO.replace("          next: ask-more\n", "          next: trust-lost\n"))
    found = problems(project)
    assert f"{LESSON}:{line_of(project, '- id: ask-more')}: decision: step 'ask-more' cannot be reached" in found
    assert (
        f"{LESSON}:{line_of(project, '- id: trust-grows')}: decision: ending 'trust-grows' cannot be reached" in found
    )


def test_a_scenario_one_step_deep_or_without_a_good_and_a_bad_ending_is_refused(tmp_path: Path) -> None:
    shallow = SCENARIO.replace("          next: ask-more\n", "          next: trust-grows\n")
    shallow = shallow[: shallow.index("    - id: ask-more")] + shallow[shallow.index("  endings:") :]
    project = with_scenario(tmp_path / "shallow", shallow)
    first = line_of(project, "- id: start")  # a list's line is its first entry's
    assert f"{LESSON}:{first}: decision.steps: expected 2 to 8 entries, got 1" in problems(project)
    no_bad = with_scenario(tmp_path / "no-bad", SCENARIO.replace("outcome: bad", "outcome: mixed"))
    assert "decision: no ending has `outcome: bad`; one must go well and one go wrong" in problems(no_bad)


@pytest.mark.parametrize(
    ("removed", "where"),
    [
        ("    - id: ask-more\n      prompt:", "decision.steps[2].id"),
        ("        - id: wait\n          text:", "decision.steps[2].choices[2].id"),
        ("    - id: trust-grows\n      outcome:", "decision.endings[1].id"),
    ],
)
def test_a_step_choice_or_ending_without_an_id_is_refused_as_a_missing_translation_context(
    tmp_path: Path, removed: str, where: str
) -> None:
    key = removed.split("\n")[1].strip()
    project = with_scenario(tmp_path, SCENARIO.replace(removed, removed.split("- ")[0] + "- " + key))
    line = line_of(project, f"- {key}", after="id: ask" if "choices" in where else "")
    if "steps[2]" in where and "choices" not in where:
        line = line_of(project, "- prompt: Hur följer du upp?")
    elif "endings" in where:
        line = line_of(project, "- outcome: good")
    else:
        line = line_of(project, "- text: Du väntar och ser.")
    assert f"{LESSON}:{line}: {where}: required: it names the translation context" in problems(project)


def test_two_scenarios_with_one_id_are_refused(tmp_path: Path) -> None:
    project = with_scenario(tmp_path)
    second = project.content / "lessons" / "02-beta.yaml"
    second.write_text(second.read_text(encoding="utf-8") + SCENARIO, encoding="utf-8")
    assert "decision.id: 'bus-post' is also the id of the scenario in" in problems(project)


def test_course_check_refuses_a_broken_scenario_with_exit_1_and_the_line(tmp_path: Path) -> None:
    project = with_scenario(tmp_path, SCENARIO.replace("next: trust-grows", "next: nowhere"))
    line = line_of(project, "- id: meet")
    refused_in_process(["check"], project.root, f"{LESSON}:{line}: decision: choice 'meet'")


def test_report_decisions_false_in_course_yaml_switches_the_reporting_off(tmp_path: Path) -> None:
    project = with_scenario(tmp_path)
    header = project.content / "course.yaml"
    header.write_text(header.read_text(encoding="utf-8") + "report_decisions: false\n", encoding="utf-8")
    assert runtime_config(load_course(project.content), ["sv"])["reportDecisions"] is False
    header.write_text(header.read_text(encoding="utf-8").replace("report_decisions: false", "report_decisions: no way"))
    assert "report_decisions: expected true or false" in problems(project)


def test_the_real_course_has_a_scenario_in_every_lesson_each_with_a_good_and_a_bad_ending() -> None:
    course = load_course(real_project().content)
    assert [lesson.decision is not None for lesson in course.lessons] == [True] * len(course.lessons)
    for decision in course.decisions():
        assert decision.depth() >= 2
        assert {"good", "bad"} <= {ending.outcome for ending in decision.endings}
        assert all(2 <= len(step.choices) <= 3 for step in decision.steps)
    assert course.info.toolkit.blocks, "the reply toolkit"
