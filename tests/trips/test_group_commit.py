"""Group commit (laresapp/trips/group_commit.py): what waits is written together, in the
order it arrived; one bad member never fails the others; keys never wait on each other."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest

from laresapp.trips.group_commit import GroupCommit
from tests.helpers import wait_until


class Writer:
    """A ``run`` that records each group and can be held on its first call."""

    def __init__(self, fail_on: str = "", error: type[BaseException] = ValueError) -> None:
        self.groups: list[list[str]] = []
        self.hold = threading.Event()
        self.started = threading.Event()
        self.fail_on = fail_on
        self.error = error

    def __call__(self, jobs: list[str]) -> list[str]:
        self.groups.append(list(jobs))
        if len(self.groups) == 1:
            self.started.set()
            assert self.hold.wait(10)
        if self.fail_on in jobs:
            raise self.error(f"cannot write {self.fail_on}")
        return [f"{job} written" for job in jobs]


def submit_in_threads(
    commit: GroupCommit[str, str],
    key: str,
    jobs: list[str],
    writer: Writer,
    run: Callable[[list[str]], list[str]] | None = None,
) -> dict[str, str]:
    """Submit ``jobs[0]``, and while it is being written the others, one after another;
    ``run`` (default: ``writer`` itself) writes, ``writer`` holds the first write."""
    answers: dict[str, str] = {}

    def one(job: str) -> None:
        try:
            answers[job] = commit.submit(key, job, run or writer)
        except (ValueError, Stopping) as err:
            answers[job] = f"{type(err).__name__}: {err}"

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
    assert answers == {
        "a": "a written",
        "b": "b written",
        "c": "c written",
        "bad": "ValueError: cannot write bad",
    }


class Stopping(BaseException):
    """Like the worker being stopped in the middle of a write."""


@pytest.mark.parametrize("stops_when", ["the group is written", "a member is written alone"])
def test_a_write_stopped_midway_answers_every_member_and_frees_the_key(stops_when: str) -> None:
    """No thread is left waiting for an answer that will never come, and the key is free."""
    commit: GroupCommit[str, str] = GroupCommit()
    writer = Writer(fail_on="bad", error=Stopping if stops_when == "the group is written" else ValueError)
    real_call = writer.__call__

    def run(jobs: list[str]) -> list[str]:
        if jobs == ["bad"]:  # retried alone after the group failed
            raise Stopping("stopped while writing bad alone")
        return real_call(jobs)

    answers = submit_in_threads(commit, "trip 1", ["a", "b", "bad", "c"], writer, run)
    assert answers["a"] == "a written"
    assert set(answers) == {"a", "b", "bad", "c"}  # every thread came back
    if stops_when == "the group is written":
        assert answers["b"] == answers["bad"] == answers["c"] == "Stopping: cannot write bad"
    else:  # the thread that led the group stops too, whichever of b, bad and c it was
        assert answers["bad"] == "Stopping: stopped while writing bad alone"
        for job in ("b", "c"):
            assert answers[job] in (f"{job} written", "ValueError: cannot write bad", answers["bad"])
    assert commit.submit("trip 1", "d", lambda jobs: ["d written"]) == "d written"


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
