"""pofile.py: a catalog with nothing wrong in it is read at C speed (`well_formed`), and that reading is the same
as the line-by-line one (`checked_lines`) that finds and words every problem; a file the fast reading takes is one
the line-by-line reading finds nothing wrong with (Hypothesis: the shipped catalogs mutated)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.pofile import checked_lines, po_lines, well_formed

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    [*REPO.glob("locales/**/*.po"), *REPO.glob("locales/*.pot"), *REPO.glob("organisations/*/locales/**/*.po*")]
)
HEADER = b'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=6; plural=n;\\n"\n\n'
# What turns a correct line into a wrong one, or a correct file into another correct one that the fast reading
# may or may not take (a blank line inside an entry, white space around a line, CR LF).
PIECES = [
    '"',
    "\\",
    "\\a",
    "\\n",
    "#",
    "|",
    "~",
    " ",
    "\t",
    "\r",
    "\n",
    "\n\n",
    "\x07",
    "\ufffe",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "msgid ",
    "msgstr ",
    "msgstr[1] ",
    "msgstr[00] ",
    '"x"\n',
    'msgctxt "c"\n',
    'msgid_plural "p"\n',
    'msgstr[0] ""\n',
    '#| msgid "old"\n',
    '#| "more"\n',
    "#| msgctxt ",
    "#~ ",
    "#~ |",
    '#~ msgid "o"\n#~ msgstr "p"\n',
    "#, fuzzy\n",
]


def same_reading(data: bytes) -> bool:
    """Whether the fast reading took `data`; when it did, it must read it exactly as the line-by-line one."""
    fast = well_formed(data)
    if fast is not None:
        assert fast == checked_lines(data)
    return fast is not None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: str(path.relative_to(REPO)))
def test_every_shipped_catalog_takes_the_fast_reading(path: Path) -> None:
    assert same_reading(path.read_bytes())


@pytest.mark.parametrize(
    "entries",
    [
        b'#, fuzzy\n#| msgctxt "old"\n#| msgid "was"\n#| "said"\n#| msgid_plural "were"\nmsgid "a"\nmsgstr "b"\n',
        (
            b'#~ msgid "gone"\n#~ msgstr "borta"\n#~\n  #~ | msgid "older"\n\n'
            b'#, fuzzy\n#| msgid "was"\nmsgid "a"\nmsgstr ""\n'
        ),
        b'msgid "n"\nmsgid_plural "ns"\n' + b"".join(b'msgstr[%d] "f"\n' % index for index in range(6)),
        b'msgctxt "c"\r\nmsgid  ""\r\n  "x"\r\nmsgstr \t"y \\"z\\" \\\\ \\n"  \r\n',
    ],
    ids=["previous sources", "obsolete entries", "six plural forms", "crlf and spaces"],
)
def test_a_correct_catalog_reads_the_same_both_ways(entries: bytes) -> None:
    data = HEADER + entries
    assert same_reading(data)
    assert po_lines(data).problems == []


@pytest.mark.parametrize(
    "entries",
    [
        b'msgid "a"\nmsgstr[1] "b"\n',  # a form out of order
        b'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "x"\nmsgstr[2] "y"\n',
        b'msgid "a"\n#, fuzzy\nmsgstr "b"\n',  # a comment inside the entry
        b'msgid "a"\nmsgstr "b\n',  # not closed
        b'msgid "a\\x"\nmsgstr "b"\n',  # an escape gettext tools read otherwise
        b'msgid"a"\nmsgstr "b"\n',
        b'msgid "a"\nmsgstr "b" "c"\n',
        b'msgid "a"\nmsgstr "\x07"\n',
        b'msgid "a"\nmsgstr "\xff"\n',
        b'msgid "a"\n',  # no msgstr
        b'# a comment\n"a"\nmsgid "a"\nmsgstr "b"\n',  # a string outside any entry
        b'#| msgid "a\n',
        b'msgctxt "a"\nmsgctxt "b"\nmsgid "a"\nmsgstr "b"\n',
        b'# a\rb\nmsgid "a"\nmsgstr "b"\n',  # a line break in a comment: Babel would write it as two lines
        '#. a\u2028b\nmsgid "a"\nmsgstr "b"\n'.encode(),
        b'#~ | msgid "a\x0bb"\n',
    ],
)
def test_a_catalog_with_a_problem_is_read_line_by_line(entries: bytes) -> None:
    data = HEADER + entries
    assert well_formed(data) is None
    assert po_lines(data) == checked_lines(data)
    assert po_lines(data).problems


def mutated(data: st.DataObject, text: str) -> bytes:
    """A slice of a shipped catalog (after a header, some of the time) with a few pieces put in, cut out or moved."""
    lines = text.split("\n")
    start = data.draw(st.integers(0, len(lines) - 1))
    lines = lines[start : start + data.draw(st.integers(1, 60))]
    for _ in range(data.draw(st.integers(0, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        line = lines[index]
        action = data.draw(st.sampled_from(["insert", "cut", "swap"]))
        if action == "insert":
            position = data.draw(st.integers(0, len(line)))
            lines[index] = line[:position] + data.draw(st.sampled_from(PIECES)) + line[position:]
        elif action == "cut":
            position = data.draw(st.integers(0, len(line)))
            lines[index] = line[:position] + line[position + data.draw(st.integers(1, 5)) :]
        else:
            other = data.draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], line
    header = HEADER if data.draw(st.booleans()) else b""
    return header + "\n".join(lines).encode("utf-8", "surrogatepass")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_catalog_reads_the_same_both_ways(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([path for path in SHIPPED if path.suffix == ".po"]))
    same_reading(mutated(data, path.read_text(encoding="utf-8")))
