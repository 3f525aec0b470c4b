"""Test-wiseness measures: can a learner who has not learned the lesson still pick the key, and is every lesson tested?

A test-wise learner guesses from the form of a question rather than its content: the longest option, "false" on
every true/false statement. This module counts those cues in each language as the learner reads the options (each
catalog's usable translation, else the source), and counts the assessment questions per lesson and the objectives
none of them tests. Each measure has a bound; `course check` warns where one is out of bounds, at the question or
objective to change.

The length cues are held to chance: with k options a key is the longest about 1 time in k when nobody shapes the
lengths, so a course is out of bounds when a course written without the cue would show this many keys-longest less
than 1 time in 10 (`CHANCE`). That allows a little more than the expected count, and more for few questions, where
chance varies most.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from course.errors import Problem, counted
from course.markdown import inline_html
from course.model import Choice, Course, Lesson, Objective, Question, Text

CHANCE = 0.10  # a cue is out of bounds when chance alone shows it this often less than 1 time in 10
TRUE_SHARE = (40, 60)  # percent of true/false statements that are true
ITEMS_PER_LESSON = 2  # assessment questions that test each lesson, at least

Translate = Callable[[Text], str]
TAG = re.compile(r"<[^>]*>")
UNSEEN = {"Mn", "Me", "Cf"}  # combining marks (Arabic vowel signs) and format characters (bidi marks) take no place


@dataclass(frozen=True)
class Tally:
    """Of `total` questions that could show a cue, those that do (`hits`), and the most that chance allows."""

    hits: tuple[Question, ...]
    total: int
    limit: int

    @property
    def count(self) -> int:
        return len(self.hits)

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit


@dataclass(frozen=True)
class LanguageMeasures:
    """The length cues in one language: single-choice keys that are the longest option, and multiple-response
    questions whose correct options are longer on average than the wrong ones."""

    locale: str
    key_longest: Tally
    keys_longer: Tally


@dataclass(frozen=True)
class TrueKeys:
    """The true/false statements (checks and assessment) and how many of them may be true: `low` to `high`."""

    statements: tuple[Question, ...]
    low: int
    high: int

    @property
    def true(self) -> int:
        return sum(question.true_statement for question in self.statements)

    @property
    def total(self) -> int:
        return len(self.statements)

    @property
    def balanced(self) -> bool:
        return self.low <= self.true <= self.high


@dataclass(frozen=True)
class LessonCoverage:
    lesson: Lesson
    items: int


@dataclass(frozen=True)
class PedagogyReport:
    languages: tuple[LanguageMeasures, ...]
    true_keys: TrueKeys
    lessons: tuple[LessonCoverage, ...]
    untested: tuple[tuple[Lesson, Objective], ...]


def displayed_length(text: str) -> int:
    """The characters a learner sees of an inline-Markdown text: markup, and marks that take no place, left out."""
    shown = " ".join(html.unescape(TAG.sub("", str(inline_html(text)))).split())
    return sum(1 for character in shown if unicodedata.category(character) not in UNSEEN)


def chance_limit(chances: Sequence[float]) -> int:
    """The most hits that chance shows at least `CHANCE` of the time, for independent questions each with its own
    chance of a hit (the tail of a Poisson binomial distribution)."""
    counts = [1.0]  # counts[n]: the probability of n hits among the questions so far
    for chance in chances:
        counts = [miss * (1 - chance) + hit * chance for miss, hit in zip([*counts, 0.0], [0.0, *counts], strict=True)]
    limit, tail = len(counts) - 1, counts[-1]
    while tail < CHANCE:
        limit -= 1
        tail += counts[limit]
    return limit


def key_longest(questions: Iterable[Question], translate: Translate) -> Tally:
    """Single-choice questions whose key is strictly the longest option; chance is 1 in the number of options."""
    asked = [question for question in questions if question.type == "single"]
    hits = []
    for question in asked:
        key = max(length(choice, translate) for choice in question.choices if choice.correct)
        if all(length(choice, translate) < key for choice in question.choices if not choice.correct):
            hits.append(question)
    return Tally(tuple(hits), len(asked), chance_limit([1 / len(question.choices) for question in asked]))


def keys_longer(questions: Iterable[Question], translate: Translate) -> Tally:
    """Multiple-response questions whose correct options are longer on average than the wrong ones; with lengths
    nobody shaped, either side is longer half the time."""
    asked = [
        question
        for question in questions
        if question.type == "multiple"
        and 0 < sum(choice.correct for choice in question.choices) < len(question.choices)
    ]
    hits = []
    for question in asked:
        right = [length(choice, translate) for choice in question.choices if choice.correct]
        wrong = [length(choice, translate) for choice in question.choices if not choice.correct]
        if sum(right) / len(right) > sum(wrong) / len(wrong):
            hits.append(question)
    return Tally(tuple(hits), len(asked), chance_limit([0.5] * len(asked)))


def length(choice: Choice, translate: Translate) -> int:
    return displayed_length(translate(choice.text))


def true_keys(questions: Iterable[Question]) -> TrueKeys:
    """True/false statements, balanced when 40 to 60 % are true, each bound rounded to the nearest count (2 of 4,
    4 to 6 of 10; 0 or 1 of 1)."""
    statements = tuple(question for question in questions if question.type == "true-false")
    low, high = TRUE_SHARE
    total = len(statements)
    return TrueKeys(statements, (2 * low * total + 100) // 200, (2 * high * total + 100) // 200)


def lesson_coverage(course: Course) -> tuple[LessonCoverage, ...]:
    """Assessment questions per lesson; a question counts for every lesson its objectives belong to."""
    items = {lesson.id: 0 for lesson in course.lessons}
    for question in course.assessment:
        for lesson_id in course.lessons_of(question):
            items[lesson_id] += 1
    return tuple(LessonCoverage(lesson, items[lesson.id]) for lesson in course.lessons)


def untested_objectives(course: Course) -> tuple[tuple[Lesson, Objective], ...]:
    return tuple(
        (lesson, objective)
        for lesson in course.lessons
        for objective in lesson.objectives
        if not course.questions_of(objective)
    )


def measure(course: Course, languages: Mapping[str, Translate]) -> PedagogyReport:
    """Every measure, the length cues in each language as `languages[locale]` translates its texts."""
    questions = tuple(course.questions())
    return PedagogyReport(
        tuple(
            LanguageMeasures(locale, key_longest(questions, translate), keys_longer(questions, translate))
            for locale, translate in languages.items()
        ),
        true_keys(questions),
        lesson_coverage(course),
        untested_objectives(course),
    )


def tally_problem(tally: Tally, said: str, fix: str) -> Problem:
    """A length cue out of bounds, at the first question that shows it; the message names every one."""
    first = tally.hits[0]
    ids = ", ".join(question.id for question in tally.hits)
    return Problem(first.file, first.line, f"{said} (more than {tally.limit} is unlikely by chance): {fix}; in {ids}")


def pedagogy_problems(report: PedagogyReport) -> list[Problem]:
    """A warning for each measure out of bounds, at the question or objective to change."""
    problems = []
    for language in report.languages:
        if language.key_longest.exceeded:
            tally = language.key_longest
            problems.append(
                tally_problem(
                    tally,
                    f"the correct option is the longest in {tally.count} of {tally.total} single-choice questions "
                    f"in {language.locale}",
                    "shorten keys or give distractors a plausible reason",
                )
            )
        if language.keys_longer.exceeded:
            tally = language.keys_longer
            problems.append(
                tally_problem(
                    tally,
                    f"the correct options are longer on average than the wrong ones in {tally.count} of "
                    f"{tally.total} multiple-response questions in {language.locale}",
                    "shorten correct options or give wrong ones a plausible reason",
                )
            )
    problems += true_key_problems(report.true_keys)
    for coverage in report.lessons:
        if coverage.items < ITEMS_PER_LESSON:
            lesson = coverage.lesson
            names = ", ".join(objective.id for objective in lesson.objectives)
            problems.append(
                Problem(
                    lesson.file,
                    lesson.objectives[0].line if lesson.objectives else 1,
                    f"lesson '{lesson.id}' is tested by {counted(coverage.items, 'assessment question')} (at least "
                    f"{ITEMS_PER_LESSON}): add assessment questions that name one of its objectives ({names})",
                )
            )
    for lesson, objective in report.untested:
        problems.append(
            Problem(
                lesson.file,
                objective.line,
                f"objective '{objective.id}' is tested by no assessment question: name it under `objectives:` of a "
                "question in assessment.yaml, or drop it",
            )
        )
    return problems


def true_key_problems(keys: TrueKeys) -> list[Problem]:
    """Too few or too many true statements, at the first statement of the kind there is too much of."""
    if keys.balanced:
        return []
    too_many = keys.true > keys.high
    first = next(question for question in keys.statements if question.true_statement == too_many)
    kind, other = ("true", "false") if too_many else ("false", "true")
    return [
        Problem(
            first.file,
            first.line,
            f"{keys.true} of {keys.total} true/false statements are true (balanced is {keys.low} to {keys.high}): "
            f"rewrite some {kind} statements as {other} ones, without words such as 'only' or 'all' that give "
            "the answer away",
        )
    ]
