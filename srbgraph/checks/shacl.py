"""SHACL validation of the built graph against ``ontology/shapes.ttl`` (pyshacl, imported lazily)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDFS, Graph, URIRef
from rdflib.namespace import SH

from .. import resources
from ..errors import SrbError


def shapes_file() -> Path:
    """The shipped shapes, beside the ontology."""
    return resources.ontology_file().with_name("shapes.ttl")


@dataclass(frozen=True, order=True)
class ShapeViolation:
    """One SHACL result: the entity (focus node), the property path, and the message."""

    focus: str
    path: str
    message_en: str
    message_de: str
    value: str = ""
    shape: str = ""
    severity: str = "Violation"

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        value = f" (value {self.value})" if self.value and self.value != self.focus else ""
        return f"{self.focus}:{where} {self.message_en}{value} / {self.message_de}"

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def load_shapes(path: Path | None = None) -> Graph:
    path = Path(path) if path else shapes_file()
    if not path.is_file():
        raise SrbError(f"SHACL shapes not found: {path}")
    return Graph().parse(path, format="turtle")


def _messages(report: Graph, result) -> tuple[str, str]:
    texts = {getattr(m, "language", None): str(m) for m in report.objects(result, SH.resultMessage)}
    en = texts.get("en") or texts.get(None) or next(iter(texts.values()), "")
    return en, texts.get("de", en)


def validate_shapes(graph: Graph, shapes: Graph | None = None) -> list[ShapeViolation]:
    """Every SHACL result of *graph* (ontology + data) against *shapes* (default: the shipped
    shapes), sorted by entity. An empty list means the graph conforms."""
    import pyshacl

    from .reasoning import short

    shapes = shapes if shapes is not None else load_shapes()
    _conforms, report, _text = pyshacl.validate(graph, shacl_graph=shapes, inference="none",
                                                abort_on_first=False, allow_warnings=True)
    found = []
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        en, de = _messages(report, result)
        if path is not None and not isinstance(path, URIRef):  # an inverse path
            inverse = report.value(path, SH.inversePath)
            path_text = f"^{short(inverse)}" if inverse is not None else "(path)"
        else:
            path_text = short(path) if path is not None else ""
        severity = report.value(result, SH.resultSeverity)
        found.append(ShapeViolation(
            focus=short(focus), path=path_text, message_en=en, message_de=de,
            value=short(value) if value is not None else "",
            shape=short(shape) if isinstance(shape, URIRef) else _shape_name(shapes, shape),
            severity=str(severity).rsplit("#", 1)[-1]))
    return sorted(set(found))


def _shape_name(shapes: Graph, node) -> str:
    """A readable name for a blank-node property shape: the English label of its node shape."""
    for owner in shapes.subjects(SH.property, node):
        label = next((str(x) for x in shapes.objects(owner, RDFS.label) if getattr(x, "language", None) == "en"), "")
        return label or str(owner)
    return ""
