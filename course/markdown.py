"""The one place where author or translator text becomes HTML: inline Markdown, raw HTML disabled.

Prose may name the pass mark with the placeholder `%(passing)s`; it becomes the same markup the templates use,
`<span data-slot="passing">80 %</span>`, whose figure the runtime replaces with the LMS's mastery score."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from markupsafe import Markup

PASSING = "%(passing)s"
PASSING_SLOT = Markup('<span data-slot="passing">%s</span>')
# A text naming the pass mark is a Python format string (gettext's python-format, which Babel flags and Poedit and
# msgfmt check): `%%` is a percent sign there. Formatting puts this private-use character where the pass mark goes,
# plain text to Markdown, and the text renderer turns it into the slot.
MARK = "\ue000"
NAMED = re.compile(r"%\((\w*)\)")


# A process renders many texts more than once (an objective on its page and for the manifest, a language's
# fallbacks to the source, every rebuild of the preview, the benchmark's repeated lessons): a bounded memo.
@functools.lru_cache(maxsize=1 << 15)
def inline_html(text: str, passing: str | None = None) -> Markup:
    """Render one unit (a paragraph or list item) of inline Markdown.

    Raw HTML in the text is escaped; links may go to web and mail addresses or to files of the course, which are
    served from the package's assets folder; anything else stays plain text. Links open in a new window. Given the
    locale's formatted pass mark, a text with `%(passing)s` is formatted (`%%` is a percent sign) and shows it in
    its slot; such a text must pass `placeholder_problem`, as the content loader and the renderer make sure.
    """
    return Markup(markdown_it_html(text, passing) if needs_markdown(text, passing) else escaped(text))


def markdown_it_html(text: str, passing: str | None) -> str:
    """The text through markdown-it (course.commonmark), which is imported the first time a text needs it: a build
    that finds each of its Markdown texts in course.markdown_cache needs none."""
    from course.commonmark import rendered

    return rendered(text, passing)


def needs_markdown(text: str, passing: str | None = None) -> bool:
    """Whether `inline_html` renders the text with markdown-it (a text taken as plain is only escaped)."""
    return (passing is not None and PASSING in text) or not is_plain(text)


def escaped(text: str) -> str:
    """Escaped as markdown-it escapes a text token: `&`, `<`, `>` and `"`, not `'`."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


# The characters at which one of the inline rules this renderer runs (CommonMark's) can start: a line
# break, a \ escape, ` code, * and _ emphasis, [ and ! links and images, < autolinks (and raw HTML, which is escaped),
# & entities. markdown-it's text rule stops at more (-, :, %, + and others), for rules of other presets and plugins;
# at those, no rule here matches and the character stays text. tests/test_markdown.py holds both to markdown-it.
RULE_STARTS = re.compile(r"[\n\\`*_\[!<&]")


def is_plain(text: str) -> bool:
    """Whether markdown-it would render the text as itself, escaped: no character that one of the inline rules here
    starts at (RULE_STARTS) and none that it normalises (CR, NUL), so the text is one text token. Nearly all of the
    course's texts are (a hyphen or a colon makes none Markdown), and escaping them is fifty times faster than
    parsing them."""
    return RULE_STARTS.search(text) is None and "\r" not in text and "\0" not in text


def placeholder_names(text: str) -> set[str]:
    """The named placeholders of a text, `%(name)…` (a `%%` is a percent sign, not the start of one). Most texts
    have no `%(` at all (taking out `%%` cannot make one), and are answered without a search."""
    if "%(" not in text:
        return set()
    return set(NAMED.findall(text.replace("%%", "")))


def placeholder_problem(text: str, html: Callable[[str, str | None], Markup] = inline_html) -> str | None:
    """Why the text cannot show the pass mark where it names it, or None (also for a text without placeholders);
    `html` is `inline_html` or a memo of it (course.markdown_cache)."""
    names = placeholder_names(text)
    if not names:
        return None
    unknown = sorted(names - {"passing"})
    if unknown:
        return f"unknown placeholder %({unknown[0]})s; the one placeholder in prose is %(passing)s, the pass mark"
    try:
        formatted = text % {"passing": MARK}
    except (ValueError, TypeError):
        return "a text with %(passing)s is a format string: write %(passing)s exactly and %% for a percent sign"
    if str(html(text, "")).count(str(PASSING_SLOT % "")) != formatted.count(MARK):
        return "%(passing)s works in the text itself, not in a link address, an image description or `code`"
    return None
