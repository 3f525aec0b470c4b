"""The build's stages as the README lists them: each one logged, translations given per render call, `--strict`
failing a build as `course check --strict` fails, and the preview refused where the build is."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import UndefinedError

from course.catalogs import load_locale
from course.content import load_course
from course.render import LocaleInfo, make_environment, render_locale
from tests.projects import translated_project


def test_rendering_a_locale_leaves_no_translation_in_the_shared_environment(tmp_path: Path) -> None:
    """A message added to a template rendered without a locale (the launch page) fails the build, instead of
    taking the translation of whichever locale was rendered last."""
    project = translated_project(tmp_path)
    course = load_course(project.content)
    env = make_environment()
    rendered = render_locale(env, course, load_locale(project.locales, "de", "sv"), [LocaleInfo.of("de")], True)
    assert "DE Nästa" in rendered.html, "the locale's own part is translated"
    with pytest.raises(UndefinedError, match="gettext"):
        env.from_string('{{ _("Nästa") }}').render()
