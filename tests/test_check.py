"""srbgraph check: data validation, evidence, SHACL, OWL reasoning and ontology quality in one
report; the shipped graph passes, and each injected fault is caught with the entity named."""
from __future__ import annotations

import json
import re

import pytest
from rdflib import RDF, RDFS, Graph, Literal

from srbgraph.curated.vocabulary import SRB, SRBR

GOAL = SRBR["goal-finanzierung-notwendiger-mittel"]
MEASURE = SRBR["measure-strukturen-netzwerkarbeit"]
REGION = SRBR["region-koblenz"]


@pytest.fixture(scope="module")
def built() -> Graph:
    """The shipped graph, built once for this module (tests change copies of it)."""
    from srbgraph.curated.build import build_graph

    return build_graph()


def graph_file(tmp_path, graph: Graph, name="faulty.ttl"):
    from srbgraph.rdf_io import serialize

    path = tmp_path / name
    path.write_bytes(serialize(graph, "nt" if name.endswith(".nt") else "ttl"))
    return path


def copy_of(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    return copy


def sections(result) -> dict:
    report = json.loads(result.out)
    return {section["check"]: section for section in report["checks"]}


def test_the_shipped_graph_passes_every_check(srbgraph, source):
    result = srbgraph("check", "--source", source)
    assert result.code == 0, result
    for title in ("Datenprüfung / data validation", "Belegprüfung / evidence check", "SHACL-Formen / SHACL shapes",
                  "OWL-Konsistenz / OWL reasoning", "Ontologiequalität / ontology quality"):
        assert f"\n[ok]      {title}: " in result.out
    assert "[FAILED]" not in result.out and "[not run]" not in result.out
    assert re.search(r"\b([\d,]+) of \1 quotes found", result.out)  # every quote, of entities and of links
    assert "HermiT: consistent" in result.out
    # Pellet is tried as an extra: where its jar cannot run, that is a note, not a failure
    assert "note: Pellet: " in result.out
    # the reasoner's copy adapts xsd:date (not an OWL 2 datatype), and the report says so
    assert "schema:startDate: xsd:date (not an OWL 2 datatype)" in result.out
    assert result.out.rstrip().endswith("bestanden / passed")


def test_an_individual_typed_goal_and_obstacle_is_explained(srbgraph, tmp_path, built):
    faulty = copy_of(built)
    faulty.add((GOAL, RDF.type, SRB.Obstacle))
    result = srbgraph("check", "--graph", graph_file(tmp_path, faulty), "--no-pellet", "--format", "json")
    assert result.code == 1, result
    found = sections(result)
    assert found["data"]["status"] == "not run"
    reasoning = found["reasoning"]
    assert reasoning["status"] == "failed"
    [problem] = reasoning["problems"]
    assert problem.startswith(
        "srbr:goal-finanzierung-notwendiger-mittel is typed both Ziel (srb:Goal) and "
        "Bremse / Hürde / Störfaktor (srb:Obstacle), which the ontology declares disjoint "
        "(owl:AllDisjointClasses (srb:Goal srb:DevelopmentNeed srb:Obstacle srb:Measure srb:Indicator))")
    # the axioms that make it a Goal and an Obstacle
    assert "asserted (srbr:goal-finanzierung-notwendiger-mittel a srb:ActionGoal); srb:ActionGoal rdfs:subClassOf srb:Goal" in problem
    assert "asserted (srbr:goal-finanzierung-notwendiger-mittel a srb:Obstacle)" in problem
    # the contradiction is the reasoner's to find: for SHACL an obstacle that hinders nothing is an
    # honest gap of the documentation (srbgraph gaps lists it), not a fault of the data
    assert found["shacl"]["status"] == "ok" and found["shacl"]["problems"] == []


def test_without_java_owlrl_takes_over_and_says_so(srbgraph, monkeypatch):
    monkeypatch.setenv("SRBGRAPH_NO_JAVA", "1")
    monkeypatch.delenv("SRBGRAPH_SOURCE", raising=False)
    result = srbgraph("check")
    assert result.code == 0, result
    assert "owlrl: consistent" in result.out
    assert "Java not found (or SRBGRAPH_NO_JAVA set)" in result.out and "fell back to owlrl" in result.out
    # no source: the evidence check is reported as not run (and does not fail the check)
    assert ("[not run] Belegprüfung / evidence check: no source text given "
            "(--source FILE or $SRBGRAPH_SOURCE)") in result.out


def test_the_owlrl_fallback_also_catches_goal_and_obstacle(built):
    from srbgraph.checks.reasoning import check_consistency

    faulty = copy_of(built)
    faulty.add((GOAL, RDF.type, SRB.Obstacle))
    report = check_consistency(faulty, java=False)
    assert report.reasoner == "owlrl" and report.consistent is False
    assert report.problems[0].startswith("srbr:goal-finanzierung-notwendiger-mittel is typed both Ziel")


def test_a_link_that_does_not_say_its_support_is_caught_in_the_data(srbgraph, data_copy):
    # the short form of a path link cannot say how the source supports it
    path = data_copy / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: measure-strukturen-netzwerkarbeit")
    start = text.index("    addresses:", start)
    end = text.index("    supports:", start)
    path.write_text(text[:start] + "    addresses: [obstacle-haltung-der-akteure]\n" + text[end:], encoding="utf-8")
    result = srbgraph("check", "--data", data_copy)
    assert result.code == 1, result
    line = text[:start].count("\n") + 1
    assert (f"measures.yaml:{line}: measure-strukturen-netzwerkarbeit: 'addresses' → 'obstacle-haltung-der-akteure': "
            "a link needs its support") in result.out
    assert "[not run] SHACL-Formen / SHACL shapes: the data has problems" in result.out


def test_shacl_catches_a_link_without_support_or_rationale_and_a_missing_label(built):
    from srbgraph.checks.shacl import validate_shapes

    stated = SRBR["link/measure-strukturen-netzwerkarbeit/addresses/obstacle-haltung-der-akteure"]
    interpreted = next(a for a in built.subjects(SRB.support, SRB.interpreted))
    faulty = copy_of(built)
    faulty.remove((stated, SRB.support, None))
    faulty.remove((interpreted, SRB.rationale, None))
    faulty.remove((REGION, RDFS.label, Literal("Koblenz", lang="de")))
    faulty.remove((SRBR["ind-wg01-1"], SRB.rank, None))
    faulty.add((SRBR["ind-wg01-1"], SRB.rank, Literal(4)))
    found = [str(v) for v in validate_shapes(faulty)]
    short = str(interpreted).replace(str(SRBR), "srbr:")
    assert found == sorted([
        "srbr:ind-wg01-1: srb:rank The indicator has at most one rank, a whole number from 1 to 3 "
        "(srb:rank). (value 4) / Der Erfolgsindikator hat höchstens einen Rang, eine ganze Zahl von 1 bis 3 "
        "(srb:rank).",
        "srbr:link/measure-strukturen-netzwerkarbeit/addresses/obstacle-haltung-der-akteure: srb:support The "
        "link assertion needs exactly one support: srb:stated or srb:interpreted. / Die Verknüpfungsaussage "
        "braucht genau eine Stützung: srb:stated oder srb:interpreted.",
        f"{short}: An interpreted link needs a German rationale (srb:rationale @de). / Eine gelesene "
        "Verknüpfung (srb:interpreted) braucht eine deutsche Begründung (srb:rationale @de).",
        "srbr:region-koblenz: The individual has no German label (rdfs:label @de). / Das Individuum hat "
        "kein deutsches Label (rdfs:label @de).",
    ])


def test_a_missing_label_is_caught_in_a_graph_file_and_in_the_data(srbgraph, tmp_path, built, data_copy):
    faulty = copy_of(built)
    faulty.remove((REGION, RDFS.label, Literal("Koblenz", lang="de")))
    result = srbgraph("check", "--graph", graph_file(tmp_path, faulty, "g.nt"), "--no-pellet")
    assert result.code == 1, result
    assert "[FAILED]  SHACL-Formen / SHACL shapes" in result.out
    assert "- srbr:region-koblenz: The individual has no German label" in result.out
    assert "[ok]      OWL-Konsistenz / OWL reasoning" in result.out

    regions = data_copy / "regions.yaml"
    regions.write_text(regions.read_text(encoding="utf-8").replace('    label_de: "Koblenz"\n', "", 1),
                       encoding="utf-8")
    in_data = srbgraph("check", "--data", data_copy)
    assert in_data.code == 1
    assert "region-koblenz: missing German label ('label_de')" in in_data.out


def test_a_quote_not_in_the_source_is_caught(srbgraph, data_copy, source):
    path = data_copy / "measures.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Daher sollten Strukturen für die gelingende Netzwerkarbeit",
                                 "Daher müssen Strukturen für die gelingende Netzwerkarbeit", 1),
                    encoding="utf-8")
    result = srbgraph("check", "--data", data_copy, "--source", source, "--no-pellet", "-f", "json")
    assert result.code == 1, result
    found = sections(result)
    assert found["data"]["status"] == "ok"
    assert found["shacl"]["status"] == "ok" and found["reasoning"]["status"] == "ok"
    [miss] = found["evidence"]["problems"]
    line = path.read_text(encoding="utf-8").split("Daher müssen Strukturen")[0].count("\n") + 1
    assert (f"measures.yaml:{line}: measure-strukturen-netzwerkarbeit addresses "
            "obstacle-unzureichende-personelle-finanzielle-ressourcen: quote not found in the source") in miss
    assert "closest passage (line 2196," in miss and "sollten Strukturen für die gelingende" in miss  # to copy from


def test_the_evidence_check_reads_the_quotes_of_a_graph_file(srbgraph, tmp_path, built, source):
    from srbgraph.checks.report import _graph_evidence

    faulty = copy_of(built)
    node = SRBR["evidence/measure-strukturen-netzwerkarbeit-1"]
    faulty.set((node, SRB.quote, Literal("Daher müssen Strukturen geschaffen werden.")))
    section = _graph_evidence(faulty, source)
    assert section.status == "failed"
    [miss] = section.problems
    assert miss.startswith("srbr:measure-strukturen-netzwerkarbeit (srbr:evidence/measure-strukturen-"
                           "netzwerkarbeit-1): quote not found in the source")


def test_ontology_quality_finds_undefined_and_unlabelled_terms(built):
    from srbgraph.checks.quality import check_quality

    assert check_quality(built) == []
    faulty = copy_of(built)
    faulty.add((SRBR["x"], RDF.type, SRB.Widget))
    faulty.add((SRBR["x"], SRB.frobs, REGION))
    faulty.remove((SRB.Measure, RDFS.label, Literal("measure", lang="en")))
    faulty.remove((SRB.ags, None, None))  # also removes its declaration: an unused term no more
    faulty.add((SRB.liesIn, RDF.type, RDF.Property))
    for s, p, o in list(faulty.triples((None, SRB.liesIn, None))):
        faulty.remove((s, p, o))
    found = [str(q) for q in check_quality(faulty)]
    assert "srb:Measure: no English label (rdfs:label @en)" in found
    assert "srb:Widget: used as a type by the data (srbr:x) but not defined as a class in the ontology" in found
    assert "srb:frobs: used by the data (srbr:x) but not defined as a property in the ontology" in found
    assert any(q.startswith("srb:liesIn: the property is used by no individual") for q in found)


def test_a_graph_file_in_every_format_can_be_checked(srbgraph, tmp_path):
    from srbgraph.rdf_io import read_graph_file

    for fmt, ext in (("nt", "nt"), ("xml", "rdf"), ("jsonld", "jsonld")):
        out = tmp_path / f"g.{ext}"
        assert srbgraph("build", "-o", out, "-f", fmt).code == 0
        assert len(read_graph_file(out)) > 9000
    missing = srbgraph("check", "--graph", tmp_path / "nope.ttl")
    assert missing.code == 1 and missing.err.startswith("srbgraph: error: graph file not found:")
