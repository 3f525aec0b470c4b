"""The command line's --organisation and --all-organisations: checked where they enter, handed to the build and the
preview, and an unknown profile refused with the profiles there are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import course.cli
import course.preview
from course.build import BuildRequest, BuildResult
from course.project import Project
from tests.hostile import refused_in_process
from tests.projects import make_project, translated_project
from tests.test_organisation_catalogs import run, write_profile


@pytest.fixture
def project(tmp_path: Path) -> Project:
    found = make_project(tmp_path)
    write_profile(found, "acme")
    write_profile(found, "bravo")
    return found


@pytest.fixture
def requests(monkeypatch: pytest.MonkeyPatch) -> list[BuildRequest]:
    """The build requests the CLI makes, the build itself left out."""
    made: list[BuildRequest] = []

    def build(request: BuildRequest) -> BuildResult:
        made.append(request)
        return BuildResult((), {})

    monkeypatch.setattr(course.cli, "build", build)
    return made


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """What the CLI asks the preview to serve, nothing served."""
    calls: list[tuple[Any, ...]] = []
    monkeypatch.setattr(course.preview, "serve", lambda *arguments: calls.append(arguments))
    return calls


VERBS = [["build"], ["extract"], ["update"], ["check"], ["stats"], ["init", "de"], ["preview", "--port", "0"]]


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_a_slug_that_is_no_slug_is_refused_where_it_enters(project: Project, verb: list[str]) -> None:
    outcome = refused_in_process(
        [verb[0], "--organisation", "Acme AB", *verb[1:]], project.root, "argument --organisation"
    )
    assert "'Acme AB' is not an organisation's slug" in outcome.stderr


@pytest.mark.parametrize(
    "verb", [verb for verb in VERBS if verb[0] not in ("init", "preview")], ids=lambda verb: verb[0]
)
def test_one_organisation_or_all_not_both(project: Project, verb: list[str]) -> None:
    refused_in_process([*verb, "--organisation", "acme", "--all-organisations"], project.root, "not allowed with")


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb[0])
def test_an_unknown_profile_is_refused_naming_the_profiles(
    project: Project, verb: list[str], requests: list[BuildRequest], served: list[tuple[Any, ...]]
) -> None:
    refused_in_process([verb[0], "--organisation", "acne", *verb[1:]], project.root, "'acne'", "'acme'", "acme, bravo")
    assert requests == []
    assert served == []


def test_build_hands_the_chosen_organisations_to_the_build(
    project: Project, requests: list[BuildRequest], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "build", "--organisation", "bravo", "--organisation", "acme", "--organisation", "bravo") == 0
    assert run(project, "build", "--all-organisations") == 0
    assert run(project, "build") == 0
    assert [request.organisations for request in requests] == [("bravo", "acme"), ("acme", "bravo"), ()]
    assert capsys.readouterr().err == ""


def test_all_organisations_without_profiles_is_refused_except_by_check(
    tmp_path: Path, requests: list[BuildRequest], capsys: pytest.CaptureFixture[str]
) -> None:
    project = translated_project(tmp_path)
    for verb in ("build", "extract", "update", "stats"):
        assert run(project, verb, "--all-organisations") == 1
        assert "--all-organisations: " in capsys.readouterr().err
    assert requests == []
    assert run(project, "check", "--all-organisations") == 0
    out = capsys.readouterr().out
    assert "organisation " not in out
    assert run(project, "check") == 0
    assert capsys.readouterr().out == out


def test_preview_serves_the_organisations_package(
    project: Project, served: list[tuple[Any, ...]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "preview", "--organisation", "acme", "--port", "0") == 0
    assert run(project, "preview", "--port", "0") == 0
    assert served == [(project, (), 0, "acme"), (project, (), 0, None)]
    assert capsys.readouterr().err == ""
