"""catalog_cache.py: a catalog read in one process is loaded compiled in the next, from the user's cache folder and
nowhere else, and is exactly what reading it gives; an edited catalog, a garbled entry or a catalog with a problem
is read again (and the problem reported every time); a cache that cannot be made or written fails nothing; the
digest covers every module that reads a catalog."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from course import catalog_cache, catalogs
from course.catalog_cache import CATALOGS, CODE, entry_path
from course.catalogs import LocaleCatalog, load_locale, read_catalog
from course.errors import CatalogError
from course.paths import APPLICATION
from course.plurals import SAMPLE_NUMBERS
from course.strict_catalog import StrictCatalog
from tests.caches import course_imports

REPO = Path(__file__).resolve().parent.parent
LOCALES = ("fi", "en", "ar")


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    copy = tmp_path / "locales"
    shutil.copytree(REPO / "locales", copy)
    return copy


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the catalogs parsed from their text (not loaded compiled), in order."""
    parsed: list[str] = []
    parse = catalogs.parse_catalog

    def counted(data: bytes, name: str, *arguments: object) -> StrictCatalog:
        parsed.append(Path(name).parent.parent.name)
        return parse(data, name, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(catalogs, "parse_catalog", counted)
    return parsed


def said(catalog: LocaleCatalog) -> tuple[object, ...]:
    return catalog.locale, dict(catalog.strings), [catalog.plural(number) for number in SAMPLE_NUMBERS]


def read(locales: Path, code: str) -> tuple[object, ...]:
    """The catalog as a build without any cache has it."""
    return said(LocaleCatalog.of(code, read_catalog(locales / code / "LC_MESSAGES" / "messages.po", code, locales)))


@pytest.mark.usefixtures("cache_home")
@pytest.mark.parametrize("code", LOCALES)
def test_a_catalog_loaded_compiled_is_the_catalog_read(locales: Path, reads: list[str], code: str) -> None:
    first = said(load_locale(locales, code, "sv"))
    second = said(load_locale(locales, code, "sv"))
    assert reads == [code], "the second process parses nothing"
    assert first == second == read(locales, code)


def test_an_edited_catalog_is_read_again(locales: Path, reads: list[str], cache_home: Path) -> None:
    load_locale(locales, "fi", "sv")
    path = locales / "fi" / "LC_MESSAGES" / "messages.po"
    path.write_bytes(path.read_bytes().replace(b'msgstr "Valitse kieli"', b'msgstr "Vaihda kieli"'))
    edited = said(load_locale(locales, "fi", "sv"))
    assert reads == ["fi", "fi"]
    assert edited == read(locales, "fi")
    assert "Vaihda kieli" in str(edited[1])
    (folder,) = (cache_home / APPLICATION).glob("catalogs-*")
    assert folder.stat().st_mode & 0o077 == 0, "the user's own folder"
    assert len(list(folder.iterdir())) == 2
    assert sorted(p.name for p in locales.rglob("*") if p.is_file()) == sorted(  # nothing beside the catalogs
        p.name for p in (REPO / "locales").rglob("*") if p.is_file()
    )


@pytest.mark.usefixtures("cache_home")
def test_a_catalog_with_a_problem_is_read_and_reported_every_time(locales: Path, reads: list[str]) -> None:
    path = locales / "fi" / "LC_MESSAGES" / "messages.po"
    path.write_bytes(path.read_bytes() + b'\nmsgid "a"\n')
    for _ in range(2):
        with pytest.raises(CatalogError, match="has no msgstr"):
            load_locale(locales, "fi", "sv")
    assert reads == ["fi", "fi"]


def test_a_garbled_entry_is_read_again(locales: Path, reads: list[str], cache_home: Path) -> None:
    expected = read(locales, "fi")
    reads.clear()
    load_locale(locales, "fi", "sv")
    (entry,) = (cache_home / APPLICATION).glob("catalogs-*/*")
    data = entry.read_bytes()
    for garbled in (data[:-7], data[:40] + bytes([data[40] ^ 1]) + data[41:], b""):
        entry.write_bytes(garbled)
        assert said(load_locale(locales, "fi", "sv")) == expected
    assert reads == ["fi", "fi", "fi", "fi"]


def test_a_cache_that_cannot_be_made_fails_nothing(
    locales: Path, reads: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = read(locales, "fi")
    reads.clear()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert said(load_locale(locales, "fi", "sv")) == expected
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(blocked))
    assert said(load_locale(locales, "fi", "sv")) == expected
    assert reads == ["fi", "fi"]


def test_the_digest_covers_every_module_that_reads_a_catalog() -> None:
    readers = course_imports("course.catalogs") | course_imports("course.catalog_cache")
    assert set(CODE) == readers


def test_the_cache_keeps_the_entries_last_used_and_one_version_of_the_code(
    locales: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    older = cache_home / APPLICATION / "catalogs-0123456789abcdef0123"
    older.mkdir(parents=True)
    (older / "entry").write_bytes(b"another version's")
    jinja = cache_home / APPLICATION / "jinja-0123456789abcdef0123"
    jinja.mkdir()
    monkeypatch.setattr(catalog_cache, "CATALOGS", dataclasses.replace(CATALOGS, most_entries=2))
    for code in LOCALES:
        load_locale(locales, code, "sv")
    (folder,) = (cache_home / APPLICATION).glob("catalogs-*")
    assert folder != older
    assert jinja.is_dir(), "the templates' cache is not the catalogs'"
    assert (
        sorted(path.name for path in folder.iterdir())
        == sorted(
            entry_path((locales / code / "LC_MESSAGES" / "messages.po").read_bytes(), code).name  # type: ignore[union-attr]
            for code in LOCALES[1:]
        )
    )
