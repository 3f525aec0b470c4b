"""The .po text read strictly, line by line, before Babel parses it: encoding, quoting, escapes, characters and the
order of keywords, each problem at its line and none quoting the file's bytes back.

Babel's parser forgives what other gettext tools read differently (a missing quote, `\\a` kept as two characters
where msgfmt reads a control character, a msgstr without a msgid given to the next entry) and its errors quote the
line, which for a file linked to a secret would print the secret. So the text is checked here first and Babel only
ever parses lines that passed.

A file with nothing wrong in it, as nearly every catalog is, is read in a few passes at C speed (`well_formed`),
which also give each line's kind, from which `pomessages` makes its messages as Babel would; only a file those
passes do not take is read line by line (`checked_lines`), which says what is wrong and where, and parsed by Babel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from babel.messages.pofile import unescape

from course.inputs import UNSAFE_HINT, unsafe_character

KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr\[([0-9]{1,2})\]|msgstr)(?=[\s\"])")
ESCAPES = frozenset('ntr"\\')  # the escapes Babel's unescape decodes; the only ones it and msgfmt read alike
CONTROL_ESCAPES = frozenset("abfve01234567x")  # read as control characters by msgfmt (octal, hex)
KNOWN_ESCAPES = frozenset("'?") | CONTROL_ESCAPES
WELL_QUOTED = re.compile(r'"(?:[^"\\]|\\[ntr"\\])*"\s*')  # the common case, matched at C speed
NOT_CLOSED = 'the string is not closed: a " is missing at the end of the line'
MOST_PROBLEMS = 20  # a file that is not a catalog at all fails on every line; the first ones say enough


@dataclass(frozen=True)
class PoLine:
    """What one line is: a keyword with its string, a string continuing the last one, a comment or nothing."""

    kind: str  # msgctxt, msgid, msgid_plural, msgstr, string, comment, blank, or previous-msgid… for a #| line
    index: int | None = None  # the N of msgstr[N]
    string: str = ""  # the quoted string, as written


def escape_problem(escape: str) -> str:
    """Why a backslash escape cannot be read; the character itself is named only when it is a known C escape."""
    if escape in CONTROL_ESCAPES:
        return f"\\{escape} is a control character in gettext tools; {UNSAFE_HINT}"
    if escape in KNOWN_ESCAPES:
        return f"\\{escape} is read differently by gettext tools; write the character without the backslash"
    return 'a backslash that starts no escape; write \\\\ for a backslash, \\" for a quote, \\n for a line break'


def string_problem(text: str) -> str | None:
    """What is wrong with the quoted string that `text` must be, or None."""
    if WELL_QUOTED.fullmatch(text):
        return None
    if not text.startswith('"'):
        return 'the text must be in double quotes ("…"); check the start of the line'
    index = 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            if index + 1 == len(text):
                return NOT_CLOSED
            if text[index + 1] not in ESCAPES:
                return escape_problem(text[index + 1])
            index += 2
        elif char == '"':
            return None if not text[index + 1 :].strip() else 'text after the closing quote; write \\" inside the text'
        else:
            index += 1
    return NOT_CLOSED


def classify(stripped: str) -> tuple[PoLine, str | None]:
    """The kind of a stripped line and what is wrong with it."""
    if not stripped:
        return PoLine("blank"), None
    if stripped.startswith("#|"):  # the source a fuzzy entry was translated from: read here, not by Babel
        kind, problem = classify(stripped[2:].lstrip())
        if kind.kind in ("msgctxt", "msgid", "msgid_plural", "string"):
            return PoLine(f"previous-{kind.kind}", None, kind.string), problem
        return PoLine("comment"), None
    if stripped.startswith("#~"):
        rest = stripped[2:].lstrip()
        if not rest or rest.startswith("|"):  # an obsolete entry's previous msgid, as msgmerge writes it
            return PoLine("comment"), None
        stripped = rest
    elif stripped.startswith("#"):
        return PoLine("comment"), None
    if stripped.startswith('"'):
        return PoLine("string", None, stripped), string_problem(stripped)
    keyword = KEYWORD.match(stripped)
    if keyword is None:
        return PoLine("blank"), (
            "not a .po line: it starts with neither a keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) "
            'nor a quoted string; check for a missing # or "'
        )
    index = int(keyword.group(2)) if keyword.group(2) is not None else None
    string = stripped[keyword.end() :].lstrip()
    kind = PoLine(keyword.group(1).split("[")[0], index, string)
    if stripped[keyword.end()] != " ":  # Babel splits the keyword off at the first space
        return kind, "write one space between the keyword and its string"
    return kind, string_problem(string)


@dataclass
class Order:
    """Checks that keywords come in the order of an entry: [msgctxt] msgid [msgid_plural] msgstr or msgstr[0…].

    Each problem goes to `problems` at the line a person would fix: an entry without msgstr at its start."""

    problems: list[tuple[int, str]] = field(default_factory=list)
    stage: str = "none"  # none, msgctxt, msgid, msgid_plural, msgstr, broken (skipped up to the next entry)
    start: int = 0
    plural: bool = False
    forms: int = 0

    def finish(self) -> None:
        if self.stage in ("msgctxt", "msgid", "msgid_plural"):
            missing = "msgid and msgstr" if self.stage == "msgctxt" else "msgstr"
            self.problems.append((self.start, f'this entry has no {missing}; add msgstr "" after its msgid'))

    def begin(self, line: int, stage: str) -> None:
        self.finish()
        self.stage, self.start, self.plural, self.forms = stage, line, False, 0

    def fail(self, line: int, problem: str) -> None:
        self.problems.append((line, problem))
        self.stage = "broken"

    def step(self, line: int, kind: PoLine) -> None:
        """Follow one line through the entry around it."""
        if kind.kind == "comment" or kind.kind.startswith("previous-"):
            self.comment(line)
        elif kind.kind == "string" and self.stage == "none":
            self.fail(line, "a quoted string outside any entry; join it to a msgid or msgstr")
        elif kind.kind == "msgctxt" or (kind.kind == "msgid" and self.stage != "msgctxt"):
            self.begin(line, kind.kind)
        elif kind.kind == "msgid":
            self.stage = "msgid"
        elif kind.kind == "msgid_plural":
            self.msgid_plural(line)
        elif kind.kind == "msgstr" and self.stage != "broken":
            problem = self.translation(kind.index)
            if problem is not None:
                self.fail(line, problem)

    def comment(self, line: int) -> None:
        """A comment ends the entry before it; inside an entry's msgctxt and msgid lines it has no place."""
        if self.stage in ("msgctxt", "msgid", "msgid_plural"):
            self.fail(line, f"a comment inside the entry that starts at line {self.start}; move it above")
        else:
            self.stage = "none"

    def msgid_plural(self, line: int) -> None:
        if self.stage == "msgid":
            self.stage, self.plural = "msgid_plural", True
        elif self.stage != "broken":
            self.fail(line, "msgid_plural must come right after the entry's msgid")

    def translation(self, index: int | None) -> str | None:
        """What is wrong with a msgstr or msgstr[N] here, or None (and the entry moves on)."""
        if self.stage in ("none", "msgctxt"):
            return "a msgstr without a msgid before it"
        if index is None:
            if self.stage == "msgid":
                self.stage = "msgstr"
                return None
            if self.plural:
                return "this entry has a msgid_plural: its translations are msgstr[0], msgstr[1], …"
            return "a second msgstr in the same entry; keep one"
        if not self.plural:
            return f'msgstr[{index}] in an entry without msgid_plural; write msgstr "…"'
        if index != self.forms:
            return f"expected msgstr[{self.forms}] here: the forms go 0, 1, 2, … in order, once each"
        self.stage, self.forms = "msgstr", self.forms + 1
        return None


def decoded(raw: bytes, first: bool) -> tuple[str, str | None]:
    """A line of the file as text, and the reason when it is not UTF-8 (a byte order mark at the start is allowed);
    an undecodable line is still read, with U+FFFD for its bad bytes, so the lines after it are checked in order."""
    encoding = "utf-8-sig" if first else "utf-8"
    try:
        return raw.decode(encoding), None
    except UnicodeDecodeError as error:
        problem = f"not valid UTF-8 ({error.reason}); save the file as UTF-8 (charset=UTF-8 in the header)"
        return raw.decode(encoding, "replace"), problem


def line_problem(line: str) -> tuple[PoLine, str | None]:
    """The kind of one line and the first thing wrong with it: a character the page cannot show, or its syntax."""
    kind, syntax = classify(line.strip())
    if kind.kind == "comment":
        return kind, comment_problem(line.strip())
    found = unsafe_character(line) if kind.kind != "blank" else None  # #| lines too
    return kind, (f"{found[1]} in the text; {UNSAFE_HINT}" if found else None) or syntax


# What Python's str.splitlines breaks a line at besides \n. In a comment Babel writes such a character as it is,
# and splits the file's header comment at it, so `course update` would write the rest as a line without its #.
COMMENT_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def comment_problem(stripped: str) -> str | None:
    found = COMMENT_BREAKS.search(stripped)
    if found is None:
        return None
    return (
        f"a line break (U+{ord(found.group()):04X}) inside a comment, which would come apart when the catalog is "
        "written; delete it, or start a new # line"
    )


@dataclass(frozen=True)
class PoText:
    """A .po file checked line by line: its lines for Babel, every (line, problem), and the previous source of
    each entry that has one (by the line of its msgid, where Babel puts the message)."""

    lines: list[str]
    problems: list[tuple[int, str]]
    previous: dict[int, list[str]]
    kinds: list[str] | None = field(default=None, compare=False)  # each line's kind, from the fast reading only


@dataclass
class Previous:
    """Collects `#| msgid "…"` (and `#| msgid_plural`, continued strings) for the entry that follows.

    Babel would read these lines as a translator comment `| msgid "…"` and write them back as `# | msgid "…"`, which
    no gettext tool reads as the previous source: a second `course update` would lose what Poedit and Weblate show
    translators as the change to review. Babel writes no previous msgctxt, so that one is not kept."""

    found: dict[int, list[str]] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)
    into_msgid: bool = False

    def step(self, line: int, kind: PoLine) -> None:
        if kind.kind in ("previous-msgid", "previous-msgid_plural"):
            self.pending.append(unescape(kind.string))
            self.into_msgid = True
        elif kind.kind == "previous-string" and self.into_msgid and self.pending:
            self.pending[-1] += unescape(kind.string)
        elif kind.kind == "previous-msgctxt":
            self.into_msgid = False
        elif kind.kind == "msgid":
            if self.pending:
                self.found[line] = self.pending
            self.pending, self.into_msgid = [], False


def po_lines(data: bytes) -> PoText:
    """The file's lines for Babel (lines it must skip made blank, so numbers stay), problems, previous sources."""
    return well_formed(data) or checked_lines(data)


def checked_lines(data: bytes) -> PoText:
    """`po_lines` the slow way: every line decoded, classified and followed through its entry, which finds every
    problem at its line."""
    lines: list[str] = []
    problems: list[tuple[int, str]] = []
    order, previous = Order(), Previous()
    for number, raw in enumerate(data.split(b"\n"), start=1):
        line, encoding = decoded(raw, number == 1)
        kind, problem = line_problem(line)
        order.step(number, kind)
        if not (encoding or problem):
            previous.step(number, kind)
        lines.append("" if skipped(line, kind) else line)
        if found := encoding or problem:
            problems.append((number, found))
    order.finish()
    return PoText(lines, sorted(problems + order.problems, key=lambda found: found[0]), previous.found)


def skipped(line: str, kind: PoLine) -> bool:
    """Whether Babel must not see the line: a previous source (`#|`), or an obsolete entry's comment (`#~ |`)."""
    return kind.kind.startswith("previous-") or (kind.kind == "comment" and line.lstrip().startswith("#~"))


# The fast reading, in three passes at C speed: every line well formed (LINE_SHAPES), each line's kind as a letter
# (KIND, LETTERS), and the letters in an order `Order` accepts (ENTRY_ORDER). What it refuses may still be correct
# (msgstr[00], ten plural forms, other white space than spaces and tabs, a #| line that is a comment): those files
# are read line by line. Atomic groups and possessive repeats keep every pass linear.
_SPACE = r"[ \t\r]*+"
_STRING = r'"[^"\\\n]*+(?:\\[ntr"\\][^"\\\n]*+)*+"'  # unrolled: a run of plain characters is one step
_LINE = (
    rf"{_SPACE}(?>"
    rf"(?:#~[ \t]*+)?(?:(?:msgctxt|msgid_plural|msgid|msgstr(?:\[[0-9]\])?) [ \t]*+)?{_STRING}{_SPACE}"
    r"|#(?![|~])[^\n\r]*+(?:\r[ \t\r]*+)?"  # a comment (a CR only at its end: see COMMENT_BREAKS)
    rf"|#\|[ \t]*+(?:(?:msgctxt|msgid_plural|msgid) [ \t]*+)?{_STRING}{_SPACE}"  # a previous source
    r"|#~[ \t]*+(?:\|[^\n\r]*+(?:\r[ \t\r]*+)?)?"  # an obsolete entry's comment
    r"|)(?=\n|\Z)"  # a blank line
)
LINE_SHAPES = re.compile(rf"{_LINE}(?:\n{_LINE})*+\Z")
# Each line's kind by its start, the rest of the line taken too, so that the scan goes from line to line.
KIND = re.compile(
    r'^[ \t\r]*+(?:#~[ \t]*+(?=[m"]))?(msgctxt|msgid_plural|msgid|msgstr\[[0-9]\]|msgstr|"|#[|~]?|)[^\n]*+',
    re.MULTILINE,
)
# A blank line changes nothing in `Order`, so it has no letter; a comment, a previous source (#|) and an obsolete
# entry's comment (#~) are all comments there.
LETTERS = (
    {"msgctxt": "C", "msgid": "I", "msgid_plural": "P", "msgstr": "S", '"': "Q", "": ""}
    | {f"msgstr[{index}]": str(index) for index in range(10)}
    | dict.fromkeys(("#", "#|", "#~"), "#")
)
SKIPPED = ("#|", "#~")  # what `skipped` skips, in a file of LINE_SHAPES: previous sources, obsolete entries' comments


def entry_order() -> re.Pattern[str]:
    """The letters of a file whose entries `Order` accepts: [msgctxt] msgid, then msgstr or msgid_plural and
    msgstr[0], msgstr[1]… in order, each keyword's string continued by strings (Q); comments only between entries."""
    forms = ""
    for index in reversed(range(1, 10)):
        forms = f"(?:{index}Q*+{forms})?"
    return re.compile(rf"(?:#|(?:CQ*+)?IQ*+(?:SQ*+|PQ*+0Q*+{forms}))*+")


ENTRY_ORDER = entry_order()


def well_formed(data: bytes) -> PoText | None:
    """`po_lines` of a file with nothing wrong in it, found at C speed; None when the file needs `checked_lines`
    (or is not in the shape the fast reading takes), which then reads it line by line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if unsafe_character(text) or not LINE_SHAPES.match(text) or "\u2028" in text or "\u2029" in text:
        return None  # (or a line break a comment may not hold, found line by line; in a string it is text)
    kinds = KIND.findall(text)
    if not ENTRY_ORDER.fullmatch("".join(map(LETTERS.__getitem__, kinds))):
        return None
    lines = ["" if kind in SKIPPED else line for kind, line in zip(kinds, text.split("\n"), strict=True)]
    previous = Previous()
    if "#|" in kinds:  # else no entry has a previous source, and Previous would find none
        for number, (kind, line) in enumerate(zip(kinds, text.split("\n"), strict=True), start=1):
            if kind in ("#|", "msgid"):  # the lines Previous reads
                previous.step(number, classify(line.strip())[0])
    return PoText(lines, [], previous.found, kinds)
