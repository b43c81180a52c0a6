"""srbgraph build: ontology + data → one graph; deterministic bytes; atomic; cached for later commands."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import RDF, RDFS, XSD, Graph, Literal

from srbgraph.curated.vocabulary import SRB, SRBR


def build_in_fresh_process(tmp_path, fmt: str, seed: str) -> bytes:
    out = tmp_path / f"graph-{seed}.{fmt}"
    env = dict(os.environ, PYTHONHASHSEED=seed, SRBGRAPH_CACHE_DIR=str(tmp_path / f"cache-{seed}"))
    subprocess.run([sys.executable, "-m", "srbgraph", "build", "--format", fmt, "--output", str(out)],
                   check=True, env=env, capture_output=True)
    return out.read_bytes()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "xml", "jsonld"])
def test_same_input_gives_identical_bytes(tmp_path, fmt):
    first = build_in_fresh_process(tmp_path, fmt, "1")
    second = build_in_fresh_process(tmp_path, fmt, "2")
    assert len(first) > 10_000
    assert first == second


def test_build_writes_the_graph_a_user_can_query(srbgraph, tmp_path):
    out = tmp_path / "srb.ttl"
    result = srbgraph("build", "--output", out)
    assert result.code == 0, result
    assert f"→ {out}" in result.err
    graph = Graph().parse(out, format="turtle")
    koblenz = SRBR["workshop-koblenz"]
    assert (koblenz, RDF.type, SRB.Workshop) in graph
    assert graph.value(koblenz, SRB["partOfSeries"]) == SRBR["series-srb-workshops-2023"]
    assert Literal("2023-05-11", datatype=XSD.date) in set(graph.objects(koblenz, None))
    assert Literal("Koblenz", lang="de") in set(graph.objects(SRBR["region-koblenz"], RDFS.label))
    series = SRBR["series-srb-workshops-2023"]
    assert graph.value(series, SRB.participantCount).toPython() == 88
    # every individual carries evidence with a quote and a section
    evidence = graph.value(koblenz, SRB.hasEvidence)
    assert graph.value(evidence, SRB.quote) and graph.value(evidence, SRB.section)
    # the ontology travels in the same graph
    assert (SRB.Obstacle, RDF.type, __import__("rdflib").OWL.Class) in graph


@pytest.mark.parametrize("fmt, parser", [("nt", "nt"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_every_format_parses_back_to_the_same_graph(srbgraph, tmp_path, fmt, parser):
    from rdflib.compare import isomorphic

    reference = Graph().parse(data=srbgraph("build", "-o", "-", "-f", "ttl").out, format="turtle")
    out = tmp_path / f"g.{fmt}"
    assert srbgraph("build", "-o", out, "-f", fmt).code == 0
    assert isomorphic(Graph().parse(out, format=parser), reference)


def test_default_output_goes_to_the_documented_cache(srbgraph, isolated_cache):
    result = srbgraph("build")
    assert result.code == 0, result
    target = isolated_cache / "shipped" / "graph.ttl"
    assert target.is_file()
    assert str(target) in result.err
    assert (isolated_cache / "shipped" / "graph.nt").is_file()
    assert (isolated_cache / "shipped" / "fingerprint").is_file()


def test_later_commands_reuse_the_build_and_rebuild_when_data_changes(srbgraph, data_copy):
    first = srbgraph("stats", "--data", data_copy)
    assert first.code == 0 and "building the graph" in first.err
    again = srbgraph("stats", "--data", data_copy)
    assert "building the graph" not in again.err
    assert again.out == first.out
    themes = data_copy / "themes.yaml"
    themes.write_text(themes.read_text(encoding="utf-8").replace("label_en: ", "label_en: New ", 1),
                      encoding="utf-8")
    changed = srbgraph("stats", "--data", data_copy)
    assert "building the graph" in changed.err


def test_output_to_stdout(srbgraph):
    result = srbgraph("build", "--output", "-", "--format", "nt")
    assert result.code == 0
    assert "<https://w3id.org/srbgraph/resource/workshop-trier>" in result.out


def test_build_reason_adds_inferred_types_and_inverse_relations(srbgraph, tmp_path, monkeypatch):
    plain = Graph().parse(data=srbgraph("build", "-o", "-").out, format="turtle")
    out = tmp_path / "reasoned.ttl"
    result = srbgraph("build", "--reason", "-o", out)
    assert result.code == 0, result
    import re

    reported = re.search(r"HermiT: consistent; ([\d,]+) inferred triples added", result.err)
    assert reported, result.err
    added = int(reported.group(1).replace(",", ""))
    reasoned = Graph().parse(out, format="turtle")
    assert added > 1000 and len(reasoned) == len(plain) + added
    named = [t for t in plain if not any(isinstance(x, __import__("rdflib").BNode) for x in t)]
    assert all(t in reasoned for t in named)
    # inverse relations: every hinders has its hinderedBy, every addresses its addressedBy …
    for relation, inverse in (("hinders", "hinderedBy"), ("addresses", "addressedBy"),
                              ("supports", "supportedBy"), ("measuredBy", "indicates")):
        pairs = set(plain.subject_objects(SRB[relation]))
        assert pairs and {(o, s) for s, o in pairs} == set(reasoned.subject_objects(SRB[inverse]))
    # inferred types: an action goal is a goal, a workshop an event
    assert (SRBR["goal-finanzierung-notwendiger-mittel"], RDF.type, SRB.Goal) in reasoned
    assert (SRBR["workshop-koblenz"], RDF.type, __import__("rdflib").URIRef("https://schema.org/Event")) in reasoned
    # without Java, owlrl gives the same bytes (deterministic, and the two reasoners agree)
    monkeypatch.setenv("SRBGRAPH_NO_JAVA", "1")
    fallback = tmp_path / "reasoned-owlrl.ttl"
    again = srbgraph("build", "--reason", "-o", fallback)
    assert again.code == 0 and "owlrl: consistent" in again.err and "Java not found" in again.err
    assert fallback.read_bytes() == out.read_bytes()


def test_a_data_file_edited_during_a_build_is_not_cached_under_the_new_fingerprint(srbgraph, data_copy, monkeypatch):
    # The build reads each input once and files the graph under the fingerprint of those bytes: an
    # edit that lands while the build runs is a change the next command sees, not a stale graph.
    import srbgraph.curated.build as build
    from srbgraph.build_cache import is_fresh

    themes = data_copy / "themes.yaml"
    before = themes.read_text(encoding="utf-8")
    assert 'label_de: "Sozialraumanalyse"' in before
    real = build.add_entities

    def edited_meanwhile(*args, **kwargs):
        real(*args, **kwargs)
        themes.write_text(before.replace('label_de: "Sozialraumanalyse"', 'label_de: "Sozialraumanalyse (neu)"'),
                          encoding="utf-8")

    monkeypatch.setattr(build, "add_entities", edited_meanwhile)
    label = ('SELECT ?l WHERE { <https://w3id.org/srbgraph/resource/theme-sozialraumanalyse> '
             '<http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = "de") }')
    first = srbgraph("query", "-", "--data", data_copy, "--format", "csv", input=label)
    assert first.code == 0, first
    assert first.out.splitlines()[1] == "Sozialraumanalyse"  # built from the bytes read before the edit
    monkeypatch.undo()
    assert not is_fresh(data_copy)
    again = srbgraph("query", "-", "--data", data_copy, "--format", "csv", input=label)
    assert again.out.splitlines()[1] == "Sozialraumanalyse (neu)"
    assert is_fresh(data_copy)
