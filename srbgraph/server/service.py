"""The query side of ``srbgraph serve``: every query guarded, then run in a worker process under a
deadline, a memory cap and caps on the answer's rows and bytes.

* The guard (:mod:`srbgraph.stores.guard`) refuses a query nested deeper than the engine's stack
  takes, and any ``SERVICE`` not allowed with ``--allow-service`` — with ``400`` and the line and
  column, before a worker sees it.
* The worker (:class:`srbgraph.stores.killable.Pool`) is killed at the deadline (``503``), ends at
  its memory cap (``503``), and is replaced; the next query is answered at once by another.
* For the shipped graph, ``--data`` and ``--graph`` the server process loads the graph once and the
  workers are forked from it; for ``--store`` each worker opens the folder read-only (the server
  process never opens it, so it never holds its lock).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from ..errors import QueryError, SrbError
from .results import HttpError

#: most worker processes (each runs one query at a time; they start on demand)
WORKERS = 16
#: worker processes kept ready
WARM = 2
MAX_BYTES = 64 << 20
MAX_MEMORY = 1 << 30


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    headers: dict | None = None


class QueryService:
    """Runs SPARQL queries from clients on the graph held by the worker processes of *pool*."""

    def __init__(self, pool, *, triples: int, timeout: float = 30.0, max_rows: int = 100_000,
                 max_bytes: int = MAX_BYTES, max_memory: int = MAX_MEMORY, allow_service=()):
        self.pool = pool
        self.triples = triples
        self.timeout = timeout
        self.max_rows = max_rows
        self.max_bytes = max_bytes
        self.max_memory = max_memory
        self.allow_service = tuple(allow_service)

    def run(self, query: str, accept: str | None = None, fmt: str | None = None) -> Reply:
        from ..stores.guard import check
        from .results import evaluate

        try:
            check(query, self.allow_service)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        status, kind, body, rows = self.task(evaluate, query, accept, fmt, self.max_rows, self.max_bytes)
        return Reply(status, kind, body, rows)

    def task(self, func, *args):
        """``func(store, *args)`` in a query worker, under the time limit and the memory cap of a
        query (the pages' own look-ups run so, too); what it returns, or an :class:`HttpError`."""
        from ..stores import killable

        deadline = time.monotonic() + self.timeout
        try:
            return self.pool.call(func, *args, deadline=deadline)
        except killable.PoolTimeout as late:
            waited = " (every query worker was busy)" if late.waited_for_worker else ""
            raise HttpError(503, f"query exceeded the time limit of {self.timeout:g} s{waited} "
                                 "(srbgraph serve --timeout S raises it)") from None
        except killable.MemoryLimit:
            raise self._out_of_memory() from None
        except killable.WorkerGone as gone:
            if gone.signal == 6:  # SIGABRT: the engine could not allocate under the cap
                raise self._out_of_memory() from None
            raise HttpError(500, f"the query engine stopped on this query ({gone}); the server goes on") from None
        except killable.TaskFailed as failed:
            raise HttpError(500, f"query failed: {failed}") from None

    def _out_of_memory(self) -> HttpError:
        return HttpError(503, f"query exceeded the memory limit of {self.max_memory >> 20:,} MB "
                              "(srbgraph serve --max-memory raises it)")

    def close(self) -> None:
        self.pool.close()


def open_service(origin, *, timeout: float = 30.0, max_rows: int = 100_000, max_bytes: int = MAX_BYTES,
                 max_memory: int = MAX_MEMORY, workers: int = WORKERS, allow_service=(), notify=None) -> QueryService:
    """The graph of *origin* (a :class:`~srbgraph.stores.select.GraphSource`) behind a pool of query
    workers; a ``--store`` folder is opened read-only."""
    from dataclasses import replace
    from pathlib import Path

    from ..stores.killable import Pool

    if timeout <= 0:
        raise SrbError("--timeout must be more than 0 seconds")
    if max_rows < 1:
        raise SrbError("--max-rows must be 1 or more")
    if not origin.local or origin.engine != "oxigraph":
        raise SrbError(f"srbgraph serve serves a graph it holds itself (the shipped data, --data, --graph or "
                       f"--store), not {origin.describe()} with --engine {origin.engine}"
                       if origin.local else f"srbgraph serve cannot serve {origin.describe()}: query it directly")
    _preload()
    if origin.store:
        if not Path(origin.store).is_dir():
            raise SrbError(f"store folder not found: {origin.store}")
        source = replace(origin, read_only=True)
        opener = source.open  # in each worker: its own read-only handle
    else:
        store = origin.open(notify).loaded()  # loaded once here; the workers are forked from this process

        def opener():
            return store
    pool = Pool(opener, size=workers, warm=min(WARM, workers), max_memory=max_memory)
    triples = pool.start()
    return QueryService(pool, triples=triples or 0, timeout=timeout, max_rows=max_rows, max_bytes=max_bytes,
                        max_memory=max_memory, allow_service=allow_service)


def _preload() -> None:
    """Import here what the workers use, so a forked worker starts without importing anything."""
    import pyoxigraph  # noqa: F401

    from ..model import describe, paths, queries, stats  # noqa: F401 - Turtle prefixes; the look-ups of the pages
    from ..stores import guard, oxigraph  # noqa: F401
    from ..terms import IRI  # noqa: F401
    from . import rdfout, results, tasks  # noqa: F401
