"""Load the course's source files into the content model, collecting every problem before one error.

YAML is read as a node tree (not plain dicts) so every value keeps its line; Markdown fields are split into
paragraphs and list items with markdown-it, whose token map gives each unit's line inside the block.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TypeVar

import yaml
from babel import Locale, UnknownLocaleError
from markdown_it import MarkdownIt

from course.assets import file_targets, target_problem
from course.errors import ContentError, Problem
from course.markdown import PASSING, placeholder_names, placeholder_problem
from course.model import (
    Attribution,
    Block,
    BlockKind,
    Choice,
    Course,
    CourseInfo,
    Lesson,
    Prose,
    Question,
    QuestionType,
    Scenario,
    Text,
)

# libyaml's loader when PyYAML was built with it (the usual wheels are): the same nodes and marks, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SLUG = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
CHOICE_TYPES: tuple[QuestionType, ...] = ("single", "multiple")
QUESTION_TYPES: tuple[QuestionType, ...] = ("single", "multiple", "true-false", "sequencing", "matching")
CHOICES_MIN, CHOICES_MAX = 2, 6
ITEMS_MIN, ITEMS_MAX = 3, 6
KEY_POINTS_MIN, KEY_POINTS_MAX = 1, 5
MARKDOWN_HINT = "Markdown: keep **bold**, *italics* and [links](…) as in the source."
PASSING_HINT = f"{PASSING} is the pass mark in force, e.g. “80 %”; keep it (and write %% for a percent sign)."

T = TypeVar("T")


def display_path(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def describe(node: yaml.Node | None) -> str:
    """How a YAML value looks to a person, for 'expected X, got Y' messages."""
    if node is None:
        return "nothing"
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    kinds = {"int": "a number", "float": "a number", "bool": "true/false", "null": "nothing", "str": "a text"}
    kind = kinds.get(node.tag.rsplit(":", 1)[-1], "a value")
    return "nothing" if kind == "nothing" else f"{kind} ({str(node.value)[:40]!r})"


@dataclass
class FileReader:
    """Reads one YAML file and records its problems instead of raising at the first one."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    @property
    def name(self) -> str:
        return display_path(self.path)

    @property
    def root(self) -> Path:
        """The content folder: lessons live one level below it."""
        return self.path.parent.parent if self.path.parent.name == "lessons" else self.path.parent

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.name, line, message))

    def line_of(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def parse(self, source: str) -> yaml.Node | None:
        try:
            return yaml.compose(source, Loader=YAML_LOADER)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = int(mark.line) + 1 if mark else 1
            self.problem(line, f"this is not valid YAML ({error.problem}); check the indentation and quoting")
        except yaml.reader.ReaderError as error:
            line = source[: error.position].count("\n") + 1
            self.problem(line, f"character {error.character!r} is not allowed in YAML; remove it")
        return None

    def mapping(
        self, node: yaml.Node | None, where: str, required: tuple[str, ...], optional: tuple[str, ...] = ()
    ) -> dict[str, yaml.Node]:
        """The keys of a mapping node; reports a wrong type, missing keys and unknown keys (with a guess)."""
        if node is None and where:
            return {}
        if not isinstance(node, yaml.MappingNode):
            line = self.line_of(node) if node is not None else 1
            self.problem(
                line,
                f"{where or 'file'}: expected a mapping with {', '.join(required)}, got {describe(node)}",
            )
            return {}
        found: dict[str, yaml.Node] = {}
        allowed = required + optional
        for key_node, value_node in node.value:
            key = str(key_node.value)
            prefix = f"{where}." if where else ""
            if key in found:
                self.problem(self.line_of(key_node), f"{prefix}{key}: this key appears twice; keep one")
            elif key not in allowed:
                guess = difflib.get_close_matches(key, allowed, n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed keys are {', '.join(allowed)}"
                self.problem(self.line_of(key_node), f"{prefix}{key}: unknown key{hint}")
            found[key] = value_node
        for key in required:
            if key not in found:
                prefix = f"{where}." if where else ""
                self.problem(
                    self.line_of(node),
                    f"{prefix}{key}: required, but missing; add it (see course/content/README.md)",
                )
        return found

    def scalar(self, node: yaml.Node | None, where: str) -> str:
        """A non-empty text value; "" after reporting what was found instead.

        A missing key (node None) was reported by `mapping` already, so it is not reported twice. Readers return
        placeholders rather than None and compare problem counts, which keeps every value fully typed.
        """
        if node is None:
            return ""
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and str(node.value).strip():
            return str(node.value)
        self.problem(self.line_of(node), f"{where}: expected a text, got {describe(node)}")
        return ""

    def integer(self, node: yaml.Node | None, where: str, low: int, high: int) -> int:
        if node is None:
            return low
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":int"):
            value = int(node.value)
            if low <= value <= high:
                return value
            self.problem(self.line_of(node), f"{where}: expected a number from {low} to {high}, got {value}")
            return low
        self.problem(self.line_of(node), f"{where}: expected a whole number, got {describe(node)}")
        return low

    def boolean(self, node: yaml.Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":bool"):
            return str(node.value).lower() in {"true", "yes", "on"}
        self.problem(self.line_of(node), f"{where}: expected true or false, got {describe(node)}")
        return False

    def slug(self, node: yaml.Node | None, where: str) -> str:
        value = self.scalar(node, where)
        if value and node is not None and not SLUG.match(value):
            self.problem(
                self.line_of(node),
                f"{where}: expected an id of lowercase letters, digits and hyphens, starting with a letter, "
                f"got {value!r}",
            )
        return value

    def sequence(self, node: yaml.Node | None, where: str, low: int, high: int) -> list[yaml.Node]:
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(self.line_of(node), f"{where}: expected a list, got {describe(node)}")
            return []
        items = list(node.value)
        if not low <= len(items) <= high:
            self.problem(self.line_of(node), f"{where}: expected {low} to {high} entries, got {len(items)}")
        return items

    def text(self, node: yaml.Node | None, where: str, context: str, comment: str) -> Text:
        """A short, single-unit text (title, stem, option, feedback): whitespace folded like Jinja's `trimmed`."""
        value = self.scalar(node, where)
        line = self.line_of(node) if node is not None else 1
        if placeholder_names(value):
            self.problem(
                line,
                f"{where}: placeholders such as {PASSING} (the pass mark) work in Markdown fields only "
                "(start, summary, intro, …); write this text without it",
            )
        return Text(" ".join(value.split()), context, comment, self.name, line)

    def prose(self, node: yaml.Node | None, where: str, context: str, comment: str) -> Prose:
        """A Markdown field split into paragraphs and flat list items, each with its own line."""
        value = self.scalar(node, where)
        if node is None or not value:
            return Prose(())
        first_line = self.line_of(node) + (1 if getattr(node, "style", None) in ("|", ">") else 0)
        blocks: list[Block] = []
        for kind, items, problem in split_markdown(value):
            if problem is not None:
                self.problem(first_line + items[0][0], f"{where}: {problem}")
                continue
            for offset, unit in items:
                for target in file_targets(unit):
                    if found := target_problem(self.root, target):
                        self.problem(first_line + offset, f"{where}: {found}")
                if found := placeholder_problem(unit):
                    self.problem(first_line + offset, f"{where}: {found}")
            texts = tuple(
                Text(unit, context, unit_comment(comment, unit), self.name, first_line + offset)
                for offset, unit in items
            )
            blocks.append(Block(kind, texts))
        return Prose(tuple(blocks))


def unit_comment(comment: str, unit: str) -> str:
    """The translator comment of a Markdown unit: where it appears, the Markdown rule, the pass mark if named."""
    return f"{comment} {MARKDOWN_HINT}" + (f" {PASSING_HINT}" if PASSING in unit else "")


MARKDOWN = MarkdownIt("commonmark", {"html": False})
UNSUPPORTED_BLOCKS = {
    "heading_open": "headings are not allowed here; the page template provides them",
    "blockquote_open": "quotations (>) are not supported here",
    "fence": "code blocks are not supported here",
    "code_block": "indented code is not supported; remove the indentation",
    "hr": "horizontal rules are not supported",
    "html_block": "raw HTML is not allowed; write Markdown",
    "table_open": "tables are not supported",
}


def split_markdown(source: str) -> Iterator[tuple[BlockKind, list[tuple[int, str]], str | None]]:
    """Yield (kind, [(line offset, unit text)], problem) for each top-level block of a Markdown text.

    A unit's text is its inline Markdown with line breaks folded to spaces, so reflowing a paragraph
    does not change the message translators see.
    """
    tokens = MARKDOWN.parse(source)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        offset = token.map[0] if token.map else 0
        if token.level != 0 or token.type.endswith("_close"):
            index += 1
            continue
        if token.type in UNSUPPORTED_BLOCKS:
            yield "p", [(offset, "")], UNSUPPORTED_BLOCKS[token.type]
        elif token.type == "paragraph_open":
            unit = fold(tokens[index + 1].content)
            yield "p", [(offset, unit)], unit_problem(unit)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind: BlockKind = "ul" if token.type == "bullet_list_open" else "ol"
            items: list[tuple[int, str]] = []
            nested = False
            close = token.type.replace("_open", "_close")
            index += 1
            while tokens[index].type != close or tokens[index].level != 0:
                inner = tokens[index]
                if inner.type in ("bullet_list_open", "ordered_list_open"):
                    nested = True
                if inner.type == "inline" and inner.level == 3:
                    line = inner.map[0] if inner.map else offset
                    items.append((line, fold(inner.content)))
                index += 1
            problems = [found for _, unit in items if (found := unit_problem(unit))]
            if nested:
                yield kind, [(offset, "")], "nested lists are not supported; use one level"
            else:
                yield kind, items, problems[0] if problems else None
        index += 1


RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")


def fold(text: str) -> str:
    return " ".join(text.split())


CODE_SPAN = re.compile(r"`[^`]*`")
WEB_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(https?://|mailto:)", re.IGNORECASE)


def unit_problem(unit: str) -> str | None:
    """What the page would show wrongly or unsafely: raw HTML (escaped into visible tags) and images from the
    web (the package makes no request outside itself). Link and image targets are checked by `target_problem`."""
    if RAW_HTML.search(CODE_SPAN.sub("", unit)):
        return "raw HTML is not allowed; write Markdown such as **bold**, *italics* or [a link](https://…)"
    if WEB_IMAGE.search(unit):
        return "images must be files of the course (e.g. ![text](images/picture.png)), not web addresses"
    return None


def lesson_comment(lesson_number: int, part: str) -> str:
    return f"Lesson {lesson_number}, {part}."


def peek_type(node: yaml.Node) -> str:
    """The question's `type`, read first because it decides which other keys the question needs."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == "type" and isinstance(value, yaml.ScalarNode):
                return str(value.value)
    return ""


TYPE_KEYS: dict[str, tuple[str, ...]] = {
    "single": ("options",),
    "multiple": ("options",),
    "true-false": ("correct", "feedback_true", "feedback_false"),
    "sequencing": ("items",),
    "matching": ("pairs",),
}


def read_question(reader: FileReader, node: yaml.Node, where: str, lesson: str | None) -> Question | None:
    """One question of any type; `lesson` is None in the assessment, where the question names it."""
    before = len(reader.problems)
    qtype = peek_type(node)
    required = ("id", "type", "stem") + (("lesson",) if lesson is None else ()) + TYPE_KEYS.get(qtype, ())
    every_type_key = tuple(sorted({key for keys in TYPE_KEYS.values() for key in keys}))
    optional = every_type_key if qtype not in TYPE_KEYS else ()
    fields = reader.mapping(node, where, required, optional)
    if not fields:
        return None
    if qtype not in QUESTION_TYPES:
        if "type" in fields:
            reader.problem(
                reader.line_of(fields["type"]),
                f"{where}.type: expected one of {', '.join(QUESTION_TYPES)}, got {describe(fields['type'])}",
            )
        return None
    question_type = qtype
    qid = reader.slug(fields.get("id"), f"{where}.id")
    owner = lesson if lesson is not None else reader.slug(fields.get("lesson"), f"{where}.lesson")
    place = "knowledge check" if lesson is not None else "final assessment"
    ctx = f"question/{qid}"
    stem = reader.text(fields.get("stem"), f"{where}.stem", f"{ctx}/stem", f"Question in the {place}.")
    line = reader.line_of(node)
    if question_type == "true-false":
        statement = reader.boolean(fields.get("correct"), f"{where}.correct")
        feedback = [
            reader.text(
                fields.get(f"feedback_{answer}"),
                f"{where}.feedback_{answer}",
                f"{ctx}/feedback/{answer}",
                f"Feedback shown to a learner who answered '{answer}' "
                f"({'right' if statement == (answer == 'true') else 'wrong'}).",
            )
            for answer in ("true", "false")
        ]
        question = Question(qid, question_type, stem, (), owner, reader.name, line, statement, *feedback)
    else:
        list_key = TYPE_KEYS[question_type][0]
        choices = read_choices(reader, fields.get(list_key), f"{where}.{list_key}", ctx, question_type)
        check_correct_count(reader, node, where, question_type, choices)
        question = Question(qid, question_type, stem, choices, owner, reader.name, line)
    return question if len(reader.problems) == before else None


def check_correct_count(
    reader: FileReader, node: yaml.Node, where: str, qtype: QuestionType, choices: tuple[Choice, ...]
) -> None:
    correct = sum(choice.correct for choice in choices)
    if qtype == "single" and correct != 1:
        reader.problem(
            reader.line_of(node),
            f"{where}: a single-choice question needs exactly one option with 'correct: true', got {correct}",
        )
    if qtype == "multiple" and correct < 1:
        reader.problem(
            reader.line_of(node),
            f"{where}: a multiple-response question needs at least one option with 'correct: true', got none",
        )


def read_choices(
    reader: FileReader, node: yaml.Node | None, where: str, ctx: str, qtype: QuestionType
) -> tuple[Choice, ...]:
    """Options (single, multiple), items in their right order (sequencing) or pairs (matching)."""
    is_choice = qtype in CHOICE_TYPES
    low, high = (CHOICES_MIN, CHOICES_MAX) if is_choice else (ITEMS_MIN, ITEMS_MAX)
    required = ("id", "text", "feedback") + (("match",) if qtype == "matching" else ())
    optional = ("correct",) if is_choice else ()
    role = {
        "sequencing": "Item {n} of a list the learner puts in order",
        "matching": "Item the learner pairs with its match",
    }.get(qtype, "Answer option")
    choices: list[Choice] = []
    seen: set[str] = set()
    for index, item in enumerate(reader.sequence(node, where, low, high)):
        here = f"{where}[{index + 1}]"
        fields = reader.mapping(item, here, required, optional)
        cid = reader.slug(fields.get("id"), f"{here}.id")
        if cid and cid in seen:
            reader.problem(reader.line_of(fields["id"]), f"{here}.id: '{cid}' is used twice in this question")
        seen.add(cid)
        correct = reader.boolean(fields.get("correct"), f"{here}.correct")
        verdict = f" ({'a correct' if correct else 'an incorrect'} answer)" if is_choice else ""
        text = reader.text(fields.get("text"), f"{here}.text", f"{ctx}/{cid}", f"{role.format(n=index + 1)}{verdict}.")
        match = None
        if qtype == "matching":
            match = reader.text(
                fields.get("match"),
                f"{here}.match",
                f"{ctx}/{cid}/match",
                "The right match for the item of the same question; shown in a drop-down list.",
            )
        feedback = reader.text(
            fields.get("feedback"),
            f"{here}.feedback",
            f"{ctx}/{cid}/feedback",
            f"Feedback explaining this {'option' if is_choice else 'item'}{verdict}.",
        )
        choices.append(Choice(cid, text, feedback, correct, match))
    return tuple(choices)


LESSON_KEYS = ("id", "title", "principle", "intro", "why", "social", "scenario", "reflection", "key_points", "check")


def read_lesson(reader: FileReader, node: yaml.Node, number: int) -> Lesson | None:
    before = len(reader.problems)
    fields = reader.mapping(node, "", LESSON_KEYS)
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
        principle=prose("principle", "the principle in the source author's words (a quotation)"),
        intro=prose("intro", "introduction"),
        why=prose("why", "section 'Why it matters in a municipality'"),
        social=prose("social", "section 'On social media and in employer branding'"),
        scenario=scenario,
        reflection=prose("reflection", "reflection question for the learner (not scored)"),
        key_points=key_points,
        check=tuple(question for question in check if question is not None),
        file=reader.name,
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
    value = reader.scalar(node, where)
    if value and node is not None:
        try:
            Locale.parse(value)
        except (ValueError, UnknownLocaleError):
            reader.problem(
                reader.line_of(node), f"{where}: expected a language code such as 'sv' or 'fi', got {value!r}"
            )
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


def read_header(reader: FileReader, node: yaml.Node) -> CourseInfo | None:
    before = len(reader.problems)
    fields = reader.mapping(node, "", COURSE_KEYS, ("minutes",))
    if not fields:
        return None
    source = read_locale(reader, fields.get("source_locale"), "source_locale")
    locales = tuple(
        read_locale(reader, item, f"locales[{i + 1}]")
        for i, item in enumerate(reader.sequence(fields.get("locales"), "locales", 1, 50))
    )
    if source and locales and source not in locales:
        reader.problem(reader.line_of(fields["locales"]), f"locales: must include the source locale '{source}'")
    credit = reader.mapping(fields.get("attribution"), "attribution", ATTRIBUTION_KEYS)
    author, work, licence, licence_url = (
        reader.scalar(credit.get(key), f"attribution.{key}") for key in ATTRIBUTION_KEYS[:4]
    )
    note = reader.prose(
        credit.get("note"),
        "attribution.note",
        "course/attribution",
        "Start page: credit for the source text (CC BY requires it).",
    )
    info = CourseInfo(
        id=reader.slug(fields.get("id"), "id"),
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
    )
    return info if len(reader.problems) == before else None


def read_file(
    path: Path, read: Callable[[FileReader, yaml.Node], T | None], data: bytes | None = None
) -> tuple[T | None, list[Problem]]:
    """Parse one file (or `data` read from it already) with `read`; return the result and its problems."""
    reader = FileReader(path)
    try:
        source = (path.read_bytes() if data is None else data).decode("utf-8")
    except FileNotFoundError:
        reader.problem(1, "file not found; see course/content/README.md for the files a course needs")
        return None, reader.problems
    except UnicodeDecodeError as error:
        reader.problem(1, f"not UTF-8 text ({error.reason} at byte {error.start}); save the file as UTF-8")
        return None, reader.problems
    node = reader.parse(source)
    if node is None:
        if not reader.problems:
            reader.problem(1, "the file is empty")
        return None, reader.problems
    return read(reader, node), reader.problems


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


def lesson_number(path: Path) -> int:
    """The NN of lessons/NN-<id>.yaml: the lesson's place in the course."""
    match = re.match(r"(\d+)", path.name)
    return int(match.group(1)) if match else 0


def lesson_files(root: Path) -> list[Path]:
    return sorted((root / "lessons").glob("*.yaml"))


def outside_files(root: Path) -> list[Problem]:
    """Content files that are links leading out of the content folder: the package must not carry other files."""
    inside = root.resolve()
    return [
        Problem(
            display_path(path),
            1,
            f"this file is a link to {path.resolve()}, outside {display_path(root)}; "
            "copy the file into the content folder instead",
        )
        for path in sorted(root.rglob("*"))
        if path.is_symlink() and not path.resolve().is_relative_to(inside)
    ]


def load_course(root: Path) -> Course:
    """Read and validate the whole course under `root`; raise ContentError listing every problem."""
    problems: list[Problem] = outside_files(root)
    if problems:
        raise ContentError(problems)
    header, found = read_file(root / "course.yaml", read_header)
    problems += found
    lessons: list[Lesson] = []
    files = lesson_files(root)
    if not files:
        problems.append(Problem(display_path(root / "lessons"), 1, "no lesson files (lessons/NN-<id>.yaml) found"))
    for path in files:
        lesson, found = read_file(path, partial(read_lesson, number=lesson_number(path)))
        problems += found
        if lesson is not None:
            lessons.append(lesson)
    assessment, found = read_file(root / "assessment.yaml", read_assessment)
    problems += found
    # A reference to a lesson that failed to load would only add noise, so references wait for good lessons.
    problems += cross_checks(lessons, assessment or (), check_references=len(lessons) == len(files))
    if problems or header is None or assessment is None:
        order = {name: index for index, name in enumerate(dict.fromkeys(problem.file for problem in problems))}
        raise ContentError(sorted(problems, key=lambda problem: (order[problem.file], problem.line)))
    return Course(header, tuple(lessons), assessment)


def cross_checks(lessons: list[Lesson], assessment: tuple[Question, ...], check_references: bool) -> list[Problem]:
    """Rules that span files: unique lesson and question ids, and assessment questions naming real lessons."""
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
    for question in assessment if check_references else ():
        if question.lesson not in lesson_ids:
            guess = difflib.get_close_matches(question.lesson, list(lesson_ids), n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else f"; lessons are {', '.join(lesson_ids)}"
            problems.append(
                Problem(question.file, question.line, f"lesson: '{question.lesson}' is not a lesson id{hint}")
            )
    return problems
