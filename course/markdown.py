"""The one place where author or translator text becomes HTML: inline Markdown, raw HTML disabled."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup

from course.assets import PACKAGE_FOLDER, RELATIVE, is_web

_INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_DEFAULT_IMAGE = _INLINE.renderer.rules["image"]  # type: ignore[attr-defined]


def _validate_link(url: str) -> bool:
    """Web and mail links, and relative paths to files of the course; no javascript:, data:, file: or `..`."""
    target = url.strip()
    return is_web(target) or (bool(RELATIVE.match(target)) and ".." not in target.split("/"))


def _packaged(url: str) -> str:
    """Where a file of the course is inside the package (a web address stays as it is)."""
    return url if is_web(url) else f"{PACKAGE_FOLDER}/{url}"


def _link_open(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("href", _packaged(str(token.attrGet("href") or "")))
    token.attrSet("rel", "noopener noreferrer")
    token.attrSet("target", "_blank")  # the course usually runs inside an LMS frame
    return str(self.renderToken(tokens, idx, options, env))


def _image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    token.attrSet("src", _packaged(str(token.attrGet("src") or "")))
    return str(_DEFAULT_IMAGE(tokens, idx, options, env))


_INLINE.validateLink = _validate_link  # type: ignore[method-assign]
_INLINE.add_render_rule("link_open", _link_open)
_INLINE.add_render_rule("image", _image)


def inline_html(text: str) -> Markup:
    """Render one unit (a paragraph or list item) of inline Markdown.

    Raw HTML in the text is escaped; links may go to web and mail addresses or to files of the course, which are
    served from the package's assets folder; anything else stays plain text. Links open in a new window.
    """
    return Markup(_INLINE.renderInline(text))
