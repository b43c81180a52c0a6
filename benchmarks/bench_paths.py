"""Load and path-query times on growing graphs, per store; raw engine time beside srbgraph's.

    python3 benchmarks/bench_paths.py                       # 1e4, 1e5, 1e6 triples
    python3 benchmarks/bench_paths.py --sizes 10000 --repeat 5 --markdown /tmp/table.md

The graph is the shipped build plus synthetic linked data of the same shape: clusters of one action
goal (contributing to the guiding goal), two development needs it requires, three obstacles hindering
the goal or a need, four measures addressing the obstacles (one of which also supports the goal
directly) and a fifth measure that only supports the goal — each with German and English labels and
one evidence node (quote, section) — and one indicator per goal. Every link carries its
``srb:Assertion`` as the curated data does (support: one in five stated, the rest interpreted with a
rationale; one evidence node), unless ``--no-assertions``. rdflib is timed only up to
``--rdflib-max`` triples (its in-memory load of 10^6 triples takes ~40 s here).
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from srbgraph.curated.build import build_graph
from srbgraph.model import queries
from srbgraph.model.paths import PATH_KINDS, find_paths
from srbgraph.rdf_io import serialize
from srbgraph.stores.oxigraph import OxigraphStore
from srbgraph.stores.rdflib_store import RdflibStore
from srbgraph.stores.sparql import bind_values
from srbgraph.terms import IRI, Literal

SRB = "https://w3id.org/srbgraph/ontology#"
SRBR = "https://w3id.org/srbgraph/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDF_TYPE = RDF + "type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
NAMED = "http://www.w3.org/2002/07/owl#NamedIndividual"


def synthetic(target_triples: int, base_triples: int, seed: int = 7,
              assertions: bool = True) -> tuple[str, list[str]]:
    """N-Triples of synthetic clusters, enough to reach *target_triples*; and the goal ids."""
    rng = random.Random(seed)
    lines: list[str] = []
    goals: list[str] = []

    def entity(ident: str, cls: str, de: str, en: str) -> None:
        s = f"<{SRBR}{ident}>"
        ev = f"<{SRBR}evidence/{ident}-1>"
        lines.extend([
            f"{s} <{RDF_TYPE}> <{SRB}{cls}> .", f"{s} <{RDF_TYPE}> <{NAMED}> .",
            f'{s} <{LABEL}> "{de}"@de .', f'{s} <{LABEL}> "{en}"@en .',
            f"{s} <{SRB}hasEvidence> {ev} .", f"{ev} <{RDF_TYPE}> <{SRB}Evidence> .",
            f'{ev} <{SRB}quote> "Synthetisches Zitat {ident}" .', f'{ev} <{SRB}section> "Synthetisch" .',
        ])

    def link(a: str, prop: str, b: str) -> None:
        lines.append(f"<{SRBR}{a}> <{SRB}{prop}> <{SRBR}{b}> .")
        if not assertions:
            return
        node, ev = f"<{SRBR}link/{a}/{prop}/{b}>", f"<{SRBR}evidence/link/{a}/{prop}/{b}-1>"
        support = "stated" if rng.random() < 0.2 else "interpreted"
        lines.extend([
            f"{node} <{RDF_TYPE}> <{SRB}Assertion> .", f"{node} <{RDF}subject> <{SRBR}{a}> .",
            f"{node} <{RDF}predicate> <{SRB}{prop}> .", f"{node} <{RDF}object> <{SRBR}{b}> .",
            f"{node} <{SRB}support> <{SRB}{support}> .", f"{node} <{SRB}hasEvidence> {ev} .",
            f"{ev} <{RDF_TYPE}> <{SRB}Evidence> .", f'{ev} <{SRB}quote> "Synthetisches Zitat {a} {prop}" .',
            f'{ev} <{SRB}section> "Synthetisch" .',
        ])
        if support == "interpreted":
            lines.append(f'{node} <{SRB}rationale> "Synthetische Begründung"@de .')

    cluster = 0
    while base_triples + len(lines) < target_triples:
        c = f"syn{cluster:06d}"
        goal = f"goal-{c}"
        goals.append(goal)
        entity(goal, "ActionGoal", f"Synthetisches Ziel {cluster}", f"Synthetic goal {cluster}")
        link(goal, "contributesTo", "goal-leitziel-weiterentwicklung-srb")
        needs = [f"need-{c}-{i}" for i in range(2)]
        for i, need in enumerate(needs):
            entity(need, "DevelopmentNeed", f"Bedarf {cluster}.{i}", f"Need {cluster}.{i}")
            link(goal, "requires", need)
        obstacles = [f"obstacle-{c}-{i}" for i in range(3)]
        for i, obstacle in enumerate(obstacles):
            entity(obstacle, "Obstacle", f"Bremse {cluster}.{i}", f"Obstacle {cluster}.{i}")
            link(obstacle, "hinders", rng.choice([goal, *needs]))
        for i in range(4):
            measure = f"measure-{c}-{i}"
            entity(measure, "Measure", f"Maßnahme {cluster}.{i}", f"Measure {cluster}.{i}")
            link(measure, "addresses", rng.choice(obstacles))
            if i == 0:  # a measure that addresses an obstacle and serves the goal directly too
                link(measure, "supports", goal)
        direct = f"measure-{c}-4"  # a measure that only serves the goal directly
        entity(direct, "Measure", f"Maßnahme {cluster}.4", f"Measure {cluster}.4")
        link(direct, "supports", goal)
        indicator = f"ind-{c}"
        entity(indicator, "Indicator", f"Indikator {cluster}", f"Indicator {cluster}")
        link(goal, "measuredBy", indicator)
        cluster += 1
    return "\n".join(lines) + "\n", goals


def median_ms(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def raw_oxigraph(store: OxigraphStore, text: str):
    def run():
        result = store.store.query(text)
        n = len(result.variables)
        for solution in result:
            for i in range(n):
                solution[i]
    return run


def raw_rdflib(store: RdflibStore, text: str):
    def run():
        for row in store.graph.query(text):
            tuple(row)
    return run


def raw_pair(raw):
    """The four queries srbgraph sends for every path on an embedded store (path-ids, goal-links,
    labels, link-support), read raw by *raw*."""
    return lambda store, lang: _pair(raw, store, lang)


def _pair(raw, store, lang: str):
    links = raw(store, queries.named("path-ids").text)
    goal_links = raw(store, queries.named("goal-links").text)
    labels = raw(store, bind_values(queries.named("labels").text, {"lang": Literal(lang)}))
    support = raw(store, queries.named("link-support").text)

    def run():
        labels()
        links()
        goal_links()
        support()
    return run


def timings(store, name: str, triples: int, load_s: float, reopen_s, goal_id: str, repeat: int,
            raw, pair=None, persistent: bool = False) -> dict:
    paths_text = queries.named("paths").text
    lang = {"lang": Literal("de")}
    one = {**lang, "goal": IRI(SRBR + goal_id)}
    all_repeat = max(3, repeat // 5)
    row = dict(store=name, triples=triples, load_s=load_s, reopen_s=reopen_s,
               one_raw=median_ms(raw(store, bind_values(paths_text, one)), repeat),
               one_srb=median_ms(lambda: find_paths(store, [goal_id]), repeat),
               all_raw=median_ms(raw(store, bind_values(paths_text, lang)), all_repeat),
               all_pair=median_ms(pair(store, "de"), all_repeat) if pair else None,
               all_srb=median_ms(lambda: find_paths(store, cache=False), all_repeat),
               first=None, kept=None)
    if persistent:
        row["first"] = median_ms(lambda: find_paths(store), 1)  # computes and keeps the listing
        row["kept"] = median_ms(lambda: find_paths(store), all_repeat)
    listing = find_paths(store, cache=False)
    row["paths"] = sum(1 for p in listing if p.kind in PATH_KINDS)  # goal → … → measure (or an open end)
    row["listed"] = len(listing)  # and the indicators and goal links beside them
    row["per_item_us"] = row["all_srb"] * 1000 / max(1, row["listed"])
    return row


def bench(size: int, base_nt: bytes, repeat: int, rdflib_max: int, folder: Path,
          assertions: bool = True) -> list[dict]:
    base_triples = base_nt.count(b"\n")
    extra, goals = synthetic(size, base_triples, assertions=assertions)
    nt = base_nt + extra.encode("utf-8")
    triples = nt.count(b"\n")
    path = folder / f"graph-{size}.nt"
    path.write_bytes(nt)
    goal_id = goals[len(goals) // 2] if goals else "goal-orientierung-an-bedarfen"
    rows = []

    # Oxigraph in memory (how srbgraph holds the shipped graph)
    start = time.perf_counter()
    mem = OxigraphStore()
    mem.load_ntriples(path)
    load_s = time.perf_counter() - start
    rows.append(timings(mem, "oxigraph (memory)", triples, load_s, None, goal_id, repeat, raw_oxigraph,
                        raw_pair(raw_oxigraph)))
    mem.close()

    # Oxigraph, persistent store on disk (srbgraph --store DIR)
    store_dir = folder / f"ox-{size}"
    start = time.perf_counter()
    ox = OxigraphStore(store_dir)
    ox.load_ntriples(path)
    ox.close()
    load_s = time.perf_counter() - start
    start = time.perf_counter()
    ox = OxigraphStore(store_dir)
    reopen_s = time.perf_counter() - start
    rows.append(timings(ox, "oxigraph (disk)", triples, load_s, reopen_s, goal_id, repeat, raw_oxigraph,
                        raw_pair(raw_oxigraph), persistent=True))
    ox.close()

    if triples <= rdflib_max:
        from rdflib import Graph

        start = time.perf_counter()
        graph = Graph()
        graph.parse(path, format="nt")
        load_s = time.perf_counter() - start
        rows.append(timings(RdflibStore(graph), "rdflib (memory)", triples, load_s, None, goal_id,
                            max(3, repeat // 10), raw_rdflib, raw_pair(raw_rdflib)))
    shutil.rmtree(store_dir, ignore_errors=True)
    path.unlink()
    return rows


def table(rows: list[dict]) -> str:
    def f(v, digits=1):
        return "–" if v is None else f"{v:,.{digits}f}"

    def share(v, base):
        return "–" if v is None or not base else f"{(v / base - 1) * 100:+.0f} %"
    out = ["| store | triples | load s | reopen s | one goal: engine ms | one goal: srbgraph ms | "
           "all: engine, paths.rq ms | all: engine, path-ids + goal-links + labels + link-support ms | "
           "all: srbgraph ms | "
           "srbgraph vs paths.rq | all: srbgraph first run ms | all: srbgraph kept ms | paths | listed | "
           "all: srbgraph µs per listed |",
           "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        out.append(f"| {r['store']} | {r['triples']:,} | {f(r['load_s'], 2)} | {f(r['reopen_s'], 3)} | "
                   f"{f(r['one_raw'], 2)} | {f(r['one_srb'], 2)} | {f(r['all_raw'])} | {f(r['all_pair'])} | "
                   f"{f(r['all_srb'])} | {share(r['all_srb'], r['all_raw'])} | {f(r['first'])} | "
                   f"{f(r['kept'])} | {r['paths']:,} | {r['listed']:,} | {f(r['per_item_us'])} |")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=50, help="runs per timing (median)")
    parser.add_argument("--rdflib-max", type=int, default=20_000,
                        help="time rdflib only up to this many triples (it needs minutes beyond)")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    parser.add_argument("--no-assertions", dest="assertions", action="store_false",
                        help="synthetic links without their srb:Assertion (the graph before link support)")
    args = parser.parse_args()
    base_nt = serialize(build_graph(), "nt")
    rows = []
    with tempfile.TemporaryDirectory(prefix="srbgraph-bench-") as tmp:
        os.environ["SRBGRAPH_CACHE_DIR"] = str(Path(tmp) / "cache")  # kept listings go here, not to ~/.cache
        for size in args.sizes:
            print(f"… {size:,} triples", file=sys.stderr, flush=True)
            rows.extend(bench(size, base_nt, args.repeat, args.rdflib_max, Path(tmp), args.assertions))
    text = table(rows)
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
