"""Run independent jobs on the machine's cores, in worker processes of this package's own.

Each worker is `python -m course.parallel`: it reads one pickled batch on stdin and writes the pickled results on
stdout. Unlike multiprocessing, this never re-imports the caller's main module (a REPL, a script read from stdin, an
unguarded script) and never forks a process that has other threads (the preview's server), so it cannot hang.
"""

from __future__ import annotations

import logging
import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from course.errors import counted

Item = TypeVar("Item")
Result = TypeVar("Result")
State = TypeVar("State")
log = logging.getLogger(__name__)
SOURCE_ROOT = Path(__file__).resolve().parent.parent


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


def run_worker(batch: bytes) -> list[Any] | None:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SOURCE_ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "course.parallel"], input=batch, capture_output=True, env=environment, check=False
        )
    except OSError:
        return None
    if done.returncode != 0:
        return None
    results: list[Any] = pickle.loads(done.stdout)
    return results


def map_in_processes(
    function: Callable[[State, Item], Result],
    items: Sequence[Item],
    setup: Callable[..., State],
    setup_args: tuple[object, ...],
) -> list[Result] | None:
    """`function(state, item)` over `items`, results in order, spread over one worker per usable core; each worker
    makes its `state = setup(*setup_args)` once first, so large shared input is sent once per worker, not once per
    item, and no module of the caller holds it in a global.

    None when a worker could not start or did not finish: the caller then does the work itself, where a bug shows
    its traceback as usual. `function` and `setup` must be module-level functions (pickled by name).
    """
    workers = max(1, min(usable_cores(), len(items)))
    batches = [pickle.dumps((setup, setup_args, function, list(items[start::workers]))) for start in range(workers)]
    with ThreadPoolExecutor(workers) as pool:  # each thread only waits on its worker's pipes
        outputs = list(pool.map(run_worker, batches))
    if any(output is None for output in outputs):
        return None
    results: list[Result] = [None] * len(items)  # type: ignore[list-item]
    for start, output in enumerate(outputs):
        results[start::workers] = output  # type: ignore[assignment]
    return results


def map_spread(
    function: Callable[[State, Item], Result],
    items: Sequence[Item],
    setup: Callable[..., State],
    setup_args: tuple[object, ...],
    worth_it: bool,
) -> list[Result]:
    """`function(state, item)` over `items`, results in order: in worker processes when `worth_it` (the caller
    knows what its work costs) and there are several items and cores, else here, as also when no worker starts."""
    results = None
    if worth_it and len(items) > 1 and usable_cores() > 1:
        log.debug("parallel: %s over %d worker processes", counted(len(items), "item"), min(usable_cores(), len(items)))
        results = map_in_processes(function, items, setup, setup_args)
        if results is None:
            log.debug("parallel: a worker process could not start or finish; the work runs in this process")
    if results is None:
        state = setup(*setup_args)
        results = [function(state, item) for item in items]
    return results


def work() -> None:
    """The worker's side: one batch from stdin, its results to stdout."""
    setup, setup_args, function, items = pickle.load(sys.stdin.buffer)
    state = setup(*setup_args)
    pickle.dump([function(state, item) for item in items], sys.stdout.buffer, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    work()
