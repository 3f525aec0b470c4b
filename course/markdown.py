"""The one place where author or translator text becomes HTML: inline Markdown, raw HTML disabled."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markupsafe import Markup

_INLINE = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_SAFE_SCHEMES = ("https://", "http://", "mailto:")


def _validate_link(url: str) -> bool:
    """Only web and mail links: no javascript:, data:, file: or paths that leave the package."""
    return url.strip().lower().startswith(_SAFE_SCHEMES)


_INLINE.validateLink = _validate_link  # type: ignore[method-assign]
_INLINE.add_render_rule(
    "link_open",
    lambda self, tokens, idx, options, env: (
        tokens[idx].attrSet("rel", "noopener noreferrer")
        or tokens[idx].attrSet("target", "_blank")
        or self.renderToken(tokens, idx, options, env)
    ),
)


def inline_html(text: str) -> Markup:
    """Render one unit (a paragraph or list item) of inline Markdown.

    Raw HTML in the text is escaped, links other than http(s) and mailto stay plain text, and links open in a
    new window because the course usually runs inside an LMS frame.
    """
    return Markup(_INLINE.renderInline(text))
