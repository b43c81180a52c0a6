"""Load on `srbgraph serve`: N concurrent clients send Q SPARQL queries in total over loopback.

Starts `srbgraph serve --port 0` as a subprocess (the shipped graph in memory), runs the load with
urllib clients in threads, and prints throughput and p50/p99 latency as a Markdown table row.

    python3 benchmarks/serve_load.py                      # 20 clients, 2,000 queries
    python3 benchmarks/serve_load.py --clients 50 --queries 10000
"""
from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--queries", type=int, default=2000)
    args = parser.parse_args()
    log = Path(tempfile.mkdtemp()) / "serve.log"
    process = subprocess.Popen([sys.executable, "-m", "srbgraph", "serve", "--port", "0"],
                               stdout=subprocess.DEVNULL, stderr=log.open("w"))
    try:
        deadline = time.monotonic() + 60
        while not (found := re.search(r"at (http://127\.0\.0\.1:\d+/)", log.read_text())):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"srbgraph serve did not start: {log.read_text()}")
            time.sleep(0.05)
        url = found.group(1) + "sparql"
        texts = list(QUERIES.values())

        def one(i: int) -> tuple[float, bool]:
            body = urllib.parse.urlencode({"query": texts[i % len(texts)]}).encode()
            request = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    json.loads(response.read())
                    ok = response.status == 200
            except OSError:
                ok = False
            return time.perf_counter() - started, ok

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.clients) as pool:
            results = list(pool.map(one, range(args.queries)))
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=10)
    latencies = sorted(ms for ms, _ok in results)
    errors = sum(1 for _ms, ok in results if not ok)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000
    print("| clients | queries | errors | seconds | queries/s | p50 (ms) | p99 (ms) |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(f"| {args.clients} | {args.queries:,} | {errors} | {elapsed:.2f} | {args.queries / elapsed:,.0f} "
          f"| {p50:.1f} | {p99:.1f} |")


if __name__ == "__main__":
    main()
