"""What a course may not exceed in an LMS: the worst-case size of its suspend_data per standard.

A cmi5 package keeps the same record in a State API document of its own, which has no size limit, so for cmi5 the
check passes whatever the length."""

from __future__ import annotations

import math
from collections.abc import Iterable

from course.errors import BuildError
from course.model import Course, Question, Standard

SUSPEND_LIMITS: dict[Standard, int] = {"scorm12": 4096, "scorm2004": 64000}  # the SCORM data models' limits
# Mirrors worstCaseLength() in runtime/suspend.js (a test compares the two): version, two hashes, the longest
# view id, attempt, two scores, the longest locale tag, the seed and the field separators.
SUSPEND_FIXED = 146
LESSONS_PER_CHARACTER = 5


def answer_width(question: Question) -> int:
    """At most one character per choice: true/false has two, the others one per option, item or pair."""
    return 2 if question.type == "true-false" else len(question.choices)


def groups_width(widths: list[int]) -> int:
    """A field of groups, each at most its width, with a separator between two."""
    return sum(widths) + max(0, len(widths) - 1)


def answers_width(questions: Iterable[Question]) -> int:
    return groups_width([answer_width(question) for question in questions])


def paths_width(course: Course) -> int:
    """Each decision scenario's longest path, one character per choice, in groups as answers are; and the bitset
    of the scenarios the learner went back to the start of."""
    depths = [decision.depth() for decision in course.decisions()]
    return groups_width(depths) + math.ceil(len(depths) / LESSONS_PER_CHARACTER)


def worst_case_suspend_length(course: Course) -> int:
    checks = [question for lesson in course.lessons for question in lesson.check]
    return (
        SUSPEND_FIXED
        + math.ceil(len(course.lessons) / LESSONS_PER_CHARACTER)
        + answers_width(checks)
        + answers_width(course.assessment)
        + paths_width(course)
    )


def check_suspend_limit(course: Course, standard: Standard) -> int:
    """The worst case; a BuildError when an LMS of `standard` could refuse the learner's progress."""
    length = worst_case_suspend_length(course)
    limit = SUSPEND_LIMITS.get(standard)
    if limit is not None and length > limit:
        raise BuildError(
            f"the course's suspend_data can reach {length} characters, over the {limit} that "
            f"{standard} allows; split the course or shorten its knowledge checks, assessment or decision scenarios"
        )
    return length
