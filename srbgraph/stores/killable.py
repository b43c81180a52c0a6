"""Running queries so that they can be stopped: worker processes for the endpoint, a watchdog for
the command line.

Why: pyoxigraph cannot interrupt a query. A thread that runs one computes until the query ends —
for a COUNT over a cartesian product, for ever — and grows as the query grows. Only a process can
be stopped from outside, so:

* :class:`Pool` (``srbgraph serve``) runs each query in a worker process. At the deadline the
  worker is killed (SIGKILL: it cannot run a Python handler while pyoxigraph computes) and another
  takes its place; a worker's address space is capped (``RLIMIT_AS``), so a query that grows
  without bound ends at the cap instead of at the machine's limit. Workers start on demand up to
  *size* and *warm* are kept ready, so a few runaway queries leave the others free; a query that has
  run longer than a second is given the lowest CPU priority, so it does not slow the short ones
  beside it, and its worker is not reused.

  Fair capacity (issue #25): sixteen runaway queries once held every worker until their deadline, so
  nobody else got an answer. Now *reserved* workers are kept for short queries — at most ``size −
  reserved`` queries may run past :data:`LONG_QUERY` at once; one that passes the mark when that
  many run already is stopped there (:class:`Busy`) — and each *client* (the caller names it; the
  server uses the remote address) may have at most *per_client* queries in the pool, running or
  waiting for a worker, and as many more waiting for a slot of its own; beyond those it is refused
  at once (:class:`Busy`), so one client's flood neither takes the workers nor queues up before
  the others.

  Workers are forked from the server process, after the graph is loaded: a fork shares the loaded
  graph (copy-on-write) and starts in milliseconds. The server process never queries the store
  itself once the pool has started (so no lock of the store can be held by another thread when a
  worker is forked), every worker closes the descriptors it inherited (the listening socket, the
  clients' connections) and ends when the server is gone. A persistent store is not
  inherited: each worker opens it read-only itself.

  Why not pebble's ProcessPool: it has a fixed number of workers (eight runaway queries would
  again hold all of them until their deadline), stops a worker with SIGTERM and waits three
  seconds before SIGKILL (a worker computing in Rust never runs the Python handler), does so in its
  one manager thread (so eight kills take 24 s, with no new worker meanwhile), and marks the whole
  pool broken when a worker dies while idle.

* :func:`command_limits` (the command line) keeps the query in the command's own process — the
  graph is already loaded there and a command must stay instant — and lets a watchdog thread end
  the process: at the time limit, or at Ctrl-C. Python runs signal handlers only between bytecodes
  of the main thread, which sits inside pyoxigraph; but pyoxigraph releases the GIL while it
  evaluates, and the signal's C handler writes to a wake-up descriptor at once, so the watchdog
  sees Ctrl-C within milliseconds, says "interrupted" and exits with 130.
"""
from __future__ import annotations

import os
import select
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Callable

#: a query running longer than this gets the lowest CPU priority (and its worker is then retired)
LONG_QUERY = 1.0
#: idle workers above the warm ones are ended after this many seconds
IDLE_RETIRE = 60.0
#: how long a new worker may take to open the graph
START_TIMEOUT = 120.0


class PoolTimeout(Exception):
    """The deadline passed before the task ended (its worker was killed), or before a worker was free."""

    def __init__(self, waited_for_worker: bool = False):
        super().__init__("deadline passed")
        self.waited_for_worker = waited_for_worker


class MemoryLimit(Exception):
    """The task needed more memory than the worker's cap."""


class WorkerGone(Exception):
    """The worker process ended while it ran the task (killed by a signal, or exited)."""

    def __init__(self, how: str, signal_number: int | None):
        super().__init__(how)
        self.signal = signal_number


class TaskFailed(Exception):
    """The task raised an exception in the worker (its type and message, as text)."""


class Busy(Exception):
    """The task was refused (or stopped at :data:`LONG_QUERY`): its client has as many queries in
    the pool as it may (``client`` True), or as many long queries run as the pool keeps room for."""

    def __init__(self, message: str, client: bool):
        super().__init__(message)
        self.client = client


class _Worker:
    __slots__ = ("pid", "conn", "idle_since", "reniced")

    def __init__(self, pid: int, conn):
        self.pid, self.conn = pid, conn
        self.idle_since = time.monotonic()
        self.reniced = False


class Pool:
    """Worker processes that each hold what *opener* gives (called in the worker after the fork)
    and run ``func(that, *args)`` for :meth:`call`, each under a deadline."""

    def __init__(self, opener: Callable[[], Any], *, size: int = 16, warm: int = 2,
                 max_memory: int | None = None, reserved: int = 0, per_client: int | None = None):
        # imported before any fork, so that a worker starts without importing anything
        import multiprocessing.connection  # noqa: F401
        import resource  # noqa: F401

        self._opener = opener
        self.size = max(1, size)
        self.warm = max(1, min(warm, self.size))
        self.max_memory = max_memory
        self._idle: list[_Worker] = []
        self._all: dict[int, _Worker] = {}
        self._starting = 0  # forks under way (counted with _all against size)
        self._cond = threading.Condition()
        self._closed = False
        #: workers kept for short queries; the rest may run long ones
        self.reserved = max(0, min(reserved, self.size - 1))
        self.per_client = max(1, per_client or self.size - self.reserved)
        self._long = 0  # tasks running past LONG_QUERY now
        self._clients: dict[Any, list[int]] = {}  # client -> [tasks in the pool, tasks waiting for a slot]

    # -- life of the pool ------------------------------------------------------------------------
    def start(self) -> Any:
        """Start the warm workers; returns what the first one reported after opening (its size)."""
        info = None
        for _ in range(self.warm):
            worker, info = self._start_one(reserved=False)
            self._release(worker)
        return info

    def close(self) -> None:
        """Kill every worker (running tasks included)."""
        with self._cond:
            self._closed = True
            workers = list(self._all.values())
            self._idle.clear()
            self._cond.notify_all()
        for worker in workers:
            self._end(worker)

    def workers(self) -> list[int]:
        """The process ids of the live workers."""
        with self._cond:
            return list(self._all)

    # -- running a task --------------------------------------------------------------------------
    def call(self, func: Callable, *args, deadline: float, client: Any = None) -> Any:
        """``func(opened, *args)`` in a worker; raises :class:`PoolTimeout` (the worker was killed),
        :class:`MemoryLimit`, :class:`WorkerGone`, :class:`TaskFailed` or :class:`Busy` (*client*,
        e.g. a remote address, has its share of the pool already; None: no share is counted)."""
        self._enter(client, deadline)
        try:
            return self._call(func, args, deadline)
        finally:
            self._leave(client)

    def _enter(self, client: Any, deadline: float) -> None:
        """Take one of *client*'s slots: wait for one while fewer than *per_client* others wait,
        else refuse at once."""
        if client is None:
            return
        with self._cond:
            counts = self._clients.setdefault(client, [0, 0])
            if counts[0] >= self.per_client:
                if counts[1] >= self.per_client:
                    self._forget(client)
                    raise Busy(f"this client has {counts[0]} queries in the pool and {counts[1]} more waiting",
                               client=True)
                counts[1] += 1
                try:
                    while counts[0] >= self.per_client:
                        remaining = deadline - time.monotonic()
                        if remaining <= 0 or self._closed:
                            self._forget(client)
                            raise PoolTimeout(waited_for_worker=True)
                        self._cond.wait(remaining)
                finally:
                    counts[1] -= 1
            counts[0] += 1

    def _leave(self, client: Any) -> None:
        if client is None:
            return
        with self._cond:
            self._clients[client][0] -= 1
            self._forget(client)
            self._cond.notify_all()

    def _forget(self, client: Any) -> None:
        if self._clients.get(client) == [0, 0]:
            del self._clients[client]

    def _call(self, func: Callable, args: tuple, deadline: float) -> Any:
        for attempt in (1, 2):
            worker = self._acquire(deadline)
            try:
                if _exited(worker.pid):
                    raise BrokenPipeError
                worker.conn.send((func, args))
                break
            except OSError:  # it ended while idle (killed from outside): take another once
                self._end(worker)
                if attempt == 2:
                    raise WorkerGone("ended while idle", None) from None
        outcome = None
        try:
            if not self._wait(worker, deadline):
                raise PoolTimeout()
            outcome = worker.conn.recv()
        except (EOFError, OSError):
            outcome = None
        finally:
            if worker.reniced:
                with self._cond:
                    self._long -= 1
            if outcome is not None and outcome[0] == "ok" and not worker.reniced:
                self._release(worker)
            else:
                how = self._end(worker)
                self._refill()
        if outcome is None:
            raise WorkerGone(*how)
        kind, value = outcome
        if kind == "ok":
            return value
        if kind == "memory":
            raise MemoryLimit()
        raise TaskFailed(value)

    def _wait(self, worker: _Worker, deadline: float) -> bool:
        """Wait for the worker's answer until *deadline*; after :data:`LONG_QUERY` seconds its
        priority is lowered, so short queries beside it keep the CPU."""
        remaining = deadline - time.monotonic()
        if worker.conn.poll(max(0.0, min(remaining, LONG_QUERY))):
            return True
        if remaining <= LONG_QUERY:
            return False
        with self._cond:
            if self._long >= self.size - self.reserved:
                raise Busy(f"{self._long} long queries run already, the most this server runs at once beside "
                           f"the short ones; this one was stopped after {LONG_QUERY:g} s", client=False)
            self._long += 1
            worker.reniced = True  # counted as long (and retired after the task)
        try:
            os.setpriority(os.PRIO_PROCESS, worker.pid, 19)
        except OSError:
            pass
        return worker.conn.poll(max(0.0, deadline - time.monotonic()))

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker, a new one while there are fewer than *size*, or the next one freed."""
        with self._cond:
            while True:
                if self._closed:
                    raise PoolTimeout(waited_for_worker=True)
                if self._idle:
                    return self._idle.pop()
                if len(self._all) + self._starting < self.size:
                    self._starting += 1
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not self._cond.wait(remaining):
                    raise PoolTimeout(waited_for_worker=True)
        return self._start_one(reserved=True)[0]

    def _start_one(self, reserved: bool) -> tuple[_Worker, Any]:
        if not reserved:
            with self._cond:
                self._starting += 1
        try:
            return self._spawn()
        finally:
            with self._cond:
                self._starting -= 1
                self._cond.notify_all()

    def _release(self, worker: _Worker) -> None:
        now = time.monotonic()
        retire = []
        with self._cond:
            if self._closed or worker.pid not in self._all:
                retire.append(worker)
            else:
                worker.idle_since = now
                self._idle.append(worker)
                while len(self._idle) > self.warm and now - self._idle[0].idle_since > IDLE_RETIRE:
                    retire.append(self._idle.pop(0))
            self._cond.notify_all()
        for old in retire:
            self._end(old)

    def _refill(self) -> None:
        """Keep the warm workers ready after one was ended (the next query must not wait for a fork)."""
        with self._cond:
            if self._closed or len(self._all) + self._starting >= self.warm:
                return
            self._starting += 1
        try:
            worker, _info = self._start_one(reserved=True)
        except Exception:  # the next request starts one, or reports why it cannot
            return
        self._release(worker)

    def _end(self, worker: _Worker) -> tuple[str, int | None]:
        """Kill and reap *worker*; how it ended, as text and signal number."""
        with self._cond:
            known = self._all.pop(worker.pid, None) is not None
            self._cond.notify_all()
        status = 0
        if known:
            try:
                os.kill(worker.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                _pid, status = os.waitpid(worker.pid, 0)
            except ChildProcessError:
                pass
            worker.conn.close()
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            return f"ended by signal {signal.Signals(number).name}", number
        return f"exited with code {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}", None

    # -- the worker process ----------------------------------------------------------------------
    def _spawn(self) -> tuple[_Worker, Any]:
        """Fork a worker; wait until it has opened the graph. Returns it and what it reported."""
        import multiprocessing

        parent_conn, child_conn = multiprocessing.Pipe()
        parent_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the worker: never returns
            code = 1
            try:
                _worker_main(child_conn, self._opener, self.max_memory, parent_pid)
                code = 0
            finally:
                os._exit(code)
        child_conn.close()
        worker = _Worker(pid, parent_conn)
        with self._cond:
            self._all[pid] = worker
        kind, info = "failed", "it did not start in time"
        try:
            if parent_conn.poll(START_TIMEOUT):
                kind, info = parent_conn.recv()
        except (EOFError, OSError):
            info = None
        if kind != "ready":
            how = self._end(worker)[0]
            from ..errors import SrbError

            raise SrbError(f"a query worker could not open the graph: {info or how}")
        return worker, info


def _exited(pid: int) -> bool:
    """Whether the worker *pid* has ended (without reaping it: :meth:`Pool._end` does)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def _worker_main(conn, opener, max_memory: int | None, parent_pid: int) -> None:
    """The loop of a worker process: open, then run tasks until the pipe closes."""
    _detach(conn.fileno(), parent_pid)
    try:
        opened = opener()
        info = len(opened) if hasattr(opened, "__len__") else None
        from .sandbox import confine_worker

        confine_worker(opened)  # no network unless the store may call a SERVICE (--allow-service)
    except BaseException as exc:  # reported to the server, which names it
        conn.send(("failed", str(exc) or type(exc).__name__))
        return
    _cap_memory(max_memory)
    conn.send(("ready", info))
    while True:
        try:
            func, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            outcome = ("ok", func(opened, *args))
        except MemoryError:
            outcome = ("memory", None)
        except BaseException as exc:  # handed to the waiting request as text
            outcome = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(outcome)
        except MemoryError:
            outcome = ("memory", None)
            conn.send(outcome)
        if outcome[0] == "memory":
            return  # its heap may be left at the cap: a fresh worker takes over


def _detach(keep: int, parent_pid: int) -> None:
    """Make a forked worker its own: default signals, no inherited descriptors but *keep* (the
    server's sockets stay the server's), standard streams on /dev/null, the end with the server's."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C at the server's terminal: the server ends us
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:
        pass
    import resource

    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    limit = limit if 0 < limit < (1 << 20) else (1 << 20)
    os.closerange(3, keep)
    os.closerange(keep + 1, limit)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.close(null)
    threading.Thread(target=_orphan_watch, args=(parent_pid,), name="srbgraph-orphan-watch", daemon=True).start()


def _orphan_watch(parent_pid: int) -> None:
    """End the worker when the server is gone, even in the middle of a query (pyoxigraph releases
    the GIL while it computes, so this thread runs). Not PR_SET_PDEATHSIG: that fires when the
    *thread* that forked the worker ends, and any request thread may fork one."""
    while os.getppid() == parent_pid:
        time.sleep(0.5)
    os._exit(0)


def _cap_memory(max_memory: int | None) -> None:
    """Cap the worker's address space at what it maps now plus *max_memory* bytes (what it maps
    now includes the graph and what the fork inherited, which a query does not allocate)."""
    if not max_memory:
        return
    import resource

    mapped = 0
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    mapped = int(line.split()[1]) * 1024
    except OSError:
        pass
    limit = mapped + max_memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# --------------------------------------------------------------------------------------------
# the command line: a watchdog for the time limit and for Ctrl-C
# --------------------------------------------------------------------------------------------
@contextmanager
def command_limits(timeout: float | None):
    """While the block runs, Ctrl-C ends the process at once ("srbgraph: interrupted", exit 130),
    and so does the time limit *timeout* (seconds; None or 0: none) with a one-line error — even
    while an engine computes and the main thread runs no Python."""
    if threading.current_thread() is not threading.main_thread():  # signals need the main thread
        yield
        return
    wake_read, wake_write = os.pipe()
    stop_read, stop_write = os.pipe()
    os.set_blocking(wake_write, False)
    deadline = time.monotonic() + timeout if timeout else None
    previous_handler = signal.getsignal(signal.SIGINT)
    if previous_handler is not signal.SIG_IGN:  # a background job of a script ignores Ctrl-C: keep it so
        signal.signal(signal.SIGINT, _noted)
    previous_fd = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
    watcher = threading.Thread(target=_watch, args=(wake_read, stop_read, deadline, timeout),
                               name="srbgraph-watchdog", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        signal.set_wakeup_fd(previous_fd)
        if previous_handler is not signal.SIG_IGN:
            signal.signal(signal.SIGINT, previous_handler)
        os.write(stop_write, b".")
        watcher.join()
        for fd in (wake_read, wake_write, stop_read, stop_write):
            os.close(fd)


def _noted(_signum, _frame) -> None:
    """The Python side of SIGINT does nothing: the watchdog acts on the wake-up byte."""


def _watch(wake: int, stop: int, deadline: float | None, timeout: float | None) -> None:
    while True:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            _leave(f"srbgraph: error: stopped at the time limit of {timeout:g} s (raise it with --timeout S, "
                   "or --timeout 0 for none)", 1)
        ready, _, _ = select.select([wake, stop], [], [], remaining)
        if stop in ready:
            return
        if wake in ready and signal.SIGINT in os.read(wake, 512):
            _leave("srbgraph: interrupted", 130)


def _leave(message: str, code: int) -> None:
    """End the whole process now (the main thread may be inside the engine for a long time)."""
    try:
        os.write(2, (message + "\n").encode("utf-8"))
    finally:
        os._exit(code)
