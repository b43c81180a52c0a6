"""What the query guard costs (srbgraph.stores.guard.check) on a caller's text that is not plainly
harmless: a query of about 10 KB holding an allowed SERVICE, so that both readings run in full —
the token scan and the parse by rdflib's SPARQL grammar (see the guard's module doc). Each run
skips the guard's cache of passed texts; medians of ``--repeat`` runs.

    python3 benchmarks/guard_check.py
    python3 benchmarks/guard_check.py --size 40000 --repeat 5
"""
from __future__ import annotations

import argparse
import statistics
import time

SERVICE = "https://query.wikidata.org/sparql"


def query_of(size: int) -> str:
    lines = ["PREFIX ex: <http://example.org/>", "SELECT ?s WHERE {"]
    number = 0
    while sum(map(len, lines)) < size:
        lines.append(f"  OPTIONAL {{ ?s ex:p{number} ?o{number} . FILTER(?o{number} < {number} && "
                     f"STR(?o{number}) != 'x{number}') }}")
        number += 1
    lines.append(f"  SERVICE <{SERVICE}> {{ ?s ?p ?o }}\n}}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="characters of the query [10000]")
    parser.add_argument("--repeat", type=int, default=20, help="runs [20]")
    args = parser.parse_args()
    from srbgraph.stores import guard

    text = query_of(args.size)
    started = time.perf_counter()
    guard.check(text, [SERVICE])  # the first: imports the parser
    first = time.perf_counter() - started
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        guard._check(text, (SERVICE,))  # uncached
        times.append(time.perf_counter() - started)
    print(f"query of {len(text):,} characters: first check {first * 1000:.0f} ms (with the import), "
          f"median of {args.repeat} {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
