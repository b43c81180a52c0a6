"""`srbgraph serve` against what issue #13 found: one request must not kill it, eight must not make it
useless, memory must not run away, it must fetch nothing for its clients, and its HTTP framing must
hold. Each test talks to a real `srbgraph serve` process on 127.0.0.1 with bounded clients (every
socket and request has a timeout); the server's memory is read from /proc (it and its workers)."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from loopback import Listener, service_variants

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ORDER_BY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
CONCAT = ('SELECT (STRLEN(?v40) AS ?n) WHERE { BIND("0123456789abcdef" AS ?v0) '
          + " ".join(f"BIND(CONCAT(?v{i}, ?v{i}) AS ?v{i + 1})" for i in range(40)) + " }")


class Served:
    def __init__(self, process, port: int, log: Path, banner: str):
        self.process, self.port, self.log, self.banner = process, port, log, banner

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def sparql(self) -> str:
        return self.url + "sparql"

    def log_lines(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def workers(self) -> list[int]:
        return children(self.process.pid)

    def memory(self) -> int:
        """Resident memory of the server and its workers, in bytes."""
        return sum(rss(pid) for pid in [self.process.pid, *self.workers()])


def start(folder: Path, *args: str) -> Served:
    log = folder / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "srbgraph", "serve", "--port", "0", *args],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.monotonic() + 90
    while True:
        text = log.read_text(encoding="utf-8")
        found = re.search(r"serving .* at http://[^ ]*:(\d+)/", text)
        if found:
            return Served(process, int(found.group(1)), log, text)
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"srbgraph serve did not start: {text[-1000:]}")
        time.sleep(0.05)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    return found


def rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError):
        return 0.0


def http(url: str, data: bytes | None = None, headers: dict | None = None, method: str | None = None,
         timeout: float = 60):
    """(status, headers, body text) of one request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode("utf-8")


def ask(served: Served, query: str, timeout: float = 60):
    return http(served.sparql + "?" + urllib.parse.urlencode({"query": query}), timeout=timeout)


def raw(port: int, data: bytes, timeout: float = 20) -> bytes:
    """Send *data* as it is; everything the server answers until it closes (or *timeout*)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except socket.timeout:
                break
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks)


def statuses(answer: bytes) -> list[int]:
    return [int(s) for s in re.findall(rb"^HTTP/1\.[01] (\d{3})", answer, re.M)]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    served = start(tmp_path_factory.mktemp("hardened"), "--timeout", "3", "--max-memory", "256M",
                   "--idle-timeout", "2")
    yield served
    stop(served)


# --------------------------------------------------------------------------------------------
# one request cannot kill it
# --------------------------------------------------------------------------------------------
def test_deep_queries_are_400_and_the_server_stays_up(server):
    deep = {"braces": "SELECT * WHERE " + "{" * 3000 + "?s ?p ?o" + "}" * 3000,
            "parentheses": "SELECT * WHERE { FILTER(" + "(" * 4700 + "true" + ")" * 4700 + ") }",
            "UNION chain": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 3000) + " }"}
    refused = r"SPARQL (nesting deeper than 100|group with more than 2,000 parts \(.*\)) at line 1, column \d+"
    for name, query in deep.items():
        status, _headers, body = ask(server, query)  # a 6 KB GET (the "image URL" of the issue)
        assert status == 400 and re.match(refused, body), (name, body)
        status, _headers, body = http(server.sparql, query.encode(), {"Content-Type": "application/sparql-query"})
        assert status == 400 and re.match(refused, body), (name, body)
    long_chain = "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 20000) + " }"  # 280 KB: POST only
    status, _headers, body = http(server.sparql, long_chain.encode(), {"Content-Type": "application/sparql-query"})
    assert status == 400 and re.match(refused, body), body
    assert server.process.poll() is None
    status, _headers, body = ask(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True


def test_eight_runaway_queries_leave_the_server_answering(server):
    """Eight COUNTs over a cartesian product: a simple query is answered while they run and after
    their 503s, and no worker computes on after its deadline."""
    answers = []

    def runaway():
        answers.append(ask(server, RUNAWAY, timeout=60))

    threads = [threading.Thread(target=runaway) for _ in range(8)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 30
    while sum(cpu_seconds(pid) > 0.05 for pid in server.workers()) < 8 and time.monotonic() < deadline:
        time.sleep(0.05)
    started = time.monotonic()
    status, _headers, body = ask(server, "ASK { ?s ?p ?o }", timeout=30)
    during = time.monotonic() - started
    assert status == 200, body
    for thread in threads:
        thread.join(timeout=60)
    assert [a[0] for a in answers] == [503] * 8
    assert all("query exceeded the time limit of 3 s" in a[2] for a in answers)
    started = time.monotonic()
    status, _headers, _body = ask(server, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5", timeout=30)
    after = time.monotonic() - started
    assert status == 200
    # the issue asks for "within a second"; 5 s leaves room for a loaded test machine
    assert during < 5 and after < 5, (during, after)
    before = {pid: cpu_seconds(pid) for pid in server.workers()}
    time.sleep(1.0)
    burnt = sum(cpu_seconds(pid) - spent for pid, spent in before.items())
    assert burnt < 0.5, "a runaway query is still computing"


@pytest.mark.parametrize("query", [ORDER_BY, CONCAT], ids=["ORDER BY", "CONCAT"])
def test_memory_blowups_end_at_the_cap(tmp_path, query):
    served = start(tmp_path, "--timeout", "60", "--max-memory", "256M")
    try:
        peak = [served.memory()]
        done = threading.Event()

        def sample():
            while not done.is_set():
                peak.append(served.memory())
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        started = time.monotonic()
        try:
            status, _headers, body = ask(served, query, timeout=120)
        finally:
            done.set()
            sampler.join()
        elapsed = time.monotonic() - started
        assert status == 503, body
        assert "query exceeded the memory limit of 256 MB" in body
        assert elapsed < 50  # ended by the cap, not by the 60 s deadline
        # server + warm workers (~200 MB, shared pages counted per process) + one worker at its cap;
        # without the cap the process grew by ~0.5 GB/s up to the machine's limit
        assert max(peak) < 1_200 * 2**20, f"{max(peak) / 2**20:.0f} MB"
        assert ask(served, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        stop(served)


def test_result_bytes_are_capped_as_well_as_rows(tmp_path):
    served = start(tmp_path, "--max-bytes", "20K")
    try:
        status, _headers, body = ask(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 1000")
        assert status == 422 and "larger than 20,480 bytes" in body and "--max-bytes" in body
        assert ask(served, "SELECT * WHERE { ?s ?p ?o } LIMIT 5")[0] == 200
    finally:
        stop(served)


# --------------------------------------------------------------------------------------------
# it fetches nothing for its clients
# --------------------------------------------------------------------------------------------
def test_every_service_variant_is_refused_and_nothing_arrives(server):
    listener = Listener()
    try:
        for name, query in service_variants(listener.port).items():
            status, _headers, body = ask(server, query)
            assert status == 400, (name, body)
            assert "is not allowed" in body, (name, body)
            status, _headers, body = http(server.sparql, urllib.parse.urlencode({"query": query}).encode(),
                                          {"Content-Type": "application/x-www-form-urlencoded"})
            assert status == 400, (name, body)
        time.sleep(0.5)
        assert listener.seen == []
    finally:
        listener.close()


def test_an_allowed_service_is_called(tmp_path):
    """The control: with --allow-service the same listener sees the request (so the empty list
    above means that nothing was sent)."""
    listener = Listener()
    served = start(tmp_path, "--allow-service", listener.url)
    try:
        status, _headers, body = ask(served, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
        assert status == 200, body
        assert len(listener.seen) >= 1
        other = f"http://127.0.0.1:{listener.port}/other"
        status, _headers, body = ask(served, f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}")
        assert status == 400 and f"--allow-service {other}" in body
    finally:
        stop(served)
        listener.close()


# --------------------------------------------------------------------------------------------
# HTTP framing, connections, hosts, headers, log
# --------------------------------------------------------------------------------------------
def test_negative_and_non_numeric_content_length_are_400(server):
    for length in (b"-1", b"abc", b"1e3", b" 12x"):
        answer = raw(server.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                                  b"application/sparql-query\r\nContent-Length: " + length + b"\r\n\r\nASK {}")
        assert statuses(answer) == [400], (length, answer[:300])
    assert ask(server, "ASK {}")[0] == 200


def test_a_body_on_get_is_refused_and_never_read_as_a_request(server):
    smuggled = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    answer = raw(server.port, b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                 b"Content-Length: " + str(len(smuggled)).encode() + b"\r\n\r\n" + smuggled)
    assert statuses(answer) == [400], answer[:500]
    assert b"carries no body" in answer
    answer = raw(server.port, b"HEAD /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                 b"Content-Length: 3\r\n\r\nabc")
    assert statuses(answer) == [400]


def test_a_chunked_body_is_read_as_the_body(server):
    query = b"ASK { ?s ?p ?o }"
    looks_like_a_request = b"\n#GET /nowhere HTTP/1.1\r\n#Host: 127.0.0.1\r\n#\r\n"  # SPARQL comments
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (query[:5], query[5:], looks_like_a_request))
    answer = raw(server.port, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                 b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks + b"0\r\n\r\n")
    assert statuses(answer) == [200], answer[:500]
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["boolean"] is True


def test_idle_and_half_sent_connections_are_closed_after_the_timeout(server):
    for sent in (b"", b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127"):
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(sent)
            started = time.monotonic()
            try:
                closed = sock.recv(1024) == b""
            except ConnectionResetError:
                closed = True
            except socket.timeout:
                closed = False
            waited = time.monotonic() - started
        assert closed, f"connection still open after {waited:.1f} s (sent {sent!r})"
        assert waited > 1  # closed by the 2 s timeout, not at once


def test_open_connections_are_capped(server):
    """At 100 open connections the server accepts no more until one closes (here: by the idle
    timeout); then the waiting request is answered."""
    idle = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(100)]
    try:
        time.sleep(0.5)
        with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
            sock.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            sock.settimeout(0.3)
            with pytest.raises(socket.timeout):
                sock.recv(1024)  # not accepted yet
            sock.settimeout(30)
            assert sock.recv(1024).startswith(b"HTTP/1.1 200")
    finally:
        for sock in idle:
            sock.close()


def test_foreign_host_header_is_421(server):
    for host in ("evil.example", "evil.example:80", "127.0.0.1.evil.example", "10.0.0.1"):
        status, _headers, body = http(server.sparql + "?query=ASK%7B%7D", headers={"Host": host})
        assert status == 421, (host, status)
        assert "--allow-host" in body
    for host in (f"127.0.0.1:{server.port}", f"localhost:{server.port}", f"[::1]:{server.port}", "localhost"):
        assert http(server.sparql + "?query=ASK%7B%7D", headers={"Host": host})[0] == 200, host


def test_security_headers_on_every_answer(server):
    for path in ("sparql?query=ASK%7B%7D", "", "graph", "nowhere", "sparql"):
        status, headers, _body = http(server.url + path)
        assert headers["X-Content-Type-Options"] == "nosniff", path
        policy = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in policy and "default-src" in policy, path
        assert "http" not in policy and "*" not in policy, policy  # the server's own origin only
    _status, headers, _body = http(server.url)
    assert "default-src 'self'" in headers["Content-Security-Policy"]


def test_control_characters_are_escaped_in_the_log(server):
    http(server.url + "a%0Ab%1B%5B31mc%0D%07")
    time.sleep(0.3)
    text = server.log.read_text(encoding="utf-8")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text)
    last = [line for line in text.splitlines() if " 404 " in line][-1]
    assert re.fullmatch(r"127\.0\.0\.1 GET /a\\x0ab\\x1b\[31mc\\x0d\\x07 404 \d+\.\d ms -", last), last


def test_workers_hold_no_socket_of_the_server(server):
    ask(server, "ASK {}")
    assert server.workers()
    for pid in server.workers():
        sockets = [fd for fd in os.listdir(f"/proc/{pid}/fd")
                   if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:")]
        assert len(sockets) == 1, (pid, sockets)  # its pipe to the server, nothing else


def test_empty_host_is_named_plainly_in_the_warning(tmp_path):
    served = start(tmp_path, "--host", "")
    try:
        warning = [line for line in served.banner.splitlines() if line.startswith("warning:")]
        assert len(warning) == 1
        assert "every network interface of this machine (--host '')" in warning[0]
        assert "anyone who can reach this address can run SPARQL queries" in warning[0]
        assert "SERVICE to no other server" in warning[0]
        assert ask(served, "ASK {}")[0] == 200
        # listening everywhere, an address as Host is fine (it cannot be re-bound by DNS); a name is not
        assert http(served.sparql + "?query=ASK%7B%7D", headers={"Host": "192.0.2.7:8000"})[0] == 200
        assert http(served.sparql + "?query=ASK%7B%7D", headers={"Host": "evil.example"})[0] == 421
    finally:
        stop(served)


def test_store_is_opened_read_only(tmp_path, srbgraph):
    import pyoxigraph

    folder = tmp_path / "store"
    assert srbgraph("stats", "--store", folder).code == 0
    served = start(tmp_path, "--store", str(folder))
    try:
        assert "serving 1" in served.banner  # the triple count, from a worker
        writer = pyoxigraph.Store(str(folder))  # the lock is free: serve holds no writable handle
        del writer
        status, _headers, body = ask(served, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert status == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 10_000
    finally:
        stop(served)


def test_sigterm_stops_server_and_workers(tmp_path):
    served = start(tmp_path)
    workers = served.workers()
    assert workers
    served.process.send_signal(signal.SIGTERM)
    served.process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)
    assert served.log_lines()[-1] == "stopped"


def test_pages_work_under_their_content_security_policy(server):
    """The query workbench runs a query and the graph page draws, in Chromium, with the CSP the
    server sends: no script, style or request of theirs is refused."""
    from playwright.sync_api import sync_playwright

    chromium_path = "/usr/bin/chromium"
    assert Path(chromium_path).exists(), "chromium is missing: run tests/install-system-deps.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 7"
            page.goto(server.url + "?" + urllib.parse.urlencode({"query": query}), timeout=60_000)
            page.wait_for_selector("body[data-terms]", timeout=60_000)
            page.click(".yasqe_queryButton:visible")  # a free query from the address waits for a click (#25)
            # selectors, not predicates: Playwright evaluates a predicate string with eval, which the CSP refuses
            page.wait_for_selector("table.srb-table tbody tr:nth-child(7)", timeout=60_000)
            assert page.locator("#named-list li").count() > 10  # the named queries' script ran
            page.goto(server.url + "graph", timeout=60_000)
            page.wait_for_selector("#srb-network canvas", timeout=60_000)
            page.wait_for_timeout(1000)  # room for errors of the drawing to show
            assert errors == []
        finally:
            browser.close()


def test_workers_end_with_a_killed_server_even_mid_query(tmp_path):
    """SIGKILL leaves the server no chance to end its workers: they notice by themselves, also the
    one computing a runaway query."""
    served = start(tmp_path, "--timeout", "60")

    def runaway():
        try:
            ask(served, RUNAWAY, timeout=30)
        except OSError:  # the server is killed under it
            pass

    runner = threading.Thread(target=runaway, daemon=True)
    runner.start()
    deadline = time.monotonic() + 30
    while not any(cpu_seconds(pid) > 0.2 for pid in served.workers()) and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = served.workers()
    assert any(cpu_seconds(pid) > 0.2 for pid in workers)
    served.process.kill()
    served.process.wait(timeout=20)
    deadline = time.monotonic() + 15
    while any(os.path.exists(f"/proc/{pid}") for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(os.path.exists(f"/proc/{pid}") for pid in workers)


def test_a_missing_store_folder_is_one_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "srbgraph", "serve", "--port", "0", "--store", str(tmp_path / "none")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    assert run.stderr.strip() == f"srbgraph: error: store folder not found: {tmp_path / 'none'}"
