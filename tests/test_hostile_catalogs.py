"""Hostile and careless translation catalogs: what `course build`, `check` and `update` do with them.

Each refused catalog gives exit 1 and one message naming the po file and line, without a traceback, without
quoting the file's bytes, and with every file of the project as it was (`tests/hostile.py` judges). The holes
in the translation checks are in test_check.py, writing and fuzzing in test_catalogs.py.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.pofile import escape

from course.catalogs import po_path
from course.paths import CATALOG_LIMIT
from course.project import Project
from tests.hostile import CONTROL_CHARACTERS, HOSTILE_LOCALES, Outcome, refused_in_process, refused_in_subprocess
from tests.projects import translated_project

PO = "de/LC_MESSAGES/messages.po"
POT = "locales/messages.pot"
SECRET = "hunter2-SECRET-TOKEN"
VERBS = {"build": ["build", "--locale", "de"], "check": ["check"], "update": ["update"]}
PLURAL_FORMS = '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"'
DE_RULE = "nplurals=2; plural=(n != 1);"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return translated_project(tmp_path_factory.mktemp("pristine")).root


@pytest.fixture
def project(pristine: Path, tmp_path: Path) -> Project:
    """A fresh copy of the mini course with a complete `de` catalog, alone in its folder."""
    root = tmp_path / "mini-course"
    shutil.copytree(pristine, root, symlinks=True)
    return Project(root)


def po_file(project: Project) -> Path:
    return po_path(project.locales, "de")


def edit_po(project: Project, old: str, new: str) -> int:
    """Replace the first `old` in the de catalog by `new`; the line where `new` starts."""
    path = po_file(project)
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_bytes(text.replace(old, new, 1).encode("utf-8", "surrogatepass"))
    return text[: text.index(old)].count("\n") + 1


def at(line: int) -> str:
    return f"{PO}:{line}: "


def no_echo(outcome: Outcome, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in outcome.stdout + outcome.stderr, "a message must never quote the file's bytes"


# -- Files that are not regular files or lie outside locales/ ------------------------------------------------------
# Each maker in FILE_KINDS is called as make(path, project); those that need no project name it _project.


def folder(path: Path, _project: Project) -> None:
    path.unlink()
    path.mkdir()


def self_loop(path: Path, _project: Project) -> None:
    path.unlink()
    path.symlink_to(path.name)


def loop_of_two(path: Path, _project: Project) -> None:
    path.unlink()
    path.with_name("other.po").symlink_to(path.name)
    path.symlink_to("other.po")


def link_to_passwd(path: Path, _project: Project) -> None:
    path.unlink()
    path.symlink_to("/etc/passwd")


def link_to_project_secret(path: Path, project: Project) -> None:
    secret = project.root / "secrets.env"
    secret.write_text(f"API_TOKEN={SECRET}\n", encoding="utf-8")
    path.unlink()
    path.symlink_to(secret)


def link_to_valid_catalog_outside(path: Path, project: Project) -> None:
    outside = project.root / "shared.po"
    path.rename(outside)
    path.symlink_to(outside)


def link_to_dev_zero(path: Path, _project: Project) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


def link_to_a_folder_inside(path: Path, project: Project) -> None:
    path.unlink()
    path.symlink_to(project.locales)


def dangling_link(path: Path, _project: Project) -> None:
    path.unlink()
    path.symlink_to("gone.po")


def too_large(path: Path, _project: Project) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(CATALOG_LIMIT + 1)


FILE_KINDS: dict[str, Callable[[Path, Project], None]] = {
    "folder": folder,
    "self-loop": self_loop,
    "loop-of-two": loop_of_two,
    "link-to-etc-passwd": link_to_passwd,
    "link-to-a-secret-in-the-project": link_to_project_secret,
    "link-to-a-valid-catalog-outside-locales": link_to_valid_catalog_outside,
    "link-to-dev-zero": link_to_dev_zero,
    "link-to-a-folder-inside": link_to_a_folder_inside,
    "dangling-link": dangling_link,
    "too-large": too_large,
}


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("kind", FILE_KINDS)
def test_a_catalog_that_is_not_a_regular_file_inside_locales_is_one_problem_at_line_1(
    project: Project, kind: str, verb: str
) -> None:
    FILE_KINDS[kind](po_file(project), project)
    outcome = refused_in_process(VERBS[verb], project.root, f"{PO}:1: ")
    no_echo(outcome, SECRET, "root:x:0:0")


@pytest.mark.parametrize("verb", ["check", "update", "init"])
@pytest.mark.parametrize("kind", ["folder", "link-to-a-secret-in-the-project", "self-loop"])
def test_a_template_that_is_not_a_regular_file_inside_locales_is_one_problem_at_line_1(
    project: Project, kind: str, verb: str
) -> None:
    FILE_KINDS[kind](project.locales / "messages.pot", project)
    argv = ["init", "fi"] if verb == "init" else VERBS[verb]
    no_echo(refused_in_process(argv, project.root, f"{POT}:1: "), SECRET)


@pytest.mark.parametrize("verb", ["build", "check", "update", "init"])
def test_a_catalog_or_template_that_is_a_named_pipe_never_hangs(project: Project, verb: str) -> None:
    """Opened for reading, a FIFO blocks until a writer comes; no writer comes here, so a hang would time out."""
    path = project.locales / "messages.pot" if verb == "init" else po_file(project)
    path.unlink()
    os.mkfifo(path)
    argv = ["init", "fi"] if verb == "init" else VERBS[verb]
    where = f"{POT}:1: " if verb == "init" else f"{PO}:1: "
    outcome = refused_in_subprocess(argv, project.root, where)
    assert "named pipe" in outcome.stderr


# -- Characters that HTML and XML cannot carry -----------------------------------------------------------------------

FIELDS = {  # where the character goes, and the verb that must refuse it
    "msgstr": ('msgstr "DE Nästa"', 'msgstr "DE Nä{}sta"', "build"),
    "msgid": ('msgid "Nästa"', 'msgid "Nä{}sta"', "check"),
    "msgctxt": ('msgctxt "lesson/alpha/why"', 'msgctxt "lesson/alpha/w{}hy"', "update"),
}


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("char", CONTROL_CHARACTERS, ids=lambda char: f"U+{ord(char):04X}")
def test_a_control_character_in_a_catalog_is_refused_at_its_line(project: Project, char: str, field: str) -> None:
    old, new, verb = FIELDS[field]
    line = edit_po(project, old, new.format(char))
    outcome = refused_in_process(VERBS[verb], project.root, at(line), f"U+{ord(char):04X}")
    assert "cannot be shown on a page" in outcome.stderr


@pytest.mark.parametrize(
    ("escape_sequence", "said"),
    [
        ("\\a", "control character"),
        ("\\b", "control character"),
        ("\\f", "control character"),
        ("\\v", "control character"),
        ("\\e", "control character"),
        ("\\x01", "control character"),
        ("\\001", "control character"),
        ("\\0", "control character"),
        ("\\'", "read differently"),
        ("\\q", "a backslash that starts no escape"),
    ],
)
def test_an_escape_that_gettext_tools_read_otherwise_is_refused_at_its_line(
    project: Project, escape_sequence: str, said: str
) -> None:
    """Babel keeps `\\a` as two characters where msgfmt and Poedit read a control character: refused, not guessed."""
    line = edit_po(project, 'msgstr "DE Nästa"', f'msgstr "DE Nä{escape_sequence}sta"')
    outcome = refused_in_process(VERBS["check"], project.root, at(line))
    assert said in outcome.stderr


# -- Headers taken on trust ----------------------------------------------------------------------------------------

BAD_PLURAL_FORMS = [
    "nplurals=2; plural=+ foo;",
    "nplurals=2; plural=n/0;",
    "nplurals=2; plural=n%0;",
    "nplurals=2; plural=" + "n+" * 600 + "n;",
    "nplurals=2; plural=" + "(" * 40 + "n" + ")" * 40 + ";",
    "nplurals=2; plural=-1;",
    "nplurals=2; plural=0-1;",
    "nplurals=2; plural=n;",
    "nplurals=2; plural=2;",
    "nplurals=2; plural=(n > 1000000000 ? 2 : 0);",
    "nplurals=0; plural=0;",
    "nplurals=1000; plural=n%1000;",
    "nplurals=two; plural=(n != 1);",
    "nplurals=-2; plural=0;",
    "nplurals=2;",
    "plural=(n != 1);",
    "nplurals=2; plural=(n != 1",
    "nplurals=2; plural=n ? 1;",
    "nplurals=2; plural=__import__('os');",
    "",
]


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("value", BAD_PLURAL_FORMS, ids=lambda value: value[:40] or "empty")
def test_a_plural_forms_header_that_cannot_be_used_is_refused_at_its_line_with_the_rule(
    project: Project, value: str, verb: str
) -> None:
    line = edit_po(project, PLURAL_FORMS, escape(f"Plural-Forms: {value}\n"))
    outcome = refused_in_process(VERBS[verb], project.root, at(line), "Plural-Forms: ")
    assert f"the rule for 'de' is `{DE_RULE}`" in outcome.stderr


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("charset", ["latin-1", "ISO-8859-1", "cp1252", "ascii", "CHARSET", "utf-16", "koi8-r"])
def test_a_charset_other_than_utf8_is_refused_at_its_line_and_update_writes_nothing(
    project: Project, charset: str, verb: str
) -> None:
    line = edit_po(project, "charset=utf-8", f"charset={charset}")
    outcome = refused_in_process(VERBS[verb], project.root, at(line))
    assert "catalogs are UTF-8" in outcome.stderr


LANGUAGE_CASES = [*((code, "update") for code in HOSTILE_LOCALES), ("fi", "build"), ("de_DE", "check"), ("en", "check")]


@pytest.mark.parametrize(("code", "verb"), LANGUAGE_CASES, ids=ascii)
def test_a_language_header_that_is_not_the_folders_language_is_refused_at_its_line(
    project: Project, code: str, verb: str
) -> None:
    line = edit_po(project, '"Language: de\\n"', escape(f"Language: {code}\n"))
    refused_in_process(VERBS[verb], project.root, at(line))


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("POT-Creation-Date", "garbage", "POT-Creation-Date cannot be read"),
        ("PO-Revision-Date", "2026-01-01 00:00+9999", "PO-Revision-Date cannot be read"),
        ("Language", f"de\\n{SECRET}", "not `Name: value`"),
        ("Language", "de\\nLanguage: de", "Language is given twice"),
    ],
)
def test_a_header_field_babel_cannot_read_is_refused_at_its_line(
    project: Project, field: str, value: str, said: str
) -> None:
    old = next(
        text for text in po_file(project).read_text(encoding="utf-8").splitlines() if text.startswith(f'"{field}:')
    )
    line = edit_po(project, old, f'"{field}: {value}\\n"')
    outcome = refused_in_process(VERBS["build"], project.root, at(line), said)
    no_echo(outcome, SECRET)


# -- Text that is not .po, said without quoting it ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('msgstr "DE Nästa"', f"msgstr DE {SECRET}", "double quotes"),
        ('msgstr "DE Nästa"', f'msgstr "DE {SECRET}', "not closed"),
        ('msgstr "DE Nästa"', f'msgstr "DE" {SECRET}', "after the closing quote"),
        ('msgstr "DE Nästa"', f'msgstr "DE "{SECRET}" Nästa"', "after the closing quote"),
        ('msgid "Nästa"', f'API_TOKEN={SECRET}\nmsgid "Nästa"', "not a .po line"),
        ('msgid "Nästa"', f'msgstr "{SECRET}"\nmsgid "Nästa"', "without a msgid"),
        ('msgstr "DE Nästa"', f'msgid "{SECRET}"', "has no msgstr"),
        ('msgstr "DE Nästa"', f'msgstr[1] "{SECRET}"', "without msgid_plural"),
        ('msgstr[0] "DE %(num)s', f'msgstr[1] "{SECRET}"\nmsgstr[0] "DE %(num)s', "expected msgstr[0]"),
        ('msgstr "DE Nästa"', f'# {SECRET}\nmsgstr "DE Nästa"', "a comment inside the entry"),
        ('msgid "Nästa"', f'msgid\t"{SECRET}"', "one space"),
        ("# German translations", f'"{SECRET}"\n# German translations', "outside any entry"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else value,
)
def test_a_line_that_is_not_po_is_described_at_its_line_never_quoted(
    project: Project, old: str, new: str, said: str
) -> None:
    line = edit_po(project, old, new)
    if "has no msgstr" in said:
        line -= 1  # the entry that lost its msgstr starts at the msgid before it
    outcome = refused_in_process(VERBS["check"], project.root, at(line), said)
    no_echo(outcome, SECRET)


def test_bytes_that_are_not_utf8_are_refused_at_their_line_never_quoted(project: Project) -> None:
    path = po_file(project)
    data = path.read_bytes()
    line = data[: data.index(b"DE N\xc3\xa4sta")].count(b"\n") + 1
    path.write_bytes(data.replace(b"DE N\xc3\xa4sta", f"DE {SECRET}\xff".encode("latin-1"), 1))
    no_echo(refused_in_process(VERBS["build"], project.root, at(line), "not valid UTF-8"), SECRET)
