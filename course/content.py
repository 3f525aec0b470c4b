"""Load the course's source files into the content model, collecting every problem before one error.

A content file is course.yaml, assessment.yaml or lessons/NN-<id>.yaml; each is read by `course.reader`, which
holds it to what content may be before parsing it, and keeps every value's line. Every .yaml file in the content
folder must be one of them, since the translation extractor reads them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import TypeVar

import yaml

from course.content_files import content_files, lesson_number
from course.decisions import read_decision, scenario_id_problems
from course.errors import ContentError, Problem, in_file_order
from course.inputs import PSEUDO_LOCALES, InputError, babel_code, language_tag, read_input, shown
from course.model import Attribution, Course, CourseInfo, Lesson, Prose, Question, Scenario, Text
from course.objectives import objective_problems, read_objectives
from course.paths import CONTENT_FILE_LIMIT, display_path
from course.questions import read_question
from course.reader import FileReader

KEY_POINTS_MIN, KEY_POINTS_MAX = 1, 5
WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+")

T = TypeVar("T")


def lesson_comment(lesson_number: int, part: str) -> str:
    return f"Lesson {lesson_number}, {part}."


LESSON_KEYS = (
    "id",
    "title",
    "objectives",
    "principle",
    "intro",
    "why",
    "social",
    "scenario",
    "reflection",
    "key_points",
    "check",
)


def read_lesson(reader: FileReader, node: yaml.Node, number: int) -> Lesson | None:
    before = len(reader.problems)
    fields = reader.mapping(node, "", LESSON_KEYS, ("decision",))
    if not fields:
        return None
    lid = reader.slug(fields.get("id"), "id")
    ctx = f"lesson/{lid}"

    def prose(key: str, what: str) -> Prose:
        return reader.prose(fields.get(key), key, f"{ctx}/{key}", lesson_comment(number, what))

    title = reader.text(
        fields.get("title"),
        "title",
        f"{ctx}/title",
        lesson_comment(number, "title: the principle as a short imperative; also a menu entry"),
    )
    scenario_fields = reader.mapping(fields.get("scenario"), "scenario", ("title", "body"))
    scenario = Scenario(
        reader.text(
            scenario_fields.get("title"),
            "scenario.title",
            f"{ctx}/scenario/title",
            lesson_comment(number, "title of the scenario"),
        ),
        reader.prose(
            scenario_fields.get("body"), "scenario.body", f"{ctx}/scenario/body", lesson_comment(number, "scenario")
        ),
    )
    key_points = tuple(
        reader.text(item, f"key_points[{index + 1}]", f"{ctx}/key_points", lesson_comment(number, "a key point"))
        for index, item in enumerate(
            reader.sequence(fields.get("key_points"), "key_points", KEY_POINTS_MIN, KEY_POINTS_MAX)
        )
    )
    check_nodes = reader.sequence(fields.get("check"), "check", 1, 5)
    check = [read_question(reader, item, f"check[{index + 1}]", lid) for index, item in enumerate(check_nodes)]
    lesson = Lesson(
        id=lid,
        number=number,
        title=title,
        objectives=read_objectives(reader, fields.get("objectives"), lid, number),
        principle=prose("principle", "the principle in the source author's words (a quotation)"),
        intro=prose("intro", "introduction"),
        why=prose("why", "section 'Why it matters in a municipality'"),
        social=prose("social", "section 'On social media and in employer branding'"),
        scenario=scenario,
        reflection=prose("reflection", "reflection question for the learner (not scored)"),
        key_points=key_points,
        check=tuple(question for question in check if question is not None),
        file=reader.name,
        decision=read_decision(reader, fields.get("decision"), number),
    )
    return lesson if len(reader.problems) == before else None


def read_assessment(reader: FileReader, node: yaml.Node) -> tuple[Question, ...] | None:
    before = len(reader.problems)
    fields = reader.mapping(node, "", ("questions",))
    nodes = reader.sequence(fields.get("questions"), "questions", 1, 100)
    questions = [read_question(reader, item, f"questions[{i + 1}]", None) for i, item in enumerate(nodes)]
    found = tuple(question for question in questions if question is not None)
    return found if len(reader.problems) == before else None


def read_locale(reader: FileReader, node: yaml.Node | None, where: str) -> str:
    """A language code that can name a catalog, a folder, a zip entry and a script: a well-formed language tag
    Babel knows (course.inputs decides); pseudo-locales are built on request, never listed."""
    value = reader.scalar(node, where)
    if not value or node is None:
        return ""
    if value in PSEUDO_LOCALES:
        reader.problem(
            reader.line_of(node),
            f"{where}: {value} is a pseudo-locale; build it with `course build --locale {value}`, do not list it",
        )
        return ""
    try:
        return language_tag(value)
    except InputError as error:
        reader.problem(reader.line_of(node), f"{where}: {error}")
        return ""


def read_locales(reader: FileReader, node: yaml.Node | None) -> tuple[str, ...]:
    """The shipped languages, each once (pt-BR and pt_BR are one language)."""
    codes: list[str] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(reader.sequence(node, "locales", 1, 50), start=1):
        code = read_locale(reader, item, f"locales[{index}]")
        same = babel_code(code)
        if code and same in seen:
            reader.problem(
                reader.line_of(item), f"locales[{index}]: {code} is listed already as locales[{seen[same]}]; keep one"
            )
        elif code:
            seen[same] = index
        codes.append(code)
    return tuple(codes)


def read_web_address(reader: FileReader, node: yaml.Node | None, where: str) -> str:
    value = reader.scalar(node, where)
    if value and node is not None and not WEB_ADDRESS.fullmatch(value):
        reader.problem(reader.line_of(node), f"{where}: expected a web address (https://…), got {shown(value)}")
        return ""
    return value


COURSE_KEYS = (
    "id",
    "title",
    "description",
    "source_locale",
    "locales",
    "passing_score",
    "attribution",
    "start",
    "summary",
)
ATTRIBUTION_KEYS = ("author", "work", "licence", "licence_url", "note")
DEFAULT_MINUTES = 30
DEFAULT_IRI = "urn:ledarskap-course:{id}"  # the base of the cmi5 IRIs when course.yaml names none


def read_header(reader: FileReader, node: yaml.Node) -> CourseInfo | None:
    before = len(reader.problems)
    fields = reader.mapping(node, "", COURSE_KEYS, ("minutes", "toolkit", "report_decisions", "iri"))
    if not fields:
        return None
    source = read_locale(reader, fields.get("source_locale"), "source_locale")
    locales = read_locales(reader, fields.get("locales"))
    if source and locales and source not in locales:
        reader.problem(reader.line_of(fields["locales"]), f"locales: must include the source locale '{source}'")
    credit = reader.mapping(fields.get("attribution"), "attribution", ATTRIBUTION_KEYS)
    author, work, licence = (reader.scalar(credit.get(key), f"attribution.{key}") for key in ATTRIBUTION_KEYS[:3])
    licence_url = read_web_address(reader, credit.get("licence_url"), "attribution.licence_url")
    note = reader.prose(
        credit.get("note"),
        "attribution.note",
        "course/attribution",
        "Start page: credit for the source text (CC BY requires it).",
    )
    course_id = reader.slug(fields.get("id"), "id")
    info = CourseInfo(
        id=course_id,
        title=reader.text(fields.get("title"), "title", "course/title", "Course title: page title, LMS catalog."),
        description=reader.text(
            fields.get("description"),
            "description",
            "course/description",
            "Course description for the LMS catalog (package metadata).",
        ),
        source_locale=source,
        locales=locales,
        passing_score=reader.integer(fields.get("passing_score"), "passing_score", 0, 100),
        minutes=reader.integer(fields["minutes"], "minutes", 1, 600) if "minutes" in fields else DEFAULT_MINUTES,
        attribution=Attribution(author, work, licence, licence_url, note),
        start=reader.prose(fields.get("start"), "start", "course/start", "Start page: what the course is."),
        summary=reader.prose(fields.get("summary"), "summary", "course/summary", "Summary page: what to do next."),
        iri=reader.iri(fields["iri"], "iri") if "iri" in fields else DEFAULT_IRI.format(id=course_id),
        toolkit=reader.prose(
            fields.get("toolkit"),
            "toolkit",
            "course/toolkit",
            "Summary page: the reply toolkit, how to answer on social media (it prints with the page).",
        ),
        report_decisions=reader.boolean(fields["report_decisions"], "report_decisions")
        if "report_decisions" in fields
        else True,
    )
    return info if len(reader.problems) == before else None


def read_file(
    path: Path, read: Callable[[FileReader, yaml.Node], T | None], data: bytes | None = None
) -> tuple[T | None, list[Problem]]:
    """Parse one file (or `data` read from it already) with `read`; return the result and its problems."""
    reader = FileReader(path)
    if data is None:
        data = read_content_file(reader)
    elif len(data) > CONTENT_FILE_LIMIT:
        reader.problem(
            1, f"the file is {len(data):,} bytes, more than the {CONTENT_FILE_LIMIT:,} allowed; split or shorten it"
        )
    if data is None or reader.problems:
        return None, reader.problems
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        reader.problem(1, f"not UTF-8 text ({error.reason} at byte {error.start}); save the file as UTF-8")
        return None, reader.problems
    node = reader.parse(source)
    if node is None:
        if not reader.problems:
            reader.problem(1, "the file is empty")
        return None, reader.problems
    return read(reader, node), reader.problems


def read_content_file(reader: FileReader) -> bytes | None:
    """The file's bytes if it is a regular file inside the content folder, small enough; None after saying why."""
    try:
        return read_input(reader.path, reader.root, CONTENT_FILE_LIMIT)
    except FileNotFoundError:
        reader.problem(1, "file not found; see course/content/README.md for the files a course needs")
    except InputError as error:
        reader.problem(1, str(error))
    return None


def read_any(path: Path, data: bytes) -> tuple[list[Text], list[Problem]]:
    """The translatable texts of one content file, whichever kind it is (used by the Babel extractor)."""
    if path.name == "course.yaml":
        header, problems = read_file(path, read_header, data)
        return (list(header.texts()) if header else []), problems
    if path.name == "assessment.yaml":
        questions, problems = read_file(path, read_assessment, data)
        return [text for question in questions or () for text in question.texts()], problems
    lesson, problems = read_file(path, partial(read_lesson, number=lesson_number(path)), data)
    return (list(lesson.texts()) if lesson else []), problems


def unreadable_files(root: Path) -> list[Problem]:
    """What stops the .yaml files of the content folder from being read safely (a name that is no content file,
    a pipe, a folder, a link out, too large); for the translation extractor, which opens them all by itself."""
    files, problems = content_files(root)
    for path in [root / "course.yaml", *files, root / "assessment.yaml"]:
        reader = FileReader(path)
        read_content_file(reader)
        problems += reader.problems
    return problems


def load_course(root: Path, given: Mapping[Path, bytes] | None = None) -> Course:
    """Read and validate the whole course under `root`; raise ContentError listing every problem. `given` holds
    files read already (`course.content_cache`), which are parsed as they were read."""
    given = given or {}
    header, problems = read_file(root / "course.yaml", read_header, given.get(root / "course.yaml"))
    files, found = content_files(root)
    problems += found
    lessons: list[Lesson] = []
    if not files:
        problems.append(Problem(display_path(root / "lessons"), 1, "no lesson files (lessons/NN-<id>.yaml) found"))
    for path in files:
        lesson, found = read_file(path, partial(read_lesson, number=lesson_number(path)), given.get(path))
        problems += found
        if lesson is not None:
            lessons.append(lesson)
    assessment, found = read_file(root / "assessment.yaml", read_assessment, given.get(root / "assessment.yaml"))
    problems += found
    # A reference to a lesson that failed to load would only add noise, so references wait for good lessons.
    problems += cross_checks(lessons, assessment or (), check_references=len(lessons) == len(files))
    if problems or header is None or assessment is None:
        raise ContentError(in_file_order(problems))
    return Course(header, tuple(lessons), assessment)


def cross_checks(lessons: list[Lesson], assessment: tuple[Question, ...], check_references: bool) -> list[Problem]:
    """Rules that span files: unique lesson, question and objective ids; questions naming real objectives."""
    problems: list[Problem] = []
    lesson_ids: dict[str, Lesson] = {}
    for lesson in lessons:
        if lesson.id in lesson_ids:
            problems.append(
                Problem(
                    lesson.file,
                    1,
                    f"id: '{lesson.id}' is also the id of {lesson_ids[lesson.id].file}; lesson ids must be unique",
                )
            )
        lesson_ids[lesson.id] = lesson
    questions: dict[str, Question] = {}
    for question in [q for lesson in lessons for q in lesson.check] + list(assessment):
        if question.id in questions:
            first = questions[question.id]
            problems.append(
                Problem(
                    question.file,
                    question.line,
                    f"id: '{question.id}' is already used at {first.file}:{first.line}; "
                    "question ids must be unique in the course",
                )
            )
        questions[question.id] = question
    problems += objective_problems(lessons, assessment, check_references)
    problems += scenario_id_problems(lessons)
    return problems
