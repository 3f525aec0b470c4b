"""`course xliff export|import` and `course tmx export` on the command line: what they print and write, and bad input
refused with exit 1, one error message, no traceback and every file as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from course.project import Project
from tests.hostile import refused_in_process, run_in_process
from tests.projects import real_copy

FI = "ledarskap-digitala-varderingar-fi.xlf"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The real project with its XLIFF files exported (the tests below only read it, or are refused)."""
    found = real_copy(tmp_path_factory.mktemp("cli"))
    assert run_in_process(["--project", str(found.root), "xliff", "export", "--locale", "fi"]).status == 0
    return found


def course(project: Project, *argv: str) -> tuple[int, str, str]:
    outcome = run_in_process(["--project", str(project.root), *argv])
    return outcome.status, outcome.stdout, outcome.stderr


def test_export_writes_one_file_per_language_into_build_xliff_by_default(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    status, out, err = course(project, "xliff", "export")
    assert (status, err) == (0, "")
    names = [f"ledarskap-digitala-varderingar-{code}.xlf" for code in ("en", "fi", "ar")]
    lines = out.splitlines()
    assert [line.startswith("wrote ") and "/build/xliff/" in line for line in lines] == [True] * 3
    assert [line.rsplit("/", 1)[1] for line in lines] == names
    assert sorted(path.name for path in (project.build / "xliff").iterdir()) == sorted(names)
    status, out, _ = course(project, "xliff", "export", "--organisation", "exempelregion", "--out", str(tmp_path / "x"))
    assert status == 0
    assert out.strip().endswith("ledarskap-digitala-varderingar-exempelregion-fi.xlf")


def test_import_of_an_unchanged_export_says_so_and_writes_nothing(project: Project) -> None:
    before = {path: path.read_bytes() for path in project.root.rglob("*.po")}
    status, out, err = course(project, "xliff", "import", str(project.build / "xliff" / FI))
    assert (status, err) == (0, "")
    assert out.startswith("unchanged: ")
    assert out.rstrip().endswith("messages.po (no unit changed)")
    assert {path: path.read_bytes() for path in project.root.rglob("*.po")} == before


def test_import_of_a_changed_unit_says_which_catalog_it_updated(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    assert course(project, "xliff", "export", "--locale", "fi")[0] == 0
    path = project.build / "xliff" / FI
    text = path.read_text()
    old = "Olet kunnan asiakaspalvelukeskuksen esihenkilö"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "Johdat kunnan asiakaspalvelukeskusta"))
    status, out, err = course(project, "xliff", "import", str(path))
    assert (status, err) == (0, "")
    assert out.startswith("updated ")
    assert out.strip().endswith("/real/locales/fi/LC_MESSAGES/messages.po (1 unit changed)")
    assert (
        "Johdat kunnan asiakaspalvelukeskusta" in (project.locales / "fi" / "LC_MESSAGES" / "messages.po").read_text()
    )


def test_tmx_export_writes_the_memories_into_build_tmx(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    status, out, err = course(project, "tmx", "export")
    assert (status, err) == (0, "")
    assert out.splitlines()[0].endswith("ledarskap-digitala-varderingar-sv-en.tmx")
    assert len(list((project.build / "tmx").glob("*.tmx"))) == len(out.splitlines()) == 6


def write(project: Project, name: str, data: bytes) -> str:
    path = project.root.parent / name
    path.write_bytes(data)
    return str(path)


@pytest.mark.parametrize(
    ("argv", "where"),
    [
        (["xliff", "export", "--version", "2.0"], "argument --version: XLIFF 2.0 is not written"),
        (["xliff", "export", "--version", "1.1"], "argument --version: '1.1' is not an XLIFF version"),
        (["xliff", "export", "--locale", "sv"], "sv is the source language"),
        (["xliff", "export", "--locale", "de"], "de is not a language the course's catalogs ship"),
        (["xliff", "export", "--organisation", "nowhere"], "no organisation profile 'nowhere'"),
        (["xliff", "export", "--organisation", "Acme AB"], "argument --organisation"),
        (["xliff", "import"], "the following arguments are required: FILE"),
        (["xliff"], "the following arguments are required: COMMAND"),
        (["tmx"], "the following arguments are required: COMMAND"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else "",
)
def test_bad_arguments_are_refused_with_one_message(project: Project, argv: list[str], where: str) -> None:
    refused_in_process(argv, project.root, where)


def test_bad_files_are_refused_with_file_and_line_and_nothing_written(project: Project) -> None:
    exported = (project.build / "xliff" / FI).read_bytes()
    broken = write(project, "broken.xlf", exported[:20000])
    outcome = refused_in_process(["xliff", "import", broken], project.root, "broken.xlf:", "not well-formed XML")
    assert outcome.stderr.startswith("error: 1 problem in the translation catalogs:\n")
    other = write(project, "other.xlf", exported.replace(b'product-name="ledarskap', b'product-name="other', 1))
    refused_in_process(["xliff", "import", other], project.root, "other.xlf:3: this file is for the course")
    organisation = ["xliff", "import", "--organisation", "exempelregion", str(project.build / "xliff" / FI)]
    refused_in_process(organisation, project.root, f"{FI}:3: ", "import it without --organisation")
    refused_in_process(["xliff", "import", str(project.root)], project.root, "real:1: this is a folder, not a file")
    refused_in_process(["xliff", "import", "missing.xlf"], project.root, "missing.xlf:1: no such file")
    pipe = project.root.parent / "pipe.xlf"
    if not pipe.exists():
        os.mkfifo(pipe)
    refused_in_process(["xliff", "import", str(pipe)], project.root, "pipe.xlf:1: this is a named pipe, not a file")
