"""The words of RDF as srbgraph speaks them, with no rdflib import: namespaces, prefixed names,
terms (IRI, literal, blank node) as queries take and give them, and the ids of curated individuals.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import SrbError

SRB = "https://w3id.org/srbgraph/ontology#"  # classes and properties (ontology/srb.ttl)
SRBR = "https://w3id.org/srbgraph/resource/"  # curated individuals
XSD = "http://www.w3.org/2001/XMLSchema#"

#: prefix → namespace IRI, as bound in every serialisation and used for prefixed names
NAMESPACES = {
    "srb": SRB,
    "srbr": SRBR,
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "vann": "http://purl.org/vocab/vann/",
}
#: the named graph that holds the curated graph in a persistent store or an external triple store
CURATED_GRAPH = "https://w3id.org/srbgraph/graph/curated"
#: prefixes shown in results and accepted in parameters (``srbr:goal-…``)
SHOWN_PREFIXES = ("srb", "srbr", "rdfs", "owl", "skos", "dcterms", "schema", "xsd")


def shorten(iri: str, prefixes=SHOWN_PREFIXES, *, brackets: bool = False) -> str:
    """*iri* as a prefixed name (``srbr:goal-…``, ``srb:Obstacle``) where one of the namespaces of
    *prefixes* fits, else unchanged (in ``<…>`` with *brackets*)."""
    text = str(iri)
    for prefix in prefixes:
        namespace = NAMESPACES[prefix]
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return f"<{text}>" if brackets else text



# --------------------------------------------------------------------------------------------
# terms: a small, engine-neutral representation of what queries return and take
# --------------------------------------------------------------------------------------------
class IRI(str):
    """An IRI."""

    __slots__ = ()

    def n3(self) -> str:
        if re.search(r'[\x00-\x20<>"{}|^`\\]', self):
            raise SrbError(f"not a valid IRI: {str(self)!r}")
        return f"<{self}>"


class Literal(str):
    """A literal with an optional language tag or datatype IRI."""

    __slots__ = ("language", "datatype")

    def __new__(cls, value: str, language: str | None = None, datatype: str | None = None):
        self = super().__new__(cls, value)
        self.language = language or None
        self.datatype = None if language else (datatype or None)
        if self.datatype == XSD + "string":
            self.datatype = None
        return self

    def n3(self) -> str:
        escaped = (str(self).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                   .replace("\r", "\\r").replace("\t", "\\t"))
        if self.language:
            if not re.fullmatch(r"[A-Za-z]+(-[A-Za-z0-9]+)*", self.language):
                raise SrbError(f"not a valid language tag: {self.language!r}")
            return f'"{escaped}"@{self.language}'
        if self.datatype:
            return f'"{escaped}"^^{IRI(self.datatype).n3()}'
        return f'"{escaped}"'

    def value(self):
        """The Python value: int, float, bool or str."""
        if self.datatype in (XSD + "integer", XSD + "int", XSD + "long"):
            try:
                return int(self)
            except ValueError:
                return str(self)
        if self.datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            try:
                return float(self)
            except ValueError:
                return str(self)
        if self.datatype == XSD + "boolean":
            return str(self) in ("true", "1")
        return str(self)


class BNode(str):
    """A blank node (its label is only meaningful inside one result)."""

    __slots__ = ()

    def n3(self) -> str:
        return f"_:{self}"


Term = IRI | Literal | BNode


def python_value(term):
    if term is None:
        return None
    if isinstance(term, Literal):
        return term.value()
    return str(term)





def local_id(iri: str) -> str:
    return iri[len(SRBR):] if iri.startswith(SRBR) else iri


def fold(text: str) -> str:
    """Lower case, umlauts spelled out, accents, hyphens, spaces and punctuation dropped:
    ``Fachkräfte-mangel`` and ``fachkraeftemangel`` fold alike."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]", "", text)
