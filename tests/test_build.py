"""The build: valid SCORM manifests listing exactly the zip's files, deterministic zips, atomic and clean failures
(the cmi5 package's own promises: test_cmi5_package.py)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from course.build import BuildRequest, build
from course.cli import main
from course.content import load_course
from course.errors import BuildError, ContentError
from course.model import Standard
from course.package import Deflater, zip_bytes_into, zip_time
from course.project import Project
from course.render import RUNTIME, runtime_scripts
from tests.hostile import files_limited_to, tree
from tests.packages import SCORM_STANDARDS, locale_scripts, view_keys
from tests.projects import make_project, real_project
from tests.xsd import official_copy, packaged_sums, schema_closure, validation_errors

CP = {
    "scorm12": "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    "scorm2004": "http://www.imsglobal.org/xsd/imscp_v1p1",
}
SS = {"imsss": "http://www.imsglobal.org/xsd/imsss"}
STATUS_ELEMENT = {"scorm12": b"cmi.core.lesson_status", "scorm2004": b"cmi.completion_status"}
# The control files at the package root: the only files the manifest does not list (they are no part of the SCO).
CONTROL_FILES = {
    "scorm12": {"imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"},
    "scorm2004": {
        "imscp_v1p1.xsd",
        "adlcp_v1p3.xsd",
        "adlseq_v1p3.xsd",
        "adlnav_v1p3.xsd",
        "xml.xsd",
        "XMLSchema.dtd",
        "datatypes.dtd",
        *(f"imsss_v1p0{part}.xsd" for part in ("", "auxresource", "control", "delivery", "limit", "objective")),
        *(f"imsss_v1p0{part}.xsd" for part in ("random", "rollup", "seqrule", "util")),
        "lom.xsd",  # the manifest's metadata is LOM; lom.xsd pulls in these, and no other LOM file:
        *(f"common/{name}.xsd" for name in ("anyElement", "dataTypes", "elementNames", "elementTypes")),
        *(f"common/{name}.xsd" for name in ("rootElement", "vocabTypes", "vocabValues")),
        "extend/strict.xsd",
        "unique/strict.xsd",
        "vocab/strict.xsd",
    },
}


@pytest.fixture(scope="module")
def real_zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("build")
    result = build(BuildRequest(real_project(), out))
    return {package.path.name.rsplit("-", 1)[1].removesuffix(".zip"): package.path for package in result.packages}


def manifest_of(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("imsmanifest.xml")


def contents(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("standard", SCORM_STANDARDS)
def test_manifest_validates_against_the_official_schemas(
    real_zips: dict[str, Path], standard: str, tmp_path: Path
) -> None:
    """Against the package's own control files, unpacked: the zip is enough to validate it, offline."""
    with zipfile.ZipFile(real_zips[standard]) as archive:
        archive.extractall(tmp_path, [name for name in archive.namelist() if name in CONTROL_FILES[standard]])
    assert validation_errors(standard, manifest_of(real_zips[standard]), tmp_path) == []


@pytest.mark.parametrize("standard", SCORM_STANDARDS)
def test_the_zip_holds_every_control_file_its_manifest_names_as_the_official_bytes(
    real_zips: dict[str, Path], standard: str
) -> None:
    files = contents(real_zips[standard])
    named = schema_closure(files["imsmanifest.xml"], files)
    assert named == CONTROL_FILES[standard]
    assert named <= files.keys()
    compared = 0
    for name in sorted(named):
        official = official_copy(standard, name)
        if official is not None:
            assert files[name] == official.read_bytes(), f"{name} differs from {official}"
            compared += 1
    # The shared reference set has them all, the npm package all but the LOM files (SHA256SUMS covers those).
    assert compared >= 4, "no official copies to compare with: run `npm ci` (the README's test command does)"
    assert {name: hashlib.sha256(files[name]).hexdigest() for name in named} == packaged_sums(standard)


def test_the_2004_manifest_gives_every_objective_the_pass_mark_or_declares_none_besides_the_primary(
    real_zips: dict[str, Path],
) -> None:
    """Moodle sets cmi.scaled_passing_score from the last objective's minNormalizedMeasure, a missing one read as
    1.0 (LMS-QUIRKS.md, M1): every objective must carry the pass mark, or the SCO tells a learner with 87 % to fail."""
    pass_mark = load_course(real_project().content).info.passing_score / 100
    root = etree.fromstring(manifest_of(real_zips["scorm2004"]))
    objectives = root.findall(".//imsss:objectives/*", SS)
    assert etree.QName(objectives[0]).localname == "primaryObjective"
    for objective in objectives:
        measure = objective.findtext("imsss:minNormalizedMeasure", None, SS)
        assert measure is not None, objective.get("objectiveID")
        assert float(measure) == pass_mark, objective.get("objectiveID")


def test_the_2004_manifest_declares_the_learning_objectives_the_runtime_reports(real_zips: dict[str, Path]) -> None:
    """One imsss:objective per learning objective, its id the one cmi.objectives gets, in course order."""
    course = load_course(real_project().content)
    root = etree.fromstring(manifest_of(real_zips["scorm2004"]))
    declared = [objective.get("objectiveID") for objective in root.findall(".//imsss:objectives/imsss:objective", SS)]
    assert declared == [objective.id for objective in course.objectives()]
    assert len(declared) > len(course.lessons), "the learning objectives, not one per lesson"
    with zipfile.ZipFile(real_zips["scorm2004"]) as archive:
        page = archive.read("index.html").decode()
        keys = view_keys(archive)
    found = re.search(r'<script type="application/json" id="course-config">(.*?)</script>', page)
    assert found is not None
    config = json.loads(found.group(1))
    assert [item["id"] for item in config["objectives"]] == declared
    assert [item["lesson"] for item in config["objectives"]] == [objective.lesson for objective in course.objectives()]
    for question in course.assessment:
        entry = keys["questions"][question.id]
        assert entry["objectives"] == list(question.objectives), question.id
        assert entry["lessons"] == list(course.lessons_of(question)), question.id
    check = course.lessons[0].check[0]
    assert keys["questions"][check.id]["objectives"] == []
    assert keys["questions"][check.id]["lessons"] == [check.lesson]


def test_an_objective_named_as_the_primary_one_is_refused_at_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    for path in [project.content / "lessons" / "01-alpha.yaml", project.content / "assessment.yaml"]:
        path.write_text(path.read_text(encoding="utf-8").replace("alpha-goal", "mastery"), encoding="utf-8")
    with pytest.raises(ContentError, match=r"01-alpha.yaml:\d+: objectives\[1\]\.id: 'mastery' is the course's own"):
        build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("scorm2004",)))


def test_the_2004_metadata_is_checked_against_ieee_lom_too(real_zips: dict[str, Path]) -> None:
    manifest = manifest_of(real_zips["scorm2004"]).decode()
    broken = manifest.replace("<language>sv</language>", "<langauge>sv</langauge>", 1).encode()
    assert any("langauge" in error for error in validation_errors("scorm2004", broken))


@pytest.mark.parametrize("standard", SCORM_STANDARDS)
def test_every_file_in_the_zip_is_listed_and_every_reference_resolves(
    real_zips: dict[str, Path], standard: str
) -> None:
    with zipfile.ZipFile(real_zips[standard]) as archive:
        names = set(archive.namelist())
    root = etree.fromstring(manifest_of(real_zips[standard]))
    ns = {"cp": CP[standard]}
    listed = {element.get("href") for element in root.iterfind(".//cp:resource/cp:file", ns)}
    assert listed == names - {"imsmanifest.xml"} - CONTROL_FILES[standard]
    assert CONTROL_FILES[standard] <= names
    resources = {element.get("identifier") for element in root.iterfind(".//cp:resource", ns)}
    references = {element.get("identifierref") for element in root.iterfind(".//cp:item", ns)}
    assert references
    assert references <= resources
    launch = root.find(".//cp:resource", ns)
    assert launch is not None
    assert launch.get("href") in names


@pytest.mark.parametrize("standard", SCORM_STANDARDS)
def test_each_package_loads_its_own_adapter_and_every_file_of_its_runtime(
    real_zips: dict[str, Path], standard: Standard
) -> None:
    other = next(name for name in SCORM_STANDARDS if name != standard)
    with zipfile.ZipFile(real_zips[standard]) as archive:
        names = set(archive.namelist())
        page = archive.read("index.html").decode()
        script = archive.read("runtime/course.js")
    loaded = set(re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page))
    assert loaded == {name for name in names if name.startswith("runtime/")}
    assert STATUS_ELEMENT[standard] in script  # only the standard's own adapter names its data model
    assert STATUS_ELEMENT[other] not in script
    for name in runtime_scripts(standard):  # each file's body, which ends by naming its namespace
        assert f"CR.{Path(name).stem}=".encode() in script, name


def test_the_runtime_ships_without_comments_and_keeps_its_names(real_zips: dict[str, Path]) -> None:
    with zipfile.ZipFile(real_zips["scorm2004"]) as archive:
        script = archive.read("runtime/course.js").decode()
        css = archive.read("runtime/course.css").decode()
    written = sum(len((RUNTIME / name).read_text()) for name in runtime_scripts("scorm2004"))
    assert "/*" in (RUNTIME / "tracker.js").read_text()
    assert "/*" not in script
    assert "\n  " not in script
    assert "function passingFraction()" in script  # names survive: readable in an LMS console
    assert len(script) < 0.7 * written
    assert "/*" not in css
    assert ".skip-link" in css


def test_manifests_carry_mastery_score_titles_and_languages(real_zips: dict[str, Path]) -> None:
    twelve = manifest_of(real_zips["scorm12"]).decode()
    assert "<adlcp:masteryscore>80</adlcp:masteryscore>" in twelve
    assert 'xml:lang="fi"' in twelve
    assert "<imsmd:language>ar</imsmd:language>" in twelve
    twenty = manifest_of(real_zips["scorm2004"]).decode()
    assert 'satisfiedByMeasure="true"' in twenty
    assert "<imsss:minNormalizedMeasure>0.80<" in twenty
    assert '<string language="en">' in twenty
    assert "UggBoy♥UggGirl" in twenty


def test_building_twice_gives_byte_identical_zips(tmp_path: Path) -> None:
    first = build(BuildRequest(real_project(), tmp_path / "a"))
    second = build(BuildRequest(real_project(), tmp_path / "b"))
    assert [sha(p.path) for p in first.packages] == [sha(p.path) for p in second.packages]


def test_source_date_epoch_changes_the_timestamps_and_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = build(BuildRequest(real_project(), tmp_path / "a", standards=("scorm12",))).packages[0].path
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = build(BuildRequest(real_project(), tmp_path / "b", standards=("scorm12",))).packages[0].path
    with zipfile.ZipFile(plain) as a, zipfile.ZipFile(dated) as b:
        assert [(i.filename, a.read(i)) for i in a.infolist()] == [(i.filename, b.read(i)) for i in b.infolist()]
        assert {i.date_time for i in b.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert {i.date_time for i in a.infolist()} != {(2023, 11, 14, 22, 13, 20)}


def test_cli_builds_single_language_packages_per_standard_into_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["build", "--locale", "fi", "--standard", "scorm2004", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["ledarskap-digitala-varderingar-fi-scorm2004.zip"]
    with zipfile.ZipFile(out / "ledarskap-digitala-varderingar-fi-scorm2004.zip") as archive:
        page = archive.read("index.html").decode()
        assert locale_scripts(archive) == []
    assert 'data-locale="fi"' in page
    assert 'data-locale="sv"' not in page


def test_broken_content_fails_with_exit_1_and_leaves_build_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = make_project(tmp_path / "good")
    (good.root / "build").mkdir()
    assert main(["--project", str(good.root), "build", "--locale", "sv"]) == 0
    before = {p.name: sha(p) for p in (good.root / "build").iterdir()}
    lesson = good.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("why:", "whyy:"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--project", str(good.root), "build", "--locale", "sv"]) == 1
    error = capsys.readouterr().err
    assert "01-alpha.yaml:7: whyy: unknown key; did you mean 'why'?" in error
    assert "Traceback" not in error
    assert {p.name: sha(p) for p in (good.root / "build").iterdir()} == before


def test_a_failing_write_keeps_the_previous_zip_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "out"
    first = build(BuildRequest(project, out, locales=("sv",), standards=("scorm12",))).packages[0].path
    before = sha(first)

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("course.package.zip_bytes_into", disk_full)
    with pytest.raises(BuildError, match="No space left"):
        build(BuildRequest(project, out, locales=("sv",), standards=("scorm12",)))
    assert sha(first) == before
    assert [p.name for p in out.iterdir()] == [first.name]


def test_an_unknown_locale_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["build", "--locale", "de", "--out", str(tmp_path)]) == 1
    assert (
        "the course does not ship de; it ships sv, en, fi, ar (and the pseudo-locales qps-ploc, qps-plocm)"
        in capsys.readouterr().err
    )


# --- all or nothing: a build that fails or is stopped while writing its zips leaves the output folder as it was ---

TIME_LIMIT = 60  # seconds; a hang is a failure, not a wait


def course_command(project: Project, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "course",
        "--project",
        str(project.root),
        "build",
        "--locale",
        "sv",
        "--out",
        str(out),
    ]


NEW_EPOCH = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # new bytes in every zip: a replaced one would show


def assert_calm(stderr: str, *said: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert stderr.startswith("error: "), stderr
    for text in said:
        assert text in stderr, stderr


@pytest.mark.parametrize("previous", [True, False], ids=["over-a-previous-build", "into-a-new-folder"])
def test_a_disk_with_room_for_one_zip_leaves_the_output_folder_as_it_was(tmp_path: Path, previous: bool) -> None:
    project = make_project(tmp_path)
    build(BuildRequest(project, project.build, locales=("sv",)))
    small, *larger = sorted(project.build.iterdir(), key=lambda path: path.stat().st_size)
    out = project.build if previous else tmp_path / "new" / "zips"
    before = tree(tmp_path)
    done = subprocess.run(
        course_command(project, out),
        cwd=tmp_path,
        env=NEW_EPOCH,
        preexec_fn=files_limited_to((small.stat().st_size + larger[0].stat().st_size) // 2),
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        check=False,
    )
    assert tree(tmp_path) == before, "the zip that fitted must not have replaced its previous version"
    assert_calm(done.stderr, "was left as it was")
    # The first writer to fail is reported, whichever of the zips that do not fit it is.
    assert any(f"cannot write {os.path.relpath(out / zipped.name, tmp_path)}" in done.stderr for zipped in larger)
    assert done.returncode == 1


@pytest.fixture(scope="module")
def heavy_project(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """The mini course with 12 MB of incompressible attachments, so that writing its zips takes a while, and a
    previous build in build/."""
    made = make_project(tmp_path_factory.mktemp("heavy"))
    (made.content / "docs").mkdir()
    for number in range(12):
        (made.content / "docs" / f"part-{number}.bin").write_bytes(os.urandom(1 << 20))
    links = " ".join(f"[bilaga {number}](docs/part-{number}.bin)" for number in range(12))
    lesson = made.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("lektion ett.\n", f"lektion ett. {links}\n"), "utf-8")
    build(BuildRequest(made, made.build, locales=("sv",)))
    return made


def interruptible() -> None:
    """A preexec_fn: the build takes Ctrl-C as a terminal would deliver it, even when this test runs in a
    background job, whose children inherit SIGINT ignored."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def temporaries(folder: Path) -> list[str]:
    return [path.name for path in folder.iterdir() if path.name.endswith(".tmp")] if folder.exists() else []


@pytest.mark.parametrize(
    ("stop", "status", "fresh"),
    [(signal.SIGINT, 130, False), (signal.SIGTERM, 143, False), (signal.SIGTERM, 143, True)],
    ids=["ctrl-c", "sigterm", "sigterm-into-a-new-folder"],
)
def test_a_build_interrupted_while_writing_its_zips_leaves_the_output_folder_as_it_was(
    heavy_project: Project, tmp_path: Path, stop: signal.Signals, status: int, fresh: bool
) -> None:
    """The signal is sent once a temporary zip has appeared, that is while the zips are being written."""
    out = tmp_path / "new" if fresh else heavy_project.build
    before = tree(out)
    command = course_command(heavy_project, out)
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        env=NEW_EPOCH,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=interruptible,  # noqa: PLW1509 (signal.signal takes no lock)
    )
    try:
        deadline = time.monotonic() + TIME_LIMIT
        while not temporaries(out) and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert process.poll() is None, "the build ended before its zips were seen being written"
        assert temporaries(out), "the zips were never seen being written"
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=TIME_LIMIT)
    finally:
        process.kill()
    assert temporaries(out) == [], "no temporary left"
    assert tree(out) == before, "no zip replaced"
    assert fresh == (not out.exists())
    assert_calm(stderr, f"error: interrupted; {os.path.relpath(out, tmp_path)} was left as it was")
    assert process.returncode == status


def zipfile_bytes(files: dict[str, bytes], epoch: int) -> bytes:
    """What Python's zipfile writes for `files` with the build's entry settings."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as handle:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=zip_time(epoch))
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o100644 << 16
            handle.writestr(info, files[name], compresslevel=6)
    return buffer.getvalue()


def test_the_build_writes_its_zips_byte_for_byte_as_zipfile_does() -> None:
    """The build deflates a file shared by its zips once (package.Deflater) and writes the zip itself: the bytes
    must stay zipfile's, whatever the names (UTF-8 ones too), sizes and contents."""
    files = {
        "index.html": b"<!doctype html>" * 500,
        "locales/fi.js": os.urandom(70_000),
        "assets/bilder/m\u00f6te.png": b"",
        "assets/\u0645\u0644\u0641.txt": "\u0627\u0644\u062f\u0631\u0633".encode() * 99,
        "runtime/course.css": b"a{b:c}",
    }
    deflate = Deflater()
    for epoch in (0, 1_700_000_001):
        written = io.BytesIO()
        zip_bytes_into(written, files, epoch, threading.Event(), deflate)
        assert written.getvalue() == zipfile_bytes(files, epoch)
    assert len(deflate.done) == len(files), "each content deflated once for both zips"
