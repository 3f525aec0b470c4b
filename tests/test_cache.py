"""cache.py: a value made in one process is loaded in the next, from the user's cache folder and nowhere else, and
is exactly the value made; another key, a garbled entry or a making that fails makes it again (and the failure is
raised every time); a cache that cannot be made or written fails nothing; each store keeps the entries last used
and one version of its code; and each store's digest covers every module that makes its values. The runtime as
shipped and the locales' facts, from the cache, are what minifying and Babel give."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from importlib.machinery import ModuleSpec
from pathlib import Path

import pytest

from course import cldr, minifier
from course.cache import Store, code_digest, from_cache
from course.cldr import FACTS, percent, plural_expression, plural_samples
from course.content_cache import CONTENT
from course.markdown_cache import MARKDOWN
from course.minifier import shrunk
from course.minify import SHIPPED, bundled, minified
from course.paths import APPLICATION
from course.render import RUNTIME, LocaleInfo, runtime_scripts
from tests.caches import course_imports

REPO = Path(__file__).resolve().parent.parent
TOY = Store("toy", ("course.cache",), ("1.0",), most_entries=2)


class Maker:
    """A value's making, counted."""

    def __init__(self, value: object = ("a value", 1, {"kept": [2.5]})) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> object:
        self.calls += 1
        return self.value


@pytest.mark.usefixtures("cache_home")
def test_a_value_made_once_is_loaded_after() -> None:
    make = Maker()
    assert from_cache(TOY, b"key", make) == make.value
    assert from_cache(TOY, b"key", make) == make.value
    assert make.calls == 1
    assert from_cache(TOY, b"another key", make) == make.value
    assert make.calls == 2


def test_the_cache_is_the_users_own_folder(cache_home: Path) -> None:
    from_cache(TOY, b"key", Maker())
    (folder,) = (cache_home / APPLICATION).glob("toy-*")
    assert folder.stat().st_mode & 0o077 == 0


def test_a_garbled_entry_is_made_again(cache_home: Path) -> None:
    make = Maker()
    from_cache(TOY, b"key", make)
    (entry,) = (cache_home / APPLICATION).glob("toy-*/*")
    data = entry.read_bytes()
    for garbled in (data[:-3], data[:40] + bytes([data[40] ^ 1]) + data[41:], b""):
        entry.write_bytes(garbled)
        assert from_cache(TOY, b"key", make) == make.value
    assert make.calls == 4


@pytest.mark.usefixtures("cache_home")
def test_a_making_that_fails_is_kept_nowhere_and_fails_every_time() -> None:
    calls = []

    def failing() -> object:
        calls.append(1)
        raise ValueError("the input has a problem")

    for _ in range(2):
        with pytest.raises(ValueError, match="has a problem"):
            from_cache(TOY, b"key", failing)
    assert len(calls) == 2


def test_a_cache_that_cannot_be_made_fails_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make = Maker()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert from_cache(TOY, b"key", make) == make.value
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(blocked))
    assert from_cache(TOY, b"key", make) == make.value
    assert make.calls == 2


def test_a_store_keeps_the_entries_last_used_and_one_version_of_its_code(cache_home: Path) -> None:
    older = cache_home / APPLICATION / "toy-0123456789abcdef0123"
    older.mkdir(parents=True)
    (older / "entry").write_bytes(b"another version's")
    other = cache_home / APPLICATION / "catalogs-0123456789abcdef0123"
    other.mkdir()
    for key in (b"first", b"second", b"third"):
        from_cache(TOY, key, Maker())
    (folder,) = (cache_home / APPLICATION).glob("toy-*")
    assert not older.exists()
    assert other.is_dir(), "another store's folder stays"
    kept = [TOY.entry(key) for key in (b"second", b"third")]
    assert sorted(path.name for path in folder.iterdir()) == sorted(entry.name for entry in kept if entry)


def test_edited_code_has_a_cache_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "minify.py"
    source.write_bytes((REPO / "course" / "minify.py").read_bytes())
    find_spec = importlib.util.find_spec

    def found(name: str) -> ModuleSpec | None:
        return ModuleSpec(name, None, origin=str(source)) if name == "course.minify" else find_spec(name)

    monkeypatch.setattr(importlib.util, "find_spec", found)
    before = code_digest.__wrapped__(SHIPPED.code, SHIPPED.versions)
    source.write_bytes(source.read_bytes() + b"# edited\n")
    assert code_digest.__wrapped__(SHIPPED.code, SHIPPED.versions) != before
    assert code_digest.__wrapped__(SHIPPED.code, ("another version",)) != before


@pytest.mark.parametrize(
    ("store", "maker"),
    [
        (SHIPPED, "course.minify"),
        (FACTS, "course.cldr"),
        (CONTENT, "course.content_cache"),
        (MARKDOWN, "course.markdown_cache"),
    ],
)
def test_a_stores_digest_covers_every_module_that_makes_its_values(store: Store, maker: str) -> None:
    ours = {name for name in store.code if name.startswith("course.")}
    assert ours == course_imports(maker)
    assert all(importlib.util.find_spec(name) for name in store.code), "each library is named by its module"


def counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[object]:
    """The calls of `module.name` from now on, by their arguments."""
    calls: list[object] = []
    function: Callable[..., object] = getattr(module, name)

    def call(*arguments: object) -> object:
        calls.append(arguments)
        return function(*arguments)

    monkeypatch.setattr(module, name, call)
    return calls


@pytest.mark.usefixtures("cache_home")
def test_the_runtime_from_the_cache_is_the_runtime_minified(monkeypatch: pytest.MonkeyPatch) -> None:
    made = counted(monkeypatch, minifier, "shrunk")
    names = ("tracker.js", "course.css")
    for _ in range(2):
        minified.cache_clear()  # as in a new process
        shipped = [minified(name, (RUNTIME / name).read_bytes()) for name in names]
        assert shipped == [shrunk(name, (RUNTIME / name).read_bytes()) for name in names]
    assert len(made) == len(names), "the second process minifies nothing"
    scripts = [(name, minified(name, (RUNTIME / name).read_bytes())) for name in runtime_scripts("scorm2004")]
    bundles = counted(monkeypatch, minifier, "joined")
    assert bundled(scripts) == bundled(scripts) == minifier.joined(scripts)
    assert len(bundles) == 2, "bundled once, and once more here to compare"


@pytest.mark.usefixtures("cache_home")
def test_a_locales_facts_from_the_cache_are_babels(monkeypatch: pytest.MonkeyPatch) -> None:
    presented = counted(monkeypatch, cldr, "babel_presented")
    samples = counted(monkeypatch, cldr, "babel_plural_samples")
    percents = counted(monkeypatch, cldr, "babel_percent")
    facts = []
    for _ in range(2):
        LocaleInfo.of.cache_clear()
        facts.append([(LocaleInfo.of(code), plural_samples(code), percent(80, code)) for code in ("sv", "ar")])
    assert facts[0] == facts[1]
    assert facts[0][0] == (LocaleInfo("sv", "Svenska", "ltr"), [("other", 0), ("one", 1)], "80\xa0%")
    assert facts[0][1][0] == LocaleInfo("ar", "العربية", "rtl")
    assert [category for category, _ in facts[0][1][1]] == ["zero", "one", "two", "few", "many", "other"]
    assert (len(presented), len(samples), len(percents)) == (2, 2, 2), "the second process asks Babel nothing"


@pytest.mark.usefixtures("cache_home")
@pytest.mark.parametrize("code", ["sv", "ar", "pt-BR", "ja"])
def test_a_source_locales_plural_rule_from_the_cache_is_babels_catalogs(code: str) -> None:
    from babel.messages.catalog import Catalog

    expected = Catalog(locale=code.replace("-", "_")).plural_expr
    assert plural_expression(code) == plural_expression(code) == expected
