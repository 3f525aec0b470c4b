"""Hostile and careless command lines: every bad argument, locale code or SOURCE_DATE_EPOCH, for every verb that
takes it, is one "error: ..." naming it and how to fix it, exit 1, nothing written. (A build that fails or is stopped
while writing is in test_build.py; requests outside the served folder and failing rebuilds in test_preview.py.)"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from course.build import BuildRequest
from course.cli import main
from course.errors import UsageError
from course.project import Project
from tests.hostile import (
    HOSTILE_LOCALES,
    assert_refused,
    refused_in_process,
    refused_in_subprocess,
    run_in_process,
    tree,
)
from tests.projects import make_project

VERBS = [["build"], ["extract"], ["update"], ["init", "fi"], ["check"], ["stats"], ["preview", "--port", "0"]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The mini course with its template extracted, shared by the refusals (each asserts it is left unchanged)."""
    made = make_project(tmp_path_factory.mktemp("project"))
    assert main(["--project", str(made.root), "extract"]) == 0
    return made


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "abc", "١٢٣", "8e3", " 80", "", "0x50", "99999999999"])
def test_a_port_that_is_not_one_is_refused(project: Project, port: str) -> None:
    refused_in_process(["preview", "--port", port], project.root, "argument --port", "65535")


def project_arguments(tmp: Path) -> dict[str, tuple[str, str]]:
    """--project values that are no project, with what the message must say."""
    (tmp / "a-file").write_text("not a folder", encoding="utf-8")
    (tmp / "no-course").mkdir()
    (tmp / "no-pyproject" / "course" / "content").mkdir(parents=True)
    (tmp / "no-pyproject" / "course" / "content" / "course.yaml").write_text("id: x\n", encoding="utf-8")
    return {
        "file": (str(tmp / "a-file"), "is a file, not a folder"),
        "missing": (str(tmp / "missing"), "does not exist"),
        "no-course": (str(tmp / "no-course"), "course/content/course.yaml is missing"),
        "no-pyproject": (str(tmp / "no-pyproject"), "pyproject.toml is missing"),
        "empty": ("", "is not a path"),
    }


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
@pytest.mark.parametrize("kind", ["file", "missing", "no-course", "no-pyproject", "empty"])
def test_a_project_argument_that_names_no_project_is_refused(tmp_path: Path, kind: str, verb: list[str]) -> None:
    value, said = project_arguments(tmp_path)[kind]
    before = tree(tmp_path)
    assert_refused(run_in_process(["--project", value, *verb]), "argument --project", said)
    assert tree(tmp_path) == before


@pytest.mark.parametrize("kind", ["empty", "blank", "file", "inside-a-file"])
def test_an_out_argument_that_is_no_folder_is_refused(project: Project, kind: str) -> None:
    a_file = project.root / "pyproject.toml"
    value = {"empty": "", "blank": "  ", "file": str(a_file), "inside-a-file": str(a_file / "zips")}[kind]
    refused_in_process(["build", "--out", value], project.root, "argument --out")


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["bogus"], "argument COMMAND"),
        ([], "COMMAND"),
        (["build", "--bogus"], "--bogus"),
        (["build", "--standard", "scorm3000"], "argument --standard"),
        (["init"], "LOCALE"),
        (["check", "--strict=yes"], "--strict"),
    ],
)
def test_argparse_usage_errors_exit_1_with_their_message_first(project: Project, argv: list[str], named: str) -> None:
    outcome = refused_in_process(argv, project.root, named)
    assert "usage: course" in outcome.stderr


@pytest.mark.parametrize("code", [*HOSTILE_LOCALES, "../x", "qps-ploc"], ids=ascii)
def test_init_refuses_a_code_that_is_not_a_language_tag(project: Project, code: str) -> None:
    refused_in_process(["init", code], project.root, "argument LOCALE")


@pytest.mark.parametrize("code", HOSTILE_LOCALES, ids=ascii)
def test_build_refuses_a_locale_that_is_not_a_language_tag(project: Project, code: str) -> None:
    refused_in_process(["build", "--locale", code], project.root, "argument --locale")


@pytest.mark.parametrize("code", HOSTILE_LOCALES, ids=ascii)
def test_a_library_build_request_refuses_a_locale_that_is_not_a_language_tag(project: Project, code: str) -> None:
    with pytest.raises(UsageError, match=r"locale .* not a language"):
        BuildRequest(project, project.build, locales=("sv", code))


@pytest.mark.parametrize("code", [code for code in HOSTILE_LOCALES if "\x00" not in code], ids=ascii)  # argv has no NUL
def test_the_preview_refuses_a_locale_that_is_not_a_language_tag_before_it_starts(project: Project, code: str) -> None:
    """In a process of its own: a preview that did start would serve until the time limit."""
    outcome = refused_in_subprocess(["preview", "--port", "0", "--locale", code], project.root, "argument --locale")
    assert "previewing at" not in outcome.stdout


EPOCHS = {
    "after-2107": "4354819200",
    "negative": "-1",
    "huge": str(10**30),
    "thousands-of-digits": "9" * 5000,
    "arabic-indic-digits": "١٢٣",
    "exponent": "1e9",
    "fraction": "1700000000.5",
    "sign": "+1700000000",
    "space": " 1700000000",
    "hex": "0x10",
    "words": "yesterday",
}


@pytest.mark.parametrize("verb", [["build"], ["extract"], ["init", "fi"]], ids=lambda verb: verb[0])
@pytest.mark.parametrize("value", EPOCHS.values(), ids=EPOCHS.keys())
def test_a_source_date_epoch_that_is_no_date_a_zip_can_hold_is_refused(
    project: Project, monkeypatch: pytest.MonkeyPatch, value: str, verb: list[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    refused_in_process(verb, project.root, "SOURCE_DATE_EPOCH", "date +%s")


def zip_dates(out: Path) -> set[tuple[int, ...]]:
    with zipfile.ZipFile(next(out.glob("*.zip"))) as archive:
        return {info.date_time for info in archive.infolist()}


@pytest.mark.parametrize(
    ("value", "dates"),
    [
        ("", {(2026, 1, 1, 0, 0, 0)}),  # empty is unset (reproducible-builds.org): the fixed date
        ("0", {(1980, 1, 1, 0, 0, 0)}),  # before 1980: the earliest date a zip can hold
        ("4354819199", {(2107, 12, 31, 23, 59, 58)}),  # the last second a zip can hold (it counts in two seconds)
    ],
    ids=["empty", "zero", "last"],
)
def test_source_date_epoch_at_its_limits_builds(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str, dates: set[tuple[int, ...]]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    out = tmp_path / "out"
    assert (
        main(["--project", str(project.root), "build", "--locale", "sv", "--standard", "scorm12", "--out", str(out)])
        == 0
    )
    assert zip_dates(out) == dates
