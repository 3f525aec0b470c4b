"""Questions of the knowledge checks and the final assessment, of every type, read from their YAML nodes."""

from __future__ import annotations

import yaml

from course.model import Choice, Question, QuestionType
from course.objectives import read_tested
from course.reader import FileReader, describe

CHOICE_TYPES: tuple[QuestionType, ...] = ("single", "multiple")
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multiple", "true-false", "sequencing", "matching")
CHOICES_MIN, CHOICES_MAX = 2, 6
ITEMS_MIN, ITEMS_MAX = 3, 6


def peek_type(node: yaml.Node) -> str:
    """The question's `type`, read first because it decides which other keys the question needs."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "type" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return ""


TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options",),
    "multiple": ("options",),
    "true-false": ("correct", "feedback_true", "feedback_false"),
    "sequencing": ("items",),
    "matching": ("pairs",),
}


def read_question(reader: FileReader, node: yaml.Node, where: str, lesson: str | None) -> Question | None:
    """One question of any type; `lesson` is None in the assessment, whose questions name the objectives they test."""
    before = len(reader.problems)
    qtype = peek_type(node)
    required = ("id", "type", "stem") + (("objectives",) if lesson is None else ()) + TYPE_KEYS.get(qtype, ())
    every_type_key = tuple(sorted({key for keys in TYPE_KEYS.values() for key in keys}))
    optional = every_type_key if qtype not in TYPE_KEYS else ()
    fields = reader.mapping(node, where, required, optional)
    if not fields:
        return None
    if qtype not in QUESTION_TYPES:
        if "type" in fields:
            reader.problem(
                reader.line_of(fields["type"]),
                f"{where}.type: expected one of {', '.join(QUESTION_TYPES)}, got {describe(fields['type'])}",
            )
        return None
    question_type = qtype
    qid = reader.slug(fields.get("id"), f"{where}.id")
    tested = read_tested(reader, fields.get("objectives"), f"{where}.objectives") if lesson is None else ()
    place = "knowledge check" if lesson is not None else "final assessment"
    ctx = f"question/{qid}"
    stem = reader.text(fields.get("stem"), f"{where}.stem", f"{ctx}/stem", f"Question in the {place}.")
    line = reader.line_of(node)
    if question_type == "true-false":
        statement = reader.boolean(fields.get("correct"), f"{where}.correct")
        feedback_true, feedback_false = (
            reader.text(
                fields.get(f"feedback_{answer}"),
                f"{where}.feedback_{answer}",
                f"{ctx}/feedback/{answer}",
                f"Feedback shown to a learner who answered '{answer}' "
                f"({'right' if statement == (answer == 'true') else 'wrong'}).",
            )
            for answer in ("true", "false")
        )
        question = Question(
            qid,
            question_type,
            stem,
            (),
            lesson or "",
            reader.name,
            line,
            statement,
            feedback_true,
            feedback_false,
            tested,
        )
    else:
        list_key = TYPE_KEYS[question_type][0]
        choices = read_choices(reader, fields.get(list_key), f"{where}.{list_key}", ctx, question_type)
        check_correct_count(reader, node, where, question_type, choices)
        question = Question(qid, question_type, stem, choices, lesson or "", reader.name, line, objectives=tested)
    return question if len(reader.problems) == before else None


def check_correct_count(
    reader: FileReader, node: yaml.Node, where: str, qtype: QuestionType, choices: tuple[Choice, ...]
) -> None:
    correct = sum(choice.correct for choice in choices)
    if qtype == "single" and correct != 1:
        reader.problem(
            reader.line_of(node),
            f"{where}: a single-choice question needs exactly one option with 'correct: true', got {correct}",
        )
    if qtype == "multiple" and correct < 1:
        reader.problem(
            reader.line_of(node),
            f"{where}: a multiple-response question needs at least one option with 'correct: true', got none",
        )


def read_choices(
    reader: FileReader, node: yaml.Node | None, where: str, ctx: str, qtype: QuestionType
) -> tuple[Choice, ...]:
    """Options (single, multiple), items in their right order (sequencing) or pairs (matching)."""
    is_choice = qtype in CHOICE_TYPES
    low, high = (CHOICES_MIN, CHOICES_MAX) if is_choice else (ITEMS_MIN, ITEMS_MAX)
    required = ("id", "text", "feedback") + (("match",) if qtype == "matching" else ())
    optional = ("correct",) if is_choice else ()
    role = {
        "sequencing": "Item {n} of a list the learner puts in order",
        "matching": "Item the learner pairs with its match",
    }.get(qtype, "Answer option")
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, item in enumerate(reader.sequence(node, where, low, high)):
        here = f"{where}[{index + 1}]"
        fields = reader.mapping(item, here, required, optional)
        cid = reader.slug(fields.get("id"), f"{here}.id")
        if cid and cid in seen:
            reader.problem(reader.line_of(fields["id"]), f"{here}.id: '{cid}' is used twice in this question")
        seen.add(cid)
        correct = reader.boolean(fields.get("correct"), f"{here}.correct")
        verdict = f" ({'a correct' if correct else 'an incorrect'} answer)" if is_choice else ""
        text = reader.text(fields.get("text"), f"{here}.text", f"{ctx}/{cid}", f"{role.format(n=index + 1)}{verdict}.")
        match = None
        if qtype == "matching":
            match = reader.text(
                fields.get("match"),
                f"{here}.match",
                f"{ctx}/{cid}/match",
                "The right match for the item of the same question; shown in a drop-down list.",
            )
        feedback = reader.text(
            fields.get("feedback"),
            f"{here}.feedback",
            f"{ctx}/{cid}/feedback",
            f"Feedback explaining this {'option' if is_choice else 'item'}{verdict}.",
        )
        choices.append(Choice(cid, text, feedback, correct, match))
    return tuple(choices)
