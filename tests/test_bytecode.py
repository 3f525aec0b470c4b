"""bytecode.py: a template compiled in one process is loaded compiled in the next, from the user's cache folder and
nowhere else; an edited template, another Environment's options or a garbled entry are compiled again; a cache that
cannot be made or written fails nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from course.bytecode import bytecode_cache, environment_digest
from course.paths import APPLICATION
from course.render import make_environment


def environment(templates: Path) -> tuple[Environment, list[str]]:
    """A fresh process's Environment as the build makes it, reading `templates`, and the names it compiles."""
    env = make_environment()
    env.loader = FileSystemLoader(templates)
    env.bytecode_cache = bytecode_cache(env)
    compiled: list[str] = []
    compile_source = env.compile

    def counted(source: str, name: str | None = None, filename: str | None = None) -> object:
        compiled.append(str(name))
        return compile_source(source, name, filename)  # how Jinja's loaders call it

    env.compile = counted  # type: ignore[method-assign,assignment]
    return env, compiled


def rendered(templates: Path) -> tuple[str, list[str]]:
    env, compiled = environment(templates)
    return env.get_template("page.html").render(), compiled


def test_a_template_compiled_once_is_loaded_compiled_and_compiled_again_once_edited(
    cache_home: Path, tmp_path: Path
) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ 1 + 1 }} före</p>\n", encoding="utf-8")
    assert rendered(templates) == ("<p>2 före</p>\n", ["page.html"])
    assert rendered(templates) == ("<p>2 före</p>\n", []), "the second process compiles nothing"
    (templates / "page.html").write_text("<p>{{ 2 + 2 }} efter</p>\n", encoding="utf-8")
    assert rendered(templates) == ("<p>4 efter</p>\n", ["page.html"])
    folders = list((cache_home / APPLICATION).iterdir())
    assert len(folders) == 1
    assert folders[0].stat().st_mode & 0o077 == 0, "the user's own folder"
    assert not list(templates.glob("*.cache")), "nothing beside the templates"


def test_another_environment_shape_has_a_cache_of_its_own() -> None:
    env = make_environment()
    other = make_environment()
    other.trim_blocks = False
    assert environment_digest(env) == environment_digest(make_environment())
    assert environment_digest(env) != environment_digest(other)
    other = make_environment()
    other.policies["ext.i18n.trimmed"] = False
    assert environment_digest(env) != environment_digest(other)


def test_a_garbled_entry_is_compiled_again(cache_home: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ 3 }}</p>", encoding="utf-8")
    rendered(templates)
    for entry in (cache_home / APPLICATION).glob("*/*.cache"):
        entry.write_bytes(entry.read_bytes()[:40])  # its header kept, the rest cut short
    assert rendered(templates) == ("<p>3</p>", ["page.html"])


def test_a_cache_that_cannot_be_made_or_written_fails_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.html").write_text("<p>{{ 5 }}</p>", encoding="utf-8")
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would be
    assert bytecode_cache(make_environment()) is None
    assert rendered(templates) == ("<p>5</p>", ["page.html"])
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "full"))

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("jinja2.bccache.tempfile.NamedTemporaryFile", disk_full)
    assert rendered(templates) == ("<p>5</p>", ["page.html"])
    assert not list((tmp_path / "full").glob("*/*/*.cache"))
