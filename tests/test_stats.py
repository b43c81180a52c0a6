"""srbgraph stats: the figures the source states are the figures the graph holds."""
from __future__ import annotations

import json

import pytest
from rdflib import OWL, RDF, RDFS, Graph

from srbgraph.curated.vocabulary import SRB, SRBR


@pytest.fixture(scope="module")
def stats():
    from click.testing import CliRunner

    from srbgraph.cli.main import cli

    result = CliRunner().invoke(cli, ["stats", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def graph() -> Graph:
    from srbgraph.curated.build import build_graph

    return build_graph()


def test_counts_stated_by_the_source(stats, graph):
    classes = stats["classes"]
    assert classes["Workshop"] == 4                      # Koblenz, Ingelheim, Trier, Pirmasens
    assert classes["WorkshopSeries"] == 1
    assert classes["WorkingGroup"] == 12                 # "in zwölf Arbeitsgruppen"
    assert classes["Indicator"] == 36                    # "36 Erfolgsindikatoren"
    assert classes["ActionGoal"] == 7                    # "zu 7 Handlungszielen"
    assert classes["Theme"] == 5                         # five Themenschwerpunkte
    assert classes["GuidingGoal"] == 1
    series = SRBR["series-srb-workshops-2023"]
    assert graph.value(series, SRB.participantCount).toPython() == 88


def test_four_principles_frame_the_theory_tables_and_agency_stands_beside_them(graph):
    used = {o for s in graph.subjects(RDF.type, SRB.TheoryTableEntry) for o in graph.objects(s, SRB.relatesToPrinciple)}
    assert {str(p).rsplit("/", 1)[1] for p in used} == {
        "principle-sozialer-ausgleich", "principle-vielfalt", "principle-haltung", "principle-diskurs"}
    assert (SRBR["principle-agency"], RDF.type, SRB.Principle) in graph


def test_theme_choice_of_the_working_groups_is_10_1_1(graph):
    chosen = [str(graph.value(wg, SRB.aboutTheme)).rsplit("/", 1)[1]
              for wg in graph.subjects(RDF.type, SRB.WorkingGroup)]
    assert sorted((chosen.count(t), t) for t in set(chosen)) == [
        (1, "theme-personelle-ressourcen"), (1, "theme-sozialraumanalyse"),
        (10, "theme-nachhaltigkeit-evaluation-weiterentwicklung")]


def test_indicators_are_twelve_groups_of_three_ranks(graph):
    by_group: dict = {}
    for ind in graph.subjects(RDF.type, SRB.Indicator):
        by_group.setdefault(graph.value(ind, SRB.proposedBy), []).append(graph.value(ind, SRB.rank).toPython())
        assert graph.value(None, SRB.measuredBy, ind) is not None, ind
    assert len(by_group) == 12
    assert all(sorted(ranks) == [1, 2, 3] for ranks in by_group.values())


def test_every_individual_has_a_german_label_and_evidence(graph):
    individuals = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual)
                   if (s, RDF.type, SRB.Evidence) not in graph and str(s).startswith(str(SRBR))}
    assert len(individuals) > 500
    no_label = [s for s in individuals if not any(l.language == "de" for l in graph.objects(s, RDFS.label))]
    no_evidence = [s for s in individuals if graph.value(s, SRB.hasEvidence) is None]
    assert no_label == [] and no_evidence == []


def test_no_obstacle_without_goal_and_no_measure_without_obstacle_or_goal(graph):
    obstacles = set(graph.subjects(RDF.type, SRB.Obstacle))
    measures = set(graph.subjects(RDF.type, SRB.Measure))
    assert len(obstacles) >= 15 and len(measures) >= 20
    assert [o for o in obstacles if graph.value(o, SRB.hinders) is None] == []
    assert [m for m in measures
            if graph.value(m, SRB.addresses) is None and graph.value(m, SRB.supports) is None] == []


def test_at_least_30_complete_paths(srbgraph):
    paths = json.loads(srbgraph("paths", "--format", "json").out)
    complete = {(p["goal"]["id"], p["obstacle"]["id"], p["measure"]["id"]) for p in paths if p["measure"]}
    assert len(complete) >= 30


def test_stats_table_shows_classes_and_relations(srbgraph):
    result = srbgraph("stats")
    assert result.code == 0
    assert "Workshop" in result.out and "hinders" in result.out
