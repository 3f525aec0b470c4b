"""Learning objectives: read from a lesson, named by the assessment questions that test them, checked across files.

An objective's id is a slug unique in the course: it is the objective's id in the LMS (cmi.objectives) and what an
assessment question lists under `objectives:`, so a question that covers several principles is reported against
each of them and not against one lesson.
"""

from __future__ import annotations

import difflib

import yaml

from course.errors import Problem
from course.model import PRIMARY_OBJECTIVE, Lesson, Objective, Question
from course.reader import FileReader

OBJECTIVES_MIN, OBJECTIVES_MAX = 1, 5
TESTED_MIN, TESTED_MAX = 1, 5


def read_objectives(reader: FileReader, node: yaml.Node | None, lesson_id: str, number: int) -> tuple[Objective, ...]:
    """`objectives:` of a lesson: a list of {id, text}, each text completing "Efter lektionen kan du …"."""
    objectives: list[Objective] = []
    for index, item in enumerate(reader.sequence(node, "objectives", OBJECTIVES_MIN, OBJECTIVES_MAX)):
        where = f"objectives[{index + 1}]"
        fields = reader.mapping(item, where, ("id", "text"))
        oid = reader.slug(fields.get("id"), f"{where}.id")
        if oid == PRIMARY_OBJECTIVE:
            reader.problem(
                reader.line_of(fields["id"]),
                f"{where}.id: '{oid}' is the course's own objective (its pass mark in SCORM 2004); choose another id",
            )
        text = reader.text(
            fields.get("text"),
            f"{where}.text",
            f"objective/{oid}",
            f"Lesson {number}, a learning objective: it completes the sentence 'Efter lektionen kan du …' "
            "('After this lesson you can …'), so it starts with a verb in lower case and has no full stop. "
            "The LMS also shows it in its reports.",
        )
        objectives.append(Objective(oid, text, lesson_id, reader.line_of(item)))
    return tuple(objectives)


def read_tested(reader: FileReader, node: yaml.Node | None, where: str) -> tuple[str, ...]:
    """`objectives:` of an assessment question: the ids of the objectives it tests."""
    items = reader.sequence(node, where, TESTED_MIN, TESTED_MAX)
    ids = [reader.slug(item, f"{where}[{index + 1}]") for index, item in enumerate(items)]
    for index, oid in enumerate(ids):
        if oid and oid in ids[:index]:
            reader.problem(reader.line_of(items[index]), f"{where}[{index + 1}]: '{oid}' is named twice")
    return tuple(oid for oid in ids if oid)  # a name given twice was reported, and the question is dropped


def objective_problems(
    lessons: list[Lesson], assessment: tuple[Question, ...], check_references: bool
) -> list[Problem]:
    """Objective ids unique in the course, and every id a question names defined by a lesson."""
    problems: list[Problem] = []
    defined: dict[str, tuple[Lesson, Objective]] = {}
    for lesson in lessons:
        for objective in lesson.objectives:
            if objective.id in defined:
                other, first = defined[objective.id]
                problems.append(
                    Problem(
                        lesson.file,
                        objective.line,
                        f"objectives: '{objective.id}' is already the id of an objective at {other.file}:{first.line}; "
                        "objective ids must be unique in the course",
                    )
                )
            defined.setdefault(objective.id, (lesson, objective))
    for question in assessment if check_references else ():
        for oid in question.objectives:
            if oid not in defined:
                guess = difflib.get_close_matches(oid, list(defined), n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else "; a lesson's `objectives:` list defines them"
                problems.append(
                    Problem(question.file, question.line, f"objectives: '{oid}' is not a learning objective{hint}")
                )
    return problems
