"""``srbgraph check``: every check in one report — data validation, evidence, SHACL, OWL reasoning
and ontology quality — on the curated data or on any built graph file."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

OK, FAILED, NOT_RUN = "ok", "failed", "not run"


@dataclass
class Section:
    """One part of the report."""

    key: str
    title: str  # "Deutsch / English"
    status: str = OK
    summary: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def fail_if_problems(self) -> "Section":
        if self.problems:
            self.status = FAILED
        return self

    def as_dict(self) -> dict:
        return {"check": self.key, "title": self.title, "status": self.status, "summary": self.summary,
                "problems": self.problems, "notes": self.notes}


@dataclass
class CheckReport:
    target: str
    sections: list[Section] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(s.status != FAILED for s in self.sections)

    def as_dict(self) -> dict:
        return {"target": self.target, "ok": self.ok, "checks": [s.as_dict() for s in self.sections]}

    def json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def text(self) -> str:
        lines = [f"srbgraph check: {self.target}"]
        marks = {OK: "[ok]     ", FAILED: "[FAILED] ", NOT_RUN: "[not run]"}
        for section in self.sections:
            lines.append(f"{marks[section.status]} {section.title}: {section.summary}")
            lines.extend(f"          - {p}" for p in section.problems)
            lines.extend(f"          note: {n}" for n in section.notes)
        failed = [s.key for s in self.sections if s.status == FAILED]
        skipped = [s.key for s in self.sections if s.status == NOT_RUN]
        verdict = ("Ergebnis / result: " + ("bestanden / passed" if not failed else
                                           f"{len(failed)} Prüfung(en) fehlgeschlagen / "
                                           f"{len(failed)} check(s) failed ({', '.join(failed)})"))
        if skipped:
            verdict += f"; nicht ausgeführt / not run: {', '.join(skipped)}"
        lines.append(verdict)
        return "\n".join(lines)


def _graph_evidence(graph: Graph, source: Path) -> Section:
    """The evidence check on a graph file: every srb:quote and srb:section of its evidence nodes."""
    from ..curated.source_text import SourceText
    from ..curated.vocabulary import SRB
    from .evidence import _References, reference_folder
    from .reasoning import short

    section = Section("evidence", "Belegprüfung / evidence check")
    source_text = SourceText.from_file(source)
    references = _References(reference_folder(source))
    quotes = 0
    for subject, node in sorted(graph.subject_objects(SRB.hasEvidence)):
        reference = graph.value(node, SRB.sourceFile)
        text = references.get(str(reference)) if reference is not None else source_text
        for quote in graph.objects(node, SRB.quote):
            quotes += 1
            if not text.contains(str(quote)):
                line, passage, ratio = text.closest(str(quote))
                shown = str(quote) if len(quote) <= 120 else str(quote)[:117] + "…"
                section.problems.append(f"{short(subject)} ({short(node)}): quote not found in the source: "
                                        f"{shown!r}; closest passage (line {line}, {ratio:.0%} alike): {passage!r}")
        for heading in (graph.objects(node, SRB.section) if reference is None else ()):
            for part in str(heading).split(" > "):
                if part.strip() and not text.contains(part):
                    section.problems.append(f"{short(subject)} ({short(node)}): section part not found "
                                            f"in the source: {part.strip()!r}")
    section.summary = f"{quotes:,} quotes checked against {source}"
    return section.fail_if_problems()


def run_check(
    data_dir: Path | None = None,
    graph_file: Path | None = None,
    source: Path | None = None,
    *,
    origin=None,
    java: bool | None = None,
    pellet: bool = True,
) -> CheckReport:
    """Run every check; see :class:`CheckReport`. *origin* (a
    :class:`~srbgraph.stores.select.GraphSource`, else made of *data_dir* and *graph_file*) says
    where the graph comes from: a graph file, a store or an endpoint is checked as it is (data
    validation is then not run; the evidence check reads the graph's quotes)."""
    from ..stores.select import GraphSource

    origin = origin or GraphSource(data=data_dir, graph=graph_file)
    if origin.graph or origin.store or origin.endpoint:
        report, graph = _check_built_graph(origin, source)
    else:
        report, graph = _check_curated_data(origin.data, source)
    if source is None:
        report.sections.append(Section("evidence", "Belegprüfung / evidence check", NOT_RUN,
                                       "no source text given (--source FILE or $SRBGRAPH_SOURCE)"))
    if graph is None:
        why = "the data has problems, so no graph could be built (see data validation)"
        for key, title in (("shacl", "SHACL-Formen / SHACL shapes"),
                           ("reasoning", "OWL-Konsistenz / OWL reasoning"),
                           ("quality", "Ontologiequalität / ontology quality")):
            report.sections.append(Section(key, title, NOT_RUN, why))
        return report
    report.sections.extend(_graph_checks(graph, java=java, pellet=pellet))
    return report


def _check_built_graph(origin, source: Path | None) -> tuple[CheckReport, Graph]:
    """A graph file, a store or an endpoint: its graph, and its quotes against the source."""
    report = CheckReport(origin.describe())
    graph = origin.rdflib_graph()
    report.sections.append(Section("data", "Datenprüfung / data validation", NOT_RUN,
                                   "a built graph was given (the YAML data is validated when it is built)"))
    if source is not None:
        report.sections.append(_graph_evidence(graph, source))
    return report, graph


def _check_curated_data(data_dir: Path | None, source: Path | None) -> tuple[CheckReport, Graph | None]:
    """The curated YAML: validation, its quotes (of entities and links) against the source, and
    the graph built from it (None when the data has problems)."""
    from .. import resources
    from ..curated.build import check_data

    folder = resources.data_folder(data_dir)
    report = CheckReport(f"ontology + data of {folder}")
    curation, _vocabulary, problems = check_data(data_dir)
    data = Section("data", "Datenprüfung / data validation",
                   summary=f"{len(curation.entities):,} entities in {len(curation.files)} files, "
                           f"{len(problems) or 'no'} problem{'s' if len(problems) != 1 else ''}",
                   problems=[str(p) for p in sorted(problems)])
    report.sections.append(data.fail_if_problems())
    if source is not None:
        from ..curated.source_text import SourceText
        from .evidence import check_entities, reference_folder

        evidence = check_entities(curation.entities, SourceText.from_file(source), reference_folder(source))
        report.sections.append(Section(
            "evidence", "Belegprüfung / evidence check",
            summary=f"{evidence.found:,} of {evidence.quotes:,} quotes found in {source}",
            problems=[str(m) for m in evidence.misses]).fail_if_problems())
    if problems:
        return report, None
    from ..build_cache import load

    return report, load(data_dir, notify=None)


def _graph_checks(graph: Graph, *, java: bool | None, pellet: bool) -> list[Section]:
    """SHACL shapes, OWL reasoning and the ontology's quality, on the built graph."""
    from .quality import check_quality
    from .reasoning import check_consistency
    from .shacl import shapes_file, validate_shapes

    violations = validate_shapes(graph)
    shacl = Section(
        "shacl", "SHACL-Formen / SHACL shapes",
        summary=(f"{len(graph):,} triples against {shapes_file().name}: "
                 + (f"{len(violations)} violation{'s' if len(violations) != 1 else ''}" if violations
                    else "conforms")),
        problems=[str(v) for v in violations]).fail_if_problems()
    reasoning = check_consistency(graph, java=java, pellet=pellet)
    state = {True: "consistent", False: "INCONSISTENT", None: "could not decide"}[reasoning.consistent]
    owl = Section(
        "reasoning", "OWL-Konsistenz / OWL reasoning",
        summary=f"{reasoning.reasoner}: {state} ({reasoning.seconds:.1f} s)",
        problems=list(reasoning.problems), notes=list(reasoning.notes),
        status=OK if reasoning.ok else FAILED)
    found = check_quality(graph)
    quality = Section(
        "quality", "Ontologiequalität / ontology quality",
        summary=(f"{len(found)} problem{'s' if len(found) != 1 else ''}" if found else
                 "every term has both labels and definitions; no undefined or unexplained unused "
                 "terms; header complete"),
        problems=[str(q) for q in found]).fail_if_problems()
    return [shacl, owl, quality]
