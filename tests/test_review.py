"""srbgraph review: the workbook out, verdicts back into the YAML in place, reviews in the graph, rejected
links out of paths/gaps/rank (and back with --include-rejected), the state of a round with kappa."""
from __future__ import annotations

import csv
import difflib
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import OWL, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV

from srbgraph.curated.read import display_path
from srbgraph.curated.review_import import COLUMNS
from srbgraph.terms import SRB
from srbgraph.terms import SRBR as RESOURCE

SRBR = Namespace(RESOURCE)

SRB_ = lambda name: URIRef(SRB + name)  # noqa: E731
REJECTED = "link/obstacle-anstellungstraegervielfalt/hinders/goal-fachpersonal-gewinnen-sichern"
CONFIRMED = "link/goal-orientierung-an-bedarfen/basisFor/goal-finanzierung-notwendiger-mittel"
BASIS_B = "link/goal-orientierung-an-bedarfen/basisFor/goal-intensivere-beteiligung"
HEADERS = dict(COLUMNS)


def export(srbgraph, data: Path, target: Path, *args) -> Path:
    result = srbgraph("review", "export", "--data", data, "-o", target, *args)
    assert result.code == 0, result
    return target


def fill(workbook: Path, verdicts: dict, target: Path, sheet: str = "Prüfung (review)") -> Path:
    """Fill in *verdicts* (link id → verdict word or (word, comment)) as a reviewer does, with openpyxl."""
    book = load_workbook(workbook)
    page = book[sheet]
    header = [cell.value for cell in page[1]]
    column = {key: header.index(HEADERS[key]) + 1 for key in ("link", "verdict", "comment")}
    for row in range(2, page.max_row + 1):
        given = verdicts.get(page.cell(row, column["link"]).value)
        if given is not None:
            word, comment = given if isinstance(given, tuple) else (given, None)
            page.cell(row, column["verdict"]).value = word
            page.cell(row, column["comment"]).value = comment
    book.save(target)
    return target


def review(srbgraph, data: Path, tmp_path: Path, verdicts: dict, reviewer: str, date: str = "2026-12-01"):
    """Export, fill in *verdicts*, import them with --apply: what a curator does with a reviewer's sheet."""
    blank = export(srbgraph, data, tmp_path / f"blank-{reviewer[:3]}.xlsx")
    filled = fill(blank, verdicts, tmp_path / f"filled-{reviewer[:3]}.xlsx")
    result = srbgraph("review", "import", filled, "--reviewer", reviewer, "--date", date, "--apply", "--data", data)
    assert result.code == 0, result
    return result


def snapshot(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.yaml"))}


def build(srbgraph, data: Path, target: Path) -> Graph:
    result = srbgraph("build", "--data", data, "-o", target)
    assert result.code == 0, result
    return Graph().parse(target)


def test_round_trip_export_fill_import_build(srbgraph, data_copy, tmp_path):
    before = snapshot(data_copy)
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {REJECTED: ("abgelehnt", "Der Text nennt die Bremse nicht für dieses Ziel."), CONFIRMED: "bestätigt"},
                  tmp_path / "filled.xlsx")
    shown = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--date", "2026-12-01",
                     "--data", data_copy)
    assert shown.code == 0, shown
    assert f"+ {REJECTED}: abgelehnt – Der Text nennt die Bremse nicht für dieses Ziel." in shown.out
    assert f"+ {CONFIRMED}: bestätigt" in shown.out
    assert snapshot(data_copy) == before  # without --apply nothing is written
    applied = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--date", "2026-12-01",
                       "--apply", "--data", data_copy)
    assert applied.code == 0, applied
    after = snapshot(data_copy)
    changed = [name for name in after if after[name] != before[name]]
    assert changed == ["goals.yaml", "obstacles.yaml"]
    for name in changed:
        diff = [line for line in difflib.ndiff(before[name].splitlines(), after[name].splitlines())
                if line[:1] in "+-"]
        assert diff and all(line.startswith("+ ") for line in diff), diff  # the diff only adds lines
        comments = [line for line in before[name].splitlines() if line.lstrip().startswith("#")]
        assert comments and all(line in after[name].splitlines() for line in comments)
    assert ('          - reviewer: "Dr. M. Muster"\n            date: 2026-12-01\n            verdict: abgelehnt\n'
            '            comment: "Der Text nennt die Bremse nicht für dieses Ziel."\n') in after["obstacles.yaml"]

    graph = build(srbgraph, data_copy, tmp_path / "graph.ttl")
    subject, goal = SRBR["obstacle-anstellungstraegervielfalt"], SRBR["goal-fachpersonal-gewinnen-sichern"]
    assertion = SRBR[REJECTED]
    assert (subject, SRB_("hinders"), goal) not in graph  # the rejected link lost its direct triple …
    assert (assertion, OWL.deprecated, Literal(True)) in graph  # … and keeps its assertion, deprecated
    assert (SRBR["goal-orientierung-an-bedarfen"], SRB_("basisFor"), SRBR["goal-finanzierung-notwendiger-mittel"]) in graph
    reviews = list(graph.subjects(SRB_("reviews"), None))
    assert len(reviews) == 2
    for node in reviews:
        agent = graph.value(node, PROV.wasAttributedTo)
        assert str(graph.value(agent, RDFS.label)) == "Dr. M. Muster"
        assert str(graph.value(node, DCTERMS.date)) == "2026-12-01"
        assert graph.value(node, DCTERMS.date).datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")
    assert {graph.value(node, SRB_("verdict")) for node in reviews} == {SRB_("confirmed"), SRB_("rejected")}
    assert URIRef(f"{SRBR}review/obstacle-anstellungstraegervielfalt/hinders/goal-fachpersonal-gewinnen-sichern/dr-m-muster") \
        in reviews

    paths = json.loads(srbgraph("paths", "--data", data_copy, "--format", "json").out)
    assert not [p for p in paths if p["obstacle"] and p["obstacle"]["id"] == "obstacle-anstellungstraegervielfalt"
                and p["goal"]["id"] == "goal-fachpersonal-gewinnen-sichern" and p["need"] is None]
    confirmed = [hop for p in paths for hop in p["hops"] if hop["relation"] == "basisFor"
                 and hop["object"]["id"] == "goal-finanzierung-notwendiger-mittel"]
    assert confirmed and all(hop["review"]["status"] == "confirmed" for hop in confirmed)
    assert confirmed[0]["review"]["verdicts"] == [
        {"reviewer": "Dr. M. Muster", "verdict": "confirmed", "date": "2026-12-01", "comment": ""}]
    tree = srbgraph("paths", "goal-orientierung-an-bedarfen", "--data", data_copy).out
    assert "●✓ ist Basis für Ziel: Finanzierung der notwendigen Mittel" in tree
    assert "✓ von Gutachter:innen bestätigt (confirmed)" in tree

    taken_back = srbgraph("paths", "goal-fachpersonal-gewinnen-sichern", "--data", data_copy, "--include-rejected")
    assert "○✗ Bremse: Anstellungsträgervielfalt" in taken_back.out, taken_back
    assert "○✗" not in srbgraph("paths", "goal-fachpersonal-gewinnen-sichern", "--data", data_copy).out
    # the link left out is not left out silently: a line says how many and how to show them
    # (issue 27), and not where --include-rejected shows them
    def after_count(text: str) -> str:  # the line under the count line (the open ends follow it)
        lines = text.splitlines()
        return lines[next(i for i, line in enumerate(lines) if " ab einem Ziel: " in line or " from a goal: " in line) + 1]

    left_out = srbgraph("paths", "goal-fachpersonal-gewinnen-sichern", "--data", data_copy).out
    assert after_count(left_out) == "1 Verknüpfung dazu hat Gutachter:innen abgelehnt (--include-rejected zeigt sie)."
    english = srbgraph("paths", "goal-fachpersonal-gewinnen-sichern", "--data", data_copy, "--lang", "en").out
    assert after_count(english) == "Reviewers rejected 1 link here (--include-rejected shows them)."
    assert "abgelehnt (--include-rejected" not in taken_back.out
    untouched = srbgraph("paths", "measure-ausbau-kernteam", "--data", data_copy).out
    assert "abgelehnt" not in untouched  # a rejected link of other entities is not this answer's


def test_reimporting_the_same_sheet_changes_nothing_and_a_new_verdict_replaces_the_old(srbgraph, data_copy, tmp_path):
    review(srbgraph, data_copy, tmp_path, {CONFIRMED: "bestätigt"}, "Dr. M. Muster")
    once = snapshot(data_copy)
    review(srbgraph, data_copy, tmp_path, {CONFIRMED: "bestätigt"}, "Dr. M. Muster", "2027-01-05")
    assert snapshot(data_copy) == once
    result = review(srbgraph, data_copy, tmp_path, {CONFIRMED: ("unklar", "doch nicht sicher")}, "Dr. M. Muster",
                    "2027-01-05")
    assert f"~ {CONFIRMED}: unklar (was bestätigt) – doch nicht sicher" in result.out
    goals = (data_copy / "goals.yaml").read_text(encoding="utf-8")
    assert goals.count('reviewer: "Dr. M. Muster"') == 1
    assert "date: 2027-01-05\n            verdict: unklar\n" in goals and "verdict: bestätigt" not in goals


def test_a_stale_row_is_reported_and_not_applied(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {REJECTED: "abgelehnt", CONFIRMED: "bestätigt"}, tmp_path / "filled.xlsx")
    # the curator edits the rejected link's quote after the export: the reviewer judged another text
    obstacles = data_copy / "obstacles.yaml"
    text = obstacles.read_text(encoding="utf-8")
    old = ('section: "… gemeinsam beobACHTEN > Klären und in Bezug setzen > Rückkopplungsschleife"\n'
           '      - to: goal-koordination-kontinuitaet-flexibilitaet')
    assert old in text
    obstacles.write_text(text.replace(old, old.replace("Rückkopplungsschleife", "Rückkopplungsschleife (S. 24)"), 1),
                         encoding="utf-8")
    edited = snapshot(data_copy)
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--apply", "--data", data_copy)
    assert result.code == 0, result
    assert ("filled.xlsx: sheet 'Prüfung (review)' row" in result.err and
            f"{REJECTED}: the link changed since the export (ends, support or quotes): not applied" in result.err)
    assert "1 verdict of Dr. M. Muster" in result.err and "1 stale" in result.err
    after = snapshot(data_copy)
    assert after["obstacles.yaml"] == edited["obstacles.yaml"]  # the stale verdict was not written
    assert after["goals.yaml"] != edited["goals.yaml"]  # the other one was


def test_each_bad_row_is_one_line_and_nothing_is_written(srbgraph, data_copy, tmp_path):
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {REJECTED: "jein", CONFIRMED: "bestätigt",
                          BASIS_B: ("", "nur ein Kommentar")}, tmp_path / "filled.xlsx")
    book = load_workbook(filled)
    copy = book.copy_worksheet(book["Prüfung (review)"])  # a second sheet of the same reviewer
    copy.title = "Kopie"
    page = book["Prüfung (review)"]
    header = [cell.value for cell in page[1]]
    link_column = header.index(HEADERS["link"]) + 1
    page.cell(3, link_column).value = "link/goal-gibt-es-nicht/requires/need-auch-nicht"
    page.cell(3, header.index(HEADERS["verdict"]) + 1).value = "unklar"
    book.save(filled)
    before = snapshot(data_copy)
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--apply", "--data", data_copy)
    assert result.code == 1, result
    lines = result.err.strip().splitlines()
    assert lines[-1].startswith("srbgraph: error: ") and lines[-1].endswith("nothing was written")
    problems = lines[:-1]
    assert any("row 3: link/goal-gibt-es-nicht/requires/need-auch-nicht: no such link" in l for l in problems)
    assert any(f"{REJECTED}: unknown verdict 'jein'" in l and "sheet 'Prüfung (review)'" in l for l in problems)
    assert any("a comment without a verdict" in l for l in problems)
    shown = display_path(filled)
    assert any(l.startswith(f"{shown}: sheet 'Kopie' row ")
               and f"{CONFIRMED}: given already at {shown}: sheet 'Prüfung (review)' row" in l for l in problems)
    assert len(problems) == 6 and all(l.startswith(f"{shown}: sheet '") for l in problems), problems
    assert snapshot(data_copy) == before


def test_a_formula_like_label_stays_text(srbgraph, data_copy, tmp_path):
    hostile = '=HYPERLINK("http://example.invalid","klick")'
    goals = data_copy / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    old = 'label_de: "Orientierung an Bedarfen aller Akteur:innen (Familien und Fachkräfte)"'
    assert old in text
    goals.write_text(text.replace(old, "label_de: '" + hostile + "'"), encoding="utf-8")
    text = goals.read_text(encoding="utf-8")
    old = 'label_de: "Finanzierung der notwendigen Mittel"'
    assert old in text
    goals.write_text(text.replace(old, 'label_de: "+49 Mittel @SUM(A1)"'), encoding="utf-8")
    workbook = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    page = load_workbook(workbook)["Prüfung (review)"]
    header = [cell.value for cell in page[1]]
    row = next(r for r in page.iter_rows(min_row=2) if r[header.index(HEADERS["link"])].value == CONFIRMED)
    start, end = row[header.index(HEADERS["from"])], row[header.index(HEADERS["to"])]
    assert start.value == hostile and start.data_type == "s" and start.quotePrefix
    assert end.value == "+49 Mittel @SUM(A1)" and end.data_type == "s" and end.quotePrefix
    assert all(cell.data_type != "f" for r in page.iter_rows() for cell in r)
    # the CSV form: a leading ' keeps it inert, and reading it back gives the label again
    table = export(srbgraph, data_copy, tmp_path / "review.csv")
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8-sig"))))
    line = next(r for r in rows if r[0] == CONFIRMED)
    assert line[1] == "'" + hostile and line[3] == "'+49 Mittel @SUM(A1)"


def test_libreoffice_keeps_a_formula_like_label_as_text(srbgraph, data_copy, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is missing: tests/install-system-deps.sh installs it"
    hostile = "=1+1"
    goals = data_copy / "goals.yaml"
    text = goals.read_text(encoding="utf-8")
    old = 'label_de: "Orientierung an Bedarfen aller Akteur:innen (Familien und Fachkräfte)"'
    goals.write_text(text.replace(old, "label_de: '" + hostile + "'"), encoding="utf-8")
    workbook = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "out"), str(workbook)],
                   check=True, capture_output=True, timeout=300)
    converted = (tmp_path / "out" / "review.csv").read_text(encoding="utf-8")
    line = next(r for r in csv.reader(io.StringIO(converted)) if r and r[0] == CONFIRMED)
    assert line[1] == hostile  # shown as typed, not computed to 2


def test_two_reviewers_disagreements_and_kappa(srbgraph, data_copy, tmp_path):
    links = [CONFIRMED, REJECTED, BASIS_B, "link/obstacle-haltung-der-akteure/hinders/goal-intensivere-beteiligung"]
    first = dict(zip(links, ["bestätigt", "abgelehnt", "bestätigt", "unklar"]))
    second = dict(zip(links, ["bestätigt", "bestätigt", "bestätigt", "abgelehnt"]))
    review(srbgraph, data_copy, tmp_path, first, "Dr. M. Muster")
    review(srbgraph, data_copy, tmp_path, second, "Prof. E. Beispiel", "2026-12-03")
    result = srbgraph("review", "status", "--data", data_copy, "--format", "json")
    assert result.code == 0, result
    state = json.loads(result.out)
    assert state["reviewers"] == ["Dr. M. Muster", "Prof. E. Beispiel"]
    assert [d["link"] for d in state["disagreements"]] == sorted([links[1], links[3]])
    by_link = {d["link"]: d for d in state["disagreements"]}
    assert by_link[REJECTED]["status"] == "disputed"  # one rejects, one confirms: the link stays
    assert by_link[links[3]]["status"] == "rejected"  # one rejects, the other cannot decide
    # kappa by hand: 2 of 4 alike, p_o = 0.5; first: 2 confirmed, 1 rejected, 1 unclear;
    # second: 3 confirmed, 1 rejected; p_e = (2*3 + 1*1 + 1*0) / 16 = 7/16; kappa = (1/2 - 7/16) / (9/16) = 1/9
    [agreement] = state["agreement"]
    assert agreement["links"] == 4 and agreement["agreed"] == 2
    assert agreement["kappa"] == pytest.approx(1 / 9, abs=1e-4)
    assert sum(state["counts"]["interpreted"].values()) + sum(state["counts"]["stated"].values()) == state["links"]
    text = srbgraph("review", "status", "--data", data_copy).out
    assert "Dr. M. Muster und Prof. E. Beispiel: 2 von 4 gemeinsam begutachteten Verknüpfungen gleich, κ = 0,11" in text
    # one language per view (issue 27): the support as every view says it, no English beside it
    assert "\nLesart der Kuration  " in text and "gelesen" not in text and "(support)" not in text
    assert "Gutachter:innen: Dr. M. Muster, Prof. E. Beispiel" in text and "(reviewers)" not in text
    english = srbgraph("review", "status", "--data", data_copy, "--lang", "en").out
    assert "\ninterpreted by the curation  " in english and "Gutachter" not in english and "Stützung" not in english
    assert f"{REJECTED} (" in text and "uneinig: Dr. M. Muster: abgelehnt; Prof. E. Beispiel: bestätigt" in text
    table = list(csv.reader(io.StringIO(srbgraph("review", "status", "--data", data_copy, "--format", "csv").out)))
    assert table[0][-2:] == ["Dr. M. Muster", "Prof. E. Beispiel"]
    assert [r for r in table if r[0] == REJECTED][0][-2:] == ["abgelehnt", "bestätigt"]
    # the disputed link keeps its direct triple and is marked ≠ on its paths; the rejected one is out
    tree = srbgraph("paths", "goal-fachpersonal-gewinnen-sichern", "--data", data_copy).out
    assert "○≠ Bremse: Anstellungsträgervielfalt" in tree
    paths = json.loads(srbgraph("paths", "--data", data_copy, "--format", "json").out)
    assert not [p for p in paths if p["obstacle"] and p["obstacle"]["id"] == "obstacle-haltung-der-akteure"
                and p["goal"] and p["goal"]["id"] == "goal-intensivere-beteiligung"]


def test_gaps_and_rank_leave_rejected_links_out_and_name_them_when_asked(srbgraph, data_copy, tmp_path):
    # the only measure of an obstacle: rejecting it opens a gap
    edges = json.loads(srbgraph("query", "path-edges", "--data", data_copy, "--format", "json").out)
    addresses = [e for e in edges if e["relation"] == "srb:addresses"]
    per_obstacle: dict = {}
    for edge in addresses:
        per_obstacle.setdefault(edge["target"], []).append(edge["source"])
    obstacle, [measure] = next((o, m) for o, m in sorted(per_obstacle.items()) if len(m) == 1)
    link = f"link/{measure[5:]}/addresses/{obstacle[5:]}"
    before = json.loads(srbgraph("gaps", "--data", data_copy, "--format", "json").out)
    assert not [g for g in before if g["id"] == obstacle[5:]]
    review(srbgraph, data_copy, tmp_path, {link: "abgelehnt"}, "Dr. M. Muster")
    after = json.loads(srbgraph("gaps", "--data", data_copy, "--format", "json").out)
    assert [g["Lücke"] for g in after if g["id"] == obstacle[5:]] == ["Bremse ohne Maßnahme"]
    marked = json.loads(srbgraph("gaps", "--data", data_copy, "--format", "json", "--include-rejected").out)
    assert [g["abgelehnte Verknüpfungen"] for g in marked if g["id"] == obstacle[5:]] == [link]
    ranked = json.loads(srbgraph("rank", "--data", data_copy, "--format", "json", "--include-rejected").out)
    assert [r["abgelehnte Verknüpfungen"] for r in ranked if r["id"] == measure[5:]] == [1]
    plain = json.loads(srbgraph("rank", "--data", data_copy, "--format", "json").out)
    assert "abgelehnte Verknüpfungen" not in plain[0]


def test_assembled_paths_equal_the_path_query(srbgraph):
    """--include-rejected assembles paths from edges: on a graph without rejected links that gives
    exactly what the path queries give."""
    from srbgraph.model.paths import find_paths
    from srbgraph.model.rejected import assembled_paths
    from srbgraph.stores.select import open_store

    with open_store() as store:
        for lang in ("de", "en"):
            assert assembled_paths(store, [], lang) == find_paths(store, lang=lang, cache=False)


def test_review_queries_and_rejected_paths_are_the_same_on_every_store(srbgraph, data_copy, tmp_path):
    from srbgraph.model import queries
    from srbgraph.model.rejected import find_paths_with_rejected
    from srbgraph.stores.base import compare_key
    from srbgraph.stores.select import open_store
    from srbgraph.terms import Literal as Term

    review(srbgraph, data_copy, tmp_path, {REJECTED: "abgelehnt", CONFIRMED: ("bestätigt", "ja")}, "Dr. M. Muster")
    with open_store(data_copy, engine="rdflib") as on_rdflib, open_store(data_copy) as on_oxigraph:
        for name in ("link-reviews", "rejected-links", "link-assertions"):
            text = queries.named(name).text
            params = {"lang": Term("de")} if name == "link-assertions" else None
            answers = [store.select(text, params) for store in (on_rdflib, on_oxigraph)]
            assert len(answers[0]) > 0, name
            assert compare_key(answers[0]) == compare_key(answers[1]), name
        taken_back = find_paths_with_rejected(on_oxigraph)
        assert taken_back == find_paths_with_rejected(on_rdflib)
        assert any(p.obstacle and p.obstacle.id == "obstacle-anstellungstraegervielfalt"
                   and p.goal.id == "goal-fachpersonal-gewinnen-sichern" and p.need is None for p in taken_back)


def test_the_graph_view_draws_no_review_nodes_and_a_rejected_link_only_when_asked(srbgraph, data_copy, tmp_path):
    """Reviews are about links, not things of the domain: the picture shows them in a link's panel,
    never as nodes; the rejected link is gone from the whole view and back, marked, when asked."""
    import networkx as nx

    review(srbgraph, data_copy, tmp_path, {REJECTED: "abgelehnt", CONFIRMED: "bestätigt"}, "Dr. M. Muster")
    plain, marked = tmp_path / "plain.graphml", tmp_path / "marked.graphml"
    assert srbgraph("viz", "--data", data_copy, "-o", plain).code == 0
    assert srbgraph("viz", "--data", data_copy, "-o", marked, "--include-rejected").code == 0
    source, _, target = REJECTED[len("link/"):].partition("/hinders/")
    for path, expected in ((plain, []), (marked, ["True"])):
        view = nx.read_graphml(path)
        kinds = {str(data.get("class", "")) for _node, data in view.nodes(data=True)}
        assert not {"Review", "Prüfung", "Agent"} & kinds, kinds
        labels = [str(data.get("label", "")) for _node, data in view.nodes(data=True)]
        assert not [label for label in labels if "Muster" in label]  # the reviewer is no actor of the SRB
        rejected = [str(data.get("rejected")) for s, t, data in view.edges(data=True)
                    if s.endswith(source) and t.endswith(target)]
        assert rejected == expected, (path.name, rejected)


def test_a_verdict_on_a_link_whose_end_was_merged_is_reported_stale_not_lost_or_refused(srbgraph, data_copy, tmp_path):
    # A sheet exported before a merge names the old ends: the verdict is not carried over unseen
    # (the reviewer judged the old link), not refused with the whole sheet either, but reported with
    # where the end went; the other rows are written.
    blank = export(srbgraph, data_copy, tmp_path / "review.xlsx")
    filled = fill(blank, {CONFIRMED: "bestätigt"}, tmp_path / "filled.xlsx")
    book = load_workbook(filled)
    page = book["Prüfung (review)"]
    header = [cell.value for cell in page[1]]
    row = page.max_row + 1
    old = "link/goal-orientierung-an-bedarfen/requires/need-intensivere-beteiligung-aller-akteure"
    for key, value in (("link", old), ("verdict", "bestätigt"), ("fingerprint", "fingerprint-of-the-old-link")):
        page.cell(row, header.index(HEADERS[key]) + 1).value = value
    book.save(filled)
    result = srbgraph("review", "import", filled, "--reviewer", "Dr. M. Muster", "--apply", "--data", data_copy)
    assert result.code == 0, result
    assert (f"{old}: an end of the link was merged into another entry since the export "
            "(need-intensivere-beteiligung-aller-akteure → goal-intensivere-beteiligung): not applied") in result.err
    assert "1 verdict of Dr. M. Muster" in result.err and "1 stale" in result.err
    assert "verdict: bestätigt" in (data_copy / "goals.yaml").read_text(encoding="utf-8")


def test_the_shipped_data_are_refused_with_the_command_that_copies_them(monkeypatch, tmp_path):
    # after a plain install the data sit inside the package (…/_shipped/data): the refusal says how
    # to get a folder of one's own
    from srbgraph import resources
    from srbgraph.curated import review_import
    from srbgraph.errors import SrbError

    installed = tmp_path / "srbgraph" / "_shipped" / "data"
    installed.mkdir(parents=True)
    monkeypatch.setattr(resources, "data_dir", lambda: installed)
    with pytest.raises(SrbError) as refused:
        review_import._refuse_installed(installed)
    assert "copy it to a folder of your own with `srbgraph data init DIR` and import into that one with --data DIR" \
        in str(refused.value)
