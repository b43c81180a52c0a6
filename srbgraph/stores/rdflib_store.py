"""An rdflib graph in memory as a store (interop, notebooks, ``--engine rdflib``)."""
from __future__ import annotations

from ..errors import QueryError
from ..terms import IRI, BNode, Literal
from .base import Results, Store, Triples


class RdflibStore(Store):
    """An rdflib graph in memory."""

    kind = "rdflib"

    def __init__(self, graph):
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    @staticmethod
    def _from_rdflib(term):
        import rdflib

        if term is None:
            return None
        if isinstance(term, rdflib.URIRef):
            return IRI(str(term))
        if isinstance(term, rdflib.Literal):
            return Literal(str(term), term.language, str(term.datatype) if term.datatype else None)
        if isinstance(term, rdflib.BNode):
            return BNode(str(term))
        return Literal(str(term))

    def _run(self, query: str):
        from pyparsing import ParseException

        try:
            return self.graph.query(query)
        except ParseException as exc:
            raise QueryError(f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg}") from None
        except Exception as exc:  # rdflib raises many kinds
            raise _failed(exc) from None

    def _select(self, query) -> Results:
        result = self._run(query)
        if result.type != "SELECT":
            raise QueryError("not a SELECT query")
        return self._rows(result)

    def _answer(self, query) -> Results | bool | Triples:
        result = self._run(query)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in ("CONSTRUCT", "DESCRIBE"):
            try:
                return Triples(result.graph.serialize(format="nt", encoding="utf-8"))
            except Exception as exc:  # rdflib raises many kinds
                raise _failed(exc) from None
        return self._rows(result)

    def _rows(self, result) -> Results:
        names = [str(v) for v in result.vars]
        convert = self._from_rdflib
        try:  # rdflib may compute while the rows are read
            return Results(names, [tuple(convert(t) for t in row) for row in result])
        except Exception as exc:
            raise _failed(exc) from None

    def dump(self) -> bytes:
        return self.graph.serialize(format="nt", encoding="utf-8")

    def _ask(self, query) -> bool:
        return bool(self._run(query).askAnswer)


def _failed(exc: Exception) -> QueryError:
    """rdflib's error as one line; a SERVICE call the sandbox stopped says so."""
    from .sandbox import stopped_by_sandbox

    return QueryError(stopped_by_sandbox(exc) or f"query failed: {type(exc).__name__}: {exc}")
