"""srbgraph gaps: what the workshops left open."""
from __future__ import annotations

import json


def test_gaps_lists_goals_without_indicators_and_measures_without_obstacle(srbgraph):
    result = srbgraph("gaps", "--format", "json")
    assert result.code == 0, result
    gaps = json.loads(result.out)
    kinds = {g["Lücke"] for g in gaps}
    assert "Ziel ohne Erfolgsindikator" in kinds
    without = [g for g in gaps if g["Lücke"] == "Ziel ohne Erfolgsindikator"]
    # the guiding goal's six fragments carry no indicators of their own; and the indicators are
    # given per working group, not per bundled goal: two action goals got no block of them
    assert sum(1 for g in without if g["id"].startswith("goal-fragment-")) == 6
    assert {g["id"] for g in without if not g["id"].startswith("goal-fragment-")} == {
        "goal-koordination-kontinuitaet-flexibilitaet", "goal-regionale-besonderheiten"}
    # ... and those blocks stay without a goal: an honest gap, not a link invented to fill it
    assert len([g for g in gaps if g["Lücke"] == "Erfolgsindikator ohne Ziel"]) == 9
    supported = [g for g in gaps if g["Lücke"] == "Maßnahme ohne Bremse"]
    assert supported and all(g["Hinweis"].startswith("unterstützt ") for g in supported)
    # the kind of goal by its label in the graph, in the language asked for
    assert {g["Hinweis"] for g in without} == {"Handlungsziel", "Zielfragment"}


def test_with_stated_links_only_more_stays_open(srbgraph):
    def count(*args):
        gaps = json.loads(srbgraph("gaps", "--format", "json", "--lang", "en", *args).out)
        return {kind: sum(1 for g in gaps if g["gap"] == kind) for kind in {g["gap"] for g in gaps}}

    every, stated = count(), count("--support", "stated")
    assert all(stated.get(kind, 0) >= n for kind, n in every.items())
    # no success indicator is tied to its goal by the text itself: every goal is open then
    assert stated["goal without indicator"] > every["goal without indicator"]


def test_gaps_in_english(srbgraph):
    result = srbgraph("gaps", "--lang", "en", "--format", "table")
    assert result.out.splitlines()[0].split() == ["gap", "id", "label", "detail"]
    assert "goal without indicator" in result.out
    assert "action goal" in result.out and "goal fragment" in result.out and "ActionGoal" not in result.out


def test_an_obstacle_without_measure_is_found(srbgraph, data_copy):
    (data_copy / "zz_open.yaml").write_text(
        "type: Obstacle\nentities:\n  - id: obstacle-neu-ohne-antwort\n    label_de: Neue Bremse ohne Antwort\n"
        "    label_en: New obstacle without answer\n"
        "    hinders:\n      - to: goal-fachpersonal-gewinnen-sichern\n        support: interpreted\n"
        "        rationale: Lesart der Kuration für diesen Test.\n        evidence:\n"
        "          - quote: Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert\n"
        "            section: … gemeinsam beobACHTEN\n"
        "    evidence:\n      - quote: Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert\n"
        "        section: … gemeinsam beobACHTEN\n", encoding="utf-8")
    gaps = json.loads(srbgraph("gaps", "--data", data_copy, "--format", "json", "--lang", "en").out)
    assert {"gap": "obstacle with no measure", "id": "obstacle-neu-ohne-antwort",
            "label": "New obstacle without answer", "detail": ""} in gaps
