"""The query engine without network and a crash of it contained (srbgraph.stores.sandbox).

With the guard bypassed on purpose (its test hook, srbgraph.stores.guard.TEST_HOOK), a SERVICE call
to a loopback listener reaches nothing — from a query worker of the pool `srbgraph serve` uses and
from `srbgraph query` — and the caller gets one clear line; with --allow-service the same listener
hears the call (so "nothing reached it" means something). A query nested deep enough to crash
pyoxigraph (SIGSEGV) ends `srbgraph query` with one line and exit 1, never -11. Shipped named
queries stay in the command's process."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from loopback import Listener

from srbgraph.errors import QueryError, SrbError
from srbgraph.stores import guard, sandbox
from srbgraph.stores.killable import Pool, TaskFailed
from srbgraph.stores.oxigraph import OxigraphStore

HOOK = {guard.TEST_HOOK: "skip the guard"}
STOPPED = ("query failed: a SERVICE call was stopped — the query engine runs without network access "
           "(--allow-service IRI lets a query call that IRI)")
CRASHED = ("srbgraph: error: the query engine crashed (signal 11, SIGSEGV) — the query nests too deep or "
           "hits an engine bug; nothing was written: simplify the query")
#: deep enough to overflow pyoxigraph's stack (it crashes at ~2,200 levels)
TOO_DEEP = "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000


@pytest.fixture
def listener():
    served = Listener()
    yield served
    served.close()


def service_query(listener) -> str:
    return f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"


def srbgraph_process(*args, env=None, input=None):
    return subprocess.run([sys.executable, "-m", "srbgraph", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, input=input, timeout=300)


def last_error(run) -> str:
    errors = [line for line in run.stderr.splitlines() if line.startswith("srbgraph:")]
    assert len(errors) == 1 and run.stderr.splitlines()[-1] == errors[0], run.stderr
    return errors[0]


# --------------------------------------------------------------------------------------------
# the filter
# --------------------------------------------------------------------------------------------
def sockets_in_this_process():
    import socket

    opened = {}
    for name in ("AF_INET", "AF_INET6", "AF_UNIX"):
        try:
            socket.socket(getattr(socket, name), socket.SOCK_STREAM).close()
            opened[name] = "opened"
        except OSError as exc:
            opened[name] = type(exc).__name__
    socket.socketpair()[0].close()  # the pool's pipes are such pairs
    return opened, sandbox.is_confined()


def test_a_confined_child_cannot_open_inet_sockets_but_unix_ones():
    assert sandbox.run_in_child(sockets_in_this_process) == (
        {"AF_INET": "PermissionError", "AF_INET6": "PermissionError", "AF_UNIX": "opened"}, True)
    assert sandbox.run_in_child(sockets_in_this_process, network=True)[0]["AF_INET"] == "opened"
    assert sockets_in_this_process() == ({"AF_INET": "opened", "AF_INET6": "opened", "AF_UNIX": "opened"}, False)


def test_an_unknown_machine_fails_closed_with_the_way_out():
    with pytest.raises(SrbError) as refused:
        sandbox.network_filter("riscv64")
    assert str(refused.value) == ("cannot shut the query engine off the network here (the machine riscv64 is not "
                                  "one srbgraph knows), so the query is not run (--allow-service IRI runs it "
                                  "without that: the guard alone then decides)")
    for machine in ("x86_64", "aarch64"):
        assert sandbox.network_filter(machine)[-1] == (0x06, 0, 0, 0x00050000 | 13)  # the default: EACCES


# --------------------------------------------------------------------------------------------
# the pool of `srbgraph serve`: a worker reaches nothing, even with the guard bypassed
# --------------------------------------------------------------------------------------------
def select(store, text):
    return store.select(text).rows


def run_in_pool(store, text):
    pool = Pool(lambda: store, size=1, warm=1)
    try:
        pool.start()
        return pool.call(select, text, deadline=__import__("time").monotonic() + 60)
    finally:
        pool.close()


def test_a_worker_makes_no_connection_with_the_guard_bypassed(listener, monkeypatch):
    monkeypatch.setenv(guard.TEST_HOOK, "skip the guard")
    with pytest.raises(TaskFailed) as failed:
        run_in_pool(OxigraphStore(), service_query(listener))
    assert str(failed.value) == f"QueryError: {STOPPED}"
    assert listener.seen == []


def test_a_worker_of_a_store_that_may_call_a_service_reaches_it(listener):
    store = OxigraphStore()
    store.allow_service = (listener.url,)
    assert run_in_pool(store, service_query(listener)) == [(None, None, None)]
    assert len(listener.seen) == 1


def test_the_endpoint_reaches_nothing_with_the_guard_bypassed(listener, monkeypatch):
    """Through the query service of `srbgraph serve` (its workers are forked after the hook is set)."""
    from srbgraph.server.results import HttpError
    from srbgraph.server.service import open_service
    from srbgraph.stores.select import GraphSource

    monkeypatch.setenv(guard.TEST_HOOK, "skip the guard")
    service = open_service(GraphSource(), workers=1)
    try:
        reply = service.run(service_query(listener), "application/sparql-results+json")
        assert reply.status == 400, reply
        body = reply.body.decode()
    except HttpError as refused:
        body = str(refused)
    finally:
        service.close()
    assert body.strip() == STOPPED, body  # the client reads why, not "Permission denied (os error 13)"
    assert listener.seen == []
    allowed = open_service(GraphSource(), workers=1, allow_service=[listener.url])
    try:
        assert allowed.run(service_query(listener), "application/sparql-results+json").status == 200
    finally:
        allowed.close()
    assert len(listener.seen) == 1


def test_without_the_hook_the_guard_refuses_first(listener):
    with pytest.raises(TaskFailed, match="is not allowed"):
        run_in_pool(OxigraphStore(), service_query(listener))
    assert listener.seen == []


# --------------------------------------------------------------------------------------------
# srbgraph query: a caller's text runs in a confined child
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_query_makes_no_connection_with_the_guard_bypassed(listener, tmp_path, engine):
    spec = tmp_path / "service.rq"
    spec.write_text(service_query(listener), encoding="utf-8")
    run = srbgraph_process("query", str(spec), "--engine", engine, env=HOOK)
    assert run.returncode == 1, run
    assert last_error(run) == f"srbgraph: error: {STOPPED}"
    assert run.stdout == ""
    assert listener.seen == []
    allowed = srbgraph_process("query", str(spec), "--engine", engine, "--allow-service", listener.url, env=HOOK)
    assert allowed.returncode == 0, allowed
    assert len(listener.seen) >= 1


def test_an_engine_crash_is_one_line_and_exit_1(tmp_path):
    spec = tmp_path / "deep.rq"
    spec.write_text(TOO_DEEP, encoding="utf-8")
    for run in (srbgraph_process("query", str(spec), env=HOOK),
                srbgraph_process("query", "-", env=HOOK, input=TOO_DEEP)):
        assert run.returncode == 1, run
        assert last_error(run) == CRASHED
    guarded = srbgraph_process("query", str(spec))  # without the hook the guard refuses it first
    assert guarded.returncode == 1
    assert last_error(guarded) == f"srbgraph: error: SPARQL nesting deeper than {guard.MAX_DEPTH} at line 1, column 116"


def test_a_callers_query_runs_in_the_child_and_answers(srbgraph, tmp_path, monkeypatch):
    spec = tmp_path / "count.rq"
    spec.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    forked = []
    original = sandbox.run_in_child
    monkeypatch.setattr(sandbox, "run_in_child", lambda task, **kw: forked.append(kw) or original(task, **kw))
    run = srbgraph("query", str(spec), "--format", "csv")
    assert run.code == 0, run
    assert int(run.out.splitlines()[1]) > 1000
    assert forked == [{"network": False}]


def test_shipped_named_queries_stay_in_the_process(srbgraph, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a shipped query was sent to a child")
    monkeypatch.setattr(sandbox, "run_in_child", refuse)
    run = srbgraph("query", "obstacles-ranked", "--format", "json")
    assert run.code == 0, run


def test_a_persistent_store_is_queried_in_the_child(srbgraph, tmp_path):
    store = tmp_path / "store"
    assert srbgraph("paths", "--store", str(store)).code == 0
    spec = tmp_path / "count.rq"
    spec.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    run = srbgraph("query", str(spec), "--store", str(store), "--format", "csv")
    assert run.code == 0, run
    assert int(run.out.splitlines()[1]) > 1000


# --------------------------------------------------------------------------------------------
# the library: a store refuses deep nesting before its engine sees it
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    TOO_DEEP,
    "SELECT * WHERE { BIND(1<'>' AS ?z) BIND('x' AS ?y) " + "{" * 3000 + "?s ?p ?o" + "}" * 3000 + " BIND('' AS ?w) }",
])
def test_an_oxigraph_store_refuses_deep_nesting_before_the_engine(text):
    store = OxigraphStore()
    with pytest.raises(QueryError, match=f"nesting deeper than {guard.MAX_DEPTH}"):
        store.select(text)  # without the guard this would end the test process with SIGSEGV
