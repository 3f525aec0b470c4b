"""An organisation's accent colour, the shades course.css derives from it, and whether they keep WCAG AA contrast.

The page uses the accent for links, labels, borders and the primary buttons' background; `--ac2` (darker) on
hover and `--ac-bg` (a light tint) behind panels. `palette` gives the three, `contrast_problems` says which text
would be hard to read on them, by how much, and which darker accent would pass. Ratios follow WCAG 2.1's
relative luminance (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), and a ratio passes only when it is at
least what AA needs, unrounded.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# These mirror :root in course/runtime/course.css (--bg, --tint, --fg), which the runtime ships as it is; the
# accent's shades replace --ac, --ac2 and --ac-bg there. Change them together.
WHITE = "#ffffff"  # --bg, and the text on the primary buttons
TINT = "#f2f5f8"  # --tint, the light grey of notices, objectives, scenarios and the header
FOREGROUND = "#1c2530"  # --fg, the body text
BLACK = "#000000"
DARKER = 0.30  # --ac2 is the accent mixed this much toward black
LIGHTER = 0.90  # --ac-bg is the accent mixed this much toward white
AA_TEXT = 4.5  # WCAG 2.1 AA, 1.4.3 Contrast (Minimum), for text of normal size
SUGGESTION_STEP = 0.01  # how much darker each accent tried for a suggestion is


def rgb(colour: str) -> tuple[int, int, int]:
    """The red, green and blue of a "#rrggbb" colour; ValueError for anything else."""
    if not HEX_COLOUR.fullmatch(colour):
        raise ValueError(f"expected a colour such as #0b5876, got {colour!r}")
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(channels: Iterable[float]) -> str:
    """ "#rrggbb" in lowercase, each channel rounded half up (Python's round() would round half to even)."""
    return "#" + "".join(f"{min(255, max(0, math.floor(value + 0.5))):02x}" for value in channels)


def mix(colour: str, toward: str, amount: float) -> str:
    """`colour` moved `amount` (0..1) of the way to `toward`, channel by channel, as CSS color-mix in sRGB does."""
    return hex_colour(own + (other - own) * amount for own, other in zip(rgb(colour), rgb(toward), strict=True))


def palette(accent: str) -> dict[str, str]:
    """The CSS custom properties an accent sets: itself, a darker shade for hover and a light tint for panels."""
    colour = accent.lower()
    return {
        "--ac": hex_colour(rgb(colour)),
        "--ac2": mix(colour, BLACK, DARKER),
        "--ac-bg": mix(colour, WHITE, LIGHTER),
    }


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance: 0 for black, 1 for white."""

    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same luminance) to 21 (black and white), whichever of the two is the text."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def shown_ratio(ratio: float) -> str:
    """A ratio as people write it, cut (not rounded) to two decimals, so a failing 4.499 never reads "4.50"."""
    return f"{math.floor(ratio * 100) / 100:.2f}:1"


@dataclass(frozen=True)
class Pair:
    """Text of one colour on another, where course.css puts it; `what` reads after "accent #rrggbb: "."""

    text: str  # a palette key or a fixed colour
    background: str
    what: str

    def colours(self, shades: dict[str, str]) -> tuple[str, str]:
        return shades.get(self.text, self.text), shades.get(self.background, self.background)


PAIRS = (
    Pair("--ac", WHITE, "it as text on white (links, buttons, the lessons' labels)"),
    Pair("--ac", TINT, f"it as text on the light grey {TINT} (links and labels in notices, objectives, scenarios)"),
    Pair("--ac", "--ac-bg", "it as text on its light tint {--ac-bg} (links and numbers in the principle, key points)"),
    Pair(WHITE, "--ac", "white text on it (primary buttons, the chosen language, the lessons already seen)"),
    Pair(WHITE, "--ac2", "white text on its darker shade {--ac2} (primary buttons under the pointer)"),
    Pair(
        "--ac2", "--ac-bg", "its darker shade {--ac2} as text on its light tint {--ac-bg} (buttons under the pointer)"
    ),
    Pair(
        FOREGROUND, "--ac-bg", f"the text colour {FOREGROUND} on its light tint {{--ac-bg}} (the principle, key points)"
    ),
)


def failing(accent: str) -> list[tuple[Pair, float]]:
    """The pairs whose contrast is below AA for this accent's palette, with the ratio each has."""
    shades = palette(accent)
    found = [(pair, contrast_ratio(*pair.colours(shades))) for pair in PAIRS]
    return [(pair, ratio) for pair, ratio in found if ratio < AA_TEXT]


def passing_accent(accent: str) -> str:
    """The lightest shade of `accent` toward black whose whole palette passes; black itself always does, since
    every pair then sets white or a light tint against black."""
    steps = round(1 / SUGGESTION_STEP)
    for step in range(steps + 1):
        candidate = mix(accent, BLACK, step * SUGGESTION_STEP)
        if not failing(candidate):
            return candidate
    return BLACK


def contrast_problems(accent: str) -> list[str]:
    """One message per pair that fails AA: which colours, where the page uses them, the ratio found and needed,
    and a darker accent that passes everywhere. Empty when the accent can be used as it is."""
    colour = hex_colour(rgb(accent))
    found = failing(colour)
    if not found:
        return []
    shades = palette(colour)
    suggestion = passing_accent(colour)
    return [
        f"accent {colour}: {pair.what.format_map(shades)} has contrast {shown_ratio(ratio)}, WCAG AA needs "
        f"{AA_TEXT}:1; a darker accent such as {suggestion} passes"
        for pair, ratio in found
    ]
