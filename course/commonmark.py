"""The course's inline Markdown renderer: markdown-it's CommonMark, raw HTML disabled, links and images to web
addresses or to files of the course (course.markdown decides which texts need it; most need no parsing at all)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

from course.assets import PACKAGE_FOLDER, is_course_path, is_web
from course.markdown import MARK, PASSING, PASSING_SLOT

INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_DEFAULT_IMAGE = INLINE.renderer.rules["image"]  # type: ignore[attr-defined]


def rendered(text: str, passing: str | None = None) -> str:
    """The text as markdown-it renders it inline; given the locale's formatted pass mark, a text naming
    `%(passing)s` shows it in its slot (course.markdown.inline_html says what such a text must be)."""
    if passing is None or PASSING not in text:
        return str(INLINE.renderInline(text))
    html = INLINE.renderInline(text % {"passing": MARK}, {"passing": passing})
    return str(html.replace(MARK, str(Markup.escape(passing))))  # an image description or `code` gets the figure


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
    return html.replace(MARK, PASSING_SLOT % env["passing"]) if "passing" in env else html


INLINE.validateLink = _validate_link  # type: ignore[method-assign]
INLINE.add_render_rule("link_open", _link_open)
INLINE.add_render_rule("image", _image)
INLINE.add_render_rule("text", _text)
