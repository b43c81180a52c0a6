"""SPARQL query text: a small tokenizer, and parameters bound as a ``VALUES`` block of RDF terms."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Sequence

from ..errors import QueryError, SrbError
from ..terms import Term

# --------------------------------------------------------------------------------------------
# parameters as a VALUES block (for endpoints)
# --------------------------------------------------------------------------------------------
TOKEN = re.compile(
    r'(?P<comment>\#[^\n]*)'
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<word>[A-Za-z_][A-Za-z0-9_]*)'
    r'|(?P<open>\{)|(?P<close>\})'
    r'|(?P<other>[\s\S])'
)


@lru_cache(maxsize=256)
def where_group_start(query: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group (comments, strings and IRIs
    are skipped; ``CONSTRUCT { … } WHERE { … }`` picks the second brace)."""
    depth = 0
    first_open = None
    after_where = False
    for match in TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "word" and depth == 0 and match.group().upper() == "WHERE":
            after_where = True
        elif kind == "open":
            if depth == 0:
                if after_where:
                    return match.end()
                if first_open is None:
                    first_open = match.end()
            depth += 1
        elif kind == "close":
            depth -= 1
    if first_open is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return first_open


def bind_values(query: str, params: dict[str, Term] | None) -> str:
    """*query* with *params* as ``VALUES (?a ?b) { (… …) }`` at the start of its WHERE group; each
    value is written as an escaped RDF term, so it cannot change the query's structure."""
    if not params:
        return query
    names = list(params)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SrbError(f"not a valid parameter name: {name!r}")
    values = " ".join(params[n].n3() for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]


def restrict(query: str, names: Sequence[str], rows: Iterable[Sequence[Term]]) -> str:
    """*query* restricted to *rows*: ``VALUES (?a ?b) { (… …) (… …) }`` at the start of its WHERE
    group, every value an escaped RDF term (see :func:`bind_values`). An empty *rows* gives a query
    that finds nothing."""
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise SrbError(f"not a valid variable name: {name!r}")
    body = " ".join("(" + " ".join(term.n3() for term in row) + ")" for row in rows)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ {body} }} "
    at = where_group_start(query)
    return query[:at] + block + query[at:]
