"""The test-wiseness measures of `course check`, each broken on purpose in a small course and kept in bounds in another.

Every course here is the mini course with an assessment written by the test. Its two knowledge checks stay as they
are: `alpha-check` is single-choice with two options and the key the shorter one; `beta-check` is a true statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from course.catalogs import po_path, read_catalog, write_catalog
from course.check import check
from course.cli import main
from course.errors import Problem
from course.model import Choice, Question, Text
from course.paths import display_path
from course.pedagogy import chance_limit, displayed_length, key_longest
from course.project import Project
from tests.projects import translated_project

LONG_KEY = "Det rätta svaret, som är långt"
SHORT_KEY = "Rätt"
WRONG = ("Ett fel svar", "Ett annat fel")


def single(qid: str, key: str, wrong: Sequence[str] = WRONG, objective: str = "alpha-goal") -> str:
    options = [("key", key, True)] + [(f"wrong{n}", text, False) for n, text in enumerate(wrong, start=1)]
    return question(qid, "single", objective, options)


def multiple(qid: str, right: Sequence[str], wrong: Sequence[str], objective: str = "alpha-goal") -> str:
    options = [(f"right{n}", text, True) for n, text in enumerate(right, start=1)]
    options += [(f"wrong{n}", text, False) for n, text in enumerate(wrong, start=1)]
    return question(qid, "multiple", objective, options)


def question(qid: str, qtype: str, objective: str, options: Sequence[tuple[str, str, bool]]) -> str:
    lines = [
        f"  - id: {qid}",
        f"    type: {qtype}",
        f"    objectives: [{objective}]",
        "    stem: Vad stämmer?",
        "    options:",
    ]
    for oid, text, correct in options:
        lines += [f"      - id: {oid}", f"        text: {text}"]
        lines += ["        correct: true"] if correct else []
        lines += [f"        feedback: Om {oid}."]
    return "\n".join(lines)


def statement(qid: str, true: bool, objective: str = "beta-goal") -> str:
    return "\n".join(
        [
            f"  - id: {qid}",
            "    type: true-false",
            f"    objectives: [{objective}]",
            f"    stem: Påstående {qid}.",
            f"    correct: {'true' if true else 'false'}",
            "    feedback_true: Om sant.",
            "    feedback_false: Om falskt.",
        ]
    )


# Two assessment questions per lesson, one of two statements true (with beta-check: 2 of 3), the key of
# alpha-check and of the single-choice question the shorter option: in bounds on every measure.
IN_BOUNDS = (
    single("pick", SHORT_KEY),
    multiple("several", ["Ja", "Nej"], ["Kanske så"]),
    statement("claim-one", True),
    statement("claim-two", False),
)


def assessment_file(project: Project) -> Path:
    return project.content / "assessment.yaml"


def write_assessment(project: Project, *questions: str) -> None:
    assessment_file(project).write_text("questions:\n" + "\n".join(questions) + "\n", encoding="utf-8")


def at(path: Path, text: str) -> tuple[str, int]:
    """The file and line of the line `text` in `path`, as a warning names them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return display_path(path), next(n for n, line in enumerate(lines, start=1) if line == text)


def retranslate(project: Project, overrides: dict[str, str] | None = None) -> None:
    """The catalog of `de` in step with the content, every message "DE <Swedish>" unless `overrides` gives a
    message context another translation."""
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    for message in catalog:
        if message.id:
            message.flags.discard("fuzzy")
            default = tuple(f"DE {f}" for f in message.id) if message.pluralizable else f"DE {message.id}"
            message.string = (overrides or {}).get(message.context or "", default)
    write_catalog(path, catalog)


def course_with(tmp_path: Path, *questions: str, overrides: dict[str, str] | None = None) -> Project:
    project = translated_project(tmp_path)
    write_assessment(project, *questions)
    retranslate(project, overrides)
    return project


def pedagogy_warnings(project: Project) -> list[Problem]:
    """The check's warnings, each about the content: these courses' catalogs are complete and current."""
    warnings = check(project).warnings
    assert all(warning.file.startswith(display_path(project.content)) for warning in warnings), warnings
    return list(warnings)


def test_a_course_within_bounds_has_no_warning_and_shows_its_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = course_with(tmp_path, *IN_BOUNDS)
    report = check(project)
    assert report.warnings == ()
    assert [(item.locale, item.key_longest.count, item.key_longest.total) for item in report.pedagogy.languages] == [
        ("sv", 0, 2),
        ("de", 0, 2),
    ]
    assert (report.pedagogy.true_keys.true, report.pedagogy.true_keys.total) == (2, 3)
    assert [(coverage.lesson.id, coverage.items) for coverage in report.pedagogy.lessons] == [("alpha", 2), ("beta", 2)]
    assert main(["--project", str(project.root), "check", "--strict"]) == 0
    out = capsys.readouterr().out.splitlines()
    table = out[out.index(next(line for line in out if line.startswith("language"))) :]
    assert table[0] == ("language    key longest (single)  keys longer (multiple)  true keys (true/false)"), (
        "columns as wide as their headers"
    )
    assert table[1].split() == ["sv", "0/2", "0/1", "2/3"]
    assert table[2].split() == ["de", "0/2", "0/1", "2/3"]
    assert table[3].split() == ["limit", "at", "most", "2", "at", "most", "1", "1", "to", "2"]
    assert table[4] == "assessment items per lesson (at least 2): alpha 2, beta 2"
    assert table[5] == "objectives no assessment question tests (none allowed): 0"
    assert out.index(table[0]) > out.index(next(line for line in out if line.startswith("locale"))), "after the stats"


def singles(longest: int) -> list[str]:
    """Four single-choice questions of three options, the key the longest in the first `longest` of them. With
    alpha-check (two options, key shorter) chance allows 3 of 5."""
    return [single(f"pick-{n}", LONG_KEY if n <= longest else SHORT_KEY) for n in range(1, 5)]


def test_keys_longer_than_chance_allows_are_a_warning_at_the_first_such_question(tmp_path: Path) -> None:
    project = course_with(tmp_path, *singles(4), *IN_BOUNDS[2:])
    warnings = pedagogy_warnings(project)
    assert [(warning.file, warning.line) for warning in warnings] == [
        at(assessment_file(project), "  - id: pick-1")
    ] * 2
    assert [warning.message for warning in warnings] == [
        f"the correct option is the longest in 4 of 5 single-choice questions in {locale} (more than 3 is unlikely by "
        "chance): shorten keys or give distractors a plausible reason; in pick-1, pick-2, pick-3, pick-4"
        for locale in ("sv", "de")
    ]


def test_keys_longest_as_often_as_chance_allows_are_no_warning(tmp_path: Path) -> None:
    project = course_with(tmp_path, *singles(3), *IN_BOUNDS[2:])
    assert pedagogy_warnings(project) == []
    assert [item.key_longest.count for item in check(project).pedagogy.languages] == [3, 3]


def test_a_translation_that_makes_keys_longest_is_reported_for_its_language_only(tmp_path: Path) -> None:
    """In Swedish the key of pick-4 is the shortest option; the German one is the longest."""
    overrides = {"question/pick-4/key": f"DE {LONG_KEY}, und noch länger"}
    project = course_with(tmp_path, *singles(3), *IN_BOUNDS[2:], overrides=overrides)
    [warning] = pedagogy_warnings(project)
    assert warning.message.startswith("the correct option is the longest in 4 of 5 single-choice questions in de ")
    assert [item.key_longest.count for item in check(project).pedagogy.languages] == [3, 4]


def test_a_missing_translation_is_measured_as_the_source_the_learner_sees(tmp_path: Path) -> None:
    """An untranslated key shows in Swedish: its Swedish length counts, not the missing translation's."""
    overrides = {f"question/pick-{n}/key": "" for n in range(1, 5)}
    project = course_with(tmp_path, *singles(3), *IN_BOUNDS[2:], overrides=overrides)
    assert [item.key_longest.count for item in check(project).pedagogy.languages] == [3, 3]


def multiples(longer: int) -> list[str]:
    """Four multiple-response questions, the correct options longer on average in the first `longer`: chance
    allows 3 of 4."""
    return [
        multiple(f"many-{n}", ["Ett långt rätt svar", "Rätt"], ["Fel", "Fel också"])
        if n <= longer
        else multiple(f"many-{n}", ["Rätt", "Ja"], ["Ett långt fel svar", "Fel"])
        for n in range(1, 5)
    ]


@pytest.mark.parametrize(("longer", "warned"), [(4, True), (3, False)])
def test_correct_options_longer_than_chance_allows_are_a_warning(tmp_path: Path, longer: int, warned: bool) -> None:
    project = course_with(tmp_path, IN_BOUNDS[0], *multiples(longer), *IN_BOUNDS[2:])
    warnings = pedagogy_warnings(project)
    if not warned:
        assert warnings == []
        return
    assert [(warning.file, warning.line) for warning in warnings] == [
        at(assessment_file(project), "  - id: many-1")
    ] * 2
    assert warnings[0].message == (
        "the correct options are longer on average than the wrong ones in 4 of 4 multiple-response questions in sv "
        "(more than 3 is unlikely by chance): shorten correct options or give wrong ones a plausible reason; in "
        "many-1, many-2, many-3, many-4"
    )


@pytest.mark.parametrize(
    ("keys", "warning"),
    [
        # beta-check is true; with five false assessment statements, 1 of 6 (balanced: 2 to 4)
        ((False,) * 5, ("assessment.yaml", "  - id: claim-1", "1 of 6", "rewrite some false statements as true")),
        # six true of six: the first true statement is beta-check, in lesson beta's file
        (
            (True,) * 5,
            ("lessons/02-beta.yaml", "  - id: beta-check", "6 of 6", "rewrite some true statements as false"),
        ),
        ((True, True, False, False, False), None),  # 3 of 6
        ((True, False, False, False, False), None),  # 2 of 6, the lower bound
    ],
)
def test_true_keys_outside_40_to_60_percent_are_a_warning_at_a_statement_to_rewrite(
    tmp_path: Path, keys: tuple[bool, ...], warning: tuple[str, str, str, str] | None
) -> None:
    statements = [
        statement(f"claim-{n}", true, "beta-goal" if n % 2 else "alpha-goal") for n, true in enumerate(keys, 1)
    ]
    project = course_with(tmp_path, IN_BOUNDS[0], IN_BOUNDS[1], *statements)
    warnings = pedagogy_warnings(project)
    if warning is None:
        assert warnings == []
        return
    name, first, share, fix = warning
    [found] = warnings
    assert (found.file, found.line) == at(project.content / name, first)
    assert found.message.startswith(f"{share} true/false statements are true (balanced is 2 to 4): {fix} ones")


def test_a_lesson_with_one_assessment_question_is_a_warning_at_its_objectives(tmp_path: Path) -> None:
    project = course_with(tmp_path, *IN_BOUNDS[:3], statement("claim-two", False, "alpha-goal"))
    [warning] = pedagogy_warnings(project)
    lesson = project.content / "lessons" / "02-beta.yaml"
    assert (warning.file, warning.line) == at(lesson, "  - id: beta-goal")
    assert warning.message == (
        "lesson 'beta' is tested by 1 assessment question (at least 2): add assessment questions that name one of "
        "its objectives (beta-goal)"
    )


def test_a_question_counts_for_every_lesson_its_objectives_belong_to(tmp_path: Path) -> None:
    both = statement("claim-two", False, "alpha-goal, beta-goal")
    project = course_with(tmp_path, *IN_BOUNDS[:3], both)
    assert pedagogy_warnings(project) == []
    assert [coverage.items for coverage in check(project).pedagogy.lessons] == [3, 2]


def test_an_objective_no_assessment_question_tests_is_a_warning_at_its_line(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text + "  - id: alpha-extra\n    text: göra något mer\n", encoding="utf-8")
    write_assessment(project, *IN_BOUNDS)
    retranslate(project)
    [warning] = pedagogy_warnings(project)
    assert (warning.file, warning.line) == at(lesson, "  - id: alpha-extra")
    assert warning.message == (
        "objective 'alpha-extra' is tested by no assessment question: name it under `objectives:` of a question in "
        "assessment.yaml, or drop it"
    )


def test_check_strict_fails_on_a_pedagogy_warning_and_check_alone_does_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = course_with(tmp_path, *singles(4), *IN_BOUNDS[2:])
    assert main(["--project", str(project.root), "check"]) == 0
    err = capsys.readouterr().err
    name, line = at(assessment_file(project), "  - id: pick-1")
    assert f"warning: {name}:{line}: the correct option is the longest in 4 of 5" in err
    assert main(["--project", str(project.root), "check", "--strict"]) == 1
    assert "check failed: 2 warnings in --strict mode" in capsys.readouterr().err


def options_question(qid: str, key: str, *wrong: str) -> Question:
    def text(source: str) -> Text:
        return Text(source, f"question/{qid}", "", "assessment.yaml", 1)

    choices = [Choice("key", text(key), text("."), correct=True)]
    choices += [Choice(f"wrong{n}", text(source), text(".")) for n, source in enumerate(wrong)]
    return Question(qid, "single", text("?"), tuple(choices), "", "assessment.yaml", 1)


def test_a_key_counts_as_longest_only_when_it_is_longer_than_every_other_option() -> None:
    questions = [
        options_question("longest", "Ett långt svar", "Kort", "Kortare"),
        options_question("middle", "Mellanlångt", "Kort", "Ett längre fel svar"),
        options_question("tied", "Lika långt", "Lika lång!", "Kort"),
    ]
    tally = key_longest(questions, lambda text: text.source)
    assert ([question.id for question in tally.hits], tally.total) == (["longest"], 3)


def test_the_displayed_length_leaves_out_markup_and_marks_that_take_no_place() -> None:
    assert displayed_length("**Ett** [två](https://example.org/)  tre") == len("Ett två tre")
    assert displayed_length("A &amp; B <b>x</b>") == len("A & B <b>x</b>"), "raw HTML shows as written"
    assert displayed_length("\u0643\u064e\u062a\u064e\u0628\u064e") == 3, "Arabic vowel signs take no place"
    assert displayed_length("\u2068Moodle\u2069") == 6


@pytest.mark.parametrize(
    ("chances", "limit"),
    [
        ([], 0),
        ([1 / 3], 1),  # one question: a longest key is no evidence
        ([0.5] * 4, 3),  # 4 of 4 by chance: 1 in 16
        ([1 / 3] * 6 + [1 / 4] * 5, 5),  # the review's 11 items: 6 or more by chance 7 times in 100
    ],
)
def test_chance_limit_is_the_most_hits_chance_shows_one_time_in_ten(chances: list[float], limit: int) -> None:
    assert chance_limit(chances) == limit
