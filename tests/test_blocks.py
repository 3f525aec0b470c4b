"""course.blocks gives exactly the markup of the macros it replaces (tests/fixtures/blocks-macros.html): every
question and decision scenario of the real course in every language it ships, and questions of every type whose
texts hold what markup and `flat` treat specially (line breaks, indentation, <, &, quotes)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import DictLoader, Template
from markupsafe import Markup

from course.blocks import decision_html, question_html
from course.catalogs import load_locale
from course.content import load_course
from course.markdown import inline_html
from course.markup import prose_html, remembered
from course.model import Choice, Course, Question, QuestionType, Text
from course.render import choice_order, make_environment
from course.translations import LocaleTexts

REPO = Path(__file__).resolve().parent.parent
REFERENCE = (Path(__file__).resolve().parent / "fixtures" / "blocks-macros.html").read_text(encoding="utf-8")
COURSE = load_course(REPO / "course" / "content")
CALLS = (
    '{% from "labels" import block_labels with context %}'
    '{% from "reference" import question_block, decision_block with context %}'
    "{% if question %}{{ question_block(question, p, t, choice_order) }}"
    "@@{{ question_html(question, p, t, choice_order, block_labels) }}"
    "{% else %}{{ decision_block(decision, p, t, md) }}@@{{ decision_html(decision, p, t, md, block_labels) }}"
    "{% endif %}"
)


def both_forms() -> Template:
    """A template with the reference macros that calls both forms, with the labels of the real macros.html."""
    env = make_environment()
    labels = (REPO / "course" / "templates" / "macros.html").read_text(encoding="utf-8")
    env.loader = DictLoader({"labels": labels, "reference": REFERENCE})
    return env.from_string(CALLS)


TEMPLATE = both_forms()


def both(texts: LocaleTexts, **values: Any) -> tuple[str, str]:
    """The reference macro's markup and course.blocks', for one question or decision scenario."""
    calls = {name: remembered(call) for name, call in texts.callables().items()}
    translate = texts.translate

    def md(text: Text) -> Markup:
        return inline_html(translate(text), "80 %")

    rendered = TEMPLATE.render(
        {"question": None, "decision": None, **values},
        p=texts.catalog.locale,
        t=translate,
        md=md,
        choice_order=choice_order(translate),
        prose=prose_html,
        question_html=question_html,
        decision_html=decision_html,
        _=calls["gettext"],
        **calls,
    )
    before, after = rendered.split("@@")
    return before, after


def locale_texts(code: str) -> LocaleTexts:
    return LocaleTexts(load_locale(REPO / "locales", code, "sv"), "sv")


def questions(course: Course) -> list[Question]:
    return [*(question for lesson in course.lessons for question in lesson.check), *course.assessment]


@pytest.mark.parametrize("code", ["sv", "en", "fi", "ar"])
def test_every_question_and_scenario_is_the_macros_markup(code: str) -> None:
    texts = locale_texts(code)
    assert {question.type for question in questions(COURSE)} == {
        "single",
        "multiple",
        "true-false",
        "sequencing",
        "matching",
    }
    for question in questions(COURSE):
        before, after = both(texts, question=question)
        assert after == before, question.id
    decisions = [lesson.decision for lesson in COURSE.lessons if lesson.decision]
    assert {ending.outcome for decision in decisions for ending in decision.endings} == {"good", "mixed", "bad"}
    for decision in decisions:
        before, after = both(texts, decision=decision)
        assert after == before, decision.id


texts_with_edges = st.text(alphabet="ab <>&\"'\n\t", max_size=10)


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(["single", "multiple", "true-false", "sequencing", "matching"]),
    st.lists(st.tuples(texts_with_edges, texts_with_edges, texts_with_edges), min_size=1, max_size=3),
    texts_with_edges,
)
def test_questions_with_any_text_are_the_macros_markup(
    kind: QuestionType, parts: list[tuple[str, ...]], stem: str
) -> None:
    def text(source: str, where: str) -> Text:
        return Text(source, where, "", "f", 1)

    choices = tuple(
        Choice(f"c{index}", text(label, f"l{index}"), text(feedback, f"f{index}"), index == 0, text(match, f"m{index}"))
        for index, (label, feedback, match) in enumerate(parts)
    )
    question = Question(
        "q-1",
        kind,
        text(stem, "stem"),
        choices,
        "",
        "f",
        1,
        True,
        text(stem + "t", "t"),
        text(stem + "f", "f"),
    )
    before, after = both(locale_texts("sv"), question=question)
    assert after == before


def test_a_block_is_markup_with_its_texts_escaped() -> None:
    question = next(question for question in questions(COURSE) if question.type == "single")
    stem = Text("<b>x</b> & y", "stem", "", "f", 1)
    changed = Question(question.id, "single", stem, question.choices, "", "f", 1)
    translate: Callable[[Text], str] = lambda found: found.source  # noqa: E731
    html = question_html(changed, "sv", translate, choice_order(translate), {})
    assert isinstance(html, Markup)
    assert '<legend class="stem">&lt;b&gt;x&lt;/b&gt; &amp; y</legend>' in html
