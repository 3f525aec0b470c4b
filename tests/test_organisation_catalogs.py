"""An organisation's own catalogs (organisations/<slug>/locales/, domain `organisation`): extract, init, update,
check and stats with --organisation, on the mini course with a small profile written here, and the build's lookup."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from course.catalogs import read_catalog, write_catalog
from course.cli import main
from course.content import load_course
from course.errors import CatalogError
from course.organisation import load_organisation
from course.organisation_catalogs import load_organisation_catalog, organisation_place
from course.paths import display_path
from course.project import Project
from tests.projects import translated_project

SLUG = "acme"
PROFILE_FILE = f"organisations/{SLUG}/organisation.yaml"
NOTE_FIRST = "Hos oss gäller *våra* [riktlinjer](https://acme.example/riktlinjer)."
NOTE_SECOND = "Fråga din chef."
# The profile, each translatable text on a line of its own: alt 4, role 7, the documents' titles 10 and 12, the
# note's two paragraphs 16 and 18.
PROFILE = f"""\
name: Acme kommun
logo:
  file: logo.svg
  alt: Acmes logotyp
accent: "#1e6b3a"
contact:
  role: Kommunikationsenheten
  email: info@acme.example
documents:
  - title: Riktlinjer
    url: https://acme.example/riktlinjer
  - title: Uppförandekod
    url: https://acme.example/kod
notes:
  alpha: |
    {NOTE_FIRST}

    {NOTE_SECOND}
passing_score: 80
"""
LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="10" height="10">'
    '<rect width="10" height="10"/></svg>'
)
MESSAGES = {
    ("organisation/logo/alt", "Acmes logotyp", 4),
    ("organisation/contact/role", "Kommunikationsenheten", 7),
    ("organisation/documents", "Riktlinjer", 10),
    ("organisation/documents", "Uppförandekod", 12),
    ("organisation/notes/alpha", NOTE_FIRST, 16),
    ("organisation/notes/alpha", NOTE_SECOND, 18),
}


def write_profile(project: Project, slug: str = SLUG, text: str = PROFILE) -> Path:
    folder = project.organisations / slug
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logo.svg").write_text(LOGO, encoding="utf-8")
    (folder / "organisation.yaml").write_text(text, encoding="utf-8")
    return folder / "organisation.yaml"


def run(project: Project, *arguments: str) -> int:
    return main(["--project", str(project.root), *arguments])


def po(project: Project, code: str = "de", slug: str = SLUG) -> Path:
    return organisation_place(project, slug).po(code)


def translate_all(path: Path, code: str = "de") -> None:
    catalog = read_catalog(path, code)
    for message in catalog:
        if message.id:
            message.string = f"DE {message.id}"
    write_catalog(path, catalog)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The mini course, its `de` catalog complete, with the profile `acme` (sv and de, the course's locales)."""
    found = translated_project(tmp_path)
    write_profile(found)
    return found


@pytest.fixture
def initialised(project: Project, capsys: pytest.CaptureFixture[str]) -> Project:
    """The project with the profile's template extracted and its `de` catalog started (nothing translated)."""
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert run(project, "init", "--organisation", SLUG, "de") == 0
    capsys.readouterr()
    return project


def test_extract_writes_the_template_with_contexts_comments_and_places_and_rewrites_it_only_when_changed(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    course_catalogs = fingerprint(project.locales)
    template = organisation_place(project, SLUG).template
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert capsys.readouterr().out == f"wrote {display_path(template)}\n"
    assert template == project.root / "organisations" / SLUG / "locales" / "organisation.pot"
    with open(template, "rb") as handle:
        catalog = read_po(handle)
    found = {(m.context, m.id, line) for m in catalog if m.id for file, line in m.locations if file == PROFILE_FILE}
    assert found == MESSAGES
    assert all(len(m.locations) == 1 and m.auto_comments for m in catalog if m.id)
    before = template.read_bytes(), template.stat().st_mtime_ns
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert capsys.readouterr().out == f"unchanged: {display_path(template)}\n"
    assert (template.read_bytes(), template.stat().st_mtime_ns) == before
    assert fingerprint(project.locales) == course_catalogs


def test_init_starts_the_organisations_catalog_with_every_message_untranslated(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert run(project, "init", "--organisation", SLUG, "de") == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"created {display_path(po(project))}"
    catalog = read_catalog(po(project), "de")
    assert {(m.context, m.id) for m in catalog if m.id} == {(context, msgid) for context, msgid, _ in MESSAGES}
    assert not any(m.string for m in catalog if m.id)
    assert run(project, "init", "--organisation", SLUG, "de") == 1
    assert "exists already; use `course update --organisation acme` to merge" in capsys.readouterr().err


def test_init_before_extract_names_the_organisations_extract(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "init", "--organisation", SLUG, "de") == 1
    template = display_path(organisation_place(project, SLUG).template)
    assert f"{template}:1: catalog not found; run `course extract --organisation acme`" in capsys.readouterr().err


def test_update_marks_a_changed_note_fuzzy_with_its_previous_text(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    translate_all(po(project))
    profile = project.organisations / SLUG / "organisation.yaml"
    profile.write_text(PROFILE.replace(NOTE_SECOND, "Fråga alltid din chef."), encoding="utf-8")
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert run(project, "update", "--organisation", SLUG) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"updated {display_path(po(project))}"
    message = read_catalog(po(project), "de").get("Fråga alltid din chef.", "organisation/notes/alpha")
    assert message is not None
    assert message.fuzzy
    assert message.string == f"DE {NOTE_SECOND}"
    assert f'#| msgid "{NOTE_SECOND}"' in po(project).read_text(encoding="utf-8")


def test_check_reports_coverage_and_an_untranslated_note_and_fails_in_strict_mode(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    catalog = read_catalog(po(project), "de")
    for message in catalog:
        if message.id and message.id != NOTE_SECOND:
            message.string = f"DE {message.id}"
    write_catalog(po(project), catalog)
    assert run(project, "check", "--organisation", SLUG) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[0] == "organisation acme"
    assert out.splitlines()[2].split() == ["de", "5", "0", "1", "0", "83%"]
    assert "assessment items" not in out  # the course was not checked
    assert out.endswith("content OK\n")
    assert err == (
        f"warning: {display_path(po(project))}:1: untranslated: 1, fuzzy: 0; these show in Swedish until translated\n"
    )
    assert run(project, "check", "--strict", "--organisation", SLUG) == 1
    assert "check failed: 1 warning in --strict mode" in capsys.readouterr().err
    assert run(project, "stats", "--organisation", SLUG) == 0
    assert capsys.readouterr().out.splitlines()[2].split() == ["de", "5", "0", "1", "0", "83%"]


def test_a_missing_catalog_is_an_error_naming_the_init_command(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert run(project, "check", "--organisation", SLUG) == 1
    err = capsys.readouterr().err
    assert f"{display_path(po(project))}:1: catalog not found; run `course init --organisation acme de`" in err


def test_a_template_out_of_date_and_a_stray_entry_are_warnings_naming_the_organisations_verbs(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    translate_all(po(project))
    text = po(project).read_text(encoding="utf-8")
    po(project).write_text(text.replace('msgctxt "organisation/contact/role"', 'msgctxt "organisation/contact/roll"'))
    profile = project.organisations / SLUG / "organisation.yaml"
    profile.write_text(PROFILE.replace("Riktlinjer\n", "Våra riktlinjer\n"), encoding="utf-8")
    assert run(project, "check", "--organisation", SLUG) == 0
    err = capsys.readouterr().err
    template = display_path(organisation_place(project, SLUG).template)
    assert (
        f"warning: {template}:1: out of date with {PROFILE_FILE}; run `course extract --organisation acme` then "
        "`course update --organisation acme`" in err
    )
    assert "not in organisation.pot (is its msgctxt or msgid changed?)" in err
    assert "or run `course update --organisation acme`, which marks it obsolete" in err
    assert (
        "organisation.pot has 1 message this catalog does not have yet; run `course update --organisation acme`" in err
    )


def test_check_lints_the_organisations_translations(initialised: Project, capsys: pytest.CaptureFixture[str]) -> None:
    project = initialised
    translate_all(po(project))
    catalog = read_catalog(po(project), "de")
    message = catalog.get(NOTE_FIRST, "organisation/notes/alpha")
    assert message is not None
    message.string = "Bei uns gelten unsere Richtlinien."  # the link dropped
    write_catalog(po(project), catalog)
    assert run(project, "check", "--organisation", SLUG) == 0
    err = capsys.readouterr().err
    assert f"warning: {display_path(po(project))}:" in err
    assert "organisation/notes/alpha “Hos oss gäller *våra* [riktlinjer](ht…”:" in err


def test_a_translation_writing_the_organisations_pass_mark_is_an_error(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    translate_all(po(project))
    catalog = read_catalog(po(project), "de")
    message = catalog.get(NOTE_SECOND, "organisation/notes/alpha")
    assert message is not None
    message.string = "Frag deinen Chef; du brauchst 50 %."  # the course's pass mark, not the profile's 80
    write_catalog(po(project), catalog)
    assert run(project, "check", "--organisation", SLUG) == 0
    capsys.readouterr()
    message.string = "Frag deinen Chef; du brauchst 80 %."
    write_catalog(po(project), catalog)
    assert run(project, "check", "--organisation", SLUG) == 1
    assert "the pass mark written as a figure ('80 %')" in capsys.readouterr().err


def test_a_note_writing_the_pass_mark_is_a_content_error_at_the_profiles_line(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profile(project, text=PROFILE.replace(NOTE_SECOND, "Du behöver 80 procent."))
    assert run(project, "extract", "--organisation", SLUG) == 0
    assert run(project, "init", "--organisation", SLUG, "de") == 0
    assert run(project, "check", "--organisation", SLUG) == 1
    err = capsys.readouterr().err
    assert "in the organisation profiles" in err
    assert f"{display_path(project.root / PROFILE_FILE)}:18: the pass mark written as a figure ('80 procent')" in err


def test_check_all_organisations_checks_the_course_and_every_profile(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    assert run(project, "check", "--strict") == 0  # the course alone is complete
    capsys.readouterr()
    assert run(project, "check", "--strict", "--all-organisations") == 1
    out, err = capsys.readouterr()
    assert "assessment items per lesson" in out  # the course's report
    assert "organisation acme" in out
    assert f"{display_path(po(project))}:1: untranslated: 6, fuzzy: 0" in err
    translate_all(po(project))
    assert run(project, "check", "--strict", "--all-organisations") == 0
    assert capsys.readouterr().out.endswith("content OK\n")


def test_check_all_organisations_reports_the_problems_of_course_and_profiles_at_once(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    po(project).write_text("broken", encoding="utf-8")
    course_po = project.locales / "de" / "LC_MESSAGES" / "messages.po"
    course_po.unlink()
    assert run(project, "check", "--all-organisations") == 1
    err = capsys.readouterr().err
    assert f"{display_path(course_po)}:1: catalog not found; run `course init de`" in err
    assert f"{display_path(po(project))}:1:" in err


def test_organisation_verbs_leave_the_course_catalogs_alone(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    course_catalogs = fingerprint(project.locales)
    for verb in (["extract"], ["init", "de"], ["update"], ["check"], ["stats"]):
        assert run(project, verb[0], "--organisation", SLUG, *verb[1:]) == 0, capsys.readouterr().err
    assert fingerprint(project.locales) == course_catalogs
    assert po(project).is_file()


def test_update_checks_every_profiles_catalogs_before_writing_any(
    initialised: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    project = initialised
    write_profile(project, "bravo")
    assert run(project, "extract", "--organisation", "bravo") == 0
    assert run(project, "init", "--organisation", "bravo", "de") == 0
    for slug in (SLUG, "bravo"):
        write_profile(project, slug, PROFILE.replace(NOTE_SECOND, "Fråga alltid din chef."))
    assert run(project, "extract", "--all-organisations") == 0
    capsys.readouterr()
    bravo = po(project, slug="bravo").read_bytes()
    po(project).write_text(po(project).read_text(encoding="utf-8") + 'msgid "x"\n', encoding="utf-8")
    assert run(project, "update", "--all-organisations") == 1
    assert f"{display_path(po(project))}:" in capsys.readouterr().err
    assert po(project, slug="bravo").read_bytes() == bravo


def test_the_builds_catalog_falls_back_where_untranslated_and_needs_none_for_the_source(initialised: Project) -> None:
    project = initialised
    course = load_course(project.content)
    organisation = load_organisation(project, SLUG, course)
    assert load_organisation_catalog(project, organisation, "sv", "sv").strings == {}
    catalog = read_catalog(po(project), "de")
    message = catalog.get("Acmes logotyp", "organisation/logo/alt")
    assert message is not None
    message.string = "Acmes Logo"
    fuzzy = catalog.get(NOTE_SECOND, "organisation/notes/alpha")
    assert fuzzy is not None
    fuzzy.string = "Frag deinen Chef."
    fuzzy.flags.add("fuzzy")
    write_catalog(po(project), catalog)
    found = load_organisation_catalog(project, organisation, "de", "sv")
    assert found.lookup("organisation/logo/alt", "Acmes logotyp") == "Acmes Logo"
    assert found.lookup("organisation/notes/alpha", NOTE_SECOND) is None  # fuzzy: the source shows
    assert found.lookup("organisation/contact/role", "Kommunikationsenheten") is None  # untranslated
    po(project).unlink()
    with pytest.raises(CatalogError) as error:
        load_organisation_catalog(project, organisation, "de", "sv")
    assert str(error.value.problems[0]) == (
        f"{display_path(po(project))}:1: catalog not found; run `course init --organisation acme de`"
    )


def test_every_profiles_problems_show_at_once_and_nothing_is_written(
    project: Project, capsys: pytest.CaptureFixture[str]
) -> None:
    write_profile(project, "bravo", PROFILE.replace("passing_score: 80", "passing_scor: 80"))
    write_profile(project, text=PROFILE.replace("accent:", "colour:"))
    assert run(project, "extract", "--all-organisations") == 1
    err = capsys.readouterr().err
    assert err.startswith("error: 3 problems in the organisation profiles:")  # colour: unknown; accent: missing
    assert f"{display_path(project.organisations / SLUG / 'organisation.yaml')}:" in err
    assert f"{display_path(project.organisations / 'bravo' / 'organisation.yaml')}:19:" in err
    assert not (project.organisations / SLUG / "locales").exists()
