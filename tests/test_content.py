"""The content loader: the real course loads, and broken content is reported all at once with file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from course.content import load_course
from course.errors import ContentError
from course.markdown import inline_html
from course.prose import parsed_blocks, plain_paragraphs, split_markdown
from tests.projects import FIXTURES, make_project, real_project


def test_the_real_course_has_five_lessons_each_with_a_check_and_an_assessment_covering_all() -> None:
    course = load_course(real_project().content)
    assert len(course.lessons) == 5
    assert all(2 <= len(lesson.check) <= 3 for lesson in course.lessons)
    assert len(course.assessment) >= 12
    assert {lesson for question in course.assessment for lesson in course.lessons_of(question)} == {
        lesson.id for lesson in course.lessons
    }
    kinds = {question.type for question in course.assessment}
    assert {"single", "multiple", "true-false"} <= kinds
    assert kinds & {"sequencing", "matching"}


def test_every_text_knows_its_file_and_line() -> None:
    course = load_course(real_project().content)
    for text in course.texts():
        source_lines = Path(text.file).read_text(encoding="utf-8").splitlines()
        first_words = text.source.split()[0].lstrip("*_[")
        assert first_words in source_lines[text.line - 1], f"{text.file}:{text.line} does not hold {text.source!r}"


def test_broken_content_lists_every_problem_with_file_line_and_a_guess_for_a_misspelt_key() -> None:
    with pytest.raises(ContentError) as caught:
        load_course(FIXTURES / "bad-content" / "course" / "content")
    message = str(caught.value)
    lesson = "bad-content/course/content/lessons/01-alpha.yaml"
    assert f"{lesson}:1: social: required, but missing" in message
    assert f"{lesson}:5: intro: expected a text, got a number ('42')" in message
    assert f"{lesson}:8: socail: unknown key; did you mean 'social'?" in message
    assert f"{lesson}:27: check[1].options[2].id: 'right' is used twice" in message
    assert "assessment.yaml:49: id: 'final-truth' is already used at" in message
    assert message.startswith("5 problems in the course content:")


def test_invalid_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "lessons").mkdir(parents=True)
    for name in ("course.yaml", "assessment.yaml", "lessons/01-alpha.yaml"):
        source = FIXTURES / "mini-course" / "course" / "content" / name
        (content / name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    broken = content / "lessons" / "01-alpha.yaml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[3] = "intro: [unclosed"
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(content)
    assert "01-alpha.yaml:5: this is not valid YAML" in str(caught.value)


def test_markdown_is_split_into_paragraphs_and_list_items_with_their_lines() -> None:
    source = "First paragraph\nwraps here.\n\n- one\n- *two*\n\nLast."
    blocks = list(split_markdown(source))
    assert blocks == [
        ("p", [(0, "First paragraph wraps here.")], None),
        ("ul", [(3, "one"), (4, "*two*")], None),
        ("p", [(6, "Last.")], None),
    ]


# Lines of paragraph text, the markers that start other blocks, white space and what markdown-it normalises.
MARKDOWN_LINES = st.lists(
    st.lists(
        st.sampled_from(
            [
                "Ord",
                "ord.",
                "*i*",
                " ",
                "\t",
                "    ",
                "-",
                "- ",
                "1.",
                "2)",
                "#",
                ">",
                "=",
                "***",
                "```",
                "~~~",
                "<b>",
                "[a]: /b",
                "[a](b)",
                "_",
                "+",
                "`",
                "\u00a0",
                "\u2028",
                "\r",
                "\0",
                "%(passing)s",
            ]
        ),
        max_size=4,
    ).map("".join),
    max_size=6,
).map("\n".join)


@given(MARKDOWN_LINES)
@example("Ett stycke\nsom fortsätter.\n \t\nEtt till.\n\n")
@example("Stycke\n===")
@example("Stycke\n    indraget")
@example("<b>")
@example("[a]: /b")
@example("\tkod")
@example("1. ett")
def test_paragraphs_read_without_markdown_it_are_what_markdown_it_reads(source: str) -> None:
    """A text of paragraphs alone is split without parsing it: into what markdown-it's tokens give."""
    if plain_paragraphs(source) is not None:
        assert list(split_markdown(source)) == list(parsed_blocks(source))


def test_paragraphs_alone_are_read_without_markdown_it() -> None:
    assert plain_paragraphs("Ett stycke\nsom fortsätter.\n\nEtt till.") == [
        (0, "Ett stycke som fortsätter."),
        (3, "Ett till."),
    ]
    assert plain_paragraphs("Ett stycke.\n\n- en lista") is None


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("# Title", "headings are not allowed"),
        ("<b>x</b>", "raw HTML is not allowed"),
        ("- a\n  - b", "nested"),
    ],
)
def test_unsupported_markdown_is_refused_with_a_reason(source: str, problem: str) -> None:
    reported = [found for _, _, found in split_markdown(source) if found]
    assert reported
    assert problem in reported[0]


@pytest.mark.parametrize(
    ("line", "old", "new", "problem"),
    [
        (8, "Därför spelar det roll.", "Godkänt från %(pasing)s.", "why: unknown placeholder %(pasing)s"),
        (8, "Därför spelar det roll.", "Minst %(passing)s, inte 100 %.", "why: a text with %(passing)s is a format"),
        (8, "Därför spelar det roll.", "Se [gränsen](https://example.org/%(passing)s).", "why: %(passing)s works in"),
        (8, "Därför spelar det roll.", "Gränsen är `%(passing)s`.", "why: %(passing)s works in the text itself"),
        (2, "Första principen", "Minst %(passing)s", "title: placeholders such as %(passing)s (the pass mark) work"),
    ],
)
def test_a_placeholder_that_cannot_show_the_pass_mark_is_refused_at_its_line(
    tmp_path: Path, line: int, old: str, new: str, problem: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "mini-course" / "course" / "content", content)
    lesson = content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(content)
    [found] = caught.value.problems
    assert f"01-alpha.yaml:{line}: {problem}" in str(found)


def test_the_pass_mark_placeholder_renders_as_the_slot_the_runtime_fills() -> None:
    text = "Du är **godkänd** från %(passing)s, och [läs mer](https://example.org/) om 100 %% rätt."
    assert str(inline_html(text, "50\u00a0%")) == (
        'Du är <strong>godkänd</strong> från <span data-slot="passing">50\u00a0%</span>, och '
        '<a href="https://example.org/" rel="noopener noreferrer" target="_blank">läs mer</a> om 100 % rätt.'
    )
    assert str(inline_html("Utan platshållare: 100 % och 50 %% rätt.", "50 %")) == (
        "Utan platshållare: 100 % och 50 %% rätt."
    ), "a text that does not name the pass mark is no format string: its % signs are plain text"
    assert str(inline_html("Minst %(passing)s.", "<b>")) == 'Minst <span data-slot="passing">&lt;b&gt;</span>.'


def test_a_question_over_several_lessons_belongs_to_each_and_a_wrong_objective_is_named_at_its_line(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    assessment = project.content / "assessment.yaml"
    text = assessment.read_text(encoding="utf-8")
    first = text.index("objectives: [alpha-goal]")
    both = text[:first] + "objectives: [alpha-goal, beta-goal]" + text[first + len("objectives: [alpha-goal]") :]
    assessment.write_text(both, encoding="utf-8")
    course = load_course(project.content)
    assert course.lessons_of(course.assessment[0]) == ("alpha", "beta")
    assert course.lessons_of(course.lessons[0].check[0]) == ("alpha",)
    assert next(q.id for q in course.questions_of(course.lessons[1].objectives[0])) == course.assessment[0].id

    assessment.write_text(both.replace("[beta-goal]", "[beta-gaol]", 1), encoding="utf-8")
    lesson = project.content / "lessons" / "02-beta.yaml"
    with lesson.open("a", encoding="utf-8") as end:
        end.write("  - id: alpha-goal\n    text: göra något annat\n")
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    message = str(caught.value)
    assert (
        "assessment.yaml:18: objectives: 'beta-gaol' is not a learning objective; did you mean 'beta-goal'?" in message
    )
    assert "02-beta.yaml:" in message
    assert "'alpha-goal' is already the id of an objective at" in message

    assessment.write_text(both.replace("[alpha-goal, beta-goal]", "[alpha-goal, alpha-goal]"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    assert "assessment.yaml:4: questions[1].objectives[2]: 'alpha-goal' is named twice" in str(caught.value)
