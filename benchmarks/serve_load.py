"""Load on `srbgraph serve`: N concurrent clients send Q SPARQL queries in total over loopback —
once on a quiet server, and once while R runaway queries (a COUNT over a triple cartesian product
of the graph, which never ends by itself) are in flight.

Starts `srbgraph serve --port 0` as a subprocess (the shipped graph in memory) for each row, runs
the load with urllib clients in threads, and prints throughput and p50/p99 latency as Markdown
table rows. The runaway queries are sent first and the load starts once the server's workers
compute them; the server's time limit (--server-timeout) is kept longer than the load, so they
stay in flight throughout (the last column says whether they did).

    python3 benchmarks/serve_load.py                      # 20 clients, 2,000 queries; 0 and 8 runaway
    python3 benchmarks/serve_load.py --clients 50 --queries 10000 --runaway 0 --runaway 16

Fairness (issue #25): one client (source address 127.0.0.2) keeps N runaway queries in flight — a
refused one is sent again after --retry-pause — or holds N slow connections that send one header
byte every --drip seconds (slowloris; a closed one is opened again), while another client
(127.0.0.1) sends simple queries from two threads for --duration seconds. Prints how many of them
were answered, queries/s, p50, p95 and the slowest (a query not answered within 30 s counts as 30 s).

    python3 benchmarks/serve_load.py --fair 16 --fair 64 --slowloris 100
    PYTHONPATH=/tmp/before python3 benchmarks/serve_load.py --fair 16   # another tree (git worktree add)
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

QUERIES = {
    "count per obstacle": ("PREFIX srb: <https://w3id.org/srbgraph/ontology#> SELECT ?o (COUNT(?x) AS ?n) "
                           "WHERE { ?o a srb:Obstacle ; ?p ?x } GROUP BY ?o"),
    "ASK": "ASK { ?s a <https://w3id.org/srbgraph/ontology#Obstacle> }",
    "50 labels": "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } LIMIT 50",
}
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def start_server(server_timeout: float, *extra: str) -> tuple[subprocess.Popen, str]:
    log = Path(tempfile.mkdtemp()) / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "srbgraph", "serve", "--port", "0", "--timeout",
                                str(server_timeout), *extra], stdout=subprocess.DEVNULL, stderr=log.open("w"))
    deadline = time.monotonic() + 60
    while not (found := re.search(r"at (http://127\.0\.0\.1:\d+/)", log.read_text())):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"srbgraph serve did not start: {log.read_text()}")
        time.sleep(0.05)
    return process, found.group(1) + "sparql"


def post(url: str, query: str, timeout: float) -> bool:
    body = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            json.loads(response.read())
            return response.status == 200
    except (OSError, ValueError):
        return False


def cpu_busy_children(pid: int) -> int:
    """Processes whose parent is *pid* and that have used CPU (the server's workers computing)."""
    import os

    busy = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid and int(fields[11]) + int(fields[12]) > 5:
                    busy += 1
            except (OSError, IndexError, ValueError):
                pass
    return busy


def one_row(clients: int, queries: int, runaway: int, server_timeout: float) -> str:
    process, url = start_server(server_timeout)
    runaways: list[threading.Thread] = []
    try:
        for _ in range(runaway):
            thread = threading.Thread(target=post, args=(url, RUNAWAY, server_timeout + 60), daemon=True)
            thread.start()
            runaways.append(thread)
        deadline = time.monotonic() + 30
        while runaway and cpu_busy_children(process.pid) < runaway and time.monotonic() < deadline:
            time.sleep(0.05)  # every runaway query is computing in its worker (ticks of CPU time seen)
        texts = list(QUERIES.values())

        def one(i: int) -> tuple[float, bool]:
            started = time.perf_counter()
            ok = post(url, texts[i % len(texts)], 120)
            return time.perf_counter() - started, ok

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=clients) as pool:
            results = list(pool.map(one, range(queries)))
        elapsed = time.perf_counter() - started
        in_flight = sum(thread.is_alive() for thread in runaways)
    finally:
        process.terminate()
        process.wait(timeout=30)
    latencies = sorted(seconds for seconds, _ok in results)
    errors = sum(1 for _seconds, ok in results if not ok)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    return (f"| {clients} | {queries:,} | {runaway} ({in_flight} still running at the end) | {errors} | "
            f"{elapsed:.2f} | {queries / elapsed:,.0f} | {p50:.1f} | {p99:.1f} |")


SIMPLE_TIMEOUT = 30.0


def post_from(source: str, url: str, query: str, timeout: float) -> int:
    """The status of one POSTed query sent from the loopback address *source* (0: no answer)."""
    import http.client

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(source, 0))
    try:
        connection.request("POST", parts.path, urllib.parse.urlencode({"query": query}),
                           {"Content-Type": "application/x-www-form-urlencoded",
                            "Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError:
        return 0
    finally:
        connection.close()


def runaway_client(url: str, stop: threading.Event, pause: float, timeout: float) -> None:
    """One runaway query in flight from 127.0.0.2 until *stop*; a refused one is sent again."""
    while not stop.is_set():
        post_from("127.0.0.2", url, RUNAWAY, timeout)
        stop.wait(pause)


def slow_client(url: str, stop: threading.Event, drip: float) -> None:
    """A connection from 127.0.0.2 that sends one byte of a request every *drip* seconds; opened
    again when the server closes it."""
    import socket

    parts = urllib.parse.urlsplit(url)
    request = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{parts.port}\r\n".encode() + b"X-a: b\r\n" * 10000
    while not stop.is_set():
        try:
            with socket.create_connection((parts.hostname, parts.port), timeout=10,
                                          source_address=("127.0.0.2", 0)) as sock:
                for i in range(len(request)):
                    sock.sendall(request[i:i + 1])
                    if stop.wait(drip):
                        return
        except OSError:
            stop.wait(0.2)


def fair_row(what: str, count: int, duration: float, server_timeout: float, pause: float, drip: float) -> str:
    process, url = start_server(server_timeout)
    stop = threading.Event()
    try:
        if what == "runaway":
            target, args = runaway_client, (url, stop, pause, server_timeout + 60)
        else:
            target, args = slow_client, (url, stop, drip)
        for _ in range(count):
            threading.Thread(target=target, args=args, daemon=True).start()
        time.sleep(5)  # the runaways compute (and pass the long-query mark), the slow connections are open
        texts = list(QUERIES.values())
        latencies: list[float] = []
        answered = sent = 0
        lock = threading.Lock()
        ends = time.monotonic() + duration

        def simple() -> None:
            nonlocal answered, sent
            i = 0
            while time.monotonic() < ends:
                started = time.perf_counter()
                status = post_from("127.0.0.1", url, texts[i % len(texts)], SIMPLE_TIMEOUT)
                seconds = time.perf_counter() - started if status == 200 else max(SIMPLE_TIMEOUT, 0)
                with lock:
                    sent += 1
                    answered += status == 200
                    latencies.append(seconds)
                i += 1

        started = time.perf_counter()
        threads = [threading.Thread(target=simple) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
    finally:
        stop.set()
        process.terminate()
        process.wait(timeout=30)
    latencies.sort()
    p50 = statistics.median(latencies) * 1000
    p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))] * 1000
    return (f"| {what} | {count} | {answered} of {sent} | {answered / elapsed:,.1f} | {p50:,.1f} | {p95:,.1f} | "
            f"{latencies[-1] * 1000:,.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--runaway", type=int, action="append",
                        help="runaway queries in flight during the load (repeatable; default: 0 and 8)")
    parser.add_argument("--server-timeout", type=float, default=60.0,
                        help="srbgraph serve --timeout: keep it longer than the load (default 60 s)")
    parser.add_argument("--fair", type=int, action="append", default=[], metavar="N",
                        help="N runaway queries kept in flight by one client, simple queries timed from another")
    parser.add_argument("--slowloris", type=int, action="append", default=[], metavar="N",
                        help="N slow connections from one client, simple queries timed from another")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of simple queries (fairness rows)")
    parser.add_argument("--retry-pause", type=float, default=0.2, help="pause before a refused runaway is sent again")
    parser.add_argument("--drip", type=float, default=2.0, help="seconds between the bytes of a slow connection")
    args = parser.parse_args()
    if args.fair or args.slowloris:
        print("| load from one client | N | simple queries answered | queries/s | p50 (ms) | p95 (ms) | slowest (ms) |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for count in args.fair:
            print(fair_row("runaway", count, args.duration, 120.0, args.retry_pause, args.drip), flush=True)
        for count in args.slowloris:
            print(fair_row("slowloris", count, args.duration, 120.0, args.retry_pause, args.drip), flush=True)
        return
    print("| clients | queries | runaway queries in flight | errors | seconds | queries/s | p50 (ms) | p99 (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for runaway in args.runaway or [0, 8]:
        print(one_row(args.clients, args.queries, runaway, args.server_timeout), flush=True)


if __name__ == "__main__":
    main()
