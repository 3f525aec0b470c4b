"""markdown_cache.py: a locale's Markdown texts come from its table in the next process, exactly as markdown-it
renders them; a text the table lacks is rendered, the table is rewritten to what a render used, and a build that
finds every text there never imports markdown-it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it.common.utils import escapeHtml

from course import commonmark
from course.markdown import escaped, inline_html
from course.markdown_cache import MARKDOWN, KeptMarkdown
from tests.projects import REPO, translated_project

pytestmark = pytest.mark.usefixtures("cache_home")

TEXTS = [
    ("Ett **viktigt** ord och [en länk](https://example.org/).", None),
    ("Minst %(passing)s, alltså *godkänt*.", "80\u00a0%"),
    ("Minst %(passing)s.", ""),  # as placeholder_problem asks
    ("Vanlig text utan Markdown.", "80\u00a0%"),  # plain: only escaped, never in a table
]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts markdown-it renders from now on (course.markdown's own memo forgotten first, as in a new process)."""
    rendered: list[str] = []
    render = commonmark.rendered

    def counted(text: str, passing: str | None = None) -> str:
        rendered.append(text)
        return render(text, passing)

    monkeypatch.setattr(commonmark, "rendered", counted)
    inline_html.cache_clear()
    return rendered


def render_all(texts: list[tuple[str, str | None]]) -> list[str]:
    kept = KeptMarkdown("course sv")
    html = [str(kept.html(text, passing)) for text, passing in texts]
    kept.keep()
    inline_html.cache_clear()
    return html


def test_a_locales_markdown_from_its_table_is_markdown_its(renders: list[str]) -> None:
    first = render_all(TEXTS)
    assert renders == [text for text, _ in TEXTS[:3]], "the plain text is only escaped"
    assert render_all(TEXTS) == first
    assert len(renders) == 3, "the second render renders nothing"
    assert first == [str(inline_html(text, passing)) for text, passing in TEXTS]


def test_a_text_the_table_lacks_is_rendered_and_the_table_becomes_what_was_used(renders: list[str]) -> None:
    render_all(TEXTS[:2])
    edited = [("Ett *nytt* stycke.", None), TEXTS[1]]
    html = render_all(edited)
    assert renders[2:] == ["Ett *nytt* stycke."]
    assert html == [str(inline_html(text, passing)) for text, passing in edited]
    inline_html.cache_clear()
    del renders[2:]
    entry = MARKDOWN.entry(b"course sv")
    assert entry is not None
    written = entry.stat().st_ino  # a write replaces the file (loading it only touches it)
    render_all(edited)
    assert renders[3:] == [], "everything was in the table"
    assert entry.stat().st_ino == written, "a table the render used whole is not written again"
    kept = KeptMarkdown("course sv")
    assert set(kept.kept) == set(edited), "the text no longer rendered left the table"


def test_a_garbled_table_is_no_table(renders: list[str]) -> None:
    render_all(TEXTS)
    entry = MARKDOWN.entry(b"course sv")
    assert entry is not None
    entry.write_bytes(entry.read_bytes()[:-3])
    assert render_all(TEXTS) == render_all(TEXTS)
    assert len(renders) == 6, "rendered again once, then from the new table"


@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_escaping_a_plain_text_is_markdown_its(text: str) -> None:
    assert escaped(text) == escapeHtml(text)


BUILD_AND_REPORT = """
import sys
from course.cli import main
code = main(sys.argv[1:])
print("markdown-it imported" if "markdown_it" in sys.modules else "markdown-it not imported")
raise SystemExit(code)
"""


def test_a_build_that_finds_its_texts_kept_imports_no_markdown_it(tmp_path: Path) -> None:
    project = translated_project(tmp_path)

    def built(out: str) -> tuple[str, dict[str, bytes]]:
        command = [sys.executable, "-c", BUILD_AND_REPORT, "--project", str(project.root), "build", "--out", out]
        done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=True)
        zips = {path.name: path.read_bytes() for path in sorted((tmp_path / out).glob("*.zip"))}
        return done.stdout.splitlines()[-1], zips

    first_said, first = built(str(tmp_path / "first"))
    second_said, second = built(str(tmp_path / "second"))
    assert (first_said, second_said) == ("markdown-it imported", "markdown-it not imported")
    assert first, "the build wrote zips"
    assert second == first
