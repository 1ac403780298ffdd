"""Group commit: batches for one trip that arrive while another is being written join the
next write, so one transaction (one lock, one commit) carries all of them.

Why: a trip's batches are serialised (laresapp/trips/ops.py locks the trip's row on
PostgreSQL, SQLite's writer lock on SQLite), and the lock is held for the batch's round
trips and its commit. With 50 phones ticking one trip, each batch waited for every batch
before it, one lock and one commit at a time (bench/tick_load.py: PostgreSQL capped near
230 ops/s, p99 ~370 ms). Here, while one thread (the leader) writes, the threads that
arrive for the same key queue; when it is done, the first of them to wake writes all that
queued, in arrival order. Applying batches one after another in a single transaction is
what serial application would do, so the answers are the same; the lock is taken once per
group instead of once per batch. This is the technique databases use for their own log
(PostgreSQL's ``commit_delay``), here without any delay: a batch never waits for others
to arrive, only for the write already under way.

A group that fails is not allowed to fail its members for one member's sake: each is then
written alone, and gets its own result or its own error.

Flask-free and generic: ``run`` is given the jobs of a group and returns one result per
job, in order. It runs on the leader's thread (its database session).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

J = TypeVar("J")
R = TypeVar("R")


class _Slot(Generic[J, R]):
    __slots__ = ("done", "error", "job", "result")

    def __init__(self, job: J) -> None:
        self.job = job
        self.done = False
        self.result: R | None = None
        self.error: BaseException | None = None

    def outcome(self) -> R:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # set whenever there is no error


class GroupCommit(Generic[J, R]):
    """Per key: one writer at a time, and whoever waits is written by the next writer."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._waiting: dict[Hashable, list[_Slot[J, R]]] = {}
        self._writing: set[Hashable] = set()

    def submit(self, key: Hashable, job: J, run: Callable[[list[J]], list[R]]) -> R:
        """``job``'s result, written by this thread or by another one's ``run``."""
        slot: _Slot[J, R] = _Slot(job)
        with self._cond:
            self._waiting.setdefault(key, []).append(slot)
            while key in self._writing and not slot.done:
                self._cond.wait()
            if slot.done:
                return slot.outcome()
            self._writing.add(key)
            group = self._waiting.pop(key)
        try:
            _write(group, run)
        finally:
            with self._cond:
                self._writing.discard(key)
                self._cond.notify_all()
        return slot.outcome()

    def waiting(self, key: Hashable) -> int:
        """How many jobs wait for ``key`` (for tests)."""
        with self._cond:
            return len(self._waiting.get(key, ()))


def _write(group: list[_Slot[J, R]], run: Callable[[list[J]], list[R]]) -> None:
    """Every slot of ``group`` is done when this returns or raises."""
    try:
        results = run([s.job for s in group])
        if len(results) != len(group):
            raise RuntimeError(f"{len(results)} results for {len(group)} jobs")
    except Exception as err:
        try:
            if len(group) > 1:  # one bad member must not fail the others: each alone
                for slot in group:
                    _write([slot], run)
        finally:
            for slot in group:
                if not slot.done:
                    slot.error, slot.done = err, True
        return
    except BaseException as err:  # the worker is stopping: nobody waits for an answer
        for slot in group:
            slot.error, slot.done = err, True
        raise
    for slot, result in zip(group, results, strict=True):  # lengths checked above
        slot.result = result
        slot.done = True
