"""The one clock of a build: SOURCE_DATE_EPOCH when set (reproducible builds), else a fixed date."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from course.errors import UsageError

FIXED_EPOCH = 1767225600  # 2026-01-01 00:00:00 UTC: zips built without SOURCE_DATE_EPOCH are identical too.


def build_epoch() -> int:
    value = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None or value == "":
        return FIXED_EPOCH
    try:
        return int(value)
    except ValueError:
        raise UsageError(f"SOURCE_DATE_EPOCH must be whole seconds since 1970, got {value!r}") from None


def build_datetime() -> datetime:
    return datetime.fromtimestamp(build_epoch(), UTC)
