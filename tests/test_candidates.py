"""srbgraph candidates: the passages of the source that name two path entities no link connects.

Most examples run on the real data and the real source text (skipped where the source is absent,
never in CI); a link is taken out of a copy of the data to see its passage come back as a
candidate. The smaller ones need no source: a few sentences of the source's kind, or a graph of a
few triples.
"""
from __future__ import annotations

import csv
import io
import json

import yaml

from srbgraph.curated.passages import connected, passages
from srbgraph.curated.stemming import stem

FRAGMENT, GUIDING = "goal-fragment-durch-evaluation-angeleitet", "goal-leitziel-weiterentwicklung-srb"
#: a sentence of the source's kind that names the goal fragment and the guiding goal, and starts
#: like a spreadsheet formula
FORMULA = ("=1+1 Das Leitziel heißt Weiterentwicklung des Sozialraumbudgets, das heißt: "
           "durch Evaluation angeleitete Weiterentwicklung.\n")


def without_link(data_dir, subject: str, relation: str, target: str) -> None:
    """Take the link *subject* *relation* *target* out of the data folder (the file is rewritten
    without its comments: it is a test's copy)."""
    for path in sorted(data_dir.glob("*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entity in (document or {}).get("entities", []) if isinstance(document, dict) else []:
            links = entity.get(relation)
            if entity.get("id") != subject or links is None:
                continue
            links = links if isinstance(links, list) else [links]
            kept = [link for link in links if (link.get("to") if isinstance(link, dict) else link) != target]
            assert len(kept) < len(links), f"{subject} has no link {relation} {target}"
            if kept:
                entity[relation] = kept
            else:
                del entity[relation]
            path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return
    raise AssertionError(f"no entity {subject} with {relation} in {data_dir}")


def rows(run) -> list[dict]:
    assert run.code == 0, run
    return json.loads(run.out)


def pair(row: dict) -> tuple[str, str, str]:
    return row["entity 1"], row["possible relation"], row["entity 2"]


# -- on the real data and source --------------------------------------------------------------------

def test_a_passage_naming_two_unlinked_entities_is_listed(srbgraph, source, data_copy):
    without_link(data_copy, FRAGMENT, "fragmentOf", GUIDING)
    found = rows(srbgraph("candidates", "--source", source, "--data", data_copy, "--lang", "en", "-f", "json"))
    row = next(r for r in found if pair(r) == (FRAGMENT, "fragmentOf", GUIDING))
    assert (row["kind 1"], row["kind 2"]) == ("goal fragment", "guiding goal")
    assert row["cue word"] == "Leitziel" and row["section"] == "S.M.A.R.T."
    assert "Durch Evaluation angeleitete Weiterentwicklung des Sozialraumbudgets" in row["passage"]
    line = source.read_text(encoding="utf-8").split("\n")[row["line"] - 1]
    assert "Leitziel der regionalen Workshoptagungen" in line  # where the passage begins


def test_a_pair_that_a_link_connects_is_not_listed(srbgraph, source):
    found = rows(srbgraph("candidates", "--source", source, "--lang", "en", "-f", "json"))
    assert found, "the shipped data leave some candidates"
    assert not [r for r in found if {r["entity 1"], r["entity 2"]} == {FRAGMENT, GUIDING}]


def test_two_sentences_the_second_taking_up_the_first_are_one_passage(srbgraph, source, data_copy):
    # "… Beteiligung aller Akteur:innen. Diese Faktoren werden von … der Haltung der Akteur:innen gebremst."
    without_link(data_copy, "obstacle-haltung-der-akteure", "hinders", "goal-finanzierung-notwendiger-mittel")
    found = rows(srbgraph("candidates", "--source", source, "--data", data_copy, "--lang", "en", "-f", "json"))
    row = next(r for r in found
               if pair(r) == ("obstacle-haltung-der-akteure", "hinders", "goal-finanzierung-notwendiger-mittel"))
    assert row["cue word"] == "gebremst" and row["score"] >= 1.0
    assert "Diese Faktoren werden" in row["passage"]


def test_candidates_are_ranked_by_score_and_limit_keeps_the_best(srbgraph, source):
    everything = rows(srbgraph("candidates", "--source", source, "-f", "json"))
    scores = [r["Wert"] for r in everything]
    assert scores == sorted(scores, reverse=True)
    assert [r["Rang"] for r in everything] == list(range(1, len(everything) + 1))
    best = srbgraph("candidates", "--source", source, "--limit", "3")
    assert best.code == 0, best
    table = best.out.strip().split("\n")
    assert table[0].split()[:4] == ["Rang", "Wert", "Eintrag", "1"]
    assert len(table) == 2 + 3 + 2  # header, rule, three rows, blank line, summary
    assert table[-1].startswith(f"{len(everything)} Kandidaten") and "die ersten 3 gezeigt" in table[-1]


def test_source_from_the_environment(srbgraph, source, monkeypatch):
    monkeypatch.setenv("SRBGRAPH_SOURCE", str(source))
    assert rows(srbgraph("candidates", "-f", "json", "--limit", "1"))


# -- without the source ---------------------------------------------------------------------------

def test_csv_is_safe_for_spreadsheets(srbgraph, data_copy, tmp_path):
    without_link(data_copy, FRAGMENT, "fragmentOf", GUIDING)
    text = tmp_path / "source.txt"
    text.write_text(FORMULA, encoding="utf-8")
    run = srbgraph("candidates", "--source", text, "--data", data_copy, "-f", "csv")
    assert run.code == 0, run
    table = list(csv.reader(io.StringIO(run.out)))
    assert table[1][-1].startswith("'=1+1 Das Leitziel")
    assert not [cell for row in table for cell in row if cell.startswith(("=", "+", "-", "@"))]


def test_english_headers_and_kinds_with_lang_en(srbgraph, data_copy, tmp_path):
    without_link(data_copy, FRAGMENT, "fragmentOf", GUIDING)
    text = tmp_path / "source.txt"
    text.write_text(FORMULA, encoding="utf-8")
    english = list(csv.reader(io.StringIO(srbgraph("candidates", "--source", text, "--data", data_copy,
                                                   "--lang", "en", "-f", "csv").out)))
    assert english[0] == ["rank", "score", "entity 1", "kind 1", "possible relation", "entity 2", "kind 2",
                          "cue word", "section", "line", "passage"]
    assert english[1][2:7] == [FRAGMENT, "goal fragment", "fragmentOf", GUIDING, "guiding goal"]
    german = list(csv.reader(io.StringIO(srbgraph("candidates", "--source", text, "--data", data_copy,
                                                  "-f", "csv").out)))
    assert german[0][:4] == ["Rang", "Wert", "Eintrag 1", "Art 1"] and german[1][3] == "Zielfragment"
    table = srbgraph("candidates", "--source", text, "--data", data_copy, "--lang", "en").out.strip().split("\n")
    assert table[-1].startswith("1 candidate: passages naming two entities that no link connects (1 passage, ")


def test_a_missing_source_file_is_one_clear_error(srbgraph, tmp_path):
    missing = tmp_path / "documentation.txt"
    run = srbgraph("candidates", "--source", missing)
    assert run.code == 1
    assert run.err == f"srbgraph: error: source file not found: {missing}\n"
    run = srbgraph("candidates")
    assert run.code == 1 and run.err.count("\n") == 1 and "--source FILE" in run.err


def test_a_source_too_large_or_not_text_is_one_clear_error_before_anything_is_read(srbgraph, tmp_path):
    from srbgraph.limits import MAX_SOURCE_BYTES

    large = tmp_path / "large.txt"
    with open(large, "wb") as handle:  # one line longer than the limit: refused by its size alone
        handle.write(b"a" * (MAX_SOURCE_BYTES + 1))
    run = srbgraph("candidates", "--source", large)
    assert run.code == 1
    assert run.err == f"srbgraph: error: {large}: larger than 20 MB, the most srbgraph reads from one file\n"
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"Das Leitziel\n\x00\x01\x02\n")
    run = srbgraph("candidates", "--source", binary)
    assert run.code == 1
    assert run.err == f"srbgraph: error: source file {binary}:2: a NUL character; the source is plain UTF-8 text\n"


def test_a_long_run_of_numbered_stops_is_cut_in_time():
    # "12. 13. 14. …": none ends a sentence; each is looked at near its boundary, not from the start
    text = "Die Zahlen " + " ".join(f"{n % 90 + 10}." for n in range(20_000)) + " Ende."
    found = passages(text)
    assert len(found) == 1 and found[0].text.endswith("Ende.")


def test_a_replaced_entity_s_name_and_an_alternative_label_find_the_successor():
    import rdflib

    from srbgraph.model.candidates import find_candidates, path_entities

    graph = rdflib.Graph().parse(format="turtle", data="""
        @prefix srb: <https://w3id.org/srbgraph/ontology#> . @prefix srbr: <https://w3id.org/srbgraph/resource/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        srb:Goal rdfs:label "Ziel"@de, "goal"@en .
        srb:ActionGoal rdfs:subClassOf srb:Goal ; rdfs:label "Handlungsziel"@de .
        srb:Obstacle rdfs:label "Bremse"@de, "obstacle"@en .
        srb:hinders rdfs:domain srb:Obstacle ; rdfs:range [ owl:unionOf ( srb:Goal srb:DevelopmentNeed ) ] .
        srbr:obstacle-fachkraeftemangel a srb:Obstacle ; rdfs:label "Fachkräftemangel"@de ;
            skos:altLabel "Personalnot"@de .
        srbr:obstacle-mangel-an-personal a srb:Obstacle ; rdfs:label "Mangel an pädagogischem Personal"@de ;
            owl:deprecated true ; dcterms:isReplacedBy srbr:obstacle-fachkraeftemangel .
        srbr:goal-fachpersonal a srb:ActionGoal ; rdfs:label "Gewinnung von Fachpersonal"@de .
    """)
    entities = {e.id: e for e in path_entities(graph)}
    assert set(entities) == {"obstacle-fachkraeftemangel", "goal-fachpersonal"}  # the replaced one is no entity
    assert set(entities["obstacle-fachkraeftemangel"].names) == {
        "Fachkräftemangel", "Personalnot", "Mangel an pädagogischem Personal"}
    for sentence, score, cue in (
            ("Die Personalnot bremst die Gewinnung von Fachpersonal.", 1.3, "bremst"),  # an alternative label
            ("Der Mangel an pädagogischem Personal bremst die Gewinnung von Fachpersonal.", 1.3, "bremst"),
            ("Es fehlen Fachkräfte; der Mangel erschwert die Gewinnung von Fachpersonal.", 1.2, "fehlen")):  # stems
        found = find_candidates(graph, sentence).candidates
        assert [(c.first.id, c.relation, c.second.id, c.score, c.cue) for c in found] == [
            ("obstacle-fachkraeftemangel", "hinders", "goal-fachpersonal", score, cue)], sentence
        assert (found[0].first.kind, found[0].second.kind) == ("Bremse", "Handlungsziel")


def test_the_stemmer_forgives_endings_umlauts_gender_forms_and_abbreviations():
    assert stem("Finanzierung") == stem("finanzieren") == stem("finanziert")
    assert stem("Fachkräfte") == stem("Fachkraft") == stem("Fachkraefte")
    assert stem("Akteur:innen") == stem("Akteure") == stem("AkteurInnen")
    assert stem("SRB") == stem("Sozialraumbudgets")
    assert stem("Weiterentwicklung") == stem("weiterentwickeln")
    assert stem("Prozess") == stem("Prozesse") and stem("Mittel") != stem("Ermittlung")


def test_passages_undo_hyphenation_and_keep_a_list_item_with_its_heading():
    text = """ Rückkopplungsschleife 

Themen, an denen weitergearbeitet werden muss: 

⁃ Finanzierung der notwendigen Mittel: Finanzierung von Sachmitteln über das Sozial-

raumbudget. 

⁃ Koordination im Spannungsverhältnis zwischen Kontinuität und Flexibilität 

Diese Faktoren werden von der Haltung der Akteur:innen gebremst. Daher sollten Strukturen 

für die Kita-

Sozialarbeit geschaffen werden.
"""
    found = passages(text)
    assert [(p.kind, p.line, p.section) for p in found] == [
        ("sentence", 3, "Rückkopplungsschleife"), ("item", 5, "Rückkopplungsschleife"),
        ("item", 9, "Rückkopplungsschleife"), ("sentence", 11, "Rückkopplungsschleife"),
        ("sentence", 11, "Rückkopplungsschleife")]
    assert found[1].text == ("Finanzierung der notwendigen Mittel: Finanzierung von Sachmitteln über das "
                             "Sozialraumbudget.")
    assert found[1].heading == found[2].heading == "Themen, an denen weitergearbeitet werden muss:"
    assert found[4].text == "Daher sollten Strukturen für die Kita-Sozialarbeit geschaffen werden."
    assert [joined.text for _run, joined in connected(found)] == [f"{found[3].text} {found[4].text}"]
