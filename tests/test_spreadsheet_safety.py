"""Text from the data reaches spreadsheets as text, never as a formula: XLSX cells are strings with
the quote prefix, CSV/TSV cells that would start a formula begin with an apostrophe (OWASP), and
numbers stay numbers. Linking keeps what a cell holds; the writers protect it."""
from __future__ import annotations

import csv
import io
import json

import pytest

FORMULA = '=HYPERLINK("http://example.invalid/x","klick")'
OBSTACLE = "obstacle-be-personal-im-srb"


@pytest.fixture
def formula_data(data_copy):
    """The shipped data with one obstacle label that is a formula and one indicator rank of -5."""
    obstacles = data_copy / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    old = '    label_de: "Finanzierung des betriebserlaubnisrelevanten Personals durch das Sozialraumbudget"'
    assert old in text
    obstacles.write_text(text.replace(old, f"    label_de: '{FORMULA}'"), encoding="utf-8")
    indicators = data_copy / "indicators.yaml"
    text = indicators.read_text(encoding="utf-8")
    old = "  - id: ind-wg01-1\n    label_de: \"Wir haben eine aussagekräftige Evaluation mit Beteiligung aller Akteure.\"\n" \
          "    label_en: \"We have a meaningful evaluation with the participation of all actors.\"\n    rank: 1\n"
    assert old in text
    indicators.write_text(text.replace(old, old.replace("rank: 1", "rank: -5")), encoding="utf-8")
    return data_copy


def test_a_formula_label_is_a_text_cell_in_xlsx(srbgraph, formula_data, tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "srb.xlsx"
    result = srbgraph("export", "-f", "xlsx", "-o", out, "--data", formula_data)
    assert result.code == 0, result
    sheet = load_workbook(out)["Obstacle"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == OBSTACLE)
    cell = row[headers.index("label_de")]
    assert cell.value == FORMULA
    assert cell.data_type == "s"  # a string, not a formula ('f')
    assert cell.quotePrefix  # and Excel/LibreOffice keep it text when someone edits it
    indicators = load_workbook(out)["Indicator"]
    headers = [c.value for c in indicators[1]]
    rank = next(r for r in indicators.iter_rows(min_row=2) if r[0].value == "ind-wg01-1")[headers.index("rank")]
    assert (rank.value, rank.data_type) == (-5, "n")  # a number stays a number


def test_a_formula_label_is_protected_in_exported_csv(srbgraph, formula_data, tmp_path):
    folder = tmp_path / "tables"
    assert srbgraph("export", "-f", "csv", "-o", folder, "--data", formula_data).code == 0
    with open(folder / "Obstacle.csv", encoding="utf-8", newline="") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    assert rows[OBSTACLE]["label_de"] == "'" + FORMULA
    assert rows[OBSTACLE]["label_en"] == "Funding licence-relevant staff from the social-space budget"
    with open(folder / "Indicator.csv", encoding="utf-8", newline="") as handle:
        indicator = next(r for r in csv.DictReader(handle) if r["id"] == "ind-wg01-1")
    assert indicator["rank"] == "-5"


def test_query_csv_protects_text_and_keeps_numbers(srbgraph, formula_data):
    query = ('PREFIX srb: <https://w3id.org/srbgraph/ontology#>\n'
             'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n'
             'SELECT ?label ?rank ?text WHERE { '
             '{ <https://w3id.org/srbgraph/resource/obstacle-be-personal-im-srb> rdfs:label ?label '
             'FILTER(lang(?label) = "de") } UNION '
             '{ <https://w3id.org/srbgraph/resource/ind-wg01-1> srb:rank ?rank } UNION '
             '{ VALUES ?text { "-5" "@SUM(A1)" "+1" "\\tx" } } }')
    for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
        result = srbgraph("query", "-", "-f", fmt, "--data", formula_data, input=query)
        assert result.code == 0, result
        rows = list(csv.reader(io.StringIO(result.out), delimiter=delimiter))
        assert rows[0] == ["label", "rank", "text"]
        cells = {c for row in rows[1:] for c in row if c}
        assert cells == {"'" + FORMULA, "-5", "'-5", "'@SUM(A1)", "'+1", "'\tx"}


def test_paths_csv_protects_a_formula_label(srbgraph, formula_data):
    result = srbgraph("paths", "--obstacle", OBSTACLE, "-f", "csv", "--data", formula_data)
    assert result.code == 0, result
    rows = list(csv.reader(io.StringIO(result.out)))
    assert rows[0][4] == "Bremse" and rows[1:] and all(row[4] == "'" + FORMULA for row in rows[1:])
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_json_keeps_the_text_as_it_is(srbgraph, formula_data):
    result = srbgraph("paths", "--obstacle", OBSTACLE, "-f", "json", "--data", formula_data)
    assert result.code == 0, result
    assert FORMULA in {p["obstacle"]["label"] for p in json.loads(result.out)}


def test_link_keeps_a_leading_tab_and_query_csv_protects_it(srbgraph, tmp_path):
    table = tmp_path / "kitas.csv"
    table.write_text("Kreis;Hinweis\nSpeyer;\"\t=1+1\"\nLandkreis Kusel;  zwei  Leerzeichen \n",
                     encoding="utf-8")
    store = tmp_path / "store"
    result = srbgraph("link", table, "--key", "Kreis", "--store", store)
    assert result.code == 0, result
    query = ('SELECT ?v WHERE { GRAPH ?g { ?r ?p ?v . ?p <http://www.w3.org/2000/01/rdf-schema#label> '
             '"Hinweis" } } ORDER BY ?v')
    result = srbgraph("query", "-", "-f", "json", "--store", store, input=query)
    assert [row["v"] for row in json.loads(result.out)] == ["\t=1+1", "  zwei  Leerzeichen "]
    result = srbgraph("query", "-", "-f", "csv", "--store", store, input=query)
    assert list(csv.reader(io.StringIO(result.out))) == [["v"], ["'\t=1+1"], ["  zwei  Leerzeichen "]]


def test_a_control_character_in_the_data_is_shown_not_fatal_in_both_workbooks(srbgraph, data_copy, tmp_path):
    """A workbook cannot hold most control characters (openpyxl refuses the whole cell): the export
    and the review file show each as U+FFFD and are written, instead of failing."""
    from openpyxl import load_workbook

    obstacles = data_copy / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    old = '    label_de: "Finanzierung des betriebserlaubnisrelevanten Personals durch das Sozialraumbudget"'
    assert old in text
    obstacles.write_text(text.replace(old, '    label_de: "Finanzierung\\x1b[2K des Personals"'), encoding="utf-8")
    out = tmp_path / "srb.xlsx"
    result = srbgraph("export", "-f", "xlsx", "-o", out, "--data", data_copy)
    assert result.code == 0, result
    sheet = load_workbook(out)["Obstacle"]
    headers = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == OBSTACLE)
    assert row[headers.index("label_de")].value == "Finanzierung\ufffd[2K des Personals"
    review = tmp_path / "review.xlsx"
    result = srbgraph("review", "export", "--data", data_copy, "-o", review)
    assert result.code == 0, result
    cells = [c.value for r in load_workbook(review).worksheets[0].iter_rows() for c in r]
    assert any(isinstance(v, str) and "Finanzierung\ufffd[2K des Personals" in v for v in cells)
