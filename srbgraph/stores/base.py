"""Where SPARQL runs: three kinds of store behind one small interface.

* :class:`OxigraphStore` — pyoxigraph, in memory (the default for the shipped graph: it loads the
  cached build in milliseconds) or persistent in a folder (``--store DIR``: for large linked graphs,
  loaded once and reused; the curated graph is replaced when the data changed, linked named graphs
  stay).
* :class:`RdflibStore` — an rdflib graph in memory (interop, notebooks, ``--engine rdflib``).
* :class:`EndpointStore` — any SPARQL 1.1 endpoint over HTTP (``--endpoint URL``: Fuseki, GraphDB,
  Virtuoso, QLever, the oxigraph server …).

The same named query runs unchanged on all three. Parameters are never pasted into the query
text as strings: on every store they become a ``VALUES`` block of RDF terms, each escaped by its
own serialiser (``IRI.n3``, ``Literal.n3``), placed at the start of the query's WHERE group — so a
value holding quotes, ``}`` or ``#`` stays one value, and every store gives the same answer.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import SrbError
from ..terms import BNode, Literal, Term, python_value
from .sparql import bind_values


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
            raise SrbError("pandas is not installed (pip install pandas)") from None
        return pd.DataFrame([[python_value(t) for t in row] for row in self.rows], columns=self.variables)




# --------------------------------------------------------------------------------------------
# stores
# --------------------------------------------------------------------------------------------
class Store:
    """What every store offers. Parameters are bound the same way on every store (a ``VALUES``
    block of escaped terms at the start of the WHERE group, see :func:`bind_values`), so a query
    gives the same answer wherever it runs."""

    kind = "store"
    #: the data sit in this process (not behind an endpoint): a query may read much of them
    embedded = True

    def state(self) -> str | None:
        """A fingerprint of what the store holds, where one can be told cheaply and safely (see
        :meth:`OxigraphStore.state`); None here."""
        return None

    def bind(self, query: str, params: dict[str, Term] | None) -> str:
        """*query* with *params* bound, as this store is sent it."""
        return bind_values(query, params)

    def select(self, query: str, params: dict[str, Term] | None = None) -> Results:
        return self._select(self.bind(query, params))

    def ask(self, query: str, params: dict[str, Term] | None = None) -> bool:
        return self._ask(self.bind(query, params))

    def _select(self, query: str) -> Results:
        raise NotImplementedError

    def select_values(self, query: str, params: dict[str, Term] | None = None) -> list[tuple]:
        """Rows of plain strings (IRI or literal value; ``None`` where unbound): the fast path for
        large results whose terms need no datatype or language."""
        return [tuple(None if t is None else str(t) for t in row) for row in self.select(query, params).rows]

    def _ask(self, query: str) -> bool:
        raise NotImplementedError

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
