"""How long a command takes from start to exit, as a user starting it in a shell sees it.

Each command runs as a new process (``python3 -m srbgraph …``) on the shipped graph with a warm
build cache. With ``--against TREE`` (another checkout, e.g. a ``git worktree`` of an older
commit) both checkouts run in turn, alternating round by round so that a busy moment of the
machine hits both alike, each with its own build cache (they would otherwise rebuild each
other's); the table gives the medians and the difference.

    python3 benchmarks/bench_start.py
    python3 benchmarks/bench_start.py --against /tmp/before --rounds 40
    python3 benchmarks/bench_start.py -c "paths" -c "paths Fachkräftemangel" -c "query goals-without-indicators"
    python3 benchmarks/bench_start.py --against /tmp/before --first-run --rounds 5

``--first-run`` times the first run instead: once with the cache emptied (the command builds the
graph first), once with only the build in it (the command files its kept results).

Bytecode caches are written (``PYTHONDONTWRITEBYTECODE`` is unset for the runs): a machine where
srbgraph is installed has them, and without them every start compiles every module again.
"""
from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
DEFAULT_COMMANDS = ["--help", "paths", "paths goal-fachpersonal-gewinnen-sichern", "gaps",
                    "query goals-without-indicators"]


def run_once(tree: Path, args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "srbgraph", *args], cwd=tree, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    took = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench_start: `srbgraph {shlex.join(args)}` failed in {tree}: "
                 f"{done.stderr.decode('utf-8', 'replace').strip().splitlines()[-1:]}")
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another checkout to compare with (run in turn)")
    parser.add_argument("-c", "--command", action="append", dest="commands", metavar="ARGS",
                        help="a command line after `srbgraph` (repeatable; default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=30, help="runs of each command per checkout")
    parser.add_argument("--warmup", type=int, default=3, help="runs before timing (build cache, bytecode)")
    parser.add_argument("--first-run", action="store_true",
                        help="time the first run: from an empty cache, and with only the build in it")
    options = parser.parse_args()
    commands = [shlex.split(c) for c in (options.commands or DEFAULT_COMMANDS)]
    trees = {"this": HERE}
    if options.against:
        trees["against"] = options.against.resolve()
    caches = tempfile.TemporaryDirectory(prefix="srbgraph-bench-start-")
    envs = {}
    for name in trees:
        env = dict(os.environ, SRBGRAPH_CACHE_DIR=str(Path(caches.name) / name))
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        envs[name] = env
    for name, tree in trees.items():
        for args in commands:
            for _ in range(options.warmup):
                run_once(tree, args, envs[name])
    if options.first_run:
        commands = [[*args, "(empty cache)"] for args in commands] + [[*args, "(only the build)"] for args in commands]
    times: dict[tuple[str, int], list[float]] = {(name, i): [] for name in trees for i in range(len(commands))}
    order = list(trees)
    for round_number in range(options.rounds):
        print(f"\rround {round_number + 1}/{options.rounds}", end="", file=sys.stderr, flush=True)
        for name in order if round_number % 2 == 0 else order[::-1]:
            for i, args in enumerate(commands):
                if options.first_run:
                    args = _emptied(args, Path(envs[name]["SRBGRAPH_CACHE_DIR"]))
                times[(name, i)].append(run_once(trees[name], args, envs[name]))
    print(file=sys.stderr)
    head = "| command | " + " | ".join(f"{name} (ms)" for name in trees) + (" | difference |" if len(trees) > 1 else " |")
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for i, args in enumerate(commands):
        medians = [statistics.median(times[(name, i)]) * 1000 for name in trees]
        cells = [f"{m:.1f}" for m in medians]
        if len(medians) > 1:
            cells.append(f"{medians[0] - medians[1]:+.1f}")
        print(f"| `srbgraph {shlex.join(args)}` | " + " | ".join(cells) + " |")
    caches.cleanup()


def _emptied(args: list[str], cache: Path) -> list[str]:
    """*args* without its note of what to empty, after emptying that part of *cache*: all of it,
    or all but the build (``graph.nt`` and its fingerprint)."""
    *command, what = args
    if what == "(empty cache)":
        shutil.rmtree(cache, ignore_errors=True)
    else:
        shutil.rmtree(cache / "stores", ignore_errors=True)  # kept results; the build stays
    return command


if __name__ == "__main__":
    main()
