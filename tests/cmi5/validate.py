"""Validate xAPI statements with ralph's strict data model; run by .venv-lrs/bin/python, not the project's venv.

Reads a JSON array of statements on stdin and prints a JSON array of problems, one string per error:
"statement <index> (<id>): <field>: <message>". An empty array means every statement is valid xAPI.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from pydantic import ValidationError  # type: ignore[import-not-found, unused-ignore]
from ralph.models.xapi.base.statements import BaseXapiStatement  # type: ignore[import-not-found]


def problems(statements: list[dict[str, Any]]) -> list[str]:
    """Each model error of each statement, named by its position and id."""
    found = []
    for index, statement in enumerate(statements):
        try:
            BaseXapiStatement.model_validate(statement)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"])
                found.append(f"statement {index} ({statement.get('id')}): {where}: {detail['msg']}")
    return found


if __name__ == "__main__":
    print(json.dumps(problems(json.load(sys.stdin))))
