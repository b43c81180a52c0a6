"""What every store offers (:class:`Store`) and what a query gives (:class:`Results`).

The same named query runs unchanged on every store. Parameters are never pasted into the query
text as strings: on every store they become a ``VALUES`` block of RDF terms, each escaped by its
own serialiser (``IRI.n3``, ``Literal.n3``), placed at the start of the query's WHERE group — so a
value holding quotes, ``}`` or ``#`` stays one value, and every store gives the same answer.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from ..errors import SrbError
from ..terms import BNode, Literal, Term, python_value
from .sparql import bind_values, restrict

T = TypeVar("T")


@dataclass
class Results:
    """A SELECT result: variable names and rows of terms (``None`` where unbound)."""

    variables: list[str]
    rows: list[tuple]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def to_pandas(self):
        """A pandas DataFrame (needs pandas installed): IRIs as text, literals as Python values."""
        try:
            import pandas as pd
        except ImportError:  # pragma: no cover - depends on the environment
            raise SrbError("pandas is not installed (pip install 'srbgraph[pandas]')") from None
        return pd.DataFrame([[python_value(t) for t in row] for row in self.rows], columns=self.variables)


@dataclass
class Triples:
    """A CONSTRUCT or DESCRIBE result: its triples as N-Triples.

    Plain bytes, not the engine's objects: a caller's query runs in a forked child
    (:mod:`srbgraph.stores.sandbox`) and its answer crosses a pipe pickled; N-Triples is the one
    form every engine writes and every reader (rdflib, Oxigraph) parses, line by line, without
    prefixes or a base to agree on. The command line writes it out in the format asked for."""

    ntriples: bytes

    def __len__(self) -> int:
        return sum(1 for line in self.ntriples.splitlines() if line.strip() and not line.lstrip().startswith(b"#"))


class Store:
    """What a store offers, and what it can be asked to do.

    Reading (every store): :meth:`select`, :meth:`select_values`, :meth:`ask`, :meth:`answer`
    (any form of query), :meth:`dump`.
    Parameters are bound the same way on every store (a ``VALUES`` block of escaped terms at the
    start of the WHERE group, see :func:`~srbgraph.stores.sparql.bind_values`); a store whose
    server needs another form of the same query rewrites it in :meth:`prepare` (a dialect).

    Writing (a local persistent store, see :class:`~srbgraph.stores.oxigraph.OxigraphStore`):
    :meth:`load_ntriples`, :meth:`clear_graph`, :meth:`update`, :meth:`graph_marker`,
    :meth:`mark_graph`; :attr:`writable` says whether a store has them.

    Keeping results between runs: :meth:`remember` (only a persistent store that can tell when its
    content changed keeps anything; everywhere else it just computes).
    """

    kind = "store"
    #: the data sit in this process (not behind an endpoint): a query may read much of them
    embedded = True
    #: the store takes writes (linked tables, the curated graph of a persistent store)
    writable = False

    #: the SERVICE IRIs a query may call (every other SERVICE is refused, see
    #: :mod:`srbgraph.stores.guard`); ``GraphSource(allow_service=…)`` sets it
    allow_service: tuple[str, ...] = ()

    # -- reading ---------------------------------------------------------------------------------
    def prepare(self, query: str, params: dict[str, Term] | None) -> str:
        """*query* with *params* bound, as this store is sent it."""
        return bind_values(query, params)

    def checked(self, query: str, params: dict[str, Term] | None, values: tuple | None = None) -> str:
        """*query* passed through the guard (nesting, SERVICE), then prepared: every query a store
        runs for a caller comes this way, so no engine sees a text the guard refused. *values*
        ``(names, rows)`` restricts it to rows of RDF terms (a ``VALUES`` block, see
        :func:`~srbgraph.stores.sparql.restrict`) after the guard read it: srbgraph's own look-ups
        of many entities are checked as the short text they are, and their terms, each escaped,
        cannot change what the query does."""
        from .guard import check

        check(query, self.allow_service)
        if values is not None:
            query = restrict(query, *values)
        return self.prepare(query, params)

    def select(self, query: str, params: dict[str, Term] | None = None, *, values: tuple | None = None) -> Results:
        return self._select(self.checked(query, params, values))

    def ask(self, query: str, params: dict[str, Term] | None = None) -> bool:
        return self._ask(self.checked(query, params))

    def answer(self, query: str, params: dict[str, Term] | None = None) -> Results | bool | Triples:
        """The answer to a query of any form: :class:`Results` for a SELECT, ``bool`` for an ASK,
        :class:`Triples` for a CONSTRUCT or DESCRIBE. The engine tells the form by parsing the
        query, as it reads it (no scan of the text guesses it first)."""
        return self._answer(self.checked(query, params))

    def select_values(self, query: str, params: dict[str, Term] | None = None, *,
                      values: tuple | None = None) -> list[tuple]:
        """Rows of plain strings (IRI or literal value; ``None`` where unbound): the fast path for
        large results whose terms need no datatype or language."""
        return [tuple(None if t is None else str(t) for t in row)
                for row in self.select(query, params, values=values).rows]

    def dump(self) -> bytes:
        """Every triple of the default graph as N-Triples (for views that draw or export the
        whole graph from any store)."""
        raise NotImplementedError

    def dump_named(self) -> bytes:
        """The quads of the named graphs as N-Quads (the tables ``srbgraph link`` attached), for
        views that publish the whole dataset; empty where the store has none or cannot say."""
        return b""

    def _select(self, query: str) -> Results:
        raise NotImplementedError

    def _ask(self, query: str) -> bool:
        raise NotImplementedError

    def _answer(self, query: str) -> Results | bool | Triples:
        raise NotImplementedError

    # -- writing ---------------------------------------------------------------------------------
    def _read_only(self, what: str):
        return SrbError(f"this {self.kind} store cannot be written ({what})")

    def load_ntriples(self, data: bytes | str | Path, graph: str | None = None) -> None:
        """Bulk-load N-Triples into the default graph, or into the named *graph*."""
        raise self._read_only("load")

    def clear_graph(self, graph: str | None = None) -> None:
        raise self._read_only("clear")

    def update(self, text: str) -> None:
        """Run one SPARQL UPDATE (as one transaction where the store offers that)."""
        raise self._read_only("update")

    def graph_marker(self, graph: str) -> str | None:
        """The fingerprint recorded for *graph* (see :meth:`mark_graph`), None when there is none."""
        return None

    def mark_graph(self, graph: str, marker: str) -> None:
        raise self._read_only("mark")

    # -- keeping results -------------------------------------------------------------------------
    def prefers_kept(self) -> bool:
        """Whether a caller that can answer from a kept result (:meth:`remember`) should rather
        than query: true for a build whose graph was not read into this process yet, where a kept
        result spares reading it."""
        return False

    def remember(self, name: str, inputs: tuple[str, ...], compute: Callable[[], T],
                 to_rows: Callable[[T], list], from_rows: Callable[[list], T]) -> T:
        """What *compute* gives, or what was kept from an earlier run on the same content and
        *inputs* (stored as JSON rows: *to_rows* and *from_rows* convert). Here: always computed."""
        return compute()

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def compare_key(results: Results) -> list[tuple]:
    """Rows as sorted tuples of plain strings: for comparing results across engines."""
    def plain(term):
        if term is None:
            return ""
        if isinstance(term, Literal):
            return f"{term}@{term.language or ''}^^{term.datatype or ''}"
        if isinstance(term, BNode):
            return "_:"
        return str(term)
    return sorted(tuple(plain(t) for t in row) for row in results.rows)
