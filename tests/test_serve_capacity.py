"""`srbgraph serve` against what issue #25 found: one client's runaway queries took every worker,
100 slow connections took every connection, pages of other sites could make a reader's browser
query the server, and pages and `/api/terms` were not held to `--max-bytes`.

The pool tests run :class:`~srbgraph.stores.killable.Pool` with tiny tasks; the rest talk to a real
`srbgraph serve` on 127.0.0.1, one client from 127.0.0.1 and the other from 127.0.0.2 (the whole
127/8 is loopback on Linux). Timings are in `benchmarks/serve_load.py`; here only outcomes."""
from __future__ import annotations

from http.client import HTTPConnection
import json
import shutil
import socket
import threading
import time
import urllib.parse

import pytest
from test_serve_hardening import RUNAWAY, cpu_seconds, http, start, stop

from srbgraph.stores import killable
from test_killable import echo, forever


def soon(seconds: float = 30) -> float:
    return time.monotonic() + seconds


def post_from(source: str, port: int, query: str, timeout: float = 60) -> tuple[int, dict, str]:
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("POST", "/sparql", urllib.parse.urlencode({"query": query}),
                           {"Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode("utf-8")
    finally:
        connection.close()


def in_background(func, *args, **kwargs) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run():
        try:
            outcome.append(func(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - the test looks at what it was
            outcome.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome


def wait_for(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


# --------------------------------------------------------------------------------------------
# the pool: workers kept for short queries, a share per client
# --------------------------------------------------------------------------------------------
def test_long_queries_never_take_the_reserved_workers():
    """Size 3, one reserved: two long queries run; a third that passes the long-query mark is
    stopped there (Busy, not the client's fault) and a short one is answered beside them."""
    pool = killable.Pool(lambda: "opened", size=3, warm=1, reserved=1)
    pool.start()
    try:
        long_ones = [in_background(pool.call, forever, deadline=soon(20), client=f"c{i}") for i in range(2)]
        wait_for(lambda: pool._long == 2)
        with pytest.raises(killable.Busy) as busy:
            pool.call(forever, deadline=soon(20), client="c3")
        assert busy.value.client is False and "2 long queries run already" in str(busy.value)
        assert pool.call(echo, "short", deadline=soon(), client="c4")[:2] == ("opened", "short")
        assert all(thread.is_alive() for thread, _outcome in long_ones)
    finally:
        pool.close()


def test_a_client_over_its_share_is_refused_at_once_and_the_others_are_answered():
    """per_client 2: a client's two queries run, two more wait for its own slots, the fifth is
    refused at once; another client is answered meanwhile; a waiting one runs once a slot is free."""
    pool = killable.Pool(lambda: "opened", size=6, warm=1, reserved=1, per_client=2)
    pool.start()
    try:
        running = [in_background(pool.call, forever, deadline=soon(3), client="greedy") for _ in range(2)]
        wait_for(lambda: pool._clients.get("greedy", [0, 0])[0] == 2)
        waiting = [in_background(pool.call, echo, i, deadline=soon(30), client="greedy") for i in range(2)]
        wait_for(lambda: pool._clients["greedy"][1] == 2)
        with pytest.raises(killable.Busy) as busy:
            pool.call(echo, "fifth", deadline=soon(), client="greedy")
        assert busy.value.client is True and "2 queries in the pool and 2 more waiting" in str(busy.value)
        assert pool.call(echo, "other", deadline=soon(), client="modest")[:2] == ("opened", "other")
        for thread, _outcome in running + waiting:
            thread.join(timeout=60)
        assert all(isinstance(outcome[0], killable.PoolTimeout) for _thread, outcome in running)
        assert sorted(outcome[0][1] for _thread, outcome in waiting) == [0, 1]
        assert pool._clients == {}
    finally:
        pool.close()


# --------------------------------------------------------------------------------------------
# the server
# --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("capacity"), "--timeout", "8", "--workers", "4", "--reserved", "1",
                   "--per-client", "1", "--read-timeout", "2", "--idle-timeout", "30")
    yield served
    stop(served)


def test_a_client_over_its_share_gets_429_and_another_client_is_answered(server):
    first, first_outcome = in_background(post_from, "127.0.0.2", server.port, RUNAWAY)
    wait_for(lambda: any(cpu_seconds(pid) > 0.05 for pid in server.workers()))  # the runaway computes
    second, second_outcome = in_background(post_from, "127.0.0.2", server.port, RUNAWAY)
    time.sleep(1.0)  # let it arrive: it waits for the client's one slot
    status, headers, body = post_from("127.0.0.2", server.port, "ASK {}")
    assert status == 429, body
    assert headers.get("Retry-After") == "5"
    assert body.startswith("too many queries at once: this client has 1 queries in the pool and 1 more waiting")
    assert "--per-client 1" in body and body.count("\n") == 1
    status, _headers, body = post_from("127.0.0.1", server.port, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    first.join(timeout=60)
    second.join(timeout=60)
    assert first_outcome[0][0] == 503 and second_outcome[0][0] == 503  # the time limit, as before


def test_a_slow_request_is_closed_at_the_read_timeout(server):
    """One header byte every half second kept a connection open for ever (every byte is activity
    to waitress); now the request must arrive whole within --read-timeout (2 s)."""
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: 1\r\n" * 200
    closed_after = None
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        for i in range(len(request)):
            try:
                sock.sendall(request[i:i + 1])
            except OSError:
                closed_after = i
                break
            time.sleep(0.5)
            if i >= 30:  # 15 s of drip: long past the read timeout
                break
    assert closed_after is not None, "the slow connection was still open after 15 s"
    assert any("its request did not arrive whole within 2 s" in line for line in server.log_lines())
    assert http(server.sparql + "?query=ASK%7B%7D")[0] == 200


def test_one_clients_connections_leave_room_for_others(server):
    """127.0.0.2 opens 200 connections: 100 are read, 100 wait their turn (parked), more are closed
    at once — and 127.0.0.1 is answered all the while (the total limit is above one client's share)."""
    held = []
    try:
        for _ in range(200):
            held.append(socket.create_connection(("127.0.0.1", server.port), timeout=10,
                                                 source_address=("127.0.0.2", 0)))
        extra = socket.create_connection(("127.0.0.1", server.port), timeout=10, source_address=("127.0.0.2", 0))
        with extra:
            try:
                assert extra.recv(1) == b""  # closed by the server
            except ConnectionResetError:
                pass
        status, _headers, body = post_from("127.0.0.1", server.port, "ASK { ?s ?p ?o }", timeout=10)
        assert status == 200, body
        assert any("200 connections of this client are open already" in line for line in server.log_lines())
    finally:
        for sock in held:
            sock.close()


@pytest.mark.parametrize("headers", [{"Origin": "http://evil.example"}, {"Origin": "null"},
                                     {"Origin": "http://127.0.0.1:1"},  # another port: another origin
                                     {"Sec-Fetch-Site": "cross-site"}, {"Sec-Fetch-Site": "same-site"}],
                         ids=["foreign origin", "null origin", "other port", "cross-site", "same-site"])
def test_cross_site_requests_to_sparql_and_api_are_403(server, headers):
    query = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    for url, data in ((server.sparql, query), (server.sparql + "?query=ASK%7B%7D", None),
                      (server.url + "api/terms", None), (server.url + "api/bind?named=x", None)):
        status, _headers, body = http(url, data, headers)
        assert status == 403, (url, status, body)
        assert body.startswith("cross-site request refused: a page of ") and body.count("\n") == 1
    assert http(server.url, headers=headers)[0] == 200  # a link to a page still opens it


def test_same_origin_and_programs_are_answered(server):
    own = f"http://127.0.0.1:{server.port}"
    query = urllib.parse.urlencode({"query": "ASK {}"}).encode()
    for headers in ({}, {"Origin": own, "Sec-Fetch-Site": "same-origin"}, {"Sec-Fetch-Site": "none"}):
        assert http(server.sparql, query, headers)[0] == 200, headers
        assert http(server.url + "api/terms", headers=headers)[0] == 200, headers


# --------------------------------------------------------------------------------------------
# every answer capped, every cache bounded
# --------------------------------------------------------------------------------------------
def test_pages_terms_and_the_graph_page_are_held_to_max_bytes(tmp_path):
    """A data folder whose one obstacle has a 3 MB label: the terms, the graph page and the
    obstacle's page are 413 under --max-bytes 1M; SPARQL still answers."""
    from srbgraph import resources

    data = tmp_path / "data"
    shutil.copytree(resources.data_dir(), data)
    obstacles = data / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    old = '    label_de: "Haltung der Akteur:innen"\n'
    assert old in text
    obstacles.write_text(text.replace(old, f'    label_de: "{"Haltung " * 400_000}"\n'), encoding="utf-8")
    served = start(tmp_path, "--data", str(data), "--max-bytes", "1M")
    try:
        for path, what in (("api/terms", "the terms for completion"), ("graph", "the graph page"),
                           ("resource/obstacle-haltung-der-akteure", "the page")):
            status, _headers, body = http(served.url + path)
            assert status == 413, (path, status)
            assert body == f"{what} is larger than 1,048,576 bytes, the limit of this endpoint " \
                           "(srbgraph serve --max-bytes raises it)\n"
        assert http(served.url)[0] == 200  # the workbench itself is small
        assert http(served.sparql + "?query=ASK%7B%7D")[0] == 200
    finally:
        stop(served)


def test_the_kept_pages_stay_under_their_byte_bound(monkeypatch):
    from srbgraph.server import routes

    monkeypatch.setattr(routes, "KEPT_BYTES", 1000)
    kept = routes.Routes.__new__(routes.Routes)
    kept._kept, kept._lock = {}, threading.Lock()
    for i in range(10):
        assert kept.kept(f"page{i}", lambda: b"x" * 300) == b"x" * 300
        assert sum(len(v) for v in kept._kept.values()) <= 1000
    assert list(kept._kept) == ["page7", "page8", "page9"]  # the newest
    assert kept.kept("huge", lambda: b"x" * 5000) == b"x" * 5000 and "huge" not in kept._kept
