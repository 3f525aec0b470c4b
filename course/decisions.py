"""Decision scenarios: read a lesson's `decision:` block and hold its graph to what a learner can walk.

A scenario is steps of two or three choices; each choice leads to another step or to an ending. The learner starts
at the first step, so every step and ending must be reachable from it, every choice must lead somewhere that exists,
and no path may come back to a step it has passed (the page and suspend data keep a path as the choices taken, which
only works for a graph without cycles). Every id also makes the translation context of its texts, so a step, choice
or ending without one is refused rather than given a context that would change with its position.
"""

from __future__ import annotations

import difflib

import yaml

from course.errors import Problem
from course.model import OUTCOMES, Decision, DecisionChoice, DecisionEnding, DecisionStep, Lesson, Outcome, Prose, Text
from course.reader import FileReader

STEPS_MIN, STEPS_MAX = 2, 8  # two steps, each reached from the first: every scenario is two decisions deep at least
CHOICES_MIN, CHOICES_MAX = 2, 3
ENDINGS_MIN, ENDINGS_MAX = 2, 6
CONTEXT_HINT = "it names the translation context of the texts below it and the decision in the LMS; add a slug"


class DecisionReader:
    """Reads one scenario, keeping its id, lesson number and the lines of what it has read for the graph checks."""

    def __init__(self, reader: FileReader, number: int) -> None:
        self.reader = reader
        self.number = number
        self.sid = ""

    def comment(self, what: str) -> str:
        return f"Lesson {self.number}, decision scenario '{self.sid}': {what}"

    def own_id(self, fields: dict[str, yaml.Node], node: yaml.Node, where: str) -> str:
        """The id of a scenario, step, choice or ending; a missing one is reported as the missing context it is."""
        if "id" not in fields:
            self.reader.problem(self.reader.line_of(node), f"{where}.id: required: {CONTEXT_HINT}")
            return ""
        return self.reader.slug(fields["id"], f"{where}.id")

    def text(self, node: yaml.Node | None, where: str, context: str, what: str) -> Text:
        return self.reader.text(node, where, f"decision/{self.sid}/{context}", self.comment(what))

    def prose(self, node: yaml.Node | None, where: str, context: str, what: str) -> Prose:
        return self.reader.prose(node, where, f"decision/{self.sid}/{context}", self.comment(what))

    def choice(self, node: yaml.Node, where: str, step_id: str) -> DecisionChoice:
        fields = self.reader.mapping(node, where, ("text", "consequence"), ("id", "next"))
        cid = self.own_id(fields, node, where)
        context = f"{step_id}/{cid}"
        next_node = fields.get("next")
        return DecisionChoice(
            id=cid,
            text=self.text(
                fields.get("text"),
                f"{where}.text",
                f"{context}/text",
                f"step '{step_id}', choice '{cid}': what the learner does, one sentence in the second person "
                "(a button).",
            ),
            consequence=self.prose(
                fields.get("consequence"),
                f"{where}.consequence",
                f"{context}/consequence",
                f"step '{step_id}', choice '{cid}': what happened after this choice, and why.",
            ),
            next=self.reader.slug(next_node, f"{where}.next") if next_node is not None else "",
            line=self.reader.line_of(node),
        )

    def step(self, node: yaml.Node, where: str) -> DecisionStep:
        fields = self.reader.mapping(node, where, ("prompt", "choices"), ("id",))
        step_id = self.own_id(fields, node, where)
        items = self.reader.sequence(fields.get("choices"), f"{where}.choices", CHOICES_MIN, CHOICES_MAX)
        return DecisionStep(
            id=step_id,
            prompt=self.text(
                fields.get("prompt"),
                f"{where}.prompt",
                f"{step_id}/prompt",
                f"step '{step_id}': the question the learner answers by choosing (a heading).",
            ),
            choices=tuple(
                self.choice(item, f"{where}.choices[{index + 1}]", step_id) for index, item in enumerate(items)
            ),
            line=self.reader.line_of(node),
        )

    def ending(self, node: yaml.Node, where: str) -> DecisionEnding:
        fields = self.reader.mapping(node, where, ("outcome", "title", "text", "principle"), ("id",))
        eid = self.own_id(fields, node, where)
        return DecisionEnding(
            id=eid,
            outcome=self.outcome(fields.get("outcome"), f"{where}.outcome"),
            title=self.text(fields.get("title"), f"{where}.title", f"end/{eid}/title", f"ending '{eid}': its title."),
            text=self.prose(fields.get("text"), f"{where}.text", f"end/{eid}/text", f"ending '{eid}': how it ended."),
            principle=self.prose(
                fields.get("principle"),
                f"{where}.principle",
                f"end/{eid}/principle",
                f"ending '{eid}': what the lesson's principle would have suggested (shown under that heading).",
            ),
            line=self.reader.line_of(node),
        )

    def outcome(self, node: yaml.Node | None, where: str) -> Outcome:
        value = self.reader.scalar(node, where)
        for outcome in OUTCOMES:
            if value == outcome:
                return outcome
        if value and node is not None:
            self.reader.problem(
                self.reader.line_of(node), f"{where}: expected {', '.join(OUTCOMES)}, got '{value[:40]}'"
            )
        return "mixed"

    def decision(self, node: yaml.Node) -> Decision | None:
        fields = self.reader.mapping(node, "decision", ("title", "situation", "steps", "endings"), ("id",))
        if not fields:
            return None
        self.sid = self.own_id(fields, node, "decision")
        steps = [
            self.step(item, f"decision.steps[{index + 1}]")
            for index, item in enumerate(
                self.reader.sequence(fields.get("steps"), "decision.steps", STEPS_MIN, STEPS_MAX)
            )
        ]
        endings = [
            self.ending(item, f"decision.endings[{index + 1}]")
            for index, item in enumerate(
                self.reader.sequence(fields.get("endings"), "decision.endings", ENDINGS_MIN, ENDINGS_MAX)
            )
        ]
        return Decision(
            id=self.sid,
            title=self.text(fields.get("title"), "decision.title", "title", "its title (a heading)."),
            situation=self.prose(
                fields.get("situation"), "decision.situation", "situation", "the situation the learner is in."
            ),
            steps=tuple(steps),
            endings=tuple(endings),
            line=self.reader.line_of(node),
        )


def read_decision(reader: FileReader, node: yaml.Node | None, number: int) -> Decision | None:
    """A lesson's `decision:` (None when it has none), its graph checked; problems go to `reader`."""
    if node is None:
        return None
    before = len(reader.problems)
    decision = DecisionReader(reader, number).decision(node)
    if decision is None or len(reader.problems) != before:
        return None
    for line, message in graph_problems(decision):
        reader.problem(line, message)
    return decision if len(reader.problems) == before else None


Found = list[tuple[int, str]]  # (line, message) of a scenario's file


def graph_problems(decision: Decision) -> Found:
    """Every id given twice, choice leading nowhere, cycle, unreachable step or ending and missing kind of ending.
    With at least two steps, all reached from the first, every scenario is at least two decisions deep."""
    problems = duplicate_ids(decision) + dead_ends(decision)
    return problems or reach_problems(decision) + outcome_problems(decision)


def nodes(decision: Decision) -> list[tuple[str, int]]:
    """(id, line) of every step and ending: what a choice's `next` may name."""
    return [(s.id, s.line) for s in decision.steps] + [(e.id, e.line) for e in decision.endings]


def node_lines(decision: Decision) -> dict[str, int]:
    """The line of every step and ending by id (the first, where an id is given twice)."""
    lines: dict[str, int] = {}
    for node_id, line in nodes(decision):
        lines.setdefault(node_id, line)
    return lines


def duplicate_ids(decision: Decision) -> Found:
    found: Found = []
    lines = node_lines(decision)
    for node_id, line in nodes(decision):
        if lines[node_id] != line:
            message = f"decision: '{node_id}' is already the id of a step or ending at line {lines[node_id]}"
            found.append((line, f"{message}; ids must be unique in the scenario"))
    for step in decision.steps:
        ids = [choice.id for choice in step.choices]
        for index, choice in enumerate(step.choices):
            if choice.id in ids[:index]:
                found.append((choice.line, f"decision: step '{step.id}' has two choices '{choice.id}'; rename one"))
    return found


def dead_ends(decision: Decision) -> Found:
    """Choices whose `next` names no step or ending of the scenario, with a guess at the one meant."""
    found: Found = []
    targets = list(node_lines(decision))
    for step in decision.steps:
        for choice in step.choices:
            if choice.next in targets:
                continue
            guess = difflib.get_close_matches(choice.next, targets, n=1) if choice.next else []
            hint = f"; did you mean '{guess[0]}'?" if guess else "; name a step or an ending of this scenario"
            what = f"'{choice.next}' is no step or ending" if choice.next else "it has no `next`"
            found.append(
                (choice.line, f"decision: choice '{choice.id}' of step '{step.id}' leads nowhere: {what}{hint}")
            )
    return found


def reach_problems(decision: Decision) -> Found:
    """Cycles, and the steps and endings no path from the first step reaches."""
    reached: set[str] = set()
    start = decision.steps[0].id
    found = cycles(start, {step.id: step for step in decision.steps}, (), reached)
    for step in decision.steps:
        if step.id not in reached:
            found.append(
                (step.line, f"decision: step '{step.id}' cannot be reached: no path from '{start}' leads to it")
            )
    for ending in decision.endings:
        if ending.id not in reached:
            found.append((ending.line, f"decision: ending '{ending.id}' cannot be reached: no choice leads to it"))
    return found


def outcome_problems(decision: Decision) -> Found:
    outcomes = {ending.outcome for ending in decision.endings}
    return [
        (decision.line, f"decision: no ending has `outcome: {needed}`; one must go well and one go wrong")
        for needed in ("good", "bad")
        if needed not in outcomes
    ]


def cycles(node_id: str, steps: dict[str, DecisionStep], path: tuple[str, ...], reached: set[str]) -> Found:
    """Walk every path from `node_id`, noting what it reaches; a choice back to a step on its own path is a cycle."""
    reached.add(node_id)
    step = steps.get(node_id)
    if step is None:
        return []
    found: Found = []
    for choice in step.choices:
        if choice.next in path or choice.next == node_id:
            message = f"decision: choice '{choice.id}' of step '{step.id}' leads back to step '{choice.next}'"
            found.append((choice.line, f"{message}, which is already on its path (a cycle); lead it forward"))
        else:
            found += cycles(choice.next, steps, (*path, node_id), reached)
    return found


def scenario_id_problems(lessons: list[Lesson]) -> list[Problem]:
    """Scenario ids unique in the course: the LMS reports each decision under its scenario's id."""
    problems: list[Problem] = []
    first: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.decision is None:
            continue
        if (other := first.get(lesson.decision.id)) is not None:
            problems.append(
                Problem(
                    lesson.file,
                    lesson.decision.line,
                    f"decision.id: '{lesson.decision.id}' is also the id of the scenario in {other.file}; "
                    "scenario ids must be unique in the course",
                )
            )
        first.setdefault(lesson.decision.id, lesson)
    return problems
