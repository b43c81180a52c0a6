"""How large ``srbgraph site`` writes the shipped graph's site, how long it takes, and how fast its
pages are drawn from disk (issue 28: under 15 MB, written in under 10 s, start and entity page
drawn in under 1 s from disk in headless Chromium).

    python3 benchmarks/bench_site.py                  # --lang de and both, 3 runs each
    python3 benchmarks/bench_site.py --runs 5 --lang de

Each run is ``srbgraph site`` as a reader types it, a new process (the build cache warm: the build
is ``srbgraph build``'s, not the site's); the time is the wall clock of the whole command. Sizes:
the bytes of every file, per top folder. Drawing: Debian's chromium opens ``index.html``, an
entity page (a goal, the largest kind of page), the paths page and ``sparql.html`` by ``file://``
in a fresh context; "drawn" is the navigation's ``loadEventEnd`` (every script and style read and
run), first contentful paint beside it; for the SPARQL page also the time until the graph is
loaded into the engine (``body[data-store=ready]``). Medians of the runs. Nothing here runs in
the test suite.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PAGES = (("start page", "index.html", None), ("entity page (goal)", "resource/goal-finanzierung-notwendiger-mittel.html", None),
         ("entity page (guiding goal, the largest)", "resource/goal-leitziel-weiterentwicklung-srb.html", None),
         ("paths page", "paths.html", None), ("SPARQL page", "sparql.html", "body[data-store=ready]"))


def write(folder: Path, lang: str) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "srbgraph", "site", "-o", str(folder), "--lang", lang],
                          check=False, capture_output=True, text=True, env=env)
    took = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(done.stderr)
    return took


def sizes(folder: Path) -> tuple[int, int, dict[str, int]]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    tops: dict[str, int] = {}
    for path in files:
        parts = path.relative_to(folder).parts
        top = parts[0] + ("/" if len(parts) > 1 else "")
        tops[top] = tops.get(top, 0) + path.stat().st_size
    return len(files), sum(tops.values()), tops


def drawn(folder: Path, runs: int) -> dict[str, tuple[float, float, float | None]]:
    from playwright.sync_api import sync_playwright

    found: dict[str, list[tuple[float, float, float | None]]] = {name: [] for name, _p, _w in PAGES}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                                   "--disable-background-networking"])
        for _ in range(runs):
            for name, path, wait in PAGES:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                started = time.perf_counter()
                page.goto((folder / path).as_uri(), wait_until="load")
                ready = None
                if wait:
                    page.wait_for_selector(wait, timeout=60_000)
                    ready = (time.perf_counter() - started) * 1000
                timing = page.evaluate("""() => new Promise(done => {
                    const nav = performance.getEntriesByType('navigation')[0];
                    // the first paint may come after the load event: wait for it (buffered)
                    new PerformanceObserver(list => {
                        const paint = list.getEntries().find(e => e.name === 'first-contentful-paint');
                        if (paint) done([nav.loadEventEnd, paint.startTime]);
                    }).observe({type: 'paint', buffered: true});
                    setTimeout(() => done([nav.loadEventEnd, null]), 5000); })""")
                found[name].append((timing[0], timing[1] or 0.0, ready))
                context.close()
        browser.close()
    return {name: (statistics.median(r[0] for r in rows), statistics.median(r[1] for r in rows),
                   statistics.median(r[2] for r in rows) if rows[0][2] is not None else None)
            for name, rows in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lang", action="append", choices=["de", "en", "both"])
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        for lang in options.lang or ["de", "both"]:
            folder = Path(scratch) / f"site-{lang}"
            times = [write(folder, lang) for _ in range(options.runs)]
            count, total, tops = sizes(folder)
            print(f"--lang {lang}: {count} files, {total / 1e6:.2f} MB; written in {statistics.median(times):.2f} s "
                  f"(median of {options.runs}: {', '.join(f'{t:.2f}' for t in times)})")
            for top, size in sorted(tops.items(), key=lambda item: -item[1]):
                print(f"    {top:<14} {size / 1e6:6.2f} MB")
            pages = folder / "de" if lang == "both" else folder
            for name, (load, paint, ready) in drawn(pages, options.runs).items():
                extra = f", graph loaded at {ready:.0f} ms" if ready is not None else ""
                print(f"    {name}: drawn (load event) {load:.0f} ms, first paint {paint:.0f} ms{extra}")


if __name__ == "__main__":
    main()
