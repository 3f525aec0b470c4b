"""pocompile.py: a catalog compiled for a build the lean way is what the full reading compiles, to the order of its
translations and its plural rule, and a catalog the full reading refuses is refused with the same problems: over
every catalog of the project, synthetic ones, entries of each shape (fuzzy, plural with 1, 2, 3 and 6 forms, msgctxt,
obsolete, untranslated, given twice, no header, previous sources, CR LF, a byte order mark) and generated or mutated
ones (Hypothesis). Whatever the lean reading takes, the fast reading (`pofile.well_formed`) takes too; and the
shapes it is there for it does take."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import make_course
from course.catalog_cache import Compiled
from course.catalogs import COURSE_HINTS, compiled_text, parse_catalog, usable
from course.errors import CatalogError
from course.plurals import language_rule
from course.pocompile import lean_compiled
from course.pofile import well_formed
from tests.test_pofile import PIECES, REPO, SHIPPED, mutated

NAME = "locales/xx/LC_MESSAGES/messages.po"
Outcome = tuple[object, ...]


def said(found: Compiled) -> Outcome:
    strings, expression = found
    return list(strings.items()), expression  # in order: the same mapping, made the same way


def outcome(compile_catalog: object) -> Outcome:
    try:
        return said(compile_catalog())  # type: ignore[operator]
    except CatalogError as error:
        return ("CatalogError", error.problems)


def full(data: bytes, code: str) -> Outcome:
    return outcome(lambda: usable(parse_catalog(data, NAME, code, COURSE_HINTS)))


def lean(data: bytes, code: str) -> Compiled | None:
    return lean_compiled(data, lambda header: parse_catalog(header, NAME, code, COURSE_HINTS))


def assert_same(data: bytes, code: str) -> bool:
    """Whether the lean reading took `data`; whatever it took is what the full reading makes of it, and the fast
    reading takes it too; through `compiled_text` every file comes out as the full reading has it."""
    found = lean(data, code)
    if found is not None:
        assert well_formed(data) is not None
        assert said(found) == full(data, code)
    assert outcome(lambda: compiled_text(data, NAME, code, COURSE_HINTS)) == full(data, code)
    return found is not None


@pytest.mark.parametrize(
    "path", [path for path in SHIPPED if path.suffix == ".po"], ids=lambda path: str(path.relative_to(REPO))
)
def test_every_catalog_of_the_project_compiles_the_lean_way(path: Path) -> None:
    assert assert_same(path.read_bytes(), path.parent.parent.name)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("synthetic")
    make_course(root, 5, 4)
    return root / "locales"


@pytest.mark.parametrize("code", ["en", "fi", "ar"])
def test_a_synthetic_catalog_compiles_the_lean_way(synthetic: Path, code: str) -> None:
    assert assert_same((synthetic / code / "LC_MESSAGES" / "messages.po").read_bytes(), code)


def header(code: str, comments: str = "# Title\n#, fuzzy\n") -> str:
    return (
        f'{comments}msgid ""\nmsgstr ""\n"Language: {code}\\n"\n"Plural-Forms: {language_rule(code)}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    )


def plural(count: int, msgid: str = "n", empty: int | None = None) -> str:
    forms = "".join(f'msgstr[{index}] "{"" if index == empty else f"f{index}"}"\n' for index in range(count))
    return f'msgid "{msgid}"\nmsgid_plural "{msgid}s"\n{forms}\n'


TAKEN = {
    "fuzzy": (
        '#, fuzzy\nmsgid "a"\nmsgstr "b"\n\n#, python-format,fuzzy\nmsgid "c"\nmsgstr "d"\n\nmsgid "e"\nmsgstr "f"\n'
    ),
    "not fuzzy": '#, python-format\n#. fuzzy\n# fuzzy\nmsgid "a %s"\nmsgstr "b %s"\n',
    "msgctxt": 'msgctxt "c"\nmsgid "a"\nmsgstr "1"\n\nmsgctxt ""\nmsgid "a"\nmsgstr "2"\n\nmsgid "a"\nmsgstr "3"\n',
    "untranslated": 'msgid "a"\nmsgstr ""\n\nmsgid "b"\nmsgstr ""\n""\n\nmsgid "c"\nmsgstr "x"\n',
    "obsolete": (
        '#~ msgid "a"\n#~ msgstr "b"\n\n#~ msgctxt "c"\n#~msgid "d"\n#~ "e"\n#~ msgstr "f"\n\n'
        '#~ msgid "p"\n#~ msgid_plural "ps"\n#~ msgstr[0] "x"\n#~ msgstr[1] "y"\n\nmsgid "a"\nmsgstr "z"\n'
    ),
    "previous sources": (
        '#, fuzzy\n#| msgctxt "old"\n#| msgid "was"\n#| msgid_plural "were"\nmsgid "p"\nmsgstr "b"\n\n'
        '#~ | msgid "older"\n#~\nmsgid "q"\nmsgstr "d"\n'
    ),
    "continued and escaped": (
        'msgid ""\n"a \\"q\\" "\n"\\\\n\\t\\r\\n"\nmsgstr ""\n"x\\\\"\n"\\\\"  \n\nmsgid "b"\nmsgstr  \t"\\"c"\n'
    ),
    "characters": 'msgid "\U0001f600 \u00e4\ufeff\u2068a\u2069 \ufdcf"\nmsgstr "\U0010fffd \u00a0"\n',
    "comments at the end": 'msgid "a"\nmsgstr "b"\n#, fuzzy\n\n# the end\n#: here.py:1\n\n',
    "no line end at the end": 'msgid "a"\nmsgstr "b"',
    "one form": plural(1) + plural(1, "m", empty=0),
    "two forms": plural(2) + plural(2, "m", empty=1) + plural(1, "o"),
    "three forms": plural(3) + plural(2, "m") + plural(3, "o", empty=2),
    "six forms": plural(6) + plural(5, "m") + plural(6, "o", empty=0) + "#, fuzzy\n" + plural(6, "p"),
}
PREVIOUS = '#, fuzzy\n#| msgid "was"\nmsgid "p"\nmsgstr "q"\n\n#~ | msgid "older"\n#~ msgid "r"\n#~ msgstr "s"\n'
LANGUAGES = {"one form": "ja", "three forms": "pl", "six forms": "ar"}


@pytest.mark.parametrize("shape", TAKEN)
def test_an_entry_of_each_shape_compiles_the_lean_way(shape: str) -> None:
    code = LANGUAGES.get(shape, "fi")
    assert assert_same((header(code) + TAKEN[shape]).encode(), code)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + (header("fi") + TAKEN["fuzzy"]).encode(),  # a byte order mark
        (header("fi") + TAKEN["msgctxt"] + TAKEN["two forms"] + PREVIOUS).replace("\n", "\r\n").encode(),
        (header("fi", "") + TAKEN["untranslated"]).encode(),
    ],
    ids=["byte order mark", "crlf", "no comments"],
)
def test_a_file_of_each_shape_compiles_the_lean_way(data: bytes) -> None:
    assert assert_same(data, "fi")


@pytest.mark.parametrize(
    "text",
    [
        header("fi") + 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',  # given twice
        header("fi")
        + 'msgctxt "c"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "c"\nmsgid "a"\nmsgid_plural "as"\nmsgstr[0] ""\n',
        'msgid "a"\nmsgstr "b"\n',  # no header
        'msgid "a"\nmsgstr "b"\n\n' + header("fi"),  # a header, not first
        header("fi") + header("fi", ""),  # a second header
        header("fi") + 'msgctxt "c"\nmsgid ""\nmsgstr "b"\n',  # an empty msgid Babel takes for a header
        header("fi") + 'msgid ""\nmsgid_plural "as"\nmsgstr[0] "x"\nmsgstr[1] "y"\n',
        header("fi") + plural(3),  # more forms than nplurals
        header("fi") + '#~ msgid "p"\n#~ msgid_plural "ps"\n' + "".join(f'#~ msgstr[{n}] "x"\n' for n in range(3)),
        header("fi") + 'msgid "a"\nmsgid_plural "as"\nmsgstr[1] "x"\nmsgstr[0] "y"\n',  # forms out of order
        header("fi").replace("Language: fi", "Language: sv"),  # a header problem
        header("fi").replace("charset=UTF-8", "charset=latin-1") + 'msgid "a"\nmsgstr "b"\n',
        header("fi") + 'msgid "a"\n#, fuzzy\nmsgstr "b"\n',  # a comment inside an entry
        header("fi") + 'msgid "a"\n\nmsgstr "b"\n',  # a blank line inside an entry: Babel reads it
        header("fi") + 'msgid "a"\nmsgstr "b"\n\n"c"\n',  # so a string after one continues the msgstr
        header("fi") + '  msgid "a"\n\tmsgstr "b"\n',  # indented
        header("fi") + 'msgid "a"\n#~ msgstr "b"\n',  # obsolete by its last keyword
        header("fi") + 'msgid "a"\nmsgstr "b\\a"\n',  # an escape gettext tools read otherwise
        header("fi") + 'msgid "a"\nmsgstr "b\x07"\n',  # a control character
        header("fi") + 'msgid "a"\nmsgstr "b\U0001fffe"\n',  # a noncharacter past the first plane
        header("fi") + '# a\U0010ffff\nmsgid "a"\nmsgstr "b"\n',
        header("fi") + '#. a\x07\nmsgid "a"\nmsgstr "b"\n',  # in a comment too
        header("fi") + '# a\rb\nmsgid "a"\nmsgstr "b"\n',  # a line break Babel would write as two lines
        header("fi") + 'msgid "a"\nmsgstr "b\u2028c"\n',  # a line separator
        header("fi") + 'msgid "a"\nmsgstr "b\rc"\n',
        header("fi") + "#: \u2068a b.py\u2069:1\n" + 'msgid "a"\nmsgstr "b"\n',  # Babel reads locations
        header("fi") + "#: \u2068a b.py:1\n" + 'msgid "a"\nmsgstr "b"\n',  # and may fail
        header("fi") + 'msgid "a"\nmsgstr[0] "b"\n',
        header("fi") + 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
        header("fi") + 'msgid "a"\n',
        "",
    ],
)
def test_a_file_of_any_other_shape_is_compiled_the_full_way(text: str) -> None:
    assert not assert_same(text.encode(), "fi")


def test_a_file_that_is_not_utf_8_is_compiled_the_full_way() -> None:
    assert not assert_same(header("fi").encode() + b'msgid "a"\nmsgstr "\xff"\n', "fi")


# Lines as Babel writes them, and a few it does not; each entry's keywords obsolete or not, one by one.
HOSTILE = [*PIECES, "\U0001fffe", "\U0001f600", "\u2068", "\u2069", "\u2029", "\x85", "\\t", "\xa0", "#, fuzzy"]
PIECE = st.sampled_from(["a", "ä", " ", "%s", "{x}", "\\n", '\\"', "\\\\", "#,", "msgid "])
STRINGS = st.one_of(st.just(""), st.lists(PIECE, min_size=1, max_size=4).map("".join))
CLEAN_COMMENTS = ["#, fuzzy", "#, python-format, fuzzy", "#,fuzzy ", "#, python-format", "#. fuzzy", "#: a.py:1"]
CLEAN_COMMENTS += ["# x", "#", '#| msgid "old"', '#~ | msgid "older"', "", " ", "\r"]
COMMENTS = [*CLEAN_COMMENTS, "#~", "#: \u2068a b.py\u2069:1"]  # which the lean reading leaves to the full one


@st.composite
def keyword(draw: st.DrawFn, name: str, obsolete: bool) -> str:
    mark = draw(st.sampled_from(["#~ ", "#~ ", "#~"])) if obsolete else ""
    pieces = [f'"{draw(STRINGS)}"' for _ in range(draw(st.integers(1, 3)))]
    return f"{mark}{name} " + "\n".join(pieces[:1] + [mark + piece for piece in pieces[1:]]) + "\n"


@st.composite
def entry(draw: st.DrawFn, forms: int, msgid: str | None) -> str:
    """Comments, then [msgctxt] msgid and msgstr or msgid_plural and msgstr[N], obsolete some of the time. The
    msgid is `msgid`, or when None one of a few, so that some come twice; then now and then only some keywords are
    obsolete, and the msgstr[N] are not `forms` (fewer, more, out of order)."""
    clean = msgid is not None
    obsolete = draw(st.sampled_from([False, False, True]))
    marked = st.booleans() if not clean and draw(st.sampled_from([False] * 9 + [True])) else st.just(obsolete)
    text = "".join(
        f"{line}\n" for line in draw(st.lists(st.sampled_from(CLEAN_COMMENTS if clean else COMMENTS), max_size=3))
    )
    if draw(st.booleans()):
        text += f'{"#~ " if draw(marked) else ""}msgctxt "{draw(st.sampled_from(["", "c"]))}"\n'
    msgid = msgid or draw(st.sampled_from([f"m{number}" for number in range(30)] + [""]))
    text += f'{"#~ " if draw(marked) else ""}msgid "{msgid}"\n'
    if draw(st.booleans()):
        return text + draw(keyword("msgstr", draw(marked)))
    text += draw(keyword("msgid_plural", draw(marked)))
    count = forms if clean else draw(st.sampled_from([forms] * 6 + [1, 2, 3, 6, 7]))
    for index in [*range(count)] if clean else draw(st.sampled_from([[*range(count)]] * 9 + [[1, 0]])):
        text += draw(keyword(f"msgstr[{index}]", draw(marked)))
    return text + "\n" * draw(st.integers(0, 2))


@st.composite
def catalog(draw: st.DrawFn, clean: bool) -> tuple[bytes, str]:
    """A catalog in CR LF some of the time, after a byte order mark some of the time; a clean one of entries the
    lean reading takes, each msgid once, its header first; another with its header first nearly always, and now
    and then a character or line put in anywhere (`HOSTILE`)."""
    code = draw(st.sampled_from(["ja", "fi", "pl", "ar"]))
    forms = {"ja": 1, "fi": 2, "pl": 3, "ar": 6}[code]
    ids = draw(st.lists(st.integers(0, 99), unique=True, max_size=8)) if clean else [None] * draw(st.integers(0, 6))
    body = [draw(entry(forms, None if number is None else f"m{number}")) for number in ids]
    place = "first" if clean else draw(st.sampled_from(["first"] * 8 + ["second", "none"]))
    if place != "none":
        body.insert(place == "second", header(code, draw(st.sampled_from(["", "# Title\n#, fuzzy\n"]))))
    text = "".join(body)
    for _ in range(0 if clean else draw(st.sampled_from([0] * 6 + [1, 2]))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8", "surrogatepass"), code


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog(clean=True))
def test_a_generated_catalog_of_the_lean_shape_compiles_the_lean_way(generated: tuple[bytes, str]) -> None:
    assert assert_same(*generated)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog(clean=False))
def test_a_generated_catalog_compiles_as_the_full_reading_compiles_it(generated: tuple[bytes, str]) -> None:
    assert_same(*generated)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_mutated_catalog_compiles_as_the_full_reading_compiles_it(data: st.DataObject) -> None:
    path = data.draw(st.sampled_from([path for path in SHIPPED if path.suffix == ".po"]))
    text = path.read_text(encoding="utf-8")
    if data.draw(st.booleans()):  # a slice of its entries after its own header
        end = text.index("\n\n") + 2
        text = text[:end] + mutated(data, text[end:]).decode("utf-8", "surrogatepass")
        assert_same(text.encode("utf-8", "surrogatepass"), path.parent.parent.name)
    else:
        assert_same(mutated(data, text), path.parent.parent.name)
