"""`course check`, `init` and `update` on a fixture course with a test locale (de), and the real course's coverage."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from course.catalogs import po_path, read_catalog, write_catalog
from course.check import check
from course.cli import main
from course.project import Project
from tests.projects import make_project, real_project, translated_project


def set_translation(project: Project, context: str, text: str) -> None:
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    found = [message for message in catalog if message.context == context]
    found[0].string = text
    write_catalog(path, catalog)


def test_init_writes_the_locales_plural_forms(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    main(["--project", str(project.root), "extract"])
    assert main(["--project", str(project.root), "init", "ar"]) == 0
    header = po_path(project.locales, "ar").read_text(encoding="utf-8")
    assert "nplurals=6;" in header


def test_a_complete_catalog_checks_clean(tmp_path: Path) -> None:
    report = check(translated_project(tmp_path))
    assert [(s.locale, s.translated, s.fuzzy, s.untranslated) for s in report.stats] == [
        ("de", report.stats[0].total, 0, 0)
    ]
    assert report.warnings == ()


@pytest.mark.parametrize(
    ("context", "translation", "warning"),
    [
        ("lesson/alpha/social", "DE ohne Link.", "Markdown differs from the source"),
        ("lesson/alpha/social", "DE [Beispiel](https://evil.example/).", "a link address differs"),
        ("lesson/alpha/intro", "DE <b>fett</b>", "raw HTML in the translation"),
        ("question/alpha-check/stem", "Vilket svar är rätt?", None),
    ],
)
def test_check_reports_broken_translations_at_their_po_line(
    tmp_path: Path, context: str, translation: str, warning: str | None
) -> None:
    project = translated_project(tmp_path)
    set_translation(project, context, translation)
    report = check(project)
    if warning is None:  # a short text may stay the same (names, "OK"); only long copies are flagged
        assert report.warnings == ()
        return
    [problem] = report.warnings
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8").splitlines()
    assert problem.file.endswith("locales/de/LC_MESSAGES/messages.po")
    assert po_text[problem.line - 1].startswith("msgid") and warning in problem.message
    assert context in problem.message


def test_a_lost_placeholder_is_reported(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = next(m for m in catalog if isinstance(m.id, str) and "%(minutes)s" in m.id)
    message.string = "DE etwa 30 Minuten"
    write_catalog(path, catalog)
    [problem] = check(project).warnings
    assert "placeholders differ from the source (missing %(minutes)s)" in problem.message


def test_update_marks_a_changed_message_fuzzy_keeps_the_previous_msgid_and_obsoletes_removed_ones(
    tmp_path: Path,
) -> None:
    project = translated_project(tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    source = lesson.read_text(encoding="utf-8").replace("Därför spelar det roll.", "Därför spelar det stor roll.")
    lesson.write_text(source.replace("  - Tredje punkten.\n", ""), encoding="utf-8")
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    po_text = po_path(project.locales, "de").read_text(encoding="utf-8")
    with open(po_path(project.locales, "de"), "rb") as handle:
        catalog = read_po(handle)
    changed = catalog.get("Därför spelar det stor roll.", "lesson/alpha/why")
    assert changed is not None and changed.fuzzy and changed.string == "DE Därför spelar det roll."
    assert (
        '#| msgid "Därför spelar det roll."\nmsgctxt "lesson/alpha/why"\nmsgid "Därför spelar det stor roll."'
        in po_text
    )
    assert ("lesson/alpha/key_points", "Tredje punkten.") in {(m.context, m.id) for m in catalog.obsolete.values()}
    report = check(project)
    assert report.stats[0].fuzzy == 1
    assert any("fuzzy" in warning.message for warning in report.warnings)
    assert main(["--project", str(project.root), "check", "--strict"]) == 1


def test_shipped_languages_are_completely_translated() -> None:
    """The real course ships only complete catalogs: every message translated, none fuzzy."""
    report = check(real_project())
    assert {s.locale: (s.percent, s.fuzzy) for s in report.stats} == {
        "en": (100.0, 0),
        "fi": (100.0, 0),
        "ar": (100.0, 0),
    }
    assert report.warnings == ()


def test_stats_prints_coverage_per_locale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = translated_project(tmp_path)
    set_translation(project, "lesson/alpha/why", "")
    assert main(["--project", str(project.root), "stats"]) == 0
    header, row = capsys.readouterr().out.splitlines()[-2:]
    assert header.split() == ["locale", "translated", "fuzzy", "untranslated", "obsolete", "percent"]
    total = check(project).stats[0].total
    assert row.split() == ["de", str(total - 1), "0", "1", "0", f"{100 * (total - 1) / total:.0f}%"]
