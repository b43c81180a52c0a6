"""Publishing the curated graph to an external triple store through the SPARQL 1.1 Graph Store
Protocol (GSP): one HTTP ``PUT`` of the built N-Triples to ``URL?graph=IRI`` replaces that named
graph (``URL?default`` the default graph), so pushing again never duplicates anything.

The URL is the store's Graph Store address, not its query address:

* Oxigraph (``oxigraph serve``): ``http://host:7878/store``
* Apache Jena Fuseki: ``http://host:3030/DATASET/data``
* GraphDB: ``http://host:7200/repositories/REPO/rdf-graphs/service``
* Virtuoso: ``http://host:8890/sparql-graph-crud-auth`` (with user and password)

User and password may stand in the URL (``http://user:password@host/…``): they are sent as HTTP
Basic authentication and never printed.
"""
from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from .errors import SrbError
from .store import CURATED_GRAPH

DEFAULT_GRAPH = CURATED_GRAPH


@dataclass
class PushReport:
    url: str  # without user and password
    graph: str | None  # None: the default graph
    triples: int
    status: int
    seconds: float


def target_url(endpoint: str, graph: str | None) -> tuple[str, str, str | None]:
    """(URL to PUT to, the same without credentials, Basic authorization or None)."""
    if not re.match(r"https?://", endpoint or ""):
        raise SrbError(f"--endpoint must be an http(s) URL of a Graph Store (e.g. http://127.0.0.1:7878/store), "
                       f"got {endpoint!r}")
    parts = urlsplit(endpoint)
    auth = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        from urllib.parse import unquote

        auth = "Basic " + base64.b64encode(unquote(userinfo).encode("utf-8")).decode("ascii")
    if graph is not None and re.search(r'[\x00-\x20<>"{}|^`\\]', graph):
        raise SrbError(f"--graph is not a valid IRI: {graph!r}")
    selector = "default" if graph is None else "graph=" + quote(graph, safe="")
    query = f"{parts.query}&{selector}" if parts.query else selector
    url = urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))
    return url, url, auth


def push(endpoint: str, graph: str | None = DEFAULT_GRAPH, data_dir: Path | None = None, *,
         timeout: float = 300.0, notify=None) -> PushReport:
    """PUT the built graph of *data_dir* into *graph* (None: the default graph) of the Graph Store
    at *endpoint*, replacing what that graph held."""
    import time
    import urllib.error
    import urllib.request

    from .graph import ensure_built

    url, shown, auth = target_url(endpoint, graph)
    nt_file = ensure_built(data_dir, notify=notify)
    payload = nt_file.read_bytes()
    triples = sum(1 for line in payload.splitlines() if line.strip() and not line.startswith(b"#"))
    headers = {"Content-Type": "application/n-triples", "User-Agent": "srbgraph"}
    if auth:
        headers["Authorization"] = auth
    request = urllib.request.Request(url, data=payload, method="PUT", headers=headers)
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
        hint = ""
        if exc.code in (404, 405, 415):
            hint = (" — is this the store's Graph Store address (oxigraph: …/store, Fuseki: …/DATASET/data, "
                    "GraphDB: …/repositories/REPO/rdf-graphs/service)?")
        elif exc.code in (401, 403):
            hint = " — the store wants a user and password: http://user:password@host/…"
        raise SrbError(f"{shown} answered {exc.code} {exc.reason}{': ' + detail if detail else ''}{hint}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SrbError(f"cannot reach {shown}: {reason}") from None
    return PushReport(shown, graph, triples, status, time.perf_counter() - started)
