"""The one place where author or translator text becomes HTML: inline Markdown, raw HTML disabled.

Prose may name the pass mark with the placeholder `%(passing)s`; it becomes the same markup the templates use,
`<span data-slot="passing">80 %</span>`, whose figure the runtime replaces with the LMS's mastery score."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

from course.assets import PACKAGE_FOLDER, is_course_path, is_web

PASSING = "%(passing)s"
PASSING_SLOT = Markup('<span data-slot="passing">%s</span>')
# A text naming the pass mark is a Python format string (gettext's python-format, which Babel flags and Poedit and
# msgfmt check): `%%` is a percent sign there. Formatting puts this private-use character where the pass mark goes,
# plain text to Markdown, and the text renderer turns it into the slot.
_MARK = "\ue000"
NAMED = re.compile(r"%\((\w*)\)")

_INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_DEFAULT_IMAGE = _INLINE.renderer.rules["image"]  # type: ignore[attr-defined]


def _validate_link(url: str) -> bool:
    """Web and mail links, and relative paths to files of the course; no javascript:, data:, file:, `.` or `..`."""
    target = url.strip()
    return is_web(target) or is_course_path(target)


def _packaged(url: str) -> str:
    """Where a file of the course is inside the package (a web address stays as it is)."""
    return url if is_web(url) else f"{PACKAGE_FOLDER}/{url}"


# markdown-it calls every render rule as rule(renderer, tokens, idx, options, env), whichever of them it uses.
def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("href", _packaged(str(token.attrGet("href") or "")))
    token.attrSet("rel", "noopener noreferrer")
    token.attrSet("target", "_blank")  # the course usually runs inside an LMS frame
    return str(self.renderToken(tokens, idx, options, env))


def _image(_self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("src", _packaged(str(token.attrGet("src") or "")))
    return str(_DEFAULT_IMAGE(tokens, idx, options, env))


def _text(_self: Any, tokens: Sequence[Token], idx: int, _options: Any, env: Any) -> str:
    html = escapeHtml(tokens[idx].content)
    return html.replace(_MARK, PASSING_SLOT % env["passing"]) if "passing" in env else html


_INLINE.validateLink = _validate_link  # type: ignore[method-assign]
_INLINE.add_render_rule("link_open", _link_open)
_INLINE.add_render_rule("image", _image)
_INLINE.add_render_rule("text", _text)


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
    if passing is None or PASSING not in text:
        return Markup(escapeHtml(text) if is_plain(text) else _INLINE.renderInline(text))
    html = _INLINE.renderInline(text % {"passing": _MARK}, {"passing": passing})
    return Markup(html.replace(_MARK, str(Markup.escape(passing))))  # an image description or `code` gets the figure


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


def placeholder_problem(text: str) -> str | None:
    """Why the text cannot show the pass mark where it names it, or None (also for a text without placeholders)."""
    names = placeholder_names(text)
    if not names:
        return None
    unknown = sorted(names - {"passing"})
    if unknown:
        return f"unknown placeholder %({unknown[0]})s; the one placeholder in prose is %(passing)s, the pass mark"
    try:
        formatted = text % {"passing": _MARK}
    except (ValueError, TypeError):
        return "a text with %(passing)s is a format string: write %(passing)s exactly and %% for a percent sign"
    if str(inline_html(text, "")).count(str(PASSING_SLOT % "")) != formatted.count(_MARK):
        return "%(passing)s works in the text itself, not in a link address, an image description or `code`"
    return None
