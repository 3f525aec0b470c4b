"""catalogs.py: writing (always UTF-8, only what reads back the same, `course update` of a real catalog byte for
byte) and reading any text at all (Hypothesis: random text and bytes, a real catalog mutated) into a catalog or
a CatalogError whose every problem names the po file and a line of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.catalogs import (
    LocaleCatalog,
    catalog_bytes,
    load_locale,
    parse_catalog,
    po_path,
    read_catalog,
    write_catalog,
)
from course.check import check
from course.errors import CatalogError
from course.lint import lint_catalog
from course.project import Project
from tests.hostile import CONTROL_CHARACTERS, TIME_LIMIT, files_limited_to, run_in_process, tree
from tests.projects import real_copy, translated_project

PO = "de/LC_MESSAGES/messages.po"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini course with a complete `de` catalog, made once; tests copy it before changing anything."""
    return translated_project(tmp_path_factory.mktemp("pristine")).root


def copy_of(pristine: Path, folder: Path) -> Project:
    root = folder / "mini-course"
    shutil.copytree(pristine, root)
    return Project(root)


def test_update_keeps_every_arabic_translation_byte_for_byte(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    before = tree(project.locales)
    assert run_in_process(["--project", str(project.root), "update"]).status == 0
    assert tree(project.locales) == before, "an up-to-date catalog is rewritten byte for byte"
    arabic = po_path(project.locales, "ar")
    assert "ت".encode() in arabic.read_bytes()
    assert b"\\u06" not in arabic.read_bytes()


def test_update_of_a_changed_source_keeps_every_other_arabic_translation(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    arabic = po_path(project.locales, "ar")
    old = {(m.context, m.id): m.string for m in read_catalog(arabic, "ar", project.locales) if m.id}
    title = "Ledarskap och digitala värderingar"
    pot = project.locales / "messages.pot"
    pot.write_text(pot.read_text(encoding="utf-8").replace(f'msgid "{title}"', f'msgid "{title}!"'), "utf-8")
    assert run_in_process(["--project", str(project.root), "update"]).status == 0
    new = read_catalog(arabic, "ar", project.locales)
    kept = {(m.context, m.id): m.string for m in new if m.id and not m.fuzzy}
    assert kept == {key: string for key, string in old.items() if key != ("course/title", title)}
    changed = new.get(f"{title}!", "course/title")
    assert changed is not None
    assert changed.fuzzy
    assert changed.string == old[("course/title", title)]


def test_a_second_update_keeps_the_previous_source_of_a_fuzzy_entry(pristine: Path, tmp_path: Path) -> None:
    """`#| msgid` is what translation tools show as the change to review; Babel alone turns it into a comment."""
    project = copy_of(pristine, tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    source = lesson.read_text(encoding="utf-8")
    lesson.write_text(source.replace("Därför spelar det roll.", "Därför spelar det stor roll."), encoding="utf-8")
    for verb in ("extract", "update", "update"):
        assert run_in_process(["--project", str(project.root), verb]).status == 0
    text = po_path(project.locales, "de").read_text(encoding="utf-8")
    assert '#| msgid "Därför spelar det roll."\nmsgctxt "lesson/alpha/why"' in text
    assert "# |" not in text


def test_update_after_a_long_source_changed_writes_its_previous_source_as_gettext_reads_it(
    pristine: Path, tmp_path: Path
) -> None:
    """A source longer than a line: Babel would wrap its previous msgid as a comment (`#| msgid "" "text…`), which
    no gettext tool reads and our read-back refuses, so the update failed. One `#|` line per string line instead."""
    project = copy_of(pristine, tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    old = "Därför spelar det roll."
    long_old = " ".join([old] * 8)
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(old, long_old), encoding="utf-8")
    for verb in ("extract", "update"):
        assert run_in_process(["--project", str(project.root), verb]).status == 0
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    translated = catalog.get(long_old, "lesson/alpha/why")
    assert translated is not None
    translated.string, translated.flags = f"DE {long_old}", set()
    write_catalog(path, catalog)
    lesson.write_text(lesson.read_text(encoding="utf-8").replace(long_old, long_old + " Nu."), encoding="utf-8")
    for verb in ("extract", "update"):
        assert run_in_process(["--project", str(project.root), verb]).status == 0
    first = path.read_bytes()
    assert '#| msgid ""\n#| "Därför spelar det roll. Därför' in first.decode("utf-8")
    message = read_catalog(path, "de").get(long_old + " Nu.", "lesson/alpha/why")
    assert message is not None
    assert message.fuzzy
    assert message.previous_id == [long_old]
    assert run_in_process(["--project", str(project.root), "update"]).status == 0
    assert path.read_bytes() == first, "a second update keeps it byte for byte"


def test_a_previous_source_written_over_several_lines_is_read_whole(pristine: Path, tmp_path: Path) -> None:
    """As msgmerge writes a long previous msgid: an empty first string, then continuations."""
    project = copy_of(pristine, tmp_path)
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    entry = 'msgctxt "lesson/alpha/why"\nmsgid "Därför spelar det roll."'
    path.write_text(
        text.replace(entry, f'#, fuzzy\n#| msgid ""\n#| "Därför spelar "\n#| "det ingen roll."\n{entry}'), "utf-8"
    )
    message = read_catalog(path, "de").get("Därför spelar det roll.", "lesson/alpha/why")
    assert message is not None
    assert message.previous_id == ["Därför spelar det ingen roll."]
    assert message.user_comments == []


@pytest.mark.parametrize("code", ["pt-BR", "pt_BR", "sr-Latn-RS", "es-419"])
def test_a_catalog_for_a_tag_with_a_region_or_script_is_made_and_read(
    pristine: Path, tmp_path: Path, code: str
) -> None:
    """Babel parses only `pt_BR`; a course may name the language `pt-BR`, a well-formed tag too."""
    project = copy_of(pristine, tmp_path)
    assert run_in_process(["--project", str(project.root), "init", code]).status == 0
    catalog = read_catalog(po_path(project.locales, code), code, project.locales)
    assert str(catalog.locale) == code.replace("-", "_")
    assert catalog.get("Nästa") is not None


def test_a_catalog_is_written_in_utf8_whatever_charset_it_was_given(tmp_path: Path) -> None:
    catalog = Catalog(locale="ar", charset="latin-1", fuzzy=False)
    catalog.add("Nästa", "التالي")
    path = tmp_path / "ar" / "LC_MESSAGES" / "messages.po"
    write_catalog(path, catalog)
    data = path.read_bytes()
    assert "التالي".encode() in data
    assert b"charset=utf-8" in data
    assert read_catalog(path, "ar").get("Nästa") is not None


@pytest.mark.parametrize("separator", ["\x0b", "\r", "\u2028", "\x85"])
def test_a_line_break_inside_a_comment_is_refused_at_its_line(pristine: Path, tmp_path: Path, separator: str) -> None:
    """Babel writes the header comment split where Python splits lines: the rest would be a line without its #."""
    path = po_path(copy_of(pristine, tmp_path).locales, "de")
    text = path.read_text(encoding="utf-8")
    path.write_text(f"# before{separator}after\n{text}", encoding="utf-8", newline="")
    with pytest.raises(CatalogError) as caught:
        read_catalog(path, "de")
    assert [(problem.line, problem.message.split(")")[0]) for problem in caught.value.problems] == [
        (1, f"a line break (U+{ord(separator):04X}")
    ]


def test_a_catalog_that_would_not_read_back_is_not_written(pristine: Path, tmp_path: Path) -> None:
    path = po_path(copy_of(pristine, tmp_path).locales, "de")
    before = path.read_bytes()
    catalog = read_catalog(path, "de")
    message = catalog.get("Nästa")
    assert message is not None
    message.string = "DE \x0bNästa"
    with pytest.raises(CatalogError) as caught:
        write_catalog(path, catalog)
    assert "not written" in str(caught.value)
    assert "U+000B" in str(caught.value)
    assert path.read_bytes() == before
    assert sorted(path.parent.iterdir()) == [path]


def test_a_full_disk_during_update_leaves_the_catalog_as_it_was_with_one_message(
    pristine: Path, tmp_path: Path
) -> None:
    project = copy_of(pristine, tmp_path)
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8").replace('"DE Nästa"', '""')  # update has something to write
    path.write_text(text, encoding="utf-8")
    before = tree(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "course", "--project", str(project.root), "update"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=files_limited_to(path.stat().st_size // 2),
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error: cannot write "), done.stderr
    assert "messages.po" in done.stderr, done.stderr
    assert tree(tmp_path) == before, "the catalog is unchanged and no temporary is left"


NAME = "locales/de/LC_MESSAGES/messages.po"


def parsed_or_refused(data: bytes) -> Catalog | None:
    """The catalog, or None after checking that every problem names the file and a line of it."""
    try:
        catalog = parse_catalog(data, NAME, "de")
    except CatalogError as error:
        problems = error.problems
    else:
        lint_catalog(catalog, Path(NAME))
        return catalog
    assert problems
    for problem in problems:
        assert problem.file == NAME, problem
        assert 1 <= problem.line <= data.count(b"\n") + 1, problem
    return None


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_random_text_is_a_catalog_or_a_catalog_error_at_a_line(text: str) -> None:
    parsed_or_refused(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_random_bytes_are_a_catalog_or_a_catalog_error_at_a_line(data: bytes) -> None:
    parsed_or_refused(b'msgid ""\nmsgstr ""\n' + data)


GARBLE = ['"', "\\", "\x01", " x", "#", "[", "]", "msgstr", "msgid_plural", "\\x01", "%s", "\u2068", "\\"]
HEADERS = [
    "Plural-Forms: nplurals=2; plural=n/0;",
    "Plural-Forms: nplurals=9; plural=n;",
    "Plural-Forms: nplurals=1; plural=0;",
    "Content-Type: text/plain; charset=latin-1",
    "Language: fi",
    "Language: ../x",
    "POT-Creation-Date: x",
    "X",
]


def mutated(data: st.DataObject, text: str) -> str:
    lines = text.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "garble", "flip-quote", "control", "header", "swap"]))
        line = lines[index]
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, line)
        elif action == "garble":
            position = data.draw(st.integers(0, len(line)))
            lines[index] = line[:position] + data.draw(st.sampled_from(GARBLE)) + line[position:]
        elif action == "flip-quote":
            lines[index] = line.replace('"', "'", 1)
        elif action == "control":
            lines[index] = line.replace(" ", data.draw(st.sampled_from(CONTROL_CHARACTERS)), 1)
        elif action == "header":
            lines.insert(8, escape(data.draw(st.sampled_from(HEADERS)) + "\n"))
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], line
    return "\n".join(lines) + "\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_catalog_is_a_catalog_or_a_catalog_error_at_a_line(pristine: Path, data: st.DataObject) -> None:
    text = po_path(pristine / "locales", "de").read_text(encoding="utf-8")
    catalog = parsed_or_refused(mutated(data, text).encode("utf-8", "surrogatepass"))
    if catalog is not None:  # its plural rule picks a form for any count, and it can be written back as it is
        compiled = LocaleCatalog.of("de", catalog)
        assert all(0 <= compiled.plural(number) < catalog.num_plurals for number in (0, 1, 2, 5, 11, 100, 10**9))
        catalog_bytes(Path(NAME), catalog)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_catalog_through_loading_and_check(
    pristine: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    project = copy_of(pristine, tmp_path_factory.mktemp("fuzz"))
    path = po_path(project.locales, "de")
    path.write_bytes(mutated(data, path.read_text(encoding="utf-8")).encode("utf-8", "surrogatepass"))
    for attempt in (lambda: load_locale(project.locales, "de", "sv").lookup(None, "Nästa", 3), lambda: check(project)):
        try:
            attempt()
        except CatalogError as error:
            problems = error.problems
        else:
            continue
        assert problems
        for problem in problems:
            assert problem.file.endswith(PO), problem
            assert problem.line >= 1, problem
