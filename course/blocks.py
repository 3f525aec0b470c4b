"""A question and a decision scenario as the page shows them, made in Python: in a locale of 200 lessons they are
818 blocks of a few dozen elements each, where a Jinja macro spent more on its calls and loops than on the markup.

The words on them are the catalogs' messages, asked for in course/templates/macros.html (`block_labels`), where
`course extract` finds each with its note to translators; the texts are the content's, translated by `t` (plain
text, escaped here) and `md` (Markdown, already markup). Ids are the locale, a word for
what the element is and the content ids it belongs to, joined by "_", which no slug holds: no two elements share an
id whatever the ids ("hint" as an option; "q"+"signals-true", "q-signals"). tests/test_blocks.py holds both to
the markup of the macros they replace, which the packages keep byte for byte.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from markupsafe import Markup, escape

from course.markup import flat, prose_html
from course.model import Choice, Decision, DecisionEnding, DecisionStep, Question, Text

Translate = Callable[[Text], str]
Labels = Mapping[str, Markup]  # the messages of course/templates/macros.html, by what they label


def question_html(
    question: Question, p: str, t: Translate, choice_order: Callable[[Question], list[Any]], labels: Labels
) -> Markup:
    """One question, the same markup in checks and in the assessment: native inputs in a fieldset, the stem as
    its legend, a hint where the type needs one, the verdict's slot before the choices, each choice's feedback."""
    ids = QuestionIds(p, question.id)
    lines = [
        f'<fieldset class="question" data-question="{escape(question.id)}" data-type="{escape(question.type)}">',
        f'<legend class="stem">{escape(t(question.stem))}</legend>',
    ]
    if question.type in ("multiple", "sequencing", "matching"):
        lines.append(f'<p class="hint" id="{ids.hint}">{labels["hint-" + question.type]}</p>')
    lines += ['<p data-slot="verdict" hidden></p>', '<ul class="choices" data-choices>']
    if question.type in ("single", "multiple"):
        for choice in question.choices:
            lines += option_choice(question, choice, ids, t)
    elif question.type == "true-false":
        for value, feedback in (("true", question.feedback_true), ("false", question.feedback_false)):
            lines += true_false_choice(value, labels[value], feedback, ids, t)
    else:
        if question.type == "sequencing":
            options = sequencing_options(question, labels)
        else:
            options = matching_options(question, choice_order, labels, t)
        for choice in question.choices:
            lines += select_choice(choice, options, ids, t)
    lines += ["</ul>", "</fieldset>"]
    return flat(Markup("\n".join(lines) + "\n"))


class QuestionIds:
    """The ids of a question's parts, escaped for an attribute."""

    def __init__(self, p: str, question_id: str) -> None:
        self.hint = escape(f"{p}_hint_{question_id}")
        self.option = escape(f"{p}_option_{question_id}_")
        self.group = escape(f"{p}_answer_{question_id}")


def option_choice(question: Question, choice: Choice, ids: QuestionIds, t: Translate) -> list[str]:
    kind = "radio" if question.type == "single" else "checkbox"
    described = f' aria-describedby="{ids.hint}"' if question.type == "multiple" else ""
    own = escape(choice.id)
    return [
        f'<li class="choice" data-choice="{own}">',
        f'<input type="{kind}" id="{ids.option}{own}" name="{ids.group}" value="{own}"{described}>',
        f'<label for="{ids.option}{own}">{escape(t(choice.text))}</label>',
        f'<p class="feedback" data-feedback="{own}" hidden>{escape(t(choice.feedback))}</p>',
        "</li>",
    ]


def true_false_choice(value: str, label: Markup, feedback: Text | None, ids: QuestionIds, t: Translate) -> list[str]:
    assert feedback is not None, "a true/false question has both feedbacks (course.questions)"
    return [
        f'<li class="choice" data-choice="{value}">',
        f'<input type="radio" id="{ids.option}{value}" name="{ids.group}" value="{value}">',
        f'<label for="{ids.option}{value}">{label}</label>',
        f'<p class="feedback" data-feedback="{value}" hidden>{escape(t(feedback))}</p>',
        "</li>",
    ]


def sequencing_options(question: Question, labels: Labels) -> list[str]:
    """A position drop-down's entries: none chosen yet, then 1 to the number of steps."""
    positions = range(1, len(question.choices) + 1)
    return [
        f'<option value="">{labels["position"]}</option>',
        *(f'<option value="{n}">{n}</option>' for n in positions),
    ]


def matching_options(
    question: Question, choice_order: Callable[[Question], list[Any]], labels: Labels, t: Translate
) -> list[str]:
    """A matching drop-down's entries: none chosen yet, then every partner, in the order that gives nothing away."""
    partners = [
        f'<option value="{escape(target.id)}">{escape(t(target.match))}</option>' for target in choice_order(question)
    ]
    return [f'<option value="">{labels["partner"]}</option>', *partners]


def select_choice(choice: Choice, options: list[str], ids: QuestionIds, t: Translate) -> list[str]:
    """An item to place (sequencing) or to match: its label, and a drop-down of `options`."""
    own = escape(choice.id)
    return [
        f'<li class="choice" data-choice="{own}">',
        f'<label for="{ids.option}{own}">{escape(t(choice.text))}</label>',
        f'<select id="{ids.option}{own}" name="{ids.option}{own}" data-item="{own}" aria-describedby="{ids.hint}">',
        *options,
        "</select>",
        f'<p class="feedback" data-feedback="{own}" hidden>{escape(t(choice.feedback))}</p>',
        "</li>",
    ]


def decision_html(decision: Decision, p: str, t: Translate, md: Callable[[Text], Markup], labels: Labels) -> Markup:
    """A decision scenario: the situation, then every step with its choices and the consequence of each, and the
    endings. All of it is in the markup and hidden; the script shows the learner's path, in the order taken, in
    its <div> (runtime/decisions.js), each choice's text once: its consequence names it from its button."""
    own = escape(f"{p}_decision_{decision.id}")
    decision_title = f'<span class="decision-title">{escape(t(decision.title))}</span>'
    lines = [
        f'<section class="decision" data-decision="{escape(decision.id)}" aria-labelledby="{own}">',
        f'<h2 id="{own}"><span class="scenario-label">{labels["decision"]}</span> {decision_title}</h2>',
        f'<p class="hint">{labels["decision-hint"]}</p>',
        prose_html(decision.situation, md),
        "<div>",
    ]
    for index, step in enumerate(decision.steps):
        lines += step_lines(step, own, index == 0, t, md, labels)
    for ending in decision.endings:
        lines += ending_lines(ending, t, md, labels)
    lines += [
        "</div>",
        '<p class="actions decision-restart" hidden>',
        f'<button type="button" class="button" data-action="restart-decision">{labels["restart"]}</button>',
        "</p>",
        "</section>",
    ]
    return flat(Markup("\n".join(lines) + "\n"))


def step_lines(
    step: DecisionStep, own: str, first: bool, t: Translate, md: Callable[[Text], Markup], labels: Labels
) -> list[str]:
    heading = f"{own}_{escape(step.id)}"
    lines = [
        f'<div data-step="{escape(step.id)}"{"" if first else " hidden"}>',
        f'<h3 id="{heading}">{escape(t(step.prompt))}</h3>',
        f'<ul class="decision-choices" aria-labelledby="{heading}">',
        *(f'<li><button data-choose="{escape(c.id)}">{escape(t(c.text))}</button></li>' for c in step.choices),
        "</ul>",
    ]
    for choice in step.choices:
        lines += [
            f'<div data-consequence="{escape(choice.id)}" hidden>',
            f'<p class="decision-chosen"><strong>{labels["chosen"]}</strong></p>',
            prose_html(choice.consequence, md),
            "</div>",
        ]
    return [*lines, "</div>"]


def ending_lines(ending: DecisionEnding, t: Translate, md: Callable[[Text], Markup], labels: Labels) -> list[str]:
    outcome = escape(ending.outcome)
    return [
        f'<div class="decision-ending" data-ending="{escape(ending.id)}" data-outcome="{outcome}" hidden>',
        "<h3>",
        f'<span class="outcome-label">{labels[f"outcome-{outcome}"]}</span>',
        f"{escape(t(ending.title))}</h3>",
        prose_html(ending.text, md),
        f"<h4>{labels['principle']}</h4>",
        prose_html(ending.principle, md),
        "</div>",
    ]
