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


def start_server(server_timeout: float) -> tuple[subprocess.Popen, str]:
    log = Path(tempfile.mkdtemp()) / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "srbgraph", "serve", "--port", "0", "--timeout",
                                str(server_timeout)], stdout=subprocess.DEVNULL, stderr=log.open("w"))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--runaway", type=int, action="append",
                        help="runaway queries in flight during the load (repeatable; default: 0 and 8)")
    parser.add_argument("--server-timeout", type=float, default=60.0,
                        help="srbgraph serve --timeout: keep it longer than the load (default 60 s)")
    args = parser.parse_args()
    print("| clients | queries | runaway queries in flight | errors | seconds | queries/s | p50 (ms) | p99 (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for runaway in args.runaway or [0, 8]:
        print(one_row(args.clients, args.queries, runaway, args.server_timeout), flush=True)


if __name__ == "__main__":
    main()
