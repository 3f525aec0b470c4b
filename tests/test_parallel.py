"""Worker processes: a build spread over the cores gives the same bytes and the same errors as one process."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import pytest

import course.build
import course.parallel
from course.build import BuildRequest, build
from course.errors import CatalogError
from course.model import STANDARDS
from tests.projects import real_project, translated_project


@pytest.fixture
def worker_runs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Force the worker processes on for any build, and record what each pool run returned (None: it fell back)."""
    runs: list[object] = []
    real = course.parallel.map_in_processes

    def recorded(*args: Any) -> object:
        result: object = real(*args)
        runs.append(result)
        return result

    monkeypatch.setattr(course.build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(course.parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(course.parallel, "map_in_processes", recorded)
    return runs


def built(out: Path) -> dict[str, str]:
    packages = build(BuildRequest(real_project(), out)).packages
    return {p.path.name: hashlib.sha256(p.path.read_bytes()).hexdigest() for p in packages}


def test_a_build_spread_over_worker_processes_is_byte_identical(
    tmp_path: Path, worker_runs: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    many = built(tmp_path / "workers")
    assert worker_runs, "the workers were asked"
    assert all(run is not None for run in worker_runs), "the workers rendered the locales"
    monkeypatch.setattr(course.build, "PARALLEL_FROM", 10**12)
    one = built(tmp_path / "one")
    assert len(worker_runs) == 1, "the second build ran in this process"
    assert many == one


def test_broken_catalogs_are_reported_from_worker_processes_at_their_line(
    tmp_path: Path, worker_runs: list[object]
) -> None:
    project = translated_project(tmp_path)
    po = project.locales / "de" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    broken = next(n for n, text in enumerate(lines) if text.startswith('msgstr "DE '))
    lines[broken] = lines[broken].rstrip('"')
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        build(BuildRequest(project, project.build, locales=("sv", "de")))
    assert worker_runs, "the workers were asked"
    assert worker_runs[0] is not None, "the workers rendered the locales"
    assert f"messages.po:{broken + 1}:" in str(caught.value)
    assert not project.build.exists() or not list(project.build.glob("*.zip"))


def test_where_no_worker_can_start_the_build_renders_in_this_process(
    tmp_path: Path, worker_runs: list[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    assert len(built(tmp_path / "out")) == len(STANDARDS)
    assert worker_runs == [None], "the workers were tried and given up on"
