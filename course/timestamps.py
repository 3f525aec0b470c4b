"""The one clock of a build: SOURCE_DATE_EPOCH when set (reproducible builds), else a fixed date."""

from __future__ import annotations

import os
import re
from datetime import UTC, datetime

from course.errors import UsageError
from course.inputs import shown

FIXED_EPOCH = 1767225600  # 2026-01-01 00:00:00 UTC: zips built without SOURCE_DATE_EPOCH are identical too.
ZIP_EPOCH_MIN = 315532800  # 1980-01-01 00:00:00 UTC: the earliest time a zip entry can hold (earlier reads as it).
ZIP_EPOCH_MAX = 4354819199  # 2107-12-31 23:59:59 UTC: the latest; a later date cannot be written at all.
# What `date +%s` prints, as https://reproducible-builds.org/specs/source-date-epoch/ asks: ASCII digits only, so
# no sign, no spaces, no exponent and none of the other scripts' digits that int() would accept.
SECONDS = re.compile(r"[0-9]+")
HINT = "set it to whole seconds since 1970 as `date +%s` prints them (e.g. 1700000000), or unset it"


def parse_epoch(value: str) -> int:
    """The seconds SOURCE_DATE_EPOCH gives, checked against what a zip can hold; UsageError otherwise."""
    if value.startswith("-") and SECONDS.fullmatch(value[1:]):
        raise UsageError(f"SOURCE_DATE_EPOCH is {shown(value)}, before 1970; {HINT}")
    if not SECONDS.fullmatch(value):
        raise UsageError(f"SOURCE_DATE_EPOCH is {shown(value)}, not a number of seconds; {HINT}")
    digits = value.lstrip("0")
    if len(digits) > len(str(ZIP_EPOCH_MAX)) or int(digits or "0") > ZIP_EPOCH_MAX:  # int() of 5,000 digits fails
        raise UsageError(f"SOURCE_DATE_EPOCH is {shown(value)}, after 2107-12-31, the last date a zip can hold; {HINT}")
    return int(digits or "0")


def build_epoch() -> int:
    """The build's time: an empty SOURCE_DATE_EPOCH counts as unset, as the specification says."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return parse_epoch(value) if value else FIXED_EPOCH


def build_datetime() -> datetime:
    return datetime.fromtimestamp(build_epoch(), UTC)
