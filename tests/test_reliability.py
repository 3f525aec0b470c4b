"""Hostile input on the build side: whatever authors or translators write, the build works or says what is wrong."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from babel.numbers import format_percent
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.build import BuildRequest, build
from course.catalogs import po_path, read_catalog, write_catalog
from course.cli import main
from course.content import load_course
from course.errors import BuildError, CatalogError, ContentError
from course.limits import SUSPEND_LIMITS, worst_case_suspend_length
from course.model import Course
from course.project import Project
from tests.packages import page_text
from tests.projects import FIXTURES, make_project, translated_project

MINI = FIXTURES / "mini-course" / "course" / "content"
LESSON = (MINI / "lessons" / "01-alpha.yaml").read_text(encoding="utf-8")


def load_mutated(lesson_source: str) -> Course | None:
    """Load the mini course with lesson 1 replaced; None when it raised the project's content error."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(MINI, content)
        (content / "lessons" / "01-alpha.yaml").write_text(lesson_source, encoding="utf-8")
        try:
            return load_course(content)
        except ContentError as error:
            problems = error.problems
    assert problems, "a content error must name at least one problem"
    for problem in problems:
        assert problem.file.endswith(".yaml")
        assert problem.line >= 1
    return None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_content_random_files_give_a_course_or_a_content_error(source: str) -> None:
    load_mutated(source)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_content_mutated_files_give_a_course_or_a_content_error(data: st.DataObject) -> None:
    lines = LESSON.splitlines()
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        action = data.draw(st.sampled_from(["drop", "dup", "indent", "dedent", "garble", "swap-type"]))
        line = lines[index]
        if action == "drop":
            del lines[index]
        elif action == "dup":
            lines.insert(index, line)
        elif action == "indent":
            lines[index] = "  " + line
        elif action == "dedent":
            lines[index] = line.lstrip()
        elif action == "garble":
            lines[index] = line + data.draw(st.sampled_from([":", " [", " {", " &a", " *b", " |", " !!int x", "\t"]))
        else:
            lines[index] = line.split(":")[0] + ": " + data.draw(st.sampled_from(["42", "true", "[]", "{}", "~"]))
    load_mutated("\n".join(lines) + "\n")


def po_with(project: Project, old: str, new: str, count: int = 1) -> Path:
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def build_error(project: Project) -> str:
    with pytest.raises(CatalogError) as caught:
        build(BuildRequest(project, project.build, locales=("de",)))
    return str(caught.value)


def test_catalog_broken_po_syntax_is_reported_at_its_line(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    po_with(project, 'msgstr "DE Nästa"', 'msgstr "DE Nästa')
    line = next(
        n
        for n, text in enumerate(po_path(project.locales, "de").read_text().splitlines(), 1)
        if text == 'msgstr "DE Nästa'
    )
    assert f"messages.po:{line}:" in build_error(project)


def test_catalog_wrong_encoding_is_reported_at_its_line(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    data = path.read_bytes().replace("DE Nästa".encode(), "DE Nästa".encode("latin-1"))
    path.write_bytes(data)
    line = data.split(b"DE N\xe4sta")[0].count(b"\n") + 1
    message = build_error(project)
    assert f"messages.po:{line}: not valid UTF-8" in message


def test_catalog_duplicate_msgid_is_reported(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "Nästa"\nmsgstr "Weiter"\n', encoding="utf-8")
    assert "msgid 'Nästa' appears twice" in build_error(project)


def test_catalog_missing_header_is_reported(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    text = path.read_text(encoding="utf-8")
    body = text[text.index("\n\n") + 2 :]
    path.write_text(body, encoding="utf-8")
    assert "messages.po:1: no header entry" in build_error(project)


def test_catalog_wrong_plural_count_is_reported_by_check_and_falls_back(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    po_with(project, "nplurals=2; plural=(n != 1);", "nplurals=3; plural=(n != 1);")
    assert main(["--project", str(project.root), "check", "--strict"]) == 1
    result = build(BuildRequest(project, project.build, locales=("de",)))
    assert result.fallbacks["de"] >= 1


def test_injection_in_translations_and_content_is_rendered_inert(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    po_with(project, 'msgstr "DE Nästa"', 'msgstr "</script><script>alert(1)</script>"')
    po_with(project, 'msgstr "DE Rätt svar."', 'msgstr "</script><img src=x onerror=alert(1)>"')
    po_with(project, 'msgstr "DE Minikurs"', 'msgstr "{{ 7*7 }} {% raw %}"')
    po_with(project, 'msgstr "DE Välj språk"', 'msgstr "%(evil)s 100 %"')
    intro = project.content / "lessons" / "01-alpha.yaml"
    intro.write_text(
        intro.read_text(encoding="utf-8").replace(
            "Inledningen till lektion ett.", "Inledningen {{ config }} {% if x %} &amp; `<b>`."
        )
    )
    result = build(BuildRequest(project, project.build, locales=("de",), standards=("scorm12",)))
    with zipfile.ZipFile(result.packages[0].path) as archive:
        page = page_text(archive)
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert page.count("<script") == page.count("</script>")  # no block ended early by a translation
    assert page.count("{{ 7*7 }} {% raw %}") == 3  # as written in all three places: <title>, brand, start heading
    assert "<title>{{ 7*7 }} {% raw %}</title>" in page
    assert "{{ config }} {% if x %} &amp; <code>&lt;b&gt;</code>" in page
    assert 'aria-label="Välj språk"' in page  # a translation that breaks formatting falls back to the source
    assert "Content-Security-Policy" in page
    assert "script-src 'self'" in page


def test_assets_links_outside_the_web_are_refused_with_file_and_line(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(
        lesson.read_text(encoding="utf-8").replace(
            "Därför spelar det roll.", "Se [filen](../../etc/passwd) och [skriptet](javascript:alert(1))."
        )
    )
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    found = [(Path(problem.file).name, problem.line, problem.message) for problem in caught.value.problems]
    assert [(name, line, message.split(" is not allowed;")[0]) for name, line, message in found] == [
        ("01-alpha.yaml", 8, "why: the link target '../../etc/passwd'"),
        ("01-alpha.yaml", 8, "why: the link target 'javascript:alert(1)'"),  # quoted whole, parentheses too
    ]


def test_assets_a_content_file_linked_from_outside_the_content_folder_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    secret = tmp_path / "secret.yaml"
    secret.write_text((project.content / "lessons" / "02-beta.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (project.content / "lessons" / "02-beta.yaml").unlink()
    (project.content / "lessons" / "02-beta.yaml").symlink_to(secret)
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    assert "02-beta.yaml:1: this file is a link to" in str(caught.value)
    assert "outside" in str(caught.value)


def test_output_two_builds_at_once_never_produce_a_corrupt_zip(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    out = tmp_path / "out"

    def run() -> None:
        for _ in range(3):
            build(BuildRequest(project, out, locales=("sv",), standards=("scorm12",)))

    with ThreadPoolExecutor(3) as pool:
        runs = [pool.submit(run) for _ in range(3)]
    for done in runs:
        done.result()  # raises what the build raised in that thread
    [package] = list(out.iterdir())
    with zipfile.ZipFile(package) as archive:
        assert archive.testzip() is None
        assert "imsmanifest.xml" in archive.namelist()


def scaled_course(course: Course, factor: int) -> Course:
    lessons = tuple(lesson for _ in range(factor) for lesson in course.lessons)
    return Course(course.info, lessons, course.assessment * factor)


def test_limits_a_course_three_times_ours_fits_the_scorm12_suspend_data_limit() -> None:
    course = load_course(Path(__file__).resolve().parent.parent / "course" / "content")
    assert worst_case_suspend_length(scaled_course(course, 3)) < SUSPEND_LIMITS["scorm12"] / 4


def test_limits_a_course_over_the_limit_fails_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path)
    monkeypatch.setitem(SUSPEND_LIMITS, "scorm12", 100)
    with pytest.raises(BuildError, match=r"suspend_data can reach .* over the 100 that scorm12 allows"):
        build(BuildRequest(project, project.build, locales=("sv",), standards=("scorm12",)))
    assert not project.build.exists()


def test_limits_the_build_side_worst_case_matches_the_runtime_codec() -> None:
    """course/limits.py mirrors worstCaseLength() of runtime/suspend.js; node computes the latter."""
    course = load_course(Path(__file__).resolve().parent.parent / "course" / "content")
    shape = {
        "lessons": [lesson.id for lesson in course.lessons],
        "checks": [{"id": q.id, "options": max(2, len(q.choices))} for lesson in course.lessons for q in lesson.check],
        "assessment": [{"id": q.id, "options": max(2, len(q.choices))} for q in course.assessment],
        "decisions": [{"id": decision.id, "depth": decision.depth()} for decision in course.decisions()],
    }
    script = Path(__file__).resolve().parent.parent / "course" / "runtime" / "suspend.js"
    result = subprocess.run(
        [
            "node",
            "-e",
            f"const s = require({json.dumps(str(script))});console.log(s.worstCaseLength({json.dumps(shape)}))",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert worst_case_suspend_length(course) == int(result.stdout)


PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f0000010100005b5c2a5a0000000049454e44ae426082"
)


def with_picture(project: Project, markdown: str) -> Path:
    (project.content / "images").mkdir(exist_ok=True)
    (project.content / "images" / "meeting.png").write_bytes(PNG)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("Därför spelar det roll.", markdown))
    return lesson


def test_assets_a_picture_of_the_content_ships_in_the_package_and_its_manifest(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with_picture(project, "Se ![Ett möte i kommunen](images/meeting.png) och [bilden](images/meeting.png).")
    package = build(BuildRequest(project, tmp_path / "out", locales=("sv",), standards=("scorm2004",))).packages[0]
    with zipfile.ZipFile(package.path) as archive:
        assert archive.read("assets/images/meeting.png") == PNG
        page = page_text(archive)
        manifest = archive.read("imsmanifest.xml").decode()
    assert '<img src="assets/images/meeting.png" alt="Ett möte i kommunen" />' in page
    assert '<file href="assets/images/meeting.png"/>' in manifest


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ("images/missing.png", "'images/missing.png': no such file in"),
        ("/etc/passwd", "the link target '/etc/passwd' is not allowed"),
        ("../../../etc/passwd", "the link target '../../../etc/passwd' is not allowed"),
        ("file:///etc/passwd", "the link target 'file:///etc/passwd' is not allowed"),
        ("https://example.org/x.png", "images must be files of the course"),
    ],
)
def test_assets_a_missing_or_outside_file_is_reported_with_the_file_that_names_it(
    tmp_path: Path, target: str, problem: str
) -> None:
    project = make_project(tmp_path)
    with_picture(project, f"Se ![bild]({target}).")
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    assert f"01-alpha.yaml:8: why: {problem}" in str(caught.value)


def test_assets_a_file_linked_out_of_the_content_folder_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with_picture(project, "Se ![bild](images/outside.png).")
    (tmp_path / "secret.png").write_bytes(PNG)
    (project.content / "images" / "outside.png").symlink_to(tmp_path / "secret.png")
    with pytest.raises(ContentError) as caught:
        load_course(project.content)
    assert "outside.png:1: this file is a link to" in str(caught.value)


def test_assets_a_translation_pointing_to_another_file_falls_back_to_the_source(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    with_picture(project, "Se ![bild](images/meeting.png).")
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = catalog.get("Se ![bild](images/meeting.png).", "lesson/alpha/why")
    assert message is not None
    message.string = "Siehe ![Bild](images/other.png)."
    message.flags.discard("fuzzy")
    write_catalog(path, catalog)
    result = build(BuildRequest(project, tmp_path / "out", locales=("de",), standards=("scorm12",)))
    with zipfile.ZipFile(result.packages[0].path) as archive:
        page = page_text(archive)
    assert "assets/images/other.png" not in page
    assert 'src="assets/images/meeting.png"' in page
    assert result.fallbacks["de"] >= 1


def test_the_pass_mark_placeholder_shows_in_its_slot_and_a_translation_without_it_falls_back(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    course_file = project.content / "course.yaml"
    paragraph = "Godkänt från %(passing)s; 100 %% är bäst."
    course_file.write_text(
        course_file.read_text(encoding="utf-8").replace(
            "  - Den har ett prov.\n", f"  - Den har ett prov.\n\n  {paragraph}\n"
        ),
        encoding="utf-8",
    )
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "update"]) == 0
    slot = f'<span data-slot="passing">{format_percent(0.5, locale="de")}</span>'

    def de_page(translation: str) -> tuple[str, int]:
        path = po_path(project.locales, "de")
        catalog = read_catalog(path, "de")
        message = catalog.get(paragraph, "course/start")
        assert message is not None
        message.string = translation
        write_catalog(path, catalog)
        result = build(BuildRequest(project, tmp_path / "out", locales=("de",), standards=("scorm12",)))
        with zipfile.ZipFile(result.packages[0].path) as archive:
            return page_text(archive), result.fallbacks["de"]

    page, fallbacks = de_page("DE Bestanden ab %(passing)s; 100 %% ist am besten.")
    assert f"DE Bestanden ab {slot}; 100 % ist am besten." in page
    assert fallbacks == 0
    for broken in ("DE Bestanden ab 50 %.", "DE Bestanden ab %(passing)s; 100 % ist am besten.", "DE %(pasing)s."):
        page, fallbacks = de_page(broken)
        assert f"Godkänt från {slot}; 100 % är bäst." in page, broken
        assert fallbacks == 1, broken


@pytest.mark.parametrize("positional", ["%s", "%d", "%1$s", "% s"])
def test_a_label_translated_with_a_positional_placeholder_falls_back_to_the_source(
    tmp_path: Path, positional: str
) -> None:
    """Newstyle gettext formats every label with a mapping: `%s` would show the learner "{}" instead of a word."""
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = catalog.get("Nästa")
    assert message is not None
    message.string = f"DE {positional} weiter"
    write_catalog(path, catalog)
    result = build(BuildRequest(project, tmp_path / "out", locales=("de",), standards=("scorm12",)))
    with zipfile.ZipFile(result.packages[0].path) as archive:
        page = page_text(archive)
    assert "weiter" not in page
    assert "DE {}" not in page
    assert ">Nästa<" in page.replace(" ", "")
    assert result.fallbacks["de"] >= 1
