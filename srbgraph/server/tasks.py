"""What a query worker of ``srbgraph serve`` computes for the pages: the terms the editor
completes, a named query with its parameters bound, the description of one IRI, the counts of the
VoID description, the graph view.

Each task runs in a worker process (:class:`~srbgraph.stores.killable.Pool`) on the store the
worker holds — under the same deadline and memory cap as a query from a client — and returns plain
data. An error the user can fix (:class:`~srbgraph.errors.SrbError`: an unknown entity, a value
of the wrong type) comes back as ``("error", message)``, never as an exception, so the server can
answer it with 400 and the message.
"""
from __future__ import annotations

import json

from ..errors import SrbError


def completion_terms(store, max_bytes: int | None = None) -> bytes | None:
    """The JSON the query editor completes from: ``{"prefixes": {prefix: namespace}, "terms":
    [{"iri", "kind", "de", "en"}]}`` — the graph's own prefixes, classes, properties and
    labelled individuals; None when it is larger than *max_bytes* (it never leaves the worker)."""
    from ..model.describe import named_terms
    from ..model.queries import PREFIXES

    body = json.dumps({"prefixes": PREFIXES, "terms": named_terms(store)}, ensure_ascii=False).encode("utf-8")
    return None if max_bytes is not None and len(body) > max_bytes else body


def bound_query(store, name: str, given: dict[str, str], lang: str = "en") -> tuple[str, str]:
    """``("ok", text)``: the named query *name* with the *given* parameter values (text, as a form
    sends them) and the defaults bound as RDF terms exactly as ``srbgraph query NAME -p …``
    binds them (:func:`srbgraph.model.queries.bind`), written into the query as the store runs it
    (a ``VALUES`` block); ``("error", message)`` for a value that names nothing or has the wrong
    type; ``("refused", message)`` for one whose message is in *lang*
    (:class:`~srbgraph.model.queries.BindError`)."""
    from ..model.queries import BindError, bind, named

    try:
        query = named(name)
        terms = bind(query, given, store)
        return "ok", store.prepare(query.text, terms)
    except BindError as exc:
        return "refused", _in_words(exc, lang)
    except SrbError as exc:
        return "error", str(exc)


def _in_words(error, lang: str) -> str:
    """A :class:`~srbgraph.model.queries.BindError` in the words of *lang* (``error-<key>``)."""
    from ..render.i18n import word

    values = dict(error.values)
    if isinstance(values.get("choices"), tuple):
        values["choices"] = (" oder " if lang == "de" else " or ").join(values["choices"])
    return word(f"error-{error.key}", lang, **values)


def resource(store, iri: str, lang: str, key: str, follow: bool = True):
    """One IRI for its page or as RDF: ``("page", Description)`` for *key* ``html``,
    ``("rdf", media type, bytes)`` for ``ttl``/``jsonld``/``nt``; ``("unknown", hint)`` when the
    graph does not know *iri* (*hint*: "did you mean" or empty); ``("moved", successor IRI)`` for a
    replaced entity when *follow* (else its own page or RDF)."""
    from ..model.describe import REPLACED_BY, describe, facts, unknown_hint

    triples = facts(store, iri)
    if not triples:
        return "unknown", unknown_hint(store, iri)
    successor = next((str(o) for s, p, o in triples if str(s) == iri and str(p) == REPLACED_BY), None)
    if follow and successor:
        return "moved", successor
    if key != "html":
        from .rdfout import serialize

        return ("rdf", *serialize(triples, key))
    return "page", describe(store, iri, lang, triples)


def named_graphs(store, most: int) -> tuple[list[str], bool]:
    """The IRIs of the store's named graphs (at most *most*, sorted) and whether it holds more."""
    result = store.raw_query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{}} }} ORDER BY ?g LIMIT {most + 1}")
    names = [solution[0].value for solution in result if hasattr(solution[0], "value")]
    return names[:most], len(names) > most


def dataset_counts(store) -> dict:
    from ..model.stats import dataset_counts as counts

    return counts(store)


def graph_page(store, focus: str, lang: str, max_bytes: int | None = None) -> tuple[str, object]:
    """``("ok", html bytes)``: the graph view of the store being served (the whole graph, or the
    neighbourhood of *focus*); ``("error", message)`` for a focus that names nothing; ``("large",
    size)`` for a page larger than *max_bytes* (it never leaves the worker)."""
    from ..render.viz import build_view, render_html

    try:
        view = build_view(store, focus=focus or None, depth=1, lang=lang)
    except SrbError as exc:
        return "error", str(exc)
    page = render_html(view).encode("utf-8")
    if max_bytes is not None and len(page) > max_bytes:
        return "large", len(page)
    return "ok", page
