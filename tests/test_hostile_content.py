"""Hostile and careless course content: what `course build` and `course check` do with it.

Each refused input gives exit 1 and one message naming the content file and line, without a traceback, and with
every file of the project as it was (`tests/hostile.py` judges): locale codes that are no language tags, ids that
only look right, files that are not regular files or lie outside the content folder, characters a page cannot
carry, YAML built to kill the parser or to explode when walked, and the odd things authors write. Inputs that
could hang or crash the interpreter run in a subprocess with a time limit; the rest run in this process.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from course.content import load_course
from course.errors import ContentError
from course.paths import CONTENT_FILE_LIMIT
from course.project import Project
from course.reader import MAX_DEPTH, PROBLEMS_LIMIT, PROSE_LIMIT, TEXT_LIMIT
from tests.hostile import (
    CONTROL_CHARACTERS,
    HOSTILE_LOCALES,
    Outcome,
    refused_in_process,
    refused_in_subprocess,
)
from tests.projects import make_project

BOTH = (["build"], ["check"])


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return make_project(tmp_path)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(project: Project, *where: str, verbs: tuple[list[str], ...] = BOTH) -> Outcome:
    """Each verb refuses the project's content with a message naming every `where`; the last outcome."""
    outcome = None
    for verb in verbs:
        outcome = refused_in_process(verb, project.root, *where)
    assert outcome is not None
    return outcome


def escaped(char: str) -> str:
    """A character as a YAML double-quoted escape: how a control character gets into a text."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


COURSE, LESSON, ASSESSMENT = "course.yaml", "lessons/01-alpha.yaml", "assessment.yaml"


# --- 1. Locale codes: only language tags Babel knows, each once -------------------------------------------------


@pytest.mark.parametrize("code", HOSTILE_LOCALES, ids=ascii)
def test_a_hostile_code_in_locales_is_refused_at_its_line(project: Project, code: str) -> None:
    edit(project.content / COURSE, "locales: [sv, de]", f"locales: [sv, de, {json.dumps(code)}]")
    refused(project, f"{COURSE}:5: locales[3]")


@pytest.mark.parametrize("code", HOSTILE_LOCALES, ids=ascii)
def test_a_hostile_source_locale_is_refused_at_its_line(project: Project, code: str) -> None:
    edit(project.content / COURSE, "source_locale: sv", f"source_locale: {json.dumps(code)}")
    refused(project, f"{COURSE}:4: source_locale")


@pytest.mark.parametrize(
    ("locales", "said"),
    [
        ("[sv, de, de]", "locales[3]: de is listed already as locales[2]"),
        ("[sv, pt-BR, pt_BR]", "locales[3]: pt_BR is listed already as locales[2]"),
        ("[sv, de, qps-ploc]", "locales[3]: qps-ploc is a pseudo-locale"),
    ],
)
def test_a_language_listed_twice_or_a_pseudo_locale_is_refused(project: Project, locales: str, said: str) -> None:
    edit(project.content / COURSE, "locales: [sv, de]", f"locales: {locales}")
    refused(project, f"{COURSE}:5: {said}")


# --- 2. Ids: a full match of the slug rule, nothing that only looks like one ------------------------------------

LOOKALIKES = {
    "trailing newline": '"right\\n"',
    "block scalar": "|\n          right",
    "cyrillic letter": '"righ\u0442"',
    "fullwidth": '"\uff52ight"',
    "zero width space": '"rig\\u200bht"',
    "soft hyphen": '"rig\\u00adht"',
    "combining accent": '"right\\u0301"',
    "underscore": "ri_ght",
    "upper case": "Right",
    "leading hyphen": '"-right"',
    "leading digit": '"1right"',
    "too long": "r" * 65,
    "a number": "42",
}


@pytest.mark.parametrize("value", LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_an_option_id_that_is_not_a_slug_is_refused(project: Project, value: str) -> None:
    edit(project.content / LESSON, "      - id: right\n", f"      - id: {value}\n")
    refused(project, f"{LESSON}:28: check[1].options[1].id")


@pytest.mark.parametrize(
    ("file", "old", "new", "where"),
    [
        (COURSE, "id: mini-course\n", "id: |\n  mini-course\n", f"{COURSE}:1: id"),
        (LESSON, "id: alpha\n", "id: |\n  alpha\n", f"{LESSON}:1: id"),
        (LESSON, "  - id: alpha-check\n", '  - id: "alpha-check\\n"\n', f"{LESSON}:24: check[1].id"),
        (
            ASSESSMENT,
            "    objectives: [alpha-goal]\n",
            '    objectives: ["alpha-goal\\n"]\n',
            f"{ASSESSMENT}:4: questions[1].objectives[1]",
        ),
    ],
    ids=["course", "lesson", "question", "objective reference"],
)
def test_an_id_ending_in_a_newline_is_refused_everywhere(
    project: Project, file: str, old: str, new: str, where: str
) -> None:
    edit(project.content / file, old, new)
    refused(project, where)


# --- 3. Content files and assets that are not regular files or lie outside the content folder -------------------
# Each maker in KINDS is called as make(path, outside); those that need no outside file name it _outside.


def make_fifo(path: Path, _outside: Path) -> str:
    os.mkfifo(path)
    return "a named pipe"


def make_folder(path: Path, _outside: Path) -> str:
    path.mkdir()
    return "a folder"


def make_loop(path: Path, _outside: Path) -> str:
    path.symlink_to(path.name)
    return "leads in a circle"


def make_dangling(path: Path, _outside: Path) -> str:
    path.symlink_to(path.parent / "nothing-here")
    return "does not exist"


def make_link_out(path: Path, outside: Path) -> str:
    outside.write_text("id: secret\n", encoding="utf-8")
    path.symlink_to(outside)
    return "outside"


def make_device_link(path: Path, _outside: Path) -> str:
    path.symlink_to("/dev/null")
    return "outside"


def make_device(path: Path, _outside: Path) -> str:
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("creating a device node needs CAP_MKNOD here")
    return "a device"


def make_socket(path: Path, _outside: Path) -> str:
    with tempfile.TemporaryDirectory(dir="/tmp") as short, socket.socket(socket.AF_UNIX) as listener:
        listener.bind(f"{short}/s")  # socket paths are limited to about 100 bytes: bind short, then move
        os.rename(f"{short}/s", path)
    return "a socket"


KINDS: dict[str, Callable[[Path, Path], str]] = {
    "folder": make_folder,
    "symlink loop": make_loop,
    "dangling link": make_dangling,
    "link out": make_link_out,
    "link to a device": make_device_link,
    "device": make_device,
    "socket": make_socket,
}
SLOTS = [COURSE, LESSON, ASSESSMENT, "images/x.png"]


def replace_with(project: Project, slot: str, make: Callable[[Path, Path], str]) -> str:
    """Replace the content file `slot` (or a picture the lesson shows) with what `make` makes; what it is called."""
    if slot.startswith("images/"):
        edit(project.content / LESSON, "Därför spelar det roll.", f"Se ![bild]({slot}).")
        (project.content / "images").mkdir()
    else:
        (project.content / slot).unlink()
    return make(project.content / slot, project.root.parent / "outside.yaml")


def cli_place(slot: str) -> str:
    """Where the command line's message points: the file and line, or for course.yaml, which the command line
    looks for to know the project, the file (it says the project holds no course unless it is a regular file)."""
    return slot if slot == COURSE else f"{slot}:1: "


@pytest.mark.parametrize("slot", SLOTS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_content_file_or_asset_that_is_no_regular_file_inside_the_folder_is_one_problem_at_it(
    project: Project, kind: str, slot: str
) -> None:
    said = replace_with(project, slot, KINDS[kind])
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    [problem] = caught.value.problems
    assert f"{slot}:1: " in str(problem)
    assert said in problem.message
    refused(project, cli_place(slot))


@pytest.mark.parametrize(
    ("slot", "verb"),
    [
        (LESSON, "build"),
        (LESSON, "check"),
        (LESSON, "extract"),
        (COURSE, "build"),
        (ASSESSMENT, "check"),
        ("images/x.png", "build"),
    ],
)
def test_a_named_pipe_never_hangs_build_check_or_extract(project: Project, slot: str, verb: str) -> None:
    replace_with(project, slot, make_fifo)
    refused_in_subprocess([verb], project.root, cli_place(slot))


def test_a_lessons_folder_linked_out_of_the_content_folder_is_refused(project: Project, tmp_path: Path) -> None:
    (project.content / "lessons").rename(tmp_path / "elsewhere")
    (project.content / "lessons").symlink_to(tmp_path / "elsewhere")
    refused(project, f"{LESSON}:1: this file is a link to a file outside")


# --- 4. Characters that HTML and XML cannot carry ---------------------------------------------------------------

ESCAPED_SLOTS = {
    "title": (COURSE, "title: Minikurs", 'title: "Mini{}kurs"', f"{COURSE}:2: title"),
    "paragraph": (LESSON, "why: |\n  Därför spelar det roll.", 'why: "Därför {} spelar det roll."', f"{LESSON}:7: why"),
    "option": (
        ASSESSMENT,
        "        text: Ett\n",
        '        text: "E{}tt"\n',
        f"{ASSESSMENT}:8: questions[1].options[1]",
    ),
}


@pytest.mark.parametrize("slot", ESCAPED_SLOTS)
@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=code_point)
def test_a_control_character_written_as_an_escape_is_refused_at_its_line(
    project: Project, char: str, slot: str
) -> None:
    file, old, new, where = ESCAPED_SLOTS[slot]
    edit(project.content / file, old, new.format(escaped(char)))
    refused(project, where, code_point(char))


@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=code_point)
def test_a_control_character_written_raw_is_refused_at_its_line(project: Project, char: str) -> None:
    edit(project.content / LESSON, "Därför spelar det roll.", f"Därför spelar{char} det roll.")
    refused(project, f"{LESSON}:8: ", code_point(char))


def test_a_control_character_in_a_literal_block_is_placed_on_its_own_line(project: Project) -> None:
    edit(project.content / LESSON, "    Sedan händer något mer.", "    Sedan händer\\x01 något\n    mer \x1b.")
    refused(project, f"{LESSON}:17: ", "U+001B")


def test_an_escape_sequence_in_a_key_or_value_never_reaches_the_terminal(project: Project) -> None:
    edit(project.content / COURSE, "minutes: 5\n", 'minutes: 5\n"\\e[2J\\e[31mred": x\n')
    edit(project.content / ASSESSMENT, "    type: multiple\n", '    type: "\\e]0;owned\\a"\n')
    outcome = refused(project, f"{COURSE}:8: ", f"{ASSESSMENT}:3: ")
    assert "\x1b" not in outcome.stderr
    assert "\x07" not in outcome.stderr


# --- 5. YAML built to kill the parser or to explode when walked -------------------------------------------------

DEEP = {
    "40,000 open lists": "[" * 40_000,
    "40,000 nested lists": "[" * 40_000 + "]" * 40_000,
    "20,000 nested mappings": "{a: " * 20_000 + "}" * 20_000,
}


def test_nesting_one_past_the_limit_is_refused(project: Project) -> None:
    (project.content / LESSON).write_text("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), encoding="utf-8")
    refused(project, f"{LESSON}:1: lists and mappings are nested more than {MAX_DEPTH} deep")


@pytest.mark.parametrize("source", DEEP.values(), ids=DEEP.keys())
def test_nesting_that_overflows_libyaml_is_refused_before_composing(project: Project, source: str) -> None:
    (project.content / LESSON).write_text(source, encoding="utf-8")
    refused_in_subprocess(["check"], project.root, f"{LESSON}:1: ", f"nested more than {MAX_DEPTH} deep")


def test_a_billion_laughs_of_aliases_is_refused_at_the_first_anchor(project: Project) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    lines.append("? *a9\n: *a9")
    (project.content / LESSON).write_text("\n".join(lines) + "\n", encoding="utf-8")
    refused(project, f"{LESSON}:1: anchors and aliases")


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ("title: Minikurs", "title: &t Minikurs\ndescription2: *t", "2: anchors and aliases"),
        ("attribution:\n", "defaults: &d {author: x}\nattribution:\n  <<: *d\n", "8: anchors and aliases"),
        ("title: Minikurs", "title: !!python/object:os.system Minikurs", "2: the YAML tag"),
        ("title: Minikurs", "title: !!python/object/apply:os.system [ls]", "2: the YAML tag"),
        ("title: Minikurs", "title: !!binary TWluaWt1cnM=", "2: the YAML tag"),
        ("title: Minikurs", "title: !custom Minikurs", "2: the YAML tag"),
        ("attribution:\n", "attribution:\n  <<: {author: x}\n", "9: attribution.'<<': unknown key"),
        ("minutes: 5\n", "minutes: 5\n? [a, b]\n: x\n", "8: file: a key must be a word"),
        ("minutes: 5\n", "minutes: 5\ntitle: Igen\n", "8: title: this key appears twice"),
        ("summary: |", "---\nid: other\n---\nsummary: |", "20: this is not valid YAML"),
    ],
    ids=[
        "alias",
        "merge key",
        "python object",
        "python apply",
        "binary",
        "local tag",
        "merge",
        "list key",
        "duplicate key",
        "two documents",
    ],
)
def test_yaml_features_content_never_needs_are_refused_at_their_line(
    project: Project, old: str, new: str, said: str
) -> None:
    edit(project.content / COURSE, old, new)
    refused(project, f"{COURSE}:{said}")


def test_a_very_long_line_is_refused_quickly(project: Project) -> None:
    edit(project.content / COURSE, "title: Minikurs", "title: " + "Mini" * 200_000)
    edit(project.content / LESSON, "Därför spelar det roll.", "![" * 400_000)
    started = time.monotonic()
    outcome = refused(project, f"{COURSE}:2: title: 800,000 characters", f"{LESSON}:7: why: 800,001 characters")
    assert f"more than the {TEXT_LIMIT:,} allowed" in outcome.stderr
    assert f"more than the {PROSE_LIMIT:,} allowed" in outcome.stderr
    assert time.monotonic() - started < 10, "Markdown that is slow to parse must be refused before parsing"


def test_a_file_over_the_size_limit_is_refused_unread(project: Project) -> None:
    (project.content / ASSESSMENT).write_bytes(b"questions: []\n" + b"#" * 10_000_000)
    refused(project, f"{ASSESSMENT}:1: the file is 10,000,014 bytes, more than the {CONTENT_FILE_LIMIT:,} allowed")


def test_a_file_of_many_problems_reports_the_first_hundred(project: Project) -> None:
    keys = "".join(f"unknown-{n}: x\n" for n in range(5_000))
    edit(project.content / LESSON, "title: Första principen\n", f"title: Första principen\n{keys}")
    outcome = refused(project, f"{LESSON}:3: unknown-0: unknown key", "and more problems; fix the ones above first")
    assert outcome.stderr.count("unknown key") == PROBLEMS_LIMIT


# --- 6. Other careless content ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "said"),
    [
        (lambda text: text.encode("utf-16"), "not UTF-8 text"),
        (lambda text: text.encode("utf-32"), "not UTF-8 text"),
        (lambda text: text.encode("latin-1"), "not UTF-8 text"),
        (lambda text: b"\xff" + text.encode("utf-8"), "not UTF-8 text"),
    ],
    ids=["utf-16", "utf-32", "latin-1", "stray byte"],
)
def test_a_file_in_another_encoding_is_refused(project: Project, encoded: Callable[[str], bytes], said: str) -> None:
    path = project.content / LESSON
    path.write_bytes(encoded(path.read_text(encoding="utf-8")))
    refused(project, f"{LESSON}:1: {said}")


def test_a_utf8_byte_order_mark_is_accepted(project: Project) -> None:
    path = project.content / LESSON
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_course(project.content).lessons[0].id == "alpha"


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ("0x32", "expected a whole number in digits"),
        ("1_0", "expected a whole number in digits"),
        ("050", "expected a whole number in digits"),
        ("1:20", "expected a whole number in digits"),
        ("9" * 5_000, "expected a whole number in digits"),
        ("12345678901", "expected a whole number in digits"),
        ("50.0", "expected a whole number in digits"),
        ("101", "expected a number from 0 to 100, got 101"),
    ],
    ids=["hex", "underscore", "octal", "sexagesimal", "5000 digits", "eleven digits", "float", "over 100"],
)
def test_a_passing_score_that_is_no_plain_number_is_refused(project: Project, value: str, said: str) -> None:
    edit(project.content / COURSE, "passing_score: 50", f"passing_score: {value}")
    refused(project, f"{COURSE}:6: passing_score: {said}")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "'https://x.org/a b'", "//x.org/"])
def test_a_licence_link_that_is_no_web_address_is_refused(project: Project, url: str) -> None:
    edit(project.content / COURSE, "https://creativecommons.org/licenses/by/4.0/", url)
    refused(project, f"{COURSE}:12: attribution.licence_url: expected a web address")


@pytest.mark.parametrize(
    "name",
    ["notes.yaml", "02_beta.yaml", "02-Beta.yaml", "\u0660\u0662-beta.yaml", "02-beta.yaml.yaml", "02-be\x1bta.yaml"],
    ids=ascii,
)
def test_a_lesson_file_named_otherwise_than_nn_id_is_refused(project: Project, name: str) -> None:
    (project.content / "lessons" / "02-beta.yaml").rename(project.content / "lessons" / name)
    outcome = refused(project, "a lesson file's name is a number, a hyphen and the lesson's id")
    assert "\x1b" not in outcome.stderr


@pytest.mark.parametrize("place", ["images/data.yaml", "drafts/01-gamma.yaml", "lessons/drafts/01-gamma.yaml"])
def test_a_yaml_file_that_is_no_content_file_is_refused_also_by_extract(project: Project, place: str) -> None:
    (project.content / place).parent.mkdir(parents=True, exist_ok=True)
    (project.content / place).write_text("id: gamma\n", encoding="utf-8")
    refused(project, f"{place}:1: not a content file", verbs=(*BOTH, ["extract"]))


def test_two_lessons_with_one_number_are_refused(project: Project) -> None:
    (project.content / "lessons" / "02-beta.yaml").rename(project.content / "lessons" / "1-beta.yaml")
    refused(project, "lessons/1-beta.yaml:1: lesson number 1 is also the number of")


def test_lessons_follow_their_numbers_not_the_spelling_of_their_names(project: Project) -> None:
    lessons = project.content / "lessons"
    (lessons / "01-alpha.yaml").rename(lessons / "10-alpha.yaml")
    (lessons / "02-beta.yaml").rename(lessons / "9-beta.yaml")
    assert [lesson.id for lesson in load_course(project.content).lessons] == ["beta", "alpha"]
