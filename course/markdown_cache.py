"""A locale's Markdown texts as HTML, kept between processes (`course.cache`), so that a build whose texts are all
rendered already never imports markdown-it.

Importing markdown-it and compiling its patterns is a tenth of a fresh build of the real course, for a hundred
texts (the others are plain, and only escaped). The entry of a package's locale is a table of every Markdown text its
last render asked for and the HTML `course.markdown.inline_html` made of it, a pure function of the text and the
pass mark alone: a text that is not in the table is rendered, so the table is never wrong, only short, and a render
that asked for other texts than the table holds writes the table it used instead.
"""

from __future__ import annotations

from markupsafe import Markup

from course.cache import Store, loaded, written
from course.markdown import inline_html, needs_markdown

# Every course module `course.markdown.inline_html` runs (tests/test_cache.py checks the list), and markdown-it by
# its package, whose first file names its version.
MARKDOWN = Store(
    "markdown",
    (
        "course.assets",
        "course.cache",
        "course.commonmark",
        "course.errors",
        "course.inputs",
        "course.markdown",
        "course.markdown_cache",
        "course.model",
        "course.paths",
        "markdown_it",
    ),
    most_entries=64,
)
Table = dict[tuple[str, "str | None"], str]


class KeptMarkdown:
    """`inline_html` for one locale's render, answering its Markdown texts from the locale's table when it can."""

    def __init__(self, name: str) -> None:
        self.entry = MARKDOWN.entry(name.encode())
        found = None if self.entry is None else loaded(MARKDOWN, self.entry)
        self.kept: Table = found if isinstance(found, dict) else {}
        self.used: Table = {}

    def html(self, text: str, passing: str | None) -> Markup:
        if not needs_markdown(text, passing):
            return inline_html(text, passing)
        key = (text, passing)
        found = self.kept.get(key)
        if found is None:
            found = str(inline_html(text, passing))
        self.used[key] = found
        return Markup(found)

    def keep(self) -> None:
        """Write the table this render used, where it differs from the one it found."""
        if self.entry is not None and self.used != self.kept:
            written(MARKDOWN, self.entry, self.used)
