"""The worker pool of `srbgraph serve` (srbgraph.stores.killable.Pool) on its own: a task over its
deadline is killed and replaced, a task over the memory cap ends there, a worker that crashes or is
killed from outside costs one answer and nothing more, and closing the pool leaves no process."""
from __future__ import annotations

import os
import signal
import time

import pytest

from srbgraph.stores.killable import (
    MemoryLimit,
    Pool,
    PoolTimeout,
    TaskFailed,
    WorkerGone,
)


def echo(opened, value):
    return opened, value, os.getpid()


def forever(opened):
    while True:
        pass


def crash(opened):
    os.kill(os.getpid(), signal.SIGSEGV)


def allocate(opened, megabytes):
    return len(bytearray(megabytes << 20))


def fail(opened):
    raise ValueError("broken on purpose")


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture
def pool():
    made = Pool(lambda: "graph", size=3, warm=1, max_memory=200 << 20)
    assert made.start() == 5  # len("graph"): what the first worker reports after opening
    yield made
    made.close()


def soon(seconds: float = 30) -> float:
    return time.monotonic() + seconds


def test_tasks_run_in_workers_that_hold_what_the_opener_gave(pool):
    opened, value, pid = pool.call(echo, 42, deadline=soon())
    assert (opened, value) == ("graph", 42)
    assert pid != os.getpid() and pid in pool.workers()
    assert pool.call(echo, 1, deadline=soon())[2] == pid  # a worker is reused


def test_over_the_deadline_the_worker_is_killed_and_replaced(pool):
    started = time.monotonic()
    with pytest.raises(PoolTimeout):
        pool.call(forever, deadline=time.monotonic() + 0.5)
    assert time.monotonic() - started < 10
    assert pool.call(echo, 2, deadline=soon())[1] == 2
    assert len(pool.workers()) >= 1


def test_a_crashing_worker_costs_one_answer(pool):
    with pytest.raises(WorkerGone) as gone:
        pool.call(crash, deadline=soon())
    assert gone.value.signal == signal.SIGSEGV
    assert pool.call(echo, 3, deadline=soon())[1] == 3


def test_memory_over_the_cap_ends_the_task_not_the_pool(pool):
    assert pool.call(allocate, 20, deadline=soon()) == 20 << 20
    with pytest.raises((MemoryLimit, WorkerGone)):
        pool.call(allocate, 400, deadline=soon())
    assert pool.call(echo, 4, deadline=soon())[1] == 4


def test_a_worker_killed_while_idle_is_replaced(pool):
    victim = pool.call(echo, 0, deadline=soon())[2]
    os.kill(victim, signal.SIGKILL)
    deadline = soon(10)
    while os.waitid(os.P_PID, victim, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)  # until every thread of it is gone (then the pool can tell it ended)
    opened, value, pid = pool.call(echo, 5, deadline=soon())
    assert value == 5 and pid != victim


def test_an_exception_in_the_task_is_reported(pool):
    with pytest.raises(TaskFailed, match="ValueError: broken on purpose"):
        pool.call(fail, deadline=soon())


def test_when_every_worker_is_busy_the_wait_ends_at_the_deadline():
    busy = Pool(lambda: None, size=1, warm=1)
    busy.start()
    try:
        import threading

        runner = threading.Thread(target=lambda: pytest.raises(PoolTimeout, busy.call, forever,
                                                               deadline=time.monotonic() + 3))
        runner.start()
        time.sleep(0.5)
        with pytest.raises(PoolTimeout) as late:
            busy.call(echo, 1, deadline=time.monotonic() + 0.5)
        assert late.value.waited_for_worker
        runner.join(timeout=30)
        assert busy.call(echo, 1, deadline=soon())[1] == 1
    finally:
        busy.close()


def test_close_leaves_no_worker():
    made = Pool(lambda: None, size=4, warm=2)
    made.start()
    workers = made.workers()
    assert len(workers) == 2
    made.close()
    assert made.workers() == []
    assert not any(alive(pid) for pid in workers)
