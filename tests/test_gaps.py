"""srbgraph gaps: what the workshops left open."""
from __future__ import annotations

import json


def test_gaps_lists_goals_without_indicators_and_measures_without_obstacle(srbgraph):
    result = srbgraph("gaps", "--format", "json")
    assert result.code == 0, result
    gaps = json.loads(result.out)
    kinds = {g["Lücke"] for g in gaps}
    assert "Ziel ohne Erfolgsindikator" in kinds
    fragments = [g for g in gaps if g["Lücke"] == "Ziel ohne Erfolgsindikator"]
    # the guiding goal's fragments carry no indicators of their own; every action goal has some
    assert {g["id"].split("-")[1] for g in fragments} == {"fragment"}
    assert len(fragments) == 6
    supported = [g for g in gaps if g["Lücke"] == "Maßnahme ohne Bremse"]
    assert supported and all(g["Hinweis"].startswith("unterstützt ") for g in supported)


def test_gaps_in_english(srbgraph):
    result = srbgraph("gaps", "--lang", "en", "--format", "table")
    assert result.out.splitlines()[0].split() == ["gap", "id", "label", "detail"]
    assert "goal without indicator" in result.out


def test_an_obstacle_without_measure_is_found(srbgraph, data_copy):
    (data_copy / "zz_open.yaml").write_text(
        "type: Obstacle\nentities:\n  - id: obstacle-neu-ohne-antwort\n    label_de: Neue Bremse ohne Antwort\n"
        "    label_en: New obstacle without answer\n    hinders: goal-fachpersonal-gewinnen-sichern\n"
        "    evidence:\n      - quote: Der Fachkräftemangel wurde in allen Arbeitsgruppen thematisiert\n"
        "        section: … gemeinsam beobACHTEN\n", encoding="utf-8")
    gaps = json.loads(srbgraph("gaps", "--data", data_copy, "--format", "json", "--lang", "en").out)
    assert {"gap": "obstacle with no measure", "id": "obstacle-neu-ohne-antwort",
            "label": "New obstacle without answer", "detail": ""} in gaps
