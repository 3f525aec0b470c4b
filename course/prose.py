"""Markdown fields split into units of translation: paragraphs and flat list items, each with its line offset.

markdown-it's token map gives each unit's line inside the field; what the page cannot show as the author meant
(headings, quotations, code, tables, raw HTML, nested lists, pictures from the web) is refused with a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt

from course.markdown import PASSING
from course.model import BlockKind

MARKDOWN_HINT = "Markdown: keep **bold**, *italics* and [links](…) as in the source."
PASSING_HINT = f"{PASSING} is the pass mark in force, e.g. “80 %”; keep it (and write %% for a percent sign)."
MARKDOWN = MarkdownIt("commonmark", {"html": False})
UNSUPPORTED_BLOCKS = {
    "heading_open": "headings are not allowed here; the page template provides them",
    "blockquote_open": "quotations (>) are not supported here",
    "fence": "code blocks are not supported here",
    "code_block": "indented code is not supported; remove the indentation",
    "hr": "horizontal rules are not supported",
    "html_block": "raw HTML is not allowed; write Markdown",
    "table_open": "tables are not supported",
}
RAW_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
CODE_SPAN = re.compile(r"`[^`]*`")
WEB_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(https?://|mailto:)", re.IGNORECASE)


def unit_comment(comment: str, unit: str) -> str:
    """The translator comment of a Markdown unit: where it appears, the Markdown rule, the pass mark if named."""
    return f"{comment} {MARKDOWN_HINT}" + (f" {PASSING_HINT}" if PASSING in unit else "")


def split_markdown(source: str) -> Iterator[tuple[BlockKind, list[tuple[int, str]], str | None]]:
    """Yield (kind, [(line offset, unit text)], problem) for each top-level block of a Markdown text.

    A unit's text is its inline Markdown with line breaks folded to spaces, so reflowing a paragraph
    does not change the message translators see.
    """
    if (paragraphs := plain_paragraphs(source)) is None:
        yield from parsed_blocks(source)
        return
    for offset, unit in paragraphs:
        yield "p", [(offset, unit)], unit_problem(unit)


def parsed_blocks(source: str) -> Iterator[tuple[BlockKind, list[tuple[int, str]], str | None]]:
    """`split_markdown` by markdown-it's tokens, whatever the text."""
    tokens = MARKDOWN.parse(source)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        offset = token.map[0] if token.map else 0
        if token.level != 0 or token.type.endswith("_close"):
            index += 1
            continue
        if token.type in UNSUPPORTED_BLOCKS:
            yield "p", [(offset, "")], UNSUPPORTED_BLOCKS[token.type]
        elif token.type == "paragraph_open":
            unit = fold(tokens[index + 1].content)
            yield "p", [(offset, unit)], unit_problem(unit)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            kind: BlockKind = "ul" if token.type == "bullet_list_open" else "ol"
            items: list[tuple[int, str]] = []
            nested = False
            close = token.type.replace("_open", "_close")
            index += 1
            while tokens[index].type != close or tokens[index].level != 0:
                inner = tokens[index]
                if inner.type in ("bullet_list_open", "ordered_list_open"):
                    nested = True
                if inner.type == "inline" and inner.level == 3:
                    line = inner.map[0] if inner.map else offset
                    items.append((line, fold(inner.content)))
                index += 1
            problems = [found for _, unit in items if (found := unit_problem(unit))]
            if nested:
                yield kind, [(offset, "")], "nested lists are not supported; use one level"
            else:
                yield kind, items, problems[0] if problems else None
        index += 1


# What a line may start with where markdown-it's CommonMark block rules (code, fence, blockquote, hr, list,
# reference, html_block, heading, lheading) could begin a block other than a paragraph or end one: white space,
# and each of their markers (any digit, for an ordered list's number).
BLOCK_MARKERS = frozenset(" \t#>*+-_=`~<[0123456789")


def plain_paragraphs(source: str) -> list[tuple[int, str]] | None:
    """Each paragraph's first line and unit, when the text is paragraphs alone: no line starts with a character
    where a block other than a paragraph could begin (BLOCK_MARKERS), so a line of spaces and tabs only is what
    separates them, as markdown-it would find. None otherwise (and for what markdown-it normalises first, CR and
    NUL): most of the course's fields are plain paragraphs, read forty times faster so."""
    if "\r" in source or "\0" in source:
        return None
    paragraphs: list[tuple[int, str]] = []
    lines: list[str] = []
    for number, line in enumerate(source.split("\n")):
        if not line.strip(" \t"):
            if lines:
                paragraphs.append((number - len(lines), fold("\n".join(lines))))
                lines = []
        elif line[0] in BLOCK_MARKERS:
            return None
        else:
            lines.append(line)
    if lines:
        paragraphs.append((number + 1 - len(lines), fold("\n".join(lines))))
    return paragraphs


def fold(text: str) -> str:
    return " ".join(text.split())


def unit_problem(unit: str) -> str | None:
    """What the page would show wrongly or unsafely: raw HTML (escaped into visible tags) and images from the
    web (the package makes no request outside itself). Link and image targets are checked by `target_problem`."""
    if RAW_HTML.search(CODE_SPAN.sub("", unit)):
        return "raw HTML is not allowed; write Markdown such as **bold**, *italics* or [a link](https://…)"
    if WEB_IMAGE.search(unit):
        return "images must be files of the course (e.g. ![text](images/picture.png)), not web addresses"
    return None
