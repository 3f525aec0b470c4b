"""The cmi5 package: cmi5.xml at the root of a zip that holds what the SCORM zips hold but their manifests and
schemas, valid against cmi5's CourseStructure.xsd, with the course's texts in each of its languages, its pass mark as
the AU's mastery score, and IRIs built from the content's ids that every build gives alike."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from lxml import etree

import course.limits
from course.build import BuildRequest, build
from course.catalogs import load_locale
from course.cli import main
from course.content import load_course
from course.errors import BuildError
from course.manifests import ManifestInput, PackageText, build_manifest
from course.manifests.cmi5 import mastery_score
from course.project import Project
from tests.packages import SCORM_STANDARDS
from tests.projects import make_project, real_project
from tests.xsd import CMI5_SCHEMA, SHARED_CMI5_SCHEMA, cmi5_errors

CMI5 = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"
NS = {"c": CMI5, "lom": "http://ltsc.ieee.org/xsd/LOM"}
REAL_BASE = "urn:ledarskap-course:ledarskap-digitala-varderingar"
SCORM_ONLY = ("imsmanifest.xml", ".xsd", ".dtd")  # what a SCORM zip holds and a cmi5 zip must not


@pytest.fixture(scope="module")
def real_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The real course with every language, as cmi5 and, to compare with, SCORM 2004."""
    out = tmp_path_factory.mktemp("cmi5")
    result = build(BuildRequest(real_project(), out, standards=("scorm2004", "cmi5")))
    return {package.path.stem.rsplit("-", 1)[1]: package.path for package in result.packages}


def read(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read(name)


def names(path: Path) -> set[str]:
    with zipfile.ZipFile(path) as archive:
        return set(archive.namelist())


def structure(path: Path) -> etree._Element:
    return etree.fromstring(read(path, "cmi5.xml"))


def child(element: etree._Element, path: str) -> etree._Element:
    found = element.find(path, NS)
    assert found is not None, path
    return found


def langstrings(element: etree._Element, tag: str) -> dict[str, str]:
    """A title's or description's texts by language."""
    return {str(item.get("lang")): str(item.text) for item in element.iterfind(f"c:{tag}/c:langstring", NS)}


def iris(root: etree._Element) -> list[str]:
    """Every IRI the file names (ids and idrefs), in document order."""
    return [value for element in root.iter() for key in ("id", "idref") if (value := element.get(key)) is not None]


def with_course_yaml_line(project: Project, line: str) -> int:
    """Append `line` to the project's course.yaml; its line number."""
    path = project.content / "course.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_the_zip_holds_cmi5_xml_at_its_root_and_the_scorm_packages_files_but_no_manifest_or_schema(
    real_zips: dict[str, Path],
) -> None:
    cmi5, scorm = names(real_zips["cmi5"]), names(real_zips["scorm2004"])
    assert "cmi5.xml" in cmi5
    assert [name for name in cmi5 if name.endswith(SCORM_ONLY)] == []
    assert cmi5 - {"cmi5.xml"} == {name for name in scorm if not name.endswith(SCORM_ONLY)}
    url = structure(real_zips["cmi5"]).findtext("c:au/c:url", None, NS)
    assert url == "index.html"
    assert url in cmi5


def test_the_cmi5_package_talks_to_no_scorm_api(real_zips: dict[str, Path]) -> None:
    script = read(real_zips["cmi5"], "runtime/course.js")
    for element in (b"cmi.core.lesson_status", b"cmi.completion_status", b"LMSInitialize", b"API_1484_11"):
        assert element not in script, element


def test_cmi5_xml_is_valid_against_the_course_structure_schema_and_a_broken_one_is_not(
    real_zips: dict[str, Path],
) -> None:
    document = read(real_zips["cmi5"], "cmi5.xml")
    assert document.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert cmi5_errors(document) == []
    root = etree.fromstring(document)
    au = child(root, "c:au")
    url = child(au, "c:url")
    au.remove(url)
    au.insert(0, url)  # the url before the title: the schema's order is title, description, objectives, url
    assert any("url" in error for error in cmi5_errors(etree.tostring(root)))
    au.set("moveOn", "Completed and passed")
    assert any("moveOn" in error for error in cmi5_errors(etree.tostring(root)))


def test_titles_and_descriptions_come_in_every_language_of_the_package_as_the_scorm_catalog_has_them(
    real_zips: dict[str, Path],
) -> None:
    root = structure(real_zips["cmi5"])
    lom = child(etree.fromstring(read(real_zips["scorm2004"], "imsmanifest.xml")), ".//lom:general")
    expected = {
        tag: {item.get("language"): item.text for item in lom.iterfind(f"lom:{tag}/lom:string", NS)}
        for tag in ("title", "description")
    }
    assert list(expected["title"]) == ["sv", "en", "fi", "ar"]
    for element in (child(root, "c:course"), child(root, "c:au")):
        for tag in ("title", "description"):
            assert langstrings(element, tag) == expected[tag], tag
    assert expected["title"]["fi"] != expected["title"]["sv"], "translated, not the source four times"


def test_a_single_language_package_has_its_language_only_and_the_same_iris(
    real_zips: dict[str, Path], tmp_path: Path
) -> None:
    assert main(["build", "--locale", "fi", "--standard", "cmi5", "--out", str(tmp_path)]) == 0
    zipped = tmp_path / "ledarskap-digitala-varderingar-fi-cmi5.zip"
    assert [path.name for path in tmp_path.iterdir()] == [zipped.name]
    root = structure(zipped)
    assert cmi5_errors(read(zipped, "cmi5.xml")) == []
    for tag in ("title", "description"):
        assert list(langstrings(child(root, "c:course"), tag)) == ["fi"]
        assert list(langstrings(child(root, "c:au"), tag)) == ["fi"]
    assert iris(root) == iris(structure(real_zips["cmi5"]))


def test_the_objectives_are_the_courses_learning_objectives_in_every_language_of_the_package(
    real_zips: dict[str, Path],
) -> None:
    project = real_project()
    course = load_course(project.content)
    catalogs = {code: load_locale(project.locales, code, "sv") for code in course.info.locales if code != "sv"}
    declared = structure(real_zips["cmi5"]).findall("c:objectives/c:objective", NS)
    assert len(declared) == len(list(course.objectives())) > len(course.lessons)
    for element, objective in zip(declared, course.objectives(), strict=True):
        text = objective.text
        expected = {"sv": text.source} | {
            code: catalog.lookup(text.context, text.source) for code, catalog in catalogs.items()
        }
        assert langstrings(element, "title") == expected
        assert langstrings(element, "description") == expected
        assert expected["fi"] != text.source  # translated, not the source again


def test_the_au_must_be_completed_and_passed_at_the_courses_pass_mark(real_zips: dict[str, Path]) -> None:
    au = child(structure(real_zips["cmi5"]), "c:au")
    assert au.get("moveOn") == "CompletedAndPassed"
    assert au.get("masteryScore") == "0.8"  # course.yaml's passing_score: 80
    assert au.get("launchMethod") == "AnyWindow"


def test_an_objective_s_markdown_reaches_cmi5_xml_as_the_plain_text_the_page_shows(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    path = project.content / "lessons" / "02-beta.yaml"
    marked = "göra *det* som [lektionen](https://example.org) lär ut & mer"
    path.write_text(path.read_text("utf-8").replace("göra det som lektionen lär ut", marked), "utf-8")
    (package,) = build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("cmi5",))).packages
    titles = [langstrings(o, "title")["sv"] for o in structure(package.path).findall("c:objectives/c:objective", NS)]
    assert "göra det som lektionen lär ut & mer" in titles


def test_the_mastery_score_follows_course_yaml(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    path = project.content / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("passing_score: 50", "passing_score: 75"), "utf-8")
    (package,) = build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("cmi5",))).packages
    assert child(structure(package.path), "c:au").get("masteryScore") == "0.75"


@pytest.mark.parametrize(("score", "decimal"), [(0, "0"), (5, "0.05"), (80, "0.8"), (99, "0.99"), (100, "1")])
def test_the_mastery_score_is_the_pass_mark_as_a_short_decimal(score: int, decimal: str) -> None:
    assert mastery_score(score) == decimal


def test_the_iris_are_built_from_the_ids_and_unique_in_the_file(real_zips: dict[str, Path]) -> None:
    course = load_course(real_project().content)
    root = structure(real_zips["cmi5"])
    objectives = [f"{REAL_BASE}/objectives/{objective.id}" for objective in course.objectives()]
    assert child(root, "c:course").get("id") == REAL_BASE
    assert child(root, "c:au").get("id") == f"{REAL_BASE}/au"
    assert [element.get("id") for element in root.iterfind("c:objectives/c:objective", NS)] == objectives
    assert [element.get("idref") for element in root.iterfind("c:au/c:objectives/c:objective", NS)] == objectives
    ids = [element.get("id") for element in root.iter() if element.get("id") is not None]
    assert len(ids) == len(set(ids)) == len(objectives) + 2


def test_two_builds_give_byte_identical_cmi5_zips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = (
        build(BuildRequest(real_project(), tmp_path / name, standards=("cmi5",))).packages[0].path
        for name in ("a", "b")
    )
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()


def test_course_yaml_can_name_the_base_iri(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with_course_yaml_line(project, "iri: https://example.org/kurser/minikurs")
    (package,) = build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("cmi5",))).packages
    root = structure(package.path)
    assert child(root, "c:course").get("id") == "https://example.org/kurser/minikurs"
    assert child(root, "c:au").get("id") == "https://example.org/kurser/minikurs/au"
    objective = child(root, "c:objectives/c:objective")
    assert objective.get("id") == "https://example.org/kurser/minikurs/objectives/alpha-goal"


@pytest.mark.parametrize(
    "value",
    [
        "minikurs",  # no scheme
        "'1urn:minikurs'",  # a scheme starts with a letter
        "https://example.org/kurser/mini kurs",
        "https://example.org/kurser#minikurs",
        "https://example.org/kurser?kurs=mini",
        "https://example.org/kurser/",  # the AU's IRI would hold //
        "'<urn:minikurs>'",
        "12",
    ],
)
def test_a_bad_iri_is_refused_at_its_line_with_how_to_fix_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    project = make_project(tmp_path)
    line = with_course_yaml_line(project, f"iri: {value}")
    assert main(["--project", str(project.root), "build", "--locale", "sv", "--standard", "cmi5"]) == 1
    error = capsys.readouterr().err
    assert f"course.yaml:{line}: iri: expected " in error
    assert "Traceback" not in error
    assert not project.build.exists()


def test_the_suspend_limits_of_scorm_do_not_hold_for_cmi5(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """cmi5 keeps the learner's record in the State API, which has no size limit."""
    for standard in SCORM_STANDARDS:
        monkeypatch.setitem(course.limits.SUSPEND_LIMITS, standard, 100)
    project = make_project(tmp_path)
    with pytest.raises(BuildError, match="suspend_data can reach"):
        build(BuildRequest(project, tmp_path / "scorm", locales=("sv",), standards=("scorm2004",)))
    (package,) = build(BuildRequest(project, tmp_path / "cmi5", locales=("sv",), standards=("cmi5",))).packages
    assert package.path.is_file()


def test_a_locale_code_becomes_a_language_tag_the_schema_accepts() -> None:
    project = real_project()
    course = load_course(project.content)
    objectives = {objective.id: objective.text.source for objective in course.objectives()}
    texts = (PackageText("sv", "Kurs", "Om kursen", objectives), PackageText("pt_BR", "Curso", "Om", objectives))
    spec = ManifestInput(course, "cmi5", "x", texts, "index.html", ())
    document = build_manifest(spec)
    assert cmi5_errors(document) == []
    assert list(langstrings(child(etree.fromstring(document), "c:course"), "title")) == ["sv", "pt-BR"]


def test_the_schema_in_the_tests_is_the_shared_reference_copy_byte_for_byte() -> None:
    data = CMI5_SCHEMA.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    assert f"{digest}  CourseStructure.xsd" in (CMI5_SCHEMA.parent / "SOURCES.md").read_text(encoding="utf-8")
    if not SHARED_CMI5_SCHEMA.is_file():
        pytest.skip(f"{SHARED_CMI5_SCHEMA} is not on this machine to compare with")
    assert data == SHARED_CMI5_SCHEMA.read_bytes()
