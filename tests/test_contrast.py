"""The accent's palette and its WCAG AA check: known ratios, the course's own accent, a light one refused with a fix."""

from __future__ import annotations

import re

import pytest

from course.contrast import (
    AA_TEXT,
    BLACK,
    FOREGROUND,
    PAIRS,
    TINT,
    WHITE,
    contrast_problems,
    contrast_ratio,
    luminance,
    mix,
    palette,
    shown_ratio,
)
from tests.projects import REPO

DEFAULT_ACCENT = "#0b5876"  # course.css's --ac


def test_known_ratios_follow_wcag() -> None:
    assert luminance("#000000") == 0
    assert luminance("#ffffff") == pytest.approx(1)
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21)  # whichever is the text
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast_ratio("#0b5876", "#0b5876") == pytest.approx(1)
    # below 0.03928 a channel is linear (÷ 12.92), above it a power curve: one value from each side
    assert luminance("#0a0a0a") == pytest.approx(10 / 255 / 12.92)
    assert luminance("#808080") == pytest.approx(((128 / 255 + 0.055) / 1.055) ** 2.4)


def test_a_ratio_just_below_aa_never_reads_as_passing() -> None:
    assert shown_ratio(4.4999) == "4.49:1"
    assert shown_ratio(21.0) == "21.00:1"


def test_the_palette_is_the_accent_a_darker_shade_and_a_light_tint() -> None:
    shades = palette("#0B5876")
    assert shades == {"--ac": "#0b5876", "--ac2": "#083e53", "--ac-bg": "#e7eef1"}
    assert luminance(shades["--ac2"]) < luminance(shades["--ac"]) < luminance(shades["--ac-bg"])
    assert palette("#000000") == {"--ac": "#000000", "--ac2": "#000000", "--ac-bg": "#e6e6e6"}
    assert all(re.fullmatch(r"#[0-9a-f]{6}", value) for value in palette("#7fb3d5").values())


def test_the_fixed_colours_mirror_course_css() -> None:
    css = (REPO / "course" / "runtime" / "course.css").read_text(encoding="utf-8")
    root = dict(re.findall(r"--([a-z0-9-]+):(#[0-9a-f]+)", css.split("}", 1)[0]))
    assert (root["bg"], root["tint"], root["fg"], root["ac"]) == ("#fff", TINT, FOREGROUND, DEFAULT_ACCENT)
    assert WHITE == "#ffffff"


def test_the_courses_own_accent_passes_every_pair() -> None:
    assert contrast_problems(DEFAULT_ACCENT) == []
    shades = palette(DEFAULT_ACCENT)
    assert all(contrast_ratio(*pair.colours(shades)) >= AA_TEXT for pair in PAIRS)


def test_a_light_accent_fails_naming_each_pair_its_ratio_and_a_darker_accent_that_passes() -> None:
    problems = contrast_problems("#7FB3D5")
    assert len(problems) >= 4
    white_on_it = next(problem for problem in problems if "white text on it" in problem)
    assert white_on_it.startswith("accent #7fb3d5: white text on it (primary buttons")
    ratio = contrast_ratio("#ffffff", "#7fb3d5")
    assert f"has contrast {shown_ratio(ratio)}, WCAG AA needs 4.5:1" in white_on_it
    assert any("on the light grey #f2f5f8" in problem for problem in problems)
    suggestions = {
        match.group(1) for problem in problems if (match := re.search(r"such as (#[0-9a-f]{6}) passes$", problem))
    }
    assert all(problem.endswith(" passes") for problem in problems)
    assert len(suggestions) == 1
    suggestion = suggestions.pop()
    assert contrast_problems(suggestion) == []
    assert luminance(suggestion) < luminance("#7fb3d5")


@pytest.mark.parametrize("accent", ["#ffcc00", "#ff0000", "#1a73e8", "#ffffff", "#00ff00", "#6f6f6f"])
def test_every_suggestion_passes_and_is_the_lightest_shade_of_the_accent_that_does(accent: str) -> None:
    problems = contrast_problems(accent)
    assert problems
    suggestion = problems[0].rsplit("such as ", 1)[1].split()[0]
    assert contrast_problems(suggestion) == []
    shades = [mix(accent, BLACK, step / 100) for step in range(101)]  # the accent, darker and darker, to black
    assert suggestion in shades
    assert all(contrast_problems(shade) for shade in shades[: shades.index(suggestion)])


def test_only_the_pairs_that_fail_are_named() -> None:
    # #1a73e8 is dark enough on white and under white text, not on the grey panels and its own tint
    problems = contrast_problems("#1a73e8")
    assert not any("on white" in problem for problem in problems)
    assert any("light grey" in problem for problem in problems)


def test_a_colour_that_is_no_colour_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="expected a colour"):
        palette("0b5876")
    with pytest.raises(ValueError, match="expected a colour"):
        contrast_problems("#0b587")
