"""The markup the templates ask for thousands of times per locale, made in Python: a Jinja macro or filter chain
costs more than the markup it makes, and a locale of 200 lessons has 4,764 Markdown fields, 818 questions and
scenarios to flatten and 9,000 interface messages to look up. Each gives exactly what its template form gave."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from course.model import Prose, Text

# What `flat` removes, in this order: the template's indentation, deepest first, then the empty lines left (twice,
# since one pass of "\n\n" leaves one of every two in a run of empty lines).
FLAT_STEPS = ("\n          ", "\n        ", "\n      ", "\n    ", "\n  ", "\n\n", "\n\n")


def prose_html(text: Prose, markdown: Callable[[Text], Markup]) -> Markup:
    """A Markdown field as the page shows it: each paragraph a <p>, each flat list a <ul> or <ol> of its items,
    every unit rendered by `markdown` (the locale's translation through course.markdown.inline_html)."""
    parts = []
    for block in text.blocks:
        if block.kind == "p":
            parts.append(f"<p>{markdown(block.items[0])}</p>\n")
        else:
            items = "".join(f"  <li>{markdown(item)}</li>\n" for item in block.items)
            parts.append(f"<{block.kind}>\n{items}</{block.kind}>\n")
    return Markup("".join(parts))


def flat(markup: Markup) -> Markup:
    """Markup without the indentation the template is written in, nor empty lines: white space between tags
    means nothing where the templates use it (no element there keeps it as written)."""
    html = str(markup)
    for step in FLAT_STEPS:
        html = html.replace(step, "\n")
    return Markup(html)


def remembered(function: Callable[..., Markup]) -> Callable[..., Markup]:
    """`function` (one of a locale's gettext family) answering a call it has answered before from memory: every
    lesson asks for its headings, labels and buttons again. The answer depends on the message and the values
    alone (a miss is counted once however often it is asked for), and the values' types are part of the question,
    since a text is escaped where Markup equal to it is not."""
    answers: dict[tuple[Any, ...], Markup] = {}

    def call(*args: Any, **values: Any) -> Markup:
        key = (args, tuple(map(type, args)), tuple(values.items()), tuple(map(type, values.values())))
        try:
            answer = answers.get(key)
        except TypeError:  # a value that cannot be a key (none of the templates' is): asked each time
            return function(*args, **values)
        if answer is None:
            answer = answers[key] = function(*args, **values)
        return answer

    return call
