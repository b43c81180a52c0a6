"""The query engine without network, and a crash of it contained: defence in depth behind the guard.

Why: both engines fetch whatever a ``SERVICE`` clause names, and pyoxigraph has no switch to turn
that off. The guard (:mod:`srbgraph.stores.guard`) refuses every SERVICE not allowed — but it was
once wrong (it read ``<'>`` as an IRI where Oxigraph reads ``1 < '>'``), and a guard that is wrong
once must not be the only wall. So the processes that run caller-given queries cannot open a
network socket at all:

* :func:`confine` installs a seccomp filter on the whole process (every thread, ``TSYNC``) under
  which ``socket()`` fails with ``EACCES`` for every family but ``AF_UNIX`` (the query workers talk
  to the server over a Unix socket pair they already hold), ``io_uring`` (which can open sockets
  past the filter) is refused, and a system call of another ABI (32-bit, x32) is refused. It is
  checked at once: a process where an inet socket can still be opened is not run.
  Only x86_64 and aarch64 are known; elsewhere it fails closed — the query is not run, and the
  message says why and that ``--allow-service`` is the way out (a network namespace needs user
  namespaces, which many systems turn off; a filter that may be wrong is worse than none).
* The query workers of ``srbgraph serve`` (:func:`confine_worker`, called by
  :mod:`srbgraph.stores.killable` after the fork and before the first query) and the child that
  runs a caller's query for ``srbgraph query`` (:func:`run_in_child`) are confined.
* ``--allow-service IRI`` lifts it: then the engine must reach that host, seccomp cannot tell one
  host from another, and the guard alone decides which SERVICE runs (exactly the IRIs allowed).

And a crash: pyoxigraph overflows its stack on a query nested a few thousand levels deep — a
segmentation fault, the process gone without a word. The guard refuses such nesting; should it
miss one, :func:`run_in_child` runs the query in a forked child, so the command line reports the
crash as one line and exit 1 instead of dying with -11. Named queries shipped with srbgraph are
our own text and run in the command's process (instant, as before).
"""
from __future__ import annotations

import os
import signal
from typing import Any, Callable

from ..errors import SrbError

#: per machine: (audit architecture, number of ``socket``, of ``seccomp``, whether the x32 bit exists)
_ARCHES = {
    "x86_64": (0xC000003E, 41, 317, True),
    "amd64": (0xC000003E, 41, 317, True),
    "aarch64": (0xC00000B7, 198, 277, False),
    "arm64": (0xC00000B7, 198, 277, False),
}
_IO_URING_SETUP = 425  # the same number on both (system calls added since 5.1 share numbers)
_X32_BIT = 0x40000000
_AF_UNIX = 1
_EACCES = 13

# classic BPF, as seccomp reads it (linux/filter.h, linux/seccomp.h)
_LOAD_WORD = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JUMP_EQUAL = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JUMP_AT_LEAST = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RETURN = 0x06  # BPF_RET | BPF_K
_ALLOW = 0x7FFF0000
_DENY = 0x00050000 | _EACCES  # SECCOMP_RET_ERRNO with EACCES
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_PR_SET_PDEATHSIG = 1
_SECCOMP_MODE_FILTER = 2
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1

#: what the refusal says where no filter can be set
_NO_SANDBOX = ("cannot shut the query engine off the network here ({why}), so the query is not run "
               "(--allow-service IRI runs it without that: the guard alone then decides)")

_confined = False


def network_filter(machine: str | None = None) -> list[tuple[int, int, int, int]]:
    """The filter for *machine* (``platform.machine()``) as ``(code, jump if true, jump if false,
    value)`` instructions; :class:`SrbError` for a machine whose system calls are not known."""
    import platform

    machine = (machine or platform.machine()).lower()
    if machine not in _ARCHES:
        raise SrbError(_NO_SANDBOX.format(why=f"the machine {machine or '?'} is not one srbgraph knows"))
    arch, socket_call, _seccomp, x32 = _ARCHES[machine]
    program = [(_LOAD_WORD, 0, 0, 4)]  # seccomp_data.arch
    program.append((_JUMP_EQUAL, 1, 0, arch))
    program.append((_RETURN, 0, 0, _DENY))
    program.append((_LOAD_WORD, 0, 0, 0))  # seccomp_data.nr
    if x32:
        program.append((_JUMP_AT_LEAST, 0, 1, _X32_BIT))
        program.append((_RETURN, 0, 0, _DENY))
    program.append((_JUMP_EQUAL, 0, 1, _IO_URING_SETUP))
    program.append((_RETURN, 0, 0, _DENY))
    program.append((_JUMP_EQUAL, 1, 0, socket_call))
    program.append((_RETURN, 0, 0, _ALLOW))
    program.append((_LOAD_WORD, 0, 0, 16))  # the low half of args[0], the family (little-endian)
    program.append((_JUMP_EQUAL, 0, 1, _AF_UNIX))
    program.append((_RETURN, 0, 0, _ALLOW))
    program.append((_RETURN, 0, 0, _DENY))
    return program


def confine() -> None:
    """Shut this process off the network (every thread, and every process it starts); checked at
    once. Raises :class:`SrbError` (one line) where that cannot be done."""
    global _confined
    if _confined:
        return
    import ctypes
    import platform

    program = network_filter()
    _arch, _socket_call, seccomp_call, _x32 = _ARCHES[platform.machine().lower()]

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                    ("k", ctypes.c_uint32)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    instructions = (Instruction * len(program))(*[Instruction(*step) for step in program])
    fprog = Program(len(program), instructions)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise SrbError(_NO_SANDBOX.format(why=f"prctl: {os.strerror(ctypes.get_errno())}"))
    done = libc.syscall(ctypes.c_long(seccomp_call), ctypes.c_long(_SECCOMP_SET_MODE_FILTER),
                        ctypes.c_long(_SECCOMP_FILTER_FLAG_TSYNC), ctypes.byref(fprog))
    if done != 0:
        error = ctypes.get_errno()
        if _threads() != 1:  # without TSYNC only this thread would be filtered
            raise SrbError(_NO_SANDBOX.format(why=f"seccomp: {os.strerror(error)}"))
        if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
            raise SrbError(_NO_SANDBOX.format(why=f"seccomp: {os.strerror(ctypes.get_errno())}"))
    _prove_confined()
    _confined = True


def is_confined() -> bool:
    """Whether :func:`confine` shut this process off the network."""
    return _confined


def stopped_by_sandbox(exc: BaseException) -> str | None:
    """The one-line message for an engine error caused by the filter (a socket refused in a
    confined process: the engine tried a SERVICE call), else None."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, PermissionError) and _confined:
            return ("query failed: a SERVICE call was stopped — the query engine runs without network access "
                    "(--allow-service IRI lets a query call that IRI)")
        exc = getattr(exc, "reason", None) or exc.__cause__ or exc.__context__
        seen += 1
    return None


def _threads() -> int:
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def _prove_confined() -> None:
    """An inet socket must now be refused; if one opens, the filter is not what it should be."""
    import socket

    for family in (socket.AF_INET, socket.AF_INET6):
        try:
            socket.socket(family, socket.SOCK_STREAM).close()
        except PermissionError:
            continue
        except OSError:  # e.g. IPv6 not built in: no socket of that family can be opened anyway
            continue
        raise SrbError(_NO_SANDBOX.format(why="the filter did not take"))


def confine_worker(opened: Any) -> None:
    """In a query worker of ``srbgraph serve``, after the fork and before the first query: shut it
    off the network unless the store it opened may call a SERVICE (``--allow-service``)."""
    if not getattr(opened, "allow_service", ()):
        confine()


# --------------------------------------------------------------------------------------------
# the command line: a caller's query in a forked child
# --------------------------------------------------------------------------------------------
def run_in_child(task: Callable[[], Any], *, network: bool = False) -> Any:
    """What *task* returns, computed in a forked child (shut off the network unless *network*),
    or the exception it raised, raised here. The child ends with this process (the time limit and
    Ctrl-C of :func:`~srbgraph.stores.killable.command_limits` end it, too). A child that dies by a
    signal ends in one line: :class:`SrbError`."""
    import pickle

    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            _child_setup(parent)
            if not network:
                confine()
            outcome = ("ok", task())
        except BaseException as exc:  # handed to the parent, which raises it
            outcome = ("error", exc)
        try:
            try:
                data = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception as exc:  # an unpicklable result or exception: its text
                data = pickle.dumps(("error", SrbError(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    chunks = []
    try:
        with os.fdopen(read_end, "rb") as answer:
            while True:
                chunk = answer.read(1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        _pid, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = f", {signal.Signals(number).name}"
        except ValueError:
            name = ""
        raise SrbError(f"the query engine crashed (signal {number}{name}) — the query nests too deep or hits "
                       "an engine bug; nothing was written: simplify the query")
    if not chunks:
        raise SrbError(f"the query engine ended without an answer (exit code {os.WEXITSTATUS(status)})")
    kind, value = pickle.loads(b"".join(chunks))
    if kind == "error":
        raise value
    return value


def _child_setup(parent: int) -> None:
    """The child ends with its parent (the time limit and Ctrl-C end the parent with os._exit);
    Ctrl-C is the parent's to handle."""
    import ctypes

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        signal.set_wakeup_fd(-1)
    except ValueError:
        pass
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)
