"""Worker processes: a build spread over the cores gives the same bytes and the same errors as one process."""

from __future__ import annotations

import hashlib
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

import course.build
import course.parallel
from course.build import BuildRequest, build
from course.errors import CatalogError
from course.model import STANDARDS
from tests.projects import real_project, translated_project

Share = tuple[dict[int, Any], list[Any]]  # what a worker did: its results by place, the item it did not finish


@pytest.fixture
def worker_runs(monkeypatch: pytest.MonkeyPatch) -> list[Share]:
    """Force the worker processes on for any build, and record what each worker did. This process takes its first
    item only once the worker has taken one or given up, so that the worker has a part in every such build."""
    runs: list[Share] = []
    real_share, real_take = course.parallel.worker_share, course.parallel.Jobs.take
    worker_ready = threading.Event()

    def recorded(*args: Any) -> Share:
        try:
            result = real_share(*args)
        finally:
            worker_ready.set()
        runs.append(result)
        return result

    def take(jobs: course.parallel.Jobs) -> Any:
        if threading.current_thread() is threading.main_thread():
            worker_ready.wait(timeout=60)
        job = real_take(jobs)
        worker_ready.set()
        return job

    monkeypatch.setattr(course.build, "PARALLEL_FROM", 0)
    monkeypatch.setattr(course.parallel, "usable_cores", lambda: 2)
    monkeypatch.setattr(course.parallel, "worker_share", recorded)
    monkeypatch.setattr(course.parallel.Jobs, "take", take)
    return runs


def built(out: Path) -> dict[str, str]:
    packages = build(BuildRequest(real_project(), out)).packages
    return {p.path.name: hashlib.sha256(p.path.read_bytes()).hexdigest() for p in packages}


def test_a_build_spread_over_worker_processes_is_byte_identical(
    tmp_path: Path, worker_runs: list[Share], monkeypatch: pytest.MonkeyPatch
) -> None:
    many = built(tmp_path / "workers")
    assert len(worker_runs) == 1, "one worker beside this process, on two cores"
    done, unfinished = worker_runs[0]
    assert done, "the worker rendered locales"
    assert not unfinished
    monkeypatch.setattr(course.build, "PARALLEL_FROM", 10**12)
    one = built(tmp_path / "one")
    assert len(worker_runs) == 1, "the second build ran in this process"
    assert many == one


def test_broken_catalogs_are_reported_from_worker_processes_at_their_line(
    tmp_path: Path, worker_runs: list[Share]
) -> None:
    project = translated_project(tmp_path)
    po = project.locales / "de" / "LC_MESSAGES" / "messages.po"
    lines = po.read_text(encoding="utf-8").splitlines()
    broken = next(n for n, text in enumerate(lines) if text.startswith('msgstr "DE '))
    lines[broken] = lines[broken].rstrip('"')
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        build(BuildRequest(project, project.build, locales=("de", "sv")))
    assert worker_runs, "the worker was asked"
    assert worker_runs[0][0], "the worker rendered locales"
    assert f"messages.po:{broken + 1}:" in str(caught.value)
    assert not project.build.exists() or not list(project.build.glob("*.zip"))


def test_where_no_worker_can_start_the_build_renders_in_this_process(
    tmp_path: Path, worker_runs: list[Share], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python-here"))
    assert len(built(tmp_path / "out")) == len(STANDARDS)
    assert worker_runs == [({}, [])], "the worker was tried and given up on"


def test_an_item_a_worker_took_and_did_not_finish_is_done_in_this_process(
    tmp_path: Path, worker_runs: list[Share], monkeypatch: pytest.MonkeyPatch
) -> None:
    stops = tmp_path / "stops"  # a worker that reads the setup and its first item, and exits
    reads = "import sys\nfrom course.parallel import received\n" + "received(sys.stdin.buffer)\n" * 2 + "sys.exit(3)\n"
    stops.write_text(f"#!{sys.executable}\n{reads}", encoding="utf-8")
    stops.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(stops))
    many = built(tmp_path / "stopped")
    assert len(worker_runs) == 1
    assert worker_runs[0][1], "the worker took an item and stopped"
    monkeypatch.setattr(course.build, "PARALLEL_FROM", 10**12)
    assert many == built(tmp_path / "one")
