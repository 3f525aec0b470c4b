"""Run independent jobs on the machine's cores: this process and worker processes of this package's own each take the
next job as soon as they are free.

Each worker is `python -m course.parallel`: it reads the pickled setup on stdin, then one pickled job at a time, and
writes each job's pickled result on stdout before it reads the next (each message its length, then its bytes); it
stops when stdin closes. Unlike
multiprocessing, this never re-imports the caller's main module (a REPL, a script read from stdin, an unguarded
script) and never forks a process that has other threads (the preview's server), so it cannot hang.
"""

from __future__ import annotations

import logging
import os
import pickle
import struct
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, TypeVar

from course.errors import counted

Item = TypeVar("Item")
Result = TypeVar("Result")
State = TypeVar("State")
Job = tuple[int, Any]  # an item and its place among the results
log = logging.getLogger(__name__)
SOURCE_ROOT = Path(__file__).resolve().parent.parent


def usable_cores() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS and Windows have no affinity call
        return os.cpu_count() or 1


class Jobs:
    """The items not yet taken, handed out one at a time to whoever asks first (this process or a worker's
    thread); once `stop` is called, to no one."""

    def __init__(self, items: Sequence[Any]) -> None:
        self.pending: Iterator[Job] = enumerate(items)
        self.lock = threading.Lock()

    def take(self) -> Job | None:
        with self.lock:
            return next(self.pending, None)

    def stop(self) -> None:
        with self.lock:
            self.pending = iter(())


def worker_share(setup: bytes, jobs: Jobs) -> tuple[dict[int, Any], list[Job]]:
    """Start a worker process with the pickled `setup` and give it the next job until none is left: its results by
    place, and the jobs it took and did not finish when it could not start or stopped (the caller does those). The
    worker gets its next job as soon as its last result has arrived, before the result is unpickled here (this
    process renders meanwhile, and would keep the worker waiting for the interpreter lock)."""
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SOURCE_ROOT), os.environ.get("PYTHONPATH", "")])}
    done: dict[int, Any] = {}
    import subprocess  # here: a build too small for workers starts none

    try:
        worker = subprocess.Popen(
            [sys.executable, "-m", "course.parallel"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
        )
    except OSError:
        return done, []
    taken: list[Job] = []  # sent to the worker, in order, and not yet done here
    with worker:
        assert worker.stdin is not None
        assert worker.stdout is not None  # both are pipes
        try:
            send(worker.stdin, setup)
            taken += given(worker.stdin, jobs)
            while taken:
                answer = received(worker.stdout)
                taken += given(worker.stdin, jobs)
                done[taken[0][0]] = pickle.loads(answer)
                del taken[0]
            worker.stdin.close()
        except (OSError, EOFError, pickle.UnpicklingError):  # the worker stopped (a bug, a signal, out of memory)
            worker.kill()
    return done, taken


def given(pipe: IO[bytes], jobs: Jobs) -> list[Job]:
    """The next job, sent to the worker; none when none is left."""
    job = jobs.take()
    if job is None:
        return []
    send(pipe, pickle.dumps(job[1]))
    return [job]


# Each message on a pipe is its length and its bytes, read whole before it is unpickled, so that no unpickler reads
# the pipe ahead of its message (one build whose worker and pipes were read by pickle.load itself hung once, both
# sides waiting with both pipes empty).
LENGTH = struct.Struct("<Q")


def send(pipe: IO[bytes], data: bytes) -> None:
    pipe.write(LENGTH.pack(len(data)) + data)
    pipe.flush()


def received(pipe: IO[bytes]) -> bytes:
    """The next message on `pipe`; EOFError when the pipe closes before it is whole."""
    head = pipe.read(LENGTH.size)
    if len(head) < LENGTH.size:
        raise EOFError
    data = pipe.read(LENGTH.unpack(head)[0])
    if len(data) < LENGTH.unpack(head)[0]:
        raise EOFError
    return data


def map_in_processes(
    function: Callable[[State, Item], Result],
    items: Sequence[Item],
    setup: Callable[..., State],
    setup_args: tuple[object, ...],
) -> list[Result]:
    """`function(state, item)` over `items`, results in order, by this process and one worker process per further
    usable core, each taking the next item when it is free: a worker's start (a fresh interpreter, its imports, the
    shared input) holds up no item this process can do meanwhile, and items of unequal cost even out. Each makes its
    `state = setup(*setup_args)` once first, so large shared input is sent once per worker, not once per item, and
    no module of the caller holds it in a global.

    An item a worker could not do (it did not start, or stopped) is done here, where a bug shows its traceback as
    usual. `function` and `setup` must be module-level functions (pickled by name)."""
    jobs = Jobs(items)
    workers = max(1, min(usable_cores(), len(items))) - 1
    results: dict[int, Any] = {}
    with ThreadPoolExecutor(max(1, workers)) as pool:  # each thread only waits on its worker's pipes
        header = pickle.dumps((setup, setup_args, function)) if workers else b""
        shares = [pool.submit(worker_share, header, jobs) for _ in range(workers)]
        try:
            state = setup(*setup_args)
            while (job := jobs.take()) is not None:
                results[job[0]] = function(state, job[1])
        finally:
            jobs.stop()  # on a failure here, the workers finish the item they have and take no other
        left: list[Job] = []
        for share in shares:
            done, unfinished = share.result()
            results |= done
            left += unfinished
    if left:
        log.debug(
            "parallel: a worker process could not start or finish; %s run in this process", counted(len(left), "item")
        )
    for index, item in left:
        results[index] = function(state, item)
    return [results[index] for index in range(len(items))]


def map_spread(
    function: Callable[[State, Item], Result],
    items: Sequence[Item],
    setup: Callable[..., State],
    setup_args: tuple[object, ...],
    worth_it: bool,
) -> list[Result]:
    """`function(state, item)` over `items`, results in order: shared with worker processes when `worth_it` (the
    caller knows what its work costs) and there are several items and cores, else all here."""
    if worth_it and len(items) > 1 and usable_cores() > 1:
        log.debug(
            "parallel: %s over this process and %d worker processes",
            counted(len(items), "item"),
            min(usable_cores(), len(items)) - 1,
        )
        return map_in_processes(function, items, setup, setup_args)
    state = setup(*setup_args)
    return [function(state, item) for item in items]


def work() -> None:
    """The worker's side: the setup from stdin, then each item's result to stdout, until stdin closes."""
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    setup, setup_args, function = pickle.loads(received(source))
    state = setup(*setup_args)
    while True:
        try:
            item = pickle.loads(received(source))
        except EOFError:
            return
        send(sink, pickle.dumps(function(state, item), protocol=pickle.HIGHEST_PROTOCOL))


if __name__ == "__main__":
    work()
