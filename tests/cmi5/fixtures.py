"""pytest fixtures of the cmi5 harness: one ralph per test worker, and launchers that stop with their test.

Use from a test module or conftest.py with `pytest_plugins = ["tests.cmi5.fixtures"]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from tests.cmi5.launcher import Launcher
from tests.cmi5.lrs import Ralph, running_ralph

OpenLauncher = Callable[..., Launcher]


@pytest.fixture(scope="session")
def cmi5_lrs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    """ralph on its own port with its own data folder; session-scoped, so one per xdist worker."""
    with running_ralph(tmp_path_factory.mktemp("ralph")) as lrs:
        yield lrs


@pytest.fixture
def cmi5_launcher(cmi5_lrs: Ralph) -> Iterator[OpenLauncher]:
    """`cmi5_launcher(zip_path, schema=None, hang_s=60.0)` imports a cmi5 zip and starts its LMS; every launcher
    opened in the test stops when the test ends."""
    with ExitStack() as stack:

        def open_launcher(zip_path: Path, schema: Path | None = None, hang_s: float = 60.0) -> Launcher:
            return stack.enter_context(Launcher(zip_path, cmi5_lrs, schema=schema, hang_s=hang_s))

        yield open_launcher
