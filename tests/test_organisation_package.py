"""Organisation packages as an LMS and a learner get them: named and identified by the organisation, its pass mark
and languages in force, its logo, notes and links in the page, and nothing of another organisation in it. The two
example profiles in organisations/ are built through the real pipeline."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from course.build import BuildRequest, build
from course.cli import main
from course.content import load_course
from course.model import STANDARDS, Standard
from course.organisation import load_organisation
from course.project import organisation_slugs
from tests.packages import locale_html, locale_scripts, page_text, views_html
from tests.projects import real_copy, real_project
from tests.xsd import cmi5_errors, validation_errors

COURSE_ID = "ledarskap-digitala-varderingar"
EXAMPLES = ("exempelkommun", "exempelregion")
NAMES = {"exempelkommun": "Exempelkommun", "exempelregion": "Exempelregion"}
MANIFESTS = {"scorm12": "imsmanifest.xml", "scorm2004": "imsmanifest.xml", "cmi5": "cmi5.xml"}


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every package of the two example organisations and of the generic course, by zip name (without .zip)."""
    out = tmp_path_factory.mktemp("organisations")
    found = build(BuildRequest(real_project(), out, organisations=EXAMPLES)).packages
    found += build(BuildRequest(real_project(), out / "generic")).packages
    return {package.path.stem: package.path for package in found}


def package(zips: dict[str, Path], slug: str | None, standard: Standard) -> zipfile.ZipFile:
    name = f"{COURSE_ID}-{slug}-{standard}" if slug else f"{COURSE_ID}-{standard}"
    return zipfile.ZipFile(zips[name])


def manifest(archive: zipfile.ZipFile, standard: Standard) -> etree._Element:
    return etree.fromstring(archive.read(MANIFESTS[standard]))


def identities(archive: zipfile.ZipFile, standard: Standard) -> set[str]:
    """What an LMS may key a package by: the manifest's identifier, the LOM catalog entry, the cmi5 IRIs."""
    root = manifest(archive, standard)
    if standard == "cmi5":
        return {element.get("id", "") for element in root.iter() if element.get("id")}
    entries = {entry.text or "" for entry in root.iter("{*}entry")}
    return {root.get("identifier", ""), *entries}


def titles(archive: zipfile.ZipFile, standard: Standard) -> list[str]:
    """The package's titles as the LMS lists it, in every language it has them."""
    root = manifest(archive, standard)
    if standard == "cmi5":
        course = root.find("{*}course/{*}title")
        assert course is not None
        return [string.text or "" for string in course]
    found = [title.text or "" for title in root.iter("{*}title") if title.text]
    found += [
        string.text or "" for title in root.iter("{*}title") for string in title.iter("{*}string", "{*}langstring")
    ]
    return [title for title in found if title.strip()]


def config(archive: zipfile.ZipFile) -> dict[str, object]:
    page = archive.read("index.html").decode("utf-8")
    match = re.search(r'<script type="application/json" id="course-config">(.*?)</script>', page, re.DOTALL)
    assert match, "the launch page holds its config"
    value: dict[str, object] = json.loads(match.group(1))
    return value


def test_the_example_profiles_are_found_and_load() -> None:
    project = real_project()
    course = load_course(project.content)
    assert organisation_slugs(project) == EXAMPLES
    for slug in EXAMPLES:
        assert load_organisation(project, slug, course).name == NAMES[slug]


def test_each_organisation_gets_a_zip_per_standard_named_by_its_slug_and_the_generic_build_is_as_before(
    zips: dict[str, Path],
) -> None:
    expected = {f"{COURSE_ID}-{slug}-{standard}" for slug in EXAMPLES for standard in STANDARDS}
    expected |= {f"{COURSE_ID}-{standard}" for standard in STANDARDS}
    assert set(zips) == expected


@pytest.mark.parametrize("standard", STANDARDS)
def test_manifests_are_valid_and_no_identifier_is_shared_between_organisations_or_with_the_generic_course(
    zips: dict[str, Path], standard: Standard
) -> None:
    seen: dict[str, str] = {}
    for slug in (*EXAMPLES, None):
        archive = package(zips, slug, standard)
        data = archive.read(MANIFESTS[standard])
        errors = cmi5_errors(data) if standard == "cmi5" else validation_errors(standard, data)
        assert errors == [], errors
        ids = identities(archive, standard)
        assert ids, "the manifest identifies the package"
        if slug:
            assert all(slug in identity for identity in ids), ids
        for identity in ids:
            assert identity not in seen, f"{identity} is in {seen.get(identity)}'s package and in {slug or 'generic'}'s"
            seen[identity] = slug or "generic"


@pytest.mark.parametrize("standard", STANDARDS)
def test_every_title_the_lms_lists_names_the_organisation(zips: dict[str, Path], standard: Standard) -> None:
    for slug in EXAMPLES:
        found = titles(package(zips, slug, standard), standard)
        assert found, "the manifest has titles"
        assert all(NAMES[slug] in title for title in found), found
    assert not any("Exempel" in title for title in titles(package(zips, None, standard), standard))


def test_the_organisations_pass_mark_is_the_one_the_lms_and_the_page_hold(zips: dict[str, Path]) -> None:
    """Exempelkommun sets 85; Exempelregion sets none, so the course's 80 applies."""
    kommun, region = (package(zips, slug, "scorm12") for slug in EXAMPLES)
    assert config(kommun)["passingScore"] == 85
    assert config(region)["passingScore"] == 80
    assert manifest(kommun, "scorm12").findtext(".//{*}masteryscore") == "85"
    au = manifest(package(zips, "exempelkommun", "cmi5"), "cmi5").find("{*}au")
    assert au is not None
    assert au.get("masteryScore") == "0.85"
    assert "85 %" in page_text(kommun).replace("\xa0", " ")


def test_each_package_ships_only_its_organisations_languages(zips: dict[str, Path]) -> None:
    kommun, region = (package(zips, slug, "scorm2004") for slug in EXAMPLES)
    assert locale_scripts(kommun) == ["ar", "en"]
    assert locale_scripts(region) == ["fi"]
    assert config(kommun)["locales"] == ["sv", "en", "ar"]
    assert config(region)["locales"] == ["sv", "fi"]


def test_the_logo_ships_as_the_profiles_file_and_the_accent_in_the_stylesheet(zips: dict[str, Path]) -> None:
    project = real_project()
    course = load_course(project.content)
    for slug in EXAMPLES:
        profile = load_organisation(project, slug, course)
        archive = package(zips, slug, "scorm2004")
        assert archive.read(profile.logo.path) == profile.logo.data
        assert profile.accent.encode() in archive.read("runtime/course.css")
        assert b".local-note{" in archive.read("runtime/course.css")
    generic = package(zips, None, "scorm2004")
    assert not [name for name in generic.namelist() if name.startswith("organisation/")]
    assert b".local-note" not in generic.read("runtime/course.css"), "the generic runtime carries no profile rules"


def test_nothing_of_one_organisation_is_in_another_organisations_package_or_the_generic_one(
    zips: dict[str, Path],
) -> None:
    project = real_project()
    course = load_course(project.content)
    profiles = {slug: load_organisation(project, slug, course) for slug in EXAMPLES}
    marks = {
        slug: [profile.name, profile.accent, hashlib.sha256(profile.logo.data).hexdigest()]
        + [address for address in (profile.contact.email, profile.contact.page) if address]
        + [document.url for document in profile.documents]
        + [text.source for note in profile.notes for text in note.body.texts()]
        for slug, profile in profiles.items()
    }

    def everything(archive: zipfile.ZipFile) -> str:
        files = [archive.read(name) for name in archive.namelist()]
        return "\n".join(data.decode("utf-8", "replace") for data in files) + "\n".join(
            hashlib.sha256(data).hexdigest() for data in files
        )

    for standard in STANDARDS:
        course_text = page_text(package(zips, None, standard))  # a note may repeat the course's words (a routine)
        for slug in (*EXAMPLES, None):
            found_here = everything(package(zips, slug, standard))
            for other, found in marks.items():
                if other != slug:
                    leaked = [mark for mark in found if mark in found_here and mark not in course_text]
                    assert leaked == [], f"{other}'s {leaked} in {slug or 'the generic'} {standard} package"


def test_every_lesson_has_the_kommuns_note_in_each_of_its_languages_and_the_regions_has_none(
    zips: dict[str, Path],
) -> None:
    kommun, region = (package(zips, slug, "scorm2004") for slug in EXAMPLES)
    lessons = [lesson.id for lesson in load_course(real_project().content).lessons]
    pages = {
        "sv": kommun.read("index.html").decode() + views_html(kommun, "sv"),
        **{code: locale_html(kommun, code) for code in ("en", "ar")},
    }
    headings = {"sv": "Hos oss", "en": "In our organisation", "ar": "في مؤسستنا"}
    notes = {}
    for code, html in pages.items():
        for lesson in lessons:
            found = re.search(
                rf'<section class="local-note" aria-labelledby="{code}_note_{lesson}">'
                r"\s*<h2[^>]*>(.*?)</h2>(.*?)</section>",
                html,
                re.DOTALL,
            )
            assert found, f"{code}: lesson {lesson} has no local note"
            assert found.group(1) == headings[code]
            notes[code, lesson] = found.group(2)
    for lesson in lessons:  # each language shows its own translation, not the Swedish source
        assert notes["en", lesson] != notes["sv", lesson] != notes["ar", lesson]
    assert "local-note" not in page_text(region)


def test_contact_and_documents_are_on_the_start_page_and_the_summary_and_the_issuer_on_the_certificate(
    zips: dict[str, Path],
) -> None:
    project = real_project()
    course = load_course(project.content)
    for slug in EXAMPLES:
        profile = load_organisation(project, slug, course)
        archive = package(zips, slug, "scorm12")
        html = archive.read("index.html").decode() + views_html(archive, "sv")
        for where in ("start", "summary"):
            section = re.search(rf'aria-labelledby="sv_{where}_organisation">(.*?)</section>', html, re.DOTALL)
            assert section, f"{slug}: no contact and documents on the {where} page"
            for document in profile.documents:
                assert f'href="{document.url}"' in section.group(1)
            for address in (profile.contact.email and f"mailto:{profile.contact.email}", profile.contact.page):
                if address:
                    assert f'href="{address}"' in section.group(1)
        assert f"Utfärdat av <bdi>{profile.name}</bdi>" in html


def test_rebuilding_an_organisation_replaces_its_own_zips_with_the_same_bytes(tmp_path: Path) -> None:
    request = BuildRequest(real_project(), tmp_path, standards=("scorm12",), organisations=("exempelregion",))
    first = {package.path: package.path.read_bytes() for package in build(request).packages}
    second = build(request).packages
    assert [package.path for package in second] == list(first)
    assert all(package.path.read_bytes() == first[package.path] for package in second)
    assert sorted(path.name for path in tmp_path.iterdir()) == [f"{COURSE_ID}-exempelregion-scorm12.zip"]


def test_the_cli_builds_every_organisation_and_refuses_one_that_does_not_exist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = real_copy(tmp_path / "project")
    out = tmp_path / "out"
    assert (
        main(["--project", str(project.root), "build", "--all-organisations", "--standard", "cmi5", "--out", str(out)])
        == 0
    )
    assert sorted(path.name for path in out.iterdir()) == [f"{COURSE_ID}-{slug}-cmi5.zip" for slug in EXAMPLES]
    capsys.readouterr()
    status = main(["--project", str(project.root), "build", "--organisation", "exempelkomun", "--out", str(out)])
    error = capsys.readouterr().err
    assert status == 1
    assert "exempelkomun" in error, error
    assert "exempelkommun" in error, "the message suggests the profile meant"
    assert "Traceback" not in error
    assert sorted(path.name for path in out.iterdir()) == [f"{COURSE_ID}-{slug}-cmi5.zip" for slug in EXAMPLES]
