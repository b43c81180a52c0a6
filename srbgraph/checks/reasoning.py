"""OWL reasoning over the built graph: consistency, explanations in words, materialisation.

The graph (ontology + data) is handed to **HermiT** through owlready2, in an isolated
``owlready2.World`` that is closed afterwards. HermiT needs Java; where there is none (or
``SRBGRAPH_NO_JAVA=1`` pretends so), srbgraph falls back to **owlrl** (OWL 2 RL rules, pure
Python) and says so. Pellet, which owlready2 also bundles, is tried as an extra: its jar needs a
newer Java than many machines have, so a failure is reported as "not available", never as a
problem of the graph.

Reasoners say *whether* a graph is inconsistent, not *why*. :func:`explain_inconsistency` names the
individuals and axioms involved (disjoint classes, functional properties), following types through
``rdfs:subClassOf``, ``rdfs:domain`` and ``rdfs:range`` the way a reasoner would.

Everything heavy (owlready2, owlrl) is imported inside the functions.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.collection import Collection

from ..curated.vocabulary import PREFIXES, SRBR
from ..errors import SrbError

#: Datatypes that OWL 2 (and so HermiT) does not know, mapped to the OWL 2 datatype that the copy
#: handed to the reasoner uses instead. ``schema:startDate rdfs:range xsd:date``: xsd:date is an
#: XML Schema type but not in the OWL 2 datatype map, and HermiT refuses the whole ontology for it.
#: A date becomes midnight of that day as xsd:dateTime, which keeps the range check meaningful.
#: Only the reasoner's copy is changed; the ontology and the built graph keep xsd:date.
OWL2_SUBSTITUTES = {XSD.date: XSD.dateTime}

HERMIT = "HermiT"
PELLET = "Pellet"
OWLRL = "owlrl"


@dataclass
class ReasoningReport:
    """The outcome of one reasoning run."""

    reasoner: str
    consistent: bool | None = None
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.consistent) and not self.problems

    def as_dict(self) -> dict:
        return {"reasoner": self.reasoner, "consistent": self.consistent, "problems": self.problems,
                "notes": self.notes, "seconds": round(self.seconds, 2)}


def java_executable(java: bool | None = None) -> str | None:
    """The Java executable HermiT will run on, or None. ``java=False`` or the environment variable
    ``SRBGRAPH_NO_JAVA=1`` pretend that there is none (to use or test the owlrl fallback)."""
    if java is False or os.environ.get("SRBGRAPH_NO_JAVA", "").strip() not in ("", "0"):
        return None
    return shutil.which("java")


def short(term) -> str:
    """``srbr:goal-x``, ``srb:Goal``, ``owl:…`` — an IRI as a person reads it."""
    from ..terms import NAMESPACES, shorten

    return shorten(term, NAMESPACES, brackets=isinstance(term, URIRef))


# --------------------------------------------------------------------------------------------
#  The reasoner's copy of the graph
# --------------------------------------------------------------------------------------------

def owl_copy(graph: Graph) -> tuple[Graph, list[str]]:
    """A copy of *graph* that OWL 2 reasoners accept, and notes on what was adapted."""
    copy = Graph()
    changed: dict[URIRef, int] = {}
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype in OWL2_SUBSTITUTES:
            o = Literal(f"{o}T00:00:00", datatype=OWL2_SUBSTITUTES[o.datatype])
            changed[p] = changed.get(p, 0) + 1
        elif p == RDFS.range and o in OWL2_SUBSTITUTES:
            changed[s] = changed.get(s, 0)
            o = OWL2_SUBSTITUTES[o]
        copy.add((s, p, o))
    notes = [f"{short(prop)}: xsd:date (not an OWL 2 datatype) given to the reasoner as xsd:dateTime"
             + (f" ({n} value{'s' if n != 1 else ''})" if n else "")
             for prop, n in sorted(changed.items())]
    return copy, notes


def _nt_file(graph: Graph) -> Path:
    from ..rdf_io import serialize

    handle = tempfile.NamedTemporaryFile(prefix="srbgraph-", suffix=".nt", delete=False)
    with handle:
        handle.write(serialize(graph, "nt"))
    return Path(handle.name)


def _java_message(exc: Exception) -> str:
    text = str(exc)
    for line in text.splitlines():
        if "Exception" in line or "Error" in line:
            if "UnsupportedClassVersionError" in line:
                return "its jar needs a newer Java than this one (UnsupportedClassVersionError)"
            return line.strip()[:200]
    return (text.strip().splitlines() or [type(exc).__name__])[-1][:200]


class _OwlWorld:
    """The graph loaded into an isolated owlready2 World; closed on exit."""

    def __init__(self, graph: Graph, java: str):
        self.graph = graph
        self.java = java

    def __enter__(self):
        import owlready2

        owlready2.JAVA_EXE = self.java
        self.owlready2 = owlready2
        self.path = _nt_file(self.graph)
        self.world = owlready2.World()
        self.world.get_ontology(self.path.as_uri()).load(format="ntriples")
        return self

    def __exit__(self, *exc):
        try:
            self.world.close()
        finally:
            self.path.unlink(missing_ok=True)

    def run(self, name: str) -> bool:
        """Run reasoner *name*; True when consistent, False when not; raises RuntimeError when the
        reasoner itself cannot run."""
        owlready2 = self.owlready2
        try:
            if name == HERMIT:
                owlready2.sync_reasoner_hermit(self.world, debug=0)
            else:
                owlready2.sync_reasoner_pellet(self.world, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False
        except (owlready2.OwlReadyJavaError, OSError) as exc:
            raise RuntimeError(_java_message(exc)) from None
        return True

    def individual_types(self) -> dict[str, set[str]]:
        """IRI → IRIs of every named class the individual belongs to after reasoning."""
        result: dict[str, set[str]] = {}
        for individual in self.world.individuals():
            classes = {c.iri for c in individual.INDIRECT_is_a if hasattr(c, "iri")}
            classes.discard(str(OWL.Thing))
            result[individual.iri] = classes
        return result


#: Java executable → why Pellet cannot run there (probed once per process).
_PELLET_BROKEN: dict[str, str] = {}


def _probe_pellet(java: str) -> None:
    """Run Pellet once on a one-class ontology; raise RuntimeError (remembered) when it cannot run.
    Pellet needs seconds to fail, so a graph is handed to it only when it can run at all."""
    if java not in _PELLET_BROKEN:
        import owlready2

        owlready2.JAVA_EXE = java
        world = owlready2.World()
        try:
            probe = world.get_ontology("https://w3id.org/srbgraph/pellet-probe#")
            with probe:
                type("Probe", (owlready2.Thing,), {})
            owlready2.sync_reasoner_pellet(world, debug=0)
            _PELLET_BROKEN[java] = ""
        except (owlready2.OwlReadyJavaError, OSError) as exc:
            _PELLET_BROKEN[java] = _java_message(exc)
        finally:
            world.close()
    if _PELLET_BROKEN[java]:
        raise RuntimeError(_PELLET_BROKEN[java])


def _owlrl_closure(graph: Graph) -> tuple[Graph, list[str]]:
    """The OWL 2 RL closure of *graph* and the error messages owlrl recorded (inconsistencies)."""
    import owlrl

    # Annotation values (labels, definitions, notes) take no part in OWL 2 RL entailment or
    # consistency; leaving them out halves owlrl's time.
    annotations = set(graph.subjects(RDF.type, OWL.AnnotationProperty)) | {RDFS.label, RDFS.comment}
    closure = Graph()
    for triple in graph:
        if not (triple[1] in annotations and isinstance(triple[2], Literal)):
            closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, rdfs_closure=False, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    error_ns = "http://www.daml.org/2002/03/agents/agent-ont#"
    errors = sorted(str(o) for o in closure.objects(None, URIRef(error_ns + "error")))
    for node in list(closure.subjects(RDF.type, URIRef(error_ns + "ErrorMessage"))):
        closure.remove((node, None, None))
    return closure, errors


# --------------------------------------------------------------------------------------------
#  Consistency
# --------------------------------------------------------------------------------------------

def check_consistency(graph: Graph, *, java: bool | None = None, pellet: bool = True) -> ReasoningReport:
    """Is *graph* consistent? HermiT when Java is there (plus Pellet as an extra), else owlrl.
    An inconsistency comes with its explanation in :attr:`ReasoningReport.problems`."""
    started = time.perf_counter()
    copy, notes = owl_copy(graph)
    executable = java_executable(java)
    if executable is None:
        report, _closure = _owlrl_report(graph, copy, notes, "HermiT and Pellet not run; fell back to owlrl "
                                         "(OWL 2 RL rules, pure Python), which checks fewer axioms")
    else:
        report = ReasoningReport(HERMIT, notes=notes)
        with _OwlWorld(copy, executable) as owl:
            try:
                report.consistent = owl.run(HERMIT)
            except RuntimeError as exc:
                report.problems.append(f"HermiT could not run: {exc}")
            if pellet:
                try:
                    _probe_pellet(executable)
                    agrees = owl.run(PELLET)
                    report.notes.append(f"Pellet: {'consistent' if agrees else 'inconsistent'}")
                except RuntimeError as exc:
                    report.notes.append(f"Pellet: not available ({exc})")
        if report.consistent is False:
            report.problems = explain_inconsistency(graph) or [
                "HermiT finds the graph inconsistent; no disjoint classes or functional property "
                "explain it (look for datatype clashes and restrictions)"]
    report.seconds = time.perf_counter() - started
    return report


def _owlrl_report(graph: Graph, copy: Graph, notes: list[str], what: str) -> tuple[ReasoningReport, Graph]:
    """The owlrl fallback when there is no Java: the report (consistent, or the problems with
    their explanation) and the OWL 2 RL closure of the reasoner's *copy* of *graph*."""
    report = ReasoningReport(OWLRL, notes=[f"Java not found (or SRBGRAPH_NO_JAVA set): {what}", *notes])
    closure, errors = _owlrl_closure(copy)
    report.consistent = not errors
    if errors:
        report.problems = explain_inconsistency(graph) or [f"owlrl: {_readable_owlrl_error(e)}" for e in errors]
    return report, closure


def _readable_owlrl_error(message: str) -> str:
    for prefix, namespace in PREFIXES.items():
        message = message.replace(str(namespace), f"{prefix}:")
    return " ".join(message.split())


# --------------------------------------------------------------------------------------------
#  Explanations
# --------------------------------------------------------------------------------------------

class _Typing:
    """Why each node has each class: asserted, through a property's domain or range, and up the
    ``rdfs:subClassOf`` hierarchy — each with the chain of axioms, as words."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.parents: dict[URIRef, set[URIRef]] = {}
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                self.parents.setdefault(sub, set()).add(sup)
        self.domains = self._bounds(RDFS.domain)
        self.ranges = self._bounds(RDFS.range)
        self.inverse: dict[URIRef, URIRef] = {}
        for a, b in graph.subject_objects(OWL.inverseOf):
            if isinstance(a, URIRef) and isinstance(b, URIRef):
                self.inverse[a], self.inverse[b] = b, a

    def _bounds(self, predicate) -> dict[URIRef, URIRef]:
        # only a single named class is a type every subject (object) must have; a union is not
        return {p: c for p, c in self.graph.subject_objects(predicate)
                if isinstance(p, URIRef) and isinstance(c, URIRef) and c not in (RDFS.Literal,)
                and not str(c).startswith(str(XSD))}

    def reasons(self, node) -> dict[URIRef, str]:
        """Class → why *node* is of that class; asserted types (and their superclasses) come
        before types that follow from a property's domain or range."""
        asserted: dict[URIRef, str] = {}
        for cls in sorted(self.graph.objects(node, RDF.type)):
            if isinstance(cls, URIRef) and cls not in (OWL.NamedIndividual, OWL.Thing):
                asserted.setdefault(cls, f"asserted ({short(node)} a {short(cls)})")
        derived: dict[URIRef, str] = {}
        for prop, obj in sorted(self.graph.predicate_objects(node)):
            if prop in self.domains:
                cls = self.domains[prop]
                derived.setdefault(cls, f"it is the subject of {short(node)} {short(prop)} {short(obj)} "
                                        f"and {short(prop)} rdfs:domain {short(cls)}")
            if prop in self.inverse and self.inverse[prop] in self.ranges:
                cls = self.ranges[self.inverse[prop]]
                derived.setdefault(cls, f"{short(node)} {short(prop)} {short(obj)}, {short(prop)} "
                                        f"owl:inverseOf {short(self.inverse[prop])} and "
                                        f"{short(self.inverse[prop])} rdfs:range {short(cls)}")
        for subject, prop in sorted(self.graph.subject_predicates(node)):
            if prop in self.ranges:
                cls = self.ranges[prop]
                derived.setdefault(cls, f"it is the object of {short(subject)} {short(prop)} {short(node)} "
                                        f"and {short(prop)} rdfs:range {short(cls)}")
        result: dict[URIRef, str] = {}
        for start in (asserted, derived):
            todo = [cls for cls in start if cls not in result]
            result.update({cls: start[cls] for cls in todo})
            while todo:
                cls = todo.pop(0)
                for sup in sorted(self.parents.get(cls, ())):
                    if sup not in result:
                        result[sup] = f"{result[cls]}; {short(cls)} rdfs:subClassOf {short(sup)}"
                        todo.append(sup)
        return result


def _disjoint_pairs(graph: Graph) -> list[tuple[URIRef, URIRef, str]]:
    pairs = []
    for a, b in graph.subject_objects(OWL.disjointWith):
        pairs.append((a, b, f"{short(a)} owl:disjointWith {short(b)}"))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members_node = graph.value(node, OWL.members)
        if members_node is None:
            continue
        members = [m for m in Collection(graph, members_node) if isinstance(m, URIRef)]
        axiom = f"owl:AllDisjointClasses ({' '.join(short(m) for m in members)})"
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                pairs.append((a, b, axiom))
    return pairs


def _name(graph: Graph, term) -> str:
    label = next((str(x) for x in graph.objects(term, RDFS.label)
                  if getattr(x, "language", None) == "de"), "")
    return label or short(term).split(":", 1)[-1]


def explain_inconsistency(graph: Graph) -> list[str]:
    """What makes *graph* inconsistent, in words: the individuals and the axioms involved."""
    typing = _Typing(graph)
    problems: list[str] = []
    pairs = _disjoint_pairs(graph)
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef) and str(s).startswith(str(SRBR))})
    for node in subjects:
        reasons = typing.reasons(node)
        for a, b, axiom in pairs:
            if a in reasons and b in reasons:
                problems.append(
                    f"{short(node)} is typed both {_name(graph, a)} ({short(a)}) and {_name(graph, b)} "
                    f"({short(b)}), which the ontology declares disjoint ({axiom}). "
                    f"{short(a)}: {reasons[a]}. {short(b)}: {reasons[b]}.")
    for prop in sorted(graph.subjects(RDF.type, OWL.FunctionalProperty)):
        for node in subjects:
            values = sorted({str(v) for v in graph.objects(node, prop)})
            if len(values) > 1:
                problems.append(f"{short(node)} has {len(values)} values for {short(prop)} "
                                f"({', '.join(values)}), which the ontology declares "
                                f"functional ({short(prop)} a owl:FunctionalProperty)")
    return problems


# --------------------------------------------------------------------------------------------
#  Materialisation (srbgraph build --reason)
# --------------------------------------------------------------------------------------------

def _keep(graph: Graph, triples) -> Graph:
    """Of *triples*, the ones about individuals a reader wants: types that are named classes of the
    graph, and object-property links between individuals."""
    classes = {c for c in graph.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    relations = {p for p in graph.subjects(RDF.type, OWL.ObjectProperty) if isinstance(p, URIRef)}
    kept = Graph()
    for s, p, o in triples:
        if not (isinstance(s, URIRef) and str(s).startswith(str(SRBR))):
            continue
        if p == RDF.type and o in classes:
            kept.add((s, p, o))
        elif p in relations and isinstance(o, URIRef) and str(o).startswith(str(SRBR)):
            kept.add((s, p, o))
    return kept - graph


def inferred_triples(graph: Graph, *, java: bool | None = None) -> tuple[Graph, ReasoningReport]:
    """What a reasoner adds to *graph*: every class of every individual (most specific ones and
    all their superclasses) and the inverse relations (``hinderedBy``, ``addressedBy`` …).

    With Java: HermiT classifies the individuals (owlready2); inverse relations follow from
    ``owl:inverseOf``, which HermiT entails but owlready2 does not store as triples, so they are
    read off the graph. Without Java: the owlrl OWL 2 RL closure, filtered the same way.
    Raises :class:`SrbError` when the graph is inconsistent."""
    started = time.perf_counter()
    copy, notes = owl_copy(graph)
    executable = java_executable(java)
    found = Graph()
    if executable is None:
        report, closure = _owlrl_report(graph, copy, notes, "materialised with owlrl (OWL 2 RL rules)")
        if report.consistent:
            found = _keep(graph, closure)
    else:
        report = ReasoningReport(HERMIT, notes=notes)
        with _OwlWorld(copy, executable) as owl:
            try:
                report.consistent = owl.run(HERMIT)
            except RuntimeError as exc:
                raise SrbError(f"HermiT could not run: {exc}") from None
            if report.consistent:
                types = owl.individual_types()
        if not report.consistent:
            report.problems = explain_inconsistency(graph) or ["HermiT finds the graph inconsistent"]
        else:
            candidates = [(URIRef(i), RDF.type, URIRef(c)) for i, cs in types.items() for c in cs]
            typing = _Typing(graph)
            candidates += [(o, typing.inverse[p], s) for s, p, o in graph
                           if p in typing.inverse and isinstance(o, URIRef)]
            found = _keep(graph, candidates)
    report.seconds = time.perf_counter() - started
    if not report.consistent:
        raise SrbError("the graph is inconsistent, nothing was written: " + " | ".join(report.problems))
    return found, report


def materialize(graph: Graph, *, java: bool | None = None) -> tuple[Graph, ReasoningReport]:
    """*graph* plus :func:`inferred_triples` (a new graph; *graph* is not changed)."""
    found, report = inferred_triples(graph, java=java)
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, replace=True)
    result += graph
    result += found
    return result, report
