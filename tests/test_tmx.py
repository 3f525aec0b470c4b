"""`course tmx export`'s translation memories: valid TMX 1.4 that translate-toolkit reads back with the catalogs'
translated entries (context kept, plural forms paired as po2tmx pairs them), nothing fuzzy or untranslated, the
same bytes on every run, and nothing written when a catalog cannot be read."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from lxml import etree
from translate.storage.tmx import tmxfile

from course.catalogs import CatalogPlace, forms, is_translated, po_path, read_catalog, write_catalog
from course.errors import CatalogError
from course.organisation_catalogs import organisation_place
from course.paths import display_path
from course.project import Project
from course.tmx import write_tmx
from tests.projects import real_copy, real_project, translated_project

COURSE = "ledarskap-digitala-varderingar"
Pair = tuple[str, str, str]  # context, source, translation


def expected_pairs(catalog: Catalog) -> list[Pair]:
    """The catalog's translated entries as a memory holds them: each plural form with its source form."""
    pairs = []
    for message in catalog:
        if message.id and is_translated(message):
            sources = forms(message.id)
            for index, translation in enumerate(forms(message.string)):
                pairs.append((message.context or "", sources[min(index, len(sources) - 1)], translation))
    return pairs


def remembered(path: Path, target: str) -> list[Pair]:
    """What translate-toolkit reads from a TMX file: each unit's context, source and target."""
    memory = tmxfile.parsestring(path.read_bytes())  # type: ignore[no-untyped-call]
    return [(unit.getcontext(), unit.source, unit.gettarget(target)) for unit in memory.units]


def catalog_of(place: CatalogPlace, code: str) -> Catalog:
    return read_catalog(place.po(code), code, place.locales, place)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("tmx")
    return out, write_tmx(real_project(), out)


def test_one_memory_per_language_pair_for_the_course_and_each_organisation(written: tuple[Path, list[Path]]) -> None:
    out, paths = written
    assert [path.name for path in paths] == [
        f"{COURSE}-sv-en.tmx",
        f"{COURSE}-sv-fi.tmx",
        f"{COURSE}-sv-ar.tmx",
        f"{COURSE}-exempelkommun-sv-en.tmx",
        f"{COURSE}-exempelkommun-sv-ar.tmx",
        f"{COURSE}-exempelregion-sv-fi.tmx",
    ]
    assert sorted(out.iterdir()) == sorted(paths), "nothing else is left in the folder"


@pytest.mark.parametrize("code", ["en", "fi", "ar"])
def test_the_course_memory_holds_the_catalogs_translated_entries_with_their_contexts(
    written: tuple[Path, list[Path]], code: str
) -> None:
    out, _ = written
    catalog = catalog_of(CatalogPlace(real_project().locales), code)
    pairs = remembered(out / f"{COURSE}-sv-{code}.tmx", code)
    assert pairs == expected_pairs(catalog), "the same units in the same order, each with its context"
    plural = next(m for m in catalog if m.pluralizable)
    assert len([pair for pair in pairs if pair[0] == (plural.context or "") and pair[1] in plural.id]) == len(
        forms(plural.string)
    ), "a unit for every plural form"


@pytest.mark.parametrize(("slug", "code"), [("exempelkommun", "en"), ("exempelkommun", "ar"), ("exempelregion", "fi")])
def test_an_organisation_memory_holds_its_own_catalog(written: tuple[Path, list[Path]], slug: str, code: str) -> None:
    out, _ = written
    catalog = catalog_of(organisation_place(real_project(), slug), code)
    pairs = remembered(out / f"{COURSE}-{slug}-sv-{code}.tmx", code)
    assert pairs == expected_pairs(catalog)
    assert all(context.startswith("organisation/") for context, _, _ in pairs)


def test_a_memory_is_tmx_1_4_with_swedish_as_the_source(written: tuple[Path, list[Path]]) -> None:
    out, _ = written
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    parser = etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)
    root = etree.parse(str(out / f"{COURSE}-sv-ar.tmx"), parser).getroot()
    assert (root.tag, root.get("version")) == ("tmx", "1.4")
    [header] = root.findall("header")
    assert (header.get("srclang"), header.get("segtype"), header.get("o-tmf")) == ("sv", "paragraph", "UTF-8")
    assert all(header.get(name) for name in ("creationtool", "creationtoolversion", "adminlang", "datatype"))
    for unit in root.iter("tu"):
        assert [tuv.get(xml_lang) for tuv in unit.findall("tuv")] == ["sv", "ar"]
        assert all(len(tuv.findall("seg")) == 1 for tuv in unit.findall("tuv"))
        assert [prop.get("type") for prop in unit.findall("prop")] in (["x-context"], [])


def test_the_same_catalogs_give_the_same_bytes_whatever_the_date(
    written: tuple[Path, list[Path]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, paths = written
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    again = write_tmx(real_project(), tmp_path)
    assert [path.read_bytes() for path in again] == [path.read_bytes() for path in paths]
    assert b'date="' not in paths[0].read_bytes(), "no creationdate, changedate or lastusagedate"


def test_fuzzy_and_untranslated_entries_are_left_out(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    messages = [message for message in catalog if message.id and not message.pluralizable]
    messages[0].flags.add("fuzzy")
    messages[1].string = ""
    write_catalog(path, catalog)
    [memory] = write_tmx(project, tmp_path / "out")
    pairs = remembered(memory, "de")
    assert pairs == expected_pairs(read_catalog(path, "de"))
    sources = {source for _, source, _ in pairs}
    assert messages[0].id not in sources
    assert messages[1].id not in sources
    assert messages[2].id in sources


def broken(project: Project, code: str) -> Path:
    path = po_path(project.locales, code)
    path.write_text(path.read_text(encoding="utf-8") + '\nmsgid "unfinished\n', encoding="utf-8")
    return path


def test_nothing_is_written_when_a_catalog_cannot_be_read(tmp_path: Path) -> None:
    project = real_copy(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{COURSE}-sv-en.tmx").write_bytes(b"the previous memory")
    path = broken(project, "fi")
    with pytest.raises(CatalogError) as raised:
        write_tmx(project, out)
    assert {problem.file for problem in raised.value.problems} == {display_path(path)}
    assert sorted(file.name for file in out.iterdir()) == [f"{COURSE}-sv-en.tmx"]
    assert (out / f"{COURSE}-sv-en.tmx").read_bytes() == b"the previous memory"
