"""The runtime as shipped is the runtime as written: every file's minified form parses (TypeScript's parser, in
node) to the same syntax tree as its source, with its names; what minifier.py drops is only what the grammar allows."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from course.minifier import attached, tightened
from course.minify import minified
from course.model import Standard
from course.render import RUNTIME, runtime_script, runtime_scripts

ROOT = Path(__file__).resolve().parents[1]
SAME_TREE = ROOT / "tests" / "js" / "same-tree.js"
# Loads a package's one script, and then its files one by one, each into a bare window (no module system, no DOM),
# and prints every namespace of CourseRuntime with the type of each member, as each way built it.
NAMESPACES = """
const vm = require('node:vm');
const { script, files } = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const built = (codes) => {
  const context = vm.createContext({ console, setTimeout, clearTimeout });
  context.window = context;
  for (const code of codes) vm.runInContext(code, context);
  const out = {};
  for (const [name, space] of Object.entries(context.CourseRuntime)) {
    out[name] = Object.fromEntries(Object.entries(space).map(([key, value]) => [key, typeof value]));
  }
  return out;
};
process.stdout.write(JSON.stringify([built([script]), built(files)]));
"""


def trees(files: dict[str, str], sources: dict[str, str] | None = None) -> list[dict[str, object]]:
    """same-tree.js's verdict on each (name, shipped text) against its source (in course/runtime unless given)."""
    if shutil.which("node") is None or not (ROOT / "node_modules" / "typescript").is_dir():
        pytest.skip("needs node and the test tools (npm ci)")
    given = [
        {
            "name": name,
            "source": (sources or {}).get(name) or (RUNTIME / name).read_text(encoding="utf-8"),
            "shipped": text,
        }
        for name, text in files.items()
    ]
    done = subprocess.run(
        ["node", str(SAME_TREE)], input=json.dumps(given), capture_output=True, text=True, check=True, cwd=ROOT
    )
    report: list[dict[str, object]] = json.loads(done.stdout)
    return report


def test_every_runtime_file_ships_with_the_syntax_tree_of_its_source() -> None:
    names = sorted(path.name for path in RUNTIME.glob("*.js"))
    report = trees({name: minified(name, (RUNTIME / name).read_bytes()).decode() for name in names})
    assert [entry["name"] for entry in report] == names
    assert [entry for entry in report if entry["errors"] or entry["difference"]] == []
    assert all(int(str(entry["nodes"])) > 100 for entry in report)


def test_what_only_node_asks_for_is_not_shipped() -> None:
    """The node export goes from the package's script, and with it suspend.js's worst case, which only the build's
    checks and the tests ask (in node)."""
    for standard in ("scorm12", "scorm2004", "cmi5"):
        script = runtime_script(standard).decode()
        assert "module" not in script
        assert "worstCaseLength" not in script
        assert "encode=(state,shape)=>" in script


def test_each_packages_one_script_parses() -> None:
    scripts = {f"{standard}.js": runtime_script(standard).decode() for standard in ("scorm12", "scorm2004", "cmi5")}
    assert [entry["errors"] for entry in trees(scripts, sources=scripts)] == [[], [], []]
    assert [entry["errors"] != [] for entry in trees({"a.js": "if(a)}"}, sources={"a.js": "if(a)}"})] == [True]


@pytest.mark.parametrize("standard", ["scorm12", "scorm2004", "cmi5"])
def test_each_packages_one_script_makes_the_namespaces_its_files_make(standard: Standard) -> None:
    """Attached as they are made (`attached`), the namespaces have the members the files give them, no more."""
    if shutil.which("node") is None:
        pytest.skip("needs node")
    given = {
        "script": runtime_script(standard).decode(),
        "files": [(RUNTIME / name).read_text(encoding="utf-8") for name in runtime_scripts(standard)],
    }
    done = subprocess.run(
        ["node", "-e", NAMESPACES], input=json.dumps(given), capture_output=True, text=True, check=True, cwd=ROOT
    )
    bundled, files = json.loads(done.stdout)
    assert bundled == files
    assert len(files) == len(runtime_scripts(standard))


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("function create(){}const frame={create};CR.frame=frame", "function create(){}CR.frame={create}"),
        ("const a=1,frame={a};CR.frame=frame", "const a=1;CR.frame={a}"),
        ("function f(){}const apiNs={f};CR.api=apiNs", "function f(){}CR.api={f}"),
        # Named anywhere else in the body (here a parameter), or made by a call: left as it is.
        ("function f(frame){}const frame={f};CR.frame=frame", "function f(frame){}const frame={f};CR.frame=frame"),
        ("const app=Object.assign({a},CR.logic);CR.app=app", "const app=Object.assign({a},CR.logic);CR.app=app"),
        ("const frame={create};CR.frame=other", "const frame={create};CR.frame=other"),
    ],
)
def test_a_namespace_named_only_to_be_attached_is_attached_as_it_is_made(body: str, expected: str) -> None:
    assert attached(body) == expected


@pytest.mark.parametrize(
    "changed",
    [
        "function f(a){return a/2;}",  # (the comparison itself:) another number
        "function f(a){return a;}\nfunction g(){return';}';}",  # well formed, but not the source
    ],
)
def test_a_shipped_form_that_differs_from_its_source_is_caught(changed: str) -> None:
    [entry] = trees({"formats.js": changed})
    assert entry["difference"] is not None
    # Declarations joined are compared one by one, with their kinds.
    same, kind = trees(
        {"a.js": "const x=1,y=2;", "b.js": "const x=1,y=2;"},
        {"a.js": "const x=1;const y=2;", "b.js": "const x=1;let y=2;"},
    )
    assert same["difference"] is None
    assert kind["difference"] is not None
    # A shipped !0 is true, !1 false and void 0 undefined, as written only (!0x1 is not false), never another one.
    booleans = trees(
        {"a.js": "x=!0;y=!1;z=void 0;t=typeof a=='string'", "b.js": "x=!1;", "c.js": "x=!0x1;", "d.js": "x=void 1;"},
        {
            "a.js": "x=true;y=false;z=undefined;t=typeof a==='string'",
            "b.js": "x=true;",
            "c.js": "x=false;",
            "d.js": "x=undefined;",
        },
    )
    assert [entry["difference"] is None for entry in booleans] == [True, False, False, False]
    [loose] = trees({"a.js": "t=typeof a!='string'"}, {"a.js": "t=typeof a==='string'"})  # still the operator's sense
    assert loose["difference"] is not None


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("function f(){a();}\nfunction g(){}", "function f(){a()}function g(){}"),
        # Inside strings and regular expressions nothing is touched.
        ("const s=';}';const t=\";}\";const r=/;}\\n/;", "const s=';}',t=\";}\",r=/;}\\n/;"),
        ("x=a.replace(/[;}]/g,'');}", "x=a.replace(/[;}]/g,'')}"),
        ("if(a)return/;}/.test(b);}", "if(a)return/;}/.test(b)}"),
        ("x=a/b;}", "x=a/b}"),
        ("const t=`;}`;}", "const t=`;}`;}"),  # a template literal: the file is left as rjsmin wrote it
        # An arrow function's one parameter and a name in parentheses (a JSDoc cast) lose them; a call keeps its own.
        ("a.map((x)=>x);f((t));g(x=>(e).stack,(this))", "a.map(x=>x);f(t);g(x=>e.stack,this)"),
        ("y=(1).toString();z=((a)=>a);w=async(x)=>x;if(a)(b)()", "y=(1).toString();z=a=>a;w=async(x)=>x;if(a)(b)()"),
        ("v=(a+b)*c;u=(a.b)(c);s='(a)=>'", "v=(a+b)*c;u=a.b(c);s='(a)=>'"),
        # A call of a name in parentheses loses them (its arguments: strings, no calls); `new (f())` keeps them.
        ("x=(a.get('b)')).c;y=(f(g(1))).h;z=new(f())();", "x=a.get('b)').c;y=(f(g(1))).h;z=new(f())();"),
        # Parentheses that only group an operand which takes any expression but a sequence go.
        ("x=(a?b:c);f((a||b),c);g=c?(a?b:d):e;h=>(a?b:c);", "x=a?b:c;f(a||b,c);g=c?a?b:d:e;h=>a?b:c;"),
        (
            "return(x)}return((a))}return('a')}for(const s of(all(x)))a()",
            "return x}return a}return'a'}for(const s of all(x))a()",
        ),
        ("a=(b,c);d=e===(b||c);f=>({a});y=(a+b)*c;z=(a+b)\n", "a=(b,c);d=e===(b||c);f=>({a});y=(a+b)*c;z=(a+b)\n"),
        # true and false as !0 and !1 (after a keyword without its space), but not as a name (a property, an object's
        # key, a longer name), in a string, or where !0 would take what follows as its operand (`.x`, `[0]`, `**`).
        (
            "x=true;return false}c?true:false;f([true],typeof true)",
            "x=!0;return!1}c?!0:!1;f([!0],typeof!0)",
        ),
        # A typeof compared with one of its answers compares by == (two strings), not with another string.
        ("if(typeof a.b==='function')x;y=typeof c!=='string'", "if(typeof a.b=='function')x;y=typeof c!='string'"),
        (
            "z=typeof d==='x';w=typeof e===f;v=typeof(g)==='string'",
            "z=typeof d==='x';w=typeof e===f;v=typeof(g)==='string'",
        ),
        # undefined as void 0 alike, with the space a keyword needs before it.
        (
            "return undefined}x===undefined?undefined:1;o={a:undefined}",
            "return void 0}x===void 0?void 0:1;o={a:void 0}",
        ),
        (
            "a.true;b={true:1,false:2,undefined:3};d=true.x;e=false[0];g=true**2;h=true?.x;k='true';xfalse=2;u=undefined.x",
            "a.true;b={true:1,false:2,undefined:3};d=true.x;e=false[0];g=true**2;h=true?.x;k='true';xfalse=2;u=undefined.x",
        ),
        # Trailing commas go, but the hole of an array's elision stays.
        ("o={a:1,b:[1,2,],};f(a,b,);h=[,];k=[1,,];", "o={a:1,b:[1,2]};f(a,b);h=[,];k=[1,,];"),
        # Declarations of one kind in a row are one; not across another statement, a kind, a block or a line break.
        ("const a=1;const b=2;let c=3;let d=4;const e=5;", "const a=1,b=2;let c=3,d=4;const e=5;"),
        ("const{a}=b;const{c}=d;let[e]=f;let g=1;", "const{a}=b,{c}=d;let[e]=f,g=1;"),  # destructuring too
        (
            "function f(){const a=g(()=>{const x=1;return x});const b=2;}",
            "function f(){const a=g(()=>{const x=1;return x}),b=2}",
        ),
        (
            "const a=1\nf();const b=2;x();const c=';const d';const e=/;const /;",
            "const a=1\nf();const b=2;x();const c=';const d',e=/;const /;",
        ),
        (
            "for(let i=0;i<n;i++){}let j=1;let k=2;{const a=1}const b=2;",
            "for(let i=0;i<n;i++){}let j=1,k=2;{const a=1}const b=2;",
        ),
    ],
)
def test_tightened_drops_only_what_the_grammar_never_needs(code: str, expected: str) -> None:
    assert tightened(code) == expected
