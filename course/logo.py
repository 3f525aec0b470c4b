"""An organisation's logo: one SVG or PNG file inside its profile folder, checked before it ships in a package.

The file is read by `read_input` (a regular file of at most LOGO_LIMIT bytes that lies, links resolved, inside the
profile folder) and recognised by its content, not its name. A PNG must have PNG's signature, a header with its
size and an end. An SVG is parsed without a DTD, entities or the network, and refused if it could run a script or
fetch anything: the page shows it as an image, where browsers run nothing, but an LMS may offer the file itself,
and a logo never needs either. The page shows the logo at a fixed height, so only its proportions matter.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from lxml import etree

from course.assets import is_course_path
from course.inputs import InputError, read_input, shown, untrusted_xml
from course.model import Logo
from course.paths import display_path
from course.reader import FileReader

LOGO_LIMIT = 64 * 1024  # bytes; a logo is loaded on every page of the package, and a clean SVG has a few KB
LOGO_FOLDER = "organisation"  # the logo ships as organisation/logo.svg or organisation/logo.png
ASPECT_LIMIT = 8  # neither side of a logo more than this many times the other: the header shows it 2.5rem high
PNG_MIN_HEIGHT = 64  # pixels: the certificate shows the logo 4rem high (twice that looks sharp on any screen)
SVG_MIN_SIDE = 100  # an SVG's size: its viewBox scaled so the shorter side has this many units (its ratio counts)
ALT_COMMENT = (
    "Organisation profile: the logo's alt text. The summary page and the printed certificate show the logo "
    "without the organisation's name beside it, so say whose logo it is (e.g. “Exempelkommun's logo”)."
)
LOGO_HINT = "export the logo again as a plain SVG (e.g. Inkscape's “Optimized SVG”) or as a PNG"

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_END = b"\x00\x00\x00\x00IEND\xaeB`\x82"  # the IEND chunk: no data, then its CRC
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
REFUSED_ELEMENTS = {
    "script": "a script",
    "foreignobject": "HTML inside the SVG",
    "iframe": "a frame",
    "embed": "embedded content",
    "object": "embedded content",
    "handler": "a script",
    "listener": "a script",
}
ANIMATIONS = {"animate", "set"}  # these can change an attribute, e.g. set a link's href to javascript:
URL_TARGET = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
NUMBER = re.compile(r"\s*([0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?:px)?\s*")
Kind = Literal["svg", "png"]


@dataclass(frozen=True)
class Image:
    """What the logo file turned out to be, with its size for the page's width and height attributes."""

    kind: Kind
    width: int
    height: int


class LogoError(Exception):
    """What is wrong with a logo file, and where in it: (line, message) pairs, line 1 for the file as a whole.

    Internal to this module: `read_logo` records each as a problem of the profile, so it never reaches the CLI."""

    def __init__(self, line: int, message: str, *more: tuple[int, str]) -> None:
        super().__init__(message)
        self.found = ((line, message), *more)


def png_image(data: bytes) -> Image:
    """A PNG's size from its header (IHDR), which the format puts first."""
    if len(data) < 33 or data[12:16] != b"IHDR" or struct.unpack(">I", data[8:12])[0] != 13:
        raise LogoError(1, f"the PNG file has no header (IHDR) where PNG puts it; {LOGO_HINT}")
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width < 2**31 and 0 < height < 2**31):
        raise LogoError(1, f"the PNG file's header gives it no size ({width} by {height}); {LOGO_HINT}")
    if not data.endswith(PNG_END):
        raise LogoError(1, f"the PNG file is cut short (it has no end chunk, IEND); {LOGO_HINT}")
    if height < PNG_MIN_HEIGHT:
        raise LogoError(
            1,
            f"the PNG is {height} pixels high, fewer than the {PNG_MIN_HEIGHT} the certificate shows; export it "
            f"at least {PNG_MIN_HEIGHT} (better {2 * PNG_MIN_HEIGHT}) pixels high, or as an SVG",
        )
    return Image("png", width, height)


def local_name(name: object) -> str:
    """An element's or attribute's name without its namespace, in lowercase (`{…xlink}href` is `href`)."""
    return name.rsplit("}", 1)[-1].lower() if isinstance(name, str) else ""


def outside(value: str) -> str | None:
    """The first url(…) target in a value that is not a fragment of the logo itself (url(#gradient)), or None."""
    return next((target for target in URL_TARGET.findall(value) if not target.startswith("#")), None)


def attribute_problem(element: str, attribute: str, value: str) -> str | None:
    """Why one attribute could run a script or fetch something, or None."""
    if attribute.startswith("on"):
        return f"the attribute {attribute}= runs a script, which a logo may not; remove it"
    if attribute == "href" and not value.strip().startswith("#"):
        return (
            f"href={shown(value)} links to or embeds something outside the logo (only #fragments of the SVG itself "
            f"are allowed, and no embedded pictures); remove it, or {LOGO_HINT}"
        )
    changed = value.strip().lower()
    if (
        attribute == "attributename"
        and element in ANIMATIONS
        and (changed.endswith("href") or changed.startswith("on"))
    ):
        return f"<{element}> may not change {shown(value)} in a logo; remove it"
    if target := outside(value):
        return f"{attribute}= loads {shown(target)} from outside the logo; remove it, or {LOGO_HINT}"
    return None


def element_problems(element: etree._Element) -> list[tuple[int, str]]:
    """Why one element of an SVG could run a script or fetch something: itself, its attributes, its style."""
    line = element.sourceline or 1
    name = local_name(element.tag)
    if name in REFUSED_ELEMENTS:
        shown_name = str(element.tag).rsplit("}", 1)[-1]
        return [
            (line, f"<{shown_name}> ({REFUSED_ELEMENTS[name]}) is not allowed in a logo; remove it, or {LOGO_HINT}")
        ]
    found: list[tuple[int, str]] = []
    style = (element.text or "") if name == "style" else ""
    if target := outside(style) or ("@import" if "@import" in style else None):
        found.append(
            (line, f"the logo's <style> loads {shown(target)} from outside the file; remove it, or {LOGO_HINT}")
        )
    for key, value in element.attrib.items():
        if problem := attribute_problem(name, local_name(key), str(value)):
            found.append((line, problem))
    return found


def svg_size(root: etree._Element) -> tuple[float, float] | None:
    """Width and height from the viewBox (the drawing's own proportions), else from width and height in pixels."""
    parts = re.split(r"[\s,]+", (root.get("viewBox") or "").strip())
    if len(parts) == 4 and all(NUMBER.fullmatch(part) for part in parts[2:]):
        width, height = float(parts[2]), float(parts[3])
        return (width, height) if width > 0 and height > 0 else None
    sides = [NUMBER.fullmatch(root.get(side) or "") for side in ("width", "height")]
    if sides[0] and sides[1] and float(sides[0].group(1)) > 0 and float(sides[1].group(1)) > 0:
        return float(sides[0].group(1)), float(sides[1].group(1))
    return None


def svg_image(data: bytes) -> Image:
    """A safe SVG's size; a LogoError naming every unsafe part otherwise, each at its line."""
    try:
        root, doctype = untrusted_xml(data)
    except etree.XMLSyntaxError as error:
        raise LogoError(error.lineno or 1, f"the SVG file is not well-formed XML ({error.msg}); {LOGO_HINT}") from None
    if doctype is not None:
        raise LogoError(
            doctype, "the SVG file has a <!DOCTYPE …>, which may declare entities; a logo needs none, remove it"
        )
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise LogoError(
            root.sourceline or 1,
            f'the file\'s root element must be <svg xmlns="{SVG_NAMESPACE}"> (browsers show nothing else as an SVG '
            f"image), got <{shown(str(root.tag))}>; {LOGO_HINT}",
        )
    problems: list[tuple[int, str]] = []
    for node in [*root.itersiblings(preceding=True), *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction | etree._Entity):
            problems.append((node.sourceline or 1, f"{shown(str(node))} is not allowed in a logo; remove it"))
        elif isinstance(node.tag, str):
            problems += element_problems(node)
    if problems:
        raise LogoError(*problems[0], *problems[1:])
    size = svg_size(root)
    if size is None:
        raise LogoError(
            root.sourceline or 1,
            'the <svg> gives no size: add a viewBox (e.g. viewBox="0 0 240 80") or width and height in pixels, so '
            "the page can show the logo in its proportions",
        )
    scale = max(1.0, SVG_MIN_SIDE / min(size))
    return Image("svg", round(size[0] * scale), round(size[1] * scale))


def logo_image(data: bytes, name: str) -> Image:
    """What the file is by its content: a PNG, an SVG, or neither (LogoError saying which it should be)."""
    if data.startswith(PNG_SIGNATURE):
        image = png_image(data)
    elif data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        image = svg_image(data)
    else:
        named = "a PNG image" if name.lower().endswith(".png") else "an SVG or a PNG image"
        raise LogoError(1, f"this file is not {named} (its content is neither); {LOGO_HINT}")
    if max(image.width, image.height) > ASPECT_LIMIT * min(image.width, image.height):
        raise LogoError(
            1,
            f"the logo is {image.width} by {image.height}: one side is more than {ASPECT_LIMIT} times the other, "
            "so the page would show it too small to read; crop it or use a more compact version",
        )
    return image


def read_logo(reader: FileReader, fields: dict[str, yaml.Node], folder: Path) -> Logo | None:
    """The profile's `logo:` from its keys (file, alt); None after recording every problem, at the profile's line
    for a field and at the logo file's own line for what is wrong inside it."""
    before = len(reader.problems)
    alt = reader.text(fields.get("alt"), "logo.alt", "organisation/logo/alt", ALT_COMMENT)
    file_node = fields.get("file")
    name = reader.scalar(file_node, "logo.file")
    if not name or file_node is None:
        return None
    line = reader.line_of(file_node)
    if not is_course_path(name):
        reader.problem(
            line, f"logo.file: expected a file name inside {display_path(folder)}, such as logo.svg, got {shown(name)}"
        )
        return None
    path = folder / name
    try:
        data = read_input(path, folder, LOGO_LIMIT)
    except FileNotFoundError:
        reader.problem(
            line,
            f"logo.file: {shown(name)}: no such file in {display_path(folder)}; put the logo there or fix the name",
        )
        return None
    except InputError as error:
        reader.problem(line, f"logo.file: {shown(name)}: {too_big(path) or error}")
        return None
    try:
        image = logo_image(data, name)
    except LogoError as refusal:
        for found_line, message in refusal.found:
            reader.problem(found_line, f"{message} (the logo of {reader.name}:{line})", display_path(path))
        return None
    if len(reader.problems) != before:
        return None
    return Logo(f"{LOGO_FOLDER}/logo.{image.kind}", data, alt, image.width, image.height)


def too_big(path: Path) -> str | None:
    """The logo's own message for a file over the limit (read_input's says to split it, which a logo cannot be)."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    if size <= LOGO_LIMIT:
        return None
    return (
        f"the file is {size:,} bytes, more than the {LOGO_LIMIT:,} a logo may have; export it smaller (an SVG "
        "without embedded pictures or editor data, a PNG with fewer colours or at most a few hundred pixels high)"
    )
