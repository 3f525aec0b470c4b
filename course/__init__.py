"""Build the course 'Ledarskap & digitala värderingar' into SCORM packages, in every shipped language."""

from __future__ import annotations

__version__ = "0.1.0"
