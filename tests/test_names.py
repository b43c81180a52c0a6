"""Names as a planner types them (issue 27): a look-up offers entities only — never a link's record,
a quote, a review —, lists candidates with their kind as the ontology names it (German by default)
and their label, takes the one goal, need, obstacle, measure or indicator a name fits beside a
finding (and says so in one line), and reads relations in either language."""
from __future__ import annotations

import pytest

from srbgraph.errors import SrbError
from srbgraph.model.entities import AlsoFits, resolve, resolve_any, resolve_relation
from srbgraph.stores.select import GraphSource
from srbgraph.terms import local_id


@pytest.fixture(scope="module")
def store():
    return GraphSource().open().loaded()


def test_a_name_that_fits_a_measure_and_a_finding_takes_the_measure_and_says_so(store):
    # before: "'Netzwerkarbeit' fits more than one entity: finding-…, link/measure-…/addresses/… (entity) …"
    told = []
    iri = resolve(store, "Netzwerkarbeit", on_replaced=told.append)
    assert local_id(iri) == "measure-strukturen-netzwerkarbeit"
    assert told == [AlsoFits("Netzwerkarbeit", str(iri), (
        ("https://w3id.org/srbgraph/resource/finding-smart-pfad-orientierung-an-bedarfen", "Befund",
         ("Ausgeführter Pfad: Orientierung an Bedarfen – (Sach-)Mittel und Beteiligung – gebremst von Ressourcen "
          "und Haltung – Strukturen für Netzwerkarbeit")),))]
    # a command that takes path entities only (paths) does the same
    told.clear()
    assert resolve_any(store, "Netzwerkarbeit", on_replaced=told.append)[0] == "measure"
    assert [local_id(o[0]) for o in told[0].others] == ["finding-smart-pfad-orientierung-an-bedarfen"]


def test_a_goals_label_beside_a_findings_names_the_goal(store):
    # before: 20 candidates, link records among them
    told = []
    assert local_id(resolve(store, "Orientierung an Bedarfen", on_replaced=told.append)) == "goal-orientierung-an-bedarfen"
    assert len(told) == 1 and told[0].chosen_id == "goal-orientierung-an-bedarfen"


def test_candidates_are_entities_with_their_kind_and_label_in_the_language_asked_for(store):
    with pytest.raises(SrbError) as german:
        resolve(store, "Bedarf")
    text = str(german.value)
    assert "link/" not in text and "evidence/" not in text and "(entity)" not in text
    assert "ind-wg09-3 (Erfolgsindikator: Bedarfsorientierung)" in text
    assert "goal-orientierung-an-bedarfen (Handlungsziel: Orientierung an Bedarfen" in text
    with pytest.raises(SrbError) as english:
        resolve(store, "Bedarf", lang="en")
    assert "ind-wg09-3 (success indicator: Needs orientation)" in str(english.value)


def test_a_link_record_is_no_name(store):
    # a link's record (its assertion) has an id of its own, but nobody names it
    with pytest.raises(SrbError, match="no entity named"):
        resolve(store, "link/measure-strukturen-netzwerkarbeit/addresses/obstacle-haltung-der-akteure")


def test_a_name_that_fits_only_other_kinds_is_refused_by_paths_with_what_it_names(store):
    with pytest.raises(SrbError) as refused:
        resolve_any(store, "finding-wc-fachkraeftemangel-ohne-loesungsstrategien")
    assert str(refused.value) == (
        "'finding-wc-fachkraeftemangel-ohne-loesungsstrategien' names no goal, need, obstacle or measure, only "
        "finding-wc-fachkraeftemangel-ohne-loesungsstrategien (zunächst verschobenes Thema: Fachkräftemangel – ohne "
        "konkrete Lösungsstrategien)")


@pytest.mark.parametrize("name, relation", [
    ("bremst", "hinders"), ("hinders", "hinders"), ("srb:hinders", "hinders"), ("Bremst", "hinders"),
    ("setzt an bei", "addresses"), ("setzt an", "addresses"), ("addresses", "addresses"),
    ("trägt bei zu", "contributesTo"), ("traegt bei", "contributesTo"), ("contributes to", "contributesTo"),
    ("ist Basis für", "basisFor"), ("wird gemessen an", "measuredBy"), ("measured by", "measuredBy"),
])
def test_a_relation_is_named_in_either_language(store, name, relation):
    assert resolve_relation(store, name) == relation


def test_an_unknown_relation_names_the_accepted_words(store):
    with pytest.raises(SrbError) as german:
        resolve_relation(store, "hemmt", among=("hinders", "addresses"))
    assert str(german.value) == "no relation named 'hemmt'; the relations: setzt an bei (addresses); bremst (hinders)"
    with pytest.raises(SrbError) as english:
        resolve_relation(store, "hemmt", "en", among=("hinders", "addresses"))
    assert str(english.value) == "no relation named 'hemmt'; the relations: addresses (addresses); hinders (hinders)"
    with pytest.raises(SrbError, match="no relation named 'setz'"):  # a part of a word is no word
        resolve_relation(store, "setz")


def test_evidence_takes_german_relation_words(srbgraph, source):
    # before: "no link … bremst … in the graph" and "'setzt an' … not a valid IRI"
    german = srbgraph("evidence", "Haltung der Akteur", "bremst", "goal-intensivere-beteiligung", "--source", source)
    assert german.code == 0, german
    assert german.out.splitlines()[0].startswith("srbr:obstacle-haltung-der-akteure (Haltung der Akteur:innen) bremst ")
    addresses = srbgraph("evidence", "Netzwerkarbeit", "setzt an", "Haltung der Akteur", "--source", source)
    assert addresses.code == 0, addresses
    assert " setzt an bei srbr:obstacle-haltung-der-akteure" in addresses.out.splitlines()[0]
    assert "„Netzwerkarbeit“: gezeigt wird measure-strukturen-netzwerkarbeit; der Name passt auch zu " \
           "finding-smart-pfad-orientierung-an-bedarfen (Befund: " in addresses.out
    english = srbgraph("evidence", "Netzwerkarbeit", "addresses", "Haltung der Akteur", "--source", source, "--lang", "en")
    assert " addresses srbr:obstacle-haltung-der-akteure" in english.out.splitlines()[0]
    wrong = srbgraph("evidence", "Netzwerkarbeit", "hemmt", "Haltung der Akteur", "--source", source)
    assert wrong.code == 1
    assert "no relation named 'hemmt'; the relations: setzt an bei (addresses); " in wrong.err
    turned = srbgraph("evidence", "Haltung der Akteur", "setzt an", "Netzwerkarbeit", "--source", source)
    assert turned.code == 1
    assert ("the graph has it the other way round: srbgraph evidence measure-strukturen-netzwerkarbeit addresses "
            "obstacle-haltung-der-akteure") in turned.err


def test_viz_focus_and_paths_take_the_measure_and_name_the_finding(srbgraph, tmp_path):
    drawn = srbgraph("viz", "--focus", "Netzwerkarbeit", "-o", tmp_path / "graph.html")
    assert drawn.code == 0, drawn
    assert "gezeigt wird measure-strukturen-netzwerkarbeit; der Name passt auch zu finding-smart-pfad-" in drawn.err
    traced = srbgraph("paths", "Netzwerkarbeit", "--lang", "en")
    assert traced.code == 0, traced
    assert traced.out.startswith("Measure: Creating structures for successful networking")
    assert '"Netzwerkarbeit": showing measure-strukturen-netzwerkarbeit; the name also fits ' \
           "finding-smart-pfad-orientierung-an-bedarfen (finding: Worked-out path" in traced.err
