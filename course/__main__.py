"""`python -m course` runs the command-line interface."""

from __future__ import annotations

from course.cli import command

if __name__ == "__main__":  # not when a spawned worker process imports this module
    command()
