"""Publishing the curated graph to an external triple store through the SPARQL 1.1 Graph Store
Protocol (GSP): one HTTP ``PUT`` of the built N-Triples to ``URL?graph=IRI`` replaces that named
graph (``URL?default`` the default graph), so pushing again never duplicates anything.

The URL is the store's Graph Store address, not its query address:

* Oxigraph (``oxigraph serve``): ``http://host:7878/store``
* Apache Jena Fuseki: ``http://host:3030/DATASET/data``
* GraphDB: ``http://host:7200/repositories/REPO/rdf-graphs/service``
* Virtuoso: ``http://host:8890/sparql-graph-crud-auth`` (with user and password)

User and password may stand in the URL (``http://user:password@host/…``): the HTTP client
(:mod:`srbgraph.stores.http`) answers Basic or Digest and checks them before the graph is sent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from ..errors import SrbError
from ..terms import CURATED_GRAPH
from .http import ConnectionLost, HttpClient, HttpStatusError, split_credentials

DEFAULT_GRAPH = CURATED_GRAPH


@dataclass
class PushReport:
    url: str  # without user and password
    graph: str | None  # None: the default graph
    triples: int
    status: int
    seconds: float


def target_url(endpoint: str, graph: str | None) -> tuple[str, str, tuple[str, str] | None]:
    """(URL to PUT to, the same for messages, (user, password) from the URL or None); neither URL
    holds the user or the password."""
    if not re.match(r"https?://", endpoint or ""):
        raise SrbError(f"--endpoint must be an http(s) URL of a Graph Store (e.g. http://127.0.0.1:7878/store), "
                       f"got {endpoint!r}")
    if graph is not None and re.search(r'[\x00-\x20<>"{}|^`\\]', graph):
        raise SrbError(f"--named-graph is not a valid IRI: {graph!r}")
    plain, credentials = split_credentials(endpoint)
    parts = urlsplit(plain)
    selector = "default" if graph is None else "graph=" + quote(graph, safe="")
    query = f"{parts.query}&{selector}" if parts.query else selector
    url = urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))
    return url, url, credentials


_HINTS = {
    404: " — is this the store's Graph Store address (oxigraph: …/store, Fuseki: …/DATASET/data, "
         "GraphDB: …/repositories/REPO/rdf-graphs/service, Virtuoso: …/sparql-graph-crud-auth)?",
    403: " — this user may not write to the store",
}


def push(endpoint: str, graph: str | None = DEFAULT_GRAPH, data_dir: Path | None = None, *,
         timeout: float = 300.0, notify=None) -> PushReport:
    """PUT the built graph of *data_dir* into *graph* (None: the default graph) of the Graph Store
    at *endpoint*, replacing what that graph held."""
    import time

    from ..build_cache import ensure_built

    url, shown, credentials = target_url(endpoint, graph)
    client = HttpClient(endpoint, timeout=timeout, what="Graph Store address")
    nt_file = ensure_built(data_dir, notify=notify)
    payload = nt_file.read_bytes()
    triples = sum(1 for line in payload.splitlines() if line.strip() and not line.startswith(b"#"))
    started = time.perf_counter()
    try:
        answer = client.request("PUT", url, data=payload, headers={"Content-Type": "application/n-triples"},
                                authenticate_first=True)
    except HttpStatusError as exc:
        hint = _HINTS.get(exc.status, "")
        if exc.status in (405, 415):
            hint = _HINTS[404]
        elif exc.status in (401, 403) and credentials is None:
            hint = " — the store wants a user and password: http://user:password@host/…"
        elif exc.status == 401:
            hint = " — wrong user or password?"
        raise SrbError(f"{exc}{hint}") from None
    except ConnectionLost as exc:
        hint = "" if credentials else " — does the store want a user and password? http://user:password@host/…"
        raise SrbError(f"{str(exc).replace('the request', 'the graph')}{hint}") from None
    return PushReport(shown, graph, triples, answer.status, time.perf_counter() - started)
