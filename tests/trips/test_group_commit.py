"""Group commit (laresapp/trips/group_commit.py): what waits is written together, in the
order it arrived; one bad member never fails the others; keys never wait on each other."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from laresapp.trips.group_commit import GroupCommit


def wait_until(check: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


class Writer:
    """A ``run`` that records each group and can be held on its first call."""

    def __init__(self, fail_on: str = "") -> None:
        self.groups: list[list[str]] = []
        self.hold = threading.Event()
        self.started = threading.Event()
        self.fail_on = fail_on

    def __call__(self, jobs: list[str]) -> list[str]:
        self.groups.append(list(jobs))
        if len(self.groups) == 1:
            self.started.set()
            assert self.hold.wait(10)
        if self.fail_on in jobs:
            raise ValueError(f"cannot write {self.fail_on}")
        return [f"{job} written" for job in jobs]


def submit_in_threads(
    commit: GroupCommit[str, str], key: str, jobs: list[str], writer: Writer
) -> dict[str, str]:
    """Submit ``jobs[0]``, and while it is being written the others, one after another."""
    answers: dict[str, str] = {}

    def one(job: str) -> None:
        try:
            answers[job] = commit.submit(key, job, writer)
        except ValueError as err:
            answers[job] = f"error: {err}"

    first = threading.Thread(target=one, args=(jobs[0],))
    first.start()
    assert writer.started.wait(10)
    others = []
    for n, job in enumerate(jobs[1:], start=1):
        t = threading.Thread(target=one, args=(job,))
        t.start()
        others.append(t)
        wait_until(lambda n=n: commit.waiting(key) == n)  # type: ignore[misc]  # arrival order fixed
    writer.hold.set()
    for t in [first, *others]:
        t.join(10)
    return answers


def test_what_arrives_during_a_write_is_written_together_in_arrival_order() -> None:
    commit: GroupCommit[str, str] = GroupCommit()
    writer = Writer()
    answers = submit_in_threads(commit, "trip 1", ["a", "b", "c", "d"], writer)
    assert writer.groups == [["a"], ["b", "c", "d"]]
    assert answers == {job: f"{job} written" for job in "abcd"}
    assert commit.waiting("trip 1") == 0


def test_a_member_that_fails_fails_alone_and_the_others_are_written() -> None:
    commit: GroupCommit[str, str] = GroupCommit()
    writer = Writer(fail_on="bad")
    answers = submit_in_threads(commit, "trip 1", ["a", "b", "bad", "c"], writer)
    assert writer.groups == [["a"], ["b", "bad", "c"], ["b"], ["bad"], ["c"]]
    assert answers == {"a": "a written", "b": "b written", "c": "c written", "bad": "error: cannot write bad"}


def test_another_key_does_not_wait_for_a_write_under_way() -> None:
    commit: GroupCommit[str, str] = GroupCommit()
    writer = Writer()
    first = threading.Thread(target=commit.submit, args=("trip 1", "a", writer))
    first.start()
    assert writer.started.wait(10)
    try:
        assert commit.submit("trip 2", "b", lambda jobs: [j + " written" for j in jobs]) == "b written"
    finally:
        writer.hold.set()
        first.join(10)


def test_a_failed_write_of_one_job_raises_in_its_own_thread() -> None:
    commit: GroupCommit[str, str] = GroupCommit()

    def run(jobs: list[str]) -> list[str]:
        raise ValueError("database gone")

    with pytest.raises(ValueError, match="database gone"):
        commit.submit("trip 1", "a", run)
    # The key is free again: the next job is written.
    assert commit.submit("trip 1", "b", lambda jobs: ["ok"]) == "ok"
