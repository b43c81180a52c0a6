"""Publishing the curated graph to an external triple store through the SPARQL 1.1 Graph Store
Protocol (GSP): one HTTP ``PUT`` of the built N-Triples to ``URL?graph=IRI`` replaces that named
graph (``URL?default`` the default graph), so pushing again never duplicates anything.

The URL is the store's Graph Store address, not its query address:

* Oxigraph (``oxigraph serve``): ``http://host:7878/store``
* Apache Jena Fuseki: ``http://host:3030/DATASET/data``
* GraphDB: ``http://host:7200/repositories/REPO/rdf-graphs/service``
* Virtuoso: ``http://host:8890/sparql-graph-crud-auth`` (with user and password)

User and password may stand in the URL (``http://user:password@host/…``): they answer the store's
challenge (HTTP ``401``) in the scheme it asks for, Basic or Digest (Virtuoso's
``/sparql-graph-crud-auth`` asks for Digest), and are never printed. With credentials, srbgraph
first asks with body-less ``HEAD`` requests which scheme the store wants and whether it takes the
user and password, and sends the graph only then, already authenticated: a store may close the
connection on a ``401`` while the graph is still being sent (Virtuoso does), and a wrong password
should say so rather than end in a broken pipe.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from ..errors import SrbError
from ..terms import CURATED_GRAPH

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
    from urllib.parse import unquote

    if not re.match(r"https?://", endpoint or ""):
        raise SrbError(f"--endpoint must be an http(s) URL of a Graph Store (e.g. http://127.0.0.1:7878/store), "
                       f"got {endpoint!r}")
    parts = urlsplit(endpoint)
    credentials = None
    netloc = parts.netloc
    if "@" in netloc:
        userinfo, netloc = netloc.rsplit("@", 1)
        user, _, password = userinfo.partition(":")
        credentials = (unquote(user), unquote(password))
    if graph is not None and re.search(r'[\x00-\x20<>"{}|^`\\]', graph):
        raise SrbError(f"--graph is not a valid IRI: {graph!r}")
    selector = "default" if graph is None else "graph=" + quote(graph, safe="")
    query = f"{parts.query}&{selector}" if parts.query else selector
    url = urlunsplit((parts.scheme, netloc, parts.path or "/", query, ""))
    return url, url, credentials


def _challenges(headers) -> dict[str, str]:
    """WWW-Authenticate of a 401 answer: {scheme in lower case: its parameters}."""
    found: dict[str, str] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, params = value.strip().partition(" ")
        found.setdefault(scheme.lower(), params)
    return found


class _Credentials:
    """User and password from the push URL, written as the Authorization a store asks for."""

    def __init__(self, url: str, credentials: tuple[str, str]):
        import urllib.request

        self.user, self.password = credentials
        self.digest = urllib.request.HTTPDigestAuthHandler(_passwords(url, credentials))  # keeps the nonce count

    def authorization(self, request, challenges: dict[str, str]) -> str | None:
        """The Authorization header for *request* (Digest preferred to Basic), None for other schemes."""
        import base64
        import urllib.request

        if "digest" in challenges:
            params = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(
                challenges["digest"])))
            answer = self.digest.get_authorization(request, params)
            return f"Digest {answer}" if answer else None
        if "basic" in challenges:
            pair = f"{self.user}:{self.password}".encode("utf-8")
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None


def _authenticate(request, credentials: tuple[str, str], shown: str, timeout: float) -> None:
    """Give the PUT *request* its Authorization before the graph is sent. A HEAD without credentials
    shows whether and how the store challenges; a HEAD with them checks the user and password
    (its 401 is raised as urllib's HTTPError). A store that does not challenge the HEAD gets the
    PUT as it is (and :func:`_opener` answers a challenge to it)."""
    import urllib.error
    import urllib.request

    url = request.full_url
    probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": "srbgraph"})
    try:
        urllib.request.urlopen(probe, timeout=timeout).close()
        return
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code != 401:
            return
        challenges = _challenges(exc.headers)
    answer = _Credentials(url, credentials)
    authorization = answer.authorization(probe, challenges)
    if authorization is None:
        raise SrbError(f"{shown} asks for an authentication srbgraph cannot answer "
                       f"({', '.join(challenges) or 'no scheme named'}; srbgraph answers Basic and Digest)")
    probe.add_unredirected_header("Authorization", authorization)
    try:
        urllib.request.urlopen(probe, timeout=timeout).close()
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise
        exc.close()  # e.g. 405 or 501: HEAD not offered, but the credentials passed
    request.add_unredirected_header("Authorization", answer.authorization(request, challenges))


def _opener(url: str, credentials: tuple[str, str] | None):
    """A urllib opener that answers a 401 challenge to the PUT once, with Basic or Digest, when the
    URL had credentials (for stores that let the HEAD of :func:`_authenticate` through); a request
    that already carried credentials and is refused gives the 401 as the error it is."""
    import urllib.request

    if credentials is None:
        return urllib.request.build_opener()

    class Once:
        # instead of urllib's retrying (Digest: five more uploads of the whole graph) or its
        # ValueError (Basic, when the server asks for Digest)
        def http_error_401(self, req, fp, code, msg, headers):
            if req.has_header("Authorization"):
                return None
            return super().http_error_401(req, fp, code, msg, headers)

    class Digest(Once, urllib.request.HTTPDigestAuthHandler):
        pass

    class Basic(Once, urllib.request.HTTPBasicAuthHandler):
        pass

    passwords = _passwords(url, credentials)
    return urllib.request.build_opener(Digest(passwords), Basic(passwords))


def _passwords(url: str, credentials: tuple[str, str]):
    """urllib's password store holding *credentials* for every realm of *url*'s host."""
    import urllib.request

    parts = urlsplit(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", *credentials)
    return passwords


def push(endpoint: str, graph: str | None = DEFAULT_GRAPH, data_dir: Path | None = None, *,
         timeout: float = 300.0, notify=None) -> PushReport:
    """PUT the built graph of *data_dir* into *graph* (None: the default graph) of the Graph Store
    at *endpoint*, replacing what that graph held."""
    import time
    import urllib.error
    import urllib.request

    from ..build_cache import ensure_built

    url, shown, credentials = target_url(endpoint, graph)
    nt_file = ensure_built(data_dir, notify=notify)
    payload = nt_file.read_bytes()
    triples = sum(1 for line in payload.splitlines() if line.strip() and not line.startswith(b"#"))
    headers = {"Content-Type": "application/n-triples", "User-Agent": "srbgraph"}
    request = urllib.request.Request(url, data=payload, method="PUT", headers=headers)
    started = time.perf_counter()
    try:
        if credentials is not None:
            _authenticate(request, credentials, shown, timeout)
        with _opener(url, credentials).open(request, timeout=timeout) as response:
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
        hint = ""
        if exc.code in (404, 405, 415):
            hint = (" — is this the store's Graph Store address (oxigraph: …/store, Fuseki: …/DATASET/data, "
                    "GraphDB: …/repositories/REPO/rdf-graphs/service, Virtuoso: …/sparql-graph-crud-auth)?")
        elif exc.code in (401, 403) and credentials is None:
            hint = " — the store wants a user and password: http://user:password@host/…"
        elif exc.code == 401:
            hint = " — wrong user or password?"
        elif exc.code == 403:
            hint = " — this user may not write to the store"
        raise SrbError(f"{shown} answered {exc.code} {exc.reason}{': ' + detail if detail else ''}{hint}") from None
    except ValueError as exc:  # urllib: a 401 challenge in a scheme other than Basic and Digest
        raise SrbError(f"{shown} asks for an authentication srbgraph cannot answer (it speaks Basic and "
                       f"Digest): {exc}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        if isinstance(reason, (BrokenPipeError, ConnectionResetError)):
            hint = "" if credentials else " — does the store want a user and password? http://user:password@host/…"
            raise SrbError(f"{shown} closed the connection while the graph was being sent ({reason}){hint}") from None
        raise SrbError(f"cannot reach {shown}: {reason}") from None
    return PushReport(shown, graph, triples, status, time.perf_counter() - started)
