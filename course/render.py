"""Render each locale of the course from the templates, its frame and its other views; and the runtime as it ships,
with the settings it reads (course.site assembles the packages from them).

Each locale ships in two parts. Its frame (the root with its strings, header, menu, footer and the start view) is
what a learner needs before the start page shows: the launch page holds the package's first locale's (the source
language, the main audience), so it paints as the page is parsed, and every other locale's travels in its own script,
`locales/<code>.js`, loaded only when the learner needs that language. The rest of its views (lessons, checks,
assessment, results, summary) is a script of its own, `views/<code>.js`, which the runtime loads when one of them is
needed and, once the start page shows, in the background, so that no learner waits for the whole course before the
first page and none downloads every language. A classic script is the one way to load them that works from file://
and under the page's Content-Security-Policy (no fetch, no inline script)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from course.blocks import decision_html, question_html
from course.catalogs import LocaleCatalog
from course.cldr import percent, plural_samples, presented
from course.markdown import PASSING_SLOT
from course.markdown_cache import KeptMarkdown
from course.markup import flat, prose_html, remembered
from course.minify import bundled, minified
from course.model import Course, Question, Standard, Text
from course.pseudo import DATA_LOCALE, PSEUDO_DIRECTIONS, PSEUDO_NAME, is_pseudo, pseudo_text
from course.translations import LocaleTexts

PACKAGE = Path(__file__).parent
TEMPLATES = PACKAGE / "templates"
RUNTIME = PACKAGE / "runtime"
LAUNCH_PAGE = "index.html"
KEYS = "course"  # views/course.js: what the views need of the config, the same in every locale
RUNTIME_STYLES = ("course.css",)
RUNTIME_SCRIPT = "course.js"  # the package's runtime scripts, in one file
SCRIPT_ORDER = RUNTIME / "scripts.json"  # the runtime's scripts in load order; tests/js/runtime.js reads it too


def runtime_scripts(standard: Standard) -> tuple[str, ...]:
    """Classic scripts in load order (file:// pages cannot load ES modules), each adding one namespace. A package
    carries the adapter of its own standard only, so it talks to that standard's API and to no other."""
    order = json.loads(SCRIPT_ORDER.read_text(encoding="utf-8"))
    adapter: list[str] = order["adapters"][standard]
    names = [*order["tracking"], *order["page"]]
    return tuple(str(file) for name in names for file in (adapter if name == "adapter" else [name]))


@dataclass(frozen=True)
class LocaleInfo:
    """How a locale presents itself: its code, its name in its own language, its writing direction."""

    code: str
    name: str
    direction: str

    @classmethod
    @functools.cache  # asked for by the build and by each locale's render; Babel's data for a code does not change
    def of(cls, code: str) -> LocaleInfo:
        if is_pseudo(code):
            return cls(code, pseudo_text(PSEUDO_NAME), PSEUDO_DIRECTIONS[code])
        return cls(code, *presented(code))

    @property
    def data_locale(self) -> str:
        """The locale whose CLDR data (plural rules, number formats) applies; pseudo-locales borrow English."""
        return DATA_LOCALE if is_pseudo(self.code) else self.code


@dataclass(frozen=True)
class RenderedLocale:
    locale: LocaleInfo
    title: str
    description: str
    html: Markup  # the frame: the root with the strings, header, menu, footer and the start view
    views: Markup  # every other view, which the runtime puts into the frame's main when they arrive
    fallbacks: int
    objectives: dict[str, str]  # each learning objective's text by its id, for the cmi5 course structure


def make_environment() -> Environment:
    """Autoescape on (translators' text is untrusted), StrictUndefined (a typo fails the build), i18n trimmed."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.policies["ext.i18n.trimmed"] = True
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # the i18n extension's switch; the callables are per call
    env.filters["plain"] = plain_text
    env.filters["flat"] = flat
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def isolate(value: str) -> Markup:
    """Names and titles kept in their own script (Latin in Arabic text) read in their own direction."""
    return Markup("<bdi>%s</bdi>") % value


def plain_text(value: object) -> str:
    """Undo HTML escaping for text that goes into JSON (then escaped by `tojson`) rather than into HTML."""
    return Markup(value).unescape() if isinstance(value, Markup) else str(value)


@dataclass(frozen=True)
class LocaleCatalogs:
    """What one locale is rendered from: the course's catalog, and the organisation's own when the package is an
    organisation's (its texts are in their own domain, so the course's catalogs stay the same for every one)."""

    course: LocaleCatalog
    organisation: LocaleCatalog | None = None


def render_locale(
    env: Environment, course: Course, catalogs: LocaleCatalogs, package_locales: list[LocaleInfo], visible: bool
) -> RenderedLocale:
    info = LocaleInfo.of(catalogs.course.locale)
    organisation = "" if course.organisation is None else course.organisation.slug
    kept = KeptMarkdown(f"{course.info.id} {organisation} {info.code}")
    counter = LocaleTexts(catalogs.course, course.info.source_locale, kept.html)
    own = LocaleTexts(catalogs.organisation or catalogs.course, course.info.source_locale, kept.html)
    passing = percent(course.info.passing_score, info.data_locale)

    def markdown(text: Text) -> Markup:
        return kept.html(counter.translate(text), passing)

    def own_markdown(text: Text) -> Markup:
        return kept.html(own.translate(text), passing)

    callables = {name: remembered(call) for name, call in counter.callables().items()}

    context: dict[str, Any] = {
        "course": course,
        "organisation": course.organisation,
        "locale": info,
        "locales": package_locales,
        "t": counter.translate,
        "md": markdown,
        "ot": own.translate,  # the organisation's texts, from its own catalog
        "omd": own_markdown,
        "passing": PASSING_SLOT % passing,  # the pass mark in its slot, as Markdown's %(passing)s renders it
        "plural_samples": plural_samples(info.data_locale),
        "choice_order": choice_order(counter.translate),
        "visible": visible,
        "Markup": Markup,
        "bdi": isolate,
        "prose": prose_html,
        "question_html": question_html,
        "decision_html": decision_html,
        **callables,
        "_": callables["gettext"],  # what the i18n extension's `_` would call, without its call through the context
    }
    html = dedented(env.get_template("locale.html").render(context))
    views = dedented(env.get_template("views.html").render(context))
    title, description = counter.translate(course.info.title), counter.translate(course.info.description)
    # As plain text, the way the page shows them (the LMS gets no Markdown): "*vet*" is "vet", "&amp;" is "&".
    objectives = {objective.id: markdown(objective.text).striptags() for objective in course.objectives()}
    missing = len(counter.missing) + len(own.missing)
    kept.keep()
    return RenderedLocale(info, title, description, html, views, missing, objectives)


INDENT = re.compile(r"\n[ \t]+")


def dedented(html: str) -> Markup:
    """The rendered markup without the templates' indentation, which the learner downloads and never sees (about
    a twentieth of a page): the course's markup has no <pre> or <textarea>, and no style keeps white space."""
    return Markup(INDENT.sub("\n", html))


def choice_order(translate: Callable[[Text], str]) -> Callable[[Question], list[Any]]:
    """Matching targets sorted by their translated text, so the list's order gives no answer away."""

    def order(question: Question) -> list[Any]:
        return sorted(question.choices, key=lambda choice: translate(choice.match) if choice.match else "")

    return order


def runtime_config(course: Course, locales: list[str]) -> dict[str, Any]:
    """What the script needs besides the text: ids, answer keys and the passing score, the same in every locale.
    The learning objectives are the LMS's objectives; their texts, which the LMS gets as descriptions, are in each
    locale's page (the lesson's `data-objective` list), in the learner's language. A decision scenario is its
    graph: each step's choices as [choice id, the step or ending it leads to]."""
    questions = {}
    for question in course.questions():
        if question.type == "true-false":
            choices, correct = ["true", "false"], ["true" if question.true_statement else "false"]
        elif question.type in ("single", "multiple"):
            choices = [choice.id for choice in question.choices]
            correct = [choice.id for choice in question.choices if choice.correct]
        else:
            choices = correct = [choice.id for choice in question.choices]
        questions[question.id] = {
            "type": question.type,
            "lessons": list(course.lessons_of(question)),
            "objectives": list(question.objectives),
            "choices": choices,
            "correct": correct,
        }
    return {
        "id": course.info.id,
        "passingScore": course.info.passing_score,
        "sourceLocale": course.info.source_locale,
        "locales": locales,
        "lessons": [lesson.id for lesson in course.lessons],
        "objectives": [{"id": objective.id, "lesson": objective.lesson} for objective in course.objectives()],
        "checks": {lesson.id: [question.id for question in lesson.check] for lesson in course.lessons},
        "assessment": [question.id for question in course.assessment],
        "questions": questions,
        "decisions": {
            decision.id: {
                "start": decision.steps[0].id,
                "depth": decision.depth(),
                "steps": {step.id: [[choice.id, choice.next] for choice in step.choices] for step in decision.steps},
            }
            for decision in course.decisions()
        },
        "reportDecisions": course.info.report_decisions,
    }


def shipped(name: str) -> bytes:
    """A runtime file as it ships: minified."""
    return minified(name, (RUNTIME / name).read_bytes())


def runtime_script(standard: Standard) -> bytes:
    """The package's scripts in load order, in one file (course.minify.bundled). One request instead of nine: an
    LMS that serves every file through its own access check answers one much sooner."""
    return bundled([(name, shipped(name)) for name in runtime_scripts(standard)])
