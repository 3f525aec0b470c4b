"""Read one YAML content file as a tree of nodes that keep their lines, recording every problem instead of raising.

Before the tree is composed the file is held to what course content needs and what no parser can choke on: UTF-8
text of at most CONTENT_FILE_LIMIT bytes, read by `read_input` (so a pipe, a folder or a link out is refused unread), no
character that HTML or XML cannot carry, collections nested at most MAX_DEPTH deep (libyaml's composer recurses in
C and overflows the stack near 20,000 levels, killing the process), no anchors or aliases (so the tree has no more
nodes than the file has values) and no tags beyond YAML's core schema. Every value then goes through `scalar`,
where its length and characters are checked once, whatever field it is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from course.assets import file_targets, read_asset, target_problem
from course.errors import Problem
from course.inputs import UNSAFE_HINT, InputError, shown, unsafe_character
from course.markdown import PASSING, placeholder_names, placeholder_problem
from course.model import Block, Prose, Text
from course.paths import SLUG, display_path
from course.prose import split_markdown, unit_comment

# libyaml's loader when PyYAML was built with it (the usual wheels are): the same nodes and marks, ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 32  # nested lists and mappings; content needs 5 (assessment → questions → question → options → option)
TEXT_LIMIT = 1_000  # characters of a title, stem, option or feedback; the course's longest has 255
PROSE_LIMIT = 5_000  # characters of a Markdown field; the course's longest has 1,220 (Markdown time grows with it)
PROBLEMS_LIMIT = 100  # problems reported per file: beyond that the file is better fixed from the top
CORE = "tag:yaml.org,2002:"
CORE_TAGS = {f"{CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq")}
KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")
WHOLE_NUMBER = re.compile(r"[-+]?(?:0|[1-9][0-9]{0,8})")
# An absolute IRI (RFC 3987) as the course's cmi5 IRIs need one: a scheme, a colon, then no white space, and no
# query, fragment or closing slash, since the AU's and the objectives' IRIs append a path to it.
ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s#?<>\"]*[^\s#?<>\"/]")
IRI_HINT = "such as https://example.org/courses/leadership or urn:example:leadership"


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
    return "nothing" if kind == "nothing" else f"{kind} ({shown(str(node.value))})"


def key_name(key: str) -> str:
    """A mapping key for a message: as written when it looks like a key, quoted and escaped otherwise."""
    return key if KEY.fullmatch(key) else shown(key)


def out_of_bounds(events: Iterable[yaml.Event]) -> tuple[int, str] | None:
    """(line, message) of the first event that content never needs and a parser may choke on, or None.

    Events come from libyaml's parser, which keeps no stack of its own; stopping at the first deep collection
    means the composer, which does, never sees it."""
    depth = 0
    for event in events:
        line = int(event.start_mark.line) + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            return line, "anchors and aliases (&name, *name) are not supported in course content; write the value out"
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in CORE_TAGS and tag != "!":
            return line, f"the YAML tag {shown(tag)} is not supported in course content; remove it"
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                return line, f"lists and mappings are nested more than {MAX_DEPTH} deep here; content needs 5 at most"
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


@dataclass
class FileReader:
    """Reads one YAML file and records its problems instead of raising at the first one."""

    path: Path
    problems: list[Problem] = field(default_factory=list)

    @cached_property  # every Text names its file
    def name(self) -> str:
        return display_path(self.path)

    @property
    def root(self) -> Path:
        """The content folder: lessons live one level below it."""
        return self.path.parent.parent if self.path.parent.name == "lessons" else self.path.parent

    def problem(self, line: int, message: str, file: str | None = None) -> None:
        """Record a problem of this file (or of `file`, one it names); past PROBLEMS_LIMIT, one that says so."""
        if len(self.problems) < PROBLEMS_LIMIT:
            self.problems.append(Problem(file or self.name, line, message))
        elif len(self.problems) == PROBLEMS_LIMIT:
            self.problems.append(Problem(self.name, line, "and more problems; fix the ones above first"))

    def line_of(self, node: yaml.Node) -> int:
        return int(node.start_mark.line) + 1

    def text_line(self, node: yaml.Node) -> int:
        """The line of a value's first character: a literal or folded block starts on the line after its key."""
        return self.line_of(node) + (1 if getattr(node, "style", None) in ("|", ">") else 0)

    def parse(self, source: str) -> yaml.Node | None:
        if found := unsafe_character(source):
            offset, character = found
            self.problem(source.count("\n", 0, offset) + 1, f"{character}: {UNSAFE_HINT}")
            return None
        try:
            if bounds := out_of_bounds(yaml.parse(source, Loader=YAML_LOADER)):
                self.problem(*bounds)
                return None
            return yaml.compose(source, Loader=YAML_LOADER)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = int(mark.line) + 1 if mark else 1
            self.problem(line, f"this is not valid YAML ({error.problem}); check the indentation and quoting")
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
        prefix = f"{where}." if where else ""
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(
                    self.line_of(key_node), f"{where or 'file'}: a key must be a word, got {describe(key_node)}"
                )
                continue
            key = str(key_node.value)
            if key in found:
                self.problem(self.line_of(key_node), f"{prefix}{key}: this key appears twice; keep one")
            elif key not in allowed:
                guess = difflib.get_close_matches(key[:100], allowed, n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else f"; allowed keys are {', '.join(allowed)}"
                self.problem(self.line_of(key_node), f"{prefix}{key_name(key)}: unknown key{hint}")
            found[key] = value_node
        for key in required:
            if key not in found:
                self.problem(
                    self.line_of(node),
                    f"{prefix}{key}: required, but missing; add it (see course/content/README.md)",
                )
        return found

    def scalar(self, node: yaml.Node | None, where: str, limit: int = TEXT_LIMIT) -> str:
        """A non-empty text value of at most `limit` characters, every one of which a page can show; "" after
        reporting what was found instead. Every text of the content, whatever becomes of it, is read here.

        A missing key (node None) was reported by `mapping` already, so it is not reported twice. Readers return
        placeholders rather than None and compare problem counts, which keeps every value fully typed.
        """
        if node is None:
            return ""
        if not (isinstance(node, yaml.ScalarNode) and node.tag == f"{CORE}str" and str(node.value).strip()):
            self.problem(self.line_of(node), f"{where}: expected a text, got {describe(node)}")
            return ""
        value = str(node.value)
        if len(value) > limit:
            self.problem(
                self.line_of(node),
                f"{where}: {len(value):,} characters, more than the {limit:,} allowed here; shorten or split it",
            )
            return ""
        if found := unsafe_character(value):
            offset, character = found
            line = self.text_line(node) + (value.count("\n", 0, offset) if node.style == "|" else 0)
            self.problem(line, f"{where}: {character}: {UNSAFE_HINT}")
            return ""
        return value

    def integer(self, node: yaml.Node | None, where: str, low: int, high: int) -> int:
        if node is None:
            return low
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{CORE}int" and WHOLE_NUMBER.fullmatch(node.value):
            value = int(node.value)
            if low <= value <= high:
                return value
            self.problem(self.line_of(node), f"{where}: expected a number from {low} to {high}, got {value}")
            return low
        self.problem(self.line_of(node), f"{where}: expected a whole number in digits, got {describe(node)}")
        return low

    def boolean(self, node: yaml.Node | None, where: str) -> bool:
        if node is None:
            return False
        if isinstance(node, yaml.ScalarNode) and node.tag == f"{CORE}bool":
            return str(node.value).lower() in {"true", "yes", "on"}
        self.problem(self.line_of(node), f"{where}: expected true or false, got {describe(node)}")
        return False

    def slug(self, node: yaml.Node | None, where: str) -> str:
        return self.matching(
            node,
            where,
            SLUG,
            "an id of lowercase letters a-z, digits and hyphens, starting with a letter, at most 64 long",
        )

    def iri(self, node: yaml.Node | None, where: str) -> str:
        """An absolute IRI that more can be appended to."""
        return self.matching(
            node,
            where,
            ABSOLUTE_IRI,
            f'an absolute IRI {IRI_HINT}: a scheme, a colon, then no spaces, #, ?, <, > or ", and no closing /',
        )

    def matching(self, node: yaml.Node | None, where: str, pattern: re.Pattern[str], expected: str) -> str:
        """A text that `pattern` matches whole; "" after reporting what was `expected` instead."""
        value = self.scalar(node, where)
        if value and node is not None and not pattern.fullmatch(value):
            self.problem(self.line_of(node), f"{where}: expected {expected}, got {shown(value)}")
            return ""
        return value

    def sequence(self, node: yaml.Node | None, where: str, low: int, high: int) -> list[yaml.Node]:
        """The entries of a list, at most `high` of them (more were reported, and need not be read)."""
        if node is None:
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.problem(self.line_of(node), f"{where}: expected a list, got {describe(node)}")
            return []
        items = list(node.value)
        if not low <= len(items) <= high:
            self.problem(self.line_of(node), f"{where}: expected {low} to {high} entries, got {len(items)}")
        return items[:high]

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
        value = self.scalar(node, where, PROSE_LIMIT)
        if node is None or not value:
            return Prose(())
        first_line = self.text_line(node)
        blocks: list[Block] = []
        for kind, items, problem in split_markdown(value):
            if problem is not None:
                self.problem(first_line + items[0][0], f"{where}: {problem}")
                continue
            for offset, unit in items:
                self.check_files(unit, where, first_line + offset)
                if found := placeholder_problem(unit):
                    self.problem(first_line + offset, f"{where}: {found}")
            texts = tuple(
                Text(unit, context, unit_comment(comment, unit), self.name, first_line + offset)
                for offset, unit in items
            )
            blocks.append(Block(kind, texts))
        return Prose(tuple(blocks))

    def check_files(self, unit: str, where: str, line: int) -> None:
        """The files a unit links or shows: a target that cannot name one is wrong here; a file that cannot ship
        (not a regular file, a link out, too large) is wrong in itself, and is reported at the file."""
        for target in file_targets(unit):
            if found := target_problem(self.root, target):
                self.problem(line, f"{where}: {found}")
                continue
            try:
                read_asset(self.root, target)
            except InputError as error:
                linked = f"{error}; it is linked at {self.name}:{line} ({where})"
                self.problem(1, linked, display_path(self.root / target))
