"""How long until the browser picture of `srbgraph viz` stands still, and how long the focus
command takes.

Measures, for the whole shipped graph, the neighbourhood of Fachkräftemangel (depth 2) and a
synthetic graph of 5,000 nodes (with a link assertion — support, quote, rationale — on every link,
as the curated graph has): building the view (from an in-memory Oxigraph store, as the command
does, loaded beforehand; versions whose build_view takes only an rdflib graph get the graph), the
layout (Python), writing the HTML, and in headless Chromium (Debian's /usr/bin/chromium via Playwright) the time from
navigation start until the network is drawn and its positions no longer change — each page opened
--runs times, the median reported. Then the wall time of the whole command
`srbgraph viz --focus Fachkräftemangel --depth 2 -o f.html` (a new process each time, warm build
cache), --runs times after one warm-up run: median, fastest, slowest. Prints two Markdown tables
(the ones in docs/performance.md).

    python3 benchmarks/viz_bench.py                 # 5 runs of each
    python3 benchmarks/viz_bench.py --nodes 2000 --runs 3
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"


def synthetic_graph(n: int, seed: int = 1):
    """The ontology plus *n* individuals (goals, needs, obstacles, measures, indicators) with German
    and English labels, one quote each and about two links per node."""
    from rdflib import RDF, RDFS, Graph, Literal
    from rdflib.namespace import OWL, SKOS

    from srbgraph import resources
    from srbgraph.curated.vocabulary import SRB, SRBR

    rnd = random.Random(seed)
    graph = Graph()
    graph.parse(resources.ontology_file(), format="turtle")
    shares = [("ActionGoal", 0.05), ("DevelopmentNeed", 0.15), ("Obstacle", 0.3), ("Measure", 0.35), ("Indicator", 0.15)]
    members: dict[str, list] = {}
    k = 0
    for cls, share in shares:
        members[cls] = []
        for _ in range(max(1, int(n * share))):
            iri = SRBR[f"{cls.lower()}-{k}"]
            k += 1
            members[cls].append(iri)
            graph.add((iri, RDF.type, SRB[cls]))
            graph.add((iri, RDF.type, OWL.NamedIndividual))
            graph.add((iri, RDFS.label, Literal(f"{cls} Nummer {k} mit etwas längerem Namen", lang="de")))
            graph.add((iri, RDFS.label, Literal(f"{cls} number {k} with a longer name", lang="en")))
            graph.add((iri, SKOS.definition, Literal(f"Synthetic {cls} {k}", lang="en")))
            ev = SRBR[f"evidence/{cls.lower()}-{k}-1"]
            graph.add((iri, SRB.hasEvidence, ev))
            graph.add((ev, RDF.type, SRB.Evidence))
            graph.add((ev, SRB.quote, Literal(f"Ein Zitat zu {cls} {k}.", lang="de")))
            graph.add((ev, SRB.section, Literal("Synthetisch > Abschnitt")))
    links = [("Obstacle", "hinders", "ActionGoal"), ("Obstacle", "hinders", "DevelopmentNeed"),
             ("Measure", "addresses", "Obstacle"), ("ActionGoal", "requires", "DevelopmentNeed"),
             ("Measure", "supports", "ActionGoal"), ("ActionGoal", "measuredBy", "Indicator")]
    for k in range(2 * n):
        src, rel, dst = rnd.choice(links)
        s, o = rnd.choice(members[src]), rnd.choice(members[dst])
        if (s, SRB[rel], o) in graph:
            continue
        graph.add((s, SRB[rel], o))
        # the link's assertion, as the curated graph has one for every path link: support, a
        # quote, and a rationale where the link is the curation's reading
        a = SRBR[f"link/synthetic-{k}"]
        graph.add((a, RDF.type, SRB.Assertion))
        graph.add((a, RDF.subject, s))
        graph.add((a, RDF.predicate, SRB[rel]))
        graph.add((a, RDF.object, o))
        interpreted = rnd.random() < 0.85
        graph.add((a, SRB.support, SRB.interpreted if interpreted else SRB.stated))
        if interpreted:
            graph.add((a, SRB.rationale, Literal(f"Die Kuration liest Verknüpfung {k} aus dem Zusammenhang des "
                                                 "Abschnitts; der Text nennt beide Enden, aber nicht die Beziehung.",
                                                 lang="de")))
        ev = SRBR[f"evidence/link-{k}-1"]
        graph.add((a, SRB.hasEvidence, ev))
        graph.add((ev, RDF.type, SRB.Evidence))
        graph.add((ev, SRB.quote, Literal(f"Ein Zitat, auf dem Verknüpfung {k} beruht.", lang="de")))
        graph.add((ev, SRB.section, Literal("Synthetisch > Abschnitt")))
    return graph


def time_in_browser(browser, path: Path) -> dict:
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    outside = []
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "about:")) else outside.append(r.url))
    page.goto(path.as_uri())
    page.wait_for_function("window.srbViz && window.srbViz.drawn", timeout=600_000)
    drawn_ms = page.evaluate("srbViz.drawnAt")  # ms since navigation start
    # still = the positions no longer change; sampled in the page every 250 ms, the time (since
    # navigation start) of the first sample that equals the one after it
    probe = """() => { const p = srbViz.network.getPositions(); let s = 0, i = 0;
                       for (const k in p) { i += 1; s += (p[k].x * 1.618 + p[k].y) * (1 + i % 7); }
                       return [s, performance.now()]; }"""
    previous, at = page.evaluate(probe)
    still_ms = max(drawn_ms, at)
    while True:
        page.wait_for_timeout(250)
        now, at = page.evaluate(probe)
        if now == previous:
            break
        previous, still_ms = now, at
    page.close()
    assert not outside, outside
    return {"drawn_s": drawn_ms / 1000, "still_s": still_ms / 1000}


def source_of(graph):
    """What the command builds the view from: an in-memory Oxigraph store holding *graph*."""
    from srbgraph.stores.oxigraph import OxigraphStore

    store = OxigraphStore()
    store.load_ntriples(graph.serialize(format="nt", encoding="utf-8"))
    return store


def measure(name: str, graph, browser, folder: Path, runs: int, **kwargs) -> dict:
    from srbgraph.render import viz

    store = source_of(graph)
    t0 = time.perf_counter()
    try:
        view = viz.build_view(store, **kwargs)
    except (TypeError, AttributeError):  # an srbgraph whose build_view takes only an rdflib graph
        t0 = time.perf_counter()
        view = viz.build_view(graph, **kwargs)
    t1 = time.perf_counter()
    viz.layout(view)
    t2 = time.perf_counter()
    path = viz.write(view, folder / f"{len(kwargs)}-{len(view.nodes)}.html")
    t3 = time.perf_counter()
    times = [time_in_browser(browser, path) for _ in range(runs)]
    browser_times = {key: statistics.median(t[key] for t in times) for key in ("drawn_s", "still_s")}
    return {"graph": name, "nodes": len(view.nodes), "edges": len(view.edges), "view_s": t1 - t0,
            "layout_s": t2 - t1, "html_s": t3 - t2, "mb": path.stat().st_size / 1e6, **browser_times}


def command_seconds(args: list[str], folder: Path, runs: int) -> list[float]:
    """Wall times of `python -m srbgraph ARGS` in new processes, after one warm-up run."""
    times = []
    for k in range(runs + 1):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "srbgraph", *args], cwd=folder, check=True, capture_output=True)
        if k:
            times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000, help="size of the synthetic graph")
    parser.add_argument("--runs", type=int, default=5, help="page openings and command runs per figure")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from srbgraph.build_cache import load

    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        os.environ.setdefault("SRBGRAPH_CACHE_DIR", str(Path(tmp) / "cache"))
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        shipped = load(notify=None)
        rows.append(measure("shipped graph", shipped, browser, Path(tmp), args.runs))
        rows.append(measure("shipped graph: --focus Fachkräftemangel --depth 2", shipped, browser, Path(tmp),
                            args.runs, focus="Fachkräftemangel", depth=2))
        rows.append(measure(f"synthetic {args.nodes:,}", synthetic_graph(args.nodes), browser, Path(tmp), args.runs))
        browser.close()
        focus = command_seconds(["viz", "--focus", "Fachkräftemangel", "--depth", "2", "-o", "f.html"],
                                Path(tmp), args.runs)
    print("| graph | nodes | edges | view (s) | layout (s) | write HTML (s) | HTML (MB) | drawn (s) | still (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['graph']} | {r['nodes']:,} | {r['edges']:,} | {r['view_s']:.2f} | {r['layout_s']:.2f} | "
              f"{r['html_s']:.2f} | {r['mb']:.1f} | {r['drawn_s']:.2f} | {r['still_s']:.2f} |")
    print()
    print("| command | runs | median (s) | fastest (s) | slowest (s) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| `srbgraph viz --focus Fachkräftemangel --depth 2 -o f.html` | {len(focus)} | "
          f"{statistics.median(focus):.2f} | {min(focus):.2f} | {max(focus):.2f} |")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
