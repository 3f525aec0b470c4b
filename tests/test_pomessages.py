"""pomessages.py: the messages of every catalog the fast reading takes are what Babel's parser makes of it, to the
last attribute (flags, locations, comments, obsolete entries, plural forms and their padding, fuzzy, msgctxt, the
line, the header's fields) and to the same error: over every catalog of the project, mutated ones and generated ones
(Hypothesis)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import PoFileError, PoFileParser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.inputs import babel_code
from course.pofile import po_lines
from course.pomessages import add_messages
from course.strict_catalog import StrictCatalog
from tests.test_pofile import REPO, SHIPPED, mutated

WHEN = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)  # what a catalog without POT-Creation-Date keeps


def catalog_state(catalog: StrictCatalog) -> dict[str, Any]:
    """Everything a catalog holds, its messages and obsolete entries in order, each with all its attributes."""
    state = dict(vars(catalog))
    state["_messages"] = [(key, vars(message)) for key, message in catalog._messages.items()]
    state["obsolete"] = [(key, vars(message)) for key, message in catalog.obsolete.items()]
    return state


def read(data: bytes, folder: str | None, reader: str) -> dict[str, Any] | tuple[str, str, int]:
    """The catalog one reader makes of `data`, or the error it stops at."""
    text = po_lines(data)
    assert text.kinds is not None, "the fast reading does not take this file"
    catalog = StrictCatalog(text.lines, folder, locale=babel_code(folder) if folder else None)
    catalog.creation_date = WHEN
    try:
        if reader == "babel":
            PoFileParser(catalog, abort_invalid=True).parse(text.lines)
        else:
            add_messages(catalog, text.kinds, text.lines)
    except PoFileError as error:
        return ("PoFileError", str(error), error.lineno)
    except ValueError as error:  # what Babel lets through, from a header Babel's own reading fails on
        return (type(error).__name__, str(error), -1)
    return catalog_state(catalog)


def assert_same(data: bytes, folder: str | None = None) -> None:
    assert read(data, folder, "fast") == read(data, folder, "babel")


def folder_of(path: Path) -> str | None:
    return path.parent.parent.name if path.suffix == ".po" else None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(REPO)))
def test_every_catalog_of_the_project_reads_as_babel_reads_it(path: Path) -> None:
    assert_same(path.read_bytes(), folder_of(path))


HEADER = (
    '# A translator comment\n#, fuzzy\nmsgid ""\nmsgstr ""\n"Language: fi\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
)


@pytest.mark.parametrize(
    "text",
    [
        '#~ msgid "a"\nmsgstr "b"\n\nmsgid "c"\n#~ msgstr "d"\n',  # the last keyword line says obsolete or not
        (
            "#. auto\n#. \n#: a.py:1 b.py c:d \u2068e f.py\u2069:3\n#, fuzzy, ,python-format\n# user\n#\n"
            'msgid "%(n)s"\nmsgstr ""\n'
        ),
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\n\nmsgid "b"\nmsgid_plural "bs"\nmsgstr[0] "y"\nmsgstr[1] ""\n',
        'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\nmsgstr[2] "z"\n',  # more forms than nplurals
        'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n#~ msgid "a"\n#~ msgstr "d"\n#~ msgid "a"\n#~ msgstr "e"\n',
        '#: \u2068a.py:1\nmsgid "a"\nmsgstr "b"\n',  # an isolate not closed: Babel's error at its line
        'msgid "a"\nmsgstr "b"\n#: a.py\u2069:1\n',  # the same in a comment after the last entry
        'msgctxt ""\nmsgid ""\n\n  "x\\"\\\\\\n\\t"  \n\nmsgstr "y"\n#~ "z"\n',
        "# only\n#. comments\n#: here.py:3\n",  # no entry at all: Babel makes an empty header of the comments
        "#: here.py:3\n",
        "",
    ],
)
def test_a_catalog_of_each_shape_reads_as_babel_reads_it(text: str) -> None:
    assert_same(text.encode())
    assert_same((HEADER + text).encode(), "fi")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_catalog_reads_as_babel_reads_it(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([path for path in SHIPPED if path.suffix == ".po"]))
    text = mutated(data, path.read_text(encoding="utf-8"))
    if po_lines(text).kinds is not None:
        assert_same(text, folder_of(path))


SPACE = st.sampled_from(["", " ", "\t", "  ", "\r"])
INDENT = st.sampled_from(["", " ", "\t"])
PIECES = ["a", "ä", " ", "%", "%(n)s", "{x}", ":", ",", "\u2068", "\u2069", "\\n", '\\"', "\\\\"]
PLAIN = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
COMMENTS = st.sampled_from(
    [
        "#. a comment",
        "#.",
        "#.   spaced  ",
        "#: file.py:12 other.py",
        "#: a:b c:",
        "#: \u2068with space.py\u2069:3",
        "#: \u2068open.py:3",
        "#, fuzzy",
        "#, python-format, fuzzy,",
        "#,",
        "# translator",
        "#",
        '#~ | msgid "older"',
        '#| msgid "was"',
        '#| msgid_plural "were"',
    ]
)


@st.composite
def quoted(draw: st.DrawFn, keyword: str, obsolete: bool) -> list[str]:
    """A keyword's lines: its string, then continued strings, some with the obsolete marker, some after blanks."""
    mark = "#~ " if obsolete else ""
    first = draw(INDENT) + mark + keyword + draw(st.sampled_from([" ", "  ", " \t"]))
    lines = [f'{first}"{draw(PLAIN)}"{draw(SPACE)}']
    for _ in range(draw(st.integers(0, 2))):
        if draw(st.booleans()):
            lines.append(draw(SPACE))
        marked = "#~ " if draw(st.booleans()) else ""
        lines.append(f'{draw(INDENT)}{marked}"{draw(PLAIN)}"{draw(SPACE)}')
    return lines


@st.composite
def entry(draw: st.DrawFn) -> list[str]:
    """Comments, then [msgctxt] msgid and either msgstr or msgid_plural and msgstr[0], msgstr[1]…, each keyword
    obsolete or not; ids from a few, so that some entries come twice."""
    lines = draw(st.lists(COMMENTS, max_size=4))
    obsolete = st.booleans()
    if draw(st.booleans()):
        lines += draw(quoted("msgctxt", draw(obsolete)))
    lines += draw(quoted("msgid", draw(obsolete)))
    if draw(st.booleans()):
        lines += draw(quoted("msgid_plural", draw(obsolete)))
        for index in range(draw(st.integers(1, 7))):
            lines += draw(quoted(f"msgstr[{index}]", draw(obsolete)))
    else:
        lines += draw(quoted("msgstr", draw(obsolete)))
    return [*lines, *draw(st.lists(st.just(""), max_size=2))]


@st.composite
def catalog_text(draw: st.DrawFn) -> str:
    forms = draw(st.integers(1, 6))
    header = (
        f'{draw(st.sampled_from(["", "# a title", "#, fuzzy"]))}\nmsgid ""\nmsgstr ""\n'
        f'"Language: fi\\n"\n"Plural-Forms: nplurals={forms}; plural=(n != 1 ? {forms - 1} : 0);\\n"\n\n'
    )
    body = [line for lines in draw(st.lists(entry(), max_size=6)) for line in lines]
    return (header if draw(st.booleans()) else "") + "\n".join(body + draw(st.lists(COMMENTS, max_size=2)))


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog_text())
def test_a_generated_catalog_reads_as_babel_reads_it(text: str) -> None:
    assert_same(text.encode(), "fi")
