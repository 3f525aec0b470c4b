"""Shrink the runtime for shipping: comments and white space go, names and behaviour stay (rjsmin, rcssmin); what
`course.minify` keeps between processes.

The sources in course/runtime/ stay the readable, commented files that tests load directly; learners on slow
phones get the same code in about half the bytes. Both libraries only remove what the grammar allows, so a
shipped file still reads as the source does, one statement after another, with its own names.

After rjsmin, what the grammar never needs goes too (`tightened`): a semicolon right before a closing brace, the line
break rjsmin keeps after one (it cannot know whether the statement ended there; ours always end with a semicolon),
trailing commas, the parentheses around an arrow function's one parameter and those around a bare name, and those that
only group an operand which takes any expression (`ungrouped`); `true`, `false` and `undefined` are written `!0`, `!1`
and `void 0` (the same values, as every minifier writes them), `typeof x==='string'` as `typeof x=='string'`; and
declarations of one kind in a row become one statement (`joined_declarations`). Only outside strings and regular
expressions; tests/test_minify.py parses every source and its shipped form with TypeScript's parser and compares the
trees (parentheses only as grouping, a declaration statement as its declarations), so a change of the code would fail.

Joined into the package's one script, the runtime files also share one wrapper: each opens and closes the same
way (one CourseRuntime namespace each, exported for node's tests too), which is 200 bytes a file said once; with
the node export gone, a namespace named only to be attached is attached as it is made (`attached`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import rcssmin  # type: ignore[import-untyped]
import rjsmin  # type: ignore[import-untyped]


def shrunk(name: str, source: bytes) -> bytes:
    text = source.decode("utf-8")
    if name.endswith(".css"):
        return str(rcssmin.cssmin(text)).encode("utf-8")
    if name.endswith(".js"):
        return tightened(str(rjsmin.jsmin(text))).encode("utf-8")
    raise ValueError(f"no minifier for {name}")


# In rjsmin's output (no comments, no white space but the line breaks it keeps), the literals to step over: strings,
# and regular expressions, which can only start after one of the punctuators before them (else "/" divides).
_LITERAL = r"""
      '(?:[^'\\\n]|\\.)*'
    | "(?:[^"\\\n]|\\.)*"
    | (?:(?<=[(,=:\[!&|?{};])|(?<=\breturn)|(?<=\btypeof)) /(?![/*])(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*
"""
_NAME = r"[A-Za-z_$][\w$]*"
_TYPES = "undefined|object|boolean|number|bigint|string|symbol|function"  # what typeof answers
_STRING = r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\""""
# What goes: a semicolon before "}", a line break after one, a trailing comma (in an array only after an element:
# `[a,,]` has two), the parentheses of an arrow function's one parameter, and those around a name (the JSDoc type
# casts leave them: `/** @type {X} */ (a.b)`, or around a call of one: `(a.b('c'))`): only after a punctuator can a
# parenthesis hold an expression rather than a call's arguments. A boolean becomes !0 or !1 (with the space after a
# keyword gone: `return!0`), undefined void 0, but not a property's name or an object's key (before ":" only as a
# branch of ?:), nor where the operator would take in what follows (`true.x`, `true[0]`, `true(`, `true**2`,
# `true?.x`): `!` and `void` bind tighter than any operator but those. A typeof compared with one of its answers
# compares by ==, two strings alike (`typeof x=='string'`).
_LITERAL_OR_DROPPED = re.compile(
    r"(?=['\"/;\n,( tfu])(?:"  # each alternative starts with one of these: the scan skips every other place at once
    + _LITERAL
    + rf"""
    | (?P<drop>;(?=\}})|(?<=\}})\n|,(?=[}})])|(?<![\[,]),(?=\]))
    | (?:(?<=[\w$])\ )?(?<![\w$.])(?P<boolean>true|false|undefined)(?![\w$.\[(*:]|\?\.)
    | (?<=[?:=|&!])(?P<alternative>true|false|undefined)(?=:)
    | (?<![\w$.])(?P<typeof>typeof\ {_NAME}(?:\.{_NAME})*[!=]=)=(?='(?:{_TYPES})')
    | (?<![\w$.])\((?P<parameter>{_NAME})\)(?==>)
    | (?<=[=(,:?!&|>;{{])\((?P<name>{_NAME}(?:\.{_NAME})*(?:\((?:[^()'"/\n]|{_STRING})*\)(?:\.{_NAME})*)?)\)
    )""",
    re.VERBOSE,
)
# What `joined_declarations` follows: literals (stepped over), declarations, brackets, semicolons and line breaks.
_DECLARATION_TOKENS = re.compile(
    r"(?=['\"/cl{}()\[\];\n])(?:" + _LITERAL + r"| (?P<kind>(?<![\w$.])(?:const|let)(?:\ |(?=[{\[]))) | [{}()\[\];\n])",
    re.VERBOSE,
)


# What `ungrouped` follows: literals (stepped over), brackets and commas.
_GROUPING_TOKENS = re.compile(r"(?=['\"/()\[\]{},])(?:" + _LITERAL + r"| [()\[\]{},])", re.VERBOSE)
# Where an operand that takes any expression but a sequence opens: an assignment's value (not a comparison's right
# side), an argument, an element, a property's value, a branch of ?:, an arrow's body, what return or for-of gives.
_OPERAND = re.compile(r"(?:(?<![=!<>])=|=>|[(,\[:]|(?<!\?)\?|(?<![\w$.])return|[\w$\])] of)$")


def tightened(code: str) -> str:
    """rjsmin's output without what the grammar never needs (see the module's docstring), and with each run of
    declarations of one kind as one (`joined_declarations`). A template literal could hold anything, so a file with
    one is left as rjsmin wrote it."""
    if "`" in code:
        return code
    return joined_declarations(ungrouped(_LITERAL_OR_DROPPED.sub(kept, code)))


def ungrouped(code: str) -> str:
    """Without the parentheses that only group an operand which takes any expression but a sequence, where the
    operand ends right after them: `x=(a?b:c);` is `x=a?b:c;`, `f((a||b),c)` is `f(a||b,c)`, `return(x)` is
    `return x`. Not around a sequence (a comma at their level), nor an arrow's body that opens with "{"."""
    drops: list[tuple[int, int]] = []
    open_at: list[list[int]] = []  # for each open bracket: its place, whether a comma is at its level, is "("
    for token in _GROUPING_TOKENS.finditer(code):
        text, at = token.group(0), token.start()
        if text in "([{":
            open_at.append([at, 0, int(text == "(")])
        elif text == "," and open_at:
            open_at[-1][1] = 1
        elif text in ")]}" and open_at:
            start, comma, paren = open_at.pop()
            if paren and not comma and _groups_an_operand(code, start, at):
                drops.append((start, at))
    gone = dict.fromkeys([at for pair in drops for at in pair], "")
    for at, _ in drops:  # after a keyword (return, of), before a name, a space stays
        kept_next = next(i for i in range(at + 1, len(code)) if i not in gone)
        if code[at - 1].isalpha() and re.match(r"[\w$]", code[kept_next]):
            gone[at] = " "
    out, last = [], 0
    for at in sorted(gone):
        out += [code[last:at], gone[at]]
        last = at + 1
    return "".join(out) + code[last:]


def _groups_an_operand(code: str, start: int, end: int) -> bool:
    """Whether the parentheses at start and end only group an operand (see `ungrouped`)."""
    before = _OPERAND.search(code[max(0, start - 8) : start])
    if before is None or end == start + 1:
        return False
    after = code[end + 1 : end + 2]
    if before.group(0).endswith("?"):
        return after == ":"
    return after in ("", ",", ";", ")", "]", "}") and not (before.group(0) == "=>" and code[start + 1] == "{")


def joined_declarations(code: str) -> str:
    """`const a=1;const b=2;` as `const a=1,b=2;` (the same for let): a declaration that starts a statement right
    where one of the same kind ended with its semicolon, at the same depth of brackets, joins it. A declaration that
    a line break or a closing bracket may have ended (by automatic semicolon insertion) joins nothing."""
    joins = []
    depth = 0
    open_at: dict[int, str] = {}  # depth -> the kind of the declaration whose statement is still open there
    ended: tuple[int, str, int] | None = None  # the last declaration ended: its depth, kind and semicolon's place
    for token in _DECLARATION_TOKENS.finditer(code):
        text, at = token.group(0), token.start()
        kind = (token.group("kind") or "").strip()  # a destructuring declaration has no space before its pattern
        if kind:
            if code[at - 1 : at] in ";{}":  # a statement starts here (or the code does)
                if ended == (depth, kind, at - 1):
                    joins.append((at - 1, token.end()))
                open_at[depth] = kind
        elif text == ";":
            open_kind = open_at.pop(depth, None)
            ended = (depth, open_kind, at) if open_kind else None
        elif text == "\n":
            open_at.pop(depth, None)
        elif text in "{([":
            depth += 1
        elif text in "})]":
            open_at.pop(depth, None)
            depth -= 1
    pieces, last = [], 0
    for start, end in joins:
        pieces += [code[last:start], ","]
        last = end
    return "".join(pieces) + code[last:]


# The same values (no runtime file names a binding undefined).
SHORTER = {"true": "!0", "false": "!1", "undefined": "void 0"}


def kept(found: re.Match[str]) -> str:
    """What of a match of _LITERAL_OR_DROPPED stays: a literal whole, a parenthesised name without its parentheses,
    nothing of what is dropped."""
    if found.group("drop") is not None:
        return ""
    word = found.group("boolean") or found.group("alternative")
    if word:
        return SHORTER[word] if word != "undefined" or found.group(0)[0] != " " else " void 0"
    return found.group("parameter") or found.group("name") or found.group("typeof") or found.group(0)


OPENING = "(function(root){'use strict';const CR=root.CourseRuntime=root.CourseRuntime||({});"
CLOSING = "})(typeof globalThis!='undefined'?globalThis:this);"  # as `tightened` writes the comparison
BUNDLE_CLOSING = "})(this);"
JOINED_OPENING = OPENING[:-1] + ","  # a file's first declaration joined to CR's (joined_declarations)
# The node export ends its file's body (no semicolon before the block's close: `tightened`), or an else follows it;
# or it is the last block, with what only node asks (suspend.js's worst case, which the build's checks mirror).
NODE_EXPORT = re.compile(
    r"if\(typeof module!='undefined'&&module\.exports\)(?:module\.exports=\w+(?:;else |$)|\{.*\}$)", re.DOTALL
)


# A body's last statements name its namespace and attach it: `const frame={create};CR.frame=frame` (the name is for
# the node export, gone from the bundle), or joined to the declarations before it: `…,frame={create};CR.frame=frame`.
_ATTACHED = re.compile(
    r"(?:(?<=[;}])const |(?P<joined>,))(?P<name>\w+)=(?P<value>\{[\w$,]*\});CR\.(?P<space>\w+)=(?P=name)$"
)


def attached(body: str) -> str:
    """A bundled body with its namespace attached as it is made (`CR.frame={create}`), when the body names it
    nowhere else: once the node export has gone, the local name is read by nothing."""
    found = _ATTACHED.search(body)
    if found is None:
        return body
    rest = body[: found.start()]
    if re.search(rf"(?<![\w$.]){re.escape(found['name'])}(?![\w$])", rest):
        return body
    return f"{rest}{';' if found['joined'] else ''}CR.{found['space']}={found['value']}"


def joined(scripts: Sequence[tuple[str, bytes]]) -> bytes:
    """Minified runtime scripts in one file under one wrapper, each body a block of its own (its names stay its
    own, and it ends by naming itself: `CR.<name>=`); the node export goes, and with it what only node asks for,
    since only the tests and the build's checks load the files in node."""
    parts = []
    for name, code in scripts:
        text = code.decode("utf-8")
        if text.startswith(JOINED_OPENING):  # its first declaration a statement again (`const{a}=` needs no space)
            rest = text[len(JOINED_OPENING) :]
            text = OPENING + ("const" if rest[:1] in "{[" else "const ") + rest
        if not (text.startswith(OPENING) and text.endswith(CLOSING)):
            raise ValueError(f"course/runtime/{name} does not open and close as every runtime script does")
        body, found = NODE_EXPORT.subn("", text[len(OPENING) : -len(CLOSING)], count=1)
        if not found:
            raise ValueError(f"course/runtime/{name} does not end with its node export as every runtime script does")
        parts.append(f"{{{attached(body.removesuffix(';'))}}}")  # the body's last semicolon, now before its "}"
    # A classic script's top-level `this` is the window (the page's, or node's vm context): the one script needs no
    # test for globalThis, which each file makes so that node can require it.
    return f"{OPENING}{''.join(parts)}{BUNDLE_CLOSING}\n".encode()
