"""The guard every caller-given SPARQL text passes before an engine sees it.

Why a guard, and why here: pyoxigraph parses and evaluates recursively on the calling thread's
stack, so a query nested a few thousand levels deep (``{{{…}}}``, ``((((…))))``, a collection
``( 1 2 … )``, thousands of MINUS or BIND in one group) overflows it — a segmentation fault, the
process gone, no message. And both engines fetch whatever a ``SERVICE`` clause names (pyoxigraph
has no switch to turn that off), so a query can make srbgraph send requests on its behalf. Neither
can be caught after the fact, so the text is checked first, in one tokenizer pass that skips
strings, IRIs and comments exactly as SPARQL does:

* nesting of ``{ ( [`` deeper than :data:`MAX_DEPTH` is refused, and so is a group holding more
  than :data:`MAX_WIDTH` tokens at its own level (long UNION, MINUS, path or operator chains build
  as deep a tree as brackets do; the contents of a ``VALUES`` block are data and not counted);
* ``SERVICE`` is refused unless its IRI — after ``BASE`` and relative IRIs are resolved (RFC 3986),
  prefixed names expanded and ``\\u`` escapes decoded — is exactly one the caller allowed.
  ``SERVICE ?var`` is always refused (no IRI to compare).

The two engines read ``\\u`` escapes differently: Oxigraph decodes them inside IRIs and strings
only, rdflib decodes the whole text before parsing (so ``\\u0053ERVICE`` is a keyword there). A text
holding escapes is therefore checked in both readings, and refused if either is.

The errors are :class:`~srbgraph.errors.QueryError`: one line naming line and column, as the CLI
prints them and the endpoint answers them (400).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

from ..errors import QueryError

#: deepest nesting of ``{``, ``(`` and ``[`` taken (pyoxigraph overflows its stack at ~2,200)
MAX_DEPTH = 100
#: most tokens directly inside one group (pyoxigraph overflows at ~3,000 MINUS or BIND in one group
#: and at ~4,500 members of one collection; VALUES data do not count)
MAX_WIDTH = 2000

_PN_LOCAL_ESC = r"\\[_~.\-!$&'()*+,;=/?#@%]"
_PLX = rf"(?:%[0-9A-Fa-f]{{2}}|{_PN_LOCAL_ESC})"
_PNAME = (rf"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:"
          rf"(?:(?:[\w:]|{_PLX})(?:(?:[\w.\-:]|{_PLX})*(?:[\w\-:]|{_PLX}))?)?")
_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN_PATTERN = (
    r"(?P<ws>\s+)"
    r"|(?P<comment>\#[^\n\r]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\')'
    rf"|(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)"
    r"|(?P<var>[?$]\w+)"
    r"|(?P<bnode>_:[\w.\-]*)"
    rf"|(?P<pname>{_PNAME})"
    r"|(?P<word>[A-Za-z_]\w*)"
    r"|(?P<number>[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<open>[{(\[])|(?P<close>[})\]])"
    r"|(?P<other>[\s\S])"
)
#: how rdflib reads escapes before parsing (``rdflib.plugins.sparql.parser.expandUnicodeEscapes``)
#: compiled on first use: the short texts of the shipped queries never need it (see :func:`check`)
_token_re = lru_cache(maxsize=1)(lambda: re.compile(_TOKEN_PATTERN))
_RDFLIB_ESCAPE = re.compile(r"\\u([0-9a-f]{4}(?:[0-9a-f]{4})?)", re.IGNORECASE)
_IRI_ESCAPE = re.compile(_UCHAR)
_LOCAL_ESCAPE = re.compile(_PN_LOCAL_ESC)
_URI = re.compile(r"^(?:([A-Za-z][A-Za-z0-9+.\-]*):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


def check(query: str, allow_service: Iterable[str] = ()) -> None:
    """Raise :class:`QueryError` when *query* nests too deep, has too long a group, or calls a
    ``SERVICE`` whose IRI is not one of *allow_service*; return quietly otherwise. Checked once per
    text and allow list (shipped named queries cost nothing after their first run)."""
    if _plainly_harmless(query):
        return
    allowed = tuple(sorted({_plain_iri(iri) for iri in allow_service}))
    if len(query) <= _CACHED_SIZE:
        _check_cached(query, allowed)
    else:
        _check(query, allowed)


def allow_hint(iri: str) -> str:
    return f"--allow-service {iri}"


def _check(query: str, allowed: tuple[str, ...]) -> None:
    _Reader(query, allowed).read(query, lambda offset: offset)
    if "\\u" in query or "\\U" in query:  # rdflib's reading: escapes decoded before parsing
        decoded, where = _decode_everywhere(query)
        _Reader(query, allowed).read(decoded, where)


#: texts up to this size are remembered once they passed (bounded: 512 × 16 KB at most)
_CACHED_SIZE = 16_384
_check_cached = lru_cache(maxsize=512)(_check)


def _plainly_harmless(query: str) -> bool:
    """A text that cannot fail the check, told without reading it token by token: it has fewer
    brackets than the nesting limit, fewer characters outside white space than a group may have
    tokens (each token has one at least), no "service" in any case and no ``\\u`` escape (which
    rdflib would decode into a keyword)."""
    if len(query) > 8 * MAX_WIDTH or len(query) - sum(map(query.count, " \t\r\n")) > MAX_WIDTH:
        return False
    lowered = query.lower()
    return ("service" not in lowered and "\\u" not in lowered
            and query.count("{") + query.count("(") + query.count("[") <= MAX_DEPTH)


def _plain_iri(iri: str) -> str:
    iri = iri.strip()
    return iri[1:-1] if iri.startswith("<") and iri.endswith(">") else iri


class _Reader:
    """One pass over a query text: brackets, groups, PREFIX/BASE declarations and SERVICE calls."""

    def __init__(self, original: str, allowed: tuple[str, ...]):
        self.original = original
        self.allowed = allowed
        self.base: str | None = None
        self.prefixes: dict[str, str] = {}

    def fail(self, message: str, offset: int):
        line = self.original.count("\n", 0, offset) + 1
        column = offset - (self.original.rfind("\n", 0, offset) + 1) + 1
        raise QueryError(f"{message} at line {line}, column {column}")

    def read(self, text: str, where) -> None:
        """Check *text*; *where* maps an offset in it to one in the original (for messages)."""
        stack: list[list] = [[0, False]]  # per open group: [tokens at its level, holds VALUES data]
        values_next = False
        pending: tuple | None = None  # (keyword, its offset, the tokens after it so far)
        for match in _token_re().finditer(text):
            kind = match.lastgroup
            if kind in ("ws", "comment"):
                continue
            value = match.group()
            taken = False
            if pending is not None:
                pending, taken = self._after(pending, match)
            frame = stack[-1]
            if not frame[1]:
                frame[0] += 1
                if frame[0] > MAX_WIDTH:
                    self.fail(f"SPARQL group with more than {MAX_WIDTH:,} parts (split it, or list values "
                              "in a VALUES block)", where(match.start()))
            if kind == "open":
                if len(stack) > MAX_DEPTH:
                    self.fail(f"SPARQL nesting deeper than {MAX_DEPTH}", where(match.start()))
                stack.append([0, frame[1] or (values_next and value == "{")])
                values_next = values_next and value != "{"
            elif kind == "close":
                if len(stack) > 1:
                    stack.pop()
            elif kind == "word" and not taken:
                keyword = value.upper()
                if keyword == "VALUES":
                    values_next = True
                elif keyword in ("PREFIX", "BASE", "SERVICE"):
                    pending = (keyword, where(match.start()), [])
        if pending is not None:
            self._after(pending, None)

    #: what may follow each keyword before it takes effect
    _EXPECTED = {"PREFIX": ("pname", "iri"), "BASE": ("iri",), "SERVICE": (None,)}

    def _after(self, pending: tuple, match) -> tuple:
        """``(pending, taken)``: collect the tokens after PREFIX (2), BASE (1) or SERVICE (1, after an
        optional SILENT) and act once there are enough, or when the text ends (*match* None). A token
        of another kind ends a PREFIX or BASE (the engine refuses such a text) and is read as usual."""
        keyword, offset, following = pending
        if match is not None:
            if (keyword == "SERVICE" and not following and match.lastgroup == "word"
                    and match.group().upper() == "SILENT"):
                return pending, True
            expected = self._EXPECTED[keyword][len(following)]
            if expected is not None and match.lastgroup != expected:
                return None, False
            following.append(match)
            if len(following) < len(self._EXPECTED[keyword]):
                return pending, True
        if keyword == "SERVICE":
            self._service(following[0] if following else None, offset)
        elif len(following) == len(self._EXPECTED[keyword]):
            self._declare(keyword, following)
        return None, True

    def _declare(self, keyword: str, following: list) -> None:
        """``PREFIX p: <iri>`` and ``BASE <iri>``, each IRI resolved against the base before it."""
        if keyword == "BASE":
            self.base = resolve(_iri_text(following[0].group()), self.base) or self.base
        elif following[0].group().endswith(":"):
            target = resolve(_iri_text(following[1].group()), self.base)
            self.prefixes[following[0].group()[:-1]] = target or ""

    def _service(self, target, offset: int) -> None:
        iri = None
        if target is not None and target.lastgroup == "iri":
            iri = resolve(_iri_text(target.group()), self.base)
            shown = iri or _iri_text(target.group())
        elif target is not None and target.lastgroup == "pname":
            prefix, _colon, local = target.group().partition(":")
            if self.prefixes.get(prefix):
                iri = self.prefixes[prefix] + _LOCAL_ESCAPE.sub(lambda m: m.group()[1:], local)
            shown = iri or target.group()
        else:
            shown = target.group() if target is not None else "?"
            self.fail(f"SERVICE {shown} is not allowed (only a SERVICE with an IRI given by "
                      "--allow-service can run)", offset)
        if iri is None or iri not in self.allowed:
            self.fail(f"SERVICE <{shown}> is not allowed (allow it with {allow_hint(shown)})", offset)


def _iri_text(token: str) -> str:
    """The IRI of an ``<…>`` token, its ``\\u`` escapes decoded."""
    return _IRI_ESCAPE.sub(lambda m: _char(m.group()[2:]), token[1:-1])


def _char(hex_digits: str) -> str:
    try:
        return chr(int(hex_digits, 16))
    except (ValueError, OverflowError):
        return "\ufffd"


def _decode_everywhere(text: str):
    """*text* with every escape decoded as rdflib decodes it, and a map of offsets back."""
    pieces, starts, last = [], [], 0  # starts: (offset in decoded text, offset in original)
    length = 0
    for match in _RDFLIB_ESCAPE.finditer(text):
        pieces.append(text[last:match.start()])
        length += match.start() - last
        starts.append((length, match.start()))
        pieces.append(_char(match.group(1)))
        length += 1
        last = match.end()
    pieces.append(text[last:])

    def where(offset: int) -> int:
        shift = 0
        for decoded_at, original_at in starts:
            if decoded_at > offset:
                break
            shift = original_at - decoded_at
        return offset + shift
    return "".join(pieces), where


# --------------------------------------------------------------------------------------------
# IRI resolution (RFC 3986, section 5.2), as the engines resolve relative IRIs against BASE
# --------------------------------------------------------------------------------------------
def resolve(reference: str, base: str | None) -> str | None:
    """*reference* resolved against *base*; None when it is relative and there is no base."""
    scheme, authority, path, query, fragment = _URI.match(reference).groups()
    if scheme is not None:
        return _compose(scheme, authority, _remove_dots(path), query, fragment)
    if base is None:
        return None
    b_scheme, b_authority, b_path, b_query, _ = _URI.match(base).groups()
    if authority is not None:
        return _compose(b_scheme, authority, _remove_dots(path), query, fragment)
    if path == "":
        return _compose(b_scheme, b_authority, b_path, query if query is not None else b_query, fragment)
    if not path.startswith("/"):
        path = ("/" + path) if b_authority is not None and b_path == "" else b_path[:b_path.rfind("/") + 1] + path
    return _compose(b_scheme, b_authority, _remove_dots(path), query, fragment)


def _remove_dots(path: str) -> str:
    out: list[str] = []
    while path:
        if path.startswith("../"):
            path = path[3:]
        elif path.startswith("./"):
            path = path[2:]
        elif path.startswith("/./"):
            path = path[2:]
        elif path == "/.":
            path = "/"
        elif path.startswith("/../") or path == "/..":
            path = "/" + path[4:] if path.startswith("/../") else "/"
            if out:
                out.pop()
        elif path in (".", ".."):
            path = ""
        else:
            cut = path.find("/", 1)
            segment, path = (path, "") if cut < 0 else (path[:cut], path[cut:])
            out.append(segment)
    return "".join(out)


def _compose(scheme, authority, path, query, fragment) -> str:
    text = f"{scheme}:" if scheme is not None else ""
    if authority is not None:
        text += "//" + authority
    text += path
    if query is not None:
        text += "?" + query
    if fragment is not None:
        text += "#" + fragment
    return text
