"""Export time against label size: is `srbgraph export` linear in the length of a label?

    python3 benchmarks/bench_export_labels.py                        # labels of 1, 3 and 9 MB
    python3 benchmarks/bench_export_labels.py --sizes 1 3 --format csv
    python3 benchmarks/bench_export_labels.py --tree /tmp/before     # another checkout (git archive …)

A copy of the shipped data gets two huge German labels (an obstacle's and the goal it hinders, so
each also stands in the rows that link to it), then each size is timed as a user runs it, a new
process each, in its own build cache: ``srbgraph build`` (YAML → graph → cache) and then
``srbgraph export -f xlsx`` (reads the cached N-Triples back with rdflib, writes the workbook). With
two 9 MB labels the export once took 793 s: rdflib's N-Triples reader is quadratic in the length
of a line. The last column divides the export time by the label size: flat when linear. Nothing
here runs in the test suite.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIG = [("obstacles.yaml", "obstacle-be-personal-im-srb"), ("goals.yaml", "goal-fachpersonal-gewinnen-sichern")]
FILLER = "Wort und Satz über Bäume "  # no glossary term: the data stays valid


def data_with_labels(target: Path, megabytes: float) -> Path:
    """A copy of the shipped data whose two entities of :data:`BIG` have labels of *megabytes* MB."""
    sys.path.insert(0, str(REPO))
    from srbgraph import resources

    shutil.copytree(resources.data_dir(), target)
    size = int(megabytes * 1_000_000)
    label = (FILLER * (size // len(FILLER) + 1))[:size].strip()
    for name, ident in BIG:
        path = target / name
        text, found = re.subn(rf'(  - id: {re.escape(ident)}\n    label_de: )"[^"\n]*"',
                              lambda match: match.group(1) + '"' + label + '"', path.read_text(encoding="utf-8"))
        if found != 1:
            raise SystemExit(f"{path}: no label_de of {ident} on the line after its id")
        path.write_text(text, encoding="utf-8")
    return target


def timed(tree: Path, cache: Path, *args: str, timeout: float) -> float | None:
    """Seconds `srbgraph ARGS` takes, run from *tree*; None when it ran out of time."""
    env = {**os.environ, "PYTHONPATH": str(tree), "SRBGRAPH_CACHE_DIR": str(cache)}
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-m", "srbgraph", *args], env=env, capture_output=True, text=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        raise SystemExit(f"srbgraph {' '.join(args)} failed: {done.stderr.strip()[-500:]}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", type=float, default=[1, 3, 9], metavar="MB")
    parser.add_argument("--format", default="xlsx", choices=["xlsx", "csv", "ttl", "nt"])
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout to run [default: this one]")
    parser.add_argument("--timeout", type=float, default=1800, help="give up on one command after S seconds")
    options = parser.parse_args()
    print(f"tree {options.tree}, export -f {options.format}")
    print(f"{'label MB':>8}  {'build s':>8}  {'export s':>9}  {'export s/MB':>11}")
    with tempfile.TemporaryDirectory(prefix="bench-export-") as scratch:
        for megabytes in options.sizes:
            work = Path(scratch) / f"{megabytes:g}"
            data = data_with_labels(work / "data", megabytes)
            out = work / f"out.{options.format}" if options.format != "csv" else work / "csv"
            build = timed(options.tree, work / "cache", "build", "--data", str(data), timeout=options.timeout)
            export = timed(options.tree, work / "cache", "export", "-f", options.format, "--data", str(data),
                           "-o", str(out), timeout=options.timeout)
            shown = f"{export:9.1f}  {export / megabytes:11.2f}" if export is not None else \
                f"{'>' + format(options.timeout, 'g'):>9}  {'':>11}"
            print(f"{megabytes:8g}  {build:8.1f}  {shown}", flush=True)


if __name__ == "__main__":
    main()
