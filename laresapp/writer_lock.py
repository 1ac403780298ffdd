"""One queue for the writers of a SQLite database, across threads *and* processes.

SQLite has one writer at a time. A writer that finds the database locked waits in
SQLite's busy handler, which polls with growing sleeps (up to 100 ms each): under load a
request could sleep past the moment the lock came free, again and again, and with
several gunicorn workers the slowest writes waited seconds (p99 4.3 s with 50 clients on
one trip, bench/tick_load.py). A thread lock only queued the threads of one process.

Here writers queue in the kernel instead: ``flock`` on a small file beside the database
(``<database>-writer.lock``), which wakes the next waiter the moment the lock is released,
and is released by the kernel if its process dies. Threads of one process first queue on
a thread lock (an ``flock`` is held per open file, which the threads share). The lock
file is opened once per process (a forked gunicorn worker opens its own, or it would
share the parent's lock). Not the database file itself: closing any descriptor of it would
drop SQLite's own POSIX locks in this process.

Only the operations path (laresapp/trips/ops.py, through :func:`writer_lock_for`) takes
it; other writers (migrations, imports) still wait on the busy timeout (laresapp/database.py), as before.
"""

from __future__ import annotations

import fcntl
import os
import threading
from contextlib import AbstractContextManager, nullcontext
from types import TracebackType
from typing import Any

from sqlalchemy.engine import Engine


class WriterLock:
    """Exclusive across the threads and processes that use the same ``path``."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._threads = threading.Lock()
        self._fd: int | None = None
        self._pid = 0

    def _descriptor(self) -> int:
        if self._fd is None or self._pid != os.getpid():
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
            self._pid = os.getpid()
        return self._fd

    def __enter__(self) -> WriterLock:
        self._threads.acquire()
        try:
            fcntl.flock(self._descriptor(), fcntl.LOCK_EX)
        except BaseException:
            self._threads.release()
            raise
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            self._threads.release()


_locks: dict[str, WriterLock] = {}
_locks_guard = threading.Lock()


def writer_lock(database: str) -> WriterLock:
    """The lock of the SQLite database file ``database`` (one object per path)."""
    path = os.path.abspath(database) + "-writer.lock"
    with _locks_guard:
        lock = _locks.get(path)
        if lock is None:
            lock = _locks[path] = WriterLock(path)
        return lock


_in_memory = threading.Lock()


def writer_lock_for(engine: Engine) -> AbstractContextManager[Any]:
    """The lock writers of ``engine``'s database take: the file's lock for a SQLite file,
    a thread lock for a SQLite database in memory (one process), none for PostgreSQL,
    where the trip's row lock serialises the batches of one trip and lets other trips'
    run in parallel."""
    if engine.dialect.name != "sqlite":
        return nullcontext()
    database = engine.url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return _in_memory
    return writer_lock(database)
