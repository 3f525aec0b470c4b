"""ralph's LRS app with its file-system backend fixed, for `uvicorn ralph_app:app` in .venv-lrs.

ralph-malph 5.1.0's FS LRS backend writes with the CREATE operation, so every write after the first fails with a 500
("fs_lrs.jsonl already exists and overwrite is not allowed"); APPEND is what an LRS means. tests/test_cmi5_harness.py
posts twice, so an upgrade that changes this is noticed.
"""

from ralph.backends.data.base import BaseOperationType  # type: ignore[import-not-found]
from ralph.backends.lrs.fs import FSLRSBackend  # type: ignore[import-not-found]

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

from ralph.api import app  # type: ignore[import-not-found]  # noqa: E402  (after the fix: it builds the backend)

__all__ = ["app"]
