"""srbgraph export: RDF for other tools (RDF/XML that owlready2 and so Protégé load), and tables
per class (CSV folder, XLSX workbook) for reports."""
from __future__ import annotations

import csv

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic


@pytest.fixture(scope="module")
def reference() -> Graph:
    from srbgraph.curated.build import build_graph

    return build_graph()


@pytest.mark.parametrize("fmt, parser", [("ttl", "turtle"), ("nt", "nt"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_rdf_formats_hold_the_whole_graph(srbgraph, tmp_path, reference, fmt, parser):
    out = tmp_path / f"srb.{fmt}"
    result = srbgraph("export", "--format", fmt, "--output", out)
    assert result.code == 0, result
    assert f"wrote 1 file: {out}" in result.err
    assert isomorphic(Graph().parse(out, format=parser), reference)


def test_rdf_goes_to_standard_output_without_output(srbgraph):
    result = srbgraph("export", "-f", "nt")
    assert result.code == 0
    assert result.out.count("\n") > 9000
    assert "<https://w3id.org/srbgraph/resource/workshop-koblenz>" in result.out


def test_rdf_xml_loads_in_owlready2_as_in_protege(srbgraph, tmp_path, reference):
    import owlready2
    from rdflib import RDF

    from srbgraph.curated.vocabulary import SRB

    out = tmp_path / "srb.rdf"
    assert srbgraph("export", "-f", "xml", "-o", out).code == 0
    world = owlready2.World()
    try:
        world.get_ontology(out.as_uri()).load()
        obstacle = world["https://w3id.org/srbgraph/ontology#Obstacle"]
        # every obstacle, the replaced ones too (they keep their class, deprecated: data/replaced.yaml)
        obstacles = set(reference.subjects(RDF.type, SRB.Obstacle))
        assert obstacle is not None and len(list(obstacle.instances(world=world))) == len(obstacles) > 20
        koblenz = world["https://w3id.org/srbgraph/resource/workshop-koblenz"]
        assert sorted(str(x) for x in koblenz.label) == ["SRB workshop conference Koblenz",
                                                         "SRB-Workshoptagung Koblenz"]
    finally:
        world.close()


def test_csv_gives_one_file_per_class_with_labels_relations_and_evidence(srbgraph, tmp_path):
    folder = tmp_path / "tables"
    result = srbgraph("export", "--format", "csv", "--output", folder)
    assert result.code == 0, result
    names = sorted(p.name for p in folder.iterdir())
    assert "Measure.csv" in names and "Indicator.csv" in names and "Evidence.csv" not in names
    with open(folder / "Measure.csv", encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert len(rows) == 30  # the curated measures (data/measures.yaml)
    row = rows["measure-strukturen-netzwerkarbeit"]
    assert row["label_de"] == "Strukturen für die gelingende Netzwerkarbeit schaffen"
    assert row["label_en"] == "Creating structures for successful networking"
    # relations by label, not by id
    assert "Intensivere Beteiligung aller Sozialraumakteur:innen" in row["supports"]
    assert "obstacle-" not in row["addresses"] and row["addresses"].count("; ") == 2
    assert row["evidence_quotes"].startswith("Daher sollten Strukturen für die gelingende Netzwerkarbeit")
    assert row["evidence_sections"] == "… gemeinsam entwickeln > S.M.A.R.T."
    with open(folder / "Indicator.csv", encoding="utf-8", newline="") as handle:
        indicator = next(r for r in csv.DictReader(handle) if r["id"] == "ind-wg01-1")
    assert indicator["rank"] == "1" and indicator["indicates"]  # the goal it measures, by label


def test_xlsx_gives_one_sheet_per_class(srbgraph, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "srb.xlsx"
    result = srbgraph("export", "--format", "xlsx", "--output", out, "--lang", "en")
    assert result.code == 0, result
    book = load_workbook(out, read_only=True)
    assert {"Measure", "Obstacle", "Indicator", "Workshop"} <= set(book.sheetnames)
    rows = list(book["Obstacle"].values)
    headers = rows[0]
    assert headers[:3] == ("id", "label_de", "label_en") and "hinders" in headers and "addressedBy" in headers
    assert len(rows) == 1 + 22  # header and the curated obstacles (a replaced one has a table of its own)
    first = dict(zip(headers, rows[1]))
    assert first["evidence_quotes"] and first["evidence_sections"]
    # --lang en: linked individuals by their English label
    by_id = {r[0]: dict(zip(headers, r)) for r in rows[1:]}
    assert "Further development of the social-space budget" in by_id["obstacle-be-personal-im-srb"]["hinders"].split("; ")


def test_unknown_format_is_refused(srbgraph):
    result = srbgraph("export", "--format", "pdf")
    assert result.code == 2 and "'pdf' is not one of" in result.err
