"""What a query worker of ``srbgraph serve`` does with one query: run it, choose the answer's format
(content negotiation), and write the answer — within a cap on rows and one on bytes.

This runs inside a worker process (:mod:`srbgraph.stores.killable`), where the pyoxigraph terms
are; the server process gets back plain ``(status, content type, body, rows)``. Solutions are
written here rather than by pyoxigraph because rows and bytes are counted while they are written:
a result over either cap is refused (``422``, :data:`TOO_LARGE`, with a status line that names the
limit) as soon as it is over, never cut silently, and never held whole first (a row of strings that
double with ``CONCAT`` grows fast). The engine's syntax errors are put in words here
(:func:`~srbgraph.stores.sparql.plain_syntax_error`, shared with ``srbgraph query``), where the
query's text is at hand.
"""
from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

#: result formats: key → (media type sent, media types accepted)
SOLUTION_FORMATS = {
    "json": ("application/sparql-results+json", ("application/sparql-results+json", "application/json",
                                                 "text/javascript", "application/javascript")),
    "xml": ("application/sparql-results+xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    "csv": ("text/csv", ("text/csv",)),
    "tsv": ("text/tab-separated-values", ("text/tab-separated-values",)),
}
GRAPH_FORMATS = {
    "ttl": ("text/turtle", ("text/turtle", "application/turtle", "application/x-turtle")),
    "jsonld": ("application/ld+json", ("application/ld+json", "application/x-json+ld", "application/json")),
    "nt": ("application/n-triples", ("application/n-triples", "text/plain")),
    # last: never the answer to */* or application/*; asked for by SPARQLWrapper, rdflib and Protégé
    "rdfxml": ("application/rdf+xml", ("application/rdf+xml", "application/xml", "text/xml", "text/rdf+xml")),
}

#: names the ``format`` parameter may give (clients such as SPARQLWrapper send it besides Accept)
FORMAT_ALIASES = {"json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
                  "ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "nt": "nt",
                  "ntriples": "nt", "n-triples": "nt", "rdfxml": "rdfxml", "rdf": "rdfxml", "rdf+xml": "rdfxml",
                  "rdf/xml": "rdfxml", "owl": "rdfxml", "html": "html"}


class HttpError(Exception):
    """An answer other than 200: status and a one-line message for the client."""

    def __init__(self, status: int, message: str, headers: dict | None = None, reason: str | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        #: the status line's phrase, when the standard one would mislead (clients show it, not the body)
        self.reason = reason


# --------------------------------------------------------------------------------------------
# content negotiation
# --------------------------------------------------------------------------------------------
def negotiate(accept: str | None, formats: dict, wanted: str | None = None) -> str:
    """The key of *formats* the ``Accept`` header prefers (q-values honoured; the first format for
    ``*/*`` or no header); *wanted* (``?format=``) wins. Raises 406 when nothing fits, and 400 for a
    *wanted* that names no format at all."""
    if wanted is not None and wanted.strip():
        key = FORMAT_ALIASES.get(wanted.strip().lower())
        if key is None:
            names = ", ".join(dict.fromkeys(FORMAT_ALIASES.values()))
            raise HttpError(400, f"unknown format={escape_text(wanted)[:60]!r}: use one of {names} (or leave "
                                 "format out and send an Accept header)")
        if key == "xml" and "rdfxml" in formats:  # format=xml of a CONSTRUCT: RDF/XML
            key = "rdfxml"
        if key in formats:  # a name of another kind of result (json for a CONSTRUCT): Accept decides
            return key
    if not accept or not accept.strip():
        return next(iter(formats))
    offers = []
    for position, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for field in fields[1:]:
            if field.lower().startswith("q="):
                try:
                    q = float(field[2:])
                except ValueError:
                    q = 0.0
        if media and q > 0:
            offers.append((-q, position, media))
    for _q, _position, media in sorted(offers):
        if media in ("*/*", "application/*", "text/*"):
            if media == "*/*":
                return next(iter(formats))
            family = media.split("/")[0]
            for key, (sent, _accepted) in formats.items():
                if sent.startswith(family + "/"):
                    return key
            continue
        for key, (_sent, accepted) in formats.items():
            if media in accepted:
                return key
    names = ", ".join(sent for sent, _ in formats.values())
    raise HttpError(406, f"cannot answer in any type of Accept: {accept[:200]} (offered: {names})")


# --------------------------------------------------------------------------------------------
# one term in each format
# --------------------------------------------------------------------------------------------
def escape_text(text: str) -> str:
    """*text* with control characters written as escapes (for messages that quote a client)."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _kind(term, ox) -> str:
    if isinstance(term, ox.NamedNode):
        return "uri"
    if isinstance(term, ox.BlankNode):
        return "bnode"
    if isinstance(term, ox.Literal):
        return "literal"
    return "triple"


def _json_term(term, ox) -> dict:
    kind = _kind(term, ox)
    if kind == "literal":
        cell = {"type": "literal", "value": term.value}
        if term.language:
            cell["xml:lang"] = term.language
        elif term.datatype is not None and term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            cell["datatype"] = term.datatype.value
        return cell
    if kind == "triple":
        return {"type": "literal", "value": str(term)}
    return {"type": kind, "value": term.value}


def _xml_term(term, ox) -> str:
    kind = _kind(term, ox)
    if kind == "literal":
        if term.language:
            attr = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype is not None and term.datatype.value not in (XSD_STRING, RDF_LANGSTRING):
            attr = f" datatype={quoteattr(term.datatype.value)}"
        else:
            attr = ""
        return f"<literal{attr}>{escape(term.value)}</literal>"
    if kind == "triple":
        return f"<literal>{escape(str(term))}</literal>"
    return f"<{kind}>{escape(term.value)}</{kind}>"


def _tsv_term(term, ox) -> str:
    from ..terms import IRI, BNode, Literal

    kind = _kind(term, ox)
    if kind == "uri":
        return IRI(term.value).n3()
    if kind == "bnode":
        return BNode(term.value).n3()
    if kind == "literal":
        datatype = term.datatype.value if term.datatype is not None else None
        return Literal(term.value, term.language, None if datatype == RDF_LANGSTRING else datatype).n3()
    return str(term)


def _csv_cell(term, ox) -> str:
    if term is None:
        return ""
    if _kind(term, ox) == "bnode":
        return "_:" + term.value
    return getattr(term, "value", str(term))


# --------------------------------------------------------------------------------------------
# writing an answer within the caps
# --------------------------------------------------------------------------------------------
#: the status of a result over the row or byte cap. Not 413, "Content Too Large", which names the
#: request's body (clients show its phrase and hide the message): 422 — the query is well formed,
#: the server will not answer it so — with a status line that says why, as SPARQLWrapper and rdflib
#: show the phrase ("HTTP Error 422: Result Too Large: over 5,000 rows (srbgraph serve --max-rows)").
TOO_LARGE = 422


class _Body:
    """Pieces of an answer, counted: more than *max_rows* rows or *max_bytes* bytes → 422."""

    def __init__(self, max_rows: int, max_bytes: int, what: str):
        self.pieces: list[bytes] = []
        self.size = 0
        self.rows = 0
        self.max_rows, self.max_bytes, self.what = max_rows, max_bytes, what

    def add(self, text: str) -> None:
        data = text.encode("utf-8")
        self.size += len(data)
        if self.size > self.max_bytes:
            raise self.too_large()
        self.pieces.append(data)

    def too_large(self) -> HttpError:
        return HttpError(TOO_LARGE, f"the result is larger than {self.max_bytes:,} bytes, the limit of this endpoint "
                                    "(add LIMIT to the query, or start srbgraph serve with --max-bytes)",
                         reason=f"Result Too Large: over {self.max_bytes:,} bytes (srbgraph serve --max-bytes)")

    def row(self) -> None:
        self.rows += 1
        if self.rows > self.max_rows:
            raise HttpError(TOO_LARGE, f"the result has more than {self.max_rows:,} {self.what}, the limit of this "
                                       "endpoint (add LIMIT to the query, or start srbgraph serve with --max-rows)",
                            reason=f"Result Too Large: over {self.max_rows:,} {self.what} (srbgraph serve --max-rows)")

    def bytes(self) -> bytes:
        return b"".join(self.pieces)


def write_solutions(variables: list[str], solutions, fmt: str, ox, body: _Body) -> None:
    """Each solution (read by index, as pyoxigraph is fastest so) into *body* in the format *fmt*."""
    width = range(len(variables))
    if fmt == "json":
        body.add(json.dumps({"head": {"vars": variables}}, ensure_ascii=False)[:-1] + ', "results": {"bindings": [')
        separator = ""
        for solution in solutions:
            body.row()
            cells = {variables[i]: _json_term(solution[i], ox) for i in width if solution[i] is not None}
            body.add(separator + json.dumps(cells, ensure_ascii=False))
            separator = ", "
        body.add("]}}")
    elif fmt == "xml":
        body.add('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
                 "<head>" + "".join(f"<variable name={quoteattr(v)}/>" for v in variables) + "</head>\n<results>")
        for solution in solutions:
            body.row()
            cells = "".join(f"<binding name={quoteattr(variables[i])}>{_xml_term(solution[i], ox)}</binding>"
                            for i in width if solution[i] is not None)
            body.add(f"\n<result>{cells}</result>")
        body.add("\n</results>\n</sparql>\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        body.add(buffer.getvalue())
        for solution in solutions:
            body.row()
            buffer.seek(0)
            buffer.truncate()
            writer.writerow([_csv_cell(solution[i], ox) for i in width])
            body.add(buffer.getvalue())
    elif fmt == "tsv":
        body.add("\t".join("?" + v for v in variables) + "\n")
        for solution in solutions:
            body.row()
            body.add("\t".join("" if solution[i] is None else _tsv_term(solution[i], ox) for i in width) + "\n")
    else:
        raise ValueError(fmt)


#: the end of an IRI that RDF/XML can write as an element name (an XML NCName, roughly)
_XML_LOCAL_NAME = re.compile(r"[A-Za-z_\u00c0-\ufffd][\w.\-\u00b7\u00c0-\ufffd]*\Z")


def check_rdf_xml(predicates) -> None:
    """406 when a predicate cannot be written in RDF/XML: an element name needs a local name, so
    ``http://example.org/`` or ``…/p/1`` cannot be a property there (pyoxigraph would write
    broken XML)."""
    for predicate in set(predicates):
        if not _XML_LOCAL_NAME.search(predicate):
            raise HttpError(406, f"this graph cannot be written as RDF/XML: the property <{escape_text(predicate)[:200]}> "
                                 "does not end in a name an XML element may have; ask for Turtle, N-Triples or "
                                 "JSON-LD (Accept: text/turtle)")


def serialize_boolean(value: bool, fmt: str) -> bytes:
    word = "true" if value else "false"
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == "xml":
        return ('<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">'
                f"<head/><boolean>{word}</boolean></sparql>\n").encode("utf-8")
    return f"{word}\n".encode("utf-8")


def _prefixes() -> dict:
    from ..model.queries import PREFIXES

    return dict(PREFIXES)


# --------------------------------------------------------------------------------------------
# the task a worker runs
# --------------------------------------------------------------------------------------------
def evaluate(store, query: str, accept: str | None, fmt: str | None, max_rows: int, max_bytes: int,
             base: str | None = None, dataset: tuple | None = None, allow_service=()) -> tuple:
    """Run *query* on *store* (an :class:`~srbgraph.stores.oxigraph.OxigraphStore`), once the guard
    (:func:`~srbgraph.stores.guard.check`, with the SERVICE IRIs of *allow_service*) passed it, and
    write the answer: ``(status, content type, body, rows, reason phrase or None)``; errors become
    answers too. Relative IRIs resolve against *base* (the endpoint's IRI); *dataset* ``(default
    graph IRIs, named graph IRIs)`` replaces the query's FROM and FROM NAMED."""
    from ..errors import QueryError
    from ..stores.guard import check
    from ..stores.sandbox import stopped_by_sandbox
    from ..stores.sparql import plain_syntax_error

    try:
        try:
            check(query, allow_service)
        except QueryError as exc:
            raise HttpError(400, str(exc)) from None
        import pyoxigraph as ox

        options = {"base_iri": base} if base else {}
        if dataset is not None:
            try:
                options["default_graph"] = [ox.NamedNode(iri) for iri in dataset[0]]
                options["named_graphs"] = [ox.NamedNode(iri) for iri in dataset[1]]
            except ValueError as exc:
                raise HttpError(400, f"a graph of default-graph-uri or named-graph-uri is not an IRI: {exc}") from None
        try:
            result = store.raw_query(query, **options)
        except QueryError as exc:
            raise HttpError(400, plain_syntax_error(str(exc), query)) from None
        try:
            return (*_answer(result, accept, fmt, max_rows, max_bytes, ox), None)
        except (OSError, ValueError, RuntimeError) as exc:  # evaluation errors while reading
            stopped = stopped_by_sandbox(exc)  # a SERVICE call the worker's network filter refused
            if stopped:
                raise HttpError(400, stopped) from None
            raise HttpError(500, f"query failed: {' '.join(str(exc).split())[:500]}") from None
    except HttpError as exc:
        return exc.status, "text/plain; charset=utf-8", (str(exc) + "\n").encode("utf-8"), None, exc.reason


def _answer(result, accept, fmt, max_rows: int, max_bytes: int, ox) -> tuple[int, str, bytes, int]:
    if isinstance(result, ox.QueryBoolean):
        key = negotiate(accept, SOLUTION_FORMATS, fmt)
        return 200, SOLUTION_FORMATS[key][0], serialize_boolean(bool(result), key), 1
    if isinstance(result, ox.QuerySolutions):
        key = negotiate(accept, SOLUTION_FORMATS, fmt)
        body = _Body(max_rows, max_bytes, "rows")
        write_solutions([v.value for v in result.variables], result, key, ox, body)
        return 200, SOLUTION_FORMATS[key][0], body.bytes(), body.rows
    key = negotiate(accept, GRAPH_FORMATS, fmt)
    counted = _Body(max_rows, max_bytes, "triples")
    triples = []
    for triple in result:
        counted.row()
        triples.append(triple)
    if key == "rdfxml":
        check_rdf_xml(triple.predicate.value for triple in triples)
    rdf_format = {"ttl": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES,
                  "rdfxml": ox.RdfFormat.RDF_XML}[key]
    data = ox.serialize(triples, format=rdf_format, prefixes=_prefixes() if key in ("ttl", "rdfxml") else None) or b""
    if len(data) > max_bytes:
        raise counted.too_large()
    return 200, GRAPH_FORMATS[key][0], data, len(triples)
