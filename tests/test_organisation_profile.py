"""Organisation profiles (course/organisation.py, course/logo.py): a good profile loads with every field, and each
bad one is refused with file:line, what is wrong and how to fix it; all problems of a profile at once."""

from __future__ import annotations

import shutil
import struct
import zlib
from pathlib import Path

import pytest

from course.cli import main
from course.content import load_course
from course.errors import ContentError, UsageError
from course.logo import LOGO_LIMIT
from course.model import Course
from course.organisation import applied, load_organisation
from course.paths import display_path
from course.project import Project, organisation_slugs
from tests.projects import REPO

LOGO = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 240 80">\n'
    '  <defs><linearGradient id="g"><stop offset="0" stop-color="#0b5876"/></linearGradient></defs>\n'
    '  <rect id="r" width="240" height="80" fill="url(#g)" style="stroke: url(#g)"/>\n'
    '  <use xlink:href="#r"/>\n'
    "</svg>\n"
)
PROFILE = """\
# A test profile with every field.
name: Testkommun
logo:
  file: logo.svg
  alt: Testkommuns logotyp
accent: "#0B5876"
contact:
  role: Kommunikationsavdelningen
  email: kommunikation@testkommun.se
  page: https://intranat.testkommun.se/sociala-medier
documents:
  - title: Riktlinjer för sociala medier
    url: https://intranat.testkommun.se/riktlinjer
  - title: Uppförandekod
    url: http://intranat.testkommun.se/kod
notes:
  start-with-me: |
    Alla chefer går kursen, och **minst %(passing)s** krävs.
  world-in-change: |
    Läs [omvärldsbevakningen](https://intranat.testkommun.se/omvarld).

    - Varje måndag.
    - Varje torsdag.
passing_score: 85
locales: [ar, sv, en]
"""
MINIMAL = """\
name: Liten kommun
logo:
  file: logo.svg
  alt: Logotyp
accent: "#6b2c5f"
contact:
  role: Växeln
  page: https://intranat.liten.se
"""


@pytest.fixture(scope="module")
def course() -> Course:
    return load_course(REPO / "course" / "content")


def project_with(
    tmp_path: Path, profile: str, files: dict[str, bytes | str] | None = None, slug: str = "testkommun"
) -> Project:
    """A project under tmp_path: a copy of the real course's content and one profile, its logo unless `files`
    names its own files."""
    root = tmp_path / "project"
    if not (root / "course").exists():
        shutil.copytree(REPO / "course" / "content", root / "course" / "content")
    folder = root / "organisations" / slug
    folder.mkdir(parents=True)
    (folder / "organisation.yaml").write_text(profile, encoding="utf-8")
    for name, data in ({"logo.svg": LOGO} if files is None else files).items():
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return Project(root)


def problems_of(tmp_path: Path, course: Course, profile: str, files: dict[str, bytes | str] | None = None) -> str:
    project = project_with(tmp_path, profile, files)
    with pytest.raises(ContentError) as caught:
        load_organisation(project, "testkommun", course)
    return str(caught.value)


def at(tmp_path: Path, profile: str, needle: str, name: str = "organisation.yaml") -> str:
    """'file:line' of the first line of the profile (or another text) holding `needle`, as messages name it."""
    line = next(number for number, text in enumerate(profile.splitlines(), start=1) if needle in text)
    return f"{display_path(tmp_path / 'project' / 'organisations' / 'testkommun' / name)}:{line}"


def png(width: int, height: int) -> bytes:
    """A real PNG of one grey colour, chunk by chunk (signature, IHDR, IDAT, IEND with their CRCs)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def test_a_good_profile_loads_with_every_field(tmp_path: Path, course: Course) -> None:
    project = project_with(tmp_path, PROFILE)
    assert organisation_slugs(project) == ("testkommun",)
    organisation = load_organisation(project, "testkommun", course)
    file = display_path(project.organisations / "testkommun" / "organisation.yaml")
    assert (organisation.slug, organisation.name, organisation.file) == ("testkommun", "Testkommun", file)
    logo = organisation.logo
    assert (logo.path, logo.data, logo.width, logo.height) == ("organisation/logo.svg", LOGO.encode(), 300, 100)
    assert (logo.alt.source, logo.alt.context, logo.alt.line) == ("Testkommuns logotyp", "organisation/logo/alt", 5)
    assert "alt text" in logo.alt.comment
    assert organisation.accent == "#0b5876"
    contact = organisation.contact
    assert (contact.role.source, contact.role.context) == ("Kommunikationsavdelningen", "organisation/contact/role")
    assert (contact.email, contact.page) == (
        "kommunikation@testkommun.se",
        "https://intranat.testkommun.se/sociala-medier",
    )
    assert [(d.title.source, d.title.context, d.title.line, d.url) for d in organisation.documents] == [
        ("Riktlinjer för sociala medier", "organisation/documents", 12, "https://intranat.testkommun.se/riktlinjer"),
        ("Uppförandekod", "organisation/documents", 14, "http://intranat.testkommun.se/kod"),
    ]
    # the notes in the course's order (the page's), whatever the profile's; each paragraph and list item a unit
    assert [note.lesson for note in organisation.notes] == ["world-in-change", "start-with-me"]
    world = organisation.note("world-in-change")
    assert world is not None
    assert [(text.source, text.context, text.line) for text in world.texts()] == [
        (
            "Läs [omvärldsbevakningen](https://intranat.testkommun.se/omvarld).",
            "organisation/notes/world-in-change",
            20,
        ),
        ("Varje måndag.", "organisation/notes/world-in-change", 22),
        ("Varje torsdag.", "organisation/notes/world-in-change", 23),
    ]
    comment = next(world.texts()).comment
    assert "lesson 1" in comment
    assert "Markdown" in comment
    assert organisation.note("outside-in") is None
    assert organisation.passing_score == 85
    assert organisation.locales == ("sv", "en", "ar")  # the course's order, not the profile's
    assert [text.context for text in organisation.texts()][:4] == [
        "organisation/logo/alt",
        "organisation/contact/role",
        "organisation/documents",
        "organisation/documents",
    ]


def test_applied_gives_the_course_the_organisations_identity_pass_mark_and_languages(
    tmp_path: Path, course: Course
) -> None:
    organisation = load_organisation(project_with(tmp_path, PROFILE), "testkommun", course)
    theirs = applied(course, organisation)
    assert theirs.info.id == f"{course.info.id}-testkommun"
    assert theirs.info.iri == f"{course.info.iri}/organisations/testkommun"
    assert (theirs.info.passing_score, theirs.info.locales) == (85, ("sv", "en", "ar"))
    assert theirs.organisation is organisation
    assert (theirs.lessons, theirs.assessment, theirs.info.title) == (
        course.lessons,
        course.assessment,
        course.info.title,
    )
    assert course.organisation is None  # the course itself is unchanged
    assert course.info.locales == ("sv", "en", "fi", "ar")


def test_a_minimal_profile_takes_the_courses_pass_mark_and_languages(tmp_path: Path, course: Course) -> None:
    organisation = load_organisation(project_with(tmp_path, MINIMAL), "testkommun", course)
    assert (organisation.passing_score, organisation.locales) == (course.info.passing_score, course.info.locales)
    assert (organisation.documents, organisation.notes) == ((), ())
    assert (organisation.contact.email, organisation.contact.page) == ("", "https://intranat.liten.se")


def test_a_png_logo_ships_as_organisation_logo_png_with_its_size(tmp_path: Path, course: Course) -> None:
    data = png(200, 80)
    profile = MINIMAL.replace("logo.svg", "logo.png")
    organisation = load_organisation(project_with(tmp_path, profile, {"logo.png": data}), "testkommun", course)
    assert (organisation.logo.path, organisation.logo.data) == ("organisation/logo.png", data)
    assert (organisation.logo.width, organisation.logo.height) == (200, 80)


def test_a_project_without_profiles_has_none_and_an_unknown_slug_is_a_usage_error(
    tmp_path: Path, course: Course
) -> None:
    empty = Project(tmp_path / "empty")
    assert organisation_slugs(empty) == ()
    with pytest.raises(UsageError, match=r"this project has none; add .*organisation\.yaml"):
        load_organisation(empty, "testkommun", course)
    project = project_with(tmp_path, PROFILE)
    (project.organisations / "no-profile-here").mkdir()  # a folder without organisation.yaml is no profile
    assert organisation_slugs(project) == ("testkommun",)
    with pytest.raises(UsageError, match="did you mean 'testkommun'\\? The profiles are testkommun"):
        load_organisation(project, "testkomun", course)


def test_a_missing_logo_file_is_named_at_its_line(tmp_path: Path, course: Course) -> None:
    message = problems_of(tmp_path, course, PROFILE, {})
    assert f"{at(tmp_path, PROFILE, 'file: logo.svg')}: logo.file: 'logo.svg': no such file in " in message
    assert "put the logo there or fix the name" in message


def test_an_unknown_key_gets_a_guess(tmp_path: Path, course: Course) -> None:
    profile = PROFILE.replace("accent:", "acent:").replace("  role:", "  rol:")
    message = problems_of(tmp_path, course, profile)
    assert f"{at(tmp_path, profile, 'acent')}: acent: unknown key; did you mean 'accent'?" in message
    assert f"{at(tmp_path, profile, 'rol:')}: contact.rol: unknown key; did you mean 'role'?" in message
    assert "accent: required, but missing; add it (see organisations/README.md)" in message


def test_a_colour_that_fails_contrast_names_the_pair_the_ratio_and_a_fix(tmp_path: Path, course: Course) -> None:
    profile = PROFILE.replace("#0B5876", "#7fb3d5")
    message = problems_of(tmp_path, course, profile)
    where = at(tmp_path, profile, "accent:")
    assert f"{where}: accent #7fb3d5: white text on it (primary buttons" in message
    assert "has contrast 2.25:1, WCAG AA needs 4.5:1; a darker accent such as #" in message


@pytest.mark.parametrize(
    ("accent", "expected"),
    [
        ("accent: #0b5876", "put it in quotes (in YAML an unquoted # starts a comment)"),
        ('accent: "blue"', "expected a colour of six hexadecimal digits such as \"#0b5876\", got 'blue'"),
        ('accent: "#0b587"', "expected a colour of six hexadecimal digits"),
    ],
)
def test_a_colour_that_is_no_rrggbb_is_refused(tmp_path: Path, course: Course, accent: str, expected: str) -> None:
    profile = PROFILE.replace('accent: "#0B5876"', accent)
    message = problems_of(tmp_path, course, profile)
    assert f"{at(tmp_path, profile, 'accent')}: accent: " in message
    assert expected in message


def test_a_language_the_course_does_not_ship_and_a_repeated_one(tmp_path: Path, course: Course) -> None:
    profile = PROFILE.replace("locales: [ar, sv, en]", "locales:\n  - sv\n  - de\n  - sv\n  - klingon")
    message = problems_of(tmp_path, course, profile)
    file, de = at(tmp_path, profile, "- de").rsplit(":", 1)
    assert f"{file}:{de}: locales[2]: the course does not ship de; it ships sv, en, fi, ar" in message
    assert f"{file}:{int(de) + 1}: locales[3]: sv is listed already as locales[1]; keep one" in message
    assert f"{file}:{int(de) + 2}: locales[4]: 'klingon' is not a language code" in message


def test_a_note_for_a_lesson_the_course_does_not_have_gets_a_guess(tmp_path: Path, course: Course) -> None:
    profile = PROFILE.replace("  world-in-change:", "  world-in-chang:").replace("  start-with-me:", "  zzz:")
    message = problems_of(tmp_path, course, profile)
    where = at(tmp_path, profile, "world-in-chang:")
    assert f"{where}: notes.world-in-chang: no lesson of the course has this id; did you mean 'world-in-change'?" in (
        message
    )
    assert f"{at(tmp_path, profile, 'zzz:')}: notes.zzz: no lesson of the course has this id; its lessons are " in (
        message
    )
    assert "world-in-change, take-responsibility, outside-in, change-others, start-with-me" in message


def test_notes_are_a_mapping_with_one_note_per_lesson(tmp_path: Path, course: Course) -> None:
    listed = PROFILE[: PROFILE.index("notes:")] + "notes: [world-in-change]\npassing_score: 85\n"
    assert (
        f"{at(tmp_path / 'list', listed, 'notes:')}: notes: expected a mapping from lesson ids to Markdown, got a list"
        in (problems_of(tmp_path / "list", course, listed))
    )
    twice = PROFILE.replace("  start-with-me:", "  world-in-change:")
    message = problems_of(tmp_path / "twice", course, twice)
    assert "notes.world-in-change: this lesson has a note already; keep one" in message


def test_a_note_may_neither_show_a_picture_nor_link_to_a_file(tmp_path: Path, course: Course) -> None:
    profile = PROFILE.replace("- Varje måndag.", "- Se ![kartan](karta.png).").replace(
        "- Varje torsdag.", "- Läs [rutinen](rutin.pdf)."
    )
    message = problems_of(tmp_path, course, profile)
    assert f"{at(tmp_path, profile, 'kartan')}: notes.world-in-change: pictures are not allowed in notes" in message
    assert f"{at(tmp_path, profile, 'rutin.pdf')}: notes.world-in-change: links to files are not allowed" in message
    assert message.count("a profile ships one file, its logo") == 2
    assert "no such file" not in message  # not the course's advice to add the file


DOCTYPE = '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
UNSAFE_LOGOS = {  # (the logo, the line of the logo where the problem is, what the message says)
    "script": (
        LOGO.replace("<use", "<script>alert(1)</script><use"),
        4,
        "<script> (a script) is not allowed in a logo",
    ),
    "onload": (LOGO.replace("<rect ", '<rect onload="alert(1)" '), 3, "the attribute onload= runs a script"),
    "external href": (
        LOGO.replace('xlink:href="#r"', 'xlink:href="https://tracker.example/x.svg#r"'),
        4,
        "href='https://tracker.example/x.svg#r' links to or embeds something outside the logo",
    ),
    "embedded picture": (
        LOGO.replace('xlink:href="#r"', 'href="data:image/png;base64,AAAA"'),
        4,
        "and no embedded pictures",
    ),
    "url() out": (
        LOGO.replace('fill="url(#g)"', 'fill="url(https://x.example/p.svg#g)"'),
        3,
        "fill= loads 'https://x.example/p.svg#g' from outside the logo",
    ),
    "foreignObject": (LOGO.replace("<use", "<foreignObject/><use"), 4, "<foreignObject> (HTML inside the SVG)"),
    "style import": (
        LOGO.replace("<defs>", "<style>@import url(https://x.example/a.css);</style><defs>"),
        2,
        "the logo's <style> loads 'https://x.example/a.css' from outside the file",
    ),
    "animated href": (
        LOGO.replace("<use", '<set attributeName="xlink:href" to="javascript:alert(1)"/><use'),
        4,
        "<set> may not change 'xlink:href' in a logo",
    ),
    "stylesheet": ('<?xml-stylesheet href="https://x.example/a.css"?>\n' + LOGO, 1, "<?xml-stylesheet href="),
    "entities": (DOCTYPE + LOGO.replace("</svg>", "&x;</svg>"), 2, "<!DOCTYPE …>, which may declare entities"),
    "not svg": (
        LOGO.replace("<svg xmlns", "<html xmlns").replace("</svg>", "</html>"),
        1,
        "the file's root element must be <svg xmlns=",
    ),
    "no namespace": ('<svg viewBox="0 0 2 1"/>', 1, "the file's root element must be <svg xmlns="),
    "no size": (LOGO.replace('viewBox="0 0 240 80"', ""), 1, "the <svg> gives no size: add a viewBox"),
    "too wide": (LOGO.replace('viewBox="0 0 240 80"', 'viewBox="0 0 900 80"'), 1, "one side is more than 8 times"),
    "not XML": (LOGO.replace("</svg>", ""), 6, "the SVG file is not well-formed XML"),
}


@pytest.mark.parametrize(("logo", "line", "expected"), UNSAFE_LOGOS.values(), ids=UNSAFE_LOGOS.keys())
def test_an_unsafe_or_unusable_svg_is_refused_at_its_own_line(
    tmp_path: Path, course: Course, logo: str, line: int, expected: str
) -> None:
    message = problems_of(tmp_path, course, PROFILE, {"logo.svg": logo})
    svg = display_path(tmp_path / "project" / "organisations" / "testkommun" / "logo.svg")
    assert f"{svg}:{line}: " in message
    assert expected in message
    assert f"(the logo of {at(tmp_path, PROFILE, 'file: logo.svg')})" in message


def test_a_logo_with_width_and_height_but_no_viewbox_keeps_its_proportions(tmp_path: Path, course: Course) -> None:
    logo = LOGO.replace('viewBox="0 0 240 80"', 'width="48px" height="16"')
    organisation = load_organisation(project_with(tmp_path, PROFILE, {"logo.svg": logo}), "testkommun", course)
    assert (organisation.logo.width, organisation.logo.height) == (300, 100)


def test_a_logo_over_the_limit_is_refused_with_what_to_do(tmp_path: Path, course: Course) -> None:
    big = LOGO.replace("</svg>", f"<!-- {'x' * LOGO_LIMIT} --></svg>")
    message = problems_of(tmp_path, course, PROFILE, {"logo.svg": big})
    assert (
        f"{at(tmp_path, PROFILE, 'file: logo.svg')}: logo.file: 'logo.svg': the file is {len(big):,} bytes" in message
    )
    assert f"more than the {LOGO_LIMIT:,} a logo may have; export it smaller" in message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"GIF89a not a png at all", "this file is not a PNG image (its content is neither)"),
        (png(200, 80)[:40], "the PNG file is cut short"),
        (png(200, 80)[:8] + b"\x00" * 30, "the PNG file has no header (IHDR)"),
        (png(40, 20), "the PNG is 20 pixels high, fewer than the 64 the certificate shows"),
    ],
)
def test_a_png_that_is_not_a_usable_png_is_refused(tmp_path: Path, course: Course, data: bytes, expected: str) -> None:
    profile = PROFILE.replace("logo.svg", "logo.png")
    message = problems_of(tmp_path, course, profile, {"logo.png": data})
    assert f"{display_path(tmp_path / 'project' / 'organisations' / 'testkommun' / 'logo.png')}:1: " in message
    assert expected in message


def test_a_logo_linked_from_outside_the_profile_folder_is_refused(tmp_path: Path, course: Course) -> None:
    project = project_with(tmp_path, PROFILE, {})
    outside = tmp_path / "elsewhere.svg"
    outside.write_text(LOGO, encoding="utf-8")
    (project.organisations / "testkommun" / "logo.svg").symlink_to(outside)
    with pytest.raises(ContentError, match=r"logo\.file: 'logo\.svg': this file is a link to a file outside"):
        load_organisation(project, "testkommun", course)


@pytest.mark.parametrize(
    "email", ["kommunikation(at)testkommun.se", "a@b", "a..b@testkommun.se", "<a@testkommun.se>", "a b@testkommun.se"]
)
def test_a_bad_email_address_is_refused(tmp_path: Path, course: Course, email: str) -> None:
    profile = PROFILE.replace("kommunikation@testkommun.se", f'"{email}"')
    message = problems_of(tmp_path, course, profile)
    assert f"{at(tmp_path, profile, '  email:')}: contact.email: expected an e-mail address such as " in message


def test_a_contact_needs_an_email_or_a_page_and_links_need_http(tmp_path: Path, course: Course) -> None:
    profile = MINIMAL.replace("  page: https://intranat.liten.se\n", "") + (
        "documents:\n  - title: Kod\n    url: javascript:alert(1)\n"
    )
    message = problems_of(tmp_path, course, profile)
    assert f"{at(tmp_path, profile, 'role:')}: contact: give an email, an intranet page or both" in message
    assert f"{at(tmp_path, profile, 'javascript')}: documents[1].url: expected a web address (https://…)" in message


def test_a_folder_name_that_is_no_slug_is_refused(tmp_path: Path, course: Course) -> None:
    project = project_with(tmp_path, PROFILE, slug="Test Kommun")
    with pytest.raises(ContentError, match=r"folder name 'Test Kommun' is not a valid organisation slug.*rename"):
        load_organisation(project, "Test Kommun", course)


def test_every_problem_of_a_profile_is_reported_at_once(tmp_path: Path, course: Course) -> None:
    profile = (
        PROFILE.replace("#0B5876", "#ffcc00")
        .replace("kommunikation@testkommun.se", "nobody")
        .replace("locales: [ar, sv, en]", "locales: [sv, de]")
        .replace("passing_score: 85", "passing_score: 120")
        .replace("  start-with-me:", "  start-with-mee:")
        .replace("name: Testkommun", "nam: Testkommun")
    )
    message = problems_of(tmp_path, course, profile, {"logo.svg": UNSAFE_LOGOS["script"][0]})
    expected = [
        "nam: unknown key; did you mean 'name'?",
        "logo.svg:4: <script> (a script) is not allowed in a logo",
        "6: accent #ffcc00: white text on it",
        "contact.email: expected an e-mail address",
        "notes.start-with-mee: no lesson of the course has this id; did you mean 'start-with-me'?",
        "passing_score: expected a number from 0 to 100, got 120",
        "locales[2]: the course does not ship de",
        "name: required, but missing",
    ]
    for text in expected:
        assert text in message
    lines = message.splitlines()[1:]
    assert all(line.startswith(f"  {display_path(tmp_path)}") for line in lines)
    # the profile's problems in the order of its lines, then its logo's
    places = [(line.split(":")[0].rsplit("/", 1)[1], int(line.split(":")[1])) for line in lines]
    assert places == sorted(places, key=lambda place: (place[0] == "logo.svg", place[1]))
    assert places[-1] == ("logo.svg", 4)
    assert message.startswith(f"{len(lines)} problems in ")


def test_the_cli_refuses_a_bad_profile_with_its_problems_and_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = project_with(tmp_path, PROFILE.replace("accent:", "acent:"))
    shutil.copy(REPO / "pyproject.toml", project.root / "pyproject.toml")
    arguments = [
        "--project",
        str(project.root),
        "build",
        "--organisation",
        "testkommun",
        "--out",
        str(tmp_path / "out"),
    ]
    assert main(arguments) == 1
    error = capsys.readouterr().err
    assert f"{at(tmp_path, PROFILE, 'accent:')}: acent: unknown key; did you mean 'accent'?" in error
    assert "Traceback" not in error
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
