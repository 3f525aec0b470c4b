"""The build's stages as the README lists them: each one logged, translations given per render call, `--strict`
failing a build as `course check --strict` fails, and the preview refused where the build is."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jinja2 import UndefinedError

import course.limits
from course.build import BuildRequest, build
from course.catalogs import load_locale, po_path, read_catalog, write_catalog
from course.cli import main
from course.content import load_course
from course.errors import BuildError
from course.model import STANDARDS
from course.preview import PLAYED, PreviewState, preview_request, rebuild
from course.project import Project
from course.render import LocaleCatalogs, LocaleInfo, make_environment, render_locale
from tests.projects import make_project, translated_project


def test_rendering_a_locale_leaves_no_translation_in_the_shared_environment(tmp_path: Path) -> None:
    """A message added to a template rendered without a locale (the launch page) fails the build, instead of
    taking the translation of whichever locale was rendered last."""
    project = translated_project(tmp_path)
    course = load_course(project.content)
    env = make_environment()
    catalogs = LocaleCatalogs(load_locale(project.locales, "de", "sv"))
    rendered = render_locale(env, course, catalogs, [LocaleInfo.of("de")], True)
    assert "DE Nästa" in rendered.html + rendered.views, "the locale's own part is translated"
    with pytest.raises(UndefinedError, match="gettext"):
        env.from_string('{{ _("Nästa") }}').render()


STAGES = ["load", *["limits"] * len(STANDARDS), "catalogs", "render", "assemble", "manifest", "write"]


def test_the_build_logs_each_stage_in_the_readmes_order_and_its_time(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path)
    with caplog.at_level(logging.DEBUG, logger="course"):
        build(BuildRequest(project, tmp_path / "out", locales=("sv",)))
    stages = [record.getMessage().split(":")[0] for record in caplog.records if record.name == "course.build"]
    assert stages[:-1] == STAGES
    assert re.fullmatch(
        rf"built {len(STANDARDS)} packages in [0-9]+\.[0-9]{{2}} seconds", caplog.records[-1].getMessage()
    )
    assert caplog.records[-1].levelno == logging.INFO


def test_the_cli_shows_the_stages_with_verbose_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(tmp_path)
    command = ["--project", str(project.root), "build", "--locale", "sv", "--out", str(tmp_path / "out")]
    assert main(command) == 0
    quiet = capsys.readouterr()
    assert quiet.err == ""
    assert [line.split(" ")[0] for line in quiet.out.splitlines()] == ["wrote"] * len(STANDARDS)
    assert main([*command, "-v"]) == 0
    verbose = capsys.readouterr()
    assert verbose.out == quiet.out
    lines = verbose.err.splitlines()
    assert [line.split(":")[1].strip() for line in lines[:-1]] == STAGES
    assert all(line.startswith("debug: ") for line in lines[:-1])
    assert lines[-1].startswith(f"info: built {len(STANDARDS)} packages in ")


def blank_one_translation(project: Project) -> str:
    """Take one translation out of the complete `de` catalog; the message's id."""
    path = po_path(project.locales, "de")
    catalog = read_catalog(path, "de")
    message = next(message for message in catalog if message.id and message.context == "lesson/alpha/title")
    message.string = ""
    write_catalog(path, catalog)
    return str(message.id)


def test_build_strict_fails_where_check_strict_fails_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = translated_project(tmp_path)
    out = tmp_path / "out"
    strict = ["--project", str(project.root), "build", "--strict", "--out", str(out)]
    assert main(strict) == 0, "a project that checks clean builds in --strict"
    capsys.readouterr()
    shutil.rmtree(out)
    blank_one_translation(project)
    assert main(["--project", str(project.root), "check", "--strict"]) == 1
    capsys.readouterr()
    assert main(strict) == 1
    error = capsys.readouterr().err
    assert error.startswith("error: a --strict build stops at 1 warning, as `course check --strict` does; nothing")
    assert "nothing was written" in error
    catalog = os.path.relpath(po_path(project.locales, "de"))
    assert f"  {catalog}:1: untranslated: 1, fuzzy: 0; these show in Swedish until translated" in error
    assert "Traceback" not in error
    assert not out.exists()
    assert main(["--project", str(project.root), "build", "--out", str(out)]) == 0, "without --strict it builds"
    assert "warning: de: 1 text not translated" in capsys.readouterr().err


@pytest.fixture
def tiny_suspend_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """An LMS that keeps next to no suspend_data: the mini course's worst case is over it for SCORM 1.2."""
    monkeypatch.setitem(course.limits.SUSPEND_LIMITS, "scorm12", 100)


@pytest.mark.usefixtures("tiny_suspend_limit")
def test_the_preview_refuses_a_course_the_build_refuses(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    with pytest.raises(BuildError, match="suspend_data can reach"):
        build(BuildRequest(project, tmp_path / "out"))
    state = PreviewState()
    rebuild(preview_request(project, (), tmp_path / "preview" / "course"), state)
    assert "suspend_data can reach" in state.error
    assert state.version == 0
    assert not (tmp_path / "preview").exists()


def test_the_preview_serves_what_the_build_packages_manifests_included(tmp_path: Path) -> None:
    project = translated_project(tmp_path)
    state = PreviewState()
    target = tmp_path / "preview" / "course"
    rebuild(preview_request(project, ("de", "sv"), target), state)
    assert state.error == ""
    (package,) = build(BuildRequest(project, tmp_path / "zips", locales=("de",), standards=("scorm2004",))).packages
    with zipfile.ZipFile(package.path) as built:
        names = set(built.namelist()) | {"locales/sv.js", "views/sv.js"}  # the preview's package holds Swedish too
    served = {path.relative_to(target / "scorm2004").as_posix() for path in (target / "scorm2004").rglob("*")}
    assert {name for name in served if (target / "scorm2004" / name).is_file()} == names
    assert sorted(path.name for path in target.iterdir()) == sorted(PLAYED)  # the player plays SCORM only


INTERRUPTED_WHILE_LOADING = """
import importlib.abc, os, signal, sys
signal.signal(signal.SIGINT, getattr(signal, HANDLER))

class Interrupt(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path, target=None):
        if name == MODULE:
            os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C, delivered inside the import of MODULE
        return None

sys.meta_path.insert(0, Interrupt())
from course.cli import main
sys.exit(main(["--project", sys.argv[1], "build", "--locale", "sv", "--out", sys.argv[2]]))
"""


def interrupted_while_loading(tmp_path: Path, module: str, handler: str) -> subprocess.CompletedProcess[str]:
    """`course build` in a process of its own, sent SIGINT while it imports `module`, SIGINT handled by `handler`
    from the start (set explicitly: a test run in the background inherits SIGINT ignored)."""
    project = make_project(tmp_path)
    script = f"MODULE, HANDLER = {module!r}, {handler!r}\n{INTERRUPTED_WHILE_LOADING}"
    return subprocess.run(
        [sys.executable, "-c", script, str(project.root), "out"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("module", ["jinja2", "course.build", "course.cli_translation"])
def test_ctrl_c_while_the_tool_loads_is_one_line_and_status_130(tmp_path: Path, module: str) -> None:
    done = interrupted_while_loading(tmp_path, module, "default_int_handler")
    assert (done.returncode, done.stderr, done.stdout) == (130, "error: interrupted\n", "")
    assert not (tmp_path / "out").exists()


def test_a_background_build_ignores_ctrl_c_while_it_loads_as_the_shell_asked(tmp_path: Path) -> None:
    done = interrupted_while_loading(tmp_path, "course.build", "SIG_IGN")
    assert (done.returncode, done.stderr) == (0, "")
    assert len(list((tmp_path / "out").glob("*.zip"))) == len(STANDARDS)


@pytest.mark.parametrize("handler", ["signal.default_int_handler", "signal.SIG_IGN"], ids=["terminal", "background"])
def test_importing_the_cli_leaves_ctrl_c_as_it_was(handler: str) -> None:
    """From a terminal Ctrl-C raises KeyboardInterrupt again once the CLI is loaded; in a background job (SIGINT
    ignored) it stays ignored throughout."""
    script = f"import signal; signal.signal(2, {handler}); import course.cli; print(signal.getsignal(2) is {handler})"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout == "True\n"
