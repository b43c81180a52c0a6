"""The one HTTP client for everything srbgraph sends to a server: SPARQL queries to an endpoint
(:mod:`srbgraph.stores.endpoint`) and graphs to a Graph Store (:mod:`srbgraph.stores.push`).

User and password may stand in the URL (``http://user:password@host/…``): they answer the
server's challenge (HTTP ``401``) in the scheme it asks for, Basic or Digest (Virtuoso's
``/sparql-graph-crud-auth`` asks for Digest), and are never printed. Before a large upload the
client first asks with body-less ``HEAD`` requests which scheme the server wants and whether it
takes the user and password, and sends the body only then, already authenticated: a server may
close the connection on a ``401`` while the body is still being sent (Virtuoso does), and a wrong
password should say so rather than end in a broken pipe.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

from ..errors import SrbError

USER_AGENT = "srbgraph"


@dataclass
class Response:
    status: int
    headers: object  # http.client.HTTPMessage
    body: bytes


class HttpStatusError(SrbError):
    """The server answered with an error status; *detail* is the start of its answer."""

    def __init__(self, shown: str, status: int, reason: str, detail: str, headers=None):
        self.status, self.reason, self.detail, self.headers = status, reason, detail, headers
        super().__init__(f"{shown} answered {status} {reason}{': ' + detail if detail else ''}")


class ConnectionLost(SrbError):
    """The server closed the connection while the request was being sent."""


def split_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    """*url* without user and password, and ``(user, password)`` when it held them."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, None
    userinfo, netloc = parts.netloc.rsplit("@", 1)
    user, _, password = userinfo.partition(":")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment)), (unquote(user), unquote(password))


class HttpClient:
    """Requests to one server; *url* may carry ``user:password@``."""

    def __init__(self, url: str, *, timeout: float = 60.0, what: str = "server"):
        if not re.match(r"https?://", url or ""):
            raise SrbError(f"the {what} must be an http(s) URL, got {url!r}")
        self.url, self.credentials = split_credentials(url)
        self.timeout = timeout

    # -- sending ---------------------------------------------------------------------------------
    def request(self, method: str, url: str | None = None, *, data: bytes | None = None,
                headers: dict | None = None, authenticate_first: bool = False) -> Response:
        """Send one request to *url* (default: the client's URL); an error status raises
        :class:`HttpStatusError`, an unreachable server :class:`SrbError`. With
        *authenticate_first* (large uploads) the credentials are checked with ``HEAD`` first."""
        import urllib.error
        import urllib.request

        target = url or self.url
        request = urllib.request.Request(target, data=data, method=method,
                                         headers={"User-Agent": USER_AGENT, **(headers or {})})
        try:
            if self.credentials is not None and authenticate_first:
                self._authenticate(request)
            with self._opener(target).open(request, timeout=self.timeout) as answer:
                return Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise HttpStatusError(target, exc.code, exc.reason, detail, exc.headers) from None
        except ValueError as exc:  # urllib: a 401 challenge in a scheme other than Basic and Digest
            raise SrbError(f"{target} asks for an authentication srbgraph cannot answer (it speaks Basic "
                           f"and Digest): {exc}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, (BrokenPipeError, ConnectionResetError)):
                raise ConnectionLost(f"{target} closed the connection while the request was being sent "
                                     f"({reason})") from None
            raise SrbError(f"cannot reach {target}: {reason}") from None

    # -- authentication ------------------------------------------------------------------------
    def _authenticate(self, request) -> None:
        """Give *request* its Authorization before the body is sent. A HEAD without credentials
        shows whether and how the server challenges; a HEAD with them checks the user and password
        (its 401 is raised as urllib's HTTPError). A server that does not challenge the HEAD gets
        the request as it is (and :meth:`_opener` answers a challenge to it)."""
        import urllib.error
        import urllib.request

        url = request.full_url
        probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
        try:
            urllib.request.urlopen(probe, timeout=self.timeout).close()
            return
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code != 401:
                return
            challenges = _challenges(exc.headers)
        answer = _Credentials(url, self.credentials)
        authorization = answer.authorization(probe, challenges)
        if authorization is None:
            raise SrbError(f"{url} asks for an authentication srbgraph cannot answer "
                           f"({', '.join(challenges) or 'no scheme named'}; srbgraph answers Basic and Digest)")
        probe.add_unredirected_header("Authorization", authorization)
        try:
            urllib.request.urlopen(probe, timeout=self.timeout).close()
        except urllib.error.HTTPError as exc:
            if exc.code == 401:
                raise
            exc.close()  # e.g. 405 or 501: HEAD not offered, but the credentials passed
        request.add_unredirected_header("Authorization", answer.authorization(request, challenges))

    def _opener(self, url: str):
        """A urllib opener that answers a 401 challenge once, with Basic or Digest, when the client
        has credentials; a request that already carried credentials and is refused gives the 401
        as the error it is."""
        import urllib.request

        if self.credentials is None:
            return urllib.request.build_opener()

        class Once:
            # instead of urllib's retrying (Digest: five more uploads of the whole body) or its
            # ValueError (Basic, when the server asks for Digest)
            def http_error_401(self, req, fp, code, msg, headers):
                if req.has_header("Authorization"):
                    return None
                return super().http_error_401(req, fp, code, msg, headers)

        class Digest(Once, urllib.request.HTTPDigestAuthHandler):
            pass

        class Basic(Once, urllib.request.HTTPBasicAuthHandler):
            pass

        passwords = _passwords(url, self.credentials)
        return urllib.request.build_opener(Digest(passwords), Basic(passwords))


def _challenges(headers) -> dict[str, str]:
    """WWW-Authenticate of a 401 answer: {scheme in lower case: its parameters}."""
    found: dict[str, str] = {}
    for value in headers.get_all("WWW-Authenticate") or []:
        scheme, _, params = value.strip().partition(" ")
        found.setdefault(scheme.lower(), params)
    return found


class _Credentials:
    """User and password, written as the Authorization a server asks for."""

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


def _passwords(url: str, credentials: tuple[str, str]):
    """urllib's password store holding *credentials* for every realm of *url*'s host."""
    import urllib.request

    parts = urlsplit(url)
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, f"{parts.scheme}://{parts.netloc}/", *credentials)
    return passwords
