"""srbgraph stats: the figures the source states are the figures the graph holds."""
from __future__ import annotations

import json

import pytest
from rdflib import OWL, RDF, RDFS, Graph
from rdflib.namespace import DCTERMS

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
    # "36 Erfolgsindikatoren" of the working groups, and the theory table's column of indicators
    proposed = {i for i in graph.subjects(RDF.type, SRB.Indicator) if graph.value(i, SRB.proposedBy) is not None}
    assert len(proposed) == 36
    assert classes["Indicator"] == 36 + sum(1 for i in graph.subjects(RDF.type, SRB.Indicator)
                                            if str(i).startswith(str(SRBR) + "ind-tt-"))
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
    goals_of: dict = {}
    for ind in graph.subjects(RDF.type, SRB.Indicator):
        group = graph.value(ind, SRB.proposedBy)
        if group is None:  # an item of the theory table's indicator column: no group, no rank
            assert graph.value(ind, SRB.rank) is None
            continue
        by_group.setdefault(group, []).append(graph.value(ind, SRB.rank).toPython())
        goals_of.setdefault(group, set()).add(frozenset(graph.subjects(SRB.measuredBy, ind)))
    assert len(by_group) == 12
    assert all(sorted(ranks) == [1, 2, 3] for ranks in by_group.values())
    # the source gives the indicators per working group, never per bundled goal: a block of three
    # goes to one goal as a whole, or (where the text lets no goal be inferred) stays without one
    assert all(len(goals) == 1 and len(next(iter(goals))) <= 1 for goals in goals_of.values())
    assert 0 < sum(1 for goals in goals_of.values() if goals == {frozenset()}) < 12


def test_every_individual_has_a_german_label_and_evidence(graph):
    # evidence nodes and link assertions are not entities of their own (no label; an assertion
    # has its evidence)
    individuals = {s for s in graph.subjects(RDF.type, OWL.NamedIndividual)
                   if (s, RDF.type, SRB.Evidence) not in graph and (s, RDF.type, SRB.Assertion) not in graph
                   and str(s).startswith(str(SRBR))}
    assert len(individuals) > 500
    no_label = [s for s in individuals if not any(l.language == "de" for l in graph.objects(s, RDFS.label))]
    no_evidence = [s for s in individuals if graph.value(s, SRB.hasEvidence) is None]
    assert no_label == [] and no_evidence == []


def test_an_obstacle_or_measure_without_links_is_a_gap_not_an_invented_link(graph, srbgraph):
    replaced = set(graph.subjects(DCTERMS.isReplacedBy, None))  # no path links: their successors have them
    obstacles = set(graph.subjects(RDF.type, SRB.Obstacle)) - replaced
    measures = set(graph.subjects(RDF.type, SRB.Measure)) - replaced
    assert len(obstacles) >= 15 and len(measures) >= 20
    gaps = json.loads(srbgraph("gaps", "--format", "json", "--lang", "en").out)
    # an obstacle the documentation ties to nothing it brakes keeps no invented link: gaps lists it
    unhindered = {str(o)[len(str(SRBR)):] for o in obstacles if graph.value(o, SRB.hinders) is None}
    assert unhindered == {g["id"] for g in gaps if g["gap"] == "obstacle with no goal"}
    # likewise a measure the documentation names for no obstacle and no goal
    linkless = {str(m)[len(str(SRBR)):] for m in measures
                if graph.value(m, SRB.addresses) is None and graph.value(m, SRB.supports) is None}
    assert linkless == {g["id"] for g in gaps if g["gap"] == "measure on no path"}


def test_every_link_carries_its_support_and_few_are_stated(graph):
    # every path link is written twice: the direct triple and an srb:Assertion about it
    from srbgraph.curated.links import LINK_RELATIONS as relations

    links = {(s, SRB[r], o) for r in relations for s, o in graph.subject_objects(SRB[r])}
    asserted = {(graph.value(a, RDF.subject), graph.value(a, RDF.predicate), graph.value(a, RDF.object)): a
                for a in graph.subjects(RDF.type, SRB.Assertion)}
    assert set(asserted) == links
    levels = [graph.value(a, SRB.support) for a in asserted.values()]
    assert set(levels) == {SRB.stated, SRB.interpreted}
    # the documentation states only a few of its links (its path figure showed "nur einige wenige
    # Pfadverbindungen exemplarisch"); every interpreted link gives its rationale
    assert levels.count(SRB.stated) < levels.count(SRB.interpreted)
    assert all(graph.value(a, SRB.rationale) is not None
               for a in asserted.values() if graph.value(a, SRB.support) == SRB.interpreted)


def test_stats_table_shows_classes_and_relations(srbgraph):
    result = srbgraph("stats")
    assert result.code == 0
    assert "Workshop" in result.out and "hinders" in result.out
