"""`python -m course` runs the command-line interface."""

from __future__ import annotations

from course.cli import main

raise SystemExit(main())
