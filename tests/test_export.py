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
    # the curators' note in each language, in a column of its own as the labels are (issue 27)
    with open(folder / "Obstacle.csv", encoding="utf-8", newline="") as handle:
        obstacle = next(r for r in csv.DictReader(handle) if r["id"] == "obstacle-be-personal-im-srb")
    assert obstacle["note"].startswith("Called the \"größten Störfaktor\" by (most) working groups.")
    assert obstacle["note_de"].startswith("Von (den meisten) Arbeitsgruppen als „größten Störfaktor“ bezeichnet.")
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


def with_label(data, size: int, filler: str = "Wort und Satz über Bäume ") -> str:
    """Give the obstacle obstacle-be-personal-im-srb in the data folder *data* a German label of *size*
    characters (no glossary word in it, so the data stays valid); returns the label."""
    import re

    label = (filler * (size // len(filler) + 1))[:size].strip()
    path = data / "obstacles.yaml"
    text, found = re.subn(r'(  - id: obstacle-be-personal-im-srb\n    label_de: )"[^"\n]*"',
                          lambda match: match.group(1) + '"' + label + '"', path.read_text(encoding="utf-8"))
    assert found == 1
    path.write_text(text, encoding="utf-8")
    return label


def test_reading_the_cached_graph_is_linear_in_the_length_of_a_label(srbgraph, data_copy, tmp_path, monkeypatch,
                                                                      isolated_cache):
    """rdflib's N-Triples reader matches its line pattern on a buffer that grows by 2,048 characters
    until the line ends: quadratic in a line's length (two 9 MB labels: 793 s). srbgraph hands it
    whole lines; the characters the pattern is matched on stay within twice the file's size."""
    from rdflib.plugins.parsers import ntriples

    with_label(data_copy, 1_000_000)
    assert srbgraph("build", "--data", data_copy).code == 0  # the export reads the graph from the cache

    class Counting:
        def __init__(self, pattern):
            self.pattern, self.scanned = pattern, 0

        def match(self, text, *args):
            self.scanned += len(text)
            return self.pattern.match(text, *args)

    counting = Counting(ntriples.r_line)
    monkeypatch.setattr(ntriples, "r_line", counting)
    result = srbgraph("export", "-f", "csv", "--data", data_copy, "-o", tmp_path / "csv")
    assert result.code == 0, result
    [cached] = isolated_cache.glob("*/graph.nt")
    assert 0 < counting.scanned <= 2 * cached.stat().st_size


def test_a_text_longer_than_an_xlsx_cell_is_cut_with_a_marker_and_a_note(srbgraph, data_copy, tmp_path):
    """Excel holds 32,767 characters in a cell and refuses a workbook with a longer one: the text is
    cut with a visible marker, a note says where; the CSV export keeps the whole text."""
    import re

    from openpyxl import load_workbook

    label = with_label(data_copy, 40_000)
    out = tmp_path / "srb.xlsx"
    result = srbgraph("export", "-f", "xlsx", "--data", data_copy, "-o", out)
    assert result.code == 0, result
    notes = [line for line in result.err.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and f"of {out} cut to 32,767 characters" in notes[0]
    assert re.search(r"\(first: sheet \w+, [\w-]+, \w+\); the CSV export keeps the whole text$", notes[0]), notes
    sheet = load_workbook(out, read_only=True)["Obstacle"]
    rows = list(sheet.iter_rows(values_only=True))
    header, row = rows[0], next(r for r in rows if r[0] == "obstacle-be-personal-im-srb")
    cell = row[header.index("label_de")]
    assert len(cell) == 32_767
    assert cell.startswith(label[:30_000])
    assert cell.endswith(f" … [cut: {len(label):,} characters, a cell holds 32,767; the CSV export keeps the whole text]")
    assert srbgraph("export", "-f", "csv", "--data", data_copy, "-o", tmp_path / "csv").code == 0
    with open(tmp_path / "csv" / "Obstacle.csv", encoding="utf-8", newline="") as handle:
        whole = next(r for r in csv.DictReader(handle) if r["id"] == "obstacle-be-personal-im-srb")
    assert whole["label_de"] == label
