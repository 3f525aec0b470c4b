"""The markup course/blocks.py writes for questions and decision scenarios, in the real course's pages: the text of a
choice once (in its button), and none of the template's indentation or empty lines, which mean nothing between
these tags and which each all-languages zip would carry once per language."""

from __future__ import annotations

import re
import zipfile

import pytest

from course.build import BuildRequest, build
from tests.packages import locale_html, locale_scripts, views_html
from tests.projects import real_project

BLOCKS = re.compile(r'<fieldset class="question".*?</fieldset>|<section class="decision".*?</section>', re.DOTALL)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each language's markup in the SCORM 2004 package: its frame (the launch page's for sv) and its other views."""
    result = build(BuildRequest(real_project(), tmp_path_factory.mktemp("macros"), standards=("scorm2004",)))
    with zipfile.ZipFile(result.packages[0].path) as archive:
        found = {"sv": archive.read("index.html").decode() + views_html(archive, "sv")}
        found |= {code: locale_html(archive, code) for code in locale_scripts(archive)}
    return found


def test_questions_and_scenarios_carry_no_indentation_or_empty_lines(pages: dict[str, str]) -> None:
    assert set(pages) == {"sv", "en", "fi", "ar"}
    for code, page in pages.items():
        blocks = BLOCKS.findall(page)
        assert len(blocks) >= 38, code  # every question (33) and scenario (5)
        for block in blocks:
            assert re.search(r"\n[ \t]", block) is None, (code, block[:200])
            assert "\n\n" not in block, (code, block[:200])


def test_a_choices_text_is_in_the_markup_once_in_its_button(pages: dict[str, str]) -> None:
    for code, page in pages.items():
        buttons = re.findall(r'<button[^>]*data-choose="[^"]+"[^>]*>([^<]+)</button>', page)
        assert len(buttons) > 20, code
        for text in buttons:
            assert page.count(text) == 1, (code, text)
        assert re.findall(r'<p class="decision-chosen"><strong>[^<]+</strong></p>', page), code
