"""XLIFF out and in (course.xliff, course.xliff_import): the real catalogs round-trip unchanged, a CAT tool's edits
land as they should, and every file that would break a catalog is refused at its file:line, the catalog untouched."""

from __future__ import annotations

import copy
import difflib
import functools
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from lxml import etree

from course.catalogs import CatalogPlace, forms, read_catalog, write_catalog
from course.cli import main
from course.errors import CatalogError
from course.organisation_catalogs import organisation_place
from course.project import Project
from course.xliff import XliffScope, export_xliff, template_version, unit_id, xliff_bytes, xliff_scope
from course.xliff_import import import_xliff
from tests.projects import FIXTURES, make_project, real_copy, real_project

NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
X = "{urn:oasis:names:tc:xliff:document:1.2}"
Edit = Callable[[etree._Element], None]


@functools.cache
def exported(locale: str, organisation: str | None = None) -> bytes:
    """The real project's export, made once: every test's copy of the project has the same catalogs."""
    scope = xliff_scope(real_project(), organisation)
    place = scope.place
    template = read_catalog(place.template, inside=place.locales, place=place)
    return xliff_bytes(scope, locale, template, read_catalog(place.po(locale), locale, place.locales, place))


def message(project: Project, start: str, place: CatalogPlace | None = None) -> Message:
    """The template's message whose source starts with `start`."""
    place = place or CatalogPlace(project.locales)
    template = read_catalog(place.template, inside=place.locales, place=place)
    return next(found for found in template if found.id and forms(found.id)[0].startswith(start))


def edited(data: bytes, edits: dict[str, Edit]) -> bytes:
    """The file with each unit (or plural group) named by id changed as a CAT tool would change it."""
    root = etree.fromstring(data)
    for identifier, edit in edits.items():
        [unit] = root.xpath("//x:trans-unit[@id=$id] | //x:group[@id=$id]", namespaces=NS, id=identifier)
        edit(unit)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def target(unit: etree._Element) -> etree._Element:
    found = unit.find(f"{X}target")
    assert found is not None
    return found


def retranslate(text: str, state: str = "translated") -> Edit:
    def edit(unit: etree._Element) -> None:
        node = target(unit)
        for child in list(node):
            node.remove(child)
        node.text = text
        node.set("state", state)

    return edit


def restate(state: str) -> Edit:
    def edit(unit: etree._Element) -> None:
        target(unit).set("state", state)

    return edit


def returned(tmp_path: Path, data: bytes, name: str = "returned-fi.xlf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def po_of(project: Project, locale: str = "fi") -> Path:
    return project.locales / locale / "LC_MESSAGES" / "messages.po"


def refused(project: Project, files: list[Path], *said: str, scope: XliffScope | None = None) -> str:
    """Import refused with a CatalogError naming each of `said`, and every catalog as it was."""
    catalogs = {path: path.read_bytes() for path in project.root.rglob("*.po")}
    with pytest.raises(CatalogError) as error:
        import_xliff(scope or xliff_scope(project), files)
    for part in said:
        assert part in str(error.value), str(error.value)
    assert {path: path.read_bytes() for path in project.root.rglob("*.po")} == catalogs
    return str(error.value)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return real_copy(tmp_path)


def test_round_trip_of_fi_and_ar_without_change_leaves_catalogs_byte_identical_and_unwritten(
    project: Project, tmp_path: Path
) -> None:
    files = [returned(tmp_path, exported(locale), f"{locale}.xlf") for locale in ("fi", "ar")]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in project.root.rglob("*.po")}
    result = import_xliff(xliff_scope(project), files)
    assert [(item.catalog, item.units, item.data) for item in result] == [
        (po_of(project, "fi"), 0, None),
        (po_of(project, "ar"), 0, None),
    ]
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in project.root.rglob("*.po")} == before


def test_export_is_deterministic_and_identifies_course_catalog_and_template(project: Project, tmp_path: Path) -> None:
    scope = xliff_scope(project)
    first = export_xliff(scope, "fi", tmp_path / "one").read_bytes()
    assert export_xliff(scope, "fi", tmp_path / "two").read_bytes() == first == exported("fi")
    file_node = etree.fromstring(first).find(f"{X}file")
    assert file_node is not None
    template = read_catalog(project.locales / "messages.pot")
    assert dict(file_node.attrib) == {
        "original": "locales/fi/LC_MESSAGES/messages.po",
        "source-language": "sv",
        "datatype": "po",
        "target-language": "fi",
        "product-name": "ledarskap-digitala-varderingar",
        "product-version": template_version(template),
    }


def test_every_message_is_a_unit_with_a_stable_unique_id_its_notes_and_length_limit(project: Project) -> None:
    root = etree.fromstring(exported("fi"))
    template = read_catalog(project.locales / "messages.pot")
    singular = [m for m in template if m.id and not m.pluralizable]
    units = root.xpath("//x:body/x:trans-unit", namespaces=NS)
    assert [unit.get("id") for unit in units] == [unit_id(m) for m in singular]
    assert len({unit.get("id") for unit in units}) == len(units)
    question = units[0]
    assert question.get("id").startswith("question/assess-new-residents/stem#")
    assert question.get("resname") == "question/assess-new-residents/stem"
    assert question.findtext(f"{X}note") == "Question in the final assessment."
    label = root.xpath("//x:trans-unit[x:source='Spara och avsluta']", namespaces=NS)[0]
    assert label.get("id").startswith("template#")
    assert label.get("resname") is None
    assert (label.get("maxwidth"), label.get("size-unit")) == ("25", "char")
    assert "(max 25 characters)" in label.findtext(f"{X}note")
    assert [target(unit).get("state") for unit in units] == ["translated"] * len(units)


def test_plural_messages_are_gettext_plural_groups_with_a_unit_per_form_of_the_language() -> None:
    for locale, count in (("fi", 2), ("ar", 6)):
        groups = etree.fromstring(exported(locale)).xpath("//x:group[@restype='x-gettext-plurals']", namespaces=NS)
        assert len(groups) == 4
        forms = groups[0].findall(f"{X}trans-unit")
        assert len(forms) == count
        assert [unit.get("id") for unit in forms] == [f"{groups[0].get('id')}[{index}]" for index in range(count)]
        assert forms[-1].findall(f"{X}note")[-1].text.startswith(f"Plural form {count} of {count}, used for n =")


def test_placeholders_and_markdown_are_inline_codes_in_source_and_target() -> None:
    root = etree.fromstring(exported("fi"))
    [unit] = root.xpath("//x:trans-unit[starts-with(x:source, '**Godkänd kurs')]", namespaces=NS)
    shown = etree.tostring(unit.find(f"{X}source"), encoding="unicode", with_tail=False)
    assert '<bpt id="1" ctype="bold">**</bpt>Godkänd kurs:<ept id="1">**</ept>' in shown
    assert '<ph id="2" ctype="x-placeholder">%(passing)s</ph>' in shown
    translated = etree.tostring(target(unit), encoding="unicode")
    assert '<bpt id="1" ctype="bold">**</bpt>Hyväksytty kurssi:<ept id="1">**</ept>' in translated
    assert '<ph id="2" ctype="x-placeholder">%(passing)s</ph>' in translated
    links = etree.fromstring(exported("ar", "exempelkommun")).xpath("//x:bpt[@ctype='link']", namespaces=NS)
    assert len(links) == 8
    assert {link.text for link in links} == {"["}
    assert links[0].getnext().text == "](https://intranat.exempelkommun.se/omvarld-och-natverk)"


def test_fuzzy_and_untranslated_entries_export_with_their_states(project: Project, tmp_path: Path) -> None:
    path = po_of(project)
    catalog = read_catalog(path, "fi")
    stem = catalog.get(message(project, "Kommunen får många").id, "question/assess-new-residents/stem")
    option = catalog.get(message(project, "Du tar reda på").id, "question/assess-new-residents/learn-expectations")
    assert stem is not None
    assert option is not None
    stem.flags.add("fuzzy")
    option.string = ""
    write_catalog(path, catalog)
    units = etree.fromstring(export_xliff(xliff_scope(project), "fi", tmp_path).read_bytes()).xpath(
        "//x:body/x:trans-unit", namespaces=NS
    )
    assert target(units[0]).get("state") == "needs-review-translation"
    assert target(units[0]).text
    assert (target(units[1]).get("state"), target(units[1]).text) == ("new", None)


def landed(project: Project, tmp_path: Path, edits: dict[str, Edit], locale: str = "fi") -> dict[str, Message]:
    """Import the edited export; the changed messages of the catalog, by their unit id."""
    before = {unit_id(m): copy.copy(m) for m in read_catalog(po_of(project, locale), locale) if m.id}
    import_xliff(xliff_scope(project), [returned(tmp_path, edited(exported(locale), edits))])
    after = {unit_id(m): m for m in read_catalog(po_of(project, locale), locale) if m.id}
    return {key: m for key, m in after.items() if (m.string, m.fuzzy) != (before[key].string, before[key].fuzzy)}


def test_a_changed_translation_lands_and_only_its_entry_changes(project: Project, tmp_path: Path) -> None:
    stem = unit_id(message(project, "Kommunen får många"))
    lines = po_of(project).read_text().splitlines()
    changed = landed(project, tmp_path, {stem: retranslate("Kuntaan muuttaa paljon uusia asukkaita. Mitä teet?")})
    assert {key: (m.string, m.fuzzy) for key, m in changed.items()} == {
        stem: ("Kuntaan muuttaa paljon uusia asukkaita. Mitä teet?", False)
    }
    diff = list(difflib.unified_diff(lines, po_of(project).read_text().splitlines(), n=0, lineterm=""))
    assert [line for line in diff if line.startswith("+") and not line.startswith("+++")] == [
        'msgstr "Kuntaan muuttaa paljon uusia asukkaita. Mitä teet?"'.join(("+", ""))
    ]
    removed = [line for line in diff if line.startswith("-") and not line.startswith("---")]
    assert removed[0] == '-msgstr ""'
    assert len(removed) == 4


def test_a_unit_marked_final_clears_fuzzy_and_its_previous_source(project: Project, tmp_path: Path) -> None:
    path = po_of(project)
    catalog = read_catalog(path, "fi")
    stem = message(project, "Kommunen får många")
    entry = catalog.get(stem.id, stem.context)
    assert entry is not None
    entry.flags.add("fuzzy")
    entry.previous_id = ["Kommunen får nya invånare."]
    write_catalog(path, catalog)
    assert "#| msgid" in path.read_text()
    changed = landed(project, tmp_path, {unit_id(stem): restate("final")})
    assert [(key, m.fuzzy, m.previous_id) for key, m in changed.items()] == [(unit_id(stem), False, [])]
    assert "#| msgid" not in path.read_text()


def test_needs_review_makes_an_entry_fuzzy_and_new_with_nothing_leaves_it_untranslated(
    project: Project, tmp_path: Path
) -> None:
    stem, option = unit_id(message(project, "Kommunen får många")), unit_id(message(project, "Du tar reda på"))
    copied = unit_id(message(project, "Du ser förändringen"))
    source = str(message(project, "Du ser förändringen").id)
    changed = landed(
        project,
        tmp_path,
        {stem: restate("needs-review-translation"), option: retranslate("", "new"), copied: retranslate(source, "new")},
    )
    assert {key: (m.string, m.fuzzy) for key, m in changed.items()} == {
        stem: (changed[stem].string, True),
        option: ("", False),
        copied: ("", False),
    }


def test_whitespace_a_tool_reflows_is_folded_as_the_source_was(project: Project, tmp_path: Path) -> None:
    """The sources are folded when extracted (runs of whitespace are one space), so a target's are too: a reflowed
    unit that says the same is no change, and a changed one lands folded; a no-break space is kept."""
    stem, option = unit_id(message(project, "Kommunen får många")), unit_id(message(project, "Du tar reda på"))

    def reflow(unit: etree._Element) -> None:
        node = target(unit)
        node.text = "\n          " + "\n          ".join(str(node.text).split(" ")) + "\n        "

    changed = landed(
        project, tmp_path, {stem: reflow, option: retranslate("  Selvität,\tmitä\n  tarvitaan:\u00a0kolme asiaa.\n")}
    )
    assert {key: m.string for key, m in changed.items()} == {option: "Selvität, mitä tarvitaan:\u00a0kolme asiaa."}


def test_an_entity_encoded_character_lands_as_the_character(project: Project, tmp_path: Path) -> None:
    stem = unit_id(message(project, "Kommunen får många"))
    data = edited(exported("fi"), {stem: retranslate("@")}).replace(b">@<", b">K&#228;&#xE4;nn&#246;s?<")
    import_xliff(xliff_scope(project), [returned(tmp_path, data)])
    assert 'msgstr "Käännös?"' in po_of(project).read_text()


def with_codes(xml: str) -> Edit:
    """A target written as XML, codes and all (as a CAT tool writes them back)."""

    def edit(unit: etree._Element) -> None:
        node = target(unit)
        replacement = etree.fromstring(f'<target xmlns="{NS["x"]}" state="translated">{xml}</target>')
        unit.replace(node, replacement)

    return edit


KEPT = (
    '<bpt id="1" ctype="bold">**</bpt>Hyväksytty kurssi:<ept id="1">**</ept>'
    ' vähintään <ph id="2">%(passing)s</ph> oikein.'
)


def passed_unit(project: Project) -> str:
    return unit_id(message(project, "**Godkänd kurs:**"))


def test_codes_moved_or_written_as_other_tools_write_them_land_with_the_source_text(
    project: Project, tmp_path: Path
) -> None:
    """A code's text comes from the source whatever the tool wrote in it; <g> and <x/> stand for our codes."""
    passed, start = passed_unit(project), unit_id(message(project, "**Slutförd kurs:**"))
    moved = 'Vähintään <ph id="2">%(oops)s</ph> oikein: <bpt id="1">**</bpt>hyväksytty kurssi<ept id="1">**</ept>.'
    changed = landed(
        project, tmp_path, {passed: with_codes(moved), start: with_codes('<g id="1">Suoritettu:</g> kyllä.')}
    )
    assert {key: m.string for key, m in changed.items()} == {
        passed: "Vähintään %(passing)s oikein: **hyväksytty kurssi**.",
        start: "**Suoritettu:** kyllä.",
    }


@pytest.mark.parametrize(
    ("xml", "said"),
    [
        ('<bpt id="1">**</bpt>Hyväksytty kurssi:<ept id="1">**</ept> vähintään oikein.', "'%(passing)s' is missing"),
        (KEPT + ' <ph id="2">%(passing)s</ph>', "the code '%(passing)s' is not there once"),
        (KEPT.replace('<ph id="2">', '<ph id="7">'), "<ph id='7'> is not one of the source's codes"),
        (
            '<ept id="1">**</ept>Hyväksytty kurssi:<bpt id="1">**</bpt> vähintään <ph id="2">%(passing)s</ph> oikein.',
            "the pair '**'…'**' closes before it opens",
        ),
        (KEPT.replace("kurssi:", "*kurssi*:"), "Markdown differs from the source"),
        (KEPT.replace('<ph id="2">%(passing)s</ph>', "80 %"), "the pass mark written as a figure"),
        (KEPT.replace("oikein", "<b>oikein</b>"), "<b> is not an inline element of XLIFF 1.2"),
    ],
    ids=[
        "placeholder dropped",
        "placeholder twice",
        "unknown code",
        "pair reversed",
        "markdown typed",
        "pass mark",
        "html",
    ],
)
def test_broken_placeholders_and_markdown_are_refused_at_the_unit_line(
    project: Project, tmp_path: Path, xml: str, said: str
) -> None:
    identifier = passed_unit(project)
    data = edited(exported("fi"), {identifier: with_codes(xml)})
    unit = next(number for number, text in enumerate(data.decode().splitlines(), 1) if identifier in text)
    shown = refused(project, [returned(tmp_path, data)], said)
    assert f"returned-fi.xlf:{unit}: " in shown or f"returned-fi.xlf:{unit + 2}: " in shown  # the unit or its target


def test_a_warning_the_import_brings_in_is_refused_but_one_already_there_is_not(
    project: Project, tmp_path: Path
) -> None:
    stem = message(project, "Kommunen får många")
    copied = {unit_id(stem): retranslate(str(stem.id))}  # marked translated: a copy, not a translation
    refused(project, [returned(tmp_path, edited(exported("fi"), copied))], "a copy of the Swedish source")
    path = po_of(project)
    catalog = read_catalog(path, "fi")
    entry = catalog.get(stem.id, stem.context)
    assert entry is not None
    entry.string = str(stem.id)
    write_catalog(path, catalog)
    option = unit_id(message(project, "Du tar reda på"))
    now = export_xliff(xliff_scope(project), "fi", tmp_path / "again").read_bytes()  # the copy is in the file too
    import_xliff(xliff_scope(project), [returned(tmp_path, edited(now, {option: retranslate("Selvität.")}))])
    assert 'msgstr "Selvität."' in path.read_text()
    kept = read_catalog(path, "fi").get(stem.id, stem.context)
    assert kept is not None
    assert kept.string == stem.id  # the warning stays, as it was before the import


def with_file_attribute(data: bytes, name: str, value: str) -> bytes:
    root = etree.fromstring(data)
    [file_node] = root.findall(f"{X}file")
    file_node.set(name, value)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


@pytest.mark.parametrize(
    ("name", "value", "said"),
    [
        ("product-name", "another-course", "this file is for the course 'another-course'"),
        ("product-version", "0123456789abcdef", "exported from template version '0123456789abcdef'"),
        ("target-language", "de", "target-language 'de' is not a language the course's catalogs ship"),
        ("original", "locales/ar/LC_MESSAGES/messages.po", "this file holds 'locales/ar/LC_MESSAGES/messages.po'"),
    ],
)
def test_a_file_for_another_course_template_or_language_is_refused_whole(
    project: Project, tmp_path: Path, name: str, value: str, said: str
) -> None:
    stem = unit_id(message(project, "Kommunen får många"))
    data = with_file_attribute(edited(exported("fi"), {stem: retranslate("Muutettu?")}), name, value)
    refused(project, [returned(tmp_path, data)], said, "returned-fi.xlf:3")


def test_a_unit_the_template_does_not_have_is_refused(project: Project, tmp_path: Path) -> None:
    stem = unit_id(message(project, "Kommunen får många"))

    def rename(unit: etree._Element) -> None:
        unit.set("id", "question/assess-new-residents/stem#000000000000")

    data = edited(exported("fi"), {stem: rename})
    refused(project, [returned(tmp_path, data)], "unit id 'question/assess-new-residents/stem#000000000000' is not")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (lambda data: data[: len(data) // 2], "not well-formed XML"),
        (
            lambda data: data.replace(b"?>\n", b'?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n', 1),
            "returned-fi.xlf:2: a <!DOCTYPE",
        ),
        (
            lambda _: b'<?xml version="1.0"?>\n<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"/>',
            "XLIFF 2.0",
        ),
        (lambda data: data.replace(b"Mit\xc3\xa4 teet?", b"&nbsp;", 1), "returned-fi.xlf:10: not well-formed XML"),
    ],
    ids=["cut short", "doctype", "xliff 2", "undefined entity"],
)
def test_a_file_that_is_no_safe_xliff_is_refused_with_its_line(
    project: Project, tmp_path: Path, data: Callable[[bytes], bytes], said: str
) -> None:
    refused(project, [returned(tmp_path, data(exported("fi")))], said)


def test_a_file_over_the_size_limit_is_refused_unread(
    project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("course.xliff_import.XLIFF_LIMIT", 1000)
    refused(project, [returned(tmp_path, exported("fi"))], "returned-fi.xlf:1: the file is", "more than the 1,000")


def test_one_bad_file_refuses_every_file_of_the_import(project: Project, tmp_path: Path) -> None:
    stem = unit_id(message(project, "Kommunen får många"))
    good = returned(tmp_path, edited(exported("fi"), {stem: retranslate("Uusi käännös?")}), "fi.xlf")
    bad = returned(tmp_path, exported("ar")[:5000], "ar.xlf")
    refused(project, [good, bad], "ar.xlf:")


def dialect_project(tmp_path: Path) -> tuple[Project, Path]:
    """The mini course with a German catalog ("DE <Swedish>"): lesson/alpha/intro two sentences, `why` fuzzy and
    `reflection` and `intro` untranslated, and the Trados Studio fixture for it at the template's version."""
    project = make_project(tmp_path)
    lesson = project.content / "lessons" / "01-alpha.yaml"
    lesson.write_text(lesson.read_text().replace("lektion ett.", "lektion ett. Den har två meningar."))
    assert main(["--project", str(project.root), "extract"]) == 0
    assert main(["--project", str(project.root), "init", "de"]) == 0
    path = po_of(project, "de")
    catalog = read_catalog(path, "de")
    for entry in catalog:
        if entry.id:
            entry.string = tuple(f"DE {f}" for f in entry.id) if entry.pluralizable else f"DE {entry.id}"
        if entry.context in ("lesson/alpha/reflection", "lesson/alpha/intro"):
            entry.string = ""
        if entry.context == "lesson/alpha/why":
            entry.flags.add("fuzzy")
    write_catalog(path, catalog)
    version = template_version(read_catalog(project.locales / "messages.pot"))
    fixture = (FIXTURES / "xliff" / "trados-studio-de.xlf").read_text().replace("@TEMPLATE_VERSION@", version)
    (tmp_path / "trados.xlf").write_text(fixture)
    return project, tmp_path / "trados.xlf"


def test_a_trados_studio_file_with_segments_and_its_confirmations_imports(tmp_path: Path) -> None:
    project, fixture = dialect_project(tmp_path)
    [result] = import_xliff(xliff_scope(project), [fixture])
    catalog = {entry.context: entry for entry in read_catalog(po_of(project, "de"), "de") if entry.id}
    assert result.units == 4
    assert {context: (entry.string, entry.fuzzy) for context, entry in catalog.items()}.items() >= {
        "lesson/alpha/intro": ("Die Einleitung zu Lektion eins. Sie hat zwei Sätze.", False),
        "lesson/alpha/social": (
            "So sieht es in sozialen Medien aus, siehe [das Beispiel](https://example.org/) für mehr.",
            False,
        ),
        "lesson/alpha/why": ("Deshalb ist es wichtig.", False),
        "lesson/alpha/reflection": ("", False),
        "lesson/alpha/title": ("DE Första principen", False),
    }.items()
    started = next(
        entry for entry in read_catalog(po_of(project, "de"), "de") if entry.id == "Välkommen till **minikursen**."
    )
    assert (started.string, started.fuzzy) == ("Willkommen zum **Minikurs**.", True)


def test_an_organisations_catalog_goes_out_and_comes_back(project: Project, tmp_path: Path) -> None:
    scope = xliff_scope(project, "exempelkommun")
    place = organisation_place(project, "exempelkommun")
    note = message(project, "Vill du hitta nätverk", place)
    xml = 'اقرأ صفحة <bpt id="1">[</bpt>الشبكات<ept id="1">](https://intranat.exempelkommun.se/omvarld-och-natverk)</ept>.'
    data = edited(exported("ar", "exempelkommun"), {unit_id(note): with_codes(xml)})
    course_catalogs = {path: path.read_bytes() for path in project.locales.rglob("*.po")}
    refused(project, [returned(tmp_path, data)], "import it with --organisation exempelkommun")
    [result] = import_xliff(scope, [returned(tmp_path, data)])
    assert (result.catalog, result.units) == (place.po("ar"), 1)
    entry = read_catalog(place.po("ar"), "ar").get(note.id, note.context)
    assert entry is not None
    assert entry.string == "اقرأ صفحة [الشبكات](https://intranat.exempelkommun.se/omvarld-och-natverk)."
    assert {path: path.read_bytes() for path in project.locales.rglob("*.po")} == course_catalogs


def test_a_plural_form_lands_in_its_msgstr_and_a_group_missing_a_form_is_refused(
    project: Project, tmp_path: Path
) -> None:
    minutes = message(project, "Tid: cirka")
    group = unit_id(minutes)
    three = 'المدة: ثلاث دقائق (<ph id="1">%(num)s</ph>) تقريبًا'

    def third_form(unit: etree._Element) -> None:
        with_codes(three)(unit.findall(f"{X}trans-unit")[3])

    original = read_catalog(po_of(project, "ar"), "ar").get(minutes.id, minutes.context)
    assert original is not None
    changed = landed(project, tmp_path, {group: third_form}, "ar")
    assert list(changed) == [group]
    expected = list(forms(original.string))
    expected[3] = "المدة: ثلاث دقائق (%(num)s) تقريبًا"
    assert changed[group].string == tuple(expected)

    def drop_form(unit: etree._Element) -> None:
        unit.remove(unit.findall(f"{X}trans-unit")[5])

    data = edited(exported("ar"), {group: drop_form})
    refused(project, [returned(tmp_path, data, "ar.xlf")], "5 plural forms; the language has 6")
