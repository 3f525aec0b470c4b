"""Extraction: `course extract` and plain `pybabel extract` with the project's mapping agree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from course.cli import main
from course.extract import extract_catalog
from tests.projects import make_project, real_project


def messages(catalog: Catalog) -> set[tuple[object, ...]]:
    """What a translator gets: context, text, comment (however a tool wraps it) and where it comes from."""
    return {(m.context, m.id, " ".join(m.auto_comments), tuple(m.locations)) for m in catalog if m.id}


def test_pybabel_extract_with_the_project_mapping_yields_the_same_messages(tmp_path: Path) -> None:
    project = real_project()
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run(
        [str(pybabel), "extract", "-F", "pyproject.toml", "-o", str(tmp_path / "p.pot"), "."],
        cwd=project.root,
        check=True,
        capture_output=True,
    )
    ours = extract_catalog(project.root)
    with open(tmp_path / "p.pot", "rb") as handle:
        assert messages(ours) == messages(read_po(handle))
    ours_set = messages(ours)
    contexts = {context for context, *_ in ours_set}
    assert "lesson/world-in-change/why" in contexts
    assert "question/assess-new-residents/stem" in contexts
    assert any(m.context is None and m.id == "Nästa" for m in ours)  # template strings come along


def test_every_message_has_a_translator_comment() -> None:
    catalog = extract_catalog(real_project().root)
    missing = [(m.context, m.id) for m in catalog if m.id and not m.auto_comments]
    assert missing == []


def test_extract_leaves_the_pot_alone_when_no_message_changed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path)
    assert main(["--project", str(project.root), "extract"]) == 0
    pot = project.locales / "messages.pot"
    first = pot.read_bytes()
    os.utime(pot, (1, 1))
    assert main(["--project", str(project.root), "extract"]) == 0
    assert pot.stat().st_mtime == 1
    assert pot.read_bytes() == first
    assert "unchanged" in capsys.readouterr().out
    lesson = project.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace("Därför spelar det roll.", "Ny text."), encoding="utf-8"
    )
    assert main(["--project", str(project.root), "extract"]) == 0
    assert b"Ny text." in pot.read_bytes()


def test_source_date_epoch_sets_the_pot_creation_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = make_project(tmp_path)
    assert main(["--project", str(project.root), "extract"]) == 0
    assert b'"POT-Creation-Date: 2023-11-14 22:13+0000\\n"' in (project.locales / "messages.pot").read_bytes()
