"""The content model: frozen data classes that every later stage reads and none changes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Text:
    """One unit of translation: a title, a paragraph, a list item, a question stem, an option or a feedback.

    `source` is the Swedish text (inline Markdown where the field allows it), `context` the stable gettext
    context (lesson or question id and field), `comment` what the translator needs to know, and `file`/`line`
    where an author finds it.
    """

    source: str
    context: str
    comment: str
    file: str
    line: int


Standard = Literal["scorm12", "scorm2004", "cmi5"]
STANDARDS: tuple[Standard, ...] = ("scorm12", "scorm2004", "cmi5")
# The SCORM 2004 item's own objective, which carries the course's pass mark: no learning objective may take its id.
PRIMARY_OBJECTIVE = "mastery"

BlockKind = Literal["p", "ul", "ol"]


@dataclass(frozen=True)
class Block:
    """A paragraph (one item) or a flat list (one item per list entry)."""

    kind: BlockKind
    items: tuple[Text, ...]


@dataclass(frozen=True)
class Prose:
    """A Markdown field, split into translatable blocks."""

    blocks: tuple[Block, ...]

    def texts(self) -> Iterator[Text]:
        for block in self.blocks:
            yield from block.items


QuestionType = Literal["single", "multiple", "true-false", "sequencing", "matching"]


@dataclass(frozen=True)
class Choice:
    """An option (single, multiple), an item to order (sequencing) or a pair to match (matching).

    For sequencing the choices stand in the correct order; for matching `match` is the right partner.
    """

    id: str
    text: Text
    feedback: Text
    correct: bool = False
    match: Text | None = None


@dataclass(frozen=True)
class Question:
    """A question of a knowledge check or of the final assessment, the same in every language.

    A knowledge check belongs to its `lesson`; an assessment question has no lesson of its own ("") and names
    the learning `objectives` it tests instead, which may belong to several lessons.
    """

    id: str
    type: QuestionType
    stem: Text
    choices: tuple[Choice, ...]
    lesson: str
    file: str
    line: int
    true_statement: bool = False
    feedback_true: Text | None = None
    feedback_false: Text | None = None
    objectives: tuple[str, ...] = ()

    def texts(self) -> Iterator[Text]:
        yield self.stem
        for choice in self.choices:
            yield choice.text
            if choice.match is not None:
                yield choice.match
            yield choice.feedback
        if self.feedback_true is not None:
            yield self.feedback_true
        if self.feedback_false is not None:
            yield self.feedback_false


@dataclass(frozen=True)
class Objective:
    """What a learner can do after a lesson: `text` completes "Efter lektionen kan du …" and is reported to the LMS."""

    id: str
    text: Text
    lesson: str
    line: int


@dataclass(frozen=True)
class Scenario:
    title: Text
    body: Prose


Outcome = Literal["good", "mixed", "bad"]
OUTCOMES: tuple[Outcome, ...] = ("good", "mixed", "bad")


@dataclass(frozen=True)
class DecisionChoice:
    """What the learner may do at a step: what it led to (`consequence`) and where it goes (a step or an ending)."""

    id: str
    text: Text
    consequence: Prose
    next: str
    line: int


@dataclass(frozen=True)
class DecisionStep:
    id: str
    prompt: Text
    choices: tuple[DecisionChoice, ...]
    line: int


@dataclass(frozen=True)
class DecisionEnding:
    """Where a path ends: how it went (`text`) and what the lesson's principle would have suggested."""

    id: str
    outcome: Outcome
    title: Text
    text: Prose
    principle: Prose
    line: int


@dataclass(frozen=True)
class Decision:
    """A decision scenario: a situation, then steps of two or three choices, each leading on to a step or an ending.

    Not scored. The first step is where it starts; `course.decisions` has checked that every path ends and every
    step and ending is reached, so the steps form a tree-like graph without cycles.
    """

    id: str
    title: Text
    situation: Prose
    steps: tuple[DecisionStep, ...]
    endings: tuple[DecisionEnding, ...]
    line: int

    def texts(self) -> Iterator[Text]:
        yield self.title
        yield from self.situation.texts()
        for step in self.steps:
            yield step.prompt
            for choice in step.choices:
                yield choice.text
                yield from choice.consequence.texts()
        for ending in self.endings:
            yield ending.title
            yield from ending.text.texts()
            yield from ending.principle.texts()

    def depth(self) -> int:
        """The most decisions on one path: what suspend data must hold for the scenario."""
        steps = {step.id: step for step in self.steps}

        def below(step_id: str) -> int:
            step = steps.get(step_id)
            return 0 if step is None else 1 + max(below(choice.next) for choice in step.choices)

        return below(self.steps[0].id) if self.steps else 0


@dataclass(frozen=True)
class Lesson:
    """One principle: the author's words, the teaching, a scenario, a reflection, key points and a check."""

    id: str
    number: int
    title: Text
    objectives: tuple[Objective, ...]
    principle: Prose
    intro: Prose
    why: Prose
    social: Prose
    scenario: Scenario
    reflection: Prose
    key_points: tuple[Text, ...]
    check: tuple[Question, ...]
    file: str
    decision: Decision | None = None

    def texts(self) -> Iterator[Text]:
        yield self.title
        for objective in self.objectives:
            yield objective.text
        for prose in (self.principle, self.intro, self.why, self.social):
            yield from prose.texts()
        yield self.scenario.title
        yield from self.scenario.body.texts()
        if self.decision is not None:
            yield from self.decision.texts()
        yield from self.reflection.texts()
        yield from self.key_points
        for question in self.check:
            yield from question.texts()


@dataclass(frozen=True)
class Attribution:
    """What CC BY requires us to show: author, work, licence with its link, and that we adapted it."""

    author: str
    work: str
    licence: str
    licence_url: str
    note: Prose


@dataclass(frozen=True)
class CourseInfo:
    """What course.yaml says: identity, languages, passing score, credit, and the start and summary texts.

    `iri` is the base of the course's cmi5 identifiers (course.yaml's `iri:`, or a URN built from the id): the
    course is `iri`, its AU and objectives IRIs below it.
    """

    id: str
    title: Text
    description: Text
    source_locale: str
    locales: tuple[str, ...]
    passing_score: int
    minutes: int
    attribution: Attribution
    start: Prose
    summary: Prose
    iri: str
    toolkit: Prose = Prose(())
    report_decisions: bool = True

    def texts(self) -> Iterator[Text]:
        yield self.title
        yield self.description
        yield from self.attribution.note.texts()
        yield from self.start.texts()
        yield from self.summary.texts()
        yield from self.toolkit.texts()


@dataclass(frozen=True)
class Logo:
    """The organisation's logo as it ships: `data` is the checked file, `path` its name inside the package, `width`
    and `height` its intrinsic size (the page shows it at a fixed height, in its own proportions)."""

    path: str
    data: bytes
    alt: Text
    width: int
    height: int


@dataclass(frozen=True)
class Contact:
    """Whom the organisation's staff ask: a role (translatable), an e-mail address and/or an intranet page."""

    role: Text
    email: str
    page: str


@dataclass(frozen=True)
class Document:
    """One of the organisation's own documents, linked from the start page and the summary."""

    title: Text
    url: str


@dataclass(frozen=True)
class LocalNote:
    """What the organisation adds to a lesson ("Hos oss"): Markdown under the course text's rules."""

    lesson: str
    body: Prose


@dataclass(frozen=True)
class Organisation:
    """An organisation profile (organisations/<slug>/organisation.yaml): what makes a package that organisation's.

    `name` is a proper name and is never translated; the other texts are, in the organisation's own catalogs.
    `passing_score` and `locales` replace the course's (`course.organisation.applied`); `accent` is a checked
    "#rrggbb" whose palette keeps WCAG AA contrast (`course.contrast`).
    """

    slug: str
    name: str
    logo: Logo
    accent: str
    contact: Contact
    documents: tuple[Document, ...]
    notes: tuple[LocalNote, ...]
    passing_score: int
    locales: tuple[str, ...]
    file: str

    def note(self, lesson: str) -> Prose | None:
        return next((note.body for note in self.notes if note.lesson == lesson), None)

    def texts(self) -> Iterator[Text]:
        """Every translatable unit of the profile, in the order the page shows them."""
        yield self.logo.alt
        yield self.contact.role
        for document in self.documents:
            yield document.title
        for note in self.notes:
            yield from note.body.texts()


@dataclass(frozen=True)
class Course:
    """The course as one package shows it: with an organisation profile applied (`course.organisation.applied`),
    `info` carries that organisation's identity, pass mark and languages, and `organisation` its profile."""

    info: CourseInfo
    lessons: tuple[Lesson, ...]
    assessment: tuple[Question, ...]
    organisation: Organisation | None = None

    def texts(self) -> Iterator[Text]:
        """Every translatable unit of the content, in reading order."""
        yield from self.info.texts()
        for lesson in self.lessons:
            yield from lesson.texts()
        for question in self.assessment:
            yield from question.texts()

    def questions(self) -> Iterator[Question]:
        for lesson in self.lessons:
            yield from lesson.check
        yield from self.assessment

    def objectives(self) -> Iterator[Objective]:
        for lesson in self.lessons:
            yield from lesson.objectives

    def decisions(self) -> Iterator[Decision]:
        for lesson in self.lessons:
            if lesson.decision is not None:
                yield lesson.decision

    def lessons_of(self, question: Question) -> tuple[str, ...]:
        """The lessons a question belongs to: a check's own, or those of the objectives it tests, in course order."""
        if question.lesson:
            return (question.lesson,)
        tested = set(question.objectives)
        return tuple(
            lesson.id for lesson in self.lessons if any(objective.id in tested for objective in lesson.objectives)
        )

    def questions_of(self, objective: Objective) -> tuple[Question, ...]:
        """The assessment questions that test an objective."""
        return tuple(question for question in self.assessment if objective.id in question.objectives)
