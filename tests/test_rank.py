"""srbgraph rank: obstacles and measures by reach."""
from __future__ import annotations

import json


def test_the_strongest_brake_ranks_first(srbgraph):
    # "Die stärkste Bremse, welche sich jedoch unabhängig von der Auswahl des Ziels zeigte, war die
    # Finanzierung des betriebserlaubnisrelevanten Personals durch das Sozialraumbudget."
    result = srbgraph("rank", "--kind", "obstacle", "--format", "json", "--lang", "en")
    assert result.code == 0, result
    ranked = json.loads(result.out)
    assert ranked[0]["id"] == "obstacle-be-personal-im-srb"
    assert ranked[0]["goals"] == 7
    assert all(r["kind"] == "Obstacle" for r in ranked)
    assert ranked == sorted(ranked, key=lambda r: (-r["goals"], -r["betweenness"], r["label"].lower()))


def test_measures_and_top(srbgraph):
    result = srbgraph("rank", "--kind", "measure", "--top", "5")
    lines = result.out.splitlines()
    assert lines[0].split()[:3] == ["Art", "id", "Bezeichnung"]
    assert len(lines) == 2 + 5
    assert all(line.startswith("Maßnahme") for line in lines[2:])
