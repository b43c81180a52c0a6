"""The query side of ``srbgraph serve``: every query guarded, then run in a worker process under a
deadline, a memory cap and caps on the answer's rows and bytes.

* The guard (:mod:`srbgraph.stores.guard`) refuses a query nested deeper than the engine's stack
  takes, and any ``SERVICE`` not allowed with ``--allow-service`` — with ``400`` and the line and
  column, before a worker sees it.
* The worker (:class:`srbgraph.stores.killable.Pool`) is killed at the deadline (``503``), ends at
  its memory cap (``503``), and is replaced; the next query is answered at once by another.
* Fair capacity (issue #25): each client — the remote address of the connection — may have
  :data:`PER_CLIENT` queries in the pool at once (running or waiting for a worker) and as many
  waiting for a slot of its own; beyond that it is answered ``429`` with ``Retry-After`` at once.
  :data:`RESERVED` workers are kept for short queries: at most ``workers − reserved`` queries may
  run longer than a second at once, and one more that passes the second is stopped there with
  ``503``. So one client's runaway queries cannot take the workers or the request threads from
  the others. Behind a reverse proxy on the same machine every request comes from the proxy's
  address and counts as one client: the proxy must then limit its own clients.
* For the shipped graph, ``--data`` and ``--graph`` the server process loads the graph once and the
  workers are forked from it; for ``--store`` each worker opens the folder read-only (the server
  process never opens it, so it never holds its lock).
"""
from __future__ import annotations

import contextvars
import time
from dataclasses import dataclass

from ..errors import SrbError
from .results import HttpError

#: most worker processes (each runs one query at a time; they start on demand)
WORKERS = 16
#: worker processes kept ready
WARM = 2
MAX_BYTES = 64 << 20
MAX_MEMORY = 1 << 30
#: workers kept for short queries (long ones may hold the others)
RESERVED = 4
#: queries one client may have in the pool at once (None: workers − reserved)
PER_CLIENT = None
#: seconds a refused client is told to wait (Retry-After)
RETRY_AFTER = 5
#: the client of the request being answered (its remote address; set by the WSGI application)
CLIENT: contextvars.ContextVar = contextvars.ContextVar("srbgraph_client", default=None)


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    rows: int | None = None
    headers: dict | None = None
    #: the status line's phrase when not the standard one (:attr:`HttpError.reason`)
    reason: str | None = None


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

    def run(self, query: str, accept: str | None = None, fmt: str | None = None, *, base: str | None = None,
            dataset=None) -> Reply:
        """Answer *query*: relative IRIs resolved against *base* (the endpoint's IRI), on the
        *dataset* of the request (an :class:`~srbgraph.server.app.Dataset`, or None: the query's own)."""
        from .results import evaluate

        graphs = None if dataset is None else (dataset.default, dataset.named)
        # the guard reads the query in the worker, not here: a long text takes the SPARQL parser
        # seconds, which then count against this request's deadline and its client's share of the
        # workers, never against the server's threads or the other clients
        status, kind, body, rows, reason = self.task(evaluate, query, accept, fmt, self.max_rows, self.max_bytes,
                                                     base, graphs, self.allow_service)
        return Reply(status, kind, body, rows, reason=reason)

    def task(self, func, *args):
        """``func(store, *args)`` in a query worker, under the time limit and the memory cap of a
        query (the pages' own look-ups run so, too); what it returns, or an :class:`HttpError`."""
        from ..stores import killable

        deadline = time.monotonic() + self.timeout
        try:
            return self.pool.call(func, *args, deadline=deadline, client=CLIENT.get())
        except killable.Busy as busy:
            if busy.client:
                raise HttpError(429, f"too many queries at once: {busy} (the limit of srbgraph serve --per-client "
                                     f"{self.pool.per_client}); try again when one has ended",
                                {"Retry-After": str(RETRY_AFTER)}) from None
            raise HttpError(503, f"server busy: {busy} (srbgraph serve --reserved {self.pool.reserved} keeps "
                                 "workers for short queries); try again later", {"Retry-After": str(RETRY_AFTER)}) from None
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
                 max_memory: int = MAX_MEMORY, workers: int = WORKERS, allow_service=(), notify=None,
                 reserved: int | None = None, per_client: int | None = PER_CLIENT) -> QueryService:
    """The graph of *origin* (a :class:`~srbgraph.stores.select.GraphSource`) behind a pool of query
    workers; a ``--store`` folder is opened read-only."""
    from dataclasses import replace
    from pathlib import Path

    from ..stores.killable import Pool

    origin = replace(origin, allow_service=tuple(allow_service))  # workers without network unless a SERVICE is allowed
    if timeout <= 0:
        raise SrbError("--timeout must be more than 0 seconds")
    if max_rows < 1:
        raise SrbError("--max-rows must be 1 or more")
    if reserved is None:  # the default: RESERVED, but never more than a quarter of the workers
        reserved = min(RESERVED, workers // 4)
    if not 0 <= reserved < workers:
        raise SrbError(f"--reserved must be less than --workers ({workers}): the others run the long queries")
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
    pool = Pool(opener, size=workers, warm=min(WARM, workers), max_memory=max_memory, reserved=reserved,
                per_client=per_client)
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
